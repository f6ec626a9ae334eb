// The learner's journey: catalogue, enrolment, lesson progress, quizzes graded
// on the server, and the course completion recorded exactly once.
import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { db } from "~/db.server";
import { todayInVietnam } from "~/lib/dates";
import { completeWithCertificate } from "./certificates.server";
import {
  adminUnits,
  courseCompletions,
  courses,
  courseVersions,
  enrolments,
  lessonProgress,
  mdxDocuments,
  people,
  quizAttempts,
  quizzes,
  type CourseTree,
  type QuizQuestion,
} from "../../db/schema";

// Published versions and compiled lessons never change, so they are cached
// in memory by id / hash: a lesson page costs one small progress query.
const versionCache = new Map<number, { id: number; version: string; tree: CourseTree; totalMinutes: number }>();
const htmlCache = new Map<string, string>();
const HTML_CACHE_MAX = 500;

export type Course = typeof courses.$inferSelect;

export async function getCourse(courseId: string): Promise<Course | null> {
  const [course] = await db.select().from(courses).where(eq(courses.id, courseId));
  return course ?? null;
}

export async function getVersion(versionId: number) {
  const cached = versionCache.get(versionId);
  if (cached) return cached;
  const [row] = await db
    .select({ id: courseVersions.id, version: courseVersions.version, tree: courseVersions.tree, totalMinutes: courseVersions.totalMinutes })
    .from(courseVersions)
    .where(eq(courseVersions.id, versionId));
  if (!row) return null;
  versionCache.set(versionId, row);
  return row;
}

export async function getLessonHtml(hash: string): Promise<string | null> {
  const cached = htmlCache.get(hash);
  if (cached !== undefined) return cached;
  const [row] = await db.select({ html: mdxDocuments.html }).from(mdxDocuments).where(eq(mdxDocuments.hash, hash));
  if (!row) return null;
  if (htmlCache.size >= HTML_CACHE_MAX) htmlCache.delete(htmlCache.keys().next().value!);
  htmlCache.set(hash, row.html);
  return row.html;
}

/** The published course with its current version, or null. */
export async function getPublishedCourse(courseId: string) {
  const course = await getCourse(courseId);
  if (!course || course.status !== "published" || !course.currentVersionId) return null;
  const version = await getVersion(course.currentVersionId);
  return version ? { course, version } : null;
}

export function allLessons(tree: CourseTree) {
  return tree.modules.flatMap((m) => m.lessons.map((l) => ({ ...l, moduleId: m.id })));
}

export function findLesson(tree: CourseTree, lessonId: string) {
  const lessons = allLessons(tree);
  const index = lessons.findIndex((l) => l.id === lessonId);
  if (index < 0) return null;
  return { lesson: lessons[index]!, previous: lessons[index - 1] ?? null, next: lessons[index + 1] ?? null, index, count: lessons.length };
}

export async function listCatalogue() {
  return db
    .select({
      id: courses.id,
      title: courses.title,
      summary: courses.summary,
      hours: courses.hours,
      selfEnroll: courses.selfEnroll,
      validityMonths: courses.validityMonths,
      totalMinutes: courseVersions.totalMinutes,
      tree: courseVersions.tree,
    })
    .from(courses)
    .innerJoin(courseVersions, eq(courseVersions.id, courses.currentVersionId))
    .where(eq(courses.status, "published"))
    .orderBy(asc(courses.sortOrder), asc(courses.title));
}

// --- enrolment -----------------------------------------------------------------

export async function getEnrolment(personId: number, courseId: string) {
  const [row] = await db.select().from(enrolments).where(and(eq(enrolments.personId, personId), eq(enrolments.courseId, courseId)));
  return row ?? null;
}

/** Enrols once; a second call (double click, replay) is a no-op. */
export async function enrol(personId: number, courseId: string, source: "self" | "assigned", by: number | null) {
  const rows = await db
    .insert(enrolments)
    .values({ personId, courseId, source, enrolledBy: by })
    .onConflictDoNothing()
    .returning({ id: enrolments.id });
  return rows.length > 0;
}

