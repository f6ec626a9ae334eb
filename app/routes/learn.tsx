// "Khóa học của tôi": enrolled courses with progress, then the catalogue.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/auth.server";
import { Notice } from "~/components/form";
import { ProgressBar } from "~/components/progress-bar";
import { useT } from "~/hooks";
import { formatDate } from "~/lib/dates";
import { formatMinutes } from "~/lib/duration";
import { str } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { certificateState, certificatesOfPerson } from "~/models/certificates.server";
import { allLessons, enrol, getCourse, listCatalogue, myCourses } from "~/models/learning.server";

export const meta = titled("learn.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const personId = user.account.personId;
  const [mine, catalogue, certs] = await Promise.all([
    personId ? myCourses(personId) : Promise.resolve([]),
    listCatalogue(),
    personId ? certificatesOfPerson(personId) : Promise.resolve([]),
  ]);
  const enrolled = new Set(mine.map((c) => c.courseId));
  return {
    hasPerson: !!personId,
    certificates: certs.map((c) => ({ id: c.id, serial: c.serial, course: c.courseTitle, issuedOn: formatDate(c.issuedOn), state: certificateState(c), validUntil: c.validUntil ? formatDate(c.validUntil) : null, revokedAt: c.revokedAt ? formatDate(c.revokedAt) : null })),
    mine: mine.map((c) => ({
      id: c.courseId,
      title: c.title,
      percent: c.percent,
      minutesLeft: c.minutesLeft,
      resume: c.resume,
      started: c.lessonsDone > 0 || c.quizzesPassed > 0,
      completedOn: c.completedOn ? formatDate(c.completedOn) : null,
    })),
    catalogue: catalogue
      .filter((c) => !enrolled.has(c.id))
      .map((c) => ({ id: c.id, title: c.title, summary: c.summary, hours: c.hours, selfEnroll: c.selfEnroll, lessons: allLessons(c.tree).length })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const courseId = str(await request.formData(), "courseId");
  const course = await getCourse(courseId);
  if (!course || course.status !== "published") throw new Response("Not Found", { status: 404 });
  if (!user.account.personId || !course.selfEnroll) return data({ error: "learn.notSelfEnroll" as const }, { status: 403 });
  await enrol(user.account.personId, course.id, "self", user.account.id);
  return redirect(`/courses/${course.id}?enrolled=1`);
}

export default function Learn() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("learn.title")}</h1>
      {!d.hasPerson ? <Notice kind="info">{t("learn.noPerson")}</Notice> : null}
      {d.hasPerson && d.mine.length === 0 ? <p>{t("learn.empty")}</p> : null}
      <div className="cards">
        {d.mine.map((c) => (
          <section className="card" key={c.id}>
            <h2>
              <Link to={`/courses/${c.id}`}>{c.title}</Link>
            </h2>
            <ProgressBar percent={c.percent} label={t("learn.progress", { percent: c.percent })} />
            {c.completedOn ? (
              <p>{t("learn.completedOn", { date: c.completedOn })}</p>
            ) : (
              <>
                <p className="muted">{t("learn.minutesLeft", { time: formatMinutes(t, c.minutesLeft) })}</p>
                <Link className="button" reloadDocument={!!c.resume} to={c.resume ? `/courses/${c.id}/${c.resume}` : `/courses/${c.id}`}>
                  {c.started ? t("learn.continue") : t("learn.start")}
                </Link>
              </>
            )}
          </section>
        ))}
      </div>
      {d.certificates.length ? (
        <section>
          <h2>{t("learn.certificates")}</h2>
          <ul className="lesson-list">
            {d.certificates.map((c) => (
              <li key={c.serial}>
                <span>
                  <strong>{c.course}</strong> — {c.serial} · {c.issuedOn} ·{" "}
                  {c.state === "revoked"
                    ? t("verify.status.revoked", { date: c.revokedAt ?? "" })
                    : c.state === "expired"
                      ? t("verify.status.expired", { date: c.validUntil ?? "" })
                      : t("verify.status.valid")}{" "}
                  · <Link to={`/verify/${c.serial}`}>{t("learn.certificate.view")}</Link>
                  ·{" "}
                  <Link reloadDocument to={`/certificates/${c.id}/pdf`} aria-label={t("certdocs.pdf.downloadLabel", { serial: c.serial })}>
                    {t("certdocs.pdf.download")}
                  </Link>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {d.catalogue.length ? (
        <>
          <h2>{t("learn.catalogue")}</h2>
          <div className="cards">
            {d.catalogue.map((c) => (
              <section className="card" key={c.id}>
                <h3>
                  <Link to={`/courses/${c.id}`}>{c.title}</Link>
                </h3>
                <p>{c.summary}</p>
                <p className="muted">{t("learn.hours", { hours: c.hours })}</p>
                {d.hasPerson && c.selfEnroll ? (
                  <Form method="post">
                    <input type="hidden" name="courseId" value={c.id} />
                    <button type="submit" className="primary">
                      {t("learn.enrol")}
                    </button>
                  </Form>
                ) : null}
              </section>
            ))}
          </div>
        </>
      ) : null}
    </>
  );
}
