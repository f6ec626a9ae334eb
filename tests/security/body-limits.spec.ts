// Class: unbounded request bodies (docs/decisions/016-threat-model.md).
// Against the built server: oversized bodies (chunked and declared), an
// oversized password, an .xlsx bomb and a course ZIP bomb. While each runs the
// server's resident memory is sampled from /proc and /healthz is polled: no
// single request may raise the RSS by more than MEMORY_BOUND, and the server
// must keep answering.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { bombZip, xlsxBomb } from "../support/zip-bomb";
import { DEMO, loginAs } from "../e2e/support";

const MB = 1024 * 1024;
/** The bound stated in decision 016: one request raises the server's RSS by at most this. */
const MEMORY_BOUND = 200 * MB;
const port = Number(process.env.E2E_PORT ?? 3210);
/** MAX_BYTES of app/routes/targets.boundaries.tsx. */
const BOUNDARIES_MAX = 20 * MB;

/** The pid of the process listening on our port (the built server, started by Playwright). */
function serverPid(): number {
  const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const pid = Number(/pid=(\d+)/.exec(out)?.[1]);
  if (!pid) throw new Error(`no process listens on ${port}: ${out}`);
  return pid;
}

function rss(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
  return kb * 1024;
}

/** Runs `work` while sampling the server's RSS every 20 ms and asking /healthz every 100 ms. */
async function measured<T>(label: string, work: () => Promise<T>) {
  const pid = serverPid();
  const baseline = rss(pid);
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rss(pid))), 20);
  let stop = false;
  let worstHealth = 0;
  let healthChecks = 0;
  const health = (async () => {
    while (!stop) {
      const start = performance.now();
      const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(10_000) });
      expect(response.status, `${label}: /healthz`).toBe(200);
      worstHealth = Math.max(worstHealth, performance.now() - start);
      healthChecks++;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    const result = await work();
    // What the request left behind counts too.
    await new Promise((r) => setTimeout(r, 300));
    return { result, growth: peak - baseline, baseline };
  } finally {
    clearInterval(sampler);
    stop = true;
    await health;
    peak = Math.max(peak, rss(pid));
    const growthMb = Math.round((peak - baseline) / MB);
    test.info().annotations.push({ type: "memory", description: `${label}: RSS ${Math.round(baseline / MB)} → ${Math.round(peak / MB)} MB (+${growthMb} MB); /healthz worst ${Math.round(worstHealth)} ms over ${healthChecks} checks` });
    expect(peak - baseline, `${label}: RSS growth ${growthMb} MB`).toBeLessThanOrEqual(MEMORY_BOUND);
    expect(healthChecks, `${label}: /healthz answered during the request`).toBeGreaterThan(0);
  }
}

/**
 * POSTs `total` bytes to `path` in 1 MB writes (chunked unless `declare`),
 * stopping when the server answers; resolves with the status and body.
 */
