// Training targets in the user's scope, with links to their progress and,
// for those who manage them, to edit.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/auth.server";
import { can } from "~/auth/permissions.server";
import { Notice } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { useLocale, useT } from "~/hooks";
import { formatDate } from "~/lib/dates";
import { titled } from "~/lib/meta";
import { pct } from "~/lib/targets-format";
import { readScope } from "~/models/dashboard-access.server";
import { canManageTarget, listTargets } from "~/models/targets.server";

export const meta = titled("targets.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "targets:read");
  const targets = await listTargets(user);
  const url = new URL(request.url);
  return {
    canCreate: can(user, "targets:manage"),
    canImportBoundaries: can(user, "boundaries:import"),
    notice: url.searchParams.get("deleted") ? "deleted" : null,
    targets: targets.map((t) => ({ id: t.id, provinceName: t.provinceName, planRef: t.planRef, percent: t.percent, startsOn: t.startsOn, deadline: t.deadline, note: t.note, canManage: canManageTarget(user, t),
      // A commune officer follows the own commune from the overview; the province page is not theirs.
      href: readScope(user, t.provincePath) === null ? `/dashboard/${t.id}` : "/dashboard" })),
  };
}

export default function Targets() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("targets.title")}</h1>
      <p>{t("targets.lead")}</p>
      {d.notice ? <Notice kind="success">{t("targets.deleted")}</Notice> : null}
      <p>
        <Link to="/dashboard">{t("nav.dashboard")}</Link>
        {d.canCreate ? (
          <>
            {" · "}
            <Link to="/targets/new">{t("targets.new")}</Link>
          </>
        ) : null}
        {d.canImportBoundaries ? (
          <>
            {" · "}
            <Link to="/targets/boundaries">{t("dash.mapImport")}</Link>
          </>
        ) : null}
      </p>
      {d.targets.length ? (
        <TableWrap label={t("targets.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("targets.field.province")}</th>
                <th scope="col">{t("targets.field.planRef")}</th>
                <th scope="col" className="num">{t("targets.field.percent")}</th>
                <th scope="col">{t("targets.field.startsOn")}</th>
                <th scope="col">{t("targets.field.deadline")}</th>
                <th scope="col">{t("targets.open")}</th>
              </tr>
            </thead>
            <tbody>
              {d.targets.map((r) => (
                <tr key={r.id}>
                  <td>{r.provinceName}</td>
                  <td>
                    {r.planRef}
                    {r.note ? <span className="hint"> ({t("targets.demoNote")})</span> : null}
                  </td>
                  <td className="num">{pct(locale, r.percent)}</td>
                  <td>{formatDate(r.startsOn)}</td>
                  <td>{formatDate(r.deadline)}</td>
                  <td>
                    <Link to={r.href}>{t("targets.open")}</Link>
                    {r.canManage ? (
                      <>
                        {" · "}
                        <Link to={`/targets/${r.id}`}>{t("targets.edit")}</Link>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p>{t("targets.none")}</p>
      )}
    </>
  );
}
