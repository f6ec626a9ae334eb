// The module quiz as a form: questions, options, correct answers and
// explanations — no YAML, no code. Works without JavaScript: there is always
// one empty question and empty option slots to fill in; blank ones are ignored.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requireUser } from "~/auth/auth.server";
import { Notice } from "~/components/form";
import { quizFileSchema } from "~/content/schema";
import { viErrorMap } from "~/content/source-file.server";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { str } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { courseAccess, mutateDraft, newId, type DraftQuestion } from "~/models/authoring.server";
import authoringCss from "~/styles/authoring.css?url";

export const meta = titled("studio.quiz");
export const links = () => [{ rel: "stylesheet", href: authoringCss }];

const OPTION_SLOTS = 5;
const MAX_QUESTIONS = 60;

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const user = await requireUser(request);
  const access = params.courseId ? await courseAccess(user, params.courseId) : null;
  const module = access?.authored?.draft.modules.find((m) => m.id === params.moduleId);
  if (!access || !module) notFound();
  return { user, access, module };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { access, module } = await load(request, params);
  return { courseId: access.course.id, canEdit: access.canEdit, moduleTitle: module.title, quiz: module.quiz };
}

/** The quiz as the content checker sees it, for the same messages as content/ gets. */
function quizProblems(quiz: { id: string; title: string; questions: DraftQuestion[] }): string[] {
  const yamlShape = {
    id: quiz.id,
    title: quiz.title,
    questions: quiz.questions.map((q) =>
      q.type === "truefalse"
        ? { id: q.id, type: q.type, text: q.text, answer: q.options.find((o) => o.id === "true")?.correct === true, explanation: q.explanation }
        : { id: q.id, type: q.type, text: q.text, options: q.options.map((o) => (o.correct ? o : { id: o.id, text: o.text })), explanation: q.explanation },
    ),
  };
  const parsed = quizFileSchema.safeParse(yamlShape, { errorMap: viErrorMap });
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => (i.path[0] === "questions" && typeof i.path[1] === "number" ? `Câu ${i.path[1] + 1}: ${i.message}` : i.message));
}

function readQuestions(form: FormData, existing: DraftQuestion[]): DraftQuestion[] {
  const out: DraftQuestion[] = [];
  for (let i = 0; i <= Math.min(existing.length, MAX_QUESTIONS); i++) {
    const p = `q${i}.`;
    const text = str(form, `${p}text`);
    if (form.get(`${p}delete`) === "on") continue;
    const previous = existing[i];
    const type = (["single", "multiple", "truefalse"] as const).find((x) => x === str(form, `${p}type`)) ?? "single";
    // A blank new slot is not a question.
    if (!previous && !text) continue;
    const correct = new Set(form.getAll(`${p}correct`).map(String));
    let options: DraftQuestion["options"];
    if (type === "truefalse") {
      options = [
        { id: "true", text: "Đúng", correct: correct.has("true") },
        { id: "false", text: "Sai", correct: correct.has("false") },
      ];
    } else {
      options = [];
      const used = new Set<string>();
      for (let j = 0; j < OPTION_SLOTS + (previous?.options.length ?? 0); j++) {
        const optText = str(form, `${p}o${j}`);
        if (!optText) continue;
        // Keep an option's id while it stays in its slot (answers are stored by option id).
        const keep = previous?.type !== "truefalse" ? previous?.options[j]?.id : undefined;
        const id = keep && !used.has(keep) ? keep : "abcdefghijklmnopqrstuvwxyz".split("").find((c) => !used.has(c) && !previous?.options.some((o) => o.id === c))!;
        used.add(id);
        options.push({ id, text: optText.slice(0, 500), correct: correct.has(String(j)) });
      }
    }
    out.push({ id: previous?.id ?? newId("c"), type, text: text.slice(0, 1000), options, explanation: str(form, `${p}explanation`).slice(0, 2000) });
  }
  return out;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, access, module } = await load(request, params);
  const t = serverT(request);
  const form = await request.formData();
  let saved: { id: string; title: string; questions: DraftQuestion[] } | null = null;
  const result = await mutateDraft(user, access.course.id, (draft) => {
    const m = draft.modules.find((x) => x.id === module.id);
    if (!m) return t("studio.error.notFound");
    m.quiz.title = str(form, "title").slice(0, 200) || m.quiz.title;
    m.quiz.questions = readQuestions(form, m.quiz.questions);
    saved = m.quiz;
  });
  if (!result.ok) return data({ ok: false, message: result.error, problems: [] as string[] }, { status: 403 });
  // Saved either way (nothing typed is lost); problems are shown now and block publishing later.
  const problems = quizProblems(saved!);
  return { ok: problems.length === 0, message: problems.length ? t("studio.quiz.savedWithProblems") : t("studio.quiz.saved"), problems };
}

