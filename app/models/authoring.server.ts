// Courses written in the browser: drafts, who may edit them, publishing (with
// the province's optional approval), versions and their diffs, ZIP import and
// export. Every function takes the actor and checks access itself, so a route
// cannot forget to. A published version is never changed: publishing builds
// the draft into the content/ file layout and runs the same loader, guard and
// compiler as the built-in courses.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, asc, count, desc, eq, inArray, or, sql } from "drizzle-orm";
import { diffLines } from "diff";
import { db } from "~/db.server";
import { can, hasRole, scopeCondition, type ScopedRole } from "~/auth/permissions.server";
import { buildContentFromFiles } from "~/content/build-content.server";
import { compileMdx } from "~/content/compile-mdx.server";
import { courseTree, loadContent, memoryFs, totalMinutes, type ContentError, type LoadedCourse } from "~/content/load-content.server";
import { normalizePhone } from "~/lib/phone";
import { audit } from "./audit.server";
import { reencodeImage, type ReencodedImage } from "./authoring-media.server";
import { courseDir, draftToFiles, loadedToDraft } from "~/authoring/files.server";
import { readZip, writeZip } from "~/authoring/zip.server";
import { accounts, adminUnits, courses, courseVersions, mdxDocuments, quizzes, roleAssignments } from "../../db/schema";
import {
  authoredCourses,
  authoringSettings,
  courseCollaborators,
  media,
  versionSources,
  type DraftCourse,
  type DraftLesson,
  type DraftModule,
  type DraftQuestion,
  type DraftQuiz,
} from "../../db/tables/authoring";

export type { DraftCourse, DraftLesson, DraftModule, DraftQuestion, DraftQuiz };

export interface Actor {
  account: { id: number };
  roles: ScopedRole[];
}

export const PAGE_WEIGHT_WARN_BYTES = 200 * 1024;

