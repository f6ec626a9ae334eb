import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { inArray } from "drizzle-orm";
import { requirePermission } from "~/auth/auth.server";
import { can, scopesFor } from "~/auth/permissions.server";
import { db } from "~/db.server";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/hooks";
import { titled } from "~/lib/meta";
import { listProvinces } from "~/models/units.server";
import { adminUnits } from "../../db/schema";

export const meta = titled("units.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "units:read");
  const scopes = scopesFor(user, "units:read");
  const ids = user.roles.filter((r) => r.unitId !== null && scopes !== "all").map((r) => r.unitId!);
  const units =
    scopes === "all"
      ? await listProvinces()
      : ids.length
        ? (await db.select().from(adminUnits).where(inArray(adminUnits.id, ids))).filter((u) => can(user, "units:read", u.path))
        : [];
  return {
    canImport: can(user, "units:import"),
    units: units.map((u) => ({ id: u.id, code: u.code, fullName: u.fullName, level: u.level })),
  };
}

export default function Units() {
  const { units, canImport } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("units.title")}</h1>
      <p>{t("units.lead")}</p>
      {canImport ? (
        <p>
          <Link to="/units/import" className="button">
            {t("units.import")}
          </Link>
        </p>
      ) : null}
      {units.length === 0 ? (
        <p>{t("units.none")}</p>
      ) : (
        <TableWrap label={t("units.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("field.code")}</th>
                <th scope="col">{t("field.name")}</th>
              </tr>
            </thead>
            <tbody>
              {units.map((u) => (
                <tr key={u.id}>
                  <td>{u.code}</td>
                  <td>
                    <Link to={`/units/${u.id}`}>{u.fullName}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
