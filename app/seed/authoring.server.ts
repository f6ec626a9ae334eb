// Demo: Quảng Trị asks its province officer to approve courses written in
// the browser before learners see them (Huế does not), so the demo shows both;
// and the Quảng Trị trainer has one draft course (fixed ids, which the scope
// walk in tests/e2e/scope/authoring.ts uses).
import { eq } from "drizzle-orm";
import { db } from "~/db.server";
import { accounts, adminUnits, courses } from "../../db/schema";
import { authoredCourses, authoringSettings, type DraftCourse } from "../../db/tables/authoring";

const QUANG_TRI = "44";
const TRAINER_PHONE = "0905000003";
export const DEMO_DRAFT = { courseId: "kh-demo-nhap", moduleId: "m-demo-nhap", lessonId: "l-demo-nhap" };

export async function seedAuthoring() {
  const [province] = await db.select({ id: adminUnits.id }).from(adminUnits).where(eq(adminUnits.code, QUANG_TRI));
  const [trainer] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.phone, TRAINER_PHONE));
  if (!province || !trainer) return;
  await db.insert(authoringSettings).values({ provinceId: province.id, requireApproval: true }).onConflictDoNothing();
  const draft: DraftCourse = {
    title: "Kỹ năng hỗ trợ người dân làm thủ tục trợ giúp xã hội (bản nháp)",
    summary: "Bản nháp minh hoạ: giảng viên soạn trên trình duyệt.",
    hours: 2,
    passMark: 70,
    maxAttempts: 3,
    validityMonths: null,
    selfEnroll: true,
    intro: "",
    modules: [
      {
        id: DEMO_DRAFT.moduleId,
        title: "Hồ sơ trợ cấp xã hội hằng tháng",
        summary: "Các giấy tờ cần có và cách hướng dẫn người dân.",
        intro: "",
        lessons: [
          {
            id: DEMO_DRAFT.lessonId,
            title: "Chuẩn bị hồ sơ",
            summary: "Danh mục giấy tờ và những lỗi hay gặp.",
            minutes: 20,
            body: '## Giấy tờ cần chuẩn bị\n\n<Checklist title="Hồ sơ">\n\n- Tờ khai theo mẫu\n- Giấy tờ tuỳ thân\n\n</Checklist>\n',
            rev: 1,
          },
        ],
        quiz: { id: "q-demo-nhap", title: "Kiểm tra: hồ sơ trợ cấp", questions: [] },
      },
    ],
  };
  await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(courses)
      .values({ id: DEMO_DRAFT.courseId, title: draft.title, summary: draft.summary, hours: draft.hours, status: "draft", source: "authored", sortOrder: 100 })
      .onConflictDoNothing()
      .returning({ id: courses.id });
    if (inserted.length) await tx.insert(authoredCourses).values({ courseId: DEMO_DRAFT.courseId, ownerId: trainer.id, provinceId: province.id, draft });
  });
}
