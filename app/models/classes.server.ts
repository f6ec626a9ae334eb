// In-person classes (lớp tập huấn): creation, enrolment within capacity,
// idempotent attendance, results, evidence photos and closing, which records
// completions through recordCompletion (so certificates and targets count
// them exactly like online ones).
import { and, asc, desc, eq, inArray, isNull, notInArray, sql, type SQL } from "drizzle-orm";
import { db, type Db } from "~/db.server";
import { can, scopeCondition, type Grantee } from "~/auth/permissions.server";
import type { T } from "~/i18n";
import { formatDate, parseDate, todayInVietnam } from "~/lib/dates";
import type { FieldErrors, Values } from "~/lib/form.server";
import { normalizeName } from "~/lib/names";
import { maskPhone, normalizePhone } from "~/lib/phone";
import { adminUnits, certificates, courseCompletions, courses, people } from "../../db/schema";
import {
  trainingClassAttendance as attendance,
  trainingClassCommunes as classCommunes,
  trainingClassEvidence as evidence,
  trainingClassMembers as members,
  trainingClasses as classes,
  trainingClassSessions as sessions,
  type TrainingClass,
} from "../../db/tables/classes";
import { audit } from "./audit.server";
import { recordCompletion } from "./certificates.server";

export const MAX_SESSIONS = 60;
export const MAX_CAPACITY = 500;

export type Actor = Grantee & { id: number };

export interface ClassInput {
  courseId: string;
  title: string;
  startsOn: string;
  endsOn: string;
  place: string;
  capacity: number;
  communeIds: number[];
  sessionDates: string[];
  minAttendancePercent: number;
  requirePass: boolean;
  passScore: number;
}

function intIn(value: string | undefined, min: number, max: number): number | null {
  if (!value || !/^\d{1,4}$/.test(value.trim())) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

/** One date per day from start to end (the default when no session dates are typed). */
function everyDay(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); out.length < MAX_SESSIONS; d.setUTCDate(d.getUTCDate() + 1)) {
    const iso = d.toISOString().slice(0, 10);
    if (iso > to) break;
    out.push(iso);
  }
  return out;
}

/**
 * Validates the class form. Communes arrive as repeated `communeId` values;
 * session dates as lines of a textarea (empty: one session a day).
 */
