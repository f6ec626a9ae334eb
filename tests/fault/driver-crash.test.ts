// The `postgres` driver fix (db/postgres-fix, decision 012) in isolation, one
// child process per scenario (see driver-crash-child.mjs). The control runs
// without the fix show that each scenario really reaches the driver defect.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { patchConnectionSource } from "../../db/postgres-fix/hooks.js";
import { createCluster, findPgBin, type PgCluster } from "./pg-cluster";

const root = path.resolve(import.meta.dirname, "../..");
const bin = findPgBin();
if (!bin && process.env.CI) throw new Error("Fault test: initdb/pg_ctl not found (set PG_BIN or install PostgreSQL server binaries).");
if (!bin) console.warn("Fault test skipped: initdb/pg_ctl not found (set PG_BIN or install PostgreSQL server binaries).");
const driverSource = fs.readFileSync(path.join(root, "node_modules/postgres/src/connection.js"), "utf8");
const driverIsUnfixed = patchConnectionSource(driverSource).source !== driverSource;

function runChild(cluster: PgCluster, scenario: "transaction" | "stale-error" | "types-query", mode: "fast" | "immediate", withFix: boolean) {
  const args = [...(withFix ? ["--import", "./db/postgres-fix/register.js"] : []), "tests/fault/driver-crash-child.mjs", cluster.url(), scenario];
  // The hook is registered only for a PostgreSQL server, as in server.js.
  const child = spawn(process.execPath, args, { cwd: root, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, DATABASE_URL: cluster.url() } });
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
    if (!String(d).includes("in-flight")) return;
    // Let the query reach the server, then take the server away (and back).
    setTimeout(async () => {
      await cluster.stop(mode);
      if (scenario === "stale-error") {
        await cluster.start();
        child.stdin.write("up\n");
      }
    }, 300);
  });
  child.stderr.on("data", (d) => (out += d));
  return new Promise<{ code: number | null; out: string }>((resolve) => child.on("exit", (code) => resolve({ code, out })));
}

describe.skipIf(!bin)("postgres driver when its server goes away", () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await createCluster(bin!);
  }, 60_000);
  afterAll(async () => {
    await cluster?.destroy();
  });
  const ensureStarted = () => cluster.start().catch(() => {}); // already running is fine

  for (const mode of ["fast", "immediate"] as const) {
    it(`a transaction's dead connection does not kill the process (stop -m ${mode})`, async () => {
      await ensureStarted();
      const { code, out } = await runChild(cluster, "transaction", mode, true);
      expect(out).toMatch(/transaction rejected (CONNECTION_CLOSED|57P01)/);
      expect(out).toContain("survived");
      expect(code).toBe(0);
    });
  }

  it("the first query after a fast restart is not failed with the shutdown's error", async () => {
    await ensureStarted();
    const { code, out } = await runChild(cluster, "stale-error", "fast", true);
    expect(out).toMatch(/running rejected/);
    expect(out).toContain("after-restart ok");
    expect(code).toBe(0);
  });

  it("a connection lost while reading the array types does not kill the process", async () => {
    await ensureStarted();
    const { code, out } = await runChild(cluster, "types-query", "fast", true);
    expect(out).toMatch(/first-query rejected (ECONNREFUSED|CONNECTION_CLOSED)/);
    expect(out).toContain("survived");
    expect(code).toBe(0);
  });

  describe.runIf(driverIsUnfixed)("control: without the fix", () => {
    it("the transaction scenario dies in nextWrite", async () => {
      await ensureStarted();
      const { code, out } = await runChild(cluster, "transaction", "fast", false);
      expect(out).toContain("Cannot read properties of null (reading 'write')");
      expect(out).not.toContain("survived");
      expect(code).not.toBe(0);
    });

    it("the types-query scenario ends in an unhandled rejection", async () => {
      await ensureStarted();
      const { code, out } = await runChild(cluster, "types-query", "fast", false);
      expect(out).toContain("ECONNREFUSED");
      expect(out).not.toContain("survived");
      expect(code).not.toBe(0);
    });

    it("the first query after the restart fails with the old 57P01", async () => {
      await ensureStarted();
      const { out } = await runChild(cluster, "stale-error", "fast", false);
      expect(out).toContain("after-restart rejected 57P01");
    });
  });
});
