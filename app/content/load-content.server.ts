// Reads content/courses/* (layout in content/FORMAT.md) into a typed tree,
// validating everything and collecting every error with file and line, so an
// author fixes a whole batch at once. Nothing here touches the database.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { CourseTree, QuizQuestion } from "../../db/schema";
import { COMPILER_VERSION, mdxHash } from "./compile-mdx.server";
import { countWords, guardMdx, type MdNode } from "./mdx-guard.server";
import {
  courseFrontmatterSchema,
  lessonFrontmatterSchema,
  moduleFrontmatterSchema,
  quizFileSchema,
  toQuizQuestions,
  type CourseFrontmatter,
  type LessonFrontmatter,
  type ModuleFrontmatter,
} from "./schema";
import { parseYaml, splitFrontmatter, validate, type ContentError } from "./source-file.server";

export type { ContentError } from "./source-file.server";

/** An MDX body to compile: the text after the frontmatter. */
export interface MdxPart {
  file: string;
  source: string;
  lineOffset: number;
  hash: string;
}

export interface LoadedLesson extends LessonFrontmatter {
  file: string;
  body: MdxPart;
  words: number;
}

export interface LoadedQuiz {
  file: string;
  id: string;
  title: string;
  questions: QuizQuestion[];
}

export interface LoadedModule extends ModuleFrontmatter {
  dir: string;
  intro: MdxPart | null;
  lessons: LoadedLesson[];
  quiz: LoadedQuiz | null;
}

export interface LoadedCourse {
  dir: string;
  /** From the folder prefix: 01- → 1. */
  sortOrder: number;
  meta: CourseFrontmatter;
  intro: MdxPart | null;
  modules: LoadedModule[];
  /** sha256 over every file of the course and the compiler version. */
  contentHash: string;
}

export interface LoadResult {
  courses: LoadedCourse[];
  errors: ContentError[];
}

const PREFIXED = /^(\d+)-[a-z0-9-]+$/;

/** A repository-relative path for messages (absolute when outside the repository). */
export function displayPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel.startsWith("..") || path.isAbsolute(rel) ? abs : rel.split(path.sep).join("/");
}

/** Where content is read from: the disk, or an in-memory tree (an uploaded ZIP, a browser-authored draft). */
export interface ContentFs {
  entries(dir: string): { name: string; isDir: boolean }[];
  read(file: string): string;
  exists(file: string): boolean;
  display(abs: string): string;
}

const diskFs: ContentFs = {
  entries: (dir) => fs.readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, isDir: e.isDirectory(), isFile: e.isFile() })).filter((e) => e.isDir || e.isFile),
  read: (file) => fs.readFileSync(file, "utf8"),
  exists: (file) => fs.existsSync(file),
  display: displayPath,
};

/** An in-memory tree: keys are "/"-separated paths relative to `root` (itself any absolute path). */
export function memoryFs(files: ReadonlyMap<string, string>, root: string): ContentFs {
  const abs = (rel: string) => path.join(root, rel);
  const fileSet = new Map([...files].map(([k, v]) => [abs(k), v]));
  const dirs = new Set<string>([root]);
  for (const f of fileSet.keys()) for (let d = path.dirname(f); d.startsWith(root) && !dirs.has(d); d = path.dirname(d)) dirs.add(d);
  return {
    entries(dir) {
      const out = new Map<string, boolean>();
      for (const p of [...fileSet.keys(), ...dirs]) if (p !== dir && path.dirname(p) === dir) out.set(path.basename(p), dirs.has(p));
      return [...out].map(([name, isDir]) => ({ name, isDir }));
    },
    read(file) {
      // Display paths (relative to the root) are read back when reporting a duplicate id.
      const text = fileSet.get(path.isAbsolute(file) ? file : abs(file));
      if (text === undefined) throw new Error(`ENOENT: ${file}`);
      return text;
    },
    exists: (file) => fileSet.has(file) || dirs.has(file),
    display: (p) => path.relative(root, p).split(path.sep).join("/"),
  };
}

// loadContent is synchronous from start to end, so swapping the reader for
// the duration of one call cannot leak into another request.
let io: ContentFs = diskFs;

/** Entries named NN-slug (or NN-slug.ext), ordered by their number. */
function prefixedEntries(dir: string, kind: "dir" | "mdx", errors: ContentError[]) {
  const found: { name: string; order: number; abs: string }[] = [];
  for (const entry of io.entries(dir)) {
    const isDir = entry.isDir;
    if (kind === "dir" ? !isDir : isDir || !entry.name.endsWith(".mdx")) continue;
    const stem = kind === "mdx" ? entry.name.slice(0, -4) : entry.name;
    if (kind === "mdx" && (stem === "course" || stem === "module")) continue;
    if (kind === "dir" && !/^\d/.test(stem)) continue; // images/, assets/…
    const abs = path.join(dir, entry.name);
    const m = PREFIXED.exec(stem);
    if (!m) {
      errors.push({ file: io.display(abs), line: 1, message: `Tên "${entry.name}" phải có dạng NN-ten-khong-dau (số thứ tự, chữ thường, số và dấu gạch ngang).` });
      continue;
    }
    found.push({ name: entry.name, order: Number(m[1]), abs });
  }
  found.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  for (let i = 1; i < found.length; i++) {
    if (found[i]!.order === found[i - 1]!.order) {
      errors.push({ file: io.display(found[i]!.abs), line: 1, message: `Số thứ tự ${found[i]!.order} bị trùng với "${found[i - 1]!.name}".` });
    }
  }
  return found;
}

