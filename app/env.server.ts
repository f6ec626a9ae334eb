// Environment, validated once at start-up; everything else imports `env`.
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().positive().default(3000),
  HOST: z.string().default("0.0.0.0"),
  // Set → PostgreSQL via the `postgres` driver; unset → embedded PGlite.
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default("./data"),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  // Seed the demo province on an empty database: "auto" (default) or "off".
  SEED_DEMO: z.enum(["auto", "off"]).default("auto"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // Public base URL signed into credentials and printed in QR codes; unset → settled by the administrator or the LAN address, never loopback (app/models/public-address.server.ts).
  PUBLIC_URL: z.string().url().optional(),
  // Serve cookies with the Secure flag. Defaults to on in production.
  COOKIE_SECURE: z.enum(["true", "false"]).optional(),
  // Master key(s) that encrypt the issuers' signing keys: "2:<key>,1:<old>"
  // (newest first) or one key. Unset: a local key file in DATA_DIR.
  CREDENTIAL_KEYS: z.string().min(16).optional(),
});

export type Env = z.infer<typeof schema>;

function load(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Biến môi trường không hợp lệ / invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env = load();
export const isProduction = env.NODE_ENV === "production";
export const cookieSecure = env.COOKIE_SECURE ? env.COOKIE_SECURE === "true" : isProduction;
