// A process killed (SIGKILL) between the two steps of issuing: the
// completion and its numbered certificate committed, the credential not yet
// signed. After a restart the sweep signs it: completions = certificates,
// one each, numbers without a gap (docs/decisions/013).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { db, migrate, openDatabase, setDatabase, type Database, type DatabaseOptions } from "~/db.server";
import { sweepCertificates } from "~/models/certificate-sweep.server";
import { checkCredential, enableCredentials } from "~/models/credentials.server";
import { setLanProbe, settlePublicAddress } from "~/models/public-address.server";
import { adminUnits, certificates, courseCompletions, people } from "../../db/schema";
import { createTestCourse } from "../support/course-fixture";
import { createTestDatabase, usingPostgres } from "../support/db";
import { demoActor, seedDemoData } from "../support/fixtures";
import { issuingInvariants } from "../support/issuing";

let database: Database | undefined;
let drop: (() => Promise<void>) | undefined;
let dataDir: string | undefined;
afterAll(async () => {
  setLanProbe(null);
  await (drop ? drop() : database?.close());
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** PostgreSQL: a fresh database both processes connect to. PGlite: a data directory, opened by one process at a time. */
async function open(): Promise<DatabaseOptions> {
  if (usingPostgres) {
    const created = await createTestDatabase();
    database = created.database;
    drop = created.drop;
    setDatabase(database);
    return created.options;
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ctxh-crash-"));
  const options: DatabaseOptions = { dataDir };
  database = await openDatabase(options);
  await migrate(database, options);
  setDatabase(database);
  return options;
}

function runChild(options: DatabaseOptions, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/issue-then-hang.ts"], {
    env: {
      ...process.env,
      ...env,
      ...("url" in options ? { CHILD_DATABASE_URL: options.url } : { CHILD_DATA_DIR: (options as { dataDir: string }).dataDir }),
      LOG_LEVEL: "silent",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise<{ out: string; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      // The certificate transaction has committed; the signer is running: kill -9.
      if (out.includes("signing\n")) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => (signal ? resolve({ out, signal }) : reject(new Error(`child exited ${code}: ${err}`))));
  });
}

describe("a crash between numbering and signing", () => {
  it("is finished by the sweep after a restart", { timeout: 120_000 }, async () => {
    const options = await open();
    setLanProbe(() => null);
    enableCredentials();
    await seedDemoData();
    await createTestCourse("crash-course");
    await settlePublicAddress("https://ctxh.quangtri.gov.vn", { id: 1 });
    const actor = await demoActor("qt-province");
    const [dongHa] = await db.select().from(adminUnits).where(eq(adminUnits.code, "19333"));
    const [person] = await db.select().from(people).where(eq(people.communeId, dongHa!.id)).limit(1);
    const before = await issuingInvariants();

    // PGlite is one process's: let go of the directory while the child runs.
    if (!usingPostgres) await database!.close();
    const { out, signal } = await runChild(options, { CHILD_PERSON: String(person!.id), CHILD_COURSE: "crash-course", CHILD_ACTOR: String(actor.id) });
    expect(signal).toBe("SIGKILL");
    expect(out).not.toContain("returned");

    // "Restart": open the database again, as start-up does.
    if (!usingPostgres) {
      database = await openDatabase(options);
      await migrate(database, options);
      setDatabase(database);
    }
    const [completion] = await db.select().from(courseCompletions).where(and(eq(courseCompletions.personId, person!.id), eq(courseCompletions.courseId, "crash-course")));
    expect(completion).toBeDefined();
    const [left] = await db.select().from(certificates).where(eq(certificates.completionId, completion!.id));
    expect(left).toBeDefined();
    expect(left!.credential).toBeNull();
    expect(await issuingInvariants()).toMatchObject({ completions: before.completions + 1, originals: before.originals + 1, missing: 0, unsigned: 1, gaps: 0, counterMismatch: 0 });

    const swept = await sweepCertificates();
    expect(swept).toMatchObject({ issued: 0, signed: 1, signFailed: 0, unsigned: 0 });
    const [signed] = await db.select().from(certificates).where(eq(certificates.completionId, completion!.id));
    expect(signed!.serial).toBe(left!.serial);
    expect((signed!.credential as { id: string }).id).toBe(`https://ctxh.quangtri.gov.vn/verify/${signed!.serial}`);
    expect((await checkCredential(signed!.credential)).ok).toBe(true);
    const after = await issuingInvariants();
    expect(after).toMatchObject({ originals: after.completions, missing: 0, unsigned: 0, gaps: 0, counterMismatch: 0 });
  });
});
