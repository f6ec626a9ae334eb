// Training targets on the national data set: one target per province (since
// 21/05/2021, so the trend has ~66 months) and ~45% of people with a
// core-course completion spread over the years; departures are the roster's. Scenarios: a province
// dashboard (Quảng Trị, ~2,300 people in 78 communes) as its officer, and the
// national overview (34 provinces) as a system administrator; a timed step
// for the province's Excel export.
import { and, eq, sql } from "drizzle-orm";
import { generateSessionToken, SESSION_COOKIE, sessionIdFromToken } from "~/auth/session.server";
import { db } from "~/db.server";
import { backfillMissingPeriods } from "~/models/roster.server";
import { accounts, adminUnits, appMeta, roleAssignments, sessions } from "../../db/schema";
import { trainingTargets } from "../../db/tables/targets";
import { BENCH_USER_AGENT } from "../config";
import type { BenchDomain } from "./index";

const MARKER = "bench.targets";
const VERSION = "bench-targets-2";
const EVIDENCE = "bench-targets";
const ADMIN_EMAIL = "targets-admin@bench.invalid";
const EXPORT_BUDGET_S = 3;

async function count(query: ReturnType<typeof sql>) {
  const result = (await db.execute(query)) as unknown as { n: number }[] | { rows: { n: number }[] };
  return Number((Array.isArray(result) ? result : result.rows)[0]!.n);
}

async function qtTargetId() {
  const [row] = await db
    .select({ id: trainingTargets.id })
    .from(trainingTargets)
    .innerJoin(adminUnits, eq(adminUnits.id, trainingTargets.provinceId))
    .where(eq(adminUnits.code, "44"));
  if (!row) throw new Error("no bench target for Quảng Trị: prepare() did not run");
  return row.id;
}

/** A session (in the database, as login would make) for an account. */
async function sessionFor(accountId: number) {
  const token = generateSessionToken();
  await db.insert(sessions).values({ id: sessionIdFromToken(token), accountId, expiresAt: new Date(Date.now() + 86_400_000), absoluteExpiresAt: new Date(Date.now() + 86_400_000), userAgent: BENCH_USER_AGENT });
  return `${SESSION_COOKIE}=${token}`;
}

async function provinceOfficerCookies(provinceCode: string, n: number) {
  const rows = await db
    .select({ accountId: roleAssignments.accountId })
    .from(roleAssignments)
    .innerJoin(adminUnits, eq(adminUnits.id, roleAssignments.unitId))
    .where(and(eq(roleAssignments.role, "province_officer"), eq(adminUnits.code, provinceCode)))
    .limit(1);
  if (!rows[0]) throw new Error(`no province officer for ${provinceCode}`);
  return Promise.all(Array.from({ length: n }, () => sessionFor(rows[0]!.accountId)));
}

async function adminCookies(n: number) {
  const [admin] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, ADMIN_EMAIL));
  if (!admin) throw new Error("no bench targets admin: prepare() did not run");
  return Promise.all(Array.from({ length: n }, () => sessionFor(admin.id)));
}

function rotate<T>(items: T[]) {
  let i = 0;
  return () => items[i++ % items.length]!;
}

