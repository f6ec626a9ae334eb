// Learning data for the lesson and quiz scenarios: the built-in courses, every
// person enrolled in the core course with a realistic spread of finished
// lessons (~2 million lesson_progress rows), and helpers the scenarios use.
import { randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { importContent } from "~/content/import.server";
import { db } from "~/db.server";
import { getPublishedCourse } from "~/models/learning.server";
import { appMeta, enrolments, quizAttempts, quizzes } from "../db/schema";

export const CORE = "ctxh-co-ban";
export const SHORT = "bvte-cong-dong";
const MARKER = "bench.learning";
const VERSION = "bench-learning-1";

async function tree(courseId: string) {
  const published = await getPublishedCourse(courseId);
  if (!published) throw new Error(`course ${courseId} is not imported`);
  return published.version;
}

/** Idempotent: a marker row records that this version of the data is in place. */
export async function ensureLearningData(): Promise<{ generated: boolean; seconds: number; progressRows: number }> {
  const [marker] = await db.select().from(appMeta).where(eq(appMeta.key, MARKER));
  const count = async () => Number((await db.execute(sql`select count(*)::int as n from lesson_progress`) as unknown as { n: number }[])[0]!.n);
  if ((marker?.value as { version?: string } | undefined)?.version === VERSION) return { generated: false, seconds: 0, progressRows: await count() };
  const started = performance.now();
  const imported = await importContent();
  if (!imported.ok) throw new Error(`content/ has errors: ${JSON.stringify(imported.errors.slice(0, 3))}`);
  await db.execute(sql`truncate lesson_progress, quiz_attempts, enrolments, course_completions, certificates cascade`);
  // Feature data built on completions (targets, certificates…) must be rebuilt too.
  await db.execute(sql`delete from app_meta where key like 'bench.%' and key not in ('bench.generated', ${MARKER})`);
  for (const courseId of [CORE, SHORT]) {
    const version = await tree(courseId);
    const lessons = version.tree.modules.flatMap((m) => m.lessons.map((l) => l.id));
    // Everyone in the core course, every other person in the short one.
    const who = courseId === CORE ? sql`true` : sql`p.id % 2 = 0`;
    await db.execute(sql`
      insert into enrolments (person_id, course_id, source, enrolled_at, last_lesson_id, last_seen_at)
      select p.id, ${courseId}, 'assigned', now() - interval '90 days', null, now() - (p.id % 60) * interval '1 day'
      from people p where ${who}`);
    // A spread from "just started" to "finished": (id * 7919) mod (lessons + 1) lessons done.
    await db.execute(sql`
      insert into lesson_progress (person_id, course_id, lesson_id, completed_at)
      select p.id, ${courseId}, l.lesson_id, now() - (l.n % 60) * interval '1 day'
      from people p
      cross join lateral unnest(${sql.raw(`array[${lessons.map((l) => `'${l}'`).join(",")}]::text[]`)}) with ordinality as l(lesson_id, n)
      where ${who} and l.n <= (p.id * 7919) % ${lessons.length + 1}`);
  }
  await db
    .insert(appMeta)
    .values({ key: MARKER, value: { version: VERSION } })
    .onConflictDoUpdate({ target: appMeta.key, set: { value: { version: VERSION } } });
  return { generated: true, seconds: (performance.now() - started) / 1000, progressRows: await count() };
}

export async function lessonPaths(courseId = CORE) {
  const version = await tree(courseId);
  return version.tree.modules.flatMap((m) => m.lessons.map((l) => `/courses/${courseId}/lessons/${l.id}`));
}

/**
 * Opens one attempt of the short course's first quiz (unlimited attempts)
 * for each of the given people — one open attempt per learner and quiz
 * version is all the schema allows (decision 012) — and returns one form
 * body per attempt with every question answered correctly.
 */
export async function openQuizAttempts(personIds: number[]) {
  const version = await tree(SHORT);
  const quizId = version.tree.modules[0]!.quizId!;
  const [quiz] = await db.select().from(quizzes).where(and(eq(quizzes.versionId, version.id), eq(quizzes.quizId, quizId)));
  const answers = quiz!.questions
    .flatMap((q) => q.options.filter((o) => o.correct).map((o) => `${encodeURIComponent(`q.${q.id}`)}=${encodeURIComponent(o.id)}`))
    .join("&");
  await db
    .insert(enrolments)
    .values(personIds.map((personId) => ({ personId, courseId: SHORT, source: "assigned" })))
    .onConflictDoNothing();
  // Attempts left open by an earlier run are replaced.
  await db.delete(quizAttempts).where(and(eq(quizAttempts.courseId, SHORT), eq(quizAttempts.quizId, quizId), isNull(quizAttempts.submittedAt)));
  const rows = personIds.map((personId) => ({ personId, courseId: SHORT, versionId: version.id, quizId, nonce: randomBytes(18).toString("base64url") }));
  for (let i = 0; i < rows.length; i += 2000) await db.insert(quizAttempts).values(rows.slice(i, i + 2000));
  return { path: `/courses/${SHORT}/quizzes/${quizId}`, bodies: rows.map((r) => ({ personId: r.personId, body: `nonce=${r.nonce}&${answers}` })) };
}
