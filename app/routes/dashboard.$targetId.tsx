// A province's progress towards one training target on a chosen date: the
// headline figures, the monthly trend (SVG + table), the forecast and every
// commune, sortable and filterable through links (no JavaScript needed).
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ProgressBar } from "~/components/progress-bar";
import { TableWrap } from "~/components/table-wrap";
import { TrendChart } from "~/components/targets-charts";
import { Notice, TextField } from "~/components/form";
import { useLocale, useT } from "~/hooks";
import { formatNumber } from "~/i18n";
import { serverT, getLocale } from "~/i18n/locale.server";
import { addDays } from "~/lib/forecast";
import { formatDate } from "~/lib/dates";
import { titled } from "~/lib/meta";
import { forecastMessage, pct } from "~/lib/targets-format";
import { asOfFrom, requireTarget } from "~/models/dashboard-access.server";
import { provinceFigures, type CommuneRow } from "~/models/dashboard.server";
import { canManageTarget } from "~/models/targets.server";
import styles from "~/styles/targets.css?url";

export const meta = titled("dash.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
// Read-only pages of links and GET forms: no JavaScript needed (light on 3G phones).
export const handle = { hydrate: false };

const SORTS = ["name", "staff", "trained", "percent", "gap"] as const;
type Sort = (typeof SORTS)[number];
const FILTERS = ["all", "below", "nostaff", "inactive"] as const;
type Filter = (typeof FILTERS)[number];

const collator = new Intl.Collator("vi");

function sortCommunes(rows: CommuneRow[], sort: Sort, dir: "asc" | "desc") {
  const key: Record<Sort, (r: CommuneRow) => number | string> = { name: (r) => r.fullName, staff: (r) => r.staff, trained: (r) => r.trained, percent: (r) => r.percent, gap: (r) => r.gap };
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = key[sort](a);
    const y = key[sort](b);
    const c = typeof x === "string" ? collator.compare(x, y as string) : x - (y as number);
    return sign * (c || collator.compare(a.fullName, b.fullName));
  });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, target } = await requireTarget(request, params.targetId, { wholeProvince: true });
  const url = new URL(request.url);
  const { asOf, input, invalid } = asOfFrom(url);
  const sort: Sort = (SORTS as readonly string[]).includes(url.searchParams.get("sort") ?? "") ? (url.searchParams.get("sort") as Sort) : "name";
  const dir = url.searchParams.get("dir") === "desc" ? "desc" : "asc";
  const filter: Filter = (FILTERS as readonly string[]).includes(url.searchParams.get("filter") ?? "") ? (url.searchParams.get("filter") as Filter) : "all";
  const figures = await provinceFigures(target, asOf, null);
  const quietSince = addDays(asOf, -60);
  const filtered = figures.communes.filter((c) =>
    filter === "below" ? c.staff > 0 && c.percent < target.percent : filter === "nostaff" ? c.staff === 0 : filter === "inactive" ? c.staff > 0 && (!c.lastActivity || c.lastActivity <= quietSince) : true,
  );
  const t = serverT(request);
  return {
    target: { id: target.id, planRef: target.planRef, percent: target.percent, startsOn: target.startsOn, deadline: target.deadline, note: target.note, provinceName: target.provinceName },
    canManage: canManageTarget(user, target),
    asOf,
    asOfInput: input || formatDate(asOf),
    invalidDate: invalid,
    sort,
    dir,
    filter,
    staff: figures.staff,
    trained: figures.trained,
    percent: figures.percent,
    missing: figures.missing,
    reached: figures.reached,
    trend: figures.trend,
    forecast: forecastMessage(t, getLocale(request), figures.forecast, target.deadline),
    communes: sortCommunes(filtered, sort, dir),
    communeCount: figures.communes.length,
  };
}

