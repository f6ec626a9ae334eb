// Progress overview: every province in the user's scope against the target
// in force on the date — all 34 side by side for the system administrator,
// one for a province officer, the own commune for a commune officer.
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { and, asc, eq } from "drizzle-orm";
import { requirePermission } from "~/auth/auth.server";
import { scopeCondition } from "~/auth/permissions.server";
import { Notice, TextField } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { db } from "~/db.server";
import { useLocale, useT } from "~/hooks";
import { formatNumber } from "~/i18n";
import { formatDate } from "~/lib/dates";
import { missingPeople } from "~/lib/forecast";
import { titled } from "~/lib/meta";
import { pct } from "~/lib/targets-format";
import { asOfFrom, readScope } from "~/models/dashboard-access.server";
import { figuresOnDate, percentOf } from "~/models/dashboard.server";
import { listTargets, targetInForce } from "~/models/targets.server";
import { adminUnits } from "../../db/schema";
import styles from "~/styles/targets.css?url";

export const meta = titled("dash.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
// Read-only pages of links and GET forms: no JavaScript needed (light on 3G phones).
export const handle = { hydrate: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "targets:read");
  const { asOf, input, invalid } = asOfFrom(new URL(request.url));
  // Independent reads: one round trip's wait instead of two.
  const [targets, provinces] = await Promise.all([
    listTargets(user),
    db
      .select({ id: adminUnits.id, fullName: adminUnits.fullName, path: adminUnits.path })
      .from(adminUnits)
      .where(and(eq(adminUnits.level, "province"), scopeCondition(user, "targets:read", adminUnits.path)))
      .orderBy(asc(adminUnits.code)),
  ]);
  const inForce = targetInForce(targets, asOf);
  // Whole provinces in one query; a commune officer's own unit in another.
  const whole = [...inForce.values()].filter((t) => readScope(user, t.provincePath) === null);
  const partial = [...inForce.values()].flatMap((t) => {
    const scope = readScope(user, t.provincePath);
    return scope ? [{ target: t, scope }] : [];
  });
  const totals = new Map<string, { staff: number; trained: number }>();
  const add = (key: string, f: { staff: number; trained: number }) => {
    const cur = totals.get(key) ?? { staff: 0, trained: 0 };
    totals.set(key, { staff: cur.staff + f.staff, trained: cur.trained + f.trained });
  };
  for (const f of await figuresOnDate(whole, asOf)) add(`${f.targetId}:`, f);
  const communeRows = [];
  for (const p of partial) {
    for (const f of await figuresOnDate([p.target], asOf, p.scope)) add(`${f.targetId}:${p.scope}`, f);
    const [unit] = await db.select({ id: adminUnits.id, fullName: adminUnits.fullName }).from(adminUnits).where(eq(adminUnits.path, p.scope));
    if (unit) communeRows.push({ target: p.target, unit, key: `${p.target.id}:${p.scope}` });
  }
  const row = (key: string, percent: number) => {
    const f = totals.get(key) ?? { staff: 0, trained: 0 };
    const missing = missingPeople(percent, f.staff, f.trained);
    return { ...f, percent: percentOf(f.trained, f.staff), missing, reached: f.staff > 0 && missing === 0 };
  };
  return {
    asOf,
    asOfInput: input || formatDate(asOf),
    invalidDate: invalid,
    national: provinces.length > 1,
    provinces: provinces.map((p) => {
      const target = inForce.get(p.id);
      return {
        id: p.id,
        name: p.fullName,
        target: target ? { id: target.id, planRef: target.planRef, percent: target.percent, deadline: target.deadline, note: target.note } : null,
        figures: target ? row(`${target.id}:`, target.percent) : null,
      };
    }),
    communes: communeRows.map((c) => ({
      id: c.unit.id,
      name: c.unit.fullName,
      provinceName: c.target.provinceName,
      target: { id: c.target.id, planRef: c.target.planRef, percent: c.target.percent, deadline: c.target.deadline, note: c.target.note },
      figures: row(c.key, c.target.percent),
    })),
  };
}

export default function DashboardOverview() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const fmt = (n: number) => pct(locale, n);
  const q = `?asOf=${encodeURIComponent(formatDate(d.asOf))}`;
  type Fig = { staff: number; trained: number; percent: number; missing: number; reached: boolean };
  const cells = (f: Fig, target: number) => (
    <>
      <td className="num">{fmt(target)}</td>
      <td className="num">{formatNumber(locale, f.staff)}</td>
      <td className="num">{formatNumber(locale, f.trained)}</td>
      <td className="num">{f.staff ? fmt(f.percent) : "—"}</td>
      <td className={f.reached ? "status-reached" : "status-not"}>{f.reached ? t("dash.reached") : t("dash.notReached")}</td>
      <td className="num">{formatNumber(locale, f.missing)}</td>
    </>
  );
  const head = (first: string) => (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">{t("dash.plan")}</th>
        <th scope="col" className="num">{t("dash.target")} (%)</th>
        <th scope="col" className="num">{t("dash.staff")}</th>
        <th scope="col" className="num">{t("dash.trained")}</th>
        <th scope="col" className="num">{t("dash.percent")}</th>
        <th scope="col">{t("dash.status")}</th>
        <th scope="col" className="num">{t("dash.gap")}</th>
      </tr>
    </thead>
  );
  return (
    <>
      <h1>{d.national ? t("dash.national") : t("dash.title")}</h1>
      <p>{t("dash.lead")}</p>
      <p>
        <Link to="/targets">{t("nav.targets")}</Link>
      </p>
      <Form method="get" className="filters">
        <TextField name="asOf" label={t("dash.asOf")} placeholder="dd/mm/yyyy" defaultValue={d.asOfInput} />
        <button type="submit" className="secondary">
          {t("dash.show")}
        </button>
      </Form>
      {d.invalidDate ? <Notice kind="warning">{t("validation.date", { field: t("dash.asOf") })}</Notice> : null}
      {d.provinces.length ? (
        <TableWrap label={t("dash.province")}>
          <table data-testid="provinces">
            {head(t("dash.province"))}
            <tbody>
              {d.provinces.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.target ? <Link to={`/dashboard/${p.target.id}${q}`}>{p.name}</Link> : p.name}</th>
                  {p.target && p.figures ? (
                    <>
                      <td>
                        {p.target.planRef}
                        {p.target.note ? <span className="demo-note"> ({t("targets.demoNote")})</span> : null}
                      </td>
                      {cells(p.figures, p.target.percent)}
                    </>
                  ) : (
                    <td colSpan={7}>{t("dash.noTarget")}</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {d.communes.length ? (
        <TableWrap label={t("dash.commune")}>
          <table data-testid="own-communes">
            {head(t("dash.commune"))}
            <tbody>
              {d.communes.map((c) => (
                <tr key={`${c.target.id}:${c.id}`}>
                  <th scope="row">
                    <Link to={`/dashboard/${c.target.id}/communes/${c.id}${q}`}>{c.name}</Link>
                  </th>
                  <td>
                    {c.target.planRef} ({c.provinceName}){c.target.note ? <span className="demo-note"> ({t("targets.demoNote")})</span> : null}
                  </td>
                  {cells(c.figures, c.target.percent)}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {!d.provinces.length && !d.communes.length ? <p>{t("targets.none")}</p> : null}
    </>
  );
}