/** Ids are random and made once: titles change, learner records must not. */
export function newId(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

function emptyQuiz(title: string): DraftQuiz {
  return { id: newId("q"), title: `Kiểm tra: ${title}`, questions: [] };
}

export function newLesson(title = "Bài học mới"): DraftLesson {
  return { id: newId("l"), title, summary: "", minutes: 15, body: "## Mở đầu\n\nViết nội dung bài học ở đây.\n", rev: 1 };
}

export function newModule(title = "Mô-đun mới"): DraftModule {
  return { id: newId("m"), title, summary: "", intro: "", lessons: [newLesson()], quiz: emptyQuiz(title) };
}

// --- access ----------------------------------------------------------------------

async function actorProvinceId(actor: Actor): Promise<number | null> {
  const unitIds = actor.roles.filter((r) => r.role === "trainer" && r.unitId !== null).map((r) => r.unitId!);
  if (!unitIds.length) return null;
  const [row] = await db.select({ provinceId: adminUnits.provinceId }).from(adminUnits).where(inArray(adminUnits.id, unitIds)).limit(1);
  return row?.provinceId ?? null;
}

export interface CourseAccess {
  course: typeof courses.$inferSelect;
  authored: typeof authoredCourses.$inferSelect | null;
  provincePath: string | null;
  provinceName: string | null;
  isOwner: boolean;
  canEdit: boolean;
  canReview: boolean;
  requireApproval: boolean;
}

/** What the actor may do with a course, or null when they may not even see it (routes answer 404). */
export async function courseAccess(actor: Actor, courseId: string): Promise<CourseAccess | null> {
  const [row] = await db
    .select({ course: courses, authored: authoredCourses, provincePath: adminUnits.path, provinceName: adminUnits.fullName })
    .from(courses)
    .leftJoin(authoredCourses, eq(authoredCourses.courseId, courses.id))
    .leftJoin(adminUnits, eq(adminUnits.id, authoredCourses.provinceId))
    .where(eq(courses.id, courseId));
  if (!row) return null;
  const mayAuthor = can(actor, "courses:author");
  const mayReview = can(actor, "courses:review");
  if (!row.authored) {
    // Built-in: read-only for everyone who works on courses (they can export it).
    if (!mayAuthor && !mayReview) return null;
    return { ...row, isOwner: false, canEdit: false, canReview: false, requireApproval: false };
  }
  const isAdmin = hasRole(actor, "admin");
  const isOwner = row.authored.ownerId === actor.account.id;
  const collaborator =
    !isOwner && mayAuthor
      ? (await db.select({ id: courseCollaborators.accountId }).from(courseCollaborators).where(and(eq(courseCollaborators.courseId, courseId), eq(courseCollaborators.accountId, actor.account.id)))).length > 0
      : false;
  const canEdit = isAdmin || (mayAuthor && (isOwner || collaborator));
  const canReview = isAdmin || (row.provincePath !== null && can(actor, "courses:review", row.provincePath));
  if (!canEdit && !canReview) return null;
  return { ...row, isOwner, canEdit, canReview, requireApproval: await requiresApproval(row.authored.provinceId) };
}

export async function requiresApproval(provinceId: number | null): Promise<boolean> {
  if (provinceId === null) return false;
  const [row] = await db.select({ on: authoringSettings.requireApproval }).from(authoringSettings).where(eq(authoringSettings.provinceId, provinceId));
  return row?.on ?? false;
}

/** Provinces whose approval rule the actor sets (province officers: their own). */
export async function settingsForActor(actor: Actor) {
  const ids = actor.roles.filter((r) => r.role === "province_officer" && r.unitId !== null).map((r) => r.unitId!);
  if (!ids.length) return [];
  const rows = await db
    .select({ id: adminUnits.id, name: adminUnits.fullName, requireApproval: authoringSettings.requireApproval })
    .from(adminUnits)
    .leftJoin(authoringSettings, eq(authoringSettings.provinceId, adminUnits.id))
    .where(and(inArray(adminUnits.id, ids), eq(adminUnits.level, "province")));
  return rows.map((r) => ({ ...r, requireApproval: r.requireApproval ?? false }));
}

export async function setRequireApproval(actor: Actor, provinceId: number, value: boolean): Promise<boolean> {
  const [unit] = await db.select({ path: adminUnits.path, level: adminUnits.level }).from(adminUnits).where(eq(adminUnits.id, provinceId));
  if (!unit || unit.level !== "province" || !can(actor, "courses:review", unit.path)) return false;
  await db
    .insert(authoringSettings)
    .values({ provinceId, requireApproval: value, updatedBy: actor.account.id })
    .onConflictDoUpdate({ target: authoringSettings.provinceId, set: { requireApproval: value, updatedBy: actor.account.id, updatedAt: new Date() } });
  await audit({ actorId: actor.account.id, action: "authoring.approval_setting", entityType: "admin_unit", entityId: provinceId, unitId: provinceId, after: { requireApproval: value } });
  return true;
}

// --- lists -----------------------------------------------------------------------

/** The studio home: courses the actor edits or reviews, the built-in ones, and what waits for approval. */
export async function studioLists(actor: Actor) {
  const isAdmin = hasRole(actor, "admin");
  const collab = db.select({ id: courseCollaborators.courseId }).from(courseCollaborators).where(eq(courseCollaborators.accountId, actor.account.id));
  const visible = isAdmin
    ? sql`true`
    : or(
        can(actor, "courses:author") ? or(eq(authoredCourses.ownerId, actor.account.id), inArray(authoredCourses.courseId, collab)) : sql`false`,
        scopeCondition(actor, "courses:review", adminUnits.path),
      )!;
  const authored = await db
    .select({
      id: courses.id,
      title: courses.title,
      status: courses.status,
      currentVersionId: courses.currentVersionId,
      ownerId: authoredCourses.ownerId,
      ownerName: accounts.displayName,
      submittedAt: authoredCourses.submittedAt,
      updatedAt: authoredCourses.updatedAt,
      province: adminUnits.fullName,
    })
    .from(authoredCourses)
    .innerJoin(courses, eq(courses.id, authoredCourses.courseId))
    .innerJoin(accounts, eq(accounts.id, authoredCourses.ownerId))
    .leftJoin(adminUnits, eq(adminUnits.id, authoredCourses.provinceId))
    .where(visible)
    .orderBy(desc(authoredCourses.updatedAt));
  const builtin = await db.select({ id: courses.id, title: courses.title }).from(courses).where(eq(courses.source, "builtin")).orderBy(asc(courses.sortOrder));
  return { authored, builtin, pending: authored.filter((c) => c.submittedAt !== null) };
}

// --- creating and editing the draft -------------------------------------------------

export async function createCourse(actor: Actor, title: string): Promise<string | null> {
  if (!can(actor, "courses:author")) return null;
  const clean = title.trim().slice(0, 200) || "Khoá học mới";
  const id = newId("kh");
  const provinceId = await actorProvinceId(actor);
  const draft: DraftCourse = {
    title: clean,
    summary: "",
    hours: 1,
    passMark: 70,
    maxAttempts: 3,
    validityMonths: null,
    selfEnroll: true,
    intro: "",
    modules: [newModule("Mô-đun 1")],
  };
  await db.transaction(async (tx) => {
    // A draft course is invisible to learners until its first version is published.
    await tx.insert(courses).values({ id, title: clean, hours: 1, status: "draft", source: "authored", sortOrder: 100 });
    await tx.insert(authoredCourses).values({ courseId: id, ownerId: actor.account.id, provinceId, draft });
  });
  await audit({ actorId: actor.account.id, action: "authoring.create", entityType: "course", entityId: id, unitId: provinceId });
  return id;
}

export type MutateResult = { ok: true; draft: DraftCourse } | { ok: false; error: string; conflict?: boolean };

/** Changes the draft under a row lock, so two collaborators' saves never overwrite each other's other lessons. */
export async function mutateDraft(actor: Actor, courseId: string, change: (draft: DraftCourse) => string | void): Promise<MutateResult> {
  const access = await courseAccess(actor, courseId);
  if (!access?.canEdit || !access.authored) return { ok: false, error: "Bạn không có quyền sửa khoá học này." };
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ draft: authoredCourses.draft }).from(authoredCourses).where(eq(authoredCourses.courseId, courseId)).for("update");
    const draft = structuredClone(row!.draft);
    const error = change(draft);
    if (error) return { ok: false, error, conflict: error.startsWith("Bài học vừa được") };
    await tx.update(authoredCourses).set({ draft, revision: sql`${authoredCourses.revision} + 1`, updatedAt: new Date() }).where(eq(authoredCourses.courseId, courseId));
    return { ok: true, draft };
  });
}