export function validateClass(values: Values, communeIds: number[], t: T): { ok: true; input: ClassInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const title = normalizeName(values.title ?? "");
  if (!title || title.length > 200) errors.title = t("classes.error.title");
  const place = normalizeName(values.place ?? "");
  if (!place || place.length > 200) errors.place = t("classes.error.place");
  if (!values.courseId) errors.courseId = t("classes.error.course");
  const startsOn = parseDate(values.startsOn ?? "");
  const endsOn = parseDate(values.endsOn ?? "");
  if (!startsOn) errors.startsOn = t("validation.date", { field: t("classes.field.startsOn") });
  if (!endsOn) errors.endsOn = t("validation.date", { field: t("classes.field.endsOn") });
  else if (startsOn && endsOn < startsOn) errors.endsOn = t("classes.error.endBeforeStart");
  const capacity = intIn(values.capacity, 1, MAX_CAPACITY);
  if (capacity === null) errors.capacity = t("classes.error.capacity", { max: MAX_CAPACITY });
  const minAttendancePercent = intIn(values.minAttendancePercent || "100", 1, 100);
  if (minAttendancePercent === null) errors.minAttendancePercent = t("classes.error.percent");
  const passScore = intIn(values.passScore || "50", 0, 100);
  if (passScore === null) errors.passScore = t("classes.error.passScore");
  if (!communeIds.length) errors.communeId = t("classes.error.communes");

  let sessionDates: string[] = [];
  if (startsOn && endsOn && endsOn >= startsOn) {
    const lines = (values.sessions ?? "").split(/[\n,;]+/).map((l) => l.trim()).filter(Boolean);
    if (!lines.length) sessionDates = everyDay(startsOn, endsOn);
    else {
      const bad: string[] = [];
      for (const line of lines) {
        const d = parseDate(line);
        if (!d || d < startsOn || d > endsOn) bad.push(line);
        else sessionDates.push(d);
      }
      if (bad.length) errors.sessions = t("classes.error.sessionDates", { dates: bad.slice(0, 5).join(", ") });
      else if (sessionDates.length > MAX_SESSIONS) errors.sessions = t("classes.error.sessionCount", { max: MAX_SESSIONS });
      sessionDates.sort();
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    input: {
      courseId: values.courseId!,
      title,
      startsOn: startsOn!,
      endsOn: endsOn!,
      place,
      capacity: capacity!,
      communeIds: [...new Set(communeIds)],
      sessionDates,
      minAttendancePercent: minAttendancePercent!,
      requirePass: values.requirePass === "on" || values.requirePass === "1",
      passScore: passScore!,
    },
  };
}

/** Current communes, all inside the actor's manage scope and in one province; null if any is not. */
async function communesForManage(actor: Grantee, ids: number[]) {
  if (!ids.length) return null;
  const rows = await db.select().from(adminUnits).where(inArray(adminUnits.id, ids));
  if (rows.length !== ids.length) return null;
  if (rows.some((u) => u.level !== "commune" || u.mergedIntoId || !can(actor, "classes:manage", u.path))) return null;
  const provinces = new Set(rows.map((u) => u.provinceId));
  if (provinces.size !== 1) return null;
  return { communes: rows, provinceId: rows[0]!.provinceId! };
}

async function publishedCourseExists(courseId: string) {
  const [row] = await db.select({ id: courses.id }).from(courses).where(and(eq(courses.id, courseId), eq(courses.status, "published")));
  return !!row;
}

export type SaveResult = { ok: true; id: number } | { ok: false; errors: FieldErrors };

export async function createClass(actor: Actor, input: ClassInput, t: T, ip?: string | null): Promise<SaveResult> {
  if (!(await publishedCourseExists(input.courseId))) return { ok: false, errors: { courseId: t("classes.error.course") } };
  const scope = await communesForManage(actor, input.communeIds);
  if (!scope) return { ok: false, errors: { communeId: t("classes.error.communeScope") } };
  const id = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(classes)
      .values({
        courseId: input.courseId,
        title: input.title,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        place: input.place,
        capacity: input.capacity,
        provinceId: scope.provinceId,
        minAttendancePercent: input.minAttendancePercent,
        requirePass: input.requirePass,
        passScore: input.passScore,
        createdBy: actor.id,
      })
      .returning({ id: classes.id });
    const classId = created!.id;
    await tx.insert(classCommunes).values(input.communeIds.map((communeId) => ({ classId, communeId })));
    await tx.insert(sessions).values(input.sessionDates.map((heldOn, i) => ({ classId, seq: i + 1, heldOn })));
    await audit({ actorId: actor.id, action: "class.create", entityType: "class", entityId: classId, unitId: scope.provinceId, after: { ...input }, ip }, tx);
    return classId;
  });
  return { ok: true, id };
}

// --- reading, with scope ---------------------------------------------------------

export interface ClassView {
  cls: TrainingClass;
  courseTitle: string;
  communes: { id: number; fullName: string; path: string }[];
  canManage: boolean;
}

/**
 * The class if the user may see it (classes:read on one of its communes),
 * else null (callers answer 404). `canManage`: classes:manage on all of them.
 */
export async function getClassForUser(user: Grantee, classId: number): Promise<ClassView | null> {
  // One query: every class page (and every attendance tap) starts here.
  const [row] = await db
    .select({
      cls: classes,
      courseTitle: courses.title,
      communes: sql<{ id: number; fullName: string; path: string; code: string }[]>`(select coalesce(json_agg(json_build_object('id', u.id, 'fullName', u.full_name, 'path', u.path, 'code', u.code)), '[]'::json)
        from ${classCommunes} cc join ${adminUnits} u on u.id = cc.commune_id where cc.class_id = ${classes.id})`,
    })
    .from(classes)
    .innerJoin(courses, eq(courses.id, classes.courseId))
    .where(eq(classes.id, classId));
  if (!row) return null;
  const communes = [...row.communes].sort((a, b) => a.code.localeCompare(b.code)).map(({ id, fullName, path }) => ({ id, fullName, path }));
  if (!communes.some((c) => can(user, "classes:read", c.path))) return null;
  const canManage = communes.length > 0 && communes.every((c) => can(user, "classes:manage", c.path));
  return { cls: row.cls, courseTitle: row.courseTitle, communes, canManage };
}

