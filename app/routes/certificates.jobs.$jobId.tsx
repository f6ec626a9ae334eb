// A bulk download's progress and, when ready, its file. Without JavaScript
// the "Tải lại" link refreshes it (no meta refresh: a page that reloads on
// its own is an accessibility failure); with JavaScript the data is
// revalidated every few seconds while the job runs. Visible to the requester
// and to officers whose scope covers the job's unit; anyone else gets 404.
import { useEffect } from "react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { requirePermission } from "~/auth/auth.server";
import { Notice } from "~/components/form";
import { ProgressBar } from "~/components/progress-bar";
import { useT } from "~/hooks";
import { titled } from "~/lib/meta";
import { formatDate } from "~/lib/dates";
import {
  jobScope,
  KEEP_FILES_DAYS,
  visibleJob,
} from "~/models/certificate-jobs.server";

export const meta = titled("certdocs.job.titleShort");

function formatSize(bytes: number) {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
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
    trainingClass: scope.classTitle ?? null,
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
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 2_000);
    return () => clearInterval(timer);
  }, [active, revalidator]);
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
        {d.trainingClass ? (
          <>
            <dt>{t("certdocs.bulk.class")}</dt>
            <dd>{d.trainingClass}</dd>
          </>
        ) : null}
        <dt>{t("certdocs.job.format")}</dt>
        <dd>{t(`certdocs.bulk.format.${d.format as "zip"}`)}</dd>
        <dt>{t("certdocs.job.requestedAt")}</dt>
        <dd>{d.requestedAt}</dd>
        <dt>{t("certdocs.job.status")}</dt>
        <dd>
          <strong>
            {t(`certdocs.job.status.${d.status}`, { days: d.keepDays })}
          </strong>
        </dd>
      </dl>
      <div aria-live="polite">
        {d.status !== "expired" ? (
          <ProgressBar
            percent={d.status === "done" ? 100 : d.percent}
            label={t("certdocs.job.progress", { done: d.done, total: d.total })}
          />
        ) : null}
      </div>
      {active ? (
        <p>
          {t("certdocs.job.autoRefresh")}{" "}
          <a href={`/certificates/jobs/${d.id}`}>{t("certdocs.job.reload")}</a>
        </p>
      ) : null}
      {d.status === "done" ? (
        <>
          <p>
            <a
              className="button primary"
              href={`/certificates/jobs/${d.id}/download`}
              download
            >
              {t("certdocs.job.download", { size: d.size ?? "" })}
            </a>
          </p>
          <p className="muted">
            {t("certdocs.job.keep", { days: d.keepDays })}
          </p>
        </>
      ) : null}
      {d.status === "failed" ? (
        <Notice kind="error">
          {t(`certdocs.job.error.${d.error ?? "error"}`)}
        </Notice>
      ) : null}
      {d.status === "failed" || d.status === "expired" ? (
        <p>
          <Link to="/certificates/bulk">{t("certdocs.job.again")}</Link>
        </p>
      ) : null}
    </>
  );
}