export function findDraftLesson(draft: DraftCourse, lessonId: string) {
  for (const m of draft.modules) {
    const lesson = m.lessons.find((l) => l.id === lessonId);
    if (lesson) return { module: m, lesson };
  }
  return null;
}

const MAX_BODY_CHARS = 200 * 1024;

/** Saves one lesson; refused (text kept by the caller) when someone else saved it since `baseRev`. */
export async function saveLesson(
  actor: Actor,
  courseId: string,
  lessonId: string,
  fields: { title: string; summary: string; minutes: number; body: string },
  baseRev: number | null,
): Promise<MutateResult & { rev?: number }> {
  let rev = 0;
  const result = await mutateDraft(actor, courseId, (draft) => {
    const found = findDraftLesson(draft, lessonId);
    if (!found) return "Không tìm thấy bài học.";
    if (fields.body.length > MAX_BODY_CHARS) return `Bài học dài quá ${MAX_BODY_CHARS / 1024} KB; hãy tách thành nhiều bài.`;
    if (baseRev !== null && found.lesson.rev !== baseRev) return "Bài học vừa được người khác lưu. Bản của bạn chưa được lưu: hãy sao chép nội dung, tải lại trang rồi gộp lại.";
    Object.assign(found.lesson, { title: fields.title.slice(0, 200), summary: fields.summary.slice(0, 1000), minutes: fields.minutes, body: fields.body, rev: found.lesson.rev + 1 });
    rev = found.lesson.rev;
  });
  return result.ok ? { ...result, rev } : result;
}

// --- preview ---------------------------------------------------------------------

export interface Preview {
  ok: boolean;
  html: string;
  errors: { line: number; column: number; message: string }[];
  /** HTML + images a learner downloads for this lesson. */
  pageBytes: number;
  htmlBytes: number;
  imageBytes: number;
}

/** Guard → compile → HTML: exactly what a learner would get, nothing stored. */
export async function previewLesson(body: string): Promise<Preview> {
  const result = await compileMdx(body);
  if (!result.ok) return { ok: false, html: "", errors: result.errors, pageBytes: 0, htmlBytes: 0, imageBytes: 0 };
  const imageBytes = await mediaBytes(result.html);
  return { ok: true, html: result.html, errors: [], htmlBytes: result.bytes, imageBytes, pageBytes: result.bytes + imageBytes };
}

