// The province map coloured by share trained on the date: SVG drawn on the
// server from the stored (simplified) commune boundaries; each commune links
// to its page and names its figure in a <title>.
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/auth/permissions.server";
import { CommuneMap } from "~/components/targets-charts";
import { useLocale, useT } from "~/hooks";
import { serverT, getLocale } from "~/i18n/locale.server";
import { formatDate } from "~/lib/dates";
import { titled } from "~/lib/meta";
import { pct } from "~/lib/targets-format";
import { asOfFrom, requireTarget } from "~/models/dashboard-access.server";
import { provinceFigures } from "~/models/dashboard.server";
import { mapPaths } from "~/models/targets-map.server";
import styles from "~/styles/targets.css?url";

export const meta = titled("dash.mapTitle");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
// Read-only pages of links and GET forms: no JavaScript needed (light on 3G phones).
export const handle = { hydrate: false };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, target } = await requireTarget(request, params.targetId, { wholeProvince: true });
  const { asOf } = asOfFrom(new URL(request.url));
  const [figures, paths] = await Promise.all([provinceFigures(target, asOf, null, false), mapPaths(target.provinceId, null)]);
  const t = serverT(request);
  const locale = getLocale(request);
  const byId = new Map(figures.communes.map((c) => [c.id, c]));
  const q = `?asOf=${encodeURIComponent(formatDate(asOf))}`;
  return {
    target: { id: target.id, provinceName: target.provinceName, percent: target.percent, planRef: target.planRef, note: target.note },
    asOf,
    canImport: can(user, "boundaries:import", target.provincePath),
    units: paths.map((p) => {
      const c = byId.get(p.unitId);
      const percent = c && c.staff ? c.percent : null;
      const name = c?.fullName ?? "";
      return {
        unitId: p.unitId,
        d: p.d,
        name,
        percent,
        href: `/dashboard/${target.id}/communes/${p.unitId}${q}`,
        label: percent === null ? `${name}: ${t("dash.mapNoStaff")}` : `${name}: ${pct(locale, percent)}% (${c!.trained}/${c!.staff})`,
      };
    }),
  };
}

export default function TargetMap() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <p>
        <Link to={`/dashboard/${d.target.id}?asOf=${encodeURIComponent(formatDate(d.asOf))}`}>← {d.target.provinceName}</Link>
      </p>
      <h1>
        {t("dash.mapTitle")} — {d.target.provinceName}
      </h1>
      <p>
        {d.target.planRef} · {t("dash.asOf")} {formatDate(d.asOf)}
      </p>
      {d.target.note ? <p className="demo-note">{d.target.note}</p> : null}
      {d.units.length ? (
        <CommuneMap units={d.units} target={d.target.percent} title={`${t("dash.mapTitle")} — ${d.target.provinceName}, ${formatDate(d.asOf)}`} legendTitle={t("dash.mapLegend")} noStaff={t("dash.mapNoStaff")} fmt={(n) => pct(locale, n)} />
      ) : (
        <p>{t("dash.mapNoData")}</p>
      )}
      {d.canImport ? (
        <p>
          <Link to="/targets/boundaries">{t("dash.mapImport")}</Link>
        </p>
      ) : null}
    </>
  );
}