export async function myCourses(personId: number) {
  const rows = await db
    .select({
      courseId: courses.id,
      title: courses.title,
      hours: courses.hours,
      tree: courseVersions.tree,
      totalMinutes: courseVersions.totalMinutes,
      lastLessonId: enrolments.lastLessonId,
      enrolledAt: enrolments.enrolledAt,
    })
    .from(enrolments)
    .innerJoin(courses, eq(courses.id, enrolments.courseId))
    .innerJoin(courseVersions, eq(courseVersions.id, courses.currentVersionId))
    .where(eq(enrolments.personId, personId))
    .orderBy(desc(enrolments.lastSeenAt), desc(enrolments.enrolledAt));
  if (!rows.length) return [];
  const ids = rows.map((r) => r.courseId);
  const [done, passed, completions] = await Promise.all([
    db
      .select({ courseId: lessonProgress.courseId, lessonId: lessonProgress.lessonId })
      .from(lessonProgress)
      .where(and(eq(lessonProgress.personId, personId), inArray(lessonProgress.courseId, ids))),
    passedQuizzes(personId, ids),
    db
      .select({ courseId: courseCompletions.courseId, completedOn: courseCompletions.completedOn })
      .from(courseCompletions)
      .where(and(eq(courseCompletions.personId, personId), inArray(courseCompletions.courseId, ids))),
  ]);
  return rows.map((r) => {
    const doneSet = new Set(done.filter((d) => d.courseId === r.courseId).map((d) => d.lessonId));
    const passedSet = passed.get(r.courseId) ?? new Set<string>();
    return {
      ...r,
      ...summarise(r.tree, doneSet, passedSet),
      resume: resumeTarget(r.tree, doneSet, passedSet, r.lastLessonId),
      completedOn: completions.find((c) => c.courseId === r.courseId)?.completedOn ?? null,
    };
  });
}

/** Progress of one learner on a course tree: lessons and quizzes both count as steps. */
export function summarise(tree: CourseTree, done: Set<string>, passed: Set<string>) {
  const lessons = allLessons(tree);
  const quizIds = tree.modules.flatMap((m) => (m.quizId ? [m.quizId] : []));
  const lessonsDone = lessons.filter((l) => done.has(l.id)).length;
  const quizzesPassed = quizIds.filter((q) => passed.has(q)).length;
  const steps = lessons.length + quizIds.length;
  const minutesLeft = lessons.filter((l) => !done.has(l.id)).reduce((sum, l) => sum + l.minutes, 0);
  const nextLesson = lessons.find((l) => !done.has(l.id)) ?? null;
  return {
    lessonsDone,
    lessonsTotal: lessons.length,
    quizzesPassed,
    quizzesTotal: quizIds.length,
    percent: steps ? Math.floor(((lessonsDone + quizzesPassed) / steps) * 100) : 0,
    minutesLeft,
    nextLessonId: nextLesson?.id ?? null,
  };
}

/**
 * Where "Tiếp tục học" goes: the lesson the learner was reading if it is not
 * finished; otherwise the first unfinished step in course order (a module's
 * lessons, then its quiz). A path below /courses/:courseId/, or null when
 * everything is done.
 */
export function resumeTarget(tree: CourseTree, done: Set<string>, passed: Set<string>, lastLessonId: string | null): string | null {
  if (lastLessonId && !done.has(lastLessonId) && allLessons(tree).some((l) => l.id === lastLessonId)) return `lessons/${lastLessonId}`;
  for (const m of tree.modules) {
    const lesson = m.lessons.find((l) => !done.has(l.id));
    if (lesson) return `lessons/${lesson.id}`;
    if (m.quizId && !passed.has(m.quizId)) return `quizzes/${m.quizId}`;
  }
  return null;
}

async function passedQuizzes(personId: number, courseIds: string[]) {
  const rows = await db
    .selectDistinct({ courseId: quizAttempts.courseId, quizId: quizAttempts.quizId })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.personId, personId), inArray(quizAttempts.courseId, courseIds), eq(quizAttempts.passed, true)));
  const map = new Map<string, Set<string>>();
  for (const r of rows) {
    if (!map.has(r.courseId)) map.set(r.courseId, new Set());
    map.get(r.courseId)!.add(r.quizId);
  }
  return map;
}

export async function courseProgress(personId: number, courseId: string) {
  const [done, passed, attempts, completion] = await Promise.all([
    db.select({ lessonId: lessonProgress.lessonId }).from(lessonProgress).where(and(eq(lessonProgress.personId, personId), eq(lessonProgress.courseId, courseId))),
    passedQuizzes(personId, [courseId]),
    db
      .select({ quizId: quizAttempts.quizId, score: sql<number>`max(${quizAttempts.score})::int`, count: sql<number>`count(*)::int` })
      .from(quizAttempts)
      .where(and(eq(quizAttempts.personId, personId), eq(quizAttempts.courseId, courseId), isNotNull(quizAttempts.submittedAt)))
      .groupBy(quizAttempts.quizId),
    getCompletion(personId, courseId),
  ]);
  return {
    done: new Set(done.map((d) => d.lessonId)),
    passed: passed.get(courseId) ?? new Set<string>(),
    attempts: new Map(attempts.map((a) => [a.quizId, { best: a.score, count: a.count }])),
    completion,
  };
}