async function mediaBytes(html: string): Promise<number> {
  const hashes = [...new Set([...html.matchAll(/\/media\/([a-f0-9]{64})\.(?:webp|jpg)/g)].map((m) => m[1]!))];
  if (!hashes.length) return 0;
  const rows = await db.select({ size: media.size }).from(media).where(inArray(media.hash, hashes));
  return rows.reduce((n, r) => n + r.size, 0);
}

// --- validating and publishing ---------------------------------------------------------

export interface PublishProblem {
  where: string;
  line: number;
  column: number;
  message: string;
  lessonId?: string;
  moduleId?: string;
}

/** Turns a loader error on a generated file into "Mô-đun 2 › Bài 1" and a line of the lesson body. */
function describe(error: ContentError, draft: DraftCourse, files: Map<string, string>): PublishProblem {
  const parts = error.file.split("/");
  const modIndex = parts[2] ? Number(/^(\d+)-/.exec(parts[2])?.[1]) - 1 : -1;
  const mod = draft.modules[modIndex];
  const base = { line: error.line, column: error.column ?? 1, message: error.message };
  if (!mod) return { where: "Thông tin khoá học", ...base, line: 0, column: 0 };
  const fileName = parts[3] ?? "";
  const lessonMatch = /^(\d+)-(.+)\.mdx$/.exec(fileName);
  if (lessonMatch && fileName !== "module.mdx") {
    const lesson = mod.lessons[Number(lessonMatch[1]) - 1];
    const text = files.get(error.file) ?? "";
    const bodyStart = lesson ? text.lastIndexOf(lesson.body.replace(/\r\n?/g, "\n").trimEnd()) : -1;
    const offset = bodyStart > 0 ? text.slice(0, bodyStart).split("\n").length - 1 : 0;
    const line = error.line > offset ? error.line - offset : error.line;
    return { where: `${mod.title} › ${lesson?.title ?? fileName}`, ...base, line, lessonId: lesson?.id, moduleId: mod.id };
  }
  // Lines of generated YAML/frontmatter mean nothing to someone filling in a form: only lesson bodies keep them (0 = no place).
  if (fileName === "quiz.yaml") {
    const message = mod.quiz.questions.reduce((m, q, i) => m.replaceAll(`Câu ${q.id}`, `Câu ${i + 1}`), error.message);
    return { where: `${mod.title} › Bài kiểm tra`, line: 0, column: 0, message, moduleId: mod.id };
  }
  return { where: mod.title, ...base, line: 0, column: 0, moduleId: mod.id };
}

type Built = { ok: true; course: LoadedCourse; files: Map<string, string>; documents: Awaited<ReturnType<typeof buildContentFromFiles>>["documents"] } | { ok: false; problems: PublishProblem[] };

const VIRTUAL_ROOT = "/authoring";

/** The draft through the content loader and compiler, as if it were content/. */
export async function buildDraft(courseId: string, draft: DraftCourse, version: string): Promise<Built> {
  const files = draftToFiles(courseId, draft, version);
  const built = await buildContentFromFiles(VIRTUAL_ROOT, files);
  const problems = built.errors.map((e) => describe(e, draft, files));
  if (problems.length || built.courses.length !== 1) return { ok: false, problems };
  return { ok: true, course: built.courses[0]!, files, documents: built.documents };
}

async function versionCount(courseId: string) {
  const [row] = await db.select({ n: count() }).from(courseVersions).where(eq(courseVersions.courseId, courseId));
  return row?.n ?? 0;
}

export type PublishResult =
  | { ok: true; state: "published"; versionId: number; version: string }
  | { ok: true; state: "submitted" }
  | { ok: false; problems: PublishProblem[]; message: string };

/**
 * "Xuất bản": publishes the draft, or — when the province requires approval
 * and the actor is not a reviewer — sends a snapshot of it for approval.
 * Either way the draft is fully built first, so hostile or broken content is
 * refused before anything is stored as published.
 */