export const targets: BenchDomain = {
  async prepare() {
    await backfillMissingPeriods();
    const [marker] = await db.select().from(appMeta).where(eq(appMeta.key, MARKER));
    const completions = await count(sql`select count(*)::int as n from course_completions where evidence = ${EVIDENCE}`);
    if ((marker?.value as { version?: string } | undefined)?.version === VERSION && completions > 0) return;

    await db.execute(sql`delete from training_targets`);
    await db.execute(sql`
      insert into training_targets (province_id, plan_ref, percent, starts_on, deadline, positions, course_ids, expired_counts)
      select id, 'Kế hoạch ' || code || '/KH-UBND (bench)', 50, '2021-05-21', '2025-12-31',
        '{ctv_ctxh,nhan_vien_ctxh,cong_chuc_vhxh}'::"position"[], '{ctxh-co-ban}'::text[], true
      from admin_units where level = 'province'`);
    // Version 1 closed the periods of ~5% of people here; the roster's own
    // departures (generated "left" people) are enough, and people.status must
    // stay in line with the periods for the other features: reopen them.
    await db.execute(sql`
      update staff_periods sp set ended_on = null, end_reason = null
      from people p
      where p.id = sp.person_id and p.status = 'active' and sp.end_reason = 'left' and sp.person_id % 20 = 7
        and not exists (select 1 from staff_periods later where later.person_id = sp.person_id and later.started_on > sp.started_on)`);
    // ~45% completed the core course in a class, spread from mid-2021 to last month.
    await db.execute(sql`delete from course_completions where evidence = ${EVIDENCE}`);
    await db.execute(sql`
      insert into course_completions (person_id, course_id, cycle, source, completed_on, evidence)
      select p.id, 'ctxh-co-ban', 1, 'class', date '2021-06-01' + ((p.id * 7919) % (current_date - 30 - date '2021-06-01')), ${EVIDENCE}
      from people p
      where (p.id * 31) % 100 < 45
      on conflict do nothing`);
    // A national administrator for the overview (no person behind it).
    const [admin] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, ADMIN_EMAIL));
    if (!admin) {
      const [created] = await db.insert(accounts).values({ displayName: "Quản trị (bench mục tiêu)", email: ADMIN_EMAIL, status: "active" }).returning({ id: accounts.id });
      await db.insert(roleAssignments).values({ accountId: created!.id, role: "admin", unitId: null });
    }
    await db.execute(sql`analyze staff_periods`);
    await db.execute(sql`analyze course_completions`);
    await db.insert(appMeta).values({ key: MARKER, value: { version: VERSION } }).onConflictDoUpdate({ target: appMeta.key, set: { value: { version: VERSION } } });
  },
  scenarios: [
    {
      // One province against its target with the monthly trend since 2021,
      // every commune with its last activity, and the forecast.
      name: "targets-province-dashboard",
      method: "GET",
      path: "/dashboard",
      connections: 10,
      expectStatus: 200,
      preflight: 5,
      budget: { p95MsMax: 50, minRatioToFloor: 0 },
      setup: async () => {
        const id = await qtTargetId();
        const cookies = rotate(await provinceOfficerCookies("44", 10));
        return () => ({ path: `/dashboard/${id}`, headers: { cookie: cookies() }, mustContain: "Tỉnh Quảng Trị" });
      },
    },
    {
      // All 34 provinces side by side on today's date.
      name: "targets-national-overview",
      method: "GET",
      path: "/dashboard",
      connections: 4,
      expectStatus: 200,
      preflight: 3,
      budget: { p95MsMax: 250, minRatioToFloor: 0 },
      setup: async () => {
        const cookies = rotate(await adminCookies(4));
        return () => ({ headers: { cookie: cookies() }, mustContain: "Tỉnh Quảng Trị" });
      },
    },
  ],
  steps: [
    {
      name: "targets-export-xlsx-province",
      async run(serverUrl) {
        const id = await qtTargetId();
        const [cookie] = await provinceOfficerCookies("44", 1);
        const started = performance.now();
        const response = await fetch(`${serverUrl}/dashboard/${id}/export/xlsx`, { headers: { cookie: cookie! } });
        const bytes = (await response.arrayBuffer()).byteLength;
        const seconds = (performance.now() - started) / 1000;
        if (response.status !== 200) throw new Error(`export answered ${response.status}`);
        return { name: "targets-export-xlsx-province", seconds: Math.round(seconds * 1000) / 1000, bytes, budget: { description: `≤ ${EXPORT_BUDGET_S} s`, pass: seconds <= EXPORT_BUDGET_S } };
      },
    },
  ],
};
