// In-person classes in the user's scope: trainers see and run theirs,
// officers follow the ones serving their communes.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/auth.server";
import { can } from "~/auth/permissions.server";
import { SelectField } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/hooks";
import { formatDate } from "~/lib/dates";
import { titled } from "~/lib/meta";
import { listClasses } from "~/models/classes.server";

export const meta = titled("classes.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "classes:read");
  const url = new URL(request.url);
  const status = url.searchParams.get("status");
  const mine = url.searchParams.get("mine") === "1";
  const rows = await listClasses({ id: user.account.id, roles: user.roles }, { status: status === "open" || status === "closed" ? status : null, mine });
  return {
    canCreate: can(user, "classes:manage"),
    canInsight: can(user, "progress:read"),
    status: status ?? "",
    mine,
    rows: rows.map((r) => ({ ...r, startsOn: formatDate(r.startsOn), endsOn: formatDate(r.endsOn), mine: r.createdBy === user.account.id })),
  };
}

export default function Classes() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("classes.title")}</h1>
      <p>{t("classes.lead")}</p>
      <div className="actions">
        {d.canCreate ? (
          <Link to="/classes/new" className="button">
            {t("classes.new")}
          </Link>
        ) : null}
        {d.canInsight ? (
          <Link to="/classes/insight" className="button secondary">
            {t("classes.insight")}
          </Link>
        ) : null}
      </div>
      <Form method="get" className="filters">
        <SelectField
          name="status"
          label={t("classes.status")}
          placeholder={t("common.all")}
          options={[
            { value: "open", label: t("classes.status.open") },
            { value: "closed", label: t("classes.status.closed") },
          ]}
          defaultValue={d.status}
        />
        {d.canCreate ? (
          <label className="checkbox">
            <input type="checkbox" name="mine" value="1" defaultChecked={d.mine} />
            <span>{t("classes.filter.mine")}</span>
          </label>
        ) : null}
        <button type="submit" className="secondary">
          {t("common.filter")}
        </button>
      </Form>
      {d.rows.length === 0 ? (
        <p>{t("classes.empty")}</p>
      ) : (
        <TableWrap label={t("classes.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("classes.field.title")}</th>
                <th scope="col">{t("classes.info.course")}</th>
                <th scope="col">{t("classes.info.dates")}</th>
                <th scope="col">{t("classes.info.communes")}</th>
                <th scope="col">{t("classes.members")}</th>
                <th scope="col">{t("classes.status")}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/classes/${r.id}`}>{r.title}</Link>
                  </td>
                  <td>{r.courseTitle}</td>
                  <td>
                    {r.startsOn} – {r.endsOn}
                  </td>
                  <td>{r.communes}</td>
                  <td>{t("classes.members.count", { count: r.members, capacity: r.capacity })}</td>
                  <td>{r.status === "closed" ? t("classes.status.closed") : t("classes.status.open")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
