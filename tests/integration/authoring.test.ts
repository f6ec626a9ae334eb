import { eq } from "drizzle-orm";
import sharp from "sharp";
import { zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { compileMdx } from "~/content/compile-mdx.server";
import { guardMdx } from "~/content/mdx-guard.server";
import { importContent } from "~/content/import.server";
import { readZip, ZIP_LIMITS } from "~/authoring/zip.server";
import { draftToFiles } from "~/authoring/files.server";
import {
  approveSubmission,
  buildDraft,
  courseAccess,
  createCourse,
  diffVersions,
  exportCourseZip,
  importCourseZip,
  inviteCollaborator,
  mutateDraft,
  newId,
  previewLesson,
  publishDraft,
  rejectSubmission,
  saveLesson,
  setRequireApproval,
  studioLists,
  type DraftQuestion,
} from "~/models/authoring.server";
import { getMedia, uploadImage } from "~/models/authoring-media.server";
import { completeLesson, courseProgress, enrol, getPublishedCourse, getQuiz, summarise } from "~/models/learning.server";
import { courses, courseVersions, mdxDocuments } from "../../db/schema";
import { authoredCourses, media } from "../../db/tables/authoring";
import { withTestDatabase } from "../support/db";
import { demoActor, seedDemoData } from "../support/fixtures";

withTestDatabase();

type ActorOf = Awaited<ReturnType<typeof demoActor>>;
let trainer: ActorOf, officer: ActorOf, hueOfficer: ActorOf, learner: ActorOf, admin: ActorOf, commune: ActorOf;

beforeAll(async () => {
  await seedDemoData();
  [trainer, officer, hueOfficer, learner, admin, commune] = await Promise.all([
    demoActor("qt-trainer"),
    demoActor("qt-province"),
    demoActor("hue-province"),
    demoActor("qt-learner"),
    demoActor("admin"),
    demoActor("qt-commune"),
  ]);
  // The demo asks Quảng Trị for approval; these tests publish directly unless they turn it on.
  await setRequireApproval(officer, officer.roles.find((r) => r.role === "province_officer")!.unitId!, false);
}, 60_000);

function questions(n = 5): DraftQuestion[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `c${i + 1}`,
    type: "single" as const,
    text: `Câu hỏi số ${i + 1}?`,
    options: [
      { id: "a", text: "Đúng là thế", correct: true },
      { id: "b", text: "Không phải", correct: false },
    ],
    explanation: "Vì phương án a đúng.",
  }));
}

/** A course with one module, one lesson and a valid quiz, ready to publish. */
async function readyCourse(title = "Khoá học thử") {
  const id = (await createCourse(trainer, title))!;
  await mutateDraft(trainer, id, (d) => {
    d.summary = "Tóm tắt khoá học.";
    d.modules[0]!.summary = "Tóm tắt mô-đun.";
    d.modules[0]!.lessons[0]!.summary = "Tóm tắt bài.";
    d.modules[0]!.lessons[0]!.title = "Bài một";
    d.modules[0]!.quiz.questions = questions();
  });
  return id;
}