export async function publishDraft(actor: Actor, courseId: string): Promise<PublishResult> {
  const access = await courseAccess(actor, courseId);
  if (!access?.canEdit || !access.authored) return { ok: false, problems: [], message: "Bạn không có quyền xuất bản khoá học này." };
  const draft = access.authored.draft;
  const version = String((await versionCount(courseId)) + 1);
  const built = await buildDraft(courseId, draft, version);
  if (!built.ok) return { ok: false, problems: built.problems, message: "Khoá học còn lỗi, chưa thể xuất bản." };
  if (await sameAsPublished(access, draft)) return { ok: false, problems: [], message: "Bản nháp giống hệt phiên bản đang xuất bản: không có gì để xuất bản." };
  if (access.requireApproval && !access.canReview) {
    await db
      .update(authoredCourses)
      .set({ submitted: draft, submittedBy: actor.account.id, submittedAt: new Date(), reviewNote: null })
      .where(eq(authoredCourses.courseId, courseId));
    await audit({ actorId: actor.account.id, action: "authoring.submit", entityType: "course", entityId: courseId, unitId: access.authored.provinceId });
    return { ok: true, state: "submitted" };
  }
  const versionId = await storeVersion(actor, access, built, version, null);
  return { ok: true, state: "published", versionId, version };
}

async function sameAsPublished(access: CourseAccess, draft: DraftCourse): Promise<boolean> {
  if (!access.course.currentVersionId) return false;
  const [current] = await db
    .select({ version: courseVersions.version, files: versionSources.files })
    .from(courseVersions)
    .innerJoin(versionSources, eq(versionSources.versionId, courseVersions.id))
    .where(eq(courseVersions.id, access.course.currentVersionId));
  if (!current) return false;
  const now = draftToFiles(access.course.id, draft, current.version);
  const before = current.files;
  return now.size === Object.keys(before).length && [...now].every(([k, v]) => before[k] === v);
}

/** Writes the new immutable version and points the course at it, in one transaction. */
async function storeVersion(actor: Actor, access: CourseAccess, built: Extract<Built, { ok: true }>, version: string, approvedBy: number | null): Promise<number> {
  const course = built.course;
  const meta = course.meta;
  const versionId = await db.transaction(async (tx) => {
    await tx.select({ id: authoredCourses.courseId }).from(authoredCourses).where(eq(authoredCourses.courseId, meta.id)).for("update");
    const docs = [...built.documents.values()];
    if (docs.length) await tx.insert(mdxDocuments).values(docs.map((d) => ({ hash: d.hash, code: d.code, html: d.html, bytes: d.bytes }))).onConflictDoNothing();
    const [inserted] = await tx
      .insert(courseVersions)
      .values({ courseId: meta.id, version, contentHash: course.contentHash, tree: courseTree(course), totalMinutes: totalMinutes(course), publishedAt: new Date(), createdBy: actor.account.id })
      .onConflictDoNothing({ target: [courseVersions.courseId, courseVersions.contentHash] })
      .returning({ id: courseVersions.id });
    if (!inserted) {
      // A double click or a second reviewer got here first with the same content: that version stands.
      const [existing] = await tx.select({ id: courseVersions.id }).from(courseVersions).where(and(eq(courseVersions.courseId, meta.id), eq(courseVersions.contentHash, course.contentHash)));
      return existing!.id;
    }
    const id = inserted.id;
    const moduleQuizzes = course.modules.flatMap((m) => (m.quiz ? [{ moduleId: m.id, quiz: m.quiz }] : []));
    if (moduleQuizzes.length) {
      await tx.insert(quizzes).values(moduleQuizzes.map(({ moduleId, quiz }) => ({ versionId: id, quizId: quiz.id, moduleId, title: quiz.title, questions: quiz.questions })));
    }
    await tx.insert(versionSources).values({ versionId: id, files: Object.fromEntries(built.files), publishedBy: actor.account.id, approvedBy });
    await tx
      .update(courses)
      .set({
        title: meta.title,
        summary: meta.summary,
        hours: meta.hours,
        passMark: meta.passMark,
        maxAttempts: meta.maxAttempts,
        validityMonths: meta.validityMonths,
        selfEnroll: meta.selfEnroll,
        status: "published",
        currentVersionId: id,
        updatedAt: new Date(),
      })
      .where(eq(courses.id, meta.id));
    await tx.update(authoredCourses).set({ submitted: null, submittedAt: null, submittedBy: null, reviewNote: null }).where(eq(authoredCourses.courseId, meta.id));
    return id;
  });
  await audit({ actorId: actor.account.id, action: approvedBy ? "authoring.approve" : "authoring.publish", entityType: "course", entityId: meta.id, unitId: access.authored?.provinceId ?? null, after: { version, versionId } });
  return versionId;
}

