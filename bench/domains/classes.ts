// In-person classes: one-tap attendance as the phone sends it (a fetcher
// POST to the route's .data URL with the wanted state), rotating through the
// members and sessions of a bench class run by a bench trainer. The class is
// created once (idempotent: found again by its title and trainer).
import { and, eq, sql } from "drizzle-orm";
import { loadRoles } from "~/auth/auth.server";
import { db } from "~/db.server";
import { translator } from "~/i18n";
import { createClass, enrolMembers } from "~/models/classes.server";
import { adminUnits, people, roleAssignments } from "../../db/schema";
import { trainingClasses, trainingClassSessions, trainingClassMembers } from "../../db/tables/classes";
import { openBenchSessions } from "../fixtures";
import type { BenchDomain } from "./index";

const TITLE = "Lớp đo hiệu năng điểm danh (bench)";
const MEMBERS = 40;

async function benchClass(accountId: number) {
  const [existing] = await db
    .select({ id: trainingClasses.id })
    .from(trainingClasses)
    .where(and(eq(trainingClasses.title, TITLE), eq(trainingClasses.createdBy, accountId)));
  if (existing) return existing.id;
  const [scope] = await db.select({ unitId: roleAssignments.unitId }).from(roleAssignments).where(and(eq(roleAssignments.accountId, accountId), eq(roleAssignments.role, "trainer")));
  // The commune of the trainer's province with the most active people.
  const [commune] = await db
    .select({ id: adminUnits.id, n: sql<number>`count(${people.id})::int` })
    .from(adminUnits)
    .innerJoin(people, and(eq(people.communeId, adminUnits.id), eq(people.status, "active")))
    .where(and(eq(adminUnits.provinceId, scope!.unitId!), eq(adminUnits.level, "commune")))
    .groupBy(adminUnits.id)
    .orderBy(sql`count(${people.id}) desc`)
    .limit(1);
  const actor = { id: accountId, roles: await loadRoles(accountId) };
  const created = await createClass(
    actor,
    {
      courseId: "bvte-cong-dong",
      title: TITLE,
      startsOn: "2026-06-01",
      endsOn: "2026-06-04",
      place: "Hội trường (bench)",
      capacity: MEMBERS,
      communeIds: [commune!.id],
      sessionDates: ["2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04"],
      minAttendancePercent: 100,
      requirePass: true,
      passScore: 50,
    },
    translator("vi"),
  );
  if (!created.ok) throw new Error(`bench class: ${JSON.stringify(created.errors)}`);
  const ids = (await db.select({ id: people.id }).from(people).where(and(eq(people.communeId, commune!.id), eq(people.status, "active"))).limit(MEMBERS)).map((p) => p.id);
  await enrolMembers(actor, created.id, ids);
  return created.id;
}

export const classes: BenchDomain = {
  scenarios: [
    {
      name: "class-attendance-post",
      method: "POST",
      path: "/classes",
      connections: 20,
      expectStatus: 200,
      preflight: 10,
      budget: { p95MsMax: 100, minRatioToFloor: 0 },
      setup: async () => {
        const [trainer] = await openBenchSessions({ trainer: 1 });
        const classId = await benchClass(trainer!.accountId);
        const sessions = await db.select({ id: trainingClassSessions.id }).from(trainingClassSessions).where(eq(trainingClassSessions.classId, classId));
        const members = await db.select({ personId: trainingClassMembers.personId }).from(trainingClassMembers).where(eq(trainingClassMembers.classId, classId));
        const requests = sessions.flatMap((s) => members.flatMap((m) => ["1", "0"].map((present) => ({ path: `/classes/${classId}/sessions/${s.id}.data`, body: `intent=attend&personId=${m.personId}&present=${present}&js=1` }))));
        let i = 0;
        return () => {
          const r = requests[i++ % requests.length]!;
          return { path: r.path, headers: { cookie: trainer!.cookie, "content-type": "application/x-www-form-urlencoded" }, body: r.body };
        };
      },
    },
  ],
};
