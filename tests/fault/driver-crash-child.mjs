// Child process of driver-crash.test.ts, one scenario per run.
//
// transaction: a transaction is running when its PostgreSQL goes away. The
//   driver then sends ROLLBACK on the dead connection; unpatched, that write
//   dereferences a null socket from a setImmediate and the process dies.
// stale-error: a query is running when PostgreSQL shuts down (-m fast sends
//   "terminating connection due to administrator command" first). Unpatched,
//   the connection keeps that error and fails the first query after the
//   server is back with it.
// types-query: the connection closes while the driver reads the array types
//   (the first query of every new connection) and the reconnect is refused.
//   Unpatched, the types query's rejection is unhandled and ends the process.
//   Staged by a proxy in this process: it passes start-up through, closes on
//   the next message from the driver and stops listening.
//
// Prints "in-flight" when the parent should stop the server; in the
// stale-error scenario waits for a line on stdin saying it is back.
import net from "node:net";
import readline from "node:readline";
import postgres from "postgres";

const [url, scenario] = process.argv.slice(2);
const outcome = (promise) => promise.then(() => "ok", (error) => `rejected ${error.code}`);

if (scenario === "types-query") {
  const target = new URL(url);
  const proxy = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    let messages = 0;
    client.on("data", (chunk) => {
      // 1: the start-up message; 2: the array types query.
      if (++messages === 2) {
        upstream.destroy();
        client.end();
        proxy.close();
        return;
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise((r) => proxy.listen(0, "127.0.0.1", r));
  const viaProxy = new URL(url);
  viaProxy.port = String(proxy.address().port);
  const sql = postgres(viaProxy.toString(), { max: 1, onnotice: () => {}, backoff: 0.05 });
  process.stdout.write(`first-query ${await outcome(sql`select 1`)}\n`);
  await new Promise((r) => setTimeout(r, 300));
  process.stdout.write("survived\n");
  process.exit(0);
}

const sql = postgres(url, { max: 1, onnotice: () => {}, backoff: 0.05 });
if (scenario === "transaction") {
  const tx = outcome(
    sql.begin(async (t) => {
      await t`select 1`;
      await t`select pg_sleep(30)`;
    }),
  );
  process.stdout.write("in-flight\n");
  process.stdout.write(`transaction ${await tx}\n`);
  // Let any write scheduled on the dead connection run.
  await new Promise((r) => setTimeout(r, 300));
} else {
  await sql`select 1`;
  const running = outcome(sql`select pg_sleep(30)`);
  process.stdout.write("in-flight\n");
  process.stdout.write(`running ${await running}\n`);
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) if (line === "up") break;
  process.stdout.write(`after-restart ${await outcome(sql`select 1`)}\n`);
}
process.stdout.write("survived\n");
await sql.end({ timeout: 1 }).catch(() => {});
process.exit(0);
