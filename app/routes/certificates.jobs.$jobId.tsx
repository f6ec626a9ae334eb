// A bulk download's progress and, when ready, its file. Works without
// JavaScript: the page reloads itself (meta refresh) while the job runs, and
// has a "Tải lại" link. Visible to the requester and to officers whose scope
// covers the job's unit; anyone else gets 404.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/auth.server";
import { Notice } from "~/components/form";
import { ProgressBar } from "~/components/progress-bar";
import { useT } from "~/hooks";
import { isLocale, translate } from "~/i18n";
import { formatDate } from "~/lib/dates";
import { jobScope, KEEP_FILES_DAYS, visibleJob } from "~/models/certificate-jobs.server";

export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const rootData = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  const locale = isLocale(rootData?.locale) ? rootData.locale : "vi";
  const tags: ReturnType<MetaFunction> = [{ title: `${translate(locale, "certdocs.job.titleShort")} — ${translate(locale, "app.name")}` }];
  if (data && (data.status === "queued" || data.status === "running")) tags.push({ httpEquiv: "refresh", content: "3" });
  return tags;
};

function formatSize(bytes: number) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "certificates:issue");
  const job = await visibleJob(user, params.jobId);
  const scope = jobScope(job);
  return {
    id: job.id,
    status: job.status as "queued" | "running" | "done" | "failed" | "expired",
    done: job.done,
    total: job.total,
    percent: job.total ? Math.round((job.done / job.total) * 100) : 0,
    unit: scope.unitName,
    course: scope.courseTitle,
    format: job.format,
    requestedAt: formatDate(job.createdAt),
    error: job.error as "empty" | "interrupted" | "error" | null,
    size: job.fileSize ? formatSize(job.fileSize) : null,
    keepDays: KEEP_FILES_DAYS,
  };
}

export default function CertificateJob() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const active = d.status === "queued" || d.status === "running";
  return (
    <>
      <p>
        <Link to="/certificates/bulk">← {t("certdocs.bulk.title")}</Link>
      </p>
      <h1>{t("certdocs.job.title", { id: d.id })}</h1>
      <dl className="facts">
        <dt>{t("certdocs.job.scope")}</dt>
        <dd>{d.unit}</dd>
        <dt>{t("certdocs.job.course")}</dt>
        <dd>{d.course ?? t("certdocs.bulk.allCourses")}</dd>
        <dt>{t("certdocs.job.format")}</dt>
        <dd>{t(`certdocs.bulk.format.${d.format as "zip"}`)}</dd>
        <dt>{t("certdocs.job.requestedAt")}</dt>
        <dd>{d.requestedAt}</dd>
        <dt>{t("certdocs.job.status")}</dt>
        <dd>
          <strong>{t(`certdocs.job.status.${d.status}`, { days: d.keepDays })}</strong>
        </dd>
      </dl>
      {d.status !== "expired" ? <ProgressBar percent={d.status === "done" ? 100 : d.percent} label={t("certdocs.job.progress", { done: d.done, total: d.total })} /> : null}
      {active ? (
        <p>
          {t("certdocs.job.autoRefresh")}{" "}
          <a href={`/certificates/jobs/${d.id}`}>{t("certdocs.job.reload")}</a>
        </p>
      ) : null}
      {d.status === "done" ? (
        <>
          <p>
            <a className="button primary" href={`/certificates/jobs/${d.id}/download`} download>
              {t("certdocs.job.download", { size: d.size ?? "" })}
            </a>
          </p>
          <p className="muted">{t("certdocs.job.keep", { days: d.keepDays })}</p>
        </>
      ) : null}
      {d.status === "failed" ? <Notice kind="error">{t(`certdocs.job.error.${d.error ?? "error"}`)}</Notice> : null}
      {d.status === "failed" || d.status === "expired" ? (
        <p>
          <Link to="/certificates/bulk">{t("certdocs.job.again")}</Link>
        </p>
      ) : null}
    </>
  );
}

