// Bulk certificate downloads: a request queues a job row and returns at once;
// an in-process runner (docs/decisions/006) takes one job at a time, renders
// the PDFs a certificate at a time with a yield to the event loop in between,
// and writes the ZIP or PDF under DATA_DIR. Progress (done/total) is in the
// row, so any process can show it. A job whose runner disappeared (restart,
// crash) has a stale heartbeat and is taken again; after 3 tries it fails.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { Zip, ZipPassThrough } from "fflate";
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { notFound, type CurrentUser } from "~/auth/auth.server";
import { can } from "~/auth/permissions.server";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { logger } from "~/logger.server";
import { warmCertificateFonts, type CertificatePdfBody, type CertificatePdfInput } from "~/pdf/certificate.server";
import { renderCertificatePdfs, stopRenderWorker, writeCertificatesPdfFile } from "~/pdf/render-worker.server";
import { certificateJobs } from "../../db/schema";
import { audit } from "./audit.server";
import { certificatesWithBodies, selectBulkCertificateIds, toPdfInput } from "./certificate-docs.server";
import { publicBase } from "./public-address.server";

export type CertificateJob = typeof certificateJobs.$inferSelect;
export type JobFormat = "zip" | "pdf";

export interface JobScope {
  unitId: number;
  unitPath: string;
  unitName: string;
  unitCode: string;
  courseId: string | null;
  courseTitle: string | null;
  classId?: number | null;
  classTitle?: string | null;
  /** The public address when the job was queued (informative; the QR codes use the address at render time). */
  origin: string;
}

export const MAX_ACTIVE_JOBS_PER_USER = 3;
const MAX_ATTEMPTS = 3;
const STALE_AFTER_SECONDS = 120;
/** Finished files are kept this long, then deleted (the row stays, as "expired"). */
export const KEEP_FILES_DAYS = 7;
const BATCH = 50;

export function jobsDir() {
  return path.resolve(env.DATA_DIR, "exports", "certificates");
}

export async function activeJobsOf(accountId: number) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(certificateJobs)
    .where(and(eq(certificateJobs.requestedBy, accountId), inArray(certificateJobs.status, ["queued", "running"])));
  return row?.n ?? 0;
}

export async function createCertificateJob(input: { requestedBy: number; format: JobFormat; scope: JobScope; total: number; ip?: string | null }) {
  const [job] = await db
    .insert(certificateJobs)
    .values({ requestedBy: input.requestedBy, format: input.format, scope: input.scope, total: input.total })
    .returning();
  await audit({
    actorId: input.requestedBy,
    action: "certificate.bulk_download",
    entityType: "certificate_job",
    entityId: job!.id,
    unitId: input.scope.unitId,
    after: { format: input.format, course: input.scope.courseId, total: input.total },
    ip: input.ip,
  });
  wakeRunner();
  return job!;
}

export async function getCertificateJob(id: number) {
  const [job] = await db.select().from(certificateJobs).where(eq(certificateJobs.id, id));
  return job ?? null;
}

export async function recentJobsOf(accountId: number, limit = 10) {
  return db.select().from(certificateJobs).where(eq(certificateJobs.requestedBy, accountId)).orderBy(desc(certificateJobs.id)).limit(limit);
}

/** The job if the user may see it: its requester, or an officer covering its unit; else 404. */
export async function visibleJob(user: CurrentUser, jobId: string | undefined): Promise<CertificateJob> {
  const id = jobId && /^\d{1,9}$/.test(jobId) ? Number(jobId) : null;
  const job = id ? await getCertificateJob(id) : null;
  if (!job) notFound();
  if (job.requestedBy !== user.account.id && !can(user, "certificates:issue", jobScope(job).unitPath)) notFound();
  return job;
}

export function jobScope(job: CertificateJob) {
  return job.scope as JobScope;
}

export function jobFileName(job: CertificateJob) {
  const scope = jobScope(job);
  return `giay-chung-nhan-${scope.unitCode}${scope.courseId ? `-${scope.courseId}` : ""}${scope.classId ? `-lop-${scope.classId}` : ""}-${job.id}.${job.format}`;
}

