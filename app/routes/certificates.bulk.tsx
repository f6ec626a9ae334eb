// Officers and trainers ask for the certificates of a province, commune or
// class of a course as one ZIP or one printable PDF. The request only queues
// a job (returns at once); the job page shows progress and the file.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, asc, eq, isNull } from "drizzle-orm";
import { notFound, requirePermission } from "~/auth/auth.server";
import { can, scopeCondition, scopesFor } from "~/auth/permissions.server";
import { Notice, SelectField } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { db } from "~/db.server";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { formatDate } from "~/lib/dates";
import { intId, str } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { classesForBulk, countBulkCertificates } from "~/models/certificate-docs.server";
import { publicBase } from "~/models/public-address.server";
import { activeJobsOf, createCertificateJob, MAX_ACTIVE_JOBS_PER_USER, recentJobsOf, jobScope } from "~/models/certificate-jobs.server";
import { getPublishedCourse, listCatalogue } from "~/models/learning.server";
import { communesInScope } from "~/models/scope.server";
import { adminUnits } from "../../db/schema";

export const meta = titled("certdocs.bulk.title");

async function provincesInScope(user: Parameters<typeof scopeCondition>[0]) {
  return db
    .select({ id: adminUnits.id, fullName: adminUnits.fullName })
    .from(adminUnits)
    .where(and(eq(adminUnits.level, "province"), isNull(adminUnits.mergedIntoId), scopeCondition(user, "certificates:issue", adminUnits.path)))
    .orderBy(asc(adminUnits.code));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "certificates:issue");
  const [provinces, communes, catalogue, jobs, classes] = await Promise.all([
    provincesInScope(user),
    communesInScope(scopesFor(user, "certificates:issue")),
    listCatalogue(),
    recentJobsOf(user.account.id),
    classesForBulk(user),
  ]);
  const url = new URL(request.url);
  return {
    units: [...provinces, ...communes].map((u) => ({ value: String(u.id), label: u.fullName })),
    courses: catalogue.map((c) => ({ value: c.id, label: c.title })),
    classes: classes.map((c) => ({ value: String(c.id), label: `${c.title} (${formatDate(c.startsOn)})` })),
    defaults: { unit: url.searchParams.get("unit") ?? "", course: url.searchParams.get("course") ?? "", class: url.searchParams.get("class") ?? "" },
    jobs: jobs.map((j) => {
      const scope = jobScope(j);
      return { id: j.id, unit: scope.unitName, course: [scope.courseTitle, scope.classTitle].filter(Boolean).join(" — "), format: j.format, status: j.status, done: j.done, total: j.total, at: formatDate(j.createdAt) };
    }),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "certificates:issue");
  const t = serverT(request);
  const form = await request.formData();
  const values = { unit: str(form, "unit"), course: str(form, "course"), class: str(form, "class"), format: form.get("format") === "pdf" ? "pdf" : "zip" } as const;
  const fail = (message: string, errors: Record<string, string> = {}) => data({ message, errors, values }, { status: 400 });
  const unitId = intId(values.unit);
  if (!unitId) return fail(t("certdocs.bulk.unitRequired"), { unit: t("certdocs.bulk.unitRequired") });
  const [unit] = await db.select().from(adminUnits).where(eq(adminUnits.id, unitId));
  // A unit outside the caller's scope does not exist for them.
  if (!unit || unit.level === "district" || !can(user, "certificates:issue", unit.path)) notFound();
  const course = values.course ? await getPublishedCourse(values.course) : null;
  if (values.course && !course) return fail(t("validation.choice", { field: t("certdocs.bulk.course").toLowerCase() }), { course: t("validation.choice", { field: t("certdocs.bulk.course").toLowerCase() }) });
  const classId = intId(values.class);
  const [trainingClass] = classId ? await classesForBulk(user, classId) : [];
  // A class the caller cannot see does not exist for them either.
  if (values.class && !trainingClass) notFound();
  const active = await activeJobsOf(user.account.id);
  if (active >= MAX_ACTIVE_JOBS_PER_USER) return fail(t("certdocs.bulk.tooMany", { count: active }));
  const total = await countBulkCertificates({ unitPath: unit.path, courseId: course?.course.id ?? null, classId: trainingClass?.id ?? null });
  if (!total) return fail(t("certdocs.bulk.none"));
  const job = await createCertificateJob({
    requestedBy: user.account.id,
    format: values.format,
    total,
    scope: {
      unitId: unit.id,
      unitPath: unit.path,
      unitName: unit.fullName,
      unitCode: unit.code,
      courseId: course?.course.id ?? null,
      courseTitle: course?.course.title ?? null,
      classId: trainingClass?.id ?? null,
      classTitle: trainingClass?.title ?? null,
      origin: (await publicBase()) ?? "",
    },
    ip: (context as { ip?: string }).ip,
  });
  return redirect(`/certificates/jobs/${job.id}`);
}