const HOSTILE: [string, string][] = [
  ["script tag", "## A\n\n<script>alert(1)</script>\n"],
  ["img onerror", '## A\n\n<img src="x" onerror="alert(1)" />\n'],
  ["event handler on a component", '## A\n\n<Callout type="note" onClick="alert(1)">\n\nx\n\n</Callout>\n'],
  ["expression", "## A\n\n{process.exit()}\n"],
  ["inline expression", "Xin chào {globalThis.process.exit(1)} bạn\n"],
  ["import", 'import fs from "node:fs"\n\n## A\n'],
  ["export", "export const x = require('child_process')\n\n## A\n"],
  ["javascript link", "[bấm](javascript:alert(1))\n"],
  ["mixed-case javascript link", "[bấm](JaVaScRiPt:alert(1))\n"],
  ["entity-encoded javascript link", "[bấm](&#106;avascript&#58;alert(1))\n"],
  ["hex-entity javascript link", "[bấm](&#x6A;&#x61;vascript:alert(1))\n"],
  ["tab inside scheme", "[bấm](java&#9;script:alert(1))\n"],
  ["reference-style javascript", "[bấm][x]\n\n[x]: javascript:alert(1)\n"],
  ["data url image", "![a](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)\n"],
  ["external tracking image", "![a](https://evil.example/t.gif)\n"],
  ["iframe", '<iframe src="https://evil.example"></iframe>\n'],
  ["expression attribute", '<Callout type={"note"}>\n\nx\n\n</Callout>\n'],
  ["spread attribute", "<Callout {...window}>\n\nx\n\n</Callout>\n"],
  ["unknown component", "<Evil />\n"],
  ["Figure with remote src", '<Figure src="https://evil.example/x.png" alt="x" />\n'],
  ["Figure with traversal", '<Figure src="../../etc/passwd.png" alt="x" />\n'],
  ["Video with a URL instead of an id", '<Video youtube="https://evil.example/embed" title="x" />\n'],
  ["raw html comment", "<!-- <script>alert(1)</script> -->\n"],
  ["style tag", "<style>{`body{display:none}`}</style>\n"],
];

describe("hostile lesson content is refused before compiling", () => {
  it.each(HOSTILE)("%s", async (_name, source) => {
    const guarded = guardMdx(source);
    expect(guarded.issues.length).toBeGreaterThan(0);
    for (const issue of guarded.issues) {
      expect(issue.line).toBeGreaterThan(0);
      expect(issue.column).toBeGreaterThan(0);
    }
    const preview = await previewLesson(source);
    expect(preview.ok).toBe(false);
    expect(preview.html).toBe("");
    expect(preview.errors[0]!.message).toMatch(/[ăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ]/i);
  });

  it("reports line and column in Vietnamese", async () => {
    const preview = await previewLesson("## Tiêu đề\n\nĐoạn một.\n\nXin {1 + 1} chào\n");
    expect(preview.errors[0]).toMatchObject({ line: 5, column: 5 });
    expect(preview.errors[0]!.message).toContain("Không được dùng biểu thức");
  });

  it("limits size and depth, and a deeply nested input neither crashes nor compiles", async () => {
    const huge = "## A\n\n" + "chữ ".repeat(60_000);
    expect((await previewLesson(huge)).errors[0]!.message).toContain("quá lớn");
    const deepQuote = "> ".repeat(5000) + "x\n";
    const deep = await previewLesson(deepQuote);
    expect(deep.ok).toBe(false);
    const deepLists = Array.from({ length: 40 }, (_, i) => `${"  ".repeat(i)}- mục ${i}`).join("\n") + "\n";
    const lists = await previewLesson(deepLists);
    expect(lists.ok).toBe(false);
    expect(lists.errors.map((e) => e.message).join(" ")).toContain("lồng nhau quá sâu");
  });

  it("stops a compile that takes too long", async () => {
    const result = await compileMdx("## A\n\nđoạn văn\n", { timeoutMs: 0 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toContain("quá");
  });

  it("renders allowed components to static HTML with no script", async () => {
    const preview = await previewLesson(
      '## Bài\n\n<Callout type="tip" title="Mẹo">\n\nNội dung **đậm**.\n\n</Callout>\n\n<Video youtube="dQw4w9WgXcQ" title="Giới thiệu" />\n\n[Trang](https://example.org)\n',
    );
    expect(preview.ok).toBe(true);
    expect(preview.html).toContain("mdx-callout-tip");
    expect(preview.html).toContain("https://www.youtube.com/watch?v=dQw4w9WgXcQ");
    expect(preview.html).not.toMatch(/<script|<iframe|onerror|javascript:/i);
    expect(preview.pageBytes).toBe(preview.htmlBytes);
  });

  it("refuses HTML in quiz fields and stores nothing as published", async () => {
    const id = await readyCourse("Khoá có câu hỏi độc");
    await mutateDraft(trainer, id, (d) => {
      d.modules[0]!.quiz.questions[0]!.text = '<img src=x onerror="alert(1)">';
      d.modules[0]!.quiz.questions[1]!.options[0]!.text = "<script>alert(1)</script>";
      d.modules[0]!.quiz.questions[2]!.explanation = "<b onclick=x>bấm</b>";
    });
    const result = await publishDraft(trainer, id);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.filter((p) => p.message.includes("thẻ HTML"))).toHaveLength(3);
      // Named by position in the form, not by the generated id.
      expect(result.problems.map((p) => p.message)).toContain("Câu 1 (text): Câu hỏi không được chứa thẻ HTML (dấu < trước chữ).");
    }
    const versions = await db.select().from(courseVersions).where(eq(courseVersions.courseId, id));
    expect(versions).toHaveLength(0);
    expect((await getPublishedCourse(id))).toBeNull();
  });

  it("a hostile lesson blocks publishing with its place, and nothing is published", async () => {
    const id = await readyCourse("Khoá có bài độc");
    await mutateDraft(trainer, id, (d) => {
      d.modules[0]!.lessons[0]!.body = "## Bài\n\nĐoạn văn.\n\n<script>fetch('/x')</script>\n";
    });
    const result = await publishDraft(trainer, id);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const problem = result.problems.find((p) => p.lessonId);
      expect(problem).toMatchObject({ line: 5, column: 1 });
      expect(problem!.where).toContain("Bài một");
    }
    expect(await db.select().from(courseVersions).where(eq(courseVersions.courseId, id))).toHaveLength(0);
  });
});

