// What a trainer needs to follow learners between classes: who is stuck in
// an online course, and which quiz questions most people get wrong. Answer
// keys are read here, on the server; callers show them only to trainers and
// officers (the page requires progress:read).
import { and, asc, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import { db } from "~/db.server";
import { adminUnits, courseCompletions, enrolments, lessonProgress, people, quizAttempts, quizzes, type CourseTree } from "../../db/schema";
import { trainingClassMembers } from "../../db/tables/classes";
import { allLessons } from "./learning.server";

/**
 * Enrolled, not completed, and no activity (or none since enrolling) for at
 * least `days` days; optionally only the members of one class.
 */
export async function stuckLearners(scope: SQL, courseId: string, tree: CourseTree, options: { days: number; classId?: number | null; limit?: number }) {
  const lessonIds = allLessons(tree).map((l) => l.id);
  const quizIds = tree.modules.flatMap((m) => (m.quizId ? [m.quizId] : []));
  const steps = lessonIds.length + quizIds.length;
  // Last sign of life: a visit, a lesson done or a quiz submitted (greatest() skips nulls); else the enrolment.
  const lastActivity = sql`coalesce(greatest(${enrolments.lastSeenAt},
    (select max(lp.completed_at) from ${lessonProgress} lp where lp.person_id = ${people.id} and lp.course_id = ${courseId}),
    (select max(qa.submitted_at) from ${quizAttempts} qa where qa.person_id = ${people.id} and qa.course_id = ${courseId})), ${enrolments.enrolledAt})`;
  const rows = await db
    .select({
      personId: people.id,
      fullName: people.fullName,
      communeName: adminUnits.fullName,
      enrolledAt: enrolments.enrolledAt,
      lastSeenAt: enrolments.lastSeenAt,
      lessonsDone: sql<number>`(select count(*)::int from ${lessonProgress} lp where lp.person_id = ${people.id} and lp.course_id = ${courseId} and lp.lesson_id in ${lessonIds.length ? lessonIds : [""]})`,
      quizzesPassed: sql<number>`(select count(distinct qa.quiz_id)::int from ${quizAttempts} qa where qa.person_id = ${people.id} and qa.course_id = ${courseId} and qa.passed and qa.quiz_id in ${quizIds.length ? quizIds : [""]})`,
      lastActivity: sql<string>`${lastActivity}`,
      idleDays: sql<number>`floor(extract(epoch from (now() - ${lastActivity})) / 86400)::int`,
    })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .innerJoin(adminUnits, eq(adminUnits.id, people.communeId))
    .where(
      and(
        scope,
        eq(enrolments.courseId, courseId),
        eq(people.status, "active"),
        sql`not exists (select 1 from ${courseCompletions} c where c.person_id = ${people.id} and c.course_id = ${courseId})`,
        sql`${lastActivity} < now() - make_interval(days => ${options.days})`,
        options.classId ? sql`exists (select 1 from ${trainingClassMembers} m where m.class_id = ${options.classId} and m.person_id = ${people.id})` : undefined,
      ),
    )
    .orderBy(lastActivity, asc(people.fullName))
    .limit(options.limit ?? 300);
  return rows.map((r) => ({ ...r, percent: steps ? Math.floor(((r.lessonsDone + r.quizzesPassed) / steps) * 100) : 0 }));
}

export interface MissedQuestion {
  quizId: string;
  quizTitle: string;
  questionId: string;
  text: string;
  /** People whose first submitted attempt got the question wrong, of those who answered it. */
  missed: number;
  answered: number;
  correctOptions: string[];
  /** The wrong option chosen most often, if any. */
  commonWrong: string | null;
}

/**
 * Questions of the course's current quizzes ranked by how many people in
 * scope got them wrong on their first attempt (later attempts are often
 * guesses after seeing the result).
 */
export async function missedQuestions(scope: SQL, courseId: string, versionId: number, options: { classId?: number | null; limit?: number } = {}): Promise<MissedQuestion[]> {
  const quizRows = await db.select().from(quizzes).where(eq(quizzes.versionId, versionId));
  if (!quizRows.length) return [];
  const attempts = await db
    .selectDistinctOn([quizAttempts.personId, quizAttempts.quizId], { personId: quizAttempts.personId, quizId: quizAttempts.quizId, answers: quizAttempts.answers })
    .from(quizAttempts)
    .innerJoin(people, eq(people.id, quizAttempts.personId))
    .innerJoin(adminUnits, eq(adminUnits.id, people.communeId))
    .where(
      and(
        scope,
        eq(quizAttempts.courseId, courseId),
        eq(quizAttempts.versionId, versionId),
        isNotNull(quizAttempts.submittedAt),
        inArray(
          quizAttempts.quizId,
          quizRows.map((q) => q.quizId),
        ),
        options.classId ? sql`exists (select 1 from ${trainingClassMembers} m where m.class_id = ${options.classId} and m.person_id = ${people.id})` : undefined,
      ),
    )
    .orderBy(quizAttempts.personId, quizAttempts.quizId, asc(quizAttempts.submittedAt))
    .limit(50_000);
  const stats = new Map<string, { missed: number; answered: number; wrong: Map<string, number> }>();
  const byQuiz = new Map(quizRows.map((q) => [q.quizId, q]));
  for (const a of attempts) {
    const quiz = byQuiz.get(a.quizId);
    if (!quiz || !a.answers) continue;
    for (const q of quiz.questions) {
      const chosen = a.answers[q.id];
      if (!chosen) continue;
      const key = `${a.quizId}\u0000${q.id}`;
      const s = stats.get(key) ?? { missed: 0, answered: 0, wrong: new Map() };
      s.answered++;
      const correct = new Set(q.options.filter((o) => o.correct).map((o) => o.id));
      const right = chosen.length === correct.size && chosen.every((c) => correct.has(c));
      if (!right) {
        s.missed++;
        for (const c of chosen) if (!correct.has(c)) s.wrong.set(c, (s.wrong.get(c) ?? 0) + 1);
      }
      stats.set(key, s);
    }
  }
  const out: MissedQuestion[] = [];
  for (const quiz of quizRows) {
    for (const q of quiz.questions) {
      const s = stats.get(`${quiz.quizId}\u0000${q.id}`);
      if (!s || !s.missed) continue;
      const top = [...s.wrong.entries()].sort((x, y) => y[1] - x[1])[0];
      out.push({
        quizId: quiz.quizId,
        quizTitle: quiz.title,
        questionId: q.id,
        text: q.text,
        missed: s.missed,
        answered: s.answered,
        correctOptions: q.options.filter((o) => o.correct).map((o) => o.text),
        commonWrong: top ? (q.options.find((o) => o.id === top[0])?.text ?? null) : null,
      });
    }
  }
  return out.sort((x, y) => y.missed / y.answered - x.missed / x.answered || y.missed - x.missed).slice(0, options.limit ?? 20);
}
