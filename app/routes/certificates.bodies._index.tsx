// The issuing bodies the user may configure: a province officer sees their
// province, the administrator every province — and, for the administrator,
// the system's public address (docs/decisions/013).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { notFound, requirePermission } from "~/auth/auth.server";
import { scopeCondition } from "~/auth/permissions.server";
import { Notice, TextField } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { useT } from "~/hooks";
import { str } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { requestCertificateSweep } from "~/models/certificate-sweep.server";
import { formerBases, normaliseBase, resolvePublicAddress, settlePublicAddress } from "~/models/public-address.server";
import { adminUnits, certificates, issuingBodies } from "../../db/schema";

function isAdmin(user: { roles: { role: string }[] }) {
  return user.roles.some((r) => r.role === "admin");
}

async function addressSection(request: Request) {
  const address = await resolvePublicAddress();
  const [unsigned] = await db.select({ n: sql<number>`count(*)::int` }).from(certificates).where(and(isNull(certificates.credential), eq(certificates.status, "valid")));
  // What to offer in the field: the address in use, else the one this page was opened at (if a phone could open it), else the LAN guess.
  const suggestion = address.base ?? normaliseBase(new URL(request.url).origin) ?? address.lan ?? "";
  return { ...address, former: await formerBases(), unsigned: unsigned?.n ?? 0, suggestion, envValue: address.envRejected ? (env.PUBLIC_URL ?? "") : "" };
}

export const meta = titled("certdocs.bodies.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "certificates:settings");
  const rows = await db
    .select({
      unitId: adminUnits.id,
      province: adminUnits.fullName,
      name: issuingBodies.name,
      signerName: issuingBodies.signerName,
      prefix: issuingBodies.serialPrefix,
      issued: sql<number>`(select count(*)::int from ${certificates} where ${certificates.issuingBodyId} = ${issuingBodies.id})`,
    })
    .from(adminUnits)
    .leftJoin(issuingBodies, eq(issuingBodies.unitId, adminUnits.id))
    .where(and(eq(adminUnits.level, "province"), isNull(adminUnits.mergedIntoId), scopeCondition(user, "certificates:settings", adminUnits.path)))
    .orderBy(asc(adminUnits.code));
  return { rows: rows.map((r) => ({ ...r, issued: r.issued ?? 0 })), address: isAdmin(user) ? await addressSection(request) : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "certificates:settings");
  if (!isAdmin(user)) notFound();
  const form = await request.formData();
  const value = str(form, "publicUrl");
  const result = await settlePublicAddress(value, { id: user.account.id, ip: (context as { ip?: string }).ip });
  if (!result.ok) return { error: result.reason, value, saved: null };
  // Credentials waiting for an address, or carrying another one, are signed now.
  requestCertificateSweep();
  return { error: null, value: result.base, saved: result.base };
}

export default function IssuingBodies() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const a = d.address;
  return (
    <>
      <p>
        <Link to="/certificates">← {t("certs.title")}</Link>
      </p>
      <h1>{t("certdocs.bodies.title")}</h1>
      <p>{t("certdocs.bodies.lead")}</p>
      <TableWrap label={t("certdocs.bodies.title")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("certdocs.bodies.province")}</th>
              <th scope="col">{t("certdocs.body.name")}</th>
              <th scope="col">{t("certdocs.body.signerName")}</th>
              <th scope="col">{t("certdocs.bodies.issued")}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.unitId}>
                <td>
                  <Link to={`/certificates/bodies/${r.unitId}`}>{r.province}</Link>
                </td>
                <td>{r.name ?? <span className="muted">{t("certdocs.bodies.notSet")}</span>}</td>
                <td>{r.signerName || "—"}</td>
                <td>{r.issued}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {a ? (
        <section className="card" aria-labelledby="dia-chi-cong-khai">
          <h2 id="dia-chi-cong-khai">{t("address.title")}</h2>
          <p>{t("address.lead")}</p>
          {actionData?.saved ? <Notice kind="success">{t("address.saved", { base: actionData.saved })}</Notice> : null}
          {a.envRejected ? <Notice kind="warning">{t("address.envRejected", { value: a.envValue })}</Notice> : null}
          <p>
            {t("address.current")}:{" "}
            {a.base ? (
              <>
                <strong>{a.base}</strong> — {t(a.source === "env" ? "address.source.env" : a.source === "setting" ? "address.source.setting" : "address.source.lan")}
              </>
            ) : (
              <strong>{t("address.none")}</strong>
            )}
          </p>
          {a.unsigned ? <p>{t("address.unsigned", { count: a.unsigned })}</p> : null}
          {a.source === "env" ? (
            <p>{t("address.fromEnv")}</p>
          ) : (
            <Form method="post">
              <TextField
                name="publicUrl"
                label={t("address.field")}
                hint={t("address.hint")}
                inputMode="url"
                defaultValue={actionData?.value ?? a.suggestion}
                error={actionData?.error === "invalid" ? t("address.invalid") : actionData?.error === "fromEnv" ? t("address.fromEnv") : null}
                required
              />
              <button type="submit" className="primary">
                {t("address.submit")}
              </button>
            </Form>
          )}
          {a.former.length ? (
            <>
              <p>{t("address.former")}</p>
              <ul>
                {a.former.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