/** Classes serving a commune in the user's read scope, newest first. */
export async function listClasses(user: Grantee & { id: number }, filters: { status?: "open" | "closed" | null; mine?: boolean } = {}) {
  const visible = sql`exists (select 1 from ${classCommunes} cc join ${adminUnits} u on u.id = cc.commune_id
    where cc.class_id = ${classes.id} and ${scopeCondition(user, "classes:read", sql.raw("u.path") as never)})`;
  const where: SQL[] = [visible];
  if (filters.status) where.push(eq(classes.status, filters.status));
  if (filters.mine) where.push(eq(classes.createdBy, user.id));
  return db
    .select({
      id: classes.id,
      title: classes.title,
      courseTitle: courses.title,
      startsOn: classes.startsOn,
      endsOn: classes.endsOn,
      place: classes.place,
      capacity: classes.capacity,
      status: classes.status,
      createdBy: classes.createdBy,
      members: sql<number>`(select count(*)::int from ${members} m where m.class_id = ${classes.id})`,
      communes: sql<string>`(select string_agg(u.full_name, ', ' order by u.code) from ${classCommunes} cc join ${adminUnits} u on u.id = cc.commune_id where cc.class_id = ${classes.id})`,
    })
    .from(classes)
    .innerJoin(courses, eq(courses.id, classes.courseId))
    .where(and(...where))
    .orderBy(desc(classes.startsOn), desc(classes.id))
    .limit(300);
}

export async function classSessions(classId: number) {
  return db
    .select({
      id: sessions.id,
      seq: sessions.seq,
      heldOn: sessions.heldOn,
      present: sql<number>`(select count(*)::int from ${attendance} a where a.session_id = ${sessions.id} and a.present)`,
      photos: sql<number>`(select count(*)::int from ${evidence} e where e.session_id = ${sessions.id})`,
    })
    .from(sessions)
    .where(eq(sessions.classId, classId))
    .orderBy(asc(sessions.seq));
}

/** Members with their attendance count and result, sorted by given name. */
export async function classMembers(classId: number) {
  return db
    .select({
      personId: people.id,
      fullName: people.fullName,
      communeName: adminUnits.fullName,
      score: members.score,
      passed: members.passed,
      qualified: members.qualified,
      reason: members.reason,
      completionId: members.completionId,
      serial: sql<string | null>`(select c.serial from ${certificates} c where c.completion_id = ${members.completionId} and c.kind = 'original')`,
      attended: sql<number>`(select count(*)::int from ${attendance} a join ${sessions} s on s.id = a.session_id where s.class_id = ${classId} and a.person_id = ${people.id} and a.present)`,
    })
    .from(members)
    .innerJoin(people, eq(people.id, members.personId))
    .innerJoin(adminUnits, eq(adminUnits.id, people.communeId))
    .where(eq(members.classId, classId))
    .orderBy(sql`regexp_replace(${people.fullName}, '^.* ', '')`, asc(people.fullName));
}

// --- editing ---------------------------------------------------------------------

export async function updateClass(actor: Actor, view: ClassView, input: ClassInput, t: T, ip?: string | null): Promise<SaveResult> {
  const classId = view.cls.id;
  if (!(await publishedCourseExists(input.courseId))) return { ok: false, errors: { courseId: t("classes.error.course") } };
  const scope = await communesForManage(actor, input.communeIds);
  if (!scope) return { ok: false, errors: { communeId: t("classes.error.communeScope") } };
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(classes).where(eq(classes.id, classId)).for("update");
    if (!locked || locked.status !== "open") return { ok: false as const, errors: { form: t("classes.error.closed") } };
    const errors: FieldErrors = {};
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(members).where(eq(members.classId, classId));
    if ((count?.n ?? 0) > input.capacity) errors.capacity = t("classes.error.capacityBelowMembers", { count: count!.n });
    // A commune cannot be dropped while people from it are enrolled.
    const stranded = await tx
      .select({ name: people.fullName })
      .from(members)
      .innerJoin(people, eq(people.id, members.personId))
      .where(and(eq(members.classId, classId), notInArray(people.communeId, input.communeIds)))
      .limit(3);
    if (stranded.length) errors.communeId = t("classes.error.communeHasMembers", { names: stranded.map((s) => s.name).join(", ") });
    // Sessions are matched by number; one with attendance or photos cannot be removed.
    const removedWithData = await tx
      .select({ seq: sessions.seq })
      .from(sessions)
      .where(
        and(
          eq(sessions.classId, classId),
          sql`${sessions.seq} > ${input.sessionDates.length}`,
          sql`(exists (select 1 from ${attendance} a where a.session_id = ${sessions.id}) or exists (select 1 from ${evidence} e where e.session_id = ${sessions.id}))`,
        ),
      );
    if (removedWithData.length) errors.sessions = t("classes.error.sessionHasData", { seqs: removedWithData.map((s) => s.seq).join(", ") });
    if (Object.keys(errors).length) return { ok: false as const, errors };

    await tx
      .update(classes)
      .set({
        courseId: input.courseId,
        title: input.title,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        place: input.place,
        capacity: input.capacity,
        minAttendancePercent: input.minAttendancePercent,
        requirePass: input.requirePass,
        passScore: input.passScore,
        updatedAt: new Date(),
      })
      .where(eq(classes.id, classId));
    await tx.delete(classCommunes).where(eq(classCommunes.classId, classId));
    await tx.insert(classCommunes).values(input.communeIds.map((communeId) => ({ classId, communeId })));
    await tx.delete(sessions).where(and(eq(sessions.classId, classId), sql`${sessions.seq} > ${input.sessionDates.length}`));
    for (const [i, heldOn] of input.sessionDates.entries()) {
      await tx
        .insert(sessions)
        .values({ classId, seq: i + 1, heldOn })
        .onConflictDoUpdate({ target: [sessions.classId, sessions.seq], set: { heldOn } });
    }
    await audit({ actorId: actor.id, action: "class.update", entityType: "class", entityId: classId, unitId: locked.provinceId, before: locked, after: { ...input }, ip }, tx);
    return { ok: true as const, id: classId };
  });
}