describe("draft → publish", () => {
  it("publishes immutable versions; editing makes a new draft; progress survives a rename", async () => {
    const id = await readyCourse("Khoá xuất bản");
    const first = await publishDraft(trainer, id);
    expect(first).toMatchObject({ ok: true, state: "published", version: "1" });
    if (!first.ok || first.state !== "published") throw new Error("not published");
    const published = (await getPublishedCourse(id))!;
    const lesson = published.version.tree.modules[0]!.lessons[0]!;
    expect(lesson.title).toBe("Bài một");

    // A learner completes the lesson in version 1.
    await enrol(learner.account.personId!, id, "self", null);
    await completeLesson(learner.account.personId!, id, lesson.id);

    // The author renames the lesson and rewrites its text: only the draft changes.
    const saved = await saveLesson(trainer, id, lesson.id, { title: "Bài một (đã đổi tên)", summary: "Tóm tắt bài.", minutes: 20, body: "## Mới\n\nNội dung mới.\n" }, 1);
    expect(saved.ok).toBe(true);
    expect((await getPublishedCourse(id))!.version.tree.modules[0]!.lessons[0]!.title).toBe("Bài một");
    const [v1] = await db.select().from(courseVersions).where(eq(courseVersions.id, first.versionId));
    const oldHtml = (await db.select().from(mdxDocuments).where(eq(mdxDocuments.hash, lesson.hash)))[0]!.html;

    // A save from an older copy is refused, and the newer text stays.
    const stale = await saveLesson(trainer, id, lesson.id, { title: "x", summary: "", minutes: 1, body: "cũ" }, 1);
    expect(stale).toMatchObject({ ok: false, conflict: true });

    const second = await publishDraft(trainer, id);
    expect(second).toMatchObject({ ok: true, state: "published", version: "2" });
    const now = (await getPublishedCourse(id))!;
    expect(now.version.tree.modules[0]!.lessons[0]).toMatchObject({ id: lesson.id, title: "Bài một (đã đổi tên)" });
    // Version 1 is untouched.
    const [v1again] = await db.select().from(courseVersions).where(eq(courseVersions.id, first.versionId));
    expect(v1again).toEqual(v1);
    expect((await db.select().from(mdxDocuments).where(eq(mdxDocuments.hash, lesson.hash)))[0]!.html).toBe(oldHtml);
    // The learner's progress, keyed by the stable lesson id, still counts.
    const progress = await courseProgress(learner.account.personId!, id);
    expect(summarise(now.version.tree, progress.done, progress.passed).lessonsDone).toBe(1);

    // Nothing changed → nothing to publish.
    const again = await publishDraft(trainer, id);
    expect(again.ok).toBe(false);

    // The diff shows the lesson's added and removed lines.
    const diff = (await diffVersions(id, first.versionId, (second as { versionId: number }).versionId))!;
    const changed = diff.find((d) => d.lessonId === lesson.id)!;
    expect(changed.state).toBe("changed");
    expect(changed.added).toBeGreaterThan(0);
    expect(changed.removed).toBeGreaterThan(0);
  });

  it("two publishes at once make one version", async () => {
    const id = await readyCourse("Khoá bấm hai lần");
    const results = await Promise.all([publishDraft(trainer, id), publishDraft(trainer, id)]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await db.select().from(courseVersions).where(eq(courseVersions.courseId, id))).toHaveLength(1);
  });

  it("answer keys are stored server-side from the quiz form", async () => {
    const id = await readyCourse("Khoá có quiz");
    const r = await publishDraft(trainer, id);
    if (!r.ok || r.state !== "published") throw new Error("not published");
    const tree = (await getPublishedCourse(id))!.version.tree;
    const quiz = (await getQuiz(r.versionId, tree.modules[0]!.quizId!))!;
    expect(quiz.questions).toHaveLength(5);
    expect(quiz.questions[0]!.options.find((o) => o.correct)!.id).toBe("a");
  });
});

