// Load + compile: what both `content:check` and the importer run. Every MDX
// body (course and module introductions, lessons) is compiled once per hash.
import { compileMdxHere, type CompiledMdx } from "./compile-mdx.server";
import { buildInWorker, ContentLimitError, usesContentWorker } from "./content-worker.server";
import { loadContent, memoryFs, totalMinutes, type ContentError, type ContentFs, type LoadedCourse, type MdxPart } from "./load-content.server";

export interface BuiltContent {
  courses: LoadedCourse[];
  /** Compiled documents by hash. */
  documents: Map<string, CompiledMdx>;
  errors: ContentError[];
  stats: ContentStats;
}

export interface ContentStats {
  courses: number;
  modules: number;
  lessons: number;
  quizzes: number;
  questions: number;
  words: number;
  minutes: number;
  declaredHours: number;
}

export function mdxParts(course: LoadedCourse): MdxPart[] {
  const parts: MdxPart[] = [];
  if (course.intro) parts.push(course.intro);
  for (const m of course.modules) {
    if (m.intro) parts.push(m.intro);
    for (const l of m.lessons) parts.push(l.body);
  }
  return parts;
}

export function contentStats(courses: LoadedCourse[]): ContentStats {
  const modules = courses.flatMap((c) => c.modules);
  const lessons = modules.flatMap((m) => m.lessons);
  return {
    courses: courses.length,
    modules: modules.length,
    lessons: lessons.length,
    quizzes: modules.filter((m) => m.quiz).length,
    questions: modules.reduce((n, m) => n + (m.quiz?.questions.length ?? 0), 0),
    words: lessons.reduce((n, l) => n + l.words, 0),
    minutes: courses.reduce((n, c) => n + totalMinutes(c), 0),
    declaredHours: courses.reduce((n, c) => n + c.meta.hours, 0),
  };
}

// A few compilations in flight at once: esbuild works in its own process
// while the next file is parsed here.
const CONCURRENCY = 4;

// The hash covers the source and the compiler version, so a document compiled
// once in this process is the same next time (a re-import compiles nothing).
const compiledCache = new Map<string, CompiledMdx>();
const CACHE_MAX = 1000;

async function compileAll(parts: MdxPart[], documents: Map<string, CompiledMdx>, errors: ContentError[]) {
  const queue = [...new Map(parts.map((p) => [p.hash, p])).values()];
  const worker = async () => {
    for (let part = queue.shift(); part; part = queue.shift()) {
      const cached = compiledCache.get(part.hash);
      if (cached) {
        documents.set(part.hash, cached);
        continue;
      }
      // In this thread: either this is the content worker (authored files), or
      // the trusted content/ folder at start-up, which must never be cut short
      // by the worker's time limit on a busy machine.
      const result = await compileMdxHere(part.source, { lineOffset: part.lineOffset });
      if (result.ok) {
        const { ok: _ok, ...doc } = result;
        documents.set(part.hash, doc);
        if (compiledCache.size >= CACHE_MAX) compiledCache.delete(compiledCache.keys().next().value!);
        compiledCache.set(part.hash, doc);
      } else {
        const file = part.file;
        errors.push(...result.errors.map((e) => ({ file, ...e })));
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/**
 * Authored files (a draft, a ZIP) through the loader and compiler: in the
 * server this runs in the content worker, so YAML and markdown parsing are
 * under its time and memory limits too.
 */
export async function buildContentFromFiles(rootDir: string, files: ReadonlyMap<string, string>): Promise<BuiltContent> {
  if (!usesContentWorker()) return buildContentHere(rootDir, memoryFs(files, rootDir));
  try {
    return await buildInWorker(rootDir, files);
  } catch (error) {
    const message = error instanceof ContentLimitError ? error.message : `Không xử lý được khoá học: ${(error as Error).message}`;
    return { courses: [], documents: new Map(), errors: [{ file: "", line: 1, message }], stats: contentStats([]) };
  }
}

/** Loads and, when the files are valid, compiles every course under `<rootDir>/courses` (the trusted content/ folder on disk). */
export function buildContent(rootDir = "content"): Promise<BuiltContent> {
  return buildContentHere(rootDir);
}

/** Loads and, when the files are valid, compiles every course under `<rootDir>/courses` (on disk, or in `source`), in this thread. */
export async function buildContentHere(rootDir = "content", source?: ContentFs): Promise<BuiltContent> {
  const { courses, errors } = loadContent(rootDir, source);
  const documents = new Map<string, CompiledMdx>();
  // Files already in error are not compiled again (compileMdx would re-run the
  // guard and report the same problems twice).
  const failed = new Set(errors.map((e) => e.file));
  await compileAll(courses.flatMap(mdxParts).filter((p) => !failed.has(p.file)), documents, errors);
  errors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
  return { courses, documents, errors, stats: contentStats(courses) };
}

export function formatError(e: ContentError): string {
  return `${e.file}:${e.line}:${e.column ?? 1}: ${e.message}`;
}
