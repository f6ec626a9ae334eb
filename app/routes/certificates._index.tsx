// Officers and trainers: certificates of the people in their scope; province
// officers revoke (with a reason) and reissue.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requirePermission } from "~/auth/auth.server";
import { can, scopeCondition } from "~/auth/permissions.server";
import { Notice } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { formatDate } from "~/lib/dates";
import { intId, str } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { certificateState, certificatesInScope, getCertificateWithPath, issueCertificate, revokeCertificate } from "~/models/certificates.server";
import { adminUnits } from "../../db/schema";

export const meta = titled("certs.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "certificates:issue");
  const rows = await certificatesInScope(scopeCondition(user, "certificates:issue", adminUnits.path));
  return {
    canRevoke: can(user, "certificates:revoke"),
    canSettings: can(user, "certificates:settings"),
    rows: rows.map(({ certificate: c, communeName, communePath }) => ({
      id: c.id,
      serial: c.serial,
      holder: c.holderName,
      commune: communeName,
      course: c.courseTitle,
      issuedOn: formatDate(c.issuedOn),
      state: certificateState(c),
      canRevoke: can(user, "certificates:revoke", communePath),
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "certificates:revoke");
  const t = serverT(request);
  const form = await request.formData();
  const id = intId(form.get("certificateId"));
  const row = id ? await getCertificateWithPath(id) : null;
  if (!row || !can(user, "certificates:revoke", row.communePath)) notFound();
  const ip = (context as { ip?: string }).ip;
  if (form.get("intent") === "reissue") {
    const fresh = await issueCertificate(row.certificate.completionId, { kind: "reissue", replacesId: row.certificate.id, issuedBy: user.account.id, ip });
    return { ok: true, message: t("certs.reissue.done", { serial: fresh.serial }) };
  }
  const reason = str(form, "reason");
  if (!reason) return data({ ok: false, message: t("certs.revoke.reasonRequired") }, { status: 400 });
  const result = await revokeCertificate(row.certificate.id, reason.slice(0, 500), { id: user.account.id, ip });
  if (!result.ok) return { ok: true, message: t("certs.revoke.already", { serial: row.certificate.serial }) };
  return { ok: true, message: t("certs.revoke.done", { serial: row.certificate.serial }) };
}

export default function Certificates() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("certs.title")}</h1>
      <p>{t("certs.lead")}</p>
      <p>
        <Link className="button" to="/certificates/record">
          {t("certs.record")}
        </Link>{" "}
        <Link className="button secondary" to="/certificates/bulk">
          {t("certdocs.nav.bulk")}
        </Link>{" "}
        {d.canSettings ? (
          <Link className="button secondary" to="/certificates/bodies">
            {t("certdocs.nav.bodies")}
          </Link>
        ) : null}
      </p>
      {actionData ? <Notice kind={actionData.ok ? "success" : "error"}>{actionData.message}</Notice> : null}
      {d.rows.length === 0 ? <p>{t("certs.empty")}</p> : null}
      {d.rows.length ? (
        <TableWrap label={t("certs.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("certs.serial")}</th>
                <th scope="col">{t("certs.holder")}</th>
                <th scope="col">{t("certs.course")}</th>
                <th scope="col">{t("certs.issuedOn")}</th>
                <th scope="col">{t("certs.status")}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/verify/${r.serial}`}>{r.serial}</Link>
                    <br />
                    <Link reloadDocument to={`/certificates/${r.id}/pdf`} aria-label={t("certdocs.pdf.downloadLabel", { serial: r.serial })}>
                      {t("certdocs.pdf.download")}
                    </Link>
                  </td>
                  <td>
                    {r.holder}
                    <br />
                    <span className="muted">{r.commune}</span>
                  </td>
                  <td>{r.course}</td>
                  <td>{r.issuedOn}</td>
                  <td>
                    {t(`certs.state.${r.state}`)}
                    {r.canRevoke && r.state !== "revoked" ? (
                      <Form method="post" className="stack" style={{ marginTop: "0.5rem" }}>
                        <input type="hidden" name="certificateId" value={r.id} />
                        <input type="hidden" name="intent" value="revoke" />
                        <label htmlFor={`reason-${r.id}`} className="hint">
                          {t("certs.revoke.reason")}
                        </label>
                        <input id={`reason-${r.id}`} name="reason" type="text" required />
                        <button type="submit" className="danger">
                          {t("certs.revoke")}
                        </button>
                      </Form>
                    ) : null}
                    {r.canRevoke && r.state === "revoked" ? (
                      <Form method="post">
                        <input type="hidden" name="certificateId" value={r.id} />
                        <input type="hidden" name="intent" value="reissue" />
                        <button type="submit" className="secondary">
                          {t("certs.reissue")}
                        </button>
                      </Form>
                    ) : null}
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
