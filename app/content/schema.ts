// The content contract (content/FORMAT.md) as zod schemas: frontmatter of
// course.mdx, module.mdx and lessons, quiz.yaml, and the props of the MDX
// components trainers may use. Messages are Vietnamese: authors read them.
import { z } from "zod";
import type { QuizQuestion } from "../../db/schema";

const ID_PATTERN = /^[a-z0-9-]+$/;

export const idSchema = z
  .string({ required_error: "Thiếu mã (id).", invalid_type_error: "Mã (id) phải là chuỗi." })
  .regex(ID_PATTERN, "Mã (id) chỉ gồm chữ thường a–z, số 0–9 và dấu gạch ngang.");

const text = (label: string, max = 500) =>
  z
    .string({ required_error: `Thiếu ${label}.`, invalid_type_error: `${label} phải là chuỗi.` })
    .trim()
    .min(1, `${label} không được để trống.`)
    .max(max, `${label} dài quá ${max} ký tự.`);

const positiveInt = (label: string, max: number) =>
  z
    .number({ required_error: `Thiếu ${label}.`, invalid_type_error: `${label} phải là số.` })
    .int(`${label} phải là số nguyên.`)
    .min(1, `${label} phải lớn hơn 0.`)
    .max(max, `${label} không được lớn hơn ${max}.`);

// --- frontmatter ----------------------------------------------------------------

export const courseFrontmatterSchema = z
  .object({
    id: idSchema,
    title: text("tiêu đề (title)", 200),
    summary: text("tóm tắt (summary)", 1000),
    hours: positiveInt("số giờ (hours)", 1000),
    passMark: z
      .number({ required_error: "Thiếu điểm đạt (passMark).", invalid_type_error: "passMark phải là số." })
      .int("passMark phải là số nguyên.")
      .min(1, "passMark phải từ 1 đến 100.")
      .max(100, "passMark phải từ 1 đến 100."),
    maxAttempts: positiveInt("số lần làm bài (maxAttempts)", 100).nullable(),
    validityMonths: positiveInt("thời hạn chứng nhận (validityMonths)", 240).nullable(),
    version: text("phiên bản (version)", 50),
    selfEnroll: z.boolean({ required_error: "Thiếu selfEnroll.", invalid_type_error: "selfEnroll phải là true hoặc false." }),
  })
  .strict();

export const moduleFrontmatterSchema = z
  .object({
    id: idSchema,
    title: text("tiêu đề (title)", 200),
    summary: text("tóm tắt (summary)", 1000),
  })
  .strict();

export const lessonFrontmatterSchema = z
  .object({
    id: idSchema,
    title: text("tiêu đề (title)", 200),
    minutes: positiveInt("thời lượng (minutes)", 600),
    summary: text("tóm tắt (summary)", 1000),
  })
  .strict();

export type CourseFrontmatter = z.infer<typeof courseFrontmatterSchema>;
export type ModuleFrontmatter = z.infer<typeof moduleFrontmatterSchema>;
export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;

// --- quiz.yaml --------------------------------------------------------------------

// Quiz texts are shown as plain text (React escapes them), but markup in them is
// always a mistake or an attack, so it is refused where it is written.
const plain = (schema: z.ZodString, label: string) =>
  schema.refine((v) => !/<\s*[a-z!/?]/i.test(v), `${label} không được chứa thẻ HTML (dấu < trước chữ).`);

const optionSchema = z
  .object({
    id: idSchema,
    text: plain(text("nội dung phương án (text)", 500), "Phương án"),
    correct: z.boolean({ invalid_type_error: "correct phải là true hoặc false." }).optional(),
  })
  .strict();

const explanation = plain(text("giải thích đáp án (explanation)", 2000), "Giải thích");
const questionText = plain(text("nội dung câu hỏi (text)", 1000), "Câu hỏi");

const choiceQuestionSchema = z
  .object({
    id: idSchema,
    type: z.enum(["single", "multiple"]),
    text: questionText,
    options: z.array(optionSchema, { required_error: "Thiếu các phương án (options)." }).min(2, "Cần ít nhất 2 phương án."),
    explanation,
  })
  .strict();

const trueFalseQuestionSchema = z
  .object({
    id: idSchema,
    type: z.literal("truefalse"),
    text: questionText,
    answer: z.boolean({ required_error: "Câu đúng/sai (truefalse) cần answer: true hoặc false.", invalid_type_error: "answer phải là true hoặc false." }),
    explanation,
  })
  .strict();

// Refined per question (not per quiz), so one broken question does not hide
// the mistakes of the others.
const questionSchema = z
  .discriminatedUnion("type", [choiceQuestionSchema, trueFalseQuestionSchema], {
    errorMap: (issue, ctx) =>
      issue.code === "invalid_union_discriminator" ? { message: "Loại câu hỏi (type) phải là single, multiple hoặc truefalse." } : { message: ctx.defaultError },
  })
  .superRefine((q, ctx) => {
    if (q.type === "truefalse") return;
    const correct = q.options.filter((o) => o.correct === true).length;
    if (q.type === "single" && correct !== 1) {
      ctx.addIssue({ code: "custom", path: ["options"], message: `Câu một đáp án (single) phải có đúng 1 phương án correct: true (đang có ${correct}).` });
    }
    if (q.type === "multiple" && correct < 2) {
      ctx.addIssue({ code: "custom", path: ["options"], message: `Câu nhiều đáp án (multiple) phải có ít nhất 2 phương án correct: true (đang có ${correct}).` });
    }
    const seen = new Set<string>();
    q.options.forEach((o, i) => {
      if (seen.has(o.id)) ctx.addIssue({ code: "custom", path: ["options", i, "id"], message: `Mã phương án "${o.id}" bị trùng trong câu hỏi.` });
      seen.add(o.id);
    });
  });

