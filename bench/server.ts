// The production server as a child process: the load generator must not
// share an event loop with the code it measures.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { REPO_ROOT } from "./config";

export interface RunningServer {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

function portIsFree(port: number) {
  return new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** `preferred` if nobody listens there, otherwise a port the OS hands out. */
export async function freePort(preferred: number): Promise<number> {
  if (await portIsFree(preferred)) return preferred;
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no free port"))));
    });
  });
}

function waitForExit(child: ChildProcess, ms: number) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startServer({ port, databaseUrl, readyTimeoutMs = 180_000 }: { port: number; databaseUrl: string; readyTimeoutMs?: number }): Promise<RunningServer> {
  const child = spawn(process.execPath, ["server.js"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      SEED_DEMO: "off",
      LOG_LEVEL: "warn",
      DB_POOL_MAX: "20",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The server's own output (warnings and errors only) goes to our stderr.
  const forward = (chunk: Buffer) => process.stderr.write(chunk.toString().replace(/^(?=.)/gm, "[server] "));
  child.stdout!.on("data", forward);
  child.stderr!.on("data", forward);

  const url = `http://127.0.0.1:${port}`;
  const server: RunningServer = {
    url,
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      // server.js drains and closes its pool; it forces itself out after 10 s.
      if (!(await waitForExit(child, 15_000))) {
        child.kill("SIGKILL");
        await waitForExit(child, 5_000);
      }
    },
  };

  // First start on a new database also compiles the built-in courses: allow time.
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Server exited during start-up (exit ${child.exitCode})`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.status === 200) return server;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  await server.stop();
  throw new Error(`Server not ready after ${readyTimeoutMs / 1000} s`);
}