describe("ownership and approval", () => {
  it("only the owner, invited trainers, the province's officer and admins see a course", async () => {
    const id = await readyCourse("Khoá riêng");
    expect((await courseAccess(trainer, id))?.canEdit).toBe(true);
    expect((await courseAccess(officer, id))).toMatchObject({ canEdit: false, canReview: true });
    expect(await courseAccess(hueOfficer, id)).toBeNull();
    expect(await courseAccess(commune, id)).toBeNull();
    expect(await courseAccess(learner, id)).toBeNull();
    expect((await courseAccess(admin, id))?.canEdit).toBe(true);
    expect((await studioLists(hueOfficer)).authored.map((c) => c.id)).not.toContain(id);
    expect((await studioLists(officer)).authored.map((c) => c.id)).toContain(id);

    // The Huế officer cannot edit, publish, approve or export it.
    expect((await mutateDraft(hueOfficer, id, (d) => void (d.title = "chiếm"))).ok).toBe(false);
    expect((await publishDraft(hueOfficer, id)).ok).toBe(false);
    expect((await approveSubmission(hueOfficer, id)).ok).toBe(false);
    expect(await exportCourseZip(hueOfficer, id)).toBeNull();

    // Invite a second trainer (made from the Huế learner for the test) by phone.
    expect((await inviteCollaborator(trainer, id, "0905000099")).ok).toBe(false);
    const { roleAssignments, accounts } = await import("../../db/schema");
    const [other] = await db.select().from(accounts).where(eq(accounts.phone, "0905000007"));
    await db.insert(roleAssignments).values({ accountId: other!.id, role: "trainer", unitId: hueOfficer.roles[0]!.unitId });
    const otherActor = await demoActor("hue-learner");
    expect(await courseAccess(otherActor, id)).toBeNull();
    expect((await inviteCollaborator(trainer, id, "0905 000 007")).ok).toBe(true);
    expect((await courseAccess(otherActor, id))?.canEdit).toBe(true);
    // Collaborators cannot invite others.
    expect((await inviteCollaborator(otherActor, id, "0905000003")).ok).toBe(false);
  });

  it("built-in courses are read-only but exportable", async () => {
    await importContent();
    const access = await courseAccess(trainer, "bvte-cong-dong");
    expect(access).toMatchObject({ canEdit: false });
    expect((await mutateDraft(trainer, "bvte-cong-dong", () => {})).ok).toBe(false);
    expect(await exportCourseZip(trainer, "bvte-cong-dong")).not.toBeNull();
    expect(await courseAccess(learner, "bvte-cong-dong")).toBeNull();
  }, 120_000);

  it("with approval on, a trainer submits and the province officer approves the submitted snapshot", async () => {
    const province = officer.roles.find((r) => r.role === "province_officer")!.unitId!;
    expect(await setRequireApproval(hueOfficer, province, true)).toBe(false);
    expect(await setRequireApproval(officer, province, true)).toBe(true);
    const id = await readyCourse("Khoá cần duyệt");
    const submitted = await publishDraft(trainer, id);
    expect(submitted).toEqual({ ok: true, state: "submitted" });
    expect(await getPublishedCourse(id)).toBeNull();

    // Edits after submitting do not slip into what is approved.
    await mutateDraft(trainer, id, (d) => void (d.modules[0]!.lessons[0]!.title = "Sửa sau khi gửi"));
    expect((await studioLists(officer)).pending.map((c) => c.id)).toContain(id);
    expect((await approveSubmission(trainer, id)).ok).toBe(false);

    // Rejecting returns it with a note; resubmitting and approving publishes.
    expect(await rejectSubmission(officer, id, "Cần thêm ví dụ.")).toBe(true);
    const [row] = await db.select().from(authoredCourses).where(eq(authoredCourses.courseId, id));
    expect(row!.reviewNote).toBe("Cần thêm ví dụ.");
    await mutateDraft(trainer, id, (d) => void (d.modules[0]!.lessons[0]!.title = "Bài đã gửi"));
    await publishDraft(trainer, id);
    await mutateDraft(trainer, id, (d) => void (d.modules[0]!.lessons[0]!.title = "Sửa sau lần gửi hai"));
    const approved = await approveSubmission(officer, id);
    expect(approved).toMatchObject({ ok: true, state: "published" });
    expect((await getPublishedCourse(id))!.version.tree.modules[0]!.lessons[0]!.title).toBe("Bài đã gửi");
    await setRequireApproval(officer, province, false);
  });
});

