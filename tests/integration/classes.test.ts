// In-person classes against a real database: creation in scope, enrolment
// within capacity, idempotent attendance, results, evidence photos, and
// closing that records completions and certificates exactly once.
import { and, eq, inArray, sql } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { translator } from "~/i18n";
import { missedQuestions, stuckLearners } from "~/models/classes-insight.server";
import {
  addEvidence,
  auditPhoneSearch,
  classMembers,
  closeClass,
  createClass,
  enrolCandidates,
  enrolMembers,
  evaluateClass,
  getClassForUser,
  listClasses,
  markAttendance,
  markUnmarkedPresent,
  parseResults,
  removeMember,
  saveResults,
  sessionAttendance,
  updateClass,
  validateClass,
  type ClassInput,
} from "~/models/classes.server";
import { completeLesson, enrol, openAttempt, submitAttempt } from "~/models/learning.server";
import { scopeCondition } from "~/auth/permissions.server";
import { adminUnits, auditLog, certificates, courseCompletions, people } from "../../db/schema";
import { trainingClassAttendance, trainingClassEvidence, trainingClassSessions } from "../../db/tables/classes";
import { ALL_RIGHT, createTestCourse } from "../support/course-fixture";
import { withTestDatabase } from "../support/db";
import { demoActor, seedDemoData } from "../support/fixtures";

withTestDatabase();
const t = translator("vi");

type Actor = Awaited<ReturnType<typeof demoActor>>;
let trainer: Actor, communeOfficer: Actor, province: Actor, hue: Actor, learner: Actor;
let dongHa: number, otherCommune: number, kimLong: number;
let dongHaPeople: number[] = [];
let otherPeople: number[] = [];
let kimLongPeople: number[] = [];

async function activePeople(communeId: number) {
  return (await db.select({ id: people.id }).from(people).where(and(eq(people.communeId, communeId), eq(people.status, "active")))).map((p) => p.id);
}

beforeAll(async () => {
  await seedDemoData();
  await createTestCourse("cls-a");
  await createTestCourse("cls-b");
  await createTestCourse("cls-c");
  [trainer, communeOfficer, province, hue, learner] = await Promise.all([
    demoActor("qt-trainer"),
    demoActor("qt-commune"),
    demoActor("qt-province"),
    demoActor("hue-province"),
    demoActor("qt-learner"),
  ]);
  const units = await db.select().from(adminUnits).where(inArray(adminUnits.code, ["19333", "19360", "19774"]));
  dongHa = units.find((u) => u.code === "19333")!.id;
  otherCommune = units.find((u) => u.code === "19360")!.id;
  kimLong = units.find((u) => u.code === "19774")!.id;
  dongHaPeople = await activePeople(dongHa);
  otherPeople = await activePeople(otherCommune);
  kimLongPeople = await activePeople(kimLong);
  expect(dongHaPeople.length).toBeGreaterThanOrEqual(6);
});

function input(overrides: Partial<ClassInput> = {}): ClassInput {
  return {
    courseId: "cls-a",
    title: "Lớp tập huấn kỹ năng CTXH – Đông Hà",
    startsOn: "2026-03-02",
    endsOn: "2026-03-04",
    place: "Hội trường UBND phường Đông Hà",
    capacity: 4,
    communeIds: [dongHa],
    sessionDates: ["2026-03-02", "2026-03-03", "2026-03-04"],
    minAttendancePercent: 100,
    requirePass: true,
    passScore: 50,
    ...overrides,
  };
}

async function newClass(overrides: Partial<ClassInput> = {}) {
  const created = await createClass(trainer, input(overrides), t);
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  return created.id;
}

async function sessionIds(classId: number) {
  return (await db.select({ id: trainingClassSessions.id }).from(trainingClassSessions).where(eq(trainingClassSessions.classId, classId)).orderBy(trainingClassSessions.seq)).map((s) => s.id);
}

