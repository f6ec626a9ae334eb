// The Express guards of server.js (server/csrf.js, server/headers.js) behind
// a trusted TLS proxy, which the browser tests cannot set up: HSTS only when
// the request came over HTTPS, X-Forwarded-Host counted only when trusted.
// A real Express server on a loopback port, real HTTP requests.
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refuseForgedRequests, refuseLegacyDataRequests } from "../../server/csrf.js";
import { HSTS, securityHeaders } from "../../server/headers.js";

const quiet = { warn: () => {}, info: () => {} };

function serve(trustProxy: boolean) {
  const app = express();
  if (trustProxy) app.set("trust proxy", true);
  const headers = securityHeaders({ sessionCookie: "ctxh_session" });
  app.use(headers.everyResponse, refuseLegacyDataRequests(quiet), refuseForgedRequests(quiet));
  app.all("*", headers.appResponse, (req, res) => res.type("text/plain").send("ok"));
  return new Promise<{ url: string; close: () => void }>((resolve) => {
    const server = app.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() }),
    );
  });
}

let proxied: Awaited<ReturnType<typeof serve>>;
let direct: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => {
  [proxied, direct] = await Promise.all([serve(true), serve(false)]);
});
afterAll(() => {
  proxied.close();
  direct.close();
});

describe("HSTS", () => {
  it("is sent when a trusted proxy says the request came over HTTPS", async () => {
    const response = await fetch(`${proxied.url}/`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(response.headers.get("strict-transport-security")).toBe(HSTS);
  });

  it("is not sent over plain HTTP, nor for a client that only claims HTTPS", async () => {
    expect((await fetch(`${proxied.url}/`)).headers.get("strict-transport-security")).toBeNull();
    const spoofed = await fetch(`${direct.url}/`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(spoofed.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("origin behind a proxy", () => {
  const post = (base: string, headers: Record<string, string>) => fetch(`${base}/x`, { method: "POST", headers, body: "a=1" });

  it("a trusted proxy's X-Forwarded-Host is the origin forms come from", async () => {
    const headers = { Origin: "https://ctxh.example.vn", "X-Forwarded-Host": "ctxh.example.vn", "X-Forwarded-Proto": "https" };
    expect((await post(proxied.url, headers)).status).toBe(200);
    // Without trust, the same headers are a foreign origin.
    expect((await post(direct.url, headers)).status).toBe(403);
  });

  it("still refuses a foreign origin behind the proxy", async () => {
    const response = await post(proxied.url, { Origin: "https://evil.test", "X-Forwarded-Host": "ctxh.example.vn" });
    expect(response.status).toBe(403);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });
});

describe("caching of personal answers", () => {
  it("no-store for a signed-in request and for .data, nothing imposed otherwise", async () => {
    const signedIn = await fetch(`${direct.url}/people`, { headers: { Cookie: "theme=1; ctxh_session=abc" } });
    expect(signedIn.headers.get("cache-control")).toBe("private, no-store");
    expect((await fetch(`${direct.url}/people.data`)).headers.get("cache-control")).toBe("private, no-store");
    expect((await fetch(`${direct.url}/login`, { headers: { Cookie: "not_ctxh_session=abc" } })).headers.get("cache-control")).toBeNull();
  });
});
