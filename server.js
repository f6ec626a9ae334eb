// HTTP server: Express in front of the Remix request handler, with
// compression, static assets, structured request logs, health endpoints
// (inside the Remix build, see app/routes/healthz.ts) and graceful shutdown.
//
//   node server.js          production build in ./build (or $BUILD_DIR)
//   node server.js --dev    Vite dev server with HMR
// First: fixes the `postgres` driver's crash on a lost connection before
// anything loads it (docs/decisions/012-database-outages.md).
import "./db/postgres-fix/register.js";
import cluster from "node:cluster";
import fs from "node:fs";
import os from "node:os";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import { bodyLimit, bodyLimitErrors } from "./server/body-limit.js";
import { StartError, assertPortFree, listenErrorMessage, lockDataDir } from "./server/listen.js";
import { trackConnections } from "./server/shutdown.js";
import { refuseForgedRequests, refuseLegacyDataRequests } from "./server/csrf.js";
import { securityHeaders } from "./server/headers.js";

const dev = process.argv.includes("--dev");
if (!process.env.NODE_ENV) process.env.NODE_ENV = dev ? "development" : "production";

// A problem the operator can fix is one line on stderr, not a stack trace.
function exitWith(err) {
  if (err instanceof StartError || err?.code === "CTXH_INVALID_ENV") {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

// Several builds can live side by side (e.g. parallel browser-test runs).
// Read before the build (which validates it with the rest of the environment).
const buildDir = process.env.BUILD_DIR || "build";
const buildEntry = new URL(`./${buildDir}/server/index.js`, import.meta.url);
if (!dev && !fs.existsSync(buildEntry)) {
  exitWith(new StartError(`Chưa có bản build (${buildDir}/server/index.js): chạy \`npm start\` (tự build khi cần) hoặc \`npm run build\` trước.`));
}

const viteDevServer = dev
  ? await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }))
  : undefined;

async function loadBuild() {
  return viteDevServer ? viteDevServer.ssrLoadModule("virtual:remix/server-build") : import(buildEntry.href);
}

// The entry module of the build exports start-up and shutdown hooks
// (connect + migrate + seed before listening; close the pool on exit) and
// the environment, validated by app/env.server.ts (throws on a bad value).
const build = await loadBuild().catch(exitWith);
const entry = build.entry.module;
const { env } = entry;

// One logger for the server and the app (app/logger.server.ts): its error
// serializer and redaction keep query parameters and personal data out of logs.
const log = entry.logger;
// Every loader and action behind the input guard (app/lib/input-guard.server.ts)
// and the database guard (app/database-guard.server.ts: 503 during an outage).
const guarded = (b) => b.entry.module.guardDatabase(b.entry.module.guardBuild(b));
const port = env.PORT;
const host = env.HOST;

// Before any start-up work: is the port free, is PGlite's directory ours?
// (Cluster workers listen through the primary's handle: they skip this.)
if (cluster.isPrimary) {
  await assertPortFree(port, host).catch(exitWith);
  try {
    if (!env.DATABASE_URL) lockDataDir(env.DATA_DIR);
  } catch (err) {
    exitWith(err);
  }
}

// WEB_CONCURRENCY > 1 (PostgreSQL only: PGlite is one process) runs one
// worker per core. The primary runs the start-up tasks once, then forks.
const workers = env.DATABASE_URL && !dev ? env.WEB_CONCURRENCY : 1;
if (workers > 1 && cluster.isPrimary) {
  await entry.startup();
  await entry.shutdown();
  let stoppingCluster = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stoppingCluster) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log.error({ event: "worker.exit", pid: worker.process.pid, code, signal }, "worker died; starting another");
    cluster.fork();
  });
  for (const sig of ["SIGTERM", "SIGINT"]) {
    process.on(sig, () => {
      stoppingCluster = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(sig);
    });
  }
  await new Promise(() => {}); // the primary only supervises
}
await entry.startup({ tasks: workers === 1 });

const app = express();
app.disable("x-powered-by");
// true / hop count / addresses, parsed in app/env.server.ts.
if (env.TRUST_PROXY !== false) app.set("trust proxy", env.TRUST_PROXY);
app.use(compression());