/** Reads an .mdx file: validated frontmatter plus its guarded body. */
function readMdxFile<T>(
  abs: string,
  schema: Parameters<typeof validate>[0],
  errors: ContentError[],
  hashInput: string[],
): { meta: T; body: MdxPart | null; tree: MdNode | null } | null {
  const file = io.display(abs);
  const source = io.read(abs);
  hashInput.push(file, source);
  const split = splitFrontmatter(source);
  if (!split) {
    errors.push({ file, line: 1, message: "Thiếu phần đầu (frontmatter) giữa hai dòng --- ở đầu tệp." });
    return null;
  }
  let meta: T | null = null;
  const yaml = parseYaml(split.yaml, file, split.yamlLine);
  if (!yaml.ok) errors.push(...yaml.errors);
  else {
    const checked = validate(schema, yaml.yaml, file, split.yamlLine);
    if (checked.ok) meta = checked.value as T;
    else errors.push(...checked.errors);
  }
  const guarded = guardMdx(split.body);
  for (const issue of guarded.issues) errors.push({ file, line: issue.line + split.bodyLineOffset, column: issue.column, message: issue.message });
  const body = split.body.trim() ? { file, source: split.body, lineOffset: split.bodyLineOffset, hash: mdxHash(split.body) } : null;
  return meta ? { meta, body, tree: guarded.tree } : null;
}

function readQuiz(abs: string, errors: ContentError[], hashInput: string[]): LoadedQuiz | null {
  const file = io.display(abs);
  const source = io.read(abs);
  hashInput.push(file, source);
  const yaml = parseYaml(source, file);
  if (!yaml.ok) {
    errors.push(...yaml.errors);
    return null;
  }
  const data = yaml.yaml.data as { questions?: { id?: unknown }[] } | null;
  // "Câu q04" reads better than "questions[4]".
  const describe = (p: (string | number)[]) => {
    if (p[0] !== "questions" || typeof p[1] !== "number") return p.join(".");
    const qid = data?.questions?.[p[1]]?.id;
    const rest = p.slice(2).map((x) => (typeof x === "number" ? `[${x + 1}]` : x)).join(".");
    return `Câu ${typeof qid === "string" ? qid : `thứ ${p[1] + 1}`}${rest ? ` (${rest})` : ""}`;
  };
  const checked = validate(quizFileSchema, yaml.yaml, file, 1, describe);
  if (!checked.ok) {
    errors.push(...checked.errors);
    return null;
  }
  return { file, id: checked.value.id, title: checked.value.title, questions: toQuizQuestions(checked.value) };
}

/** Figures point at files next to the lesson; a missing image is an error now, not a broken page later. */
function checkFigures(tree: MdNode | null, lessonAbs: string, lineOffset: number, errors: ContentError[]) {
  if (!tree) return;
  const stack = [tree];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === "mdxJsxFlowElement" && node.name === "Figure") {
      const src = node.attributes?.find((a) => a.type === "mdxJsxAttribute" && a.name === "src")?.value;
      if (typeof src === "string" && !src.includes("..") && !src.startsWith("/media/") && !io.exists(path.resolve(path.dirname(lessonAbs), src))) {
        errors.push({ file: io.display(lessonAbs), line: (node.position?.start.line ?? 1) + lineOffset, column: node.position?.start.column, message: `Không tìm thấy ảnh "${src}" cạnh bài học.` });
      }
    }
    if (node.children) stack.push(...node.children);
  }
}

function loadModule(abs: string, errors: ContentError[], hashInput: string[]): LoadedModule | null {
  const moduleFile = path.join(abs, "module.mdx");
  const dir = io.display(abs);
  let head: { meta: ModuleFrontmatter; body: MdxPart | null } | null = null;
  if (!io.exists(moduleFile)) errors.push({ file: dir, line: 1, message: "Mô-đun thiếu tệp module.mdx." });
  else head = readMdxFile<ModuleFrontmatter>(moduleFile, moduleFrontmatterSchema, errors, hashInput);

  const lessons: LoadedLesson[] = [];
  for (const entry of prefixedEntries(abs, "mdx", errors)) {
    const read = readMdxFile<LessonFrontmatter>(entry.abs, lessonFrontmatterSchema, errors, hashInput);
    if (!read) continue;
    const file = io.display(entry.abs);
    if (!read.body) {
      errors.push({ file, line: 1, message: "Bài học chưa có nội dung." });
      continue;
    }
    checkFigures(read.tree, entry.abs, read.body.lineOffset, errors);
    lessons.push({ ...read.meta, file, body: read.body, words: read.tree ? countWords(read.tree) : 0 });
  }
  if (!lessons.length && io.exists(moduleFile)) errors.push({ file: dir, line: 1, message: "Mô-đun chưa có bài học nào (tệp NN-ten-bai.mdx)." });

  const quizFile = path.join(abs, "quiz.yaml");
  let quiz: LoadedQuiz | null = null;
  if (!io.exists(quizFile)) errors.push({ file: dir, line: 1, message: "Mô-đun thiếu bài kiểm tra quiz.yaml." });
  else quiz = readQuiz(quizFile, errors, hashInput);

  return head ? { ...head.meta, dir, intro: head.body, lessons, quiz } : null;
}

