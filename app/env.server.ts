// Environment, validated once at start-up; everything else imports `env`.
// server.js reads its settings from here too (through the build's entry), so
// a wrong value stops the server with one clear message before anything runs.
import { isIP } from "node:net";
import { z } from "zod";

/**
 * Express's `trust proxy` in the forms its documentation gives: a boolean,
 * a hop count, or a comma-separated list of addresses, subnets (CIDR or
 * IPv4 netmask) and the names loopback / linklocal / uniquelocal.
 */
export type TrustProxy = boolean | number | string[];

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function proxyEntryValid(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, range, ...extra] = entry.split("/");
  if (extra.length || !address) return false;
  const family = isIP(address);
  if (!family) return false;
  if (range === undefined) return true;
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  // IPv4 netmask such as 255.255.0.0: contiguous ones, then zeros.
  if (family !== 4 || isIP(range) !== 4) return false;
  const bits = range.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
  const inverted = ~bits >>> 0;
  return (inverted & (inverted + 1)) === 0;
}

const trustProxy = z
  .string()
  .optional()
  .transform((raw, ctx): TrustProxy => {
    const value = raw?.trim() ?? "";
    if (value === "" || /^false$/i.test(value)) return false;
    if (/^true$/i.test(value)) return true;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value.split(",").map((e) => e.trim().toLowerCase());
    const bad = entries.filter((e) => !proxyEntryValid(e));
    if (bad.length) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          `"${bad.join(", ")}" không hợp lệ: dùng true/false, số tầng proxy (vd. 1) hoặc danh sách địa chỉ/mạng (vd. loopback, 10.0.0.0/8) ` +
          `/ use true/false, a hop count (e.g. 1) or addresses/subnets (e.g. loopback, 10.0.0.0/8)`,
      });
      return z.NEVER;
    }
    return entries;
  });

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  // Where server.js finds the production build (also read by remix.config.js).
  BUILD_DIR: z.string().min(1).default("build"),
  // Set → PostgreSQL via the `postgres` driver; unset → embedded PGlite.
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default("./data"),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  // Worker processes (PostgreSQL only; PGlite is one process).
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  // Seed the demo province on an empty database: "auto" (default) or "off".
  SEED_DEMO: z.enum(["auto", "off"]).default("auto"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // Public base URL signed into credentials and printed in QR codes; unset → settled by the administrator or the LAN address, never loopback (app/models/public-address.server.ts).
  PUBLIC_URL: z.string().url().optional(),
  TRUST_PROXY: trustProxy,
  // Secure flag on cookies. Unset ("auto"): when the request came over HTTPS
  // (directly or per a trusted proxy), so plain HTTP on a LAN still signs in.
  COOKIE_SECURE: z.enum(["true", "false", "auto"]).default("auto"),
  // Master key(s) that encrypt the issuers' signing keys: "2:<key>,1:<old>"
  // (newest first) or one key. Unset: a local key file in DATA_DIR.
  CREDENTIAL_KEYS: z.string().min(16).optional(),
});

export type Env = z.infer<typeof schema>;

/** Thrown for an invalid environment; server.js prints its message alone. */
export class EnvError extends Error {
  readonly code = "CTXH_INVALID_ENV";
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable (`PORT=`) means unset, as in most shells' .env habits.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Biến môi trường không hợp lệ / invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env = parseEnv(process.env);
export const isProduction = env.NODE_ENV === "production";

export type CookieSecureMode = "auto" | "always" | "never";
export const cookieSecureMode: CookieSecureMode =
  env.COOKIE_SECURE === "true" ? "always" : env.COOKIE_SECURE === "false" ? "never" : "auto";
