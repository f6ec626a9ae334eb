// Imports content/ into the database: compiled documents, the course rows,
// one version per distinct content hash, and that version's quizzes. Running
// it again on the same files changes nothing.
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { db, type Db } from "~/db.server";
import { logger } from "~/logger.server";
import { courses, courseVersions, mdxDocuments, quizzes } from "../../db/schema";
import { buildContent, mdxParts, type BuiltContent } from "./build-content.server";
import { courseTree, totalMinutes, type ContentError, type LoadedCourse } from "./load-content.server";

export interface CourseImportSummary {
  courseId: string;
  versionId: number;
  /** The version label from course.mdx. */
  version: string;
  /** True when this import created the version (the content changed). */
  created: boolean;
  lessons: number;
  quizzes: number;
  questions: number;
  minutes: number;
}

export type ImportResult = { ok: true; courses: CourseImportSummary[] } | { ok: false; errors: ContentError[] };

// Two instances starting on an empty database would both import; the lock
// makes the second one find the first one's rows.
const IMPORT_LOCK = 7_202_022;

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Loads, compiles and imports every course; nothing is written if any file has an error. */
export async function importContent(rootDir = "content"): Promise<ImportResult> {
  const built = await buildContent(rootDir);
  if (built.errors.length) return { ok: false, errors: built.errors };
  // Checked before any course is written, so a refused import leaves nothing behind.
  const ids = built.courses.map((c) => c.meta.id);
  const taken = ids.length
    ? await db.select({ id: courses.id }).from(courses).where(and(inArray(courses.id, ids), ne(courses.source, "builtin")))
    : [];
  if (taken.length) {
    return { ok: false, errors: taken.map((t) => collision(built.courses.find((c) => c.meta.id === t.id)!)) };
  }
  const summaries: CourseImportSummary[] = [];
  for (const course of built.courses) {
    const summary = await db.transaction((tx) => importCourse(tx, course, built));
    if ("error" in summary) return { ok: false, errors: [summary.error] };
    summaries.push(summary);
  }
  return { ok: true, courses: summaries };
}

function collision(course: LoadedCourse): ContentError {
  return { file: `${course.dir}/course.mdx`, line: 1, message: `Mã khóa học "${course.meta.id}" đã được dùng cho một khóa học soạn trên web; hãy đổi mã.` };
}

async function importCourse(tx: Tx, course: LoadedCourse, built: BuiltContent): Promise<CourseImportSummary | { error: ContentError }> {
  await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`);
  const meta = course.meta;

  const fields = {
    title: meta.title,
    summary: meta.summary,
    hours: meta.hours,
    passMark: meta.passMark,
    maxAttempts: meta.maxAttempts,
    validityMonths: meta.validityMonths,
    selfEnroll: meta.selfEnroll,
    sortOrder: course.sortOrder,
    status: "published" as const,
    source: "builtin",
  };
  const [existing] = await tx.select().from(courses).where(eq(courses.id, meta.id));
  if (existing && existing.source !== "builtin") return { error: collision(course) };
  if (!existing) await tx.insert(courses).values({ id: meta.id, ...fields });

  const unique = [...new Set(mdxParts(course).map((p) => p.hash))].map((hash) => built.documents.get(hash)!);
  if (unique.length) {
    await tx
      .insert(mdxDocuments)
      .values(unique.map((d) => ({ hash: d.hash, code: d.code, html: d.html, bytes: d.bytes })))
      .onConflictDoNothing();
  }

  const tree = courseTree(course);
  const minutes = totalMinutes(course);
  const inserted = await tx
    .insert(courseVersions)
    .values({ courseId: meta.id, version: meta.version, contentHash: course.contentHash, tree, totalMinutes: minutes, publishedAt: new Date() })
    .onConflictDoNothing({ target: [courseVersions.courseId, courseVersions.contentHash] })
    .returning({ id: courseVersions.id });
  let versionId = inserted[0]?.id;
  const created = versionId !== undefined;
  if (versionId === undefined) {
    const [found] = await tx
      .select({ id: courseVersions.id })
      .from(courseVersions)
      .where(and(eq(courseVersions.courseId, meta.id), eq(courseVersions.contentHash, course.contentHash)));
    versionId = found!.id;
  } else {
    const moduleQuizzes = course.modules.flatMap((m) => (m.quiz ? [{ moduleId: m.id, quiz: m.quiz }] : []));
    if (moduleQuizzes.length) {
      await tx.insert(quizzes).values(
        moduleQuizzes.map(({ moduleId, quiz }) => ({ versionId: versionId!, quizId: quiz.id, moduleId, title: quiz.title, questions: quiz.questions })),
      );
    }
  }

  // Only write when something differs, so a repeated import leaves updated_at alone.
  const wanted = { ...fields, currentVersionId: versionId };
  const current = existing ?? { ...fields, currentVersionId: null };
  const changed = (Object.keys(wanted) as (keyof typeof wanted)[]).some((k) => current[k] !== wanted[k]);
  if (changed) await tx.update(courses).set({ ...wanted, updatedAt: new Date() }).where(eq(courses.id, meta.id));

  const modules = course.modules;
  return {
    courseId: meta.id,
    versionId,
    version: meta.version,
    created,
    lessons: modules.reduce((n, m) => n + m.lessons.length, 0),
    quizzes: modules.filter((m) => m.quiz).length,
    questions: modules.reduce((n, m) => n + (m.quiz?.questions.length ?? 0), 0),
    minutes,
  };
}

/** At start-up: a new installation gets the built-in courses. */
export async function importContentIfEmpty(rootDir = "content"): Promise<ImportResult | null> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(courses);
  if (row && row.n > 0) return null;
  const result = await importContent(rootDir);
  if (result.ok) {
    logger.info({ event: "content.imported", courses: result.courses.map((c) => c.courseId) }, "built-in courses imported");
  } else {
    logger.error({ event: "content.invalid", errors: result.errors.slice(0, 20) }, "built-in courses not imported: content has errors");
  }
  return result;
}
