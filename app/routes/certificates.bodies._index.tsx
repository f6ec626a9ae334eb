// The issuing bodies the user may configure: a province officer sees their
// province, the administrator every province.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { requirePermission } from "~/auth/auth.server";
import { scopeCondition } from "~/auth/permissions.server";
import { TableWrap } from "~/components/table-wrap";
import { db } from "~/db.server";
import { useT } from "~/hooks";
import { titled } from "~/lib/meta";
import { adminUnits, certificates, issuingBodies } from "../../db/schema";

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
  return { rows: rows.map((r) => ({ ...r, issued: r.issued ?? 0 })) };
}

export default function IssuingBodies() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
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
    </>
  );
}
