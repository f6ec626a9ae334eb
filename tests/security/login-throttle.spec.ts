// Class: login throttling turned against users (docs/decisions/016-threat-model.md).
// Behind a trusted proxy every client of one NAT has one address. Forty failed
// sign-ins from it, across accounts, must not lock out a colleague who types
// the right password; the failures must slow the address down instead, and
// parallel requests must not get around the slowdown.
//
// Playwright's own server runs without TRUST_PROXY, so this spec starts the
// built server itself: TRUST_PROXY=1, a fresh PGlite directory, a free port.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../e2e/support";

const NAT = "10.9.9.9";
const MAX_DELAY_MS = 5_000; // THROTTLE.ipMaxDelayMs in app/auth/throttle.server.ts

let server: ChildProcess;
let dataDir: string;
let baseURL: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const running = () => server && server.exitCode === null && server.signalCode === null;

test.beforeAll(async () => {
  // Seeding the demo province on a loaded machine can take a minute or two.
  test.setTimeout(240_000);
  const port = await freePort();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ctxh-throttle-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    SEED_DEMO: "auto",
    TRUST_PROXY: "1",
    LOG_LEVEL: "warn",
  };
  delete env.DATABASE_URL;
  server = spawn(process.execPath, ["server.js"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000));
  server.stdout!.on("data", keep);
  server.stderr!.on("data", keep);
  baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 230_000;
  for (;;) {
    const ready = await fetch(`${baseURL}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline || !running()) throw new Error(`the server did not become ready (exit ${server.exitCode ?? server.signalCode}):\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
});

test.afterAll(async () => {
  if (running()) {
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** One sign-in, without a cookie jar (each attempt is a new client unless `cookie` says otherwise). */
async function attempt(identifier: string, password: string, from: string, cookie?: string) {
  const start = performance.now();
  const headers: Record<string, string> = { "X-Forwarded-For": from, "Content-Type": "application/x-www-form-urlencoded" };
  if (cookie) headers.Cookie = cookie;
  const response = await fetch(`${baseURL}/login`, {
    method: "POST",
    headers,
    body: new URLSearchParams({ identifier, password, redirectTo: "/" }),
    redirect: "manual",
  });
  const text = await response.text();
  return { status: response.status, ms: performance.now() - start, text, setCookies: response.headers.getSetCookie() };
}

/** The device cookie the colleague's browser earned in the first test. */
let colleagueDevice = "";

const stranger = (i: number) => `09${String(30000000 + i).padStart(8, "0")}`;

test("two dozen failures from one proxied address slow it down but do not lock out the right password", async () => {
  test.setTimeout(300_000);
  const failures = [];
  for (let i = 0; i < 24; i++) {
    const r = await attempt(stranger(i), "sai-mat-khau", NAT);
    expect(r.status, `failure ${i + 1}`).toBe(401);
    failures.push(r.ms);
  }
  // The first failures are answered at once (argon2 only); later ones wait for the back-off.
  expect(Math.max(...failures.slice(0, 10))).toBeLessThan(MAX_DELAY_MS / 2);
  for (const [i, ms] of failures.slice(20).entries()) expect(ms, `failure ${21 + i}`).toBeGreaterThanOrEqual(MAX_DELAY_MS - 50);
  const spent = failures.reduce((a, b) => a + b, 0);
  console.log(`24 failures from ${NAT}: ${Math.round(spent / 1000)} s; first ten at most ${Math.round(Math.max(...failures.slice(0, 10)))} ms`);

  // A colleague behind the same proxy, right password: signed in (after one back-off step).
  const colleague = await attempt("0905000004", DEMO_PASSWORD, NAT);
  expect(colleague.status).toBe(302);
  colleagueDevice = colleague.setCookies.find((c) => c.startsWith("ctxh_device="))!.split(";")[0]!;
  expect(colleagueDevice).toMatch(/^ctxh_device=[a-z2-7]{32}$/);
  // Class 9 on the same server: the sessions page states the learner's limits and both deadlines.
  const session = colleague.setCookies.find((c) => c.startsWith("ctxh_session="))!.split(";")[0]!;
  const page = await (await fetch(`${baseURL}/account/sessions`, { headers: { Cookie: session } })).text();
  expect(page).toContain("Mỗi phiên tự đăng xuất sau 30 ngày không hoạt động, và muộn nhất 90 ngày sau khi đăng nhập.");
  expect(page).toContain("Hết hạn muộn nhất");
  console.log(`right password from ${NAT} after the spray: ${Math.round(colleague.ms)} ms`);

  // Another address is not slowed at all.
  const elsewhere = await attempt("0905000004", DEMO_PASSWORD, "10.9.9.10");
  expect(elsewhere.status).toBe(302);
  expect(elsewhere.ms).toBeLessThan(MAX_DELAY_MS / 2);
});

test("parallel failures from the slowed address queue behind each other; the excess is turned away", async () => {
  test.setTimeout(120_000);
  const start = performance.now();
  const pending = Promise.all(Array.from({ length: 10 }, (_, i) => attempt(stranger(100 + i), "sai-mat-khau", NAT)));
  // While the address's queue is full, the colleague's browser (device cookie) signs in without waiting.
  await new Promise((r) => setTimeout(r, 1_000));
  const known = await attempt("0905000004", DEMO_PASSWORD, NAT, colleagueDevice);
  expect(known.status).toBe(302);
  expect(known.ms).toBeLessThan(MAX_DELAY_MS / 2);
  const burst = await pending;
  const wall = performance.now() - start;
  const checked = burst.filter((r) => r.status === 401);
  const refused = burst.filter((r) => r.status === 429);
  expect(checked.length + refused.length).toBe(burst.length);
  // Parallelism buys nothing: n checked failures take n back-off steps of wall time…
  expect(checked.length).toBeGreaterThan(0);
  expect(wall).toBeGreaterThanOrEqual(checked.length * MAX_DELAY_MS - 1_000);
  // …and the queue is bounded (≈ 30 s): the rest are told, in Vietnamese, to wait.
  expect(refused.length).toBeGreaterThan(0);
  expect(refused[0]!.text).toContain("Vui lòng đợi vài giây rồi thử lại.");
  console.log(`burst of 10: ${checked.length} checked in ${Math.round(wall / 1000)} s, ${refused.length} turned away; known browser signed in meanwhile in ${Math.round(known.ms)} ms`);
});
