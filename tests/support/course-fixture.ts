// A small course written straight into the database, for tests of the
// learner journey that should not depend on the real content.
import { eq } from "drizzle-orm";
import { db } from "~/db.server";
import { courses, courseVersions, mdxDocuments, quizzes, type CourseTree, type QuizQuestion } from "../../db/schema";

export const QUESTIONS: QuizQuestion[] = [
  { id: "q1", type: "single", text: "Hai cộng hai bằng mấy?", options: [{ id: "a", text: "3", correct: false }, { id: "b", text: "4", correct: true }], explanation: "Vì 2 + 2 = 4." },
  { id: "q2", type: "multiple", text: "Số nào là số chẵn?", options: [{ id: "a", text: "2", correct: true }, { id: "b", text: "3", correct: false }, { id: "c", text: "4", correct: true }], explanation: "2 và 4 chia hết cho 2." },
  { id: "q3", type: "truefalse", text: "Hà Nội là thủ đô.", options: [{ id: "true", text: "Đúng", correct: true }, { id: "false", text: "Sai", correct: false }], explanation: "Đúng vậy." },
  { id: "q4", type: "single", text: "Màu của lá cây?", options: [{ id: "a", text: "Xanh", correct: true }, { id: "b", text: "Tím", correct: false }], explanation: "Diệp lục." },
  { id: "q5", type: "truefalse", text: "Mặt trời mọc ở hướng tây.", options: [{ id: "true", text: "Đúng", correct: false }, { id: "false", text: "Sai", correct: true }], explanation: "Mặt trời mọc ở hướng đông." },
];

export const ALL_RIGHT = { q1: ["b"], q2: ["a", "c"], q3: ["true"], q4: ["a"], q5: ["false"] };

export async function createTestCourse(id: string, options: { maxAttempts?: number | null; passMark?: number } = {}) {
  const hash = `test-${id}-lesson`;
  await db.insert(mdxDocuments).values({ hash, code: "", html: "<p>Bài học thử</p>", bytes: 20 }).onConflictDoNothing();
  const tree: CourseTree = {
    intro: null,
    modules: [
      { id: `${id}-m1`, title: "Mô-đun 1", summary: "", intro: null, quizId: `${id}-m1-quiz`, lessons: [
        { id: `${id}-m1-l1`, title: "Bài 1", summary: "", minutes: 30, hash },
        { id: `${id}-m1-l2`, title: "Bài 2", summary: "", minutes: 40, hash },
      ] },
      { id: `${id}-m2`, title: "Mô-đun 2", summary: "", intro: null, quizId: `${id}-m2-quiz`, lessons: [{ id: `${id}-m2-l1`, title: "Bài 3", summary: "", minutes: 50, hash }] },
    ],
  };
  await db.insert(courses).values({ id, title: `Khoá ${id}`, hours: 2, passMark: options.passMark ?? 70, maxAttempts: options.maxAttempts ?? null, selfEnroll: true });
  const [version] = await db.insert(courseVersions).values({ courseId: id, version: "1.0.0", contentHash: `h-${id}`, tree, totalMinutes: 120, publishedAt: new Date() }).returning();
  await db.insert(quizzes).values([
    { versionId: version!.id, quizId: `${id}-m1-quiz`, moduleId: `${id}-m1`, title: "Kiểm tra 1", questions: QUESTIONS },
    { versionId: version!.id, quizId: `${id}-m2-quiz`, moduleId: `${id}-m2`, title: "Kiểm tra 2", questions: QUESTIONS },
  ]);
  await db.update(courses).set({ currentVersionId: version!.id }).where(eq(courses.id, id));
  return { id, versionId: version!.id, tree };
}