export default function ProvinceDashboard() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const fmt = (n: number) => pct(locale, n);
  const query = (over: Record<string, string>) => {
    const q = new URLSearchParams({ asOf: formatDate(d.asOf), sort: d.sort, dir: d.dir, filter: d.filter, ...over });
    return `?${q.toString()}`;
  };
  const columns: { key: "name" | "staff" | "trained" | "percent" | "gap"; label: string; num?: boolean }[] = [
    { key: "name", label: t("dash.commune") },
    { key: "staff", label: t("dash.staff"), num: true },
    { key: "trained", label: t("dash.trained"), num: true },
    { key: "percent", label: t("dash.percent"), num: true },
    { key: "gap", label: t("dash.gap"), num: true },
  ];
  const exportQuery = `?asOf=${encodeURIComponent(formatDate(d.asOf))}`;
  return (
    <>
      <p>
        <Link to="/dashboard">← {t("dash.title")}</Link>
      </p>
      <h1>
        {d.target.provinceName}: {t("dash.title").toLowerCase()}
      </h1>
      <p>
        {t("dash.plan")}: <strong>{d.target.planRef}</strong> — {t("dash.target")} {fmt(d.target.percent)}%,{" "}
        {t("targets.period", { from: formatDate(d.target.startsOn), to: formatDate(d.target.deadline) })}
        {d.canManage ? (
          <>
            {" "}
            · <Link to={`/targets/${d.target.id}`}>{t("targets.edit")}</Link>
          </>
        ) : null}
      </p>
      {d.target.note ? <p className="demo-note">{d.target.note}</p> : null}
      <Form method="get" className="filters">
        <TextField name="asOf" label={t("dash.asOf")} placeholder="dd/mm/yyyy" defaultValue={d.asOfInput} error={d.invalidDate ? t("validation.date", { field: t("dash.asOf") }) : null} />
        <input type="hidden" name="sort" value={d.sort} />
        <input type="hidden" name="dir" value={d.dir} />
        <input type="hidden" name="filter" value={d.filter} />
        <button type="submit" className="secondary">
          {t("dash.show")}
        </button>
      </Form>
      {d.invalidDate ? <Notice kind="warning">{t("validation.date", { field: t("dash.asOf") })}</Notice> : null}
      <p>{t("dash.lead")}</p>
      <ul className="figures" aria-label={`${t("dash.asOf")} ${formatDate(d.asOf)}`}>
        <li>
          {t("dash.current")}
          <span className="value" data-testid="dashboard-percent">
            {fmt(d.percent)}%
          </span>
        </li>
        <li>
          {t("dash.target")}
          <span className="value">{fmt(d.target.percent)}%</span>
        </li>
        <li>
          {t("dash.status")}
          <span className={`value ${d.reached ? "status-reached" : "status-not"}`}>{d.reached ? t("dash.reached") : t("dash.notReached")}</span>
        </li>
        <li>
          {t("dash.trained")} / {t("dash.staff").toLowerCase()}
          <span className="value" data-testid="dashboard-counts">
            {formatNumber(locale, d.trained)} / {formatNumber(locale, d.staff)}
          </span>
        </li>
      </ul>
      <ProgressBar percent={Math.min(100, Math.round(d.percent))} label={t("dash.progressLabel", { percent: fmt(d.percent), target: fmt(d.target.percent) })} />
      {d.missing > 0 ? <p>{t("dash.missing", { count: d.missing })}</p> : null}
      <h2>{t("dash.forecast")}</h2>
      <p data-testid="forecast">{d.forecast}</p>
      <p className="hint">{t("dash.forecast.note")}</p>
      <p>
        {t("dash.export")}: <a href={`/dashboard/${d.target.id}/export/xlsx${exportQuery}`}>{t("dash.export.xlsx")}</a> ·{" "}
        <a href={`/dashboard/${d.target.id}/export/csv${exportQuery}`}>{t("dash.export.csv")}</a> ·{" "}
        <a href={`/dashboard/${d.target.id}/export/pdf${exportQuery}`}>{t("dash.export.pdf")}</a> ·{" "}
        <Link to={`/dashboard/${d.target.id}/map${exportQuery}`}>{t("dash.map")}</Link>
      </p>
      <h2>{t("dash.trend")}</h2>
      <TrendChart points={d.trend} target={d.target.percent} title={`${t("dash.trend")} — ${d.target.provinceName}`} fmt={fmt} />
      <details>
        <summary>{t("dash.trendTable")}</summary>
        <TableWrap label={t("dash.trendTable")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("dash.month")}</th>
                <th scope="col" className="num">{t("dash.staff")}</th>
                <th scope="col" className="num">{t("dash.trained")}</th>
                <th scope="col" className="num">{t("dash.percent")}</th>
              </tr>
            </thead>
            <tbody>
              {d.trend.map((p) => (
                <tr key={p.date}>
                  <th scope="row">{formatDate(p.date)}</th>
                  <td className="num">{formatNumber(locale, p.staff)}</td>
                  <td className="num">{formatNumber(locale, p.trained)}</td>
                  <td className="num">{fmt(p.percent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
      <h2 id="communes">{t("dash.communes")}</h2>
      <ul className="filters-links" aria-label={t("dash.filter")}>
        {(["all", "below", "nostaff", "inactive"] as const).map((f) => (
          <li key={f}>
            <Link to={query({ filter: f }) + "#communes"} aria-current={d.filter === f ? "page" : undefined}>
              {t(f === "all" ? "dash.filter.all" : f === "below" ? "dash.filter.below" : f === "nostaff" ? "dash.filter.noStaff" : "dash.filter.inactive")}
            </Link>
          </li>
        ))}
      </ul>
      <TableWrap label={t("dash.communes")}>
        <table data-testid="communes">
          <thead>
            <tr>
              {columns.map((c) => {
                const active = d.sort === c.key;
                const nextDir = active && d.dir === "asc" ? "desc" : "asc";
                return (
                  <th key={c.key} scope="col" className={c.num ? "num" : undefined} aria-sort={active ? (d.dir === "asc" ? "ascending" : "descending") : undefined}>
                    <Link to={query({ sort: c.key, dir: nextDir }) + "#communes"} aria-label={t("dash.sortBy", { column: c.label })}>
                      {c.label}
                      {active ? (d.dir === "asc" ? " ▲" : " ▼") : ""}
                    </Link>
                  </th>
                );
              })}
              <th scope="col">{t("dash.lastActivity")}</th>
            </tr>
          </thead>
          <tbody>
            {d.communes.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <Link to={`/dashboard/${d.target.id}/communes/${c.id}?asOf=${encodeURIComponent(formatDate(d.asOf))}`}>{c.fullName}</Link>
                </th>
                <td className="num">{formatNumber(locale, c.staff)}</td>
                <td className="num">{formatNumber(locale, c.trained)}</td>
                <td className="num">{c.staff ? fmt(c.percent) : "—"}</td>
                <td className="num">{formatNumber(locale, c.gap)}</td>
                <td>{c.lastActivity ? formatDate(c.lastActivity) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p className="hint">{t("common.total", { count: `${d.communes.length}/${d.communeCount}` })}</p>
    </>
  );
}
