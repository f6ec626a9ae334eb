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
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import pino from "pino";

const dev = process.argv.includes("--dev");
if (!process.env.NODE_ENV) process.env.NODE_ENV = dev ? "development" : "production";

// Several builds can live side by side (e.g. parallel browser-test runs).
const buildDir = process.env.BUILD_DIR ?? "build";

const log = pino({ level: process.env.LOG_LEVEL ?? "info", base: { app: "ctxh-academy" } });

const viteDevServer = dev
  ? await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }))
  : undefined;

async function loadBuild() {
  return viteDevServer
    ? viteDevServer.ssrLoadModule("virtual:remix/server-build")
    : import(new URL(`./${buildDir}/server/index.js`, import.meta.url).href);
}

// The entry module of the build exports start-up and shutdown hooks:
// connect + migrate + seed before listening; close the pool on exit.
const build = await loadBuild();
const entry = build.entry.module;

// WEB_CONCURRENCY > 1 (PostgreSQL only: PGlite is one process) runs one
// worker per core. The primary runs the start-up tasks once, then forks.
const workers = process.env.DATABASE_URL && !dev ? Number(process.env.WEB_CONCURRENCY ?? 1) : 1;
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
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
app.use(compression());

// Cross-site form posts are refused before they reach any action (the
// session cookie is SameSite=Lax as well; this is the second lock).
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  const origin = req.get("origin");
  if (origin && origin !== "null") {
    try {
      if (new URL(origin).host !== req.get("host")) {
        res.status(403).type("text/plain; charset=utf-8").send("Yêu cầu bị từ chối: khác nguồn (cross-origin).");
        return;
      }
    } catch {
      res.status(400).end();
      return;
    }
  }
  next();
});

app.use((req, res, next) => {
  const start = process.hrtime.bigint();
  res.on("finish", () => {
    if (req.path === "/healthz" || req.path === "/readyz") return;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    log.info({ event: "http", method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 });
  });
  next();
});

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
  build: viteDevServer ? () => loadBuild().then((b) => b.entry.module.guardDatabase(b)) : entry.guardDatabase(build),
  getLoadContext: (req) => ({ ip: req.ip ?? req.socket.remoteAddress ?? null }),
});
// One memo scope per request (e.g. the signed-in user is looked up once).
app.all("*", (req, res, next) => entry.runInRequestScope(() => remixHandler(req, res, next)));

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const server = app.listen(port, host, () => {
  log.info({ event: "listening", url: `http://localhost:${port}` }, `CTXH Academy: http://localhost:${port}`);
});
server.keepAliveTimeout = 65_000;

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  log.info({ event: "shutdown", signal }, "shutting down");
  const force = setTimeout(() => {
    log.error({ event: "shutdown.timeout" }, "forced exit after 10 s");
    process.exit(1);
  }, 10_000);
  force.unref();
  // Stop accepting connections, let in-flight requests finish, then close the pool.
  server.close(async () => {
    try {
      await entry.shutdown();
      await viteDevServer?.close();
    } finally {
      process.exit(0);
    }
  });
  server.closeIdleConnections?.();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