// --- enrolment -------------------------------------------------------------------

/** People the actor may enrol: active, in one of the class's communes and in the actor's scope. */
function eligibleCondition(actor: Grantee, classId: number): SQL {
  return and(
    eq(people.status, "active"),
    sql`${people.communeId} in (select commune_id from ${classCommunes} where class_id = ${classId})`,
    scopeCondition(actor, "classes:manage", adminUnits.path),
  )!;
}

/** Candidates for enrolment (search by name or phone, filter by commune). */
export async function enrolCandidates(actor: Grantee, classId: number, filters: { q?: string; communeId?: number | null }, limit = 200) {
  const where: SQL[] = [eligibleCondition(actor, classId)];
  if (filters.communeId) where.push(eq(people.communeId, filters.communeId));
  const q = filters.q?.trim();
  if (q) {
    const digits = q.replace(/\D/g, "");
    const like = `%${q.replace(/[%_\\]/g, "\\$&")}%`;
    // Part of a number finds people only where the actor may see whole
    // numbers (people:pii); elsewhere only the whole number matches, or a
    // masked phone could be read back digit by digit through the search.
    const whole = normalizePhone(q);
    const phoneMatch = sql`(${whole ? sql`${people.phone} = ${whole}` : sql`false`} or (${scopeCondition(actor, "people:pii", adminUnits.path)} and ${people.phone} like ${"%" + digits + "%"}))`;
    where.push(digits.length >= 4 ? sql`(${people.fullName} ilike ${like} or ${phoneMatch})` : sql`${people.fullName} ilike ${like}`);
  }
  return db
    .select({
      id: people.id,
      fullName: people.fullName,
      phone: people.phone,
      communeName: adminUnits.fullName,
      enrolled: sql<boolean>`exists (select 1 from ${members} m where m.class_id = ${classId} and m.person_id = ${people.id})`,
      // Already trained in this course: the class would give them nothing new.
      completed: sql<boolean>`exists (select 1 from ${courseCompletions} c where c.person_id = ${people.id} and c.course_id = (select course_id from ${classes} where id = ${classId}))`,
    })
    .from(people)
    .innerJoin(adminUnits, eq(adminUnits.id, people.communeId))
    .where(and(...where))
    .orderBy(sql`regexp_replace(${people.fullName}, '^.* ', '')`, asc(people.fullName))
    .limit(limit);
}

/**
 * A search by phone from someone who cannot see whole numbers (a trainer) is
 * recorded: the number itself is personal data, so the log keeps it masked.
 */
export async function auditPhoneSearch(actor: Actor, classId: number, q: string | undefined, ip?: string | null) {
  const digits = (q ?? "").replace(/\D/g, "");
  if (digits.length < 4 || can(actor, "people:pii")) return;
  await audit({ actorId: actor.id, action: "people.search_phone", entityType: "class", entityId: classId, after: { digits: digits.length, query: maskPhone(digits) }, ip: ip ?? null });
}

export type EnrolResult =
  | { ok: true; added: number; skipped: number }
  | { ok: false; reason: "closed" | "none" }
  | { ok: false; reason: "capacity"; remaining: number; requested: number };

/**
 * Enrols the given people, all or none: the class row is locked so two
 * trainers enrolling at once cannot pass the capacity together.
 */
