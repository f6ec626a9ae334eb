// Child process of driver-crash.test.ts, one scenario per run.
//
// transaction: a transaction is running when its PostgreSQL goes away. The
//   driver then sends ROLLBACK on the dead connection; unpatched, that write
//   dereferences a null socket from a setImmediate and the process dies.
// stale-error: a query is running when PostgreSQL shuts down (-m fast sends
//   "terminating connection due to administrator command" first). Unpatched,
//   the connection keeps that error and fails the first query after the
//   server is back with it.
//
// Prints "in-flight" when the parent should stop the server; in the
// stale-error scenario waits for a line on stdin saying it is back.
import readline from "node:readline";
import postgres from "postgres";

const [url, scenario] = process.argv.slice(2);
const sql = postgres(url, { max: 1, onnotice: () => {}, backoff: 0.05 });
const outcome = (promise) => promise.then(() => "ok", (error) => `rejected ${error.code}`);

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
