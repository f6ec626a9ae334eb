import { defineConfig } from "drizzle-kit";

// drizzle-kit only diffs the schema into SQL; it never needs a live database.
export default defineConfig({
  dialect: "postgresql",
  schema: ["./db/schema.ts", "./db/tables/*.ts"],
  out: "./db/migrations",
});
