// server.js as a service: a clean stop and a clear refusal to start twice.
// These spawn their own server processes (no browser).
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

const e2ePort = Number(process.env.E2E_PORT ?? 3210);

function startServer(env: Record<string, string>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ctxh-svc-"));
  const base: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", LOG_LEVEL: "warn", SEED_DEMO: "off", DATA_DIR: dataDir };
  delete base.DATABASE_URL;
  const child = spawn(process.execPath, ["server.js"], { env: { ...base, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output, dataDir };
}

function get(port: number, agent: http.Agent, pathname: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: pathname, agent }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      })
      .on("error", reject);
  });
}

test("a second start on a busy port says so in one Vietnamese line", async () => {
  // The browser tests' server holds E2E_PORT.
  const second = startServer({ PORT: String(e2ePort) });
  expect(await second.exited).toBe(1);
  expect(second.output().trim()).toBe(
    `Không khởi động được: cổng ${e2ePort} đang có chương trình khác dùng (có thể CTXH Academy đang chạy rồi). Hãy tắt chương trình đó, hoặc chọn cổng khác, ví dụ: PORT=${e2ePort + 1} npm start`,
  );
  fs.rmSync(second.dataDir, { recursive: true, force: true });
});

test("an invalid TRUST_PROXY stops the start with a message, not a crash after migrating", async () => {
  const bad = startServer({ PORT: String(e2ePort + 1), TRUST_PROXY: "nginx" });
  expect(await bad.exited).toBe(1);
  expect(bad.output()).toMatch(/^Biến môi trường không hợp lệ \/ invalid environment:\n {2}TRUST_PROXY: "nginx" không hợp lệ/);
  expect(bad.output()).not.toMatch(/\n\s+at /);
  fs.rmSync(bad.dataDir, { recursive: true, force: true });
});

function login(port: number, headers: Record<string, string>): Promise<{ status: number; cookie: string }> {
  const body = new URLSearchParams({ identifier: "0905000004", password: "ctxh-demo-2026", redirectTo: "/" }).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path: "/login", method: "POST", headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, cookie: String(res.headers["set-cookie"] ?? "") }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

test("behind a trusted proxy (TRUST_PROXY=1) HTTPS makes the cookie Secure; SIGTERM with an idle keep-alive connection exits 0", async () => {
  test.setTimeout(150_000);
  const port = e2ePort + 1;
  const server = startServer({ PORT: String(port), TRUST_PROXY: "1", SEED_DEMO: "auto" });
  await expect
    .poll(async () => {
      try {
        return await get(port, new http.Agent(), "/readyz");
      } catch {
        return 0;
      }
    }, { timeout: 120_000, intervals: [250] })
    .toBe(200);

  // A hop count, not the address "1": the proxy's X-Forwarded-Proto counts.
  const viaProxy = await login(port, { "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7" });
  expect(viaProxy.status).toBe(302);
  expect(viaProxy.cookie).toMatch(/ctxh_session=[a-z2-7]{32};.*; Secure/);
  const plain = await login(port, {});
  expect(plain.status).toBe(302);
  expect(plain.cookie).not.toMatch(/Secure/);

  const agent = new http.Agent({ keepAlive: true });
  expect(await get(port, agent, "/verify")).toBe(200);
  expect(Object.values(agent.freeSockets).flat()).toHaveLength(1); // idle, kept alive
  server.child.kill("SIGTERM");
  // 0, not the 1 of the 10-second forced exit.
  expect(await server.exited).toBe(0);
  // The data directory's lock is released.
  expect(fs.existsSync(path.join(server.dataDir, "server.pid"))).toBe(false);
  fs.rmSync(server.dataDir, { recursive: true, force: true });
});
