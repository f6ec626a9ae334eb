// The attempt limit holds however requests interleave: the database gives
// graded attempts unique numbers and only below the limit, and parallel page
// loads share one open attempt. Runs on PGlite and, with TEST_DATABASE_URL,
// on PostgreSQL, where the requests really run in parallel on a pool.
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createSession, generateSessionToken } from "~/auth/session.server";
import { db } from "~/db.server";
import { enrol, openAttempt, submitAttempt } from "~/models/learning.server";
import { action, loader } from "~/routes/courses.$courseId.quizzes.$quizId";
import { courseVersions, quizAttempts, quizzes } from "../../db/schema";
import { ALL_RIGHT, createTestCourse, QUESTIONS } from "../support/course-fixture";
import { usingPostgres, withTestDatabase } from "../support/db";
import { demoActor, seedDemoData } from "../support/fixtures";

withTestDatabase();

const WRONG = { ...ALL_RIGHT, q1: ["a"], q2: ["b"], q4: ["b"] };
let personId = 0;
let cookie = "";

beforeAll(async () => {
  await seedDemoData();
  const learner = await demoActor("qt-learner");
  personId = learner.account.personId!;
  const token = generateSessionToken();
  await createSession(token, learner.id);
  cookie = `ctxh_session=${token}`;
});

async function attemptsOf(courseId: string) {
  return db.select().from(quizAttempts).where(and(eq(quizAttempts.personId, personId), eq(quizAttempts.courseId, courseId)));
}

function loadQuizPage(courseId: string, quizId: string) {
  const request = new Request(`http://localhost/courses/${courseId}/quizzes/${quizId}`, { headers: { Cookie: cookie } });
  return loader({ request, params: { courseId, quizId }, context: {} });
}