export async function enrolMembers(actor: Actor, classId: number, personIds: number[], ip?: string | null): Promise<EnrolResult> {
  const ids = [...new Set(personIds)].slice(0, MAX_CAPACITY * 2);
  return db.transaction(async (tx) => {
    const [cls] = await tx.select().from(classes).where(eq(classes.id, classId)).for("update");
    if (!cls || cls.status !== "open") return { ok: false as const, reason: "closed" as const };
    if (!ids.length) return { ok: false as const, reason: "none" as const };
    const eligible = await tx
      .select({ id: people.id })
      .from(people)
      .innerJoin(adminUnits, eq(adminUnits.id, people.communeId))
      .where(and(inArray(people.id, ids), eligibleCondition(actor, classId), sql`not exists (select 1 from ${members} m where m.class_id = ${classId} and m.person_id = ${people.id})`));
    if (!eligible.length) return { ok: false as const, reason: "none" as const };
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(members).where(eq(members.classId, classId));
    const remaining = cls.capacity - (count?.n ?? 0);
    if (eligible.length > remaining) return { ok: false as const, reason: "capacity" as const, remaining: Math.max(0, remaining), requested: eligible.length };
    await tx.insert(members).values(eligible.map((p) => ({ classId, personId: p.id, enrolledBy: actor.id })));
    await audit({ actorId: actor.id, action: "class.enrol", entityType: "class", entityId: classId, unitId: cls.provinceId, after: { personIds: eligible.map((p) => p.id) }, ip }, tx);
    return { ok: true as const, added: eligible.length, skipped: ids.length - eligible.length };
  });
}

export async function removeMember(actor: Actor, classId: number, personId: number, ip?: string | null): Promise<{ ok: boolean; reason?: "closed" | "notEnrolled" }> {
  return db.transaction(async (tx) => {
    const [cls] = await tx.select().from(classes).where(eq(classes.id, classId)).for("update");
    if (!cls || cls.status !== "open") return { ok: false, reason: "closed" as const };
    const removed = await tx.delete(members).where(and(eq(members.classId, classId), eq(members.personId, personId))).returning({ personId: members.personId });
    if (!removed.length) return { ok: false, reason: "notEnrolled" as const };
    await tx.delete(attendance).where(and(eq(attendance.personId, personId), sql`${attendance.sessionId} in (select id from ${sessions} where class_id = ${classId})`));
    await audit({ actorId: actor.id, action: "class.unenrol", entityType: "class", entityId: classId, unitId: cls.provinceId, before: { personId }, ip }, tx);
    return { ok: true };
  });
}

// --- attendance and results --------------------------------------------------------

/** Locks the class row against closing for the rest of the transaction; false if it is closed. */
async function lockOpen(tx: Db, classId: number) {
  const [cls] = await tx.select({ status: classes.status }).from(classes).where(eq(classes.id, classId)).for("share");
  return cls?.status === "open";
}

export type AttendanceResult = { ok: true } | { ok: false; reason: "closed" | "noSession" | "notEnrolled" };

/**
 * Sets (not toggles) a person's presence at a session: the request carries the
 * wanted state, so a retried or doubled request leaves the same result.
 */
export async function markAttendance(actor: Actor, classId: number, sessionId: number, personId: number, present: boolean): Promise<AttendanceResult> {
  // One statement (a tap on a weak connection should cost one round trip):
  // the row is written only if the class is open, the session is the class's
  // and the person is enrolled; the share lock on the class row keeps a
  // concurrent close from evaluating before this write is visible.
  const written = await db
    .insert(attendance)
    .select(
      db
        // Every column, in the table's order (drizzle's insert-select needs it).
        .select({ sessionId: sessions.id, personId: members.personId, present: sql<boolean>`${present}::boolean`.as("present"), markedBy: sql<number>`${actor.id}::int`.as("marked_by"), markedAt: sql<Date>`now()`.as("marked_at") })
        .from(classes)
        .innerJoin(sessions, and(eq(sessions.classId, classes.id), eq(sessions.id, sessionId)))
        .innerJoin(members, and(eq(members.classId, classes.id), eq(members.personId, personId)))
        .where(and(eq(classes.id, classId), eq(classes.status, "open")))
        .for("share", { of: classes }),
    )
    .onConflictDoUpdate({ target: [attendance.sessionId, attendance.personId], set: { present, markedBy: actor.id, markedAt: new Date() } })
    .returning({ sessionId: attendance.sessionId });
  if (written.length) return { ok: true };
  // Nothing written: say why (the rare path, so a few more queries are fine).
  const [cls] = await db.select({ status: classes.status }).from(classes).where(eq(classes.id, classId));
  if (cls?.status !== "open") return { ok: false, reason: "closed" };
  const [session] = await db.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.id, sessionId), eq(sessions.classId, classId)));
  if (!session) return { ok: false, reason: "noSession" };
  return { ok: false, reason: "notEnrolled" };
}