describe("class form", () => {
  it("validates with Vietnamese messages and defaults to one session a day", () => {
    const bad = validateClass({ title: "", place: "", courseId: "", startsOn: "31/02/2026", endsOn: "01/03/2026", capacity: "0" }, [], t);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors.title).toBe("Vui lòng nhập tên lớp (tối đa 200 ký tự).");
      expect(bad.errors.startsOn).toContain("dd/mm/yyyy");
      expect(bad.errors.capacity).toContain("từ 1 đến 500");
      expect(bad.errors.communeId).toBeDefined();
    }
    const good = validateClass({ title: "Lớp A", place: "Hội trường", courseId: "cls-a", startsOn: "02/03/2026", endsOn: "04/03/2026", capacity: "30", requirePass: "on" }, [dongHa], t);
    expect(good.ok && good.input.sessionDates).toEqual(["2026-03-02", "2026-03-03", "2026-03-04"]);
    const twice = validateClass({ title: "Lớp A", place: "X", courseId: "cls-a", startsOn: "02/03/2026", endsOn: "03/03/2026", capacity: "30", sessions: "02/03/2026\n02/03/2026\n05/03/2026" }, [dongHa], t);
    expect(!twice.ok && twice.errors.sessions).toContain("05/03/2026");
  });

  it("refuses communes outside the trainer's scope or province", async () => {
    const foreign = await createClass(trainer, input({ communeIds: [kimLong] }), t);
    expect(foreign.ok).toBe(false);
    const mixed = await createClass(trainer, input({ communeIds: [dongHa, kimLong] }), t);
    expect(mixed.ok).toBe(false);
    // Officers follow classes; they do not run them.
    const byOfficer = await createClass(province, input(), t);
    expect(byOfficer.ok).toBe(false);
  });
});

describe("scope", () => {
  it("shows a class to officers in scope, hides it elsewhere", async () => {
    const id = await newClass();
    expect((await getClassForUser(trainer, id))?.canManage).toBe(true);
    expect((await getClassForUser(province, id))?.canManage).toBe(false);
    expect((await getClassForUser(communeOfficer, id))?.canManage).toBe(false);
    expect(await getClassForUser(hue, id)).toBeNull();
    // The learner role carries no classes permission at all.
    expect(await getClassForUser(learner, id)).toBeNull();
    const otherOnly = await newClass({ communeIds: [otherCommune] });
    expect(await getClassForUser(communeOfficer, otherOnly)).toBeNull();
    expect((await listClasses(communeOfficer)).map((c) => c.id)).toContain(id);
    expect((await listClasses(communeOfficer)).map((c) => c.id)).not.toContain(otherOnly);
    expect(await listClasses(hue)).toEqual([]);
  });
});