/** The province officer publishes the snapshot that was submitted (not whatever the draft is now). */
export async function approveSubmission(actor: Actor, courseId: string): Promise<PublishResult> {
  const access = await courseAccess(actor, courseId);
  if (!access?.canReview || !access.authored) return { ok: false, problems: [], message: "Bạn không có quyền duyệt khoá học này." };
  const snapshot = access.authored.submitted;
  if (!snapshot) return { ok: false, problems: [], message: "Không có bản nào đang chờ duyệt." };
  const version = String((await versionCount(courseId)) + 1);
  const built = await buildDraft(courseId, snapshot, version);
  if (!built.ok) return { ok: false, problems: built.problems, message: "Bản chờ duyệt còn lỗi, không thể xuất bản." };
  const versionId = await storeVersion(actor, access, built, version, actor.account.id);
  return { ok: true, state: "published", versionId, version };
}

export async function rejectSubmission(actor: Actor, courseId: string, note: string): Promise<boolean> {
  const access = await courseAccess(actor, courseId);
  if (!access?.canReview || !access.authored?.submitted) return false;
  await db
    .update(authoredCourses)
    .set({ submitted: null, submittedAt: null, submittedBy: null, reviewNote: note.slice(0, 1000) || "Chưa đạt, cần chỉnh sửa." })
    .where(eq(authoredCourses.courseId, courseId));
  await audit({ actorId: actor.account.id, action: "authoring.reject", entityType: "course", entityId: courseId, unitId: access.authored.provinceId, after: { note } });
  return true;
}

// --- collaborators ---------------------------------------------------------------

export async function listCollaborators(courseId: string) {
  return db
    .select({ accountId: accounts.id, name: accounts.displayName })
    .from(courseCollaborators)
    .innerJoin(accounts, eq(accounts.id, courseCollaborators.accountId))
    .where(eq(courseCollaborators.courseId, courseId))
    .orderBy(asc(accounts.displayName));
}

/** The owner (or an admin) invites another trainer by phone number or email. */
export async function inviteCollaborator(actor: Actor, courseId: string, login: string): Promise<{ ok: true; name: string } | { ok: false; error: string }> {
  const access = await courseAccess(actor, courseId);
  if (!access?.authored || !(access.isOwner || hasRole(actor, "admin"))) return { ok: false, error: "Chỉ người tạo khoá học mới mời được người cùng soạn." };
  const phone = normalizePhone(login);
  const email = login.includes("@") ? login.trim().toLowerCase() : null;
  if (!phone && !email) return { ok: false, error: "Nhập số điện thoại hoặc email của giảng viên." };
  const [found] = await db
    .select({ id: accounts.id, name: accounts.displayName })
    .from(accounts)
    .innerJoin(roleAssignments, and(eq(roleAssignments.accountId, accounts.id), eq(roleAssignments.role, "trainer")))
    .where(phone ? eq(accounts.phone, phone) : sql`lower(${accounts.email}) = ${email}`)
    .limit(1);
  if (!found) return { ok: false, error: "Không tìm thấy giảng viên có số điện thoại hoặc email này." };
  if (found.id === access.authored.ownerId) return { ok: false, error: "Đây là người tạo khoá học." };
  await db.insert(courseCollaborators).values({ courseId, accountId: found.id, invitedBy: actor.account.id }).onConflictDoNothing();
  await audit({ actorId: actor.account.id, action: "authoring.invite", entityType: "course", entityId: courseId, after: { accountId: found.id } });
  return { ok: true, name: found.name };
}

export async function removeCollaborator(actor: Actor, courseId: string, accountId: number): Promise<boolean> {
  const access = await courseAccess(actor, courseId);
  if (!access?.authored || !(access.isOwner || hasRole(actor, "admin"))) return false;
  await db.delete(courseCollaborators).where(and(eq(courseCollaborators.courseId, courseId), eq(courseCollaborators.accountId, accountId)));
  return true;
}

// --- versions and diffs -------------------------------------------------------------

export async function listVersions(courseId: string) {
  return db
    .select({ id: courseVersions.id, version: courseVersions.version, publishedAt: courseVersions.publishedAt, hasSource: sql<boolean>`${versionSources.versionId} is not null` })
    .from(courseVersions)
    .leftJoin(versionSources, eq(versionSources.versionId, courseVersions.id))
    .where(eq(courseVersions.courseId, courseId))
    .orderBy(desc(courseVersions.id));
}

