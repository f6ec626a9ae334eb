// Starts the production server for browser tests on a fresh database, so
// every run begins from the demo data set and nothing else.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

const env = { ...process.env, NODE_ENV: "production", PORT: process.env.E2E_PORT ?? "3210", HOST: "127.0.0.1", LOG_LEVEL: "warn", SEED_DEMO: "auto" };

if (process.env.TEST_DATABASE_URL) {
  const name = "ctxh_e2e";
  const admin = postgres(process.env.TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(process.env.TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
} else {
  delete env.DATABASE_URL;
  env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ctxh-e2e-"));
}

const child = spawn(process.execPath, ["server.js"], { env, stdio: "inherit" });
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
