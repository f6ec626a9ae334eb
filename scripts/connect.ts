// Scripts use the same connection settings as the app (DATABASE_URL or PGlite).
import { migrate, openDatabase, setDatabase } from "~/db.server";
import { databaseOptionsFromEnv } from "~/startup.server";

export async function connectForScript() {
  const options = databaseOptionsFromEnv();
  const database = await openDatabase(options);
  setDatabase(database);
  await migrate(database, options);
  return database;
}