function lessonsOf(files: Map<string, string>) {
  const loaded = loadContent(VIRTUAL_ROOT, memoryFs(files, VIRTUAL_ROOT)).courses[0];
  const out = new Map<string, { title: string; body: string }>();
  for (const m of loaded?.modules ?? []) for (const l of m.lessons) out.set(l.id, { title: l.title, body: l.body.source });
  return out;
}

export interface LessonDiff {
  lessonId: string;
  title: string;
  state: "added" | "removed" | "changed" | "same";
  added: number;
  removed: number;
  parts: { kind: "added" | "removed" | "same"; text: string }[];
}

/** Per lesson, the lines added and removed between two versions (or a version and the draft). */
export async function diffVersions(courseId: string, fromVersionId: number, to: number | DraftCourse): Promise<LessonDiff[] | null> {
  const sources = async (id: number) => {
    const [row] = await db
      .select({ files: versionSources.files })
      .from(versionSources)
      .innerJoin(courseVersions, eq(courseVersions.id, versionSources.versionId))
      .where(and(eq(versionSources.versionId, id), eq(courseVersions.courseId, courseId)));
    return row ? new Map(Object.entries(row.files)) : null;
  };
  const before = await sources(fromVersionId);
  const after = typeof to === "number" ? await sources(to) : draftToFiles(courseId, to, "draft");
  if (!before || !after) return null;
  const a = lessonsOf(before);
  const b = lessonsOf(after);
  const ids = [...new Set([...a.keys(), ...b.keys()])];
  return ids.map((id) => {
    const x = a.get(id);
    const y = b.get(id);
    const changes = diffLines(x?.body ?? "", y?.body ?? "");
    const parts = changes.map((c) => ({ kind: c.added ? ("added" as const) : c.removed ? ("removed" as const) : ("same" as const), text: c.value }));
    const lines = (kind: "added" | "removed") => changes.filter((c) => (kind === "added" ? c.added : c.removed)).reduce((n, c) => n + (c.count ?? 0), 0);
    const added = lines("added");
    const removed = lines("removed");
    const state = !x ? "added" : !y ? "removed" : added || removed || x.title !== y.title ? "changed" : "same";
    return { lessonId: id, title: y?.title ?? x?.title ?? id, state, added, removed, parts };
  });
}

// --- ZIP export and import ----------------------------------------------------------

/** The course as a ZIP in the content/ layout: the published version if any, else the draft; built-in courses from content/. */
export async function exportCourseZip(actor: Actor, courseId: string, contentRoot = "content"): Promise<{ filename: string; bytes: Uint8Array } | null> {
  const access = await courseAccess(actor, courseId);
  if (!access) return null;
  let files: Map<string, string | Uint8Array>;
  if (!access.authored) {
    const found = builtinFiles(courseId, contentRoot);
    if (!found) return null;
    files = found;
  } else {
    const [current] = access.course.currentVersionId
      ? await db.select({ files: versionSources.files }).from(versionSources).where(eq(versionSources.versionId, access.course.currentVersionId))
      : [];
    files = current ? new Map(Object.entries(current.files)) : draftToFiles(courseId, access.authored.draft, "nháp");
    // Uploaded images travel with the course, so another installation can import it whole.
    const hashes = mediaRefs([...files.values()].filter((v): v is string => typeof v === "string"));
    if (hashes.length) {
      for (const m of await db.select({ hash: media.hash, bytes: media.bytes }).from(media).where(inArray(media.hash, hashes))) files.set(`media/${m.hash}.webp`, new Uint8Array(m.bytes));
    }
  }
  return { filename: `${courseId}.zip`, bytes: writeZip(files) };
}

function builtinFiles(courseId: string, contentRoot: string): Map<string, string | Uint8Array> | null {
  // Read from disk so images next to lessons travel with the course.
  const { courses: loaded } = loadContent(contentRoot);
  const course = loaded.find((c) => c.meta.id === courseId);
  if (!course) return null;
  const abs = path.resolve(course.dir);
  const out = new Map<string, string | Uint8Array>();
  const base = `courses/${path.basename(abs)}`;
  const walk = (dir: string, rel: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name), `${rel}/${e.name}`);
      else if (e.isFile()) out.set(`${rel}/${e.name}`, new Uint8Array(fs.readFileSync(path.join(dir, e.name))));
    }
  };
  walk(abs, base);
  return out;
}

const TEXT_FILE = /\.(mdx|ya?ml)$/i;
const MEDIA_FILE = /^media\/([a-f0-9]{64})\.webp$/;