// nosniff, frame protection, HSTS over HTTPS on every response, refusals
// included (server/headers.js).
const headers = securityHeaders({ sessionCookie: entry.SESSION_COOKIE });
app.use(headers.everyResponse);

// Forged requests are refused before they reach any action: Origin and
// Sec-Fetch-Site must say our own origin (server/csrf.js; the session cookie
// is SameSite=Lax as well, which does not cover another port or subdomain).
// Legacy `?_data=` requests are refused outright (this app uses single fetch).
app.use(refuseLegacyDataRequests(log));
app.use(refuseForgedRequests(log));

app.use((req, res, next) => {
  const start = process.hrtime.bigint();
  res.on("finish", () => {
    if (req.path === "/healthz" || req.path === "/readyz") return;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    log.info({ event: "http", method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 });
  });
  next();
});

// Every body has a size limit before anything reads it (decision 016, class 5).
app.use(bodyLimit());

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  // Fingerprinted assets never change: cache them for a year.
  app.use("/assets", express.static(`${buildDir}/client/assets`, { immutable: true, maxAge: "1y" }));
  app.use(express.static(`${buildDir}/client`, { maxAge: "1h" }));
}
app.use(express.static("public", { maxAge: "1h" }));

// Loaders and actions answer 503 when the database is unreachable (decision 012).
const remixHandler = createRequestHandler({
  build: viteDevServer ? () => loadBuild().then(guarded) : guarded(build),
  getLoadContext: (req) => ({ ip: req.ip ?? req.socket.remoteAddress ?? null }),
});
// One memo scope per request (e.g. the signed-in user is looked up once).
// Personal answers (signed in, `.data`) are kept out of caches.
app.all("*", headers.appResponse, (req, res, next) => entry.runInRequestScope(() => remixHandler(req, res, next)));
app.use(bodyLimitErrors);

const server = app.listen(port, host, () => {
  const lan = host === "0.0.0.0" || host === "::" ? lanAddresses().map((a) => `http://${a}:${port}`) : [];
  log.info({ event: "listening", url: `http://localhost:${port}`, lan }, `CTXH Academy: http://localhost:${port}`);
  log.info({ event: "cookies", mode: entry.cookieSecureMode, trustProxy: env.TRUST_PROXY }, cookieModeMessage(entry.cookieSecureMode));
  if (entry.cookieSecureMode === "auto" && env.PUBLIC_URL?.startsWith("https:") && env.TRUST_PROXY === false) {
    log.warn({ event: "cookies.proxy" }, "PUBLIC_URL is HTTPS but TRUST_PROXY is off: behind a TLS proxy, requests look like plain HTTP and session cookies will not be Secure; set TRUST_PROXY");
  }
  if (cluster.isPrimary) {
    // Plain lines for the person who started it: where phones on the same Wi-Fi reach it.
    const also = lan.length ? ` — trong mạng nội bộ (điện thoại cùng Wi-Fi): ${lan.join(", ")}` : "";
    process.stdout.write(`CTXH Academy đang chạy: http://localhost:${port}${also}\n`);
  }
});
server.on("error", (err) => {
  const message = listenErrorMessage(err, port, host);
  exitWith(message ? new StartError(message) : err);
});
server.keepAliveTimeout = 65_000;
const connections = trackConnections(server);

function lanAddresses() {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a && a.family === "IPv4" && !a.internal)
    .map((a) => a.address);
}

function cookieModeMessage(mode) {
  if (mode === "always") return "cookies: always Secure (COOKIE_SECURE=true): sign-in works only over HTTPS or on localhost";
  if (mode === "never") return "cookies: never Secure (COOKIE_SECURE=false)";
  return "cookies: Secure when the request came over HTTPS (COOKIE_SECURE=auto; X-Forwarded-Proto counts only with TRUST_PROXY)";
}

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  log.info({ event: "shutdown", signal, inFlight: connections.inFlight }, "shutting down");
  // Stop accepting, let in-flight requests finish, close idle keep-alive connections.
  const drained = await connections.close(10_000);
  if (!drained) log.error({ event: "shutdown.timeout", inFlight: connections.inFlight }, "forced exit after 10 s");
  try {
    await entry.shutdown();
    await viteDevServer?.close();
  } finally {
    process.exit(drained ? 0 : 1);
  }
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