export default function BulkDownload() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const values = actionData?.values;
  return (
    <>
      <p>
        <Link to="/certificates">← {t("certs.title")}</Link>
      </p>
      <h1>{t("certdocs.bulk.title")}</h1>
      <p>{t("certdocs.bulk.lead")}</p>
      {actionData ? <Notice kind="error">{actionData.message}</Notice> : null}
      <Form method="post" className="stack">
        <SelectField name="unit" label={t("certdocs.bulk.unit")} hint={t("certdocs.bulk.unitHint")} options={d.units} defaultValue={values?.unit ?? d.defaults.unit} error={errors.unit} required />
        <SelectField
          name="course"
          label={t("certdocs.bulk.course")}
          placeholder={t("certdocs.bulk.allCourses")}
          options={d.courses}
          defaultValue={values?.course ?? d.defaults.course}
          error={errors.course}
        />
        {d.classes.length ? (
          <SelectField
            name="class"
            label={t("certdocs.bulk.class")}
            hint={t("certdocs.bulk.classHint")}
            placeholder={t("certdocs.bulk.anyClass")}
            options={d.classes}
            defaultValue={values?.class ?? d.defaults.class}
          />
        ) : null}
        <fieldset>
          <legend>{t("certdocs.bulk.format")}</legend>
          {(["zip", "pdf"] as const).map((f) => (
            <label key={f} className="checkbox">
              <input type="radio" name="format" value={f} defaultChecked={(values?.format ?? "zip") === f} /> {t(`certdocs.bulk.format.${f}`)}
            </label>
          ))}
        </fieldset>
        <div className="actions">
          <button type="submit" className="primary">
            {t("certdocs.bulk.submit")}
          </button>
        </div>
      </Form>
      <h2>{t("certdocs.bulk.mine")}</h2>
      {d.jobs.length === 0 ? <p>{t("certdocs.bulk.empty")}</p> : null}
      {d.jobs.length ? (
        <TableWrap label={t("certdocs.bulk.mine")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("certdocs.job.requestedAt")}</th>
                <th scope="col">{t("certdocs.job.scope")}</th>
                <th scope="col">{t("certdocs.job.format")}</th>
                <th scope="col">{t("certdocs.job.status")}</th>
              </tr>
            </thead>
            <tbody>
              {d.jobs.map((j) => (
                <tr key={j.id}>
                  <td>
                    <Link to={`/certificates/jobs/${j.id}`}>
                      #{j.id} · {j.at}
                    </Link>
                  </td>
                  <td>
                    {j.unit}
                    {j.course ? (
                      <>
                        <br />
                        <span className="muted">{j.course}</span>
                      </>
                    ) : null}
                  </td>
                  <td>{j.format.toUpperCase()}</td>
                  <td>
                    {t(`certdocs.job.status.${j.status as "queued"}`, { days: 7 })} · {t("certdocs.job.progress", { done: j.done, total: j.total })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </>
  );
}
