// A private, throw-away PostgreSQL cluster for fault tests: initdb into a
// temporary directory, its own port and socket directory, stopped and removed
// at the end. The machine's shared server on 5432 is never touched.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The directory holding initdb/pg_ctl: $PG_BIN, else the newest /usr/lib/postgresql/N/bin. */
export function findPgBin(): string | null {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const root = "/usr/lib/postgresql";
  if (fs.existsSync(root)) {
    for (const v of fs.readdirSync(root).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(root, v, "bin"));
  }
  return candidates.find((dir) => fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "pg_ctl"))) ?? null;
}

export interface PgCluster {
  port: number;
  url: (database?: string) => string;
  start(): Promise<void>;
  /** `pg_ctl stop` with the given shutdown mode (fast: disconnects clients; immediate: no clean shutdown). */
  stop(mode: "fast" | "immediate"): Promise<void>;
  /** Stops (any mode) and deletes the data directory. Safe to call twice. */
  destroy(): Promise<void>;
}

export async function createCluster(bin: string): Promise<PgCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ctxh-fault-pg-"));
  const data = path.join(dir, "data");
  // initdb refuses to run as root: then the cluster belongs to `postgres`.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await run("chown", ["postgres:", dir]);
  const pg = (cmd: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args]) : run(path.join(bin, cmd), args);

  await pg("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  const port = 55432 + Math.floor(Math.random() * 5000);
  fs.appendFileSync(
    path.join(data, "postgresql.conf"),
    [
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dir}'`,
      "fsync = off",
      "synchronous_commit = on",
      "full_page_writes = off",
      "max_connections = 50",
      "",
    ].join("\n"),
  );
  let destroyed = false;
  const cluster: PgCluster = {
    port,
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await pg("pg_ctl", ["start", "-D", data, "-w", "-t", "30", "-l", path.join(dir, "log")]);
    },
    async stop(mode) {
      await pg("pg_ctl", ["stop", "-D", data, "-m", mode, "-w", "-t", "30"]);
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await pg("pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w", "-t", "30"]).catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}
