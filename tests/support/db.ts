// A real, empty, migrated database for one test file: in-memory PGlite, or a
// fresh database on the PostgreSQL server named by TEST_DATABASE_URL.
import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";
import { migrate, openDatabase, setDatabase, type Database, type DatabaseOptions } from "~/db.server";

export const usingPostgres = !!process.env.TEST_DATABASE_URL;

export async function createTestDatabase(): Promise<{ database: Database; drop: () => Promise<void>; options: DatabaseOptions }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const options: DatabaseOptions = { memory: true };
    const database = await openDatabase(options);
    await migrate(database, options);
    return { database, drop: () => database.close(), options };
  }
  const name = `ctxh_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const options: DatabaseOptions = { url: url.toString(), poolMax: 5 };
  const database = await openDatabase(options);
  await migrate(database, options);
  return {
    database,
    options,
    drop: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Opens a test database before the file's tests and makes it the app's `db`. */
export function withTestDatabase() {
  const state: { database?: Database } = {};
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const created = await createTestDatabase();
    state.database = created.database;
    drop = created.drop;
    setDatabase(created.database);
  });
  afterAll(async () => {
    await drop?.();
  });
  return state;
}
