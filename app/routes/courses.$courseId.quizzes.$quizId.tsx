// A module quiz. Questions go to the browser without their answer keys; the
// submission is graded on the server and stored exactly once.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requireLearner } from "~/auth/auth.server";
import { Notice } from "~/components/form";
import { QuizQuestionField } from "~/components/quiz-question";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { contentStylesheet } from "~/content/stylesheet";
import { str } from "~/lib/form.server";
import { getEnrolment, getPublishedCourse, getQuiz, openAttempt, publicQuestion, submitAttempt, submittedAttemptCount, type Answers } from "~/models/learning.server";

export const links = () => [contentStylesheet];

// Plain HTML: no JavaScript is sent for this page (see useHydrate in root.tsx).
export const handle = { hydrate: false };
export const meta = () => [{ title: "Bài kiểm tra — Học viện Kỹ năng CTXH" }];

async function quizContext(request: Request, courseId: string | undefined, quizId: string | undefined) {
  const user = await requireLearner(request);
  const published = await getPublishedCourse(courseId ?? "");
  if (!published) notFound();
  const module = published.version.tree.modules.find((m) => m.quizId && m.quizId === quizId);
  if (!module) notFound();
  const quiz = await getQuiz(published.version.id, module.quizId!);
  if (!quiz) notFound();
  if (!(await getEnrolment(user.personId, published.course.id))) throw redirect(`/courses/${published.course.id}`);
  return { user, ...published, module, quiz };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, course, version, module, quiz } = await quizContext(request, params.courseId, params.quizId);
  const used = await submittedAttemptCount(user.personId, course.id, quiz.quizId);
  const limitReached = course.maxAttempts !== null && used >= course.maxAttempts;
  const attempt = limitReached ? null : await openAttempt(user.personId, course.id, version.id, quiz.quizId);
  return {
    course: { id: course.id, title: course.title, passMark: course.passMark },
    module: { title: module.title },
    title: quiz.title,
    nonce: attempt?.nonce ?? null,
    attemptsLeft: course.maxAttempts === null ? null : Math.max(0, course.maxAttempts - used),
    maxAttempts: course.maxAttempts,
    questions: limitReached ? [] : quiz.questions.map(publicQuestion),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course, quiz } = await quizContext(request, params.courseId, params.quizId);
  const t = serverT(request);
  const form = await request.formData();
  const answers: Answers = {};
  for (const [key, value] of form) {
    if (!key.startsWith("q.") || typeof value !== "string") continue;
    (answers[key.slice(2)] ??= []).push(value);
  }
  const result = await submitAttempt(user.personId, course.id, quiz.quizId, str(form, "nonce"), answers, course.maxAttempts, course.passMark);
  if (result.ok) return redirect(`/courses/${course.id}/attempts/${result.attemptId}`);
  const numberOf = (id: string) => String(quiz.questions.findIndex((q) => q.id === id) + 1);
  let message: string;
  if (result.reason === "limit") message = t("quiz.error.limit", { n: course.maxAttempts ?? 0 });
  else if (result.reason === "noAttempt") message = t("quiz.error.noAttempt");
  else {
    const problem = result.problem!;
    const list = problem.questionIds.map(numberOf).join(", ");
    message =
      problem.kind === "unanswered"
        ? t("quiz.error.unanswered", { count: problem.questionIds.length, list })
        : problem.kind === "tooManyChoices"
          ? t("quiz.error.tooManyChoices", { list })
          : t(problem.kind === "unknownQuestion" ? "quiz.error.unknownQuestion" : "quiz.error.unknownOption");
  }
  const missing = result.problem?.kind === "unanswered" ? result.problem.questionIds : [];
  return data({ message, answers, missing }, { status: result.reason === "limit" ? 409 : 400 });
}

export default function Quiz() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const chosen = actionData?.answers ?? {};
  return (
    <>
      <p>
        <Link to={`/courses/${d.course.id}`}>← {d.course.title}</Link>
      </p>
      <h1>{t("quiz.title", { title: d.title })}</h1>
      <p className="muted">{d.module.title}</p>
      {actionData?.message ? <Notice kind="error">{actionData.message}</Notice> : null}
      {d.nonce === null ? (
        <Notice kind="warning">{t("quiz.error.limit", { n: d.maxAttempts ?? 0 })}</Notice>
      ) : (
        <>
          <p>{t("quiz.lead", { mark: d.course.passMark })}</p>
          {d.attemptsLeft !== null ? <p className="muted">{t("quiz.attemptsLeft", { n: d.attemptsLeft })}</p> : null}
          <Form method="post">
            <input type="hidden" name="nonce" value={d.nonce} />
            {d.questions.map((q, i) => (
              <QuizQuestionField key={q.id} question={q} n={i + 1} chosen={chosen[q.id] ?? []} error={actionData?.missing.includes(q.id)} />
            ))}
            <div className="actions">
              <button type="submit" className="primary">
                {t("quiz.submit")}
              </button>
            </div>
          </Form>
        </>
      )}
    </>
  );
}