export async function getCompletion(personId: number, courseId: string) {
  const [row] = await db
    .select()
    .from(courseCompletions)
    .where(and(eq(courseCompletions.personId, personId), eq(courseCompletions.courseId, courseId)))
    .orderBy(desc(courseCompletions.cycle))
    .limit(1);
  return row ?? null;
}

/** One primary-key lookup: has the learner finished this lesson? */
export async function isLessonDone(personId: number, courseId: string, lessonId: string) {
  const [row] = await db
    .select({ at: lessonProgress.completedAt })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.personId, personId), eq(lessonProgress.courseId, courseId), eq(lessonProgress.lessonId, lessonId)));
  return !!row;
}

export async function touchLesson(personId: number, courseId: string, lessonId: string) {
  await db
    .update(enrolments)
    .set({ lastLessonId: lessonId, lastSeenAt: new Date() })
    .where(and(eq(enrolments.personId, personId), eq(enrolments.courseId, courseId)));
}

// --- completing lessons -------------------------------------------------------

/** Marks a lesson of the course's current version complete (idempotent), then checks course completion. */
export async function completeLesson(personId: number, courseId: string, lessonId: string) {
  const published = await getPublishedCourse(courseId);
  if (!published || !findLesson(published.version.tree, lessonId)) return { ok: false as const, reason: "notInCourse" as const };
  await db.insert(lessonProgress).values({ personId, courseId, lessonId }).onConflictDoNothing();
  const completion = await recordCompletionIfDone(personId, courseId);
  return { ok: true as const, completion };
}

/**
 * Every lesson of the current version complete and every module quiz passed
 * → one completion row. The unique index (person, course, cycle) makes this
 * exactly-once under concurrent requests.
 */
export async function recordCompletionIfDone(personId: number, courseId: string) {
  const published = await getPublishedCourse(courseId);
  if (!published) return null;
  const progress = await courseProgress(personId, courseId);
  if (progress.completion) return progress.completion;
  const summary = summarise(published.version.tree, progress.done, progress.passed);
  if (summary.lessonsDone < summary.lessonsTotal || summary.quizzesPassed < summary.quizzesTotal) return null;
  // The certificate is issued automatically, numbered in the completion's own transaction (docs/decisions/013).
  await completeWithCertificate({
    personId,
    courseId,
    cycle: 1,
    versionId: published.version.id,
    version: published.version.version,
    source: "online",
    completedOn: todayInVietnam(),
  });
  return getCompletion(personId, courseId);
}

// --- quizzes -------------------------------------------------------------------

export async function getQuiz(versionId: number, quizId: string) {
  const [row] = await db.select().from(quizzes).where(and(eq(quizzes.versionId, versionId), eq(quizzes.quizId, quizId)));
  return row ?? null;
}

/** What the browser may see of a question: no `correct` flags, no explanation. */
export function publicQuestion(q: QuizQuestion) {
  return { id: q.id, type: q.type, text: q.text, options: q.options.map((o) => ({ id: o.id, text: o.text })) };
}

export async function submittedAttemptCount(personId: number, courseId: string, quizId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.personId, personId), eq(quizAttempts.courseId, courseId), eq(quizAttempts.quizId, quizId), isNotNull(quizAttempts.submittedAt)));
  return row?.n ?? 0;
}

/**
 * Opens an attempt (reusing the open one) and returns its nonce for the form.
 * A partial unique index allows one open attempt per learner, quiz and
 * version, so parallel page loads all get the same one.
 */
