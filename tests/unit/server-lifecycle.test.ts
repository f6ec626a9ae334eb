// server.js's start and stop helpers, on plain HTTP servers (no build needed).
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { StartError, assertPortFree, lockDataDir } from "../../server/listen.js";
import { trackConnections } from "../../server/shutdown.js";

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

function listen(handler: http.RequestListener): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(handler);
  servers.push(server);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

function get(port: number, agent: http.Agent, pathname = "/"): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: pathname, agent }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
      })
      .on("error", reject);
  });
}

describe("graceful stop", () => {
  it("closes an idle keep-alive connection at once and finishes", async () => {
    const { server, port } = await listen((_req, res) => res.end("ok"));
    const tracker = trackConnections(server);
    const agent = new http.Agent({ keepAlive: true });
    expect((await get(port, agent)).connection).toBe("keep-alive");
    const closedSocket = new Promise((r) => Object.values(agent.freeSockets)[0]![0]!.once("close", r));
    // Without closing idle connections this would wait for the 65 s keep-alive timeout.
    expect(await tracker.close(60_000)).toBe(true);
    await closedSocket;
  });

  it("lets an in-flight request finish with Connection: close, then finishes", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { server, port } = await listen((req, res) => {
      if (req.url === "/slow") void gate.then(() => res.end("slow done"));
      else res.end("ok");
    });
    const tracker = trackConnections(server);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    await get(port, agent); // one idle keep-alive connection
    const slow = get(port, agent, "/slow");
    await new Promise((r) => setTimeout(r, 50));
    expect(tracker.inFlight).toBe(1);
    const closed = tracker.close(60_000);
    release();
    const response = await slow;
    expect(response).toMatchObject({ status: 200, body: "slow done", connection: "close" });
    expect(await closed).toBe(true);
  });

  it("reports a timeout when a request never ends", async () => {
    const { server, port } = await listen(() => {});
    const tracker = trackConnections(server);
    const agent = new http.Agent({ keepAlive: true });
    get(port, agent).catch(() => {});
    await new Promise((r) => setTimeout(r, 50));
    expect(await tracker.close(100)).toBe(false);
    server.closeAllConnections();
  });
});

describe("start-up checks", () => {
  it("names a busy port in one Vietnamese line", async () => {
    const { port } = await listen(() => {});
    const error = await assertPortFree(port, "127.0.0.1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartError);
    expect((error as Error).message).toMatch(new RegExp(`^Không khởi động được: cổng ${port} đang có chương trình khác dùng.*PORT=${port + 1} npm start$`));
    expect((error as Error).message).not.toContain("\n");
  });

  it("passes a free port", async () => {
    const { server, port } = await listen(() => {});
    await new Promise((r) => server.close(r));
    await expect(assertPortFree(port, "127.0.0.1")).resolves.toBeUndefined();
  });

  it("refuses a data directory held by a live process, takes over a stale one", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ctxh-lock-"));
    const lock = path.join(dir, "server.pid");
    // The test runner's parent (a live node process) holds it.
    fs.writeFileSync(lock, `${process.ppid}\n`);
    expect(() => lockDataDir(dir)).toThrow(StartError);
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`thư mục dữ liệu .* đang được một tiến trình khác dùng \\(PID ${process.ppid}`));
    // A PID that no longer exists: the lock is stale and becomes ours.
    fs.writeFileSync(lock, "999999999\n");
    lockDataDir(dir);
    expect(fs.readFileSync(lock, "utf8").trim()).toBe(String(process.pid));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