/** Marks every member not yet marked at the session as present (those marked absent stay absent); returns how many. */
export async function markUnmarkedPresent(actor: Actor, classId: number, sessionId: number): Promise<{ ok: true; count: number } | { ok: false; reason: "closed" | "noSession" }> {
  const written = await db
    .insert(attendance)
    .select(
      db
        .select({ sessionId: sessions.id, personId: members.personId, present: sql<boolean>`true`.as("present"), markedBy: sql<number>`${actor.id}::int`.as("marked_by"), markedAt: sql<Date>`now()`.as("marked_at") })
        .from(classes)
        .innerJoin(sessions, and(eq(sessions.classId, classes.id), eq(sessions.id, sessionId)))
        .innerJoin(members, eq(members.classId, classes.id))
        .where(and(eq(classes.id, classId), eq(classes.status, "open")))
        .for("share", { of: classes }),
    )
    .onConflictDoNothing()
    .returning({ personId: attendance.personId });
  if (written.length) return { ok: true, count: written.length };
  const [cls] = await db.select({ status: classes.status }).from(classes).where(eq(classes.id, classId));
  if (cls?.status !== "open") return { ok: false, reason: "closed" };
  const [session] = await db.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.id, sessionId), eq(sessions.classId, classId)));
  return session ? { ok: true, count: 0 } : { ok: false, reason: "noSession" };
}

/** Members with their presence at one session (null = not marked yet). */
export async function sessionAttendance(classId: number, sessionId: number) {
  return db
    .select({ personId: people.id, fullName: people.fullName, communeName: adminUnits.fullName, present: attendance.present })
    .from(members)
    .innerJoin(people, eq(people.id, members.personId))
    .innerJoin(adminUnits, eq(adminUnits.id, people.communeId))
    .leftJoin(attendance, and(eq(attendance.personId, members.personId), eq(attendance.sessionId, sessionId)))
    .where(eq(members.classId, classId))
    .orderBy(sql`regexp_replace(${people.fullName}, '^.* ', '')`, asc(people.fullName));
}

export interface ResultEntry {
  personId: number;
  score: number | null;
  passed: boolean | null;
}

/** Parses the results form: score_<id> (0–100 or empty) and result_<id> ("pass" | "fail" | ""). */
export function parseResults(form: FormData, personIds: number[], t: T): { ok: true; entries: ResultEntry[] } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const entries: ResultEntry[] = [];
  for (const personId of personIds) {
    const raw = String(form.get(`score_${personId}`) ?? "").trim().replace(",", ".");
    let score: number | null = null;
    if (raw) {
      const n = Number(raw);
      if (!/^\d{1,3}(\.\d+)?$/.test(raw) || n > 100) errors[`score_${personId}`] = t("classes.error.score");
      else score = Math.round(n);
    }
    const result = String(form.get(`result_${personId}`) ?? "");
    entries.push({ personId, score, passed: result === "pass" ? true : result === "fail" ? false : null });
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, entries };
}

/** Saves results; an entry with a score but no đạt/không đạt gets it from the class's pass score. */
export async function saveResults(actor: Actor, classId: number, entries: ResultEntry[], ip?: string | null): Promise<{ ok: boolean; saved: number }> {
  return db.transaction(async (tx) => {
    const [cls] = await tx.select().from(classes).where(eq(classes.id, classId)).for("share");
    if (!cls || cls.status !== "open") return { ok: false, saved: 0 };
    let saved = 0;
    for (const e of entries) {
      const passed = e.passed ?? (e.score !== null ? e.score >= cls.passScore : null);
      const rows = await tx
        .update(members)
        .set({ score: e.score, passed })
        .where(and(eq(members.classId, classId), eq(members.personId, e.personId)))
        .returning({ personId: members.personId });
      saved += rows.length;
    }
    await audit({ actorId: actor.id, action: "class.results", entityType: "class", entityId: classId, unitId: cls.provinceId, after: entries, ip }, tx);
    return { ok: true, saved };
  });
}

// --- closing ---------------------------------------------------------------------

export type Shortfall = "attendance" | "noResult" | "failed";

export interface Evaluation {
  personId: number;
  fullName: string;
  communeName: string;
  attended: number;
  sessions: number;
  percent: number;
  score: number | null;
  passed: boolean | null;
  qualified: boolean;
  reasons: Shortfall[];
  /** Already holds a completion of the course (online, or an earlier class): nothing new is issued. */
  alreadyCompleted: boolean;
}

