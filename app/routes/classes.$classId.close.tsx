// Closing a class: who qualifies and who does not (and why) before the
// trainer confirms; confirming records completions and certificates once.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/hooks";
import type { T } from "~/i18n";
import { serverT } from "~/i18n/locale.server";
import { formatDate } from "~/lib/dates";
import { titled } from "~/lib/meta";
import { requireClass } from "~/models/classes-access.server";
import { closeClass, evaluateClass, finishClosing, type Evaluation } from "~/models/classes.server";

export const meta = titled("classes.close");

function explain(t: T, e: Evaluation, minPercent: number) {
  const needed = Math.ceil((minPercent * e.sessions) / 100 - 1e-9);
  return e.reasons
    .map((r) => (r === "attendance" ? t("classes.close.reason.attendance", { attended: e.attended, sessions: e.sessions, needed }) : r === "noResult" ? t("classes.close.reason.noResult") : t("classes.close.reason.failed")))
    .join("; ");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { view } = await requireClass(request, params.classId, "manage");
  const t = serverT(request);
  const evaluation = await evaluateClass(view.cls.id);
  const rows = evaluation.map((e) => ({ personId: e.personId, fullName: e.fullName, communeName: e.communeName, attended: e.attended, sessions: e.sessions, qualified: e.qualified, why: explain(t, e, view.cls.minAttendancePercent), alreadyCompleted: e.alreadyCompleted }));
  return { id: view.cls.id, title: view.cls.title, endsOn: formatDate(view.cls.endsOn), closed: view.cls.status === "closed", rows };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor, view } = await requireClass(request, params.classId, "manage");
  const t = serverT(request);
  const ip = (context as { ip?: string }).ip;
  const result = await closeClass(actor, view.cls.id, ip);
  if (result.ok) return { ok: true, message: t("classes.close.done", { qualified: result.qualified, issued: result.issued, notQualified: result.notQualified }) };
  if (result.reason === "alreadyClosed") {
    // Completes anything an interrupted close left out; normally nothing.
    await finishClosing(actor, view.cls.id, ip);
    return data({ ok: false, message: t("classes.close.already") }, { status: 409 });
  }
  const message = result.reason === "notEnded" ? t("classes.close.notEnded", { date: formatDate(view.cls.endsOn) }) : t("classes.close.noMembers");
  return data({ ok: false, message }, { status: 400 });
}

export default function CloseClass() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const t = useT();
  const qualified = d.rows.filter((r) => r.qualified);
  const not = d.rows.filter((r) => !r.qualified);
  return (
    <>
      <p>
        <Link to={`/classes/${d.id}`}>{t("classes.backToClass")}</Link>
      </p>
      <h1>{t("classes.close.title", { title: d.title })}</h1>
      {a ? <Notice kind={a.ok ? "success" : "warning"}>{a.message}</Notice> : d.closed ? <Notice kind="info">{t("classes.close.already")}</Notice> : null}
      {!d.closed ? <p>{t("classes.close.lead", { date: d.endsOn })}</p> : null}
      <h2>{t("classes.close.qualified", { count: qualified.length })}</h2>
      {qualified.length ? (
        <ul>
          {qualified.map((r) => (
            <li key={r.personId}>
              {r.fullName} – {r.communeName} ({r.attended}/{r.sessions}){r.alreadyCompleted ? <span className="muted"> — {t("classes.close.alreadyCompleted")}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("common.none")}</p>
      )}
      <h2>{t("classes.close.notQualified", { count: not.length })}</h2>
      {not.length ? (
        <TableWrap label={t("classes.close.notQualified", { count: not.length })}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("field.fullName")}</th>
                <th scope="col">{t("classes.close.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {not.map((r) => (
                <tr key={r.personId}>
                  <td>{r.fullName}</td>
                  <td>{r.why}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p>{t("common.none")}</p>
      )}
      {!d.closed ? (
        <Form method="post" style={{ marginTop: "1.5rem" }}>
          <button type="submit" className="primary">
            {t("classes.close.confirm")}
          </button>
        </Form>
      ) : null}
    </>
  );
}
