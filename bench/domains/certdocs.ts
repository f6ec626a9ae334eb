// Certificate documents: a single PDF download and the public verification
// page as HTTP scenarios, and a timed bulk job of 1,000 certificates that also
// measures another page's latency while the job runs. prepare() issues the
// certificates straight in SQL (completions of the core course for the first
// 1,000 people of the bench province officer's province), idempotently.
import fs from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { unzipSync } from "fflate";
import { and, eq, sql } from "drizzle-orm";
import { db } from "~/db.server";
import { issuingBodyForProvince } from "~/models/certificates.server";
import { accounts, certificateJobs, certificates, courses, roleAssignments } from "../../db/schema";
import { BENCH_USER_AGENT } from "../config";
import { openBenchSessions } from "../fixtures";
import type { BenchDomain } from "./index";

const COURSE = "ctxh-co-ban";
const CERTIFICATES = 1_000;
const YEAR = 2026;
const BULK_BUDGET_S = 60;

// The public verification page allows 60 requests a minute per client IP.
// The bench plays many visitors: the server trusts the loopback proxy and
// each request carries its own X-Forwarded-For (other scenarios send none,
// so nothing else changes). Set before the server is spawned.
process.env.TRUST_PROXY ??= "loopback";

/** The province of the province officer that openBenchSessions picks first (same order). */
async function benchProvince(): Promise<number> {
  const [row] = await db
    .select({ unitId: roleAssignments.unitId })
    .from(accounts)
    .innerJoin(roleAssignments, and(eq(roleAssignments.accountId, accounts.id), eq(roleAssignments.role, "province_officer")))
    .where(eq(accounts.status, "active"))
    .orderBy(sql`md5(${accounts.id}::text)`)
    .limit(1);
  if (!row?.unitId) throw new Error("no active province officer in the bench data");
  return row.unitId;
}

async function ensureCertificates() {
  const provinceId = await benchProvince();
  const body = await issuingBodyForProvince(provinceId);
  const [course] = await db.select().from(courses).where(eq(courses.id, COURSE));
  if (!course) throw new Error(`course ${COURSE} is not imported`);
  await db.transaction(async (tx) => {
    // The first 1,000 people of the province complete the core course (once).
    await tx.execute(sql`
      insert into course_completions (person_id, course_id, cycle, source, completed_on)
      select p.id, ${COURSE}, 1, 'class', date '2026-06-01' - (p.id % 120)
      from people p join admin_units u on u.id = p.commune_id
      where u.province_id = ${provinceId}
      order by p.id limit ${CERTIFICATES}
      on conflict do nothing`);
    // Numbers continue the body's counter for the year, as issueCertificate would.
    await tx.execute(sql`insert into certificate_counters (issuing_body_id, year, last) values (${body.id}, ${YEAR}, 0) on conflict do nothing`);
    await tx.execute(sql`select 1 from certificate_counters where issuing_body_id = ${body.id} and year = ${YEAR} for update`);
    await tx.execute(sql`
      with todo as (
        select c.id, c.person_id, c.completed_on, row_number() over (order by c.id) as rn
        from course_completions c join people p on p.id = c.person_id join admin_units u on u.id = p.commune_id
        where c.course_id = ${COURSE} and u.province_id = ${provinceId}
          and not exists (select 1 from certificates x where x.completion_id = c.id and x.kind = 'original')
      ), base as (
        select last from certificate_counters where issuing_body_id = ${body.id} and year = ${YEAR}
      )
      insert into certificates (serial, register_number, issuing_body_id, year, seq, kind, completion_id, person_id, course_id,
        holder_name, holder_birth_date, course_title, hours, completed_on, issued_on, valid_until)
      select ${body.serialPrefix} || '-' || ${YEAR} || '-' || lpad((base.last + t.rn)::text, 6, '0'), (base.last + t.rn)::text || '/' || ${YEAR},
        ${body.id}, ${YEAR}, base.last + t.rn, 'original', t.id, t.person_id, ${COURSE},
        p.full_name, p.birth_date, ${course.title}, ${course.hours}, t.completed_on, t.completed_on + 1, null
      from todo t cross join base join people p on p.id = t.person_id`);
    await tx.execute(sql`
      update certificate_counters set last = greatest(last, coalesce((select max(seq) from certificates where issuing_body_id = ${body.id} and year = ${YEAR}), 0))
      where issuing_body_id = ${body.id} and year = ${YEAR}`);
  });
  return { provinceId, bodyId: body.id };
}

async function benchCertificates(limit = 300) {
  const { bodyId } = await ensureCertificates();
  return db
    .select({ id: certificates.id, serial: certificates.serial })
    .from(certificates)
    .where(and(eq(certificates.issuingBodyId, bodyId), eq(certificates.courseId, COURSE), eq(certificates.status, "valid")))
    .orderBy(certificates.id)
    .limit(limit);
}