export async function openAttempt(personId: number, courseId: string, versionId: number, quizId: string) {
  const findOpen = async () => {
    const [open] = await db
      .select({ id: quizAttempts.id, nonce: quizAttempts.nonce })
      .from(quizAttempts)
      .where(and(eq(quizAttempts.personId, personId), eq(quizAttempts.courseId, courseId), eq(quizAttempts.quizId, quizId), eq(quizAttempts.versionId, versionId), isNull(quizAttempts.submittedAt)))
      .limit(1);
    return open;
  };
  const open = await findOpen();
  if (open) return open;
  const nonce = randomBytes(18).toString("base64url");
  const [created] = await db
    .insert(quizAttempts)
    .values({ personId, courseId, versionId, quizId, nonce })
    .onConflictDoNothing({ target: [quizAttempts.personId, quizAttempts.courseId, quizAttempts.quizId, quizAttempts.versionId], where: sql`${quizAttempts.submittedAt} is null` })
    .returning({ id: quizAttempts.id, nonce: quizAttempts.nonce });
  // Lost the race: another request opened it a moment ago.
  return created ?? (await findOpen())!;
}

export type Answers = Record<string, string[]>;

export type GradeProblem =
  | { kind: "unanswered"; questionIds: string[] }
  | { kind: "unknownQuestion"; questionIds: string[] }
  | { kind: "unknownOption"; questionIds: string[] }
  | { kind: "tooManyChoices"; questionIds: string[] };

/** Checks a submission against the quiz; nothing is graded unless it is well-formed. */
export function checkAnswers(questions: QuizQuestion[], answers: Answers): GradeProblem | null {
  const ids = new Set(questions.map((q) => q.id));
  const unknown = Object.keys(answers).filter((id) => !ids.has(id));
  if (unknown.length) return { kind: "unknownQuestion", questionIds: unknown };
  const badOption = questions.filter((q) => (answers[q.id] ?? []).some((a) => !q.options.some((o) => o.id === a))).map((q) => q.id);
  if (badOption.length) return { kind: "unknownOption", questionIds: badOption };
  const tooMany = questions.filter((q) => q.type !== "multiple" && (answers[q.id]?.length ?? 0) > 1).map((q) => q.id);
  if (tooMany.length) return { kind: "tooManyChoices", questionIds: tooMany };
  const missing = questions.filter((q) => !(answers[q.id]?.length)).map((q) => q.id);
  if (missing.length) return { kind: "unanswered", questionIds: missing };
  return null;
}

export function grade(questions: QuizQuestion[], answers: Answers, passMark: number) {
  const results = questions.map((q) => {
    const chosen = new Set(answers[q.id] ?? []);
    const correct = new Set(q.options.filter((o) => o.correct).map((o) => o.id));
    const right = chosen.size === correct.size && [...chosen].every((c) => correct.has(c));
    return { questionId: q.id, right };
  });
  const correct = results.filter((r) => r.right).length;
  const score = Math.round((correct / questions.length) * 100);
  return { results, correct, total: questions.length, score, passed: score >= passMark };
}

export type SubmitResult =
  | { ok: true; attemptId: number; replay: boolean }
  | { ok: false; reason: "noAttempt" | "limit" | "invalid"; problem?: GradeProblem };

/**
 * Grades and stores an attempt exactly once: the conditional UPDATE on the
 * attempt's nonce lets only the first of several identical submits through.
 *
 * The attempt limit is held by the database: grading gives the attempt the
 * next number (1, 2, 3…) for this learner and quiz, only while the highest
 * number so far is below the limit, and the numbers are unique. Two submits
 * that pick the same number collide on the unique index and the later one
 * tries again with a fresh view, so no interleaving grades more than `limit`.
 */
export async function submitAttempt(personId: number, courseId: string, quizId: string, nonce: string, answers: Answers, limit: number | null, passMark: number): Promise<SubmitResult> {
  const [attempt] = await db
    .select()
    .from(quizAttempts)
    .where(and(eq(quizAttempts.nonce, nonce), eq(quizAttempts.personId, personId), eq(quizAttempts.courseId, courseId), eq(quizAttempts.quizId, quizId)));
  if (!attempt) return { ok: false, reason: "noAttempt" };
  if (attempt.submittedAt) return { ok: true, attemptId: attempt.id, replay: true };
  const quiz = await getQuiz(attempt.versionId, quizId);
  if (!quiz) return { ok: false, reason: "noAttempt" };
  const problem = checkAnswers(quiz.questions, answers);
  if (problem) return { ok: false, reason: "invalid", problem };
  const result = grade(quiz.questions, answers, passMark);
  const highest = sql`(select coalesce(max(p.attempt_no), 0) from ${quizAttempts} p where p.person_id = ${personId} and p.course_id = ${courseId} and p.quiz_id = ${quizId})`;
  for (let tries = 0; ; tries++) {
    try {
      const updated = await db
        .update(quizAttempts)
        .set({ submittedAt: new Date(), answers, correct: result.correct, total: result.total, score: result.score, passed: result.passed, attemptNo: sql`${highest} + 1` })
        .where(and(eq(quizAttempts.id, attempt.id), isNull(quizAttempts.submittedAt), limit === null ? undefined : sql`${highest} < ${limit}`))
        .returning({ id: quizAttempts.id });
      if (updated.length) break;
      // Nothing updated: a parallel identical submit graded it, or the limit is reached.
      const [now] = await db.select({ submittedAt: quizAttempts.submittedAt }).from(quizAttempts).where(eq(quizAttempts.id, attempt.id));
      if (now?.submittedAt) return { ok: true, attemptId: attempt.id, replay: true };
      return { ok: false, reason: "limit" };
    } catch (error) {
      // A parallel submit took this number first. Bounded: each retry sees
      // at least one more graded attempt, and there are at most `limit`.
      if (!isUniqueViolation(error, "quiz_attempts_number_uq") || tries >= 20) throw error;
    }
  }
  if (result.passed) await recordCompletionIfDone(personId, courseId);
  return { ok: true, attemptId: attempt.id, replay: false };
}

