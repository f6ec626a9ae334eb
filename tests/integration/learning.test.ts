import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import {
  checkAnswers,
  completeLesson,
  courseProgress,
  enrol,
  getCompletion,
  grade,
  myCourses,
  openAttempt,
  publicQuestion,
  submitAttempt,
} from "~/models/learning.server";
import { courseCompletions, lessonProgress, people, quizAttempts } from "../../db/schema";
import { ALL_RIGHT, createTestCourse, QUESTIONS } from "../support/course-fixture";
import { withTestDatabase } from "../support/db";
import { seedDemoData } from "../support/fixtures";

withTestDatabase();
let personIds: number[] = [];
beforeAll(async () => {
  await seedDemoData();
  personIds = (await db.select({ id: people.id }).from(people).limit(10)).map((p) => p.id);
});

describe("grading", () => {
  it("never shows answer keys in what the browser gets", () => {
    const shown = JSON.stringify(QUESTIONS.map(publicQuestion));
    expect(shown).not.toContain("correct");
    expect(shown).not.toContain("explanation");
    expect(shown).not.toContain(QUESTIONS[0]!.explanation);
  });

  it("refuses missing, extra and forged answers before grading", () => {
    expect(checkAnswers(QUESTIONS, { q1: ["b"] })).toEqual({ kind: "unanswered", questionIds: ["q2", "q3", "q4", "q5"] });
    expect(checkAnswers(QUESTIONS, { ...ALL_RIGHT, q99: ["a"] })).toEqual({ kind: "unknownQuestion", questionIds: ["q99"] });
    expect(checkAnswers(QUESTIONS, { ...ALL_RIGHT, q1: ["z"] })).toEqual({ kind: "unknownOption", questionIds: ["q1"] });
    expect(checkAnswers(QUESTIONS, { ...ALL_RIGHT, q1: ["a", "b"] })).toEqual({ kind: "tooManyChoices", questionIds: ["q1"] });
    expect(checkAnswers(QUESTIONS, ALL_RIGHT)).toBeNull();
  });

  it("scores a multiple-choice question right only with exactly the right set", () => {
    expect(grade(QUESTIONS, ALL_RIGHT, 70)).toMatchObject({ correct: 5, score: 100, passed: true });
    const partial = grade(QUESTIONS, { ...ALL_RIGHT, q2: ["a"] }, 70);
    expect(partial).toMatchObject({ correct: 4, score: 80, passed: true });
    expect(grade(QUESTIONS, { ...ALL_RIGHT, q2: ["a"], q3: ["false"] }, 70)).toMatchObject({ correct: 3, score: 60, passed: false });
  });
});

describe("learner journey", () => {
  it("records lessons idempotently and refuses a lesson of another course", async () => {
    const course = await createTestCourse("khoa-a");
    await createTestCourse("khoa-b");
    const personId = personIds[0]!;
    expect(await enrol(personId, course.id, "self", null)).toBe(true);
    expect(await enrol(personId, course.id, "self", null)).toBe(false);
    expect((await completeLesson(personId, course.id, "khoa-a-m1-l1")).ok).toBe(true);
    expect((await completeLesson(personId, course.id, "khoa-a-m1-l1")).ok).toBe(true);
    expect(await completeLesson(personId, course.id, "khoa-b-m1-l1")).toEqual({ ok: false, reason: "notInCourse" });
    const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(lessonProgress).where(eq(lessonProgress.personId, personId));
    expect(count!.n).toBe(1);
    const [mine] = await myCourses(personId);
    expect(mine).toMatchObject({ courseId: "khoa-a", lessonsDone: 1, lessonsTotal: 3, quizzesTotal: 2, minutesLeft: 90, nextLessonId: "khoa-a-m1-l2" });
  });

  it("grades a submission once, however many times it is sent", async () => {
    const course = await createTestCourse("khoa-c");
    const personId = personIds[1]!;
    await enrol(personId, course.id, "self", null);
    const attempt = await openAttempt(personId, course.id, course.versionId, "khoa-c-m1-quiz");
    const results = await Promise.all(
      Array.from({ length: 5 }, () => submitAttempt(personId, course.id, "khoa-c-m1-quiz", attempt.nonce, ALL_RIGHT, null, 70)),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && !r.replay)).toHaveLength(1);
    const rows = await db.select().from(quizAttempts).where(and(eq(quizAttempts.personId, personId), eq(quizAttempts.courseId, course.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ score: 100, passed: true, correct: 5, total: 5 });
    // A forged nonce changes nothing.
    expect(await submitAttempt(personId, course.id, "khoa-c-m1-quiz", "forged", ALL_RIGHT, null, 70)).toEqual({ ok: false, reason: "noAttempt" });
    // Someone else's nonce neither.
    expect(await submitAttempt(personIds[2]!, course.id, "khoa-c-m1-quiz", attempt.nonce, ALL_RIGHT, null, 70)).toEqual({ ok: false, reason: "noAttempt" });
  });

  it("enforces the attempt limit", async () => {
    const course = await createTestCourse("khoa-d", { maxAttempts: 2 });
    const personId = personIds[3]!;
    await enrol(personId, course.id, "self", null);
    const wrong = { ...ALL_RIGHT, q1: ["a"], q2: ["b"], q4: ["b"] };
    for (let i = 0; i < 2; i++) {
      const { nonce } = await openAttempt(personId, course.id, course.versionId, "khoa-d-m1-quiz");
      expect((await submitAttempt(personId, course.id, "khoa-d-m1-quiz", nonce, wrong, 2, 70)).ok).toBe(true);
    }
    const { nonce } = await openAttempt(personId, course.id, course.versionId, "khoa-d-m1-quiz");
    expect(await submitAttempt(personId, course.id, "khoa-d-m1-quiz", nonce, ALL_RIGHT, 2, 70)).toEqual({ ok: false, reason: "limit" });
  });

  it("records the course completion exactly once, with the version completed", async () => {
    const course = await createTestCourse("khoa-e");
    const personId = personIds[4]!;
    await enrol(personId, course.id, "self", null);
    for (const quizId of ["khoa-e-m1-quiz", "khoa-e-m2-quiz"]) {
      const { nonce } = await openAttempt(personId, course.id, course.versionId, quizId);
      await submitAttempt(personId, course.id, quizId, nonce, ALL_RIGHT, null, 70);
    }
    await completeLesson(personId, course.id, "khoa-e-m1-l1");
    await completeLesson(personId, course.id, "khoa-e-m1-l2");
    expect(await getCompletion(personId, course.id)).toBeNull();
    // The last lesson, completed from several tabs at once.
    await Promise.all(Array.from({ length: 6 }, () => completeLesson(personId, course.id, "khoa-e-m2-l1")));
    const rows = await db.select().from(courseCompletions).where(and(eq(courseCompletions.personId, personId), eq(courseCompletions.courseId, course.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ versionId: course.versionId, version: "1.0.0", source: "online", cycle: 1 });
    const progress = await courseProgress(personId, course.id);
    expect(progress.completion?.id).toBe(rows[0]!.id);
  });
});
