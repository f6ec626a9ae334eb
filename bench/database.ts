// The benchmark database: created when missing, migrated with the app's own
// migrations, and set as the app's connection so model functions work here.
import postgres from "postgres";
import { closeDatabase, migrate, openDatabase, setDatabase } from "~/db.server";

/** Creates the database named in `url` when it does not exist (via the `postgres` maintenance db). */
export async function ensureDatabase(url: string) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ""));
  if (!name) throw new Error(`BENCH_DATABASE_URL has no database name: ${url}`);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = postgres(admin.toString(), { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    const rows = await client`select 1 from pg_database where datname = ${name}`;
    if (rows.length === 0) {
      await client`create database ${client(name)}`;
      return true;
    }
    return false;
  } finally {
    await client.end({ timeout: 5 });
  }
}

export async function connectBenchDatabase(url: string) {
  const options = { url, poolMax: 4 };
  const database = await openDatabase(options);
  setDatabase(database);
  await migrate(database, options);
  return database;
}

export { closeDatabase };