/** Who meets the class's rule and, for the others, why not. */
export async function evaluateClass(classId: number, tx: Db = db): Promise<Evaluation[]> {
  const [cls] = await tx.select().from(classes).where(eq(classes.id, classId));
  if (!cls) return [];
  const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(sessions).where(eq(sessions.classId, classId));
  const total = count?.n ?? 0;
  const rows = await tx
    .select({
      personId: people.id,
      fullName: people.fullName,
      communeName: adminUnits.fullName,
      score: members.score,
      passed: members.passed,
      attended: sql<number>`(select count(*)::int from ${attendance} a join ${sessions} s on s.id = a.session_id where s.class_id = ${classId} and a.person_id = ${people.id} and a.present)`,
      alreadyCompleted: sql<boolean>`exists (select 1 from ${courseCompletions} c where c.person_id = ${people.id} and c.course_id = ${cls.courseId})`,
    })
    .from(members)
    .innerJoin(people, eq(people.id, members.personId))
    .innerJoin(adminUnits, eq(adminUnits.id, people.communeId))
    .where(eq(members.classId, classId))
    .orderBy(sql`regexp_replace(${people.fullName}, '^.* ', '')`, asc(people.fullName));
  return rows.map((r) => {
    const percent = total ? (r.attended / total) * 100 : 0;
    const reasons: Shortfall[] = [];
    // Compared in whole sessions so 2 of 3 meets "67%" the way a trainer reads it.
    if (!total || r.attended < Math.ceil((cls.minAttendancePercent * total) / 100 - 1e-9)) reasons.push("attendance");
    if (cls.requirePass && r.passed === null) reasons.push("noResult");
    if (cls.requirePass && r.passed === false) reasons.push("failed");
    return { ...r, sessions: total, percent, qualified: reasons.length === 0, reasons };
  });
}

export type CloseResult = { ok: true; qualified: number; issued: number; notQualified: number } | { ok: false; reason: "alreadyClosed" | "notEnded" | "noMembers" };

function evidenceNote(cls: TrainingClass, e: Evaluation) {
  return `Lớp tập huấn #${cls.id} "${cls.title}", ${cls.place}, ${formatDate(cls.startsOn)}–${formatDate(cls.endsOn)}; dự ${e.attended}/${e.sessions} buổi${e.score !== null ? `, điểm ${e.score}` : ""}`.slice(0, 500);
}

/**
 * Closes the class once. The conditional update (status open → closed) lets
 * exactly one of several concurrent requests through; the loser is told the
 * class is already closed. Completions are then recorded one by one through
 * recordCompletion (idempotent), and `finishClosing` repeats any a crash left out.
 */
export async function closeClass(actor: Actor, classId: number, ip?: string | null, today = todayInVietnam()): Promise<CloseResult> {
  const outcome = await db.transaction(async (tx) => {
    const [cls] = await tx.select().from(classes).where(eq(classes.id, classId));
    if (!cls) return { ok: false as const, reason: "alreadyClosed" as const };
    if (cls.status !== "open") return { ok: false as const, reason: "alreadyClosed" as const };
    if (cls.endsOn > today) return { ok: false as const, reason: "notEnded" as const };
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(members).where(eq(members.classId, classId));
    if (!count?.n) return { ok: false as const, reason: "noMembers" as const };
    const [won] = await tx
      .update(classes)
      .set({ status: "closed", closedAt: new Date(), closedBy: actor.id, updatedAt: new Date() })
      .where(and(eq(classes.id, classId), eq(classes.status, "open")))
      .returning();
    if (!won) return { ok: false as const, reason: "alreadyClosed" as const };
    // Evaluated after the update: attendance and result writes hold a share
    // lock on the class row, so everything they wrote is visible here.
    const evaluation = await evaluateClass(classId, tx);
    for (const e of evaluation) {
      await tx
        .update(members)
        .set({ qualified: e.qualified, reason: e.reasons.join(",") || null })
        .where(and(eq(members.classId, classId), eq(members.personId, e.personId)));
    }
    const qualified = evaluation.filter((e) => e.qualified).length;
    await audit(
      { actorId: actor.id, action: "class.close", entityType: "class", entityId: classId, unitId: cls.provinceId, after: { qualified, notQualified: evaluation.length - qualified }, ip },
      tx,
    );
    return { ok: true as const, qualified, notQualified: evaluation.length - qualified };
  });
  if (!outcome.ok) return outcome;
  const issued = await finishClosing(actor, classId, ip);
  return { ...outcome, issued };
}