describe("ZIP import and export", () => {
  it("round-trips a built-in course: same lessons, same compiled HTML, same quizzes", async () => {
    const exported = (await exportCourseZip(trainer, "bvte-cong-dong"))!;
    const imported = await importCourseZip(trainer, exported.bytes);
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    expect(imported.renamedFrom).toBe("bvte-cong-dong");
    const builtin = (await getPublishedCourse("bvte-cong-dong"))!;
    const [row] = await db.select().from(authoredCourses).where(eq(authoredCourses.courseId, imported.courseId));
    const built = await buildDraft(imported.courseId, row!.draft, builtin.version.version);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const hashes = (tree: typeof builtin.version.tree) => tree.modules.flatMap((m) => m.lessons.map((l) => `${l.id}:${l.hash}`));
    const { courseTree } = await import("~/content/load-content.server");
    expect(hashes(courseTree(built.course))).toEqual(hashes(builtin.version.tree));
    expect(built.course.modules.map((m) => m.quiz!.questions)).toEqual(
      await Promise.all(builtin.version.tree.modules.map(async (m) => (await getQuiz(builtin.version.id, m.quizId!))!.questions)),
    );
    // Exporting the imported draft gives the same files back (ids and texts).
    const again = draftToFiles(imported.courseId, row!.draft, builtin.version.version);
    expect([...again.keys()].filter((k) => k.endsWith(".mdx")).length).toBe(built.course.modules.reduce((n, m) => n + m.lessons.length + 1, 1));
  }, 120_000);

  const zip = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, new TextEncoder().encode(v)])));

  it("refuses traversal, absolute paths, symlinks and too many entries, writing nothing", async () => {
    const before = (await db.select({ id: courses.id }).from(courses)).length;
    for (const name of ["../evil.mdx", "courses/../../etc/passwd.mdx", "/etc/passwd.mdx", "C:/x.mdx", "a\\..\\b.mdx"]) {
      const result = await importCourseZip(trainer, zip({ [name]: "x" }));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors[0]).toMatch(/ZIP bị từ chối/);
    }
    // A symlink entry: Unix "made by" with mode 0120777 in the external attributes.
    const withLink = Buffer.from(zip({ "01-x/link.mdx": "/etc/passwd" }));
    const cd = withLink.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    withLink.writeUInt16LE((3 << 8) | 20, cd + 4);
    withLink.writeUInt32LE((0o120777 << 16) >>> 0, cd + 38);
    const link = await importCourseZip(trainer, withLink);
    expect(link).toMatchObject({ ok: false });
    if (!link.ok) expect(link.errors[0]).toContain("symlink");
    const many = Object.fromEntries(Array.from({ length: ZIP_LIMITS.maxEntries + 1 }, (_, i) => [`f${i}.mdx`, "x"]));
    const tooMany = await importCourseZip(trainer, zip(many));
    expect(tooMany.ok).toBe(false);
    if (!tooMany.ok) expect(tooMany.errors[0]).toContain("quá nhiều tệp");
    expect((await db.select({ id: courses.id }).from(courses)).length).toBe(before);
  });

  it("refuses a ZIP bomb by declared size and by actual size when the header lies", async () => {
    const big = new Uint8Array(ZIP_LIMITS.maxFileBytes + 1024); // zeros: compresses to a few KB
    const bomb = zipSync({ "courses/01-x/a.mdx": big });
    expect(bomb.length).toBeLessThan(64 * 1024);
    const declared = readZip(bomb);
    expect(declared.ok).toBe(false);
    if (!declared.ok) expect(declared.error).toMatch(/quá lớn/);

    // Lie in both headers: claim 10 bytes; the inflater must stop at the cap anyway.
    const liar = Buffer.from(bomb);
    const cd = liar.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    liar.writeUInt32LE(10, cd + 24);
    liar.writeUInt32LE(10, 22);
    const actual = readZip(liar);
    expect(actual.ok).toBe(false);
    if (!actual.ok) expect(actual.error).toMatch(/bom nén/);

    // Many small entries that add up past the total cap.
    const parts = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`courses/01-x/f${i}.png`, new Uint8Array(ZIP_LIMITS.maxFileBytes - 10)]));
    const total = readZip(zipSync(parts));
    expect(total.ok).toBe(false);
  });

  it("refuses a ZIP whose lessons are hostile, with file and line", async () => {
    const exported = (await exportCourseZip(trainer, "bvte-cong-dong"))!;
    const files = readZip(exported.bytes);
    if (!files.ok) throw new Error(files.error);
    const lesson = [...files.files.keys()].find((k) => /\/01-[^/]+\/01-[^/]+\.mdx$/.test(k))!;
    files.files.set(lesson, new TextEncoder().encode(new TextDecoder().decode(files.files.get(lesson)) + "\n<script>alert(1)</script>\n"));
    const result = await importCourseZip(trainer, zipSync(Object.fromEntries(files.files)));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join("\n")).toMatch(/\.mdx:\d+:\d+: Thẻ HTML <script>/);
  }, 60_000);
});

