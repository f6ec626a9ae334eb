// Class 5 (decision 016): the body limit in front of Remix (server/body-limit.js),
// on a real HTTP server whose handler reads the body the way the Remix
// adapter does (a web stream over the Node request, then formData()).
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createReadableStreamFromReadable } from "@remix-run/node";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyLimit, bodyLimitErrors, bodyLimitFor, DEFAULT_LIMIT, ROUTE_LIMITS } from "../../server/body-limit.js";

const KB = 1024;
const MB = 1024 * 1024;

let server: http.Server;
let port: number;
/** What the "action" saw, per request id. */
const seen = new Map<string, { ok: boolean; password?: number; error?: string }>();

beforeAll(async () => {
  const app = express();
  app.use(bodyLimit());
  app.post("*", async (req, res, next) => {
    const id = String(req.get("x-test-id"));
    try {
      const request = new Request(`http://127.0.0.1${req.originalUrl}`, {
        method: "POST",
        headers: { "content-type": req.get("content-type") ?? "" },
        body: createReadableStreamFromReadable(req),
        duplex: "half",
      } as RequestInit);
      const form = await request.formData();
      seen.set(id, { ok: true, password: String(form.get("password") ?? "").length });
      res.type("text/plain").send("ok");
    } catch (error) {
      seen.set(id, { ok: false, error: String(error) });
      next(error);
    }
  });
  app.use(bodyLimitErrors);
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** Sends `total` bytes of a urlencoded password in 64 KB chunks (chunked unless `length`), stops at the answer. */
function post(path: string, id: string, total: number, opts: { length?: boolean; accept?: string } = {}) {
  return new Promise<{ status: number | null; body: string; sent: number; type?: string }>((resolve) => {
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", "x-test-id": id };
    if (opts.length) headers["content-length"] = String(total + "password=".length);
    if (opts.accept) headers.accept = opts.accept;
    const req = http.request({ host: "127.0.0.1", port, path, method: "POST", headers });
    let sent = 0;
    let answered = false;
    const chunk = Buffer.alloc(64 * KB, "a");
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? null, body, sent, type: res.headers["content-type"] }));
      res.on("error", () => resolve({ status: res.statusCode ?? null, body, sent, type: res.headers["content-type"] }));
    });
    req.on("error", () => answered || resolve({ status: null, body: "", sent }));
    req.write("password=");
    const pump = () => {
      while (!answered && sent < total) {
        const n = Math.min(chunk.length, total - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe("body limit middleware", () => {
  it("refuses a declared Content-Length over the limit at once, without reading the body", async () => {
    const r = await post("/login", "declared", 200 * MB, { length: true });
    expect(r.status).toBe(413);
    expect(r.body).toMatch(/Dữ liệu gửi lên quá lớn \(tối đa 256 KB\)/);
    expect(seen.has("declared")).toBe(false);
    // The answer came long before the 200 MB could have been sent.
    expect(r.sent).toBeLessThan(50 * MB);
  });

  it("counts a chunked body on the wire: 413, and the action never gets the truncated form", async () => {
    const r = await post("/login", "chunked", 200 * MB);
    expect(r.status).toBe(413);
    expect(r.body).toMatch(/quá lớn/);
    expect(r.sent).toBeLessThan(50 * MB);
    await expect.poll(() => seen.get("chunked")?.ok).toBe(false);
  });

  it("answers a browser with a Vietnamese page", async () => {
    const r = await post("/people/new", "page", MB, { accept: "text/html,application/xhtml+xml" });
    expect(r.status).toBe(413);
    expect(r.type).toMatch(/^text\/html/);
    expect(r.body).toContain('<html lang="vi">');
    expect(r.body).toContain("Dữ liệu gửi lên quá lớn");
  });

  it("passes bodies under the limit, chunked or not, whole", async () => {
    const chunked = await post("/login", "small-chunked", 200 * KB);
    expect(chunked.status).toBe(200);
    expect(seen.get("small-chunked")).toEqual({ ok: true, password: 200 * KB });
    const declared = await post("/roster/import", "upload", 9 * MB, { length: true });
    expect(declared.status).toBe(200);
    expect(seen.get("upload")).toEqual({ ok: true, password: 9 * MB });
  });

  it("sizes the upload routes and keeps everything else small", () => {
    expect(bodyLimitFor("/login")).toBe(DEFAULT_LIMIT);
    expect(bodyLimitFor("/people/12")).toBe(256 * KB);
    expect(bodyLimitFor("/roster/import")).toBe(10 * MB + 64 * KB);
    expect(bodyLimitFor("/roster/import.data")).toBe(10 * MB + 64 * KB);
    expect(bodyLimitFor("/roster/import/3")).toBe(DEFAULT_LIMIT);
    expect(bodyLimitFor("/studio")).toBe(20 * MB + 64 * KB);
    expect(bodyLimitFor("/studio/kh-1/lessons/l-1", "multipart/form-data; boundary=x")).toBe(8 * MB + 64 * KB);
    // A lesson save is urlencoded: 200 KB of MDX, up to 3 bytes per byte encoded.
    expect(bodyLimitFor("/studio/kh-1/lessons/l-1", "application/x-www-form-urlencoded")).toBe(664 * KB);
    expect(bodyLimitFor("/certificates/bodies/7")).toBe(2 * MB + 64 * KB);
  });

  it("has a limit line for every route that reads an uploaded file", () => {
    const dir = new URL("../../app/routes/", import.meta.url);
    const uploads = fs
      .readdirSync(dir)
      .filter((f) => /instanceof File|parseMultipartFormData/.test(fs.readFileSync(new URL(f, dir), "utf8")));
    expect(uploads.length).toBeGreaterThanOrEqual(8);
    for (const file of uploads) {
      // Flat-route file name to a sample path: "studio.$courseId.tsx" → "/studio/x".
      const path = `/${file.replace(/\.(tsx|ts)$/, "").replace(/\._index$/, "").split(".").map((s) => (s.startsWith("$") ? "x" : s)).join("/")}`;
      const listed = ROUTE_LIMITS.some((r: { path: RegExp }) => r.path.test(path));
      expect(listed, `${file} (${path}) reads a file but has no line in ROUTE_LIMITS`).toBe(true);
    }
  });
});