function rotate<T>(items: T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

function percentile(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;
}

async function timedGet(url: string, headers: Record<string, string>) {
  const start = performance.now();
  const response = await fetch(url, { headers: { "user-agent": BENCH_USER_AGENT, ...headers }, redirect: "manual" });
  await response.arrayBuffer();
  return { ms: performance.now() - start, status: response.status };
}

/** Sequential requests to a page until `until` resolves: the latency a user sees meanwhile. */
async function sampleLatency(url: string, headers: Record<string, string>, until: Promise<unknown>) {
  let stop = false;
  void until.finally(() => (stop = true));
  const times: number[] = [];
  while (!stop) {
    times.push((await timedGet(url, headers)).ms);
    await sleep(50);
  }
  return times.sort((a, b) => a - b);
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export const certdocs: BenchDomain = {
  async prepare() {
    await ensureCertificates();
  },
  scenarios: [
    {
      // A province officer downloads single certificates (rendered per request).
      name: "certificate-pdf",
      method: "GET",
      path: "/certificates/0/pdf",
      connections: 4,
      expectStatus: 200,
      preflight: 8,
      budget: { p95MsMax: 150, minRatioToFloor: 0 },
      setup: async () => {
        const [officer] = await openBenchSessions({ province_officer: 1 });
        const next = rotate(await benchCertificates());
        return () => ({ path: `/certificates/${next().id}/pdf`, headers: { cookie: officer!.cookie }, mustContain: "%PDF-" });
      },
    },
    {
      // The QR code's target, opened by many visitors (one IP each).
      name: "verify-page",
      method: "GET",
      path: "/verify/P00-0000-000000",
      connections: 20,
      expectStatus: 200,
      preflight: 20,
      budget: { p95MsMax: 30, minRatioToFloor: 0 },
      setup: async () => {
        const next = rotate(await benchCertificates(1_000));
        let visitor = 0;
        return () => {
          const c = next();
          const ip = `10.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor++ & 255}`;
          return { path: `/verify/${c.serial}`, headers: { "x-forwarded-for": ip }, mustContain: c.serial };
        };
      },
    },
  ],
  steps: [
    {
      name: "certificates-bulk-1000",
      async run(serverUrl) {
        const { provinceId } = await ensureCertificates();
        const [officer] = await openBenchSessions({ province_officer: 1 });
        const headers = { cookie: officer!.cookie };
        // Earlier runs' unfinished jobs of this officer would count against the limit.
        await db.update(certificateJobs).set({ status: "failed", error: "bench" }).where(and(eq(certificateJobs.requestedBy, officer!.accountId), sql`${certificateJobs.status} in ('queued', 'running')`));
        const other = `${serverUrl}/certificates`;
        const baseline: number[] = [];
        for (let i = 0; i < 30; i++) baseline.push((await timedGet(other, headers)).ms);
        baseline.sort((a, b) => a - b);

        const started = performance.now();
        const form = new URLSearchParams({ unit: String(provinceId), course: COURSE, format: "zip" });
        const queued = await fetch(`${serverUrl}/certificates/bulk`, {
          method: "POST",
          body: form,
          headers: { ...headers, "content-type": "application/x-www-form-urlencoded", "user-agent": BENCH_USER_AGENT },
          redirect: "manual",
        });
        const location = queued.headers.get("location") ?? "";
        const jobId = Number(/\/certificates\/jobs\/(\d+)$/.exec(location)?.[1]);
        if (queued.status !== 302 || !jobId) throw new Error(`bulk request: ${queued.status} ${location} ${(await queued.text()).slice(0, 300)}`);
        const queuedMs = performance.now() - started;

        const finished = (async () => {
          for (;;) {
            const [job] = await db.select().from(certificateJobs).where(eq(certificateJobs.id, jobId));
            if (job && (job.status === "done" || job.status === "failed")) return job;
            await sleep(250);
          }
        })();
        const during = await sampleLatency(other, headers, finished);
        const job = await finished;
        const seconds = (performance.now() - started) / 1000;
        if (job.status !== "done") throw new Error(`bulk job ${jobId} failed: ${job.error}`);

        const download = await fetch(`${serverUrl}/certificates/jobs/${jobId}/download`, { headers: { ...headers, "user-agent": BENCH_USER_AGENT } });
        const zip = new Uint8Array(await download.arrayBuffer());
        let pdfs = 0;
        // Count the entries without inflating them.
        unzipSync(zip, {
          filter: (f) => {
            if (f.name.endsWith(".pdf")) pdfs++;
            return false;
          },
        });
        // Keep the bench machine's data directory small.
        if (job.filePath) fs.rmSync(job.filePath, { force: true });
        await db.update(certificateJobs).set({ status: "expired", filePath: null }).where(eq(certificateJobs.id, jobId));

        return {
          name: "certificates-bulk-1000",
          certificates: job.total,
          pdfs_in_zip: pdfs,
          zip_mb: round1(zip.byteLength / 1024 / 1024),
          request_ms: round1(queuedMs),
          seconds: round1(seconds),
          other_route: "GET /certificates (province officer)",
          other_p50_ms_before: round1(percentile(baseline, 50)),
          other_p95_ms_before: round1(percentile(baseline, 95)),
          other_p50_ms_during: round1(percentile(during, 50)),
          other_p95_ms_during: round1(percentile(during, 95)),
          other_max_ms_during: round1(during[during.length - 1] ?? 0),
          other_samples_during: during.length,
          budget: { description: `${job.total} certificates (ZIP) in ≤ ${BULK_BUDGET_S} s: ${round1(seconds)} s`, pass: seconds <= BULK_BUDGET_S && pdfs === job.total && job.total >= CERTIFICATES },
        };
      },
    },
  ],
};
