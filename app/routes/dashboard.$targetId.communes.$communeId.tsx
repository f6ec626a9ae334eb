// One commune against a target on a date: its figures and its people, each
// with their state (trained / in progress / not started) and what they
// still need. Commune officers land here; nobody sees a commune outside
// their scope (404).
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { and, eq } from "drizzle-orm";
import { notFound } from "~/auth/auth.server";
import { Notice, TextField } from "~/components/form";
import { ProgressBar } from "~/components/progress-bar";
import { TableWrap } from "~/components/table-wrap";
import { db } from "~/db.server";
import { useLocale, useT } from "~/hooks";
import { formatNumber, type MessageKey } from "~/i18n";
import { formatDate } from "~/lib/dates";
import { intId } from "~/lib/form.server";
import { missingPeople } from "~/lib/forecast";
import { titled } from "~/lib/meta";
import { pct } from "~/lib/targets-format";
import { asOfFrom, requireTarget } from "~/models/dashboard-access.server";
import { peopleWithNeeds, percentOf } from "~/models/dashboard.server";
import { adminUnits } from "../../db/schema";
import styles from "~/styles/targets.css?url";

export const meta = titled("dash.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
// Read-only pages of links and GET forms: no JavaScript needed (light on 3G phones).
export const handle = { hydrate: false };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { target, scopePath } = await requireTarget(request, params.targetId);
  const communeId = intId(params.communeId);
  const [commune] = communeId
    ? await db.select().from(adminUnits).where(and(eq(adminUnits.id, communeId), eq(adminUnits.level, "commune"), eq(adminUnits.provinceId, target.provinceId)))
    : [];
  if (!commune || (scopePath && !commune.path.startsWith(scopePath))) notFound();
  const { asOf, input, invalid } = asOfFrom(new URL(request.url));
  const people = await peopleWithNeeds(target, asOf, commune.path, commune.id);
  const trained = people.filter((p) => p.trained).length;
  return {
    target: { id: target.id, planRef: target.planRef, percent: target.percent, provinceName: target.provinceName, note: target.note },
    wholeProvince: scopePath === null,
    commune: { id: commune.id, fullName: commune.fullName },
    asOf,
    asOfInput: input || formatDate(asOf),
    invalidDate: invalid,
    staff: people.length,
    trained,
    percent: percentOf(trained, people.length),
    missing: missingPeople(target.percent, people.length, trained),
    people: people.map((p) => ({ id: p.personId, fullName: p.fullName, position: p.position, state: p.state, percent: p.percent, completedOn: p.completedOn, need: p.need })),
  };
}

export default function CommuneDashboard() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const fmt = (n: number) => pct(locale, n);
  const state = (p: (typeof d.people)[number]) =>
    p.state === "trained"
      ? t("dash.person.trained", { date: formatDate(p.completedOn) })
      : p.state === "inProgress"
        ? t("dash.person.inProgress", { percent: p.percent })
        : p.state === "lapsed"
          ? t("dash.person.lapsed")
          : t("dash.person.notStarted");
  const need = (n: (typeof d.people)[number]["need"]) =>
    n.kind === "none" ? t("dash.needs.none") : n.kind === "renew" ? t("dash.needs.renew") : n.kind === "start" ? t("dash.needs.start", { course: n.title }) : t("dash.needs.finish", { course: n.title, lessons: n.lessons, quizzes: n.quizzes });
  return (
    <>
      <p>
        {d.wholeProvince ? <Link to={`/dashboard/${d.target.id}?asOf=${encodeURIComponent(formatDate(d.asOf))}`}>← {t("dash.backToProvince")}</Link> : <Link to="/dashboard">← {t("dash.title")}</Link>}
      </p>
      <h1>
        {d.commune.fullName}: {t("dash.title").toLowerCase()}
      </h1>
      <p>
        {t("dash.plan")}: <strong>{d.target.planRef}</strong> ({d.target.provinceName}) — {t("dash.target")} {fmt(d.target.percent)}%
      </p>
      {d.target.note ? <p className="demo-note">{d.target.note}</p> : null}
      <Form method="get" className="filters">
        <TextField name="asOf" label={t("dash.asOf")} placeholder="dd/mm/yyyy" defaultValue={d.asOfInput} />
        <button type="submit" className="secondary">
          {t("dash.show")}
        </button>
      </Form>
      {d.invalidDate ? <Notice kind="warning">{t("validation.date", { field: t("dash.asOf") })}</Notice> : null}
      <ul className="figures">
        <li>
          {t("dash.current")}
          <span className="value" data-testid="commune-percent">
            {fmt(d.percent)}%
          </span>
        </li>
        <li>
          {t("dash.trained")} / {t("dash.staff").toLowerCase()}
          <span className="value">
            {formatNumber(locale, d.trained)} / {formatNumber(locale, d.staff)}
          </span>
        </li>
        <li>
          {t("dash.gap")}
          <span className="value">{formatNumber(locale, d.missing)}</span>
        </li>
      </ul>
      <ProgressBar percent={Math.min(100, Math.round(d.percent))} label={t("dash.progressLabel", { percent: fmt(d.percent), target: fmt(d.target.percent) })} />
      <h2>{t("dash.people")}</h2>
      <TableWrap label={t("dash.people")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("export.fullName")}</th>
              <th scope="col">{t("dash.position")}</th>
              <th scope="col">{t("dash.person.status")}</th>
              <th scope="col">{t("dash.person.needs")}</th>
            </tr>
          </thead>
          <tbody>
            {d.people.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <Link to={`/people/${p.id}`}>{p.fullName}</Link>
                </th>
                <td>{t(`position.${p.position}` as MessageKey)}</td>
                <td>{state(p)}</td>
                <td>{need(p.need)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}