describe("images", () => {
  it("resizes and recompresses an uploaded photo, and refuses what is not an image", async () => {
    const photo = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: { r: 200, g: 120, b: 40 } } })
      .jpeg({ quality: 95 })
      .toBuffer();
    const result = await uploadImage(trainer, photo);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.width).toBe(1200);
    expect(result.height).toBe(800);
    expect(result.src).toMatch(/^\/media\/[a-f0-9]{64}\.webp$/);
    const stored = (await getMedia(result.src.slice(7, 71)))!;
    expect((await sharp(stored.bytes).metadata()).format).toBe("webp");

    // Usable from MDX, and counted in the page weight.
    const preview = await previewLesson(`## Ảnh\n\n<Figure src="${result.src}" alt="Sơ đồ" />\n\n![ảnh](${result.src})\n`);
    expect(preview.ok).toBe(true);
    expect(preview.imageBytes).toBe(result.size);

    expect((await uploadImage(trainer, new TextEncoder().encode("<svg onload=alert(1)></svg>"))).ok).toBe(false);
    expect((await uploadImage(learner, photo)).ok).toBe(false);
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: "#fff" } }).gif().toBuffer();
    expect((await uploadImage(trainer, gif)).ok).toBe(false);
    expect((await db.select({ hash: media.hash }).from(media).where(eq(media.uploadedBy, trainer.account.id))).length).toBe(1);
  });
});

