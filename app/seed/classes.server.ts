// A demo in-person class: the Quảng Trị trainer's class for her own commune,
// held last week, with learners enrolled and the first session's attendance
// taken, still open so the demo can finish it. Nobody from Phường Đông Hà is
// in it (browser tests work with Đông Hà people).
import { and, eq, isNull, ne } from "drizzle-orm";
import { db } from "~/db.server";
import { todayInVietnam } from "~/lib/dates";
import { getPublishedCourse } from "~/models/learning.server";
import { accounts, adminUnits, people } from "../../db/schema";
import { trainingClassAttendance, trainingClassCommunes, trainingClasses, trainingClassMembers, trainingClassSessions } from "../../db/tables/classes";

const COURSE = "bvte-cong-dong";

function daysAgo(n: number) {
  const d = new Date(`${todayInVietnam()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

export async function seedClasses() {
  const published = await getPublishedCourse(COURSE);
  if (!published) return;
  const [commune] = await db.select().from(adminUnits).where(eq(adminUnits.code, "19360"));
  const [trainer] = await db.select({ id: accounts.id, personId: accounts.personId }).from(accounts).where(eq(accounts.phone, "0905000003"));
  if (!commune || !trainer) return;
  const learners = await db
    .select({ id: people.id })
    .from(people)
    .leftJoin(accounts, eq(accounts.personId, people.id))
    .where(and(eq(people.communeId, commune.id), eq(people.status, "active"), isNull(accounts.id), ne(people.id, trainer.personId ?? 0)))
    .orderBy(people.id)
    .limit(4);
  const [cls] = await db
    .insert(trainingClasses)
    .values({
      courseId: COURSE,
      title: `Tập huấn bảo vệ trẻ em tại cộng đồng – ${commune.name}`,
      startsOn: daysAgo(8),
      endsOn: daysAgo(7),
      place: `Hội trường UBND ${commune.fullName}`,
      capacity: 25,
      provinceId: commune.provinceId!,
      createdBy: trainer.id,
    })
    .returning({ id: trainingClasses.id });
  const classId = cls!.id;
  await db.insert(trainingClassCommunes).values({ classId, communeId: commune.id });
  const sessions = await db
    .insert(trainingClassSessions)
    .values([
      { classId, seq: 1, heldOn: daysAgo(8) },
      { classId, seq: 2, heldOn: daysAgo(7) },
    ])
    .returning({ id: trainingClassSessions.id });
  if (!learners.length) return;
  await db.insert(trainingClassMembers).values(learners.map((p) => ({ classId, personId: p.id, enrolledBy: trainer.id })));
  await db.insert(trainingClassAttendance).values(learners.map((p, i) => ({ sessionId: sessions[0]!.id, personId: p.id, present: i !== 0, markedBy: trainer.id })));
}
