// The result of a submitted attempt: score, which answers were right, and
// the explanations — shown only after submitting.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { notFound, requireLearner } from "~/auth/auth.server";
import { Notice } from "~/components/form";
import { useT } from "~/hooks";
import { contentStylesheet } from "~/content/stylesheet";
import { intId } from "~/lib/form.server";
import { courseProgress, getAttempt, getEnrolment, getPublishedCourse, getQuiz, resumeTarget } from "~/models/learning.server";

export const links = () => [contentStylesheet];

// Plain HTML: no JavaScript is sent for this page (see useHydrate in root.tsx).
export const handle = { hydrate: false };
export const meta = () => [{ title: "Kết quả bài kiểm tra — Học viện Kỹ năng CTXH" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireLearner(request);
  const id = intId(params.attemptId);
  const attempt = id ? await getAttempt(user.personId, id) : null;
  if (!attempt || attempt.courseId !== params.courseId || !attempt.submittedAt) notFound();
  const [published, quiz, progress, enrolment] = await Promise.all([
    getPublishedCourse(attempt.courseId),
    getQuiz(attempt.versionId, attempt.quizId),
    courseProgress(user.personId, attempt.courseId),
    getEnrolment(user.personId, attempt.courseId),
  ]);
  if (!published || !quiz) notFound();
  const { course } = published;
  const completion = progress.completion;
  const next = resumeTarget(published.version.tree, progress.done, progress.passed, enrolment?.lastLessonId ?? null);
  const answers = attempt.answers ?? {};
  return {
    course: { id: course.id, title: course.title, passMark: course.passMark },
    quizId: quiz.quizId,
    title: quiz.title,
    score: attempt.score ?? 0,
    correct: attempt.correct ?? 0,
    total: attempt.total ?? 0,
    passed: !!attempt.passed,
    courseCompleted: !!completion,
    next: attempt.passed && !completion ? next : null,
    questions: quiz.questions.map((q) => {
      const mine = new Set(answers[q.id] ?? []);
      const right = q.options.filter((o) => o.correct).map((o) => o.id);
      const isRight = mine.size === right.length && right.every((r) => mine.has(r));
      return {
        id: q.id,
        type: q.type,
        text: q.text,
        right: isRight,
        mine: q.options.filter((o) => mine.has(o.id)).map((o) => ({ id: o.id, text: o.text })),
        correct: q.options.filter((o) => o.correct).map((o) => ({ id: o.id, text: o.text })),
        explanation: q.explanation,
      };
    }),
  };
}

export default function AttemptResult() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const label = (type: string, o: { id: string; text: string }) => (type === "truefalse" ? (o.id === "true" ? t("quiz.true") : t("quiz.false")) : o.text);
  return (
    <>
      <p>
        <Link to={`/courses/${d.course.id}`}>← {d.course.title}</Link>
      </p>
      <h1>{t("quiz.result.title", { title: d.title })}</h1>
      <Notice kind={d.passed ? "success" : "warning"}>
        {d.passed
          ? t("quiz.result.passed", { correct: d.correct, total: d.total, score: d.score })
          : t("quiz.result.failed", { correct: d.correct, total: d.total, score: d.score, mark: d.course.passMark })}
      </Notice>
      {d.courseCompleted ? <Notice kind="success">{t("quiz.result.courseCompleted")}</Notice> : null}
      {d.questions.map((q, i) => (
        <section key={q.id} className={`question ${q.right ? "result-right" : "result-wrong"}`}>
          <h2 style={{ fontSize: "1.05rem" }}>
            {t("quiz.question", { n: i + 1 })} — {q.right ? t("quiz.result.right") : t("quiz.result.wrong")}
          </h2>
          <p>{q.text}</p>
          <p>
            <strong>{t("quiz.result.yourAnswer")}:</strong> {q.mine.map((o) => label(q.type, o)).join("; ") || "—"}
          </p>
          <p>
            <strong>{t("quiz.result.correctAnswer")}:</strong> {q.correct.map((o) => label(q.type, o)).join("; ")}
          </p>
          <p>
            <strong>{t("quiz.result.explanation")}:</strong> {q.explanation}
          </p>
        </section>
      ))}
      <p className="actions">
        {!d.passed ? (
          <Link className="button" to={`/courses/${d.course.id}/quizzes/${d.quizId}`}>
            {t("quiz.result.retry")}
          </Link>
        ) : null}
        {d.next ? (
          <Link className="button" to={`/courses/${d.course.id}/${d.next}`}>
            {t("learn.continue")}
          </Link>
        ) : null}
        <Link to={`/courses/${d.course.id}`}>{t("quiz.result.backToCourse")}</Link>
      </p>
    </>
  );
}