describe("images travel with an exported course", () => {
  it("exports uploaded images in the ZIP and refuses tampered or missing ones", async () => {
    const photo = await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 20, g: 120, b: 200 } } }).png().toBuffer();
    const up = await uploadImage(trainer, photo);
    if (!up.ok) throw new Error(up.error);
    const id = await readyCourse("Khoá có ảnh");
    await mutateDraft(trainer, id, (d) => void (d.modules[0]!.lessons[0]!.body = `## Ảnh\n\n<Figure src="${up.src}" alt="Sơ đồ" />\n`));
    const zip = (await exportCourseZip(trainer, id))!;
    const files = readZip(zip.bytes);
    if (!files.ok) throw new Error(files.error);
    const name = `media/${up.src.slice(7)}`;
    expect(files.files.has(name)).toBe(true);
    expect((await importCourseZip(trainer, zip.bytes)).ok).toBe(true);

    const garbage = new Map(files.files);
    garbage.set(name, new TextEncoder().encode("<svg onload=alert(1)></svg>"));
    const refused = await importCourseZip(trainer, zipSync(Object.fromEntries(garbage)));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors.join(" ")).toContain("Không đọc được ảnh");

    const missing = new Map(files.files);
    missing.delete(name);
    const lesson = [...missing.keys()].find((k) => /\/01-l-[^/]+\.mdx$/.test(k))!;
    missing.set(lesson, new TextEncoder().encode(new TextDecoder().decode(missing.get(lesson)).replace(up.src.slice(7, 71), "f".repeat(64))));
    const lacking = await importCourseZip(trainer, zipSync(Object.fromEntries(missing)));
    expect(lacking.ok).toBe(false);
    if (!lacking.ok) expect(lacking.errors.join(" ")).toContain("Thiếu ảnh");
  });
});

describe("images inside a course ZIP", () => {
  it("are re-encoded like uploads: metadata and GPS dropped, references follow the new hash", async () => {
    const id = await readyCourse("Khoá có ảnh GPS");
    const zip = (await exportCourseZip(trainer, id))!;
    const files = readZip(zip.bytes);
    if (!files.ok) throw new Error(files.error);
    // A phone photo with its location, under a media name it does not hash to.
    const photo = await sharp({ create: { width: 1600, height: 900, channels: 3, background: { r: 200, g: 90, b: 40 } } })
      .jpeg()
      .withExif({ IFD0: { Make: "PhoneMaker", Model: "Cheap 1" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "16/1 49/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "107/1 5/1 0/1" } })
      .toBuffer();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const claimed = "a".repeat(64);
    const withPhoto = new Map(files.files);
    withPhoto.set(`media/${claimed}.webp`, new Uint8Array(photo));
    const lesson = [...withPhoto.keys()].find((k) => /\/01-l-[^/]+\.mdx$/.test(k))!;
    withPhoto.set(lesson, new TextEncoder().encode(`${new TextDecoder().decode(withPhoto.get(lesson))}\n![Ảnh](/media/${claimed}.webp)\n`));
    const imported = await importCourseZip(trainer, zipSync(Object.fromEntries(withPhoto)));
    if (!imported.ok) throw new Error(imported.errors.join("\n"));

    const [course] = await db.select({ draft: authoredCourses.draft }).from(authoredCourses).where(eq(authoredCourses.courseId, imported.courseId));
    const body = course!.draft.modules[0]!.lessons[0]!.body;
    expect(body).not.toContain(claimed);
    const stored = /\/media\/([a-f0-9]{64})\.webp/.exec(body)![1]!;
    const [row] = await db.select().from(media).where(eq(media.hash, stored));
    expect(row!.width).toBe(1200);
    const meta = await sharp(row!.bytes).metadata();
    expect(meta.format).toBe("webp");
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(Buffer.from(row!.bytes).includes(Buffer.from("PhoneMaker"))).toBe(false);
    expect((await db.select().from(media).where(eq(media.hash, claimed))).length).toBe(0);
  });
});

it("ids are generated, never derived from titles", () => {
  expect(newId("l")).toMatch(/^l-[a-f0-9]{10}$/);
  expect(newId("l")).not.toBe(newId("l"));
});
