// Database connection: PostgreSQL through `postgres` when DATABASE_URL is set,
// embedded PGlite otherwise. Both run the same drizzle schema and migrations.
import path from "node:path";
import fs from "node:fs";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "../db/schema";
import { logger } from "./logger.server";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: "postgres" | "pglite";
  /** Runs `select 1`; throws when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { url: string; poolMax?: number }
  | { dataDir: string }
  | { memory: true };

// Arbitrary constant: the advisory lock that serialises migrations when
// several app instances start at once.
const MIGRATION_LOCK = 7_202_021;

export function migrationsFolder() {
  const candidates = [
    path.resolve(process.cwd(), "db/migrations"),
    path.resolve(path.dirname(new URL(import.meta.url).pathname), "../db/migrations"),
  ];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, "meta/_journal.json")));
  if (!found) throw new Error(`Không tìm thấy thư mục migration (db/migrations) từ ${process.cwd()}`);
  return found;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if ("url" in options) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(options.url, {
      max: options.poolMax ?? 10,
      onnotice: () => {},
      connect_timeout: 5,
      // The driver's default waits (0.5–1)·3^n/100 s before reconnecting, n
      // counting every failed connect of the pool: after a few seconds of
      // outage that is 10–20 s, so pages stayed down long after PostgreSQL
      // was back. Capped at 0.5 s; the outage probe paces retries anyway.
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 0.5),
    });
    const db = drizzle(client, { schema }) as unknown as Db;
    return {
      db,
      kind: "postgres",
      ping: async () => {
        await client`select 1`;
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  let client: InstanceType<typeof PGlite>;
  if ("dataDir" in options) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    client = new PGlite(path.resolve(options.dataDir));
  } else {
    client = new PGlite();
  }
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    ping: async () => {
      await client.query("select 1");
    },
    close: () => client.close(),
  };
}

/** Applies committed migrations; safe to call from several instances at once. */
export async function migrate(database: Database, options: DatabaseOptions) {
  const migrationsDir = migrationsFolder();
  if ("url" in options) {
    // A dedicated single connection so the advisory lock and the migration
    // run in the same session.
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate: run } = await import("drizzle-orm/postgres-js/migrator");
    const client = postgres(options.url, { max: 1, onnotice: () => {} });
    try {
      await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
      await run(drizzle(client), { migrationsFolder: migrationsDir });
      await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    } finally {
      await client.end();
    }
    return;
  }
  const { migrate: run } = await import("drizzle-orm/pglite/migrator");
  // PGlite is single-process, so there is nobody to race with.
  await run(database.db as never, { migrationsFolder: migrationsDir });
}

// ---------------------------------------------------------------------------
// The app's connection. `db` is a live binding: it is set by `connect()` at
// start-up (or by tests through `setDatabase`).

let current: Database | undefined;

export let db: Db = new Proxy({} as Db, {
  get() {
    throw new Error("Cơ sở dữ liệu chưa được khởi tạo (connect() chưa được gọi).");
  },
});

export function setDatabase(database: Database) {
  current = database;
  db = database.db;
}

export function currentDatabase() {
  if (!current) throw new Error("Cơ sở dữ liệu chưa được khởi tạo.");
  return current;
}

export async function closeDatabase() {
  if (!current) return;
  const closing = current;
  current = undefined;
  await closing.close();
  logger.info({ event: "db.closed" }, "database closed");
}

// ---------------------------------------------------------------------------
// Availability. A lost connection flips `down`; a background probe flips it
// back when the database answers again, so pages recover by themselves.

let down = false;
let probe: NodeJS.Timeout | undefined;

export function isDatabaseDown() {
  return down;
}

const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // admin_shutdown
  "57P02",
  "57P03", // cannot_connect_now
  "08000",
  "08003",
  "08006",
  "08001",
  "08004",
]);

export function isConnectionError(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_ERROR_CODES.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

// How often the probe asks while the database is down: pages are back within
// this (plus one connect) of PostgreSQL accepting connections again.
const PROBE_MS = 250;

export function reportDatabaseError(error: unknown) {
  if (!isConnectionError(error) || down) return;
  down = true;
  logger.error({ event: "db.down", err: error }, "database unreachable");
  const started = Date.now();
  const tick = async () => {
    try {
      await current?.ping();
      down = false;
      probe = undefined;
      logger.info({ event: "db.up", downMs: Date.now() - started }, "database reachable again");
    } catch {
      // Still down: ask again. (A timeout chain, not an interval, so a slow
      // connect never stacks probes.)
      probe = setTimeout(tick, PROBE_MS);
      probe.unref();
    }
  };
  probe = setTimeout(tick, PROBE_MS);
  probe.unref();
}

export async function checkDatabase(): Promise<boolean> {
  try {
    await currentDatabase().ping();
    return true;
  } catch (error) {
    reportDatabaseError(error);
    return false;
  }
}

export { sql, schema };
