import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { sql } from "drizzle-orm";
import { notFound, requirePermission } from "~/auth/auth.server";
import { can } from "~/auth/permissions.server";
import { db } from "~/db.server";
import { Notice, TextField } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { formatDate, parseDate } from "~/lib/dates";
import { intId, str } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { getUnit, markMerged } from "~/models/units.server";
import { adminUnits, people } from "../../db/schema";

export const meta = titled("units.title");

async function unitInScope(request: Request, unitId: string | undefined) {
  const user = await requirePermission(request, "units:read");
  const id = intId(unitId);
  const unit = id ? await getUnit(id) : null;
  if (!unit || !can(user, "units:read", unit.path)) notFound();
  return { user, unit };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, unit } = await unitInScope(request, params.unitId);
  // Children with the number of people on the roster under each, in one query.
  const children = await db
    .select({
      id: adminUnits.id,
      code: adminUnits.code,
      fullName: adminUnits.fullName,
      mergedOn: adminUnits.mergedOn,
      people: sql<number>`(select count(*)::int from ${people} p join ${adminUnits} c on c.id = p.commune_id where c.path like ${adminUnits.path} || '%')`,
    })
    .from(adminUnits)
    .where(sql`${adminUnits.parentId} = ${unit.id}`)
    .orderBy(adminUnits.code);
  const parent = unit.parentId ? await getUnit(unit.parentId) : null;
  const mergedInto = unit.mergedIntoId ? await getUnit(unit.mergedIntoId) : null;
  return {
    unit: { id: unit.id, code: unit.code, fullName: unit.fullName, kind: unit.kind, level: unit.level },
    parent: parent && can(user, "units:read", parent.path) ? { id: parent.id, fullName: parent.fullName } : null,
    merged: mergedInto ? { name: mergedInto.fullName, date: formatDate(unit.mergedOn) } : null,
    children: children.map((c) => ({ ...c, mergedOn: c.mergedOn ? formatDate(c.mergedOn) : null })),
    canMerge: can(user, "units:import"),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, unit } = await unitInScope(request, params.unitId);
  if (!can(user, "units:import")) throw new Response("Forbidden", { status: 403 });
  const t = serverT(request);
  const form = await request.formData();
  const into = str(form, "into");
  const date = parseDate(str(form, "date"));
  if (!into || !date) {
    return data({ ok: false, message: t("common.fixErrors"), values: { into, date: str(form, "date") } }, { status: 400 });
  }
  const result = await markMerged(unit.code, into, date, { id: user.account.id, ip: (context as { ip?: string }).ip });
  if (!result.ok) return data({ ok: false, message: result.message, values: { into, date: str(form, "date") } }, { status: 400 });
  return { ok: true, message: t("units.merge.done"), values: { into: "", date: "" } };
}

export default function UnitPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <p>
        {d.parent ? <Link to={`/units/${d.parent.id}`}>← {d.parent.fullName}</Link> : <Link to="/units">← {t("units.title")}</Link>}
      </p>
      <h1>
        {d.unit.fullName} <span className="muted">({d.unit.code})</span>
      </h1>
      {d.merged ? <Notice kind="warning">{t("units.merged", { name: d.merged.name, date: d.merged.date })}</Notice> : null}
      {d.children.length ? (
        <section>
          <h2>{t("units.children")}</h2>
          <TableWrap label={t("units.children")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("field.code")}</th>
                  <th scope="col">{t("field.name")}</th>
                  <th scope="col">{t("units.people")}</th>
                </tr>
              </thead>
              <tbody>
                {d.children.map((c) => (
                  <tr key={c.id}>
                    <td>{c.code}</td>
                    <td>
                      <Link to={`/units/${c.id}`}>{c.fullName}</Link>
                      {c.mergedOn ? <span className="tag"> ⇢ {c.mergedOn}</span> : null}
                    </td>
                    <td>{c.people}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ) : null}
      {d.canMerge && !d.merged ? (
        <section className="card">
          <h2>{t("units.merge.title")}</h2>
          {actionData ? <Notice kind={actionData.ok ? "success" : "error"}>{actionData.message}</Notice> : null}
          <Form method="post" className="stack">
            <TextField name="into" label={t("units.merge.into")} inputMode="numeric" required defaultValue={actionData?.values.into} />
            <TextField name="date" label={t("units.merge.date")} placeholder="dd/mm/yyyy" required defaultValue={actionData?.values.date} />
            <div className="actions">
              <button type="submit" className="danger">
                {t("units.merge.submit")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}