export default function QuizEditor() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const slots: (DraftQuestion | null)[] = d.canEdit ? [...d.quiz.questions, null] : d.quiz.questions;
  return (
    <>
      <p>
        <Link to={`/studio/${d.courseId}`}>← {d.moduleTitle}</Link>
      </p>
      <h1>{t("studio.quiz")}</h1>
      <p className="hint">{t("studio.quiz.hint")}</p>
      {result ? (
        <Notice kind={result.ok ? "success" : "warning"}>
          {result.message}
          {result.problems.length ? (
            <ul className="studio-errors">
              {result.problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      <Form method="post" className="stack studio-quiz" key={JSON.stringify(d.quiz)}>
        <div className="field">
          <label htmlFor="title">{t("studio.quiz.title")}</label>
          <input id="title" name="title" defaultValue={d.quiz.title} maxLength={200} disabled={!d.canEdit} />
        </div>
        {slots.map((q, i) => {
          const p = `q${i}.`;
          const optionSlots = q && q.type !== "truefalse" ? [...q.options, ...Array(Math.max(0, OPTION_SLOTS - q.options.length)).fill(null)] : Array(OPTION_SLOTS).fill(null);
          return (
            <fieldset key={q?.id ?? "new"} className="studio-card" disabled={!d.canEdit}>
              <legend>{q ? t("studio.quiz.question", { n: i + 1 }) : t("studio.quiz.newQuestion")}</legend>
              <div className="field">
                <label htmlFor={`${p}type`}>{t("studio.quiz.type")}</label>
                <select id={`${p}type`} name={`${p}type`} defaultValue={q?.type ?? "single"}>
                  <option value="single">{t("studio.quiz.single")}</option>
                  <option value="multiple">{t("studio.quiz.multiple")}</option>
                  <option value="truefalse">{t("studio.quiz.truefalse")}</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${p}text`}>{t("studio.quiz.text")}</label>
                <textarea id={`${p}text`} name={`${p}text`} rows={2} defaultValue={q?.text ?? ""} maxLength={1000} />
              </div>
              <p className="hint">{t("studio.quiz.optionsHint")}</p>
              {q?.type === "truefalse" ? (
                <div className="studio-row">
                  {(["true", "false"] as const).map((v) => (
                    <label key={v} className="check">
                      <input type="checkbox" name={`${p}correct`} value={v} defaultChecked={q.options.find((o) => o.id === v)?.correct} /> {v === "true" ? t("studio.quiz.true") : t("studio.quiz.false")}
                    </label>
                  ))}
                </div>
              ) : (
                optionSlots.map((o: DraftQuestion["options"][number] | null, j: number) => (
                  <div key={j} className="studio-row">
                    <label className="check">
                      <input type="checkbox" name={`${p}correct`} value={String(j)} defaultChecked={o?.correct ?? false} aria-label={t("studio.quiz.correctN", { n: j + 1 })} />
                    </label>
                    <label className="visually-hidden" htmlFor={`${p}o${j}`}>
                      {t("studio.quiz.optionN", { n: j + 1 })}
                    </label>
                    <input id={`${p}o${j}`} name={`${p}o${j}`} defaultValue={o?.text ?? ""} placeholder={t("studio.quiz.optionN", { n: j + 1 })} maxLength={500} className="grow" />
                  </div>
                ))
              )}
              <div className="field">
                <label htmlFor={`${p}explanation`}>{t("studio.quiz.explanation")}</label>
                <textarea id={`${p}explanation`} name={`${p}explanation`} rows={2} defaultValue={q?.explanation ?? ""} maxLength={2000} />
              </div>
              {q ? (
                <label className="check">
                  <input type="checkbox" name={`${p}delete`} /> {t("studio.quiz.delete")}
                </label>
              ) : null}
            </fieldset>
          );
        })}
        {d.canEdit ? (
          <div className="actions">
            <button type="submit" className="primary">
              {t("common.save")}
            </button>
          </div>
        ) : null}
      </Form>
    </>
  );
}
