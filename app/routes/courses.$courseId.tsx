// A course: its modules and lessons with completion ticks, quiz results,
// time left, and "Tiếp tục học". Links into lessons and quizzes reload the
// document: those pages ship no JavaScript and must not be rendered client-side.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { notFound, requireUser } from "~/auth/auth.server";
import { can } from "~/auth/permissions.server";
import { Notice } from "~/components/form";
import { ProgressBar } from "~/components/progress-bar";
import { contentStylesheet } from "~/content/stylesheet";
import { useT } from "~/hooks";
import { formatDate } from "~/lib/dates";
import { formatMinutes } from "~/lib/duration";
import { titled } from "~/lib/meta";
import { courseProgress, enrol, getEnrolment, getLessonHtml, getPublishedCourse, resumeTarget, summarise } from "~/models/learning.server";

export const meta = titled("course.modules");
// The introduction is compiled lesson content.
export const links = () => [contentStylesheet];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const published = await getPublishedCourse(params.courseId ?? "");
  if (!published) notFound();
  const { course, version } = published;
  const personId = user.account.personId;
  const [enrolment, progress, intro] = await Promise.all([
    personId ? getEnrolment(personId, course.id) : Promise.resolve(null),
    personId ? courseProgress(personId, course.id) : Promise.resolve(null),
    version.tree.intro ? getLessonHtml(version.tree.intro) : Promise.resolve(null),
  ]);
  const done = progress?.done ?? new Set<string>();
  const passed = progress?.passed ?? new Set<string>();
  const summary = summarise(version.tree, done, passed);
  return {
    course: { id: course.id, title: course.title, hours: course.hours, passMark: course.passMark, maxAttempts: course.maxAttempts, validityMonths: course.validityMonths, selfEnroll: course.selfEnroll },
    intro,
    enrolled: !!enrolment,
    canEnrol: !!personId && course.selfEnroll,
    canAssign: can(user, "people:write"),
    justEnrolled: new URL(request.url).searchParams.has("enrolled"),
    summary,
    resume: resumeTarget(version.tree, done, passed, enrolment?.lastLessonId ?? null),
    completedOn: progress?.completion ? formatDate(progress.completion.completedOn) : null,
    modules: version.tree.modules.map((m) => ({
      id: m.id,
      title: m.title,
      summary: m.summary,
      quizId: m.quizId,
      quiz: m.quizId ? (progress?.attempts.get(m.quizId) ?? null) : null,
      quizPassed: m.quizId ? passed.has(m.quizId) : false,
      lessons: m.lessons.map((l) => ({ id: l.id, title: l.title, minutes: l.minutes, done: done.has(l.id) })),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const published = await getPublishedCourse(params.courseId ?? "");
  if (!published) notFound();
  if (!user.account.personId || !published.course.selfEnroll) throw new Response("Forbidden", { status: 403 });
  await enrol(user.account.personId, published.course.id, "self", user.account.id);
  return redirect(`/courses/${published.course.id}?enrolled=1`);
}

export default function CoursePage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <p>
        <Link to="/learn">← {t("learn.title")}</Link>
      </p>
      <h1>{d.course.title}</h1>
      {d.justEnrolled ? <Notice kind="success">{t("learn.enrolled")}</Notice> : null}
      {d.completedOn ? <Notice kind="success">{t("course.completed", { date: d.completedOn })}</Notice> : null}
      <p className="muted">
        {t("learn.hours", { hours: d.course.hours })} ·{" "}
        {d.course.validityMonths ? t("learn.validity", { months: d.course.validityMonths }) : t("learn.validityNone")}
      </p>
      {d.enrolled ? (
        <section className="card">
          <ProgressBar percent={d.summary.percent} label={t("learn.progress", { percent: d.summary.percent })} />
          <p className="muted">
            {t("learn.lessonsCount", { done: d.summary.lessonsDone, total: d.summary.lessonsTotal })} ·{" "}
            {t("learn.quizzesCount", { done: d.summary.quizzesPassed, total: d.summary.quizzesTotal })} ·{" "}
            {t("learn.minutesLeft", { time: formatMinutes(t, d.summary.minutesLeft) })}
          </p>
          {d.resume && !d.completedOn ? (
            <Link className="button" reloadDocument to={`/courses/${d.course.id}/${d.resume}`}>
              {d.summary.lessonsDone ? t("learn.continue") : t("learn.start")}
            </Link>
          ) : null}
        </section>
      ) : (
        <section className="card">
          <p>{t("course.notEnrolled")}</p>
          {d.canEnrol ? (
            <Form method="post">
              <button type="submit" className="primary">
                {t("learn.enrol")}
              </button>
            </Form>
          ) : (
            <p className="muted">{t("learn.notSelfEnroll")}</p>
          )}
        </section>
      )}
      {d.canAssign ? (
        <p>
          <Link to={`/courses/${d.course.id}/assign`}>{t("assign.link")}</Link>
        </p>
      ) : null}
      {d.intro ? <div className="course-intro" dangerouslySetInnerHTML={{ __html: d.intro }} /> : null}
      <p className="muted">
        {t("course.passMark", { mark: d.course.passMark })}{" "}
        {d.course.maxAttempts ? t("course.attempts", { n: d.course.maxAttempts }) : t("course.attemptsUnlimited")}
      </p>
      <h2>{t("course.modules")}</h2>
      {d.modules.map((m, i) => (
        <section className="module" key={m.id}>
          <h3>
            {t("course.module", { n: i + 1 })}: {m.title}
          </h3>
          <ul className="lesson-list">
            {m.lessons.map((l) => (
              <li key={l.id}>
                <span className={`tick ${l.done ? "done" : "todo"}`} aria-label={l.done ? t("course.lessonDone") : t("course.lessonTodo")} role="img">
                  {l.done ? "✓" : "○"}
                </span>
                {d.enrolled ? <Link reloadDocument to={`/courses/${d.course.id}/lessons/${l.id}`}>{l.title}</Link> : <span>{l.title}</span>}
                <span className="muted"> · {formatMinutes(t, l.minutes)}</span>
              </li>
            ))}
            {m.quizId ? (
              <li>
                <span className={`tick ${m.quizPassed ? "done" : "todo"}`} aria-hidden="true">
                  {m.quizPassed ? "✓" : "?"}
                </span>
                {d.enrolled ? <Link reloadDocument to={`/courses/${d.course.id}/quizzes/${m.quizId}`}>{t("course.quiz")}</Link> : <span>{t("course.quiz")}</span>}
                <span className="muted">
                  {" · "}
                  {m.quizPassed && m.quiz
                    ? t("course.quizPassed", { score: m.quiz.best })
                    : m.quiz
                      ? t("course.quizBest", { score: m.quiz.best })
                      : t("course.quizTodo")}
                </span>
              </li>
            ) : null}
          </ul>
        </section>
      ))}
    </>
  );
}