function loadCourse(abs: string, order: number, errors: ContentError[]): LoadedCourse | null {
  const hashInput: string[] = [];
  const courseFile = path.join(abs, "course.mdx");
  let head: { meta: CourseFrontmatter; body: MdxPart | null } | null = null;
  if (!io.exists(courseFile)) errors.push({ file: io.display(abs), line: 1, message: "Khóa học thiếu tệp course.mdx." });
  else head = readMdxFile<CourseFrontmatter>(courseFile, courseFrontmatterSchema, errors, hashInput);

  const modules: LoadedModule[] = [];
  for (const entry of prefixedEntries(abs, "dir", errors)) {
    const loaded = loadModule(entry.abs, errors, hashInput);
    if (loaded) modules.push(loaded);
  }
  if (!modules.length) errors.push({ file: io.display(abs), line: 1, message: "Khóa học chưa có mô-đun nào (thư mục NN-ten-mo-dun)." });
  if (!head) return null;

  const course: LoadedCourse = {
    dir: io.display(abs),
    sortOrder: order,
    meta: head.meta,
    intro: head.body,
    modules,
    contentHash: hashFiles(abs, hashInput),
  };
  checkDuplicateIds(course, errors);
  return course;
}

// Paths inside the course (not the checkout location) so the hash is the same on every machine.
function hashFiles(courseAbs: string, input: string[]): string {
  const hash = createHash("sha256").update(COMPILER_VERSION);
  const base = io.display(courseAbs);
  for (let i = 0; i < input.length; i += 2) hash.update(`\0${input[i]!.slice(base.length)}\0${input[i + 1]!}`);
  return hash.digest("hex");
}

// Learner records are keyed by these ids, so one id must mean one thing in a course.
function checkDuplicateIds(course: LoadedCourse, errors: ContentError[]) {
  const seen = new Map<string, string>([[course.meta.id, `${course.dir}/course.mdx`]]);
  const claim = (id: string, file: string) => {
    const first = seen.get(id);
    if (first) errors.push({ file, line: idLine(file), message: `Mã "${id}" đã được dùng ở ${first}.` });
    else seen.set(id, file);
  };
  for (const m of course.modules) {
    claim(m.id, `${m.dir}/module.mdx`);
    for (const l of m.lessons) claim(l.id, l.file);
    if (m.quiz) claim(m.quiz.id, m.quiz.file);
  }
}

// Only read again when there is a duplicate to report.
function idLine(file: string): number {
  try {
    const index = io.read(file).split("\n").findIndex((line) => /^id\s*:/.test(line));
    return index < 0 ? 1 : index + 1;
  } catch {
    return 1;
  }
}

/** Loads every course under `<rootDir>/courses` (from disk, or from `source`). */
export function loadContent(rootDir = "content", source?: ContentFs): LoadResult {
  io = source ?? diskFs;
  try {
    return loadAll(rootDir);
  } finally {
    io = diskFs;
  }
}

function loadAll(rootDir: string): LoadResult {
  const errors: ContentError[] = [];
  const coursesDir = path.resolve(rootDir, "courses");
  if (!io.exists(coursesDir)) return { courses: [], errors: [{ file: io.display(coursesDir), line: 1, message: "Không tìm thấy thư mục courses." }] };
  const courses: LoadedCourse[] = [];
  for (const entry of prefixedEntries(coursesDir, "dir", errors)) {
    const course = loadCourse(entry.abs, entry.order, errors);
    if (course) courses.push(course);
  }
  const ids = new Map<string, string>();
  for (const c of courses) {
    const first = ids.get(c.meta.id);
    if (first) errors.push({ file: `${c.dir}/course.mdx`, line: idLine(`${c.dir}/course.mdx`), message: `Mã khóa học "${c.meta.id}" đã được dùng ở ${first}.` });
    else ids.set(c.meta.id, c.dir);
  }
  return { courses, errors };
}

/** The tree stored with a course version. */
export function courseTree(course: LoadedCourse): CourseTree {
  return {
    intro: course.intro?.hash ?? null,
    modules: course.modules.map((m) => ({
      id: m.id,
      title: m.title,
      summary: m.summary,
      intro: m.intro?.hash ?? null,
      quizId: m.quiz?.id ?? null,
      lessons: m.lessons.map((l) => ({ id: l.id, title: l.title, summary: l.summary, minutes: l.minutes, hash: l.body.hash })),
    })),
  };
}

export function totalMinutes(course: LoadedCourse): number {
  return course.modules.reduce((sum, m) => sum + m.lessons.reduce((s, l) => s + l.minutes, 0), 0);
}