export const quizFileSchema = z
  .object({
    id: idSchema,
    title: text("tiêu đề (title)", 200),
    questions: z.array(questionSchema, { required_error: "Thiếu danh sách câu hỏi (questions)." }).min(5, "Mỗi bài kiểm tra cần ít nhất 5 câu hỏi."),
  })
  .strict()
  .superRefine((quiz, ctx) => {
    const seen = new Set<string>();
    quiz.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: "custom", path: ["questions", i, "id"], message: `Mã câu hỏi "${q.id}" bị trùng trong bài kiểm tra.` });
      seen.add(q.id);
    });
  });

export type QuizFile = z.infer<typeof quizFileSchema>;

const TRUE_FALSE_LABELS = { true: "Đúng", false: "Sai" } as const;

/** The stored shape: every question has options; truefalse gets "true"/"false". */
export function toQuizQuestions(quiz: QuizFile): QuizQuestion[] {
  return quiz.questions.map((q) =>
    q.type === "truefalse"
      ? {
          id: q.id,
          type: q.type,
          text: q.text,
          options: [
            { id: "true", text: TRUE_FALSE_LABELS.true, correct: q.answer === true },
            { id: "false", text: TRUE_FALSE_LABELS.false, correct: q.answer === false },
          ],
          explanation: q.explanation,
        }
      : {
          id: q.id,
          type: q.type,
          text: q.text,
          options: q.options.map((o) => ({ id: o.id, text: o.text, correct: o.correct === true })),
          explanation: q.explanation,
        },
  );
}

// --- component props ------------------------------------------------------------

// A local image next to the lesson: "./images/x.svg" or "images/x.png"; no
// scheme, no absolute path, no "..".
const LOCAL_IMAGE = /^(\.\/)?([a-z0-9_-]+\/)*[a-z0-9_.-]+\.(svg|png|jpe?g|webp|gif)$/i;
// An image uploaded in the browser: only our own media route, by content hash.
export const MEDIA_IMAGE = /^\/media\/[a-f0-9]{64}\.(webp|jpg)$/;

/** Where a lesson may take an image from: a file next to it, or the media route. */
export function isAllowedImageSrc(src: string): boolean {
  return (LOCAL_IMAGE.test(src) && !src.includes("..")) || MEDIA_IMAGE.test(src);
}

const propText = (label: string, max = 300) =>
  z
    .string({ required_error: `Thiếu thuộc tính ${label}.` })
    .trim()
    .min(1, `Thuộc tính ${label} không được để trống.`)
    .max(max, `Thuộc tính ${label} dài quá ${max} ký tự.`);

export const componentPropSchemas = {
  Callout: z
    .object({
      type: z.enum(["note", "warning", "tip"], {
        errorMap: (issue) => ({
          message: issue.code === "invalid_type" && issue.received === "undefined" ? "Thiếu thuộc tính type (note, warning hoặc tip)." : "type phải là note, warning hoặc tip.",
        }),
      }),
      title: propText("title").optional(),
    })
    .strict(),
  CaseStudy: z.object({ title: propText("title") }).strict(),
  Checklist: z.object({ title: propText("title").optional() }).strict(),
  Steps: z.object({ title: propText("title").optional() }).strict(),
  Figure: z
    .object({
      src: z
        .string({ required_error: "Thiếu thuộc tính src." })
        .refine(isAllowedImageSrc, "src phải là ảnh đã tải lên (/media/…) hoặc một ảnh trong thư mục bài học, ví dụ ./images/so-do.svg (không dùng http:, /, ..)."),
      alt: propText("alt (mô tả ảnh cho người không nhìn thấy)"),
      caption: propText("caption").optional(),
    })
    .strict(),
  Term: z.object({ definition: propText("definition", 1000) }).strict(),
  Quiz: z.object({}).strict(),
  // A YouTube video by its id only (no URL, no embed): rendered as a plain link,
  // so a lesson page downloads nothing from YouTube until the learner chooses to.
  Video: z
    .object({
      youtube: z.string({ required_error: "Thiếu thuộc tính youtube (mã video 11 ký tự)." }).regex(/^[A-Za-z0-9_-]{11}$/, "youtube phải là mã video YouTube gồm 11 ký tự, ví dụ dQw4w9WgXcQ (không dán cả đường dẫn)."),
      title: propText("title"),
    })
    .strict(),
} as const;

export type ComponentName = keyof typeof componentPropSchemas;
export type ComponentProps = { [K in ComponentName]: z.infer<(typeof componentPropSchemas)[K]> };

export const COMPONENT_NAMES = Object.keys(componentPropSchemas) as ComponentName[];

/** Attribute names each component declares (used before zod, to name the bad one). */
export function declaredProps(name: ComponentName): string[] {
  return Object.keys(componentPropSchemas[name].shape);
}

export function isComponentName(name: string): name is ComponentName {
  return Object.prototype.hasOwnProperty.call(componentPropSchemas, name);
}
