// One class: details, sessions (to take attendance), learners with their
// attendance and results (entered here while the class is open), and the
// outcome with certificates once it is closed.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { formatDate, formatDateTime } from "~/lib/dates";
import { intId } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { requireClass } from "~/models/classes-access.server";
import { classMembers, classSessions, parseResults, removeMember, saveResults } from "~/models/classes.server";
import classesCss from "~/styles/classes.css?url";

export const meta = titled("classes.title");
export const links = () => [{ rel: "stylesheet", href: classesCss }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { view } = await requireClass(request, params.classId, "read");
  const [sessions, members] = await Promise.all([classSessions(view.cls.id), classMembers(view.cls.id)]);
  const url = new URL(request.url);
  const c = view.cls;
  return {
    created: url.searchParams.get("created") === "1",
    saved: url.searchParams.get("saved") === "1",
    canManage: view.canManage,
    cls: {
      id: c.id,
      title: c.title,
      courseTitle: view.courseTitle,
      startsOn: formatDate(c.startsOn),
      endsOn: formatDate(c.endsOn),
      place: c.place,
      capacity: c.capacity,
      status: c.status,
      closedAt: c.closedAt ? formatDateTime(c.closedAt) : null,
      minAttendancePercent: c.minAttendancePercent,
      requirePass: c.requirePass,
      passScore: c.passScore,
      communes: view.communes.map((u) => u.fullName).join(", "),
    },
    sessions: sessions.map((s) => ({ ...s, heldOn: formatDate(s.heldOn) })),
    members: members.map((m) => ({ ...m, reasons: m.reason ? m.reason.split(",") : [] })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor, view } = await requireClass(request, params.classId, "manage");
  const t = serverT(request);
  const ip = (context as { ip?: string }).ip;
  const form = await request.formData();
  if (view.cls.status !== "open") return data({ ok: false, message: t("classes.error.closed"), errors: {} as Record<string, string> }, { status: 409 });
  const remove = intId(form.get("remove"));
  if (remove) {
    const members = await classMembers(view.cls.id);
    const who = members.find((m) => m.personId === remove);
    const result = await removeMember(actor, view.cls.id, remove, ip);
    if (!result.ok || !who) return data({ ok: false, message: t(result.reason === "closed" ? "classes.error.closed" : "classes.members.notEnrolled"), errors: {} as Record<string, string> }, { status: 400 });
    return { ok: true, message: t("classes.members.removed", { name: who.fullName }), errors: {} as Record<string, string> };
  }
  const members = await classMembers(view.cls.id);
  const parsed = parseResults(
    form,
    members.map((m) => m.personId),
    t,
  );
  if (!parsed.ok) return data({ ok: false, message: t("common.fixErrors"), errors: parsed.errors }, { status: 400 });
  const saved = await saveResults(actor, view.cls.id, parsed.entries, ip);
  if (!saved.ok) return data({ ok: false, message: t("classes.error.closed"), errors: {} as Record<string, string> }, { status: 409 });
  return { ok: true, message: t("classes.results.saved", { count: saved.saved }), errors: {} as Record<string, string> };
}

export default function ClassPage() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const t = useT();
  const c = d.cls;
  const open = c.status === "open";
  const editable = open && d.canManage;
  const errors = a?.errors ?? {};
  const sessionsTotal = d.sessions.length;
  return (
    <>
      <p>
        <Link to="/classes">{t("classes.back")}</Link>
      </p>
      <h1>{c.title}</h1>
      {d.created ? <Notice kind="success">{t("classes.created")}</Notice> : null}
      {d.saved ? <Notice kind="success">{t("classes.saved")}</Notice> : null}
      {a ? <Notice kind={a.ok ? "success" : "error"}>{a.message}</Notice> : null}
      {!open && c.closedAt ? <Notice kind="info">{t("classes.info.closedOn", { date: c.closedAt })}</Notice> : null}
      <dl className="facts">
        <dt>{t("classes.info.course")}</dt>
        <dd>{c.courseTitle}</dd>
        <dt>{t("classes.info.dates")}</dt>
        <dd>
          {c.startsOn} – {c.endsOn}
        </dd>
        <dt>{t("classes.info.place")}</dt>
        <dd>{c.place}</dd>
        <dt>{t("classes.info.communes")}</dt>
        <dd>{c.communes}</dd>
        <dt>{t("classes.status")}</dt>
        <dd>{open ? t("classes.status.open") : t("classes.status.closed")}</dd>
        <dt>{t("classes.info.rule")}</dt>
        <dd>
          {c.minAttendancePercent >= 100 ? t("classes.info.ruleFull") : t("classes.info.ruleText", { percent: c.minAttendancePercent })}
          {c.requirePass ? ` ${t("classes.info.rulePass", { score: c.passScore })}` : ""}
        </dd>
      </dl>
      {editable ? (
        <div className="actions" style={{ marginTop: "1rem" }}>
          <Link to={`/classes/${c.id}/enrol`} className="button">
            {t("classes.enrol")}
          </Link>
          <Link to={`/classes/${c.id}/edit`} className="button secondary">
            {t("classes.edit")}
          </Link>
          <Link to={`/classes/${c.id}/close`} className="button secondary">
            {t("classes.close")}
          </Link>
        </div>
      ) : null}

      <h2>{t("classes.sessions")}</h2>
      <ul>
        {d.sessions.map((s) => (
          <li key={s.id}>
            <Link to={`/classes/${c.id}/sessions/${s.id}`}>
              {t("classes.session", { seq: s.seq })} – {s.heldOn}
            </Link>{" "}
            <span className="muted">
              ({t("classes.session.present", { present: s.present, total: d.members.length })}; {t("classes.session.photos", { count: s.photos })})
            </span>
          </li>
        ))}
      </ul>

      <h2>
        {t("classes.members")} ({t("classes.members.count", { count: d.members.length, capacity: c.capacity })})
      </h2>
      {d.members.length === 0 ? (
        <p>{t("classes.members.empty")}</p>
      ) : (
        <Form method="post">
          {editable ? (
            <div className="actions" style={{ marginBottom: "0.75rem" }}>
              <p className="hint" style={{ margin: 0 }}>
                {t("classes.results.lead")}
              </p>
              {/* First submit button in the form, so Enter in a score field saves rather than removes. */}
              <button type="submit" className="primary">
                {t("classes.results.save")}
              </button>
            </div>
          ) : null}
          <TableWrap label={t("classes.members")}>
            <table className="results-table">
              <thead>
                <tr>
                  <th scope="col">{t("field.fullName")}</th>
                  <th scope="col">{t("field.commune")}</th>
                  <th scope="col">{t("classes.members.attended")}</th>
                  <th scope="col">{t("classes.results.score")}</th>
                  <th scope="col">{t("classes.results.result")}</th>
                  {open ? null : <th scope="col">{t("classes.members.outcome")}</th>}
                  {editable ? <th scope="col">{t("classes.members.remove")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {d.members.map((m) => (
                  <tr key={m.personId}>
                    <td>{m.fullName}</td>
                    <td>{m.communeName}</td>
                    <td>
                      {m.attended}/{sessionsTotal}
                    </td>
                    <td>
                      {editable ? (
                        <>
                          <input
                            type="text"
                            inputMode="decimal"
                            name={`score_${m.personId}`}
                            defaultValue={m.score ?? ""}
                            aria-label={t("classes.results.scoreOf", { name: m.fullName })}
                            aria-invalid={errors[`score_${m.personId}`] ? true : undefined}
                          />
                          {errors[`score_${m.personId}`] ? <p className="field-error">{errors[`score_${m.personId}`]}</p> : null}
                        </>
                      ) : (
                        (m.score ?? "—")
                      )}
                    </td>
                    <td>
                      {editable ? (
                        <select name={`result_${m.personId}`} defaultValue={m.passed === true ? "pass" : m.passed === false ? "fail" : ""} aria-label={t("classes.results.resultOf", { name: m.fullName })}>
                          <option value="">{t("classes.results.unset")}</option>
                          <option value="pass">{t("classes.results.pass")}</option>
                          <option value="fail">{t("classes.results.fail")}</option>
                        </select>
                      ) : m.passed === true ? (
                        t("classes.results.pass")
                      ) : m.passed === false ? (
                        t("classes.results.fail")
                      ) : (
                        t("classes.results.unset")
                      )}
                    </td>
                    {open ? null : (
                      <td>
                        {m.qualified ? t("classes.members.qualified") : t("classes.members.notQualified")}
                        {m.serial ? (
                          <>
                            {" "}
                            (<Link to={`/verify/${m.serial}`}>{m.serial}</Link>)
                          </>
                        ) : null}
                      </td>
                    )}
                    {editable ? (
                      <td>
                        <button type="submit" name="remove" value={m.personId} className="danger" aria-label={t("classes.members.removeLabel", { name: m.fullName })}>
                          {t("classes.members.remove")}
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {editable ? (
            <div className="actions" style={{ marginTop: "1rem" }}>
              <button type="submit" className="primary">
                {t("classes.results.save")}
              </button>
            </div>
          ) : null}
        </Form>
      )}
    </>
  );
}