/** Records the completion of every qualified member who has none linked yet; returns how many certificates were new. */
export async function finishClosing(actor: Actor, classId: number, ip?: string | null): Promise<number> {
  const [cls] = await db.select().from(classes).where(eq(classes.id, classId));
  if (!cls || cls.status !== "closed") return 0;
  const pending = await db
    .select({ personId: members.personId })
    .from(members)
    .where(and(eq(members.classId, classId), eq(members.qualified, true), isNull(members.completionId)));
  if (!pending.length) return 0;
  const evaluation = new Map((await evaluateClass(classId)).map((e) => [e.personId, e]));
  let issued = 0;
  for (const { personId } of pending) {
    const e = evaluation.get(personId)!;
    const result = await recordCompletion(personId, cls.courseId, { source: "class", completedOn: cls.endsOn, evidence: evidenceNote(cls, e), recordedBy: actor.id, ip });
    if (result.issued) issued++;
    const [completion] = await db
      .select({ id: courseCompletions.id })
      .from(courseCompletions)
      .where(and(eq(courseCompletions.personId, personId), eq(courseCompletions.courseId, cls.courseId)))
      .orderBy(desc(courseCompletions.cycle))
      .limit(1);
    if (completion) await db.update(members).set({ completionId: completion.id }).where(and(eq(members.classId, classId), eq(members.personId, personId)));
  }
  return issued;
}

// --- evidence photos -------------------------------------------------------------

export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_MAX_SIDE = 1600;
export const EVIDENCE_PER_SESSION = 5;
const ACCEPTED_FORMATS = new Set(["jpeg", "png", "webp"]);

export type EvidenceResult = { ok: true; id: number } | { ok: false; reason: "closed" | "noSession" | "tooLarge" | "notImage" | "tooMany" | "empty" };

/**
 * Stores a photo of a signed attendance sheet: the bytes are checked by
 * decoding them (not by the file name or the browser's type), turned upright,
 * shrunk to ≤ 1600 px and re-encoded as JPEG, which also drops EXIF (GPS).
 */
export async function addEvidence(actor: Actor, classId: number, sessionId: number, bytes: Uint8Array): Promise<EvidenceResult> {
  if (!bytes.length) return { ok: false, reason: "empty" };
  if (bytes.length > EVIDENCE_MAX_BYTES) return { ok: false, reason: "tooLarge" };
  const { default: sharp } = await import("sharp");
  let out: { data: Buffer; info: { width: number; height: number; size: number } };
  try {
    const image = sharp(bytes, { limitInputPixels: 60_000_000 });
    const meta = await image.metadata();
    if (!meta.format || !ACCEPTED_FORMATS.has(meta.format)) return { ok: false, reason: "notImage" };
    out = await image
      .rotate()
      .resize({ width: EVIDENCE_MAX_SIDE, height: EVIDENCE_MAX_SIDE, fit: "inside", withoutEnlargement: true })
      .jpeg({ quality: 78, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
  } catch {
    return { ok: false, reason: "notImage" };
  }
  return db.transaction(async (tx) => {
    if (!(await lockOpen(tx, classId))) return { ok: false as const, reason: "closed" as const };
    const [session] = await tx.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.id, sessionId), eq(sessions.classId, classId)));
    if (!session) return { ok: false as const, reason: "noSession" as const };
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(evidence).where(eq(evidence.sessionId, sessionId));
    if ((count?.n ?? 0) >= EVIDENCE_PER_SESSION) return { ok: false as const, reason: "tooMany" as const };
    const [row] = await tx
      .insert(evidence)
      .values({ classId, sessionId, mime: "image/jpeg", width: out.info.width, height: out.info.height, size: out.data.length, data: out.data, uploadedBy: actor.id })
      .returning({ id: evidence.id });
    return { ok: true as const, id: row!.id };
  });
}

export async function sessionEvidence(sessionId: number) {
  return db
    .select({ id: evidence.id, width: evidence.width, height: evidence.height, size: evidence.size, uploadedAt: evidence.uploadedAt })
    .from(evidence)
    .where(eq(evidence.sessionId, sessionId))
    .orderBy(asc(evidence.id));
}

export async function getEvidence(classId: number, evidenceId: number) {
  const [row] = await db.select().from(evidence).where(and(eq(evidence.id, evidenceId), eq(evidence.classId, classId)));
  return row ?? null;
}

export async function getSession(classId: number, sessionId: number) {
  const [row] = await db.select().from(sessions).where(and(eq(sessions.id, sessionId), eq(sessions.classId, classId)));
  return row ?? null;
}
