// Public verification page (the QR code's target): the whole record, not
// just "valid", so an edited paper certificate is caught by comparison.
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, Link, useLoaderData, useRouteError } from "@remix-run/react";
import { Notice } from "~/components/form";
import { useT } from "~/hooks";
import { formatDate } from "~/lib/dates";
import { titled } from "~/lib/meta";
import { rateLimited } from "~/lib/rate-limit.server";
import { certificateState, getCertificateBySerial } from "~/models/certificates.server";
import { db } from "~/db.server";
import { certificates } from "../../db/schema";
import { eq } from "drizzle-orm";

export const meta = titled("verify.title");
// Plain HTML: it is opened from a QR code on any phone.
export const handle = { hydrate: false };

export async function loader({ params, context }: LoaderFunctionArgs) {
  const ip = (context as { ip?: string }).ip ?? "unknown";
  if (rateLimited(`verify:${ip}`, 60, 60_000)) throw new Response("Too Many Requests", { status: 429 });
  const serial = (params.serial ?? "").trim().toUpperCase();
  const found = /^[A-Z0-9-]{3,40}$/.test(serial) ? await getCertificateBySerial(serial) : null;
  if (!found) throw data({ serial }, { status: 404 });
  const { certificate: c, body } = found;
  const replaced = c.replacesId ? (await db.select({ serial: certificates.serial }).from(certificates).where(eq(certificates.id, c.replacesId)))[0] : undefined;
  return {
    serial: c.serial,
    registerNumber: c.registerNumber,
    state: certificateState(c),
    holderName: c.holderName,
    // Only the year: enough to tell two namesakes apart, not enough to misuse.
    birthDate: c.holderBirthDate ? `**/**/${c.holderBirthDate.slice(0, 4)}` : null,
    courseTitle: c.courseTitle,
    hours: c.hours,
    completedOn: formatDate(c.completedOn),
    issuedOn: formatDate(c.issuedOn),
    validUntil: c.validUntil ? formatDate(c.validUntil) : null,
    revokedAt: c.revokedAt ? formatDate(c.revokedAt) : null,
    revokedReason: c.revokedReason,
    issuer: [body.parentName, body.name].filter(Boolean).join(" — "),
    signer: body.signerName ? `${body.signerTitle} ${body.signerName}` : body.signerTitle,
    replaces: replaced?.serial ?? null,
    hasCredential: !!c.credential,
  };
}

export default function VerifyCertificate() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const status =
    d.state === "revoked"
      ? t("verify.status.revoked", { date: d.revokedAt ?? "" })
      : d.state === "expired"
        ? t("verify.status.expired", { date: d.validUntil ?? "" })
        : t("verify.status.valid");
  return (
    <>
      <h1>{t("verify.title")}</h1>
      <Notice kind={d.state === "valid" ? "success" : d.state === "expired" ? "warning" : "error"}>
        <strong>
          {t("verify.status")}: {status}
        </strong>
      </Notice>
      <section className="card">
        <dl className="facts">
          <dt>{t("verify.serial")}</dt>
          <dd>{d.serial}</dd>
          <dt>{t("verify.register")}</dt>
          <dd>{d.registerNumber}</dd>
          <dt>{t("verify.holder")}</dt>
          <dd>
            <strong>{d.holderName}</strong>
          </dd>
          <dt>{t("verify.birthDate")}</dt>
          <dd>{d.birthDate ?? "—"}</dd>
          <dt>{t("verify.course")}</dt>
          <dd>{d.courseTitle}</dd>
          <dt>{t("verify.hours")}</dt>
          <dd>{t("verify.hoursValue", { hours: d.hours })}</dd>
          <dt>{t("verify.completedOn")}</dt>
          <dd>{d.completedOn}</dd>
          <dt>{t("verify.issuedOn")}</dt>
          <dd>{d.issuedOn}</dd>
          <dt>{t("verify.validUntil")}</dt>
          <dd>{d.validUntil ?? t("verify.noExpiry")}</dd>
          <dt>{t("verify.issuer")}</dt>
          <dd>{d.issuer}</dd>
          <dt>{t("verify.signer")}</dt>
          <dd>{d.signer}</dd>
          {d.revokedReason ? (
            <>
              <dt>{t("verify.reason")}</dt>
              <dd>{d.revokedReason}</dd>
            </>
          ) : null}
        </dl>
        {d.replaces ? <p>{t("verify.replaces", { serial: d.replaces })}</p> : null}
      </section>
      <p className="muted">{t("verify.compare")}</p>
      {d.hasCredential ? (
        <p>
          <a href={`/verify/${d.serial}/credential.json`} download>
            {t("verify.credential")}
          </a>
        </p>
      ) : null}
      <p>
        <Link to="/verify">{t("verify.title")}</Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error) && error.status === 404) {
    const serial = (error.data as { serial?: string } | null)?.serial ?? "";
    return (
      <div className="error-page">
        <p className="error-code">404</p>
        <h1>{t("verify.notFound.title")}</h1>
        <p>{t("verify.notFound.body", { serial })}</p>
        <p>
          <Link to="/verify">{t("verify.title")}</Link>
        </p>
      </div>
    );
  }
  throw error;
}