function isUniqueViolation(error: unknown, constraint: string) {
  for (let e = error as { code?: unknown; constraint_name?: unknown; constraint?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === "23505" && (e.constraint_name === constraint || e.constraint === constraint || String(e.message).includes(constraint))) return true;
  }
  return false;
}

export async function getAttempt(personId: number, attemptId: number) {
  const [row] = await db.select().from(quizAttempts).where(and(eq(quizAttempts.id, attemptId), eq(quizAttempts.personId, personId)));
  return row ?? null;
}

// --- officers and trainers -------------------------------------------------------

/**
 * People in the viewer's scope with their state on a course: enrolment,
 * lessons done, quizzes passed, completion. Counts are aggregated in SQL so
 * a province's roster is one query.
 */
export async function progressInScope(
  scope: SQL,
  courseId: string,
  tree: CourseTree,
  filters: { communeId?: number | null; limit?: number; offset?: number } = {},
) {
  const lessonIds = allLessons(tree).map((l) => l.id);
  const quizIds = tree.modules.flatMap((m) => (m.quizId ? [m.quizId] : []));
  const rows = await db
    .select({
      personId: people.id,
      fullName: people.fullName,
      communeName: adminUnits.fullName,
      enrolledAt: enrolments.enrolledAt,
      lastSeenAt: enrolments.lastSeenAt,
      lessonsDone: sql<number>`(select count(*)::int from ${lessonProgress} lp where lp.person_id = ${people.id} and lp.course_id = ${courseId} and lp.lesson_id in ${lessonIds.length ? lessonIds : [""]})`,
      quizzesPassed: sql<number>`(select count(distinct qa.quiz_id)::int from ${quizAttempts} qa where qa.person_id = ${people.id} and qa.course_id = ${courseId} and qa.passed and qa.quiz_id in ${quizIds.length ? quizIds : [""]})`,
      completedOn: sql<string | null>`(select max(cc.completed_on)::text from ${courseCompletions} cc where cc.person_id = ${people.id} and cc.course_id = ${courseId})`,
    })
    .from(people)
    .innerJoin(adminUnits, eq(people.communeId, adminUnits.id))
    .leftJoin(enrolments, and(eq(enrolments.personId, people.id), eq(enrolments.courseId, courseId)))
    .where(and(scope, eq(people.status, "active"), filters.communeId ? eq(people.communeId, filters.communeId) : undefined))
    .orderBy(sql`regexp_replace(${people.fullName}, '^.* ', '')`, asc(people.fullName))
    .limit(filters.limit ?? 200)
    .offset(filters.offset ?? 0);
  const steps = lessonIds.length + quizIds.length;
  return rows.map((r) => ({
    ...r,
    percent: steps ? Math.floor(((r.lessonsDone + r.quizzesPassed) / steps) * 100) : 0,
    lessonsTotal: lessonIds.length,
    quizzesTotal: quizIds.length,
  }));
}

/** Enrols people (already checked to be in the officer's scope); returns how many were new. */
export async function assignPeople(personIds: number[], courseId: string, by: number) {
  if (!personIds.length) return 0;
  const rows = await db
    .insert(enrolments)
    .values(personIds.map((personId) => ({ personId, courseId, source: "assigned", enrolledBy: by })))
    .onConflictDoNothing()
    .returning({ id: enrolments.id });
  return rows.length;
}