async function submitQuizForm(courseId: string, quizId: string, nonce: string, answers: Record<string, string[]>) {
  const body = new URLSearchParams({ nonce });
  for (const [q, options] of Object.entries(answers)) for (const o of options) body.append(`q.${q}`, o);
  const request = new Request(`http://localhost/courses/${courseId}/quizzes/${quizId}`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  const result = await action({ request, params: { courseId, quizId }, context: {} });
  // A redirect (graded) is a Response; a refusal is `data(…, { status })`.
  return result instanceof Response ? result.status : (result as unknown as { init: { status: number } }).init.status;
}

describe(`quiz attempt limit under concurrency (${usingPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("opens one attempt for 20 parallel quiz page loads", async () => {
    const course = await createTestCourse("gioi-han-a", { maxAttempts: 3 });
    await enrol(personId, course.id, "self", null);
    const pages = await Promise.all(Array.from({ length: 20 }, () => loadQuizPage(course.id, "gioi-han-a-m1-quiz")));
    const nonces = new Set(pages.map((p) => p.nonce));
    expect(nonces.size).toBe(1);
    expect([...nonces][0]).toEqual(expect.any(String));
    expect(await attemptsOf(course.id)).toHaveLength(1);
  });

  it("grades exactly 3 when 20 tabs of one learner load and submit in parallel, with a limit of 3", async () => {
    const course = await createTestCourse("gioi-han-b", { maxAttempts: 3 });
    await enrol(personId, course.id, "self", null);
    const quizId = "gioi-han-b-m1-quiz";
    const statuses: number[] = [];
    // Each tab: load the page, submit what it got, again, until refused.
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        for (let round = 0; round < 10; round++) {
          const page = await loadQuizPage(course.id, quizId);
          if (!page.nonce) return;
          const status = await submitQuizForm(course.id, quizId, page.nonce, WRONG);
          statuses.push(status);
          if (status === 409) return;
        }
      }),
    );
    const rows = await attemptsOf(course.id);
    const graded = rows.filter((r) => r.submittedAt);
    expect(graded).toHaveLength(3);
    expect(graded.map((r) => r.attemptNo).sort()).toEqual([1, 2, 3]);
    expect(rows.filter((r) => !r.submittedAt).length).toBeLessThanOrEqual(1);
    expect(statuses.every((s) => s === 302 || s === 409)).toBe(true);
    // The page now says the limit is reached and opens nothing.
    expect((await loadQuizPage(course.id, quizId)).nonce).toBeNull();
  });

  it("grades 3 of 20 different open attempts submitted at the same moment", async () => {
    // Attempts opened on 20 course versions (e.g. before and after updates):
    // 20 distinct nonces, so only the limit can stop them.
    const course = await createTestCourse("gioi-han-c", { maxAttempts: 3 });
    await enrol(personId, course.id, "self", null);
    const quizId = "gioi-han-c-m1-quiz";
    const versionIds = [course.versionId];
    for (let i = 2; i <= 20; i++) {
      const [v] = await db
        .insert(courseVersions)
        .values({ courseId: course.id, version: `1.0.${i}`, contentHash: `h-gioi-han-c-${i}`, tree: course.tree, totalMinutes: 120, publishedAt: new Date() })
        .returning();
      await db.insert(quizzes).values({ versionId: v!.id, quizId, moduleId: "gioi-han-c-m1", title: "Kiểm tra 1", questions: QUESTIONS });
      versionIds.push(v!.id);
    }
    const opened = await Promise.all(versionIds.map((v) => openAttempt(personId, course.id, v, quizId)));
    expect(new Set(opened.map((a) => a.nonce)).size).toBe(20);
    const results = await Promise.all(opened.map((a) => submitAttempt(personId, course.id, quizId, a.nonce, WRONG, 3, 70)));
    expect(results.filter((r) => r.ok && !r.replay)).toHaveLength(3);
    expect(results.filter((r) => !r.ok && r.reason === "limit")).toHaveLength(17);
    const graded = await db
      .select({ n: quizAttempts.attemptNo })
      .from(quizAttempts)
      .where(and(eq(quizAttempts.personId, personId), eq(quizAttempts.courseId, course.id), isNotNull(quizAttempts.submittedAt)));
    expect(graded.map((g) => g.n).sort()).toEqual([1, 2, 3]);
    const open = await db.select().from(quizAttempts).where(and(eq(quizAttempts.courseId, course.id), isNull(quizAttempts.submittedAt)));
    expect(open).toHaveLength(17);
  });

  it("is the database that refuses a second attempt with the same number", async () => {
    const course = await createTestCourse("gioi-han-d", { maxAttempts: 3 });
    await enrol(personId, course.id, "self", null);
    const quizId = "gioi-han-d-m1-quiz";
    const { nonce } = await openAttempt(personId, course.id, course.versionId, quizId);
    expect(await submitAttempt(personId, course.id, quizId, nonce, WRONG, 3, 70)).toMatchObject({ ok: true, replay: false });
    // A second row numbered 1 for the same learner and quiz, written past the app.
    const [v2] = await db.insert(courseVersions).values({ courseId: course.id, version: "1.0.1", contentHash: "h-gioi-han-d-2", tree: course.tree, totalMinutes: 120 }).returning();
    const insertSecond = db
      .insert(quizAttempts)
      .values({ personId, courseId: course.id, versionId: v2!.id, quizId, nonce: "tay-1", submittedAt: new Date(), attemptNo: 1 });
    await expect(insertSecond).rejects.toThrow();
    // A graded attempt without a number, or a number on an open one, neither.
    await expect(db.insert(quizAttempts).values({ personId, courseId: course.id, versionId: v2!.id, quizId, nonce: "tay-2", submittedAt: new Date() })).rejects.toThrow();
    await expect(db.insert(quizAttempts).values({ personId, courseId: course.id, versionId: v2!.id, quizId, nonce: "tay-3", attemptNo: 2 })).rejects.toThrow();
    expect(await attemptsOf(course.id)).toHaveLength(1);
  });
});
