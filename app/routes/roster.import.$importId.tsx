// Roster import, step 2: the staged file's check result (counts, errors by
// row and column, rows to decide), then the all-or-nothing commit.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requirePermission } from "~/auth/auth.server";
import { Notice } from "~/components/form";
import { RosterImportErrors } from "~/components/roster-import-errors";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { formatDateTime } from "~/lib/dates";
import { titled } from "~/lib/meta";
import { commitImport, decideImport, getStagedImport } from "~/models/roster-import.server";

export const meta = titled("roster.import.title");

const SHOWN_ERRORS = 300;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "roster:import");
  const staged = await getStagedImport({ ...user, id: user.account.id }, params.importId ?? "");
  if (!staged) notFound();
  const url = new URL(request.url);
  const { plan } = staged;
  return {
    fileName: staged.fileName,
    expired: staged.expired,
    committedAt: staged.committedAt ? formatDateTime(staged.committedAt) : null,
    result: staged.result as { created: number; updated: number; unchanged: number } | null,
    justCommitted: url.searchParams.has("done"),
    counts: plan.counts,
    errors: plan.errors.slice(0, SHOWN_ERRORS),
    errorTotal: plan.errors.length,
    ambiguous: plan.ambiguous,
    updates: plan.updates,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "roster:import");
  const t = serverT(request);
  const id = params.importId ?? "";
  const actor = { ...user, id: user.account.id };
  const staged = await getStagedImport(actor, id);
  if (!staged) notFound();
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "decide") {
    const choices: Record<string, string> = {};
    for (const [key, value] of form) if (key.startsWith("row-") && typeof value === "string") choices[key.slice(4)] = value;
    const plan = await decideImport(actor, id, choices, t);
    if (!plan) return data({ message: t("roster.import.expired") }, { status: 409 });
    return redirect(`/roster/import/${id}`);
  }
  if (intent === "commit") {
    const result = await commitImport(actor, id, t, (context as { ip?: string }).ip);
    if (result.ok) return redirect(`/roster/import/${id}?done=1`);
    if (result.reason === "notFound") notFound();
    const message =
      result.reason === "expired" ? t("roster.import.expired") : result.reason === "already" ? t("roster.import.already", { at: formatDateTime(staged.committedAt) }) : t("roster.import.changed");
    return data({ message }, { status: 409 });
  }
  return data({ message: t("roster.import.noFile") }, { status: 400 });
}

export default function RosterImportPreview() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const c = d.counts;
  const undecided = c.ambiguous;
  const canCommit = !d.committedAt && !d.expired && d.errorTotal === 0 && undecided === 0;
  return (
    <>
      <p>
        <Link to="/people">{t("roster.import.back")}</Link>
      </p>
      <h1>{t("roster.import.previewTitle", { file: d.fileName })}</h1>
      {actionData ? <Notice kind="error">{actionData.message}</Notice> : null}
      {d.committedAt && d.result ? (
        <Notice kind="success">
          {t("roster.import.done", { ...d.result })} {d.justCommitted ? null : t("roster.import.already", { at: d.committedAt })}
        </Notice>
      ) : d.expired ? (
        <Notice kind="error">{t("roster.import.expired")}</Notice>
      ) : d.errorTotal ? (
        <Notice kind="error">{t("roster.import.hasErrors", { count: d.errorTotal })}</Notice>
      ) : undecided ? (
        <Notice kind="warning">{t("roster.import.mustDecide", { count: undecided })}</Notice>
      ) : c.create + c.update === 0 ? (
        <Notice kind="info">{t("roster.import.nothing")}</Notice>
      ) : (
        <Notice kind="info">{t("roster.import.ready")}</Notice>
      )}

      <section className="card">
        <h2>{t("roster.import.summary")}</h2>
        <dl className="facts" data-testid="import-counts">
          <dt>{t("roster.import.count.create")}</dt>
          <dd data-count="create">{c.create}</dd>
          <dt>{t("roster.import.count.update")}</dt>
          <dd data-count="update">{c.update}</dd>
          <dt>{t("roster.import.count.unchanged")}</dt>
          <dd data-count="unchanged">{c.unchanged}</dd>
          <dt>{t("roster.import.count.errors")}</dt>
          <dd data-count="errors">{c.errorRows}</dd>
          {d.ambiguous.length ? (
            <>
              <dt>{t("roster.import.count.ambiguous")}</dt>
              <dd data-count="ambiguous">{undecided}</dd>
            </>
          ) : null}
        </dl>
      </section>

      {d.errorTotal ? <RosterImportErrors errors={d.errors} total={d.errorTotal} /> : null}

      {d.ambiguous.length && !d.committedAt ? (
        <section className="card">
          <h2>{t("roster.import.ambiguousTitle")}</h2>
          <Form method="post" className="stack">
            {d.ambiguous.map((a) => (
              <fieldset key={a.line}>
                <legend>
                  {t("roster.import.row")} {a.line}: {a.fullName} — {a.reason}
                </legend>
                {a.candidates.map((cand) => (
                  <div key={cand.id}>
                    <input type="radio" id={`row-${a.line}-${cand.id}`} name={`row-${a.line}`} value={String(cand.id)} defaultChecked={a.decision === cand.id} required />
                    <label htmlFor={`row-${a.line}-${cand.id}`}>{t("roster.import.updateThis", { name: cand.label })}</label>
                  </div>
                ))}
                <div>
                  <input type="radio" id={`row-${a.line}-new`} name={`row-${a.line}`} value="new" defaultChecked={a.decision === "new"} required />
                  <label htmlFor={`row-${a.line}-new`}>{t("roster.import.createNew")}</label>
                </div>
              </fieldset>
            ))}
            <div className="actions">
              <button type="submit" name="intent" value="decide">
                {t("roster.import.decide")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {d.updates.length ? (
        <section>
          <h2>{t("roster.import.updatesTitle")}</h2>
          <TableWrap label={t("roster.import.updatesTitle")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("roster.import.row")}</th>
                  <th scope="col">{t("field.fullName")}</th>
                  <th scope="col">{t("roster.import.changes")}</th>
                </tr>
              </thead>
              <tbody>
                {d.updates.map((u) => (
                  <tr key={u.line}>
                    <td>{u.line}</td>
                    <td>{u.fullName}</td>
                    <td>{u.changes}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ) : null}

      {canCommit ? (
        <Form method="post" className="actions">
          <button type="submit" name="intent" value="commit" className="primary">
            {t("roster.import.commit")}
          </button>
        </Form>
      ) : null}
      <p>
        <Link to="/roster/import">{t("roster.import.again")}</Link>
      </p>
    </>
  );
}