describe("enrolment", () => {
  it("enforces capacity all-or-nothing and only takes people of the class's communes", async () => {
    const id = await newClass({ capacity: 4 });
    const tooMany = await enrolMembers(trainer, id, dongHaPeople.slice(0, 5));
    expect(tooMany).toEqual({ ok: false, reason: "capacity", remaining: 4, requested: 5 });
    expect(await classMembers(id)).toHaveLength(0);
    const mixed = await enrolMembers(trainer, id, [...dongHaPeople.slice(0, 3), kimLongPeople[0]!, otherPeople[0]!]);
    expect(mixed).toEqual({ ok: true, added: 3, skipped: 2 });
    const again = await enrolMembers(trainer, id, dongHaPeople.slice(0, 3));
    expect(again).toEqual({ ok: false, reason: "none" });
    const candidates = await enrolCandidates(trainer, id, {});
    expect(candidates.every((c) => c.communeName.includes("Đông Hà"))).toBe(true);
    expect(candidates.filter((c) => c.enrolled)).toHaveLength(3);
    expect(await removeMember(trainer, id, dongHaPeople[0]!)).toEqual({ ok: true });
    expect(await classMembers(id)).toHaveLength(2);
  });

  it("cannot overfill when two trainers enrol at once", async () => {
    const id = await newClass({ capacity: 3 });
    const results = await Promise.all([enrolMembers(trainer, id, dongHaPeople.slice(0, 2)), enrolMembers(trainer, id, dongHaPeople.slice(2, 4))]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await classMembers(id)).toHaveLength(2);
  });

  it("finds people by their whole phone number; part of one only for those who may see whole numbers", async () => {
    const id = await newClass();
    const [withPhone] = await db.select({ id: people.id, phone: people.phone, fullName: people.fullName }).from(people).where(and(eq(people.communeId, dongHa), sql`phone is not null`)).limit(1);
    const phone = withPhone!.phone!;
    // The trainer (no people:pii) finds her by the whole number, in any usual spelling…
    for (const q of [phone, `+84 ${phone.slice(1, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`, `${phone.slice(0, 4)}.${phone.slice(4, 7)}.${phone.slice(7)}`]) {
      expect((await enrolCandidates(trainer, id, { q })).map((f) => f.id), q).toContain(withPhone!.id);
    }
    // …but no fragment of it matches: the masked digits cannot be recovered one by one.
    for (const q of [phone.slice(-6), phone.slice(3, 7), phone.slice(0, 9)]) {
      const found = await enrolCandidates(trainer, id, { q });
      expect(found.map((f) => f.id), q).not.toContain(withPhone!.id);
    }
    // The commune officer, who sees whole numbers in Đông Hà, may search by a part.
    const officer = await demoActor("qt-commune");
    const byOfficer = await enrolCandidates({ roles: [...officer.roles, ...trainer.roles] }, id, { q: phone.slice(-6) });
    expect(byOfficer.map((f) => f.id)).toContain(withPhone!.id);

    // The trainer's phone searches are audited, with the number masked.
    await auditPhoneSearch(trainer, id, phone.slice(-6));
    await auditPhoneSearch(trainer, id, "Nguyễn");
    const logged = await db.select().from(auditLog).where(and(eq(auditLog.action, "people.search_phone"), eq(auditLog.entityId, String(id))));
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged[0]!.after)).not.toContain(phone.slice(-6));
  });
});

describe("attendance", () => {
  it("sets the state the request asks for, so retries do not flip it", async () => {
    const id = await newClass();
    await enrolMembers(trainer, id, dongHaPeople.slice(0, 2));
    const [s1] = await sessionIds(id);
    const who = dongHaPeople[0]!;
    for (let i = 0; i < 3; i++) expect(await markAttendance(trainer, id, s1!, who, true)).toEqual({ ok: true });
    await Promise.all([markAttendance(trainer, id, s1!, who, true), markAttendance(trainer, id, s1!, who, true)]);
    let rows = await sessionAttendance(id, s1!);
    expect(rows.find((r) => r.personId === who)?.present).toBe(true);
    expect(rows.find((r) => r.personId === dongHaPeople[1])?.present).toBeNull();
    await markAttendance(trainer, id, s1!, who, false);
    await markAttendance(trainer, id, s1!, who, false);
    rows = await sessionAttendance(id, s1!);
    expect(rows.find((r) => r.personId === who)?.present).toBe(false);
    const stored = await db.select().from(trainingClassAttendance).where(eq(trainingClassAttendance.sessionId, s1!));
    expect(stored).toHaveLength(1);
  });

  it("marks everyone not yet marked as present, leaving the absent ones absent", async () => {
    const id = await newClass();
    const [x, y, z] = dongHaPeople.slice(0, 3) as [number, number, number];
    await enrolMembers(trainer, id, [x, y, z]);
    const [s1] = await sessionIds(id);
    await markAttendance(trainer, id, s1!, x, false);
    expect(await markUnmarkedPresent(trainer, id, s1!)).toEqual({ ok: true, count: 2 });
    expect(await markUnmarkedPresent(trainer, id, s1!)).toEqual({ ok: true, count: 0 });
    const rows = await sessionAttendance(id, s1!);
    expect(Object.fromEntries(rows.map((r) => [r.personId, r.present]))).toEqual({ [x]: false, [y]: true, [z]: true });
  });

  it("refuses someone not enrolled and a session of another class", async () => {
    const id = await newClass();
    const other = await newClass();
    await enrolMembers(trainer, id, dongHaPeople.slice(0, 1));
    const [s1] = await sessionIds(id);
    const [foreignSession] = await sessionIds(other);
    expect(await markAttendance(trainer, id, s1!, dongHaPeople[3]!, true)).toEqual({ ok: false, reason: "notEnrolled" });
    expect(await markAttendance(trainer, id, foreignSession!, dongHaPeople[0]!, true)).toEqual({ ok: false, reason: "noSession" });
    expect(await db.select().from(trainingClassAttendance).where(eq(trainingClassAttendance.sessionId, s1!))).toHaveLength(0);
  });
});