function mediaRefs(texts: string[]): string[] {
  return [...new Set(texts.flatMap((t) => [...t.matchAll(/\/media\/([a-f0-9]{64})\.webp/g)].map((m) => m[1]!)))];
}

export type ImportZipResult = { ok: true; courseId: string; renamedFrom: string | null } | { ok: false; errors: string[] };

/** A course ZIP becomes a new draft owned by the actor; all-or-nothing, with every problem listed. */
export async function importCourseZip(actor: Actor, bytes: Uint8Array): Promise<ImportZipResult> {
  if (!can(actor, "courses:author")) return { ok: false, errors: ["Bạn không có quyền nhập khoá học."] };
  const zip = readZip(bytes);
  if (!zip.ok) return { ok: false, errors: [zip.error] };
  const files = new Map<string, string>();
  // Images in the ZIP are re-encoded like browser uploads (metadata such as
  // GPS dropped), so their hash changes: references are rewritten to the new one.
  const mediaFiles = new Map<string, ReencodedImage & { ok: true }>();
  const problems: string[] = [];
  for (const [name, data] of zip.files) {
    const mediaName = MEDIA_FILE.exec(name);
    if (mediaName) {
      const image = await reencodeImage(data);
      if (!image.ok) problems.push(`${name}: ${image.error}`);
      else mediaFiles.set(mediaName[1]!, image);
      continue;
    }
    if (!TEXT_FILE.test(name)) continue;
    // Accept both "courses/01-x/…" and a ZIP of the course folder itself ("01-x/…").
    const rel = name.startsWith("courses/") ? name : `courses/${name}`;
    const text = new TextDecoder("utf-8", { fatal: false }).decode(data);
    files.set(rel, text);
  }
  for (const [rel, text] of files) {
    files.set(rel, text.replace(/\/media\/([a-f0-9]{64})\.webp/g, (ref, hash: string) => {
      const image = mediaFiles.get(hash);
      return image ? `/media/${image.hash}.webp` : ref;
    }));
  }
  const built = await buildContentFromFiles(VIRTUAL_ROOT, files);
  problems.push(...built.errors.slice(0, 50).map((e) => `${e.file}:${e.line}:${e.column ?? 1}: ${e.message}`));
  // Every referenced image must come with the ZIP or already be here.
  const wanted = mediaRefs([...files.values()]);
  const have = new Set([...mediaFiles.values()].map((m) => m.hash));
  const missing = wanted.filter((h) => !have.has(h));
  if (missing.length) {
    const known = new Set((await db.select({ hash: media.hash }).from(media).where(inArray(media.hash, missing))).map((m) => m.hash));
    for (const h of missing) if (!known.has(h)) problems.push(`Thiếu ảnh media/${h}.webp trong tệp ZIP.`);
  }
  if (problems.length) return { ok: false, errors: problems };
  if (built.courses.length !== 1) return { ok: false, errors: ["ZIP phải chứa đúng một khoá học (một thư mục có course.mdx)."] };
  const loaded = built.courses[0]!;
  const draft = loadedToDraft(loaded);
  const [taken] = await db.select({ id: courses.id }).from(courses).where(eq(courses.id, loaded.meta.id));
  // A course that already exists here (a built-in one, or imported before) becomes a copy with its own id.
  const id = taken ? `${loaded.meta.id.slice(0, 40)}-${randomBytes(3).toString("hex")}` : loaded.meta.id;
  const provinceId = await actorProvinceId(actor);
  await db.transaction(async (tx) => {
    const images = [...mediaFiles.values()].filter((m) => wanted.includes(m.hash));
    for (const m of images) {
      await tx
        .insert(media)
        .values({ hash: m.hash, mime: "image/webp", ext: "webp", width: m.width, height: m.height, size: m.data.length, bytes: m.data, uploadedBy: actor.account.id })
        .onConflictDoNothing();
    }
    await tx.insert(courses).values({ id, title: draft.title, summary: draft.summary, hours: draft.hours, status: "draft", source: "authored", sortOrder: 100 });
    await tx.insert(authoredCourses).values({ courseId: id, ownerId: actor.account.id, provinceId, draft });
  });
  await audit({ actorId: actor.account.id, action: "authoring.import", entityType: "course", entityId: id, unitId: provinceId, after: { from: loaded.meta.id } });
  return { ok: true, courseId: id, renamedFrom: taken ? loaded.meta.id : null };
}

export { courseDir };
