// A lesson: server-rendered HTML compiled ahead of time, readable on a
// 360-px phone without JavaScript; "Hoàn thành bài học" is a plain form.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { notFound, requireLearner } from "~/auth/auth.server";
import { useT } from "~/hooks";
import { contentStylesheet } from "~/content/stylesheet";
import { completeLesson, courseProgress, findLesson, getEnrolment, getLessonHtml, getPublishedCourse, isLessonDone, touchLesson } from "~/models/learning.server";

export const links = () => [contentStylesheet];

// Plain HTML: no JavaScript is sent for this page (see useHydrate in root.tsx).
export const handle = { hydrate: false };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.lesson.title} — ${data.course.title}` : "Học viện Kỹ năng CTXH" }];

async function lessonContext(request: Request, courseId: string | undefined, lessonId: string | undefined) {
  const user = await requireLearner(request);
  const published = await getPublishedCourse(courseId ?? "");
  if (!published) notFound();
  const found = findLesson(published.version.tree, lessonId ?? "");
  if (!found) notFound();
  const enrolment = await getEnrolment(user.personId, published.course.id);
  if (!enrolment) throw redirect(`/courses/${published.course.id}`);
  return { user, ...published, found, enrolment };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, course, version, found, enrolment } = await lessonContext(request, params.courseId, params.lessonId);
  const [html, done] = await Promise.all([
    getLessonHtml(found.lesson.hash),
    isLessonDone(user.personId, course.id, found.lesson.id),
    // Remember where "Tiếp tục học" resumes (a write only when the lesson changes).
    enrolment.lastLessonId !== found.lesson.id ? touchLesson(user.personId, course.id, found.lesson.id) : null,
  ]);
  if (html === null) notFound();
  const module = version.tree.modules.find((m) => m.id === found.lesson.moduleId)!;
  const lastOfModule = module.lessons[module.lessons.length - 1]?.id === found.lesson.id;
  return {
    course: { id: course.id, title: course.title },
    lesson: { id: found.lesson.id, title: found.lesson.title, minutes: found.lesson.minutes, done },
    html,
    position: { n: found.index + 1, total: found.count },
    previous: found.previous ? { id: found.previous.id, title: found.previous.title } : null,
    next: found.next ? { id: found.next.id, title: found.next.title } : null,
    quizId: lastOfModule ? module.quizId : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course, version, found } = await lessonContext(request, params.courseId, params.lessonId);
  await completeLesson(user.personId, course.id, found.lesson.id);
  const module = version.tree.modules.find((m) => m.id === found.lesson.moduleId)!;
  const lastOfModule = module.lessons[module.lessons.length - 1]?.id === found.lesson.id;
  if (lastOfModule && module.quizId) {
    const progress = await courseProgress(user.personId, course.id);
    if (!progress.passed.has(module.quizId)) return redirect(`/courses/${course.id}/quizzes/${module.quizId}`);
  }
  return redirect(found.next ? `/courses/${course.id}/lessons/${found.next.id}` : `/courses/${course.id}`);
}

export default function Lesson() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="lesson">
      <p>
        <Link to={`/courses/${d.course.id}`}>← {d.course.title}</Link>
      </p>
      <p className="muted">
        {t("lesson.position", { n: d.position.n, total: d.position.total })} · {t("lesson.minutes", { m: d.lesson.minutes })}
      </p>
      <h1>{d.lesson.title}</h1>
      <article dangerouslySetInnerHTML={{ __html: d.html }} />
      <Form method="post" className="actions">
        {d.lesson.done ? <p className="notice success">{t("lesson.completed")}</p> : null}
        <button type="submit" className={d.lesson.done ? "secondary" : "primary"}>
          {d.lesson.done ? (d.quizId ? t("lesson.takeQuiz") : t("lesson.next")) : t("lesson.complete")}
        </button>
      </Form>
      <nav className="lesson-nav" aria-label={d.course.title}>
        {d.previous ? <Link to={`/courses/${d.course.id}/lessons/${d.previous.id}`}>← {t("lesson.previous")}</Link> : <span />}
        {d.quizId ? (
          // The lesson's <Quiz /> component links here.
          <Link id="module-quiz" to={`/courses/${d.course.id}/quizzes/${d.quizId}`}>
            {t("lesson.takeQuiz")}
          </Link>
        ) : null}
        {d.next ? <Link to={`/courses/${d.course.id}/lessons/${d.next.id}`}>{t("lesson.next")} →</Link> : <Link to={`/courses/${d.course.id}`}>{t("lesson.backToCourse")}</Link>}
      </nav>
    </div>
  );
}