describe("results", () => {
  it("parses scores and derives đạt from the pass score", async () => {
    const id = await newClass({ passScore: 60 });
    const ids = dongHaPeople.slice(0, 3);
    await enrolMembers(trainer, id, ids);
    const form = new FormData();
    form.set(`score_${ids[0]}`, "75");
    form.set(`score_${ids[1]}`, "40");
    form.set(`score_${ids[2]}`, "");
    form.set(`result_${ids[2]}`, "pass");
    const parsed = parseResults(form, ids, t);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) await saveResults(trainer, id, parsed.entries);
    const rows = await classMembers(id);
    expect(Object.fromEntries(rows.map((r) => [r.personId, r.passed]))).toEqual({ [ids[0]!]: true, [ids[1]!]: false, [ids[2]!]: true });
    form.set(`score_${ids[0]}`, "120");
    const bad = parseResults(form, ids, t);
    expect(!bad.ok && bad.errors[`score_${ids[0]}`]).toBe("Điểm phải là số từ 0 đến 100.");
  });
});

describe("closing", () => {
  async function runClass(courseId: string, overrides: Partial<ClassInput> = {}) {
    const id = await newClass({ courseId, ...overrides });
    const [a, b, c] = dongHaPeople.slice(0, 3) as [number, number, number];
    await enrolMembers(trainer, id, [a, b, c]);
    const sessions = await sessionIds(id);
    for (const s of sessions) {
      await markAttendance(trainer, id, s, a, true);
      await markAttendance(trainer, id, s, b, true);
    }
    // c misses the last session.
    for (const s of sessions.slice(0, -1)) await markAttendance(trainer, id, s, c, true);
    await markAttendance(trainer, id, sessions.at(-1)!, c, false);
    await saveResults(trainer, id, [
      { personId: a, score: 80, passed: null },
      { personId: b, score: 30, passed: null },
      { personId: c, score: 90, passed: null },
    ]);
    return { id, a, b, c, sessions };
  }

  it("explains who qualifies, records completions and certificates once, even when closed twice at once", async () => {
    const { id, a, b, c, sessions } = await runClass("cls-b");
    const preview = await evaluateClass(id);
    expect(preview.find((e) => e.personId === a)).toMatchObject({ qualified: true, reasons: [] });
    expect(preview.find((e) => e.personId === b)).toMatchObject({ qualified: false, reasons: ["failed"] });
    expect(preview.find((e) => e.personId === c)).toMatchObject({ qualified: false, reasons: ["attendance"], attended: sessions.length - 1 });

    const [first, second] = await Promise.all([closeClass(trainer, id), closeClass(trainer, id)]);
    const oks = [first, second].filter((r) => r.ok);
    expect(oks).toHaveLength(1);
    expect(oks[0]).toMatchObject({ qualified: 1, issued: 1, notQualified: 2 });
    expect([first, second].find((r) => !r.ok)).toEqual({ ok: false, reason: "alreadyClosed" });
    expect(await closeClass(trainer, id)).toEqual({ ok: false, reason: "alreadyClosed" });

    const completions = await db.select().from(courseCompletions).where(eq(courseCompletions.courseId, "cls-b"));
    expect(completions).toHaveLength(1);
    expect(completions[0]).toMatchObject({ personId: a, source: "class", completedOn: "2026-03-04" });
    expect(completions[0]!.evidence).toContain(`Lớp tập huấn #${id}`);
    const certs = await db.select().from(certificates).where(eq(certificates.courseId, "cls-b"));
    expect(certs).toHaveLength(1);
    expect(certs[0]).toMatchObject({ personId: a, completedOn: "2026-03-04", kind: "original" });
    const members = await classMembers(id);
    expect(members.find((m) => m.personId === a)).toMatchObject({ qualified: true, completionId: completions[0]!.id });
    expect(members.find((m) => m.personId === c)).toMatchObject({ qualified: false, reason: "attendance" });

    // Closed: nothing can change any more.
    expect(await markAttendance(trainer, id, sessions[0]!, b, false)).toEqual({ ok: false, reason: "closed" });
    expect(await enrolMembers(trainer, id, dongHaPeople.slice(4, 5))).toEqual({ ok: false, reason: "closed" });
    expect((await removeMember(trainer, id, a)).ok).toBe(false);
  });

  it("follows the class's rule: a minimum share of sessions and no assessment", async () => {
    const { id, b, c } = await runClass("cls-c", { minAttendancePercent: 60, requirePass: false });
    const result = await closeClass(trainer, id);
    expect(result).toMatchObject({ ok: true, qualified: 3, notQualified: 0, issued: 3 });
    const certs = await db.select().from(certificates).where(eq(certificates.courseId, "cls-c"));
    expect(certs.map((c) => c.personId).sort()).toEqual(expect.arrayContaining([b, c]));
    expect(certs).toHaveLength(3);
    // A second class of the same course: people who already completed it get nothing new.
    const again = await runClass("cls-c", { minAttendancePercent: 60, requirePass: false });
    const preview = await evaluateClass(again.id);
    expect(preview.every((e) => e.alreadyCompleted)).toBe(true);
    // The enrolment list says so too.
    const listed = await enrolCandidates(trainer, again.id, {});
    expect(listed.find((p) => p.id === b)).toMatchObject({ enrolled: true, completed: true });
    expect(listed.find((p) => p.id === dongHaPeople[4])?.completed).toBe(false);
    expect(await closeClass(trainer, again.id)).toMatchObject({ ok: true, qualified: 3, issued: 0 });
    expect(await db.select().from(certificates).where(eq(certificates.courseId, "cls-c"))).toHaveLength(3);
  });

  it("never lets an attendance write land after the close has judged it", async () => {
    for (let round = 0; round < 4; round++) {
      const id = await newClass({ courseId: "cls-a", requirePass: false });
      const who = dongHaPeople[5 - round]!;
      await enrolMembers(trainer, id, [who]);
      const [s1, s2, s3] = await sessionIds(id);
      await markAttendance(trainer, id, s1!, who, true);
      await markAttendance(trainer, id, s2!, who, true);
      const [closed, marked] = await Promise.all([closeClass(trainer, id), markAttendance(trainer, id, s3!, who, true)]);
      expect(closed.ok).toBe(true);
      // Whichever came first, what was judged is what is stored.
      const stored = (await classMembers(id))[0]!;
      const now = (await evaluateClass(id))[0]!;
      expect(stored.qualified).toBe(now.qualified);
      expect(marked.ok).toBe(now.attended === 3);
    }
  });

  it("does not close before the end date or without learners", async () => {
    const future = await newClass({ startsOn: "2099-01-01", endsOn: "2099-01-02", sessionDates: ["2099-01-01"] });
    await enrolMembers(trainer, future, dongHaPeople.slice(0, 1));
    expect(await closeClass(trainer, future)).toEqual({ ok: false, reason: "notEnded" });
    const empty = await newClass();
    expect(await closeClass(trainer, empty)).toEqual({ ok: false, reason: "noMembers" });
    expect((await getClassForUser(trainer, empty))?.cls.status).toBe("open");
  });
});

