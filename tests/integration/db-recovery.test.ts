// When the database goes away the app says so (503) and comes back by itself.
// Runs against PostgreSQL through a TCP proxy the test can cut and restore.
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { checkDatabase, closeDatabase, isDatabaseDown, migrate, openDatabase, reportDatabaseError, setDatabase } from "~/db.server";
import { loader as rootLoader } from "~/root";

const serverUrl = process.env.TEST_DATABASE_URL;

function proxyTo(port: number, host: string) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const start = (listenPort = 0) =>
    new Promise<number>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(port, host);
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = () => {
          client.destroy();
          upstream.destroy();
        };
        client.on("error", drop);
        upstream.on("error", drop);
      });
      server.listen(listenPort, "127.0.0.1", () => resolve((server!.address() as net.AddressInfo).port));
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      server?.close(() => resolve());
    });
  return { start, stop };
}

describe.runIf(serverUrl)("database outage", () => {
  afterAll(async () => {
    await closeDatabase();
  });

  it("answers 503 while the database is unreachable and recovers when it returns", async () => {
    const target = new URL(serverUrl!);
    const proxy = proxyTo(Number(target.port || 5432), target.hostname);
    const port = await proxy.start();
    const url = new URL(serverUrl!);
    url.port = String(port);
    const options = { url: url.toString(), poolMax: 2 };
    const database = await openDatabase(options);
    await migrate(database, options);
    setDatabase(database);
    expect(await checkDatabase()).toBe(true);

    await proxy.stop();
    expect(await checkDatabase()).toBe(false);
    expect(isDatabaseDown()).toBe(true);
    const request = new Request("http://localhost/");
    const thrown = await Promise.resolve(rootLoader({ request, params: {}, context: {} })).then(
      () => null,
      (e: unknown) => e,
    );
    expect((thrown as { init?: { status?: number } })?.init?.status).toBe(503);

    await proxy.start(port);
    await expect.poll(() => isDatabaseDown(), { timeout: 15_000, interval: 250 }).toBe(false);
    expect(await checkDatabase()).toBe(true);
  });

  it("ignores errors that are not about the connection", () => {
    reportDatabaseError(Object.assign(new Error("duplicate key"), { code: "23505" }));
    expect(isDatabaseDown()).toBe(false);
  });
});
