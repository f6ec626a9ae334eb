// Structured JSON logs, one line per event. Logs hold no personal data: a
// failed query's error carries its parameters (drizzle's DrizzleQueryError
// .params and a message that lists them, postgres' .parameters/.args, PGlite's
// .params, and .detail such as "Key (phone)=(0905…) already exists"), which
// would put phone numbers, national ids and whole course drafts in the log.
// Errors are therefore logged through an allow-list, at every depth of
// `cause`, and personal fields are redacted wherever a log call names them.
import pino, { type DestinationStream, type LoggerOptions } from "pino";
import { env } from "./env.server";

/** What an error may say in a log line; everything else it carries is dropped. */
const KEEP = ["code", "severity", "routine", "constraint", "constraint_name", "table", "table_name", "column", "column_name", "schema", "schema_name", "status", "statusText", "errno", "syscall"] as const;
const MAX_DEPTH = 5;

/** SQL text with its literals masked: placeholders ($1) stay, 'text' and E'…' become '…'. */
function maskSql(sql: string): string {
  return sql.replace(/(?:\b[eE])?'(?:[^']|'')*'/g, "'…'").slice(0, 2000);
}

/** A message with no values: drizzle lists the params after "params:"; postgres quotes input after a colon. */
function maskMessage(message: string): string {
  const failed = /^Failed query: ([\s\S]*?)\nparams: [\s\S]*$/.exec(message);
  if (failed) return `Failed query: ${maskSql(failed[1]!)}`;
  return message.replace(/:\s*"(?:[^"\\]|\\.)*"/g, ': "…"').replace(/\(([^()]*)\)=\((?:[^()]|\([^()]*\))*\)/g, "($1)=(…)").slice(0, 2000);
}

export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error) && (typeof error !== "object" || error === null)) {
    return typeof error === "string" ? maskMessage(error) : error;
  }
  const e = error as Error & Record<string, unknown>;
  const type = e.constructor?.name ?? "Error";
  const message = maskMessage(typeof e.message === "string" ? e.message : "");
  const out: Record<string, unknown> = { type, message };
  // The stack's first lines repeat the message: keep only the frames.
  if (typeof e.stack === "string") out.stack = [`${type}: ${message}`, ...e.stack.split("\n").filter((l) => /^\s+at /.test(l))].join("\n");
  for (const key of KEEP) {
    const value = e[key];
    if (typeof value === "string" || typeof value === "number") out[key] = value;
  }
  // The statement, without values (drizzle's .query, postgres' .query when debugging).
  if (typeof e.query === "string") out.query = maskSql(e.query);
  if (e.cause !== undefined && depth < MAX_DEPTH) out.cause = serializeError(e.cause, depth + 1);
  if (Array.isArray(e.errors) && depth < MAX_DEPTH) out.errors = e.errors.slice(0, 5).map((x) => serializeError(x, depth + 1));
  return out;
}

// Personal fields (db/tables: people, accounts) and secrets, at the top of a
// log call's object and one level down.
const PERSONAL = ["password", "passwordHash", "token", "nationalId", "phone", "email", "fullName", "birthDate", "displayName", "identifier", "params", "parameters", "body", "draft"];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    base: { app: "ctxh-academy" },
    serializers: { err: serializeError, error: serializeError },
    redact: { paths: PERSONAL.flatMap((k) => [k, `*.${k}`]), censor: "[redacted]" },
  };
}

export function createLogger(level: string, destination?: DestinationStream) {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}

export const logger = createLogger(env.NODE_ENV === "test" ? "silent" : env.LOG_LEVEL);