describe("editing", () => {
  it("keeps sessions with attendance and communes with members", async () => {
    const id = await newClass();
    await enrolMembers(trainer, id, dongHaPeople.slice(0, 2));
    const sessions = await sessionIds(id);
    await markAttendance(trainer, id, sessions[2]!, dongHaPeople[0]!, true);
    const view = (await getClassForUser(trainer, id))!;
    const shrink = await updateClass(trainer, view, input({ sessionDates: ["2026-03-02", "2026-03-03"], communeIds: [otherCommune], capacity: 1 }), t);
    expect(shrink.ok).toBe(false);
    if (!shrink.ok) {
      expect(shrink.errors.sessions).toContain("buổi 3");
      expect(shrink.errors.communeId).toBeDefined();
      expect(shrink.errors.capacity).toBeDefined();
    }
    const ok = await updateClass(trainer, view, input({ title: "Lớp đổi tên", communeIds: [dongHa, otherCommune], sessionDates: ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-04"] }), t);
    expect(ok.ok).toBe(true);
    expect(await sessionIds(id)).toHaveLength(4);
    // Existing sessions keep their ids, so their attendance stays.
    expect((await sessionIds(id)).slice(0, 3)).toEqual(sessions);
  });
});

describe("evidence photos", () => {
  it("shrinks an accepted photo and refuses oversized or non-image files, writing nothing", async () => {
    const id = await newClass();
    const [s1] = await sessionIds(id);
    const png = await sharp({ create: { width: 3200, height: 2400, channels: 3, background: { r: 240, g: 240, b: 230 } } }).png().toBuffer();
    const saved = await addEvidence(trainer, id, s1!, png);
    expect(saved.ok).toBe(true);
    const [row] = await db.select().from(trainingClassEvidence).where(eq(trainingClassEvidence.sessionId, s1!));
    expect(row).toMatchObject({ width: 1600, height: 1200, mime: "image/jpeg" });
    expect(Buffer.from(row!.data).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(row!.size).toBe(row!.data.length);

    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    expect(await addEvidence(trainer, id, s1!, big)).toEqual({ ok: false, reason: "tooLarge" });
    expect(await addEvidence(trainer, id, s1!, new TextEncoder().encode("%PDF-1.7 not a photo"))).toEqual({ ok: false, reason: "notImage" });
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: "#fff" } }).gif().toBuffer();
    expect(await addEvidence(trainer, id, s1!, gif)).toEqual({ ok: false, reason: "notImage" });
    expect(await db.select({ id: trainingClassEvidence.id }).from(trainingClassEvidence).where(eq(trainingClassEvidence.sessionId, s1!))).toHaveLength(1);
  });
});

describe("trainer insight", () => {
  it("lists stuck learners and the questions most people miss", async () => {
    const [p1, p2, p3] = otherPeople as [number, number, number];
    for (const p of [p1, p2, p3]) await enrol(p, "cls-a", "assigned", trainer.id);
    await db.execute(sql`update enrolments set enrolled_at = now() - interval '30 days' where course_id = 'cls-a' and person_id in (${p1}, ${p2}, ${p3})`);
    await db.execute(sql`update enrolments set last_seen_at = now() - interval '1 day' where course_id = 'cls-a' and person_id = ${p2}`);
    // p3 never "visited" (no last_seen_at) but finished a lesson today: not stuck.
    await completeLesson(p3, "cls-a", "cls-a-m1-l1");
    const { getPublishedCourse } = await import("~/models/learning.server");
    const published = (await getPublishedCourse("cls-a"))!;
    const scope = scopeCondition(trainer, "progress:read", adminUnits.path);
    const stuck = await stuckLearners(scope, "cls-a", published.version.tree, { days: 14 });
    expect(stuck.map((s) => s.personId)).toEqual([p1]);
    expect(stuck[0]!.idleDays).toBeGreaterThanOrEqual(29);

    // q1 wrong for two people on their first try; p1 then gets it right.
    const wrongQ1 = { ...ALL_RIGHT, q1: ["a"] };
    for (const [p, answers] of [
      [p1, wrongQ1],
      [p2, wrongQ1],
      [p3, ALL_RIGHT],
      [p1, ALL_RIGHT],
    ] as const) {
      const { nonce } = await openAttempt(p, "cls-a", published.version.id, "cls-a-m1-quiz");
      await submitAttempt(p, "cls-a", "cls-a-m1-quiz", nonce, answers as Record<string, string[]>, null, 70);
    }
    const missed = await missedQuestions(scope, "cls-a", published.version.id);
    expect(missed[0]).toMatchObject({ questionId: "q1", missed: 2, answered: 3, correctOptions: ["4"], commonWrong: "3" });
    expect(missed).toHaveLength(1);
    const hueScope = scopeCondition(hue, "progress:read", adminUnits.path);
    expect(await missedQuestions(hueScope, "cls-a", published.version.id)).toEqual([]);
  });
});