/** Takes the oldest queued job, or a running one whose runner stopped beating. */
async function claimNextJob(): Promise<CertificateJob | null> {
  const result = await db.execute(sql`
    update certificate_jobs set status = 'running', attempts = attempts + 1, heartbeat_at = now(), done = 0, error = null
    where id = (
      select id from certificate_jobs
      where status = 'queued' or (status = 'running' and heartbeat_at < now() - make_interval(secs => ${STALE_AFTER_SECONDS}))
      order by id limit 1 for update skip locked
    )
    returning id`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { id: number }[];
  if (!rows.length) return null;
  return getCertificateJob(Number(rows[0]!.id));
}

async function fail(job: CertificateJob, error: string) {
  await db.update(certificateJobs).set({ status: "failed", error, finishedAt: new Date() }).where(eq(certificateJobs.id, job.id));
}

class Interrupted extends Error {}

/** Renders one job into its file. Exported for tests, which run jobs without the timer. */
export async function runJob(job: CertificateJob) {
  if (job.attempts > MAX_ATTEMPTS) return fail(job, "interrupted");
  const scope = jobScope(job);
  // The address now, not when queued: a job queued before it was settled prints QR codes once it is.
  const base = await publicBase();
  const ids = await selectBulkCertificateIds({ unitPath: scope.unitPath, courseId: scope.courseId, classId: scope.classId ?? null });
  if (!ids.length) return fail(job, "empty");
  await db.update(certificateJobs).set({ total: ids.length, done: 0 }).where(eq(certificateJobs.id, job.id));
  const dir = jobsDir();
  fs.mkdirSync(dir, { recursive: true });
  const final = path.join(dir, `job-${job.id}-${randomBytes(6).toString("hex")}.${job.format}`);
  const part = `${final}.part`;
  let done = 0;
  const progress = () => db.update(certificateJobs).set({ done, heartbeatAt: new Date() }).where(eq(certificateJobs.id, job.id));
  // One body object per issuing body: messages to the render worker then carry each logo once.
  const bodies = new Map<number, CertificatePdfBody>();
  const inputsOf = (rows: Awaited<ReturnType<typeof certificatesWithBodies>>) =>
    rows.map((row) => {
      const input = toPdfInput(row.certificate, row.body, base);
      const body = bodies.get(row.body.id) ?? input.body;
      bodies.set(row.body.id, body);
      return { ...input, body };
    });
  let out: fs.WriteStream | null = null;
  try {
    if (job.format === "zip") {
      const stream = (out = fs.createWriteStream(part));
      const written = new Promise<void>((resolve, reject) => {
        stream.on("finish", resolve);
        stream.on("error", reject);
      });
      const zip = new Zip((err, chunk, last) => {
        if (err) stream.destroy(err);
        else {
          stream.write(chunk);
          if (last) stream.end();
        }
      });
      for (let i = 0; i < ids.length; i += BATCH) {
        const rows = await certificatesWithBodies(ids.slice(i, i + BATCH));
        const pdfs = await renderCertificatePdfs(inputsOf(rows));
        rows.forEach((row, k) => {
          // PDFs are compressed already: stored, not deflated again.
          const entry = new ZipPassThrough(`${row.certificate.serial}.pdf`);
          zip.add(entry);
          entry.push(pdfs[k]!, true);
        });
        done += rows.length;
        await progress();
        await yieldToEventLoop();
        if (shuttingDown) throw new Interrupted();
      }
      zip.end();
      await written;
    } else {
      const inputs: CertificatePdfInput[] = [];
      for (let i = 0; i < ids.length; i += BATCH) inputs.push(...inputsOf(await certificatesWithBodies(ids.slice(i, i + BATCH))));
      let lastSaved = 0;
      await writeCertificatesPdfFile(part, `Giấy chứng nhận — ${scope.unitName}`, "CTXH Academy", inputs, (n) => {
        done = n;
        // Progress is shown, not relied on: a lost update is harmless.
        if (n - lastSaved >= BATCH) {
          lastSaved = n;
          void progress().catch(() => {});
        }
      });
      done = inputs.length;
    }
    fs.renameSync(part, final);
    const size = fs.statSync(final).size;
    await db
      .update(certificateJobs)
      .set({ status: "done", done, filePath: final, fileSize: size, finishedAt: new Date(), heartbeatAt: new Date() })
      .where(eq(certificateJobs.id, job.id));
    logger.info({ event: "certificate_job.done", job: job.id, count: done, bytes: size }, "bulk certificates ready");
  } catch (err) {
    out?.destroy();
    fs.rmSync(part, { force: true });
    // Shutting down: left "running"; the next start queues it again.
    if (err instanceof Interrupted || shuttingDown) return;
    logger.error({ event: "certificate_job.error", job: job.id, err }, "bulk certificates failed");
    await fail(job, "error");
  }
}

/** Runs queued jobs until none is left; returns how many ran. */
export async function runPendingJobs(): Promise<number> {
  let ran = 0;
  let job: CertificateJob | null;
  while (!shuttingDown && (job = await claimNextJob())) {
    current = runJob(job);
    await current;
    current = null;
    ran++;
  }
  return ran;
}

/** Deletes files older than KEEP_FILES_DAYS and leftovers of interrupted runs. */
export async function cleanOldJobFiles(now = new Date()) {
  const cutoff = new Date(now.getTime() - KEEP_FILES_DAYS * 86_400_000);
  await db
    .update(certificateJobs)
    .set({ status: "expired", filePath: null })
    .where(and(eq(certificateJobs.status, "done"), lt(certificateJobs.finishedAt, cutoff)));
  const dir = jobsDir();
  if (!fs.existsSync(dir)) return;
  const keep = new Set(
    (await db.select({ filePath: certificateJobs.filePath }).from(certificateJobs).where(eq(certificateJobs.status, "done"))).map((r) => r.filePath),
  );
  const running = await db.select({ id: certificateJobs.id }).from(certificateJobs).where(eq(certificateJobs.status, "running"));
  const runningPrefixes = running.map((r) => `job-${r.id}-`);
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (keep.has(file) || runningPrefixes.some((p) => name.startsWith(p))) continue;
    fs.rmSync(file, { force: true });
  }
}

