// A browser-authored course and the content/ folder layout, both ways: the
// draft is written out as the same files a built-in course has, so publishing,
// export and import all go through the one loader and compiler
// (app/content/*) — there is no second, weaker path for authored content.
import { stringify } from "yaml";
import type { DraftCourse, DraftModule, DraftQuestion } from "../../db/tables/authoring";
import type { LoadedCourse } from "~/content/load-content.server";

const pad = (n: number) => String(n).padStart(2, "0");

function mdx(front: Record<string, unknown>, body: string): string {
  return `---\n${stringify(front, { lineWidth: 0 }).trimEnd()}\n---\n${body ? `\n${body.replace(/\r\n?/g, "\n").replace(/\n*$/, "\n")}` : ""}`;
}

export function courseDir(courseId: string, sortOrder = 1) {
  return `courses/${pad(sortOrder)}-${courseId}`;
}

/** The draft as files under courses/NN-<id>/ (paths relative to a content root). */
export function draftToFiles(courseId: string, draft: DraftCourse, version: string): Map<string, string> {
  const files = new Map<string, string>();
  const root = courseDir(courseId);
  files.set(
    `${root}/course.mdx`,
    mdx(
      {
        id: courseId,
        title: draft.title,
        summary: draft.summary,
        hours: draft.hours,
        passMark: draft.passMark,
        maxAttempts: draft.maxAttempts,
        validityMonths: draft.validityMonths,
        version,
        selfEnroll: draft.selfEnroll,
      },
      draft.intro,
    ),
  );
  draft.modules.forEach((m, i) => {
    const dir = `${root}/${pad(i + 1)}-${m.id}`;
    files.set(`${dir}/module.mdx`, mdx({ id: m.id, title: m.title, summary: m.summary }, m.intro ?? ""));
    m.lessons.forEach((l, j) => {
      files.set(`${dir}/${pad(j + 1)}-${l.id}.mdx`, mdx({ id: l.id, title: l.title, minutes: l.minutes, summary: l.summary }, l.body));
    });
    files.set(`${dir}/quiz.yaml`, stringify({ id: m.quiz.id, title: m.quiz.title, questions: m.quiz.questions.map(quizQuestionYaml) }, { lineWidth: 0 }));
  });
  return files;
}

function quizQuestionYaml(q: DraftQuestion) {
  if (q.type === "truefalse") {
    return { id: q.id, type: q.type, text: q.text, answer: q.options.find((o) => o.id === "true")?.correct === true, explanation: q.explanation };
  }
  return {
    id: q.id,
    type: q.type,
    text: q.text,
    options: q.options.map((o) => (o.correct ? { id: o.id, text: o.text, correct: true } : { id: o.id, text: o.text })),
    explanation: q.explanation,
  };
}

/** A loaded (validated) course back into an editable draft. */
export function loadedToDraft(course: LoadedCourse): DraftCourse {
  const m = course.meta;
  return {
    title: m.title,
    summary: m.summary,
    hours: m.hours,
    passMark: m.passMark,
    maxAttempts: m.maxAttempts,
    validityMonths: m.validityMonths,
    selfEnroll: m.selfEnroll,
    intro: course.intro?.source.trim() ?? "",
    modules: course.modules.map(
      (mod): DraftModule => ({
        id: mod.id,
        title: mod.title,
        summary: mod.summary,
        intro: mod.intro?.source.trim() ?? "",
        lessons: mod.lessons.map((l) => ({ id: l.id, title: l.title, summary: l.summary, minutes: l.minutes, body: l.body.source.trim(), rev: 1 })),
        quiz: {
          id: mod.quiz?.id ?? `${mod.id}-quiz`,
          title: mod.quiz?.title ?? `Kiểm tra: ${mod.title}`,
          questions: (mod.quiz?.questions ?? []).map((q) => ({ ...q, options: q.options.map((o) => ({ ...o })) })),
        },
      }),
    ),
  };
}