function flood(path: string, total: number, opts: { declare?: boolean; prefix?: string } = {}) {
  return new Promise<{ status: number | null; body: string; sent: number }>((resolve) => {
    const prefix = opts.prefix ?? "identifier=0905000001&password=";
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", accept: "text/html" };
    if (opts.declare) headers["content-length"] = String(prefix.length + total);
    const req = http.request({ host: "127.0.0.1", port, path, method: "POST", headers });
    const chunk = Buffer.alloc(MB, "a");
    let sent = 0;
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      const done = () => resolve({ status: res.statusCode ?? null, body, sent });
      res.on("end", done);
      res.on("error", done);
    });
    // A reset after the answer is the server closing a connection it will not read further.
    req.on("error", () => answered || resolve({ status: null, body: "", sent }));
    req.write(prefix);
    const pump = () => {
      while (!answered && sent < total) {
        const n = Math.min(MB, total - sent);
        sent += n;
        if (!req.write(n === MB ? chunk : chunk.subarray(0, n))) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

async function signedIn(login: string): Promise<APIRequestContext> {
  const client = await playwrightRequest.newContext({ baseURL: `http://127.0.0.1:${port}` });
  await loginAs(client, login);
  return client;
}

test.describe("unbounded request bodies", () => {
  test.describe.configure({ timeout: 180_000 });

  test("a 200 MB chunked anonymous POST to /login is cut off on the wire", async () => {
    const { result } = await measured("200 MB chunked /login", () => flood("/login", 200 * MB));
    expect(result.status).toBe(413);
    expect(result.body).toContain("Dữ liệu gửi lên quá lớn");
    expect(result.body).toContain('<html lang="vi">');
    expect(result.sent).toBeLessThan(100 * MB);
  });

  test("a 200 MB POST with Content-Length is refused before it is read", async () => {
    const { result } = await measured("200 MB declared /login", () => flood("/login", 200 * MB, { declare: true }));
    expect(result.status).toBe(413);
    expect(result.body).toContain("tối đa 256 KB");
  });

  test("a 64 MB password never reaches the login action; a long one never reaches Argon2", async () => {
    const { result } = await measured("64 MB password", () => flood("/login", 64 * MB, { declare: true }));
    expect(result.status).toBe(413);
    // Within the form limit but over the password cap: refused in the action, in Vietnamese.
    const client = await playwrightRequest.newContext({ baseURL: `http://127.0.0.1:${port}` });
    const response = await client.post("/login", { form: { identifier: DEMO.qtProvince, password: "a".repeat(100_000) }, maxRedirects: 0 });
    expect(response.status()).toBe(400);
    expect(await response.text()).toContain("Mật khẩu quá dài (tối đa 200 ký tự).");
    await client.dispose();
  });

  test("an .xlsx bomb is refused on its inflated size before it is parsed", async () => {
    // 256 MB of sheet XML in under 1 MB; the ZIP declares the sheet as 1 KB.
    const bomb = await xlsxBomb(256 * MB, 1024);
    expect(bomb.length).toBeLessThan(MB);
    const officer = await signedIn(DEMO.qtProvince);
    const { result } = await measured("xlsx bomb /roster/import", async () => {
      const response = await officer.post("/roster/import", {
        multipart: { file: { name: "danh-sach-bom.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: bomb } },
        maxRedirects: 0,
      });
      return { status: response.status(), body: await response.text() };
    });
    expect(result.status).toBe(400);
    expect(result.body).toContain("Tệp Excel &quot;danh-sach-bom.xlsx&quot; giải nén ra quá lớn");
    await officer.dispose();
  });

  test("a course ZIP bomb is refused while inflating", async () => {
    const bomb = bombZip([
      { name: "khoa-hoc/course.yaml", data: new TextEncoder().encode("title: Bom\n") },
      { name: "khoa-hoc/bai-1.mdx", data: { pattern: "Bài học. ", bytes: 512 * MB }, declaredSize: 2048 },
    ]);
    expect(bomb.length).toBeLessThan(MB);
    const trainer = await signedIn(DEMO.qtTrainer);
    const { result } = await measured("course ZIP bomb /studio", async () => {
      const response = await trainer.post("/studio", { multipart: { intent: "import", file: { name: "bom.zip", mimeType: "application/zip", buffer: bomb } }, maxRedirects: 0 });
      return { status: response.status(), body: await response.text() };
    });
    expect(result.status).toBe(400);
    expect(result.body).toContain("giải nén ra quá lớn");
    await trainer.dispose();
  });

  test("the largest GeoJSON the boundaries import accepts stays within the bound", async () => {
    // Valid GeoJSON at the route's cap: parsed whole, then refused (the codes match no commune).
    const features: string[] = [];
    let size = 0;
    for (let i = 0; size < BOUNDARIES_MAX - 64 * 1024; i++) {
      const ring = Array.from({ length: 500 }, (_, j) => `[${(106 + Math.sin(i + j) / 10).toFixed(6)},${(16.7 + Math.cos(i * j) / 10).toFixed(6)}]`).join(",");
      const f = `{"type":"Feature","properties":{"code":"X${i}"},"geometry":{"type":"Polygon","coordinates":[[${ring}]]}}`;
      if (size + f.length + 1 > BOUNDARIES_MAX - 64 * 1024) break;
      features.push(f);
      size += f.length + 1;
    }
    const geojson = Buffer.from(`{"type":"FeatureCollection","features":[${features.join(",")}]}`);
    const officer = await signedIn(DEMO.qtProvince);
    const { result } = await measured(`${Math.round(geojson.length / MB)} MB GeoJSON /targets/boundaries`, async () => {
      const response = await officer.post("/targets/boundaries", { multipart: { file: { name: "ranh-gioi.geojson", mimeType: "application/geo+json", buffer: geojson } }, maxRedirects: 0 });
      return { status: response.status(), body: await response.text() };
    });
    expect(result.status).toBe(400);
    await officer.dispose();
  });

  test("the largest upload a route accepts stays within the bound", async () => {
    // 20 MB, the course ZIP cap: read whole (by the input guard and the action), then refused as not a ZIP.
    const junk = Buffer.alloc(20 * MB - 4096, "x");
    const trainer = await signedIn(DEMO.qtTrainer);
    const { result } = await measured("20 MB upload /studio", async () => {
      const response = await trainer.post("/studio", { multipart: { intent: "import", file: { name: "lon.zip", mimeType: "application/zip", buffer: junk } }, maxRedirects: 0 });
      return { status: response.status(), body: await response.text() };
    });
    expect(result.status).toBe(400);
    expect(result.body).toContain("không phải là ZIP");
    // One byte past the limit of the route: 413.
    const over = await trainer.post("/studio", { multipart: { intent: "import", file: { name: "lon.zip", mimeType: "application/zip", buffer: Buffer.alloc(20 * MB + 65 * 1024, "x") } }, maxRedirects: 0 });
    expect(over.status()).toBe(413);
    await trainer.dispose();
  });
});