/**
 * At start-up of a single process (or a cluster's primary, before workers
 * exist) no job can be running: those marked so were interrupted. They are
 * queued again to be redone from the start, or failed after MAX_ATTEMPTS.
 */
export async function recoverInterruptedJobs() {
  await db.update(certificateJobs).set({ status: "failed", error: "interrupted", finishedAt: new Date() }).where(and(eq(certificateJobs.status, "running"), sql`${certificateJobs.attempts} >= ${MAX_ATTEMPTS}`));
  await db.update(certificateJobs).set({ status: "queued" }).where(eq(certificateJobs.status, "running"));
}

// The runner: a timer in the serving process.
let timer: NodeJS.Timeout | null = null;
let stopping = true;
let shuttingDown = false;
let current: Promise<void> | null = null;
let ticking = false;
let lastCleanup = 0;
const POLL_MS = 5_000;

async function tick() {
  if (ticking || stopping) return;
  ticking = true;
  try {
    await runPendingJobs();
    if (Date.now() - lastCleanup > 3_600_000) {
      lastCleanup = Date.now();
      await cleanOldJobFiles();
    }
  } catch (err) {
    logger.error({ event: "certificate_job.runner_error", err }, "certificate job runner");
  } finally {
    ticking = false;
    if (!stopping) timer = setTimeout(() => void tick(), POLL_MS);
  }
}

/** Called right after a job is queued so it starts without waiting for the poll. */
function wakeRunner() {
  if (stopping || ticking) return;
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => void tick(), 0);
}

export function startCertificateJobRunner() {
  if (!stopping) return;
  stopping = false;
  shuttingDown = false;
  timer = setTimeout(() => {
    // Parse the certificate fonts now rather than in the first download (~250 ms once).
    warmCertificateFonts();
    void tick();
  }, 1_000);
  timer.unref?.();
}

export async function stopCertificateJobRunner() {
  stopping = true;
  shuttingDown = true;
  if (timer) clearTimeout(timer);
  timer = null;
  // The job in progress is left "running": its heartbeat goes stale and the next start takes it again.
  await Promise.race([current, new Promise((r) => setTimeout(r, 2_000))]);
  await stopRenderWorker();
}
