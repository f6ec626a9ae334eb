// Structured JSON logs, one line per event.
import pino from "pino";
import { env } from "./env.server";

export const logger = pino({
  level: env.NODE_ENV === "test" ? "silent" : env.LOG_LEVEL,
  base: { app: "ctxh-academy" },
  redact: ["password", "*.password", "token", "*.token", "nationalId", "*.nationalId"],
});
