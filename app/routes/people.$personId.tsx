// One person on the roster: details (phone and ID masked unless revealed,
// which is logged), edit, mark as left, account, and history.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requirePermission } from "~/auth/auth.server";
import { can, scopesFor } from "~/auth/permissions.server";
import { Notice, SelectField, TextField } from "~/components/form";
import { PersonFields } from "~/components/person-fields";
import { useT } from "~/hooks";
import type { MessageKey } from "~/i18n";
import { serverT } from "~/i18n/locale.server";
import { formatDate, formatDateTime, parseDate, todayInVietnam } from "~/lib/dates";
import { formValues, intId, str } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { maskNationalId } from "~/lib/national-id";
import { formatPhone, maskPhone } from "~/lib/phone";
import {
  communeForMove,
  communeForWrite,
  communesOfProvinceOf,
  getPersonInScope,
  logPiiView,
  markPersonLeft,
  personHistory,
  POSITIONS,
  updatePerson,
  validatePerson,
} from "~/models/people.server";
import { currentPeriodStart, periodsOf } from "~/models/roster.server";
import { communesInScope } from "~/models/scope.server";

export const meta = titled("people.title");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "people:read");
  const id = intId(params.personId);
  const person = id ? await getPersonInScope(user, id) : null;
  if (!person) notFound();
  const url = new URL(request.url);
  const canWrite = can(user, "people:write", person.communePath);
  const canPii = can(user, "people:pii", person.communePath);
  const reveal = canPii && url.searchParams.get("reveal") === "1";
  if (reveal && (person.phone || person.nationalId)) {
    await logPiiView(user.account.id, person.id, person.communeId, ["phone", "nationalId"], (context as { ip?: string }).ip);
  }
  const [communes, history, periods, moveTargets] = await Promise.all([
    canWrite ? communesInScope(scopesFor(user, "people:write")) : Promise.resolve([]),
    canWrite ? personHistory(person.id) : Promise.resolve([]),
    periodsOf(person.id),
    canWrite && person.status === "active" ? communesOfProvinceOf(person.communeId) : Promise.resolve([]),
  ]);
  return {
    person: {
      id: person.id,
      fullName: person.fullName,
      birthDate: formatDate(person.birthDate),
      gender: person.gender,
      phone: person.phone ? (reveal ? formatPhone(person.phone) : maskPhone(person.phone)) : "",
      nationalId: person.nationalId ? (reveal ? person.nationalId : maskNationalId(person.nationalId)) : "",
      position: person.position,
      status: person.status,
      startedOn: formatDate(person.startedOn),
      leftOn: formatDate(person.leftOn),
      commune: person.communeName,
      accountId: person.accountId,
      accountStatus: person.accountStatus,
    },
    // Edit form values: personal identifiers are only filled in when revealed.
    editValues: {
      fullName: person.fullName,
      birthDate: formatDate(person.birthDate),
      gender: person.gender ?? "",
      phone: reveal ? (person.phone ?? "") : "",
      nationalId: reveal ? (person.nationalId ?? "") : "",
      communeId: String(person.communeId),
      position: person.position,
      startedOn: formatDate(person.startedOn),
    },
    hasPii: !!(person.phone || person.nationalId),
    reveal,
    canWrite,
    canPii,
    canActivate: can(user, "activation:issue", person.communePath) && !person.accountId && person.status === "active",
    canManageRoles: !!person.accountId && can(user, "roles:assign", person.communePath),
    communes,
    history: history.map((h) => ({ at: formatDateTime(h.at), action: h.action, actor: h.actor ?? "—" })),
    // The roster history (staff periods), oldest first.
    periods: periods.map((p) => ({
      id: p.id,
      commune: p.communeName,
      position: p.position,
      from: formatDate(p.startedOn),
      to: formatDate(p.endedOn),
      endReason: p.endReason,
    })),
    moveTargets: moveTargets.filter((c) => c.id !== person.communeId).map((c) => ({ value: String(c.id), label: c.fullName })),
    today: formatDate(todayInVietnam()),
    created: url.searchParams.has("created"),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "people:write");
  const t = serverT(request);
  const id = intId(params.personId);
  const person = id ? await getPersonInScope(user, id) : null;
  if (!person || !can(user, "people:write", person.communePath)) notFound();
  const ip = (context as { ip?: string }).ip;
  const actor = { ...user, id: user.account.id };
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "move" || intent === "position") {
    const fail = (errors: Record<string, string>) => data({ intent, errors, values: formValues(form), ok: false }, { status: 400 });
    const dateField = intent === "move" ? "movedOn" : "changedOn";
    const on = parseDate(str(form, dateField));
    if (person.status !== "active") notFound();
    if (!on || on > todayInVietnam()) return fail({ [dateField]: t("roster.effective.invalid") });
    const periodStart = await currentPeriodStart(person.id);
    if (periodStart && on < periodStart) return fail({ [dateField]: t("roster.effective.beforeCurrent", { date: formatDate(periodStart) }) });
    const input = {
      fullName: person.fullName,
      birthDate: person.birthDate,
      gender: person.gender,
      phone: person.phone,
      nationalId: person.nationalId,
      communeId: person.communeId,
      position: person.position,
      startedOn: person.startedOn,
    };
    if (intent === "move") {
      const to = intId(str(form, "moveTo"));
      if (!to || to === person.communeId) return fail({ moveTo: t("roster.move.same") });
      const target = await communeForMove(user, person.communeId, to);
      if (!target) return fail({ moveTo: t("validation.commune") });
      await updatePerson(actor, person.id, { ...input, communeId: target.id }, ip, on);
      // Moved out of the officer's own scope: the person's page is no longer theirs to see.
      if (!can(user, "people:read", target.path)) return redirect(`/people?movedTo=${encodeURIComponent(target.fullName)}&name=${encodeURIComponent(person.fullName)}`);
      return { intent, errors: {} as Record<string, string>, values: {} as Record<string, string>, ok: true, message: t("roster.move.done", { commune: target.fullName }) };
    }
    const position = str(form, "newPosition");
    if (!POSITIONS.includes(position as never)) return fail({ newPosition: t("validation.choice", { field: t("field.position").toLowerCase() }) });
    if (position === person.position) return fail({ newPosition: t("roster.position.same") });
    await updatePerson(actor, person.id, { ...input, position: position as typeof person.position }, ip, on);
    return { intent, errors: {} as Record<string, string>, values: {} as Record<string, string>, ok: true, message: t("roster.position.done") };
  }
  if (intent === "left") {
    const leftOn = parseDate(str(form, "leftOn"));
    if (!leftOn || leftOn > todayInVietnam())
      return data({ intent: "left", errors: { leftOn: t("validation.date", { field: t("field.leftOn") }) } as Record<string, string>, values: {} as Record<string, string>, ok: false }, { status: 400 });
    if (person.startedOn && leftOn < person.startedOn)
      return data({ intent: "left", errors: { leftOn: t("validation.leftBeforeStart") } as Record<string, string>, values: {} as Record<string, string>, ok: false }, { status: 400 });
    const periodStart = await currentPeriodStart(person.id);
    if (periodStart && leftOn < periodStart)
      return data({ intent: "left", errors: { leftOn: t("roster.effective.beforeCurrent", { date: formatDate(periodStart) }) } as Record<string, string>, values: {} as Record<string, string>, ok: false }, { status: 400 });
    await markPersonLeft(actor, person.id, leftOn, ip);
    return { intent: "left", errors: {} as Record<string, string>, values: {} as Record<string, string>, ok: true };
  }
  const values = formValues(form);
  // Blank phone / ID fields mean "unchanged" unless the officer revealed and cleared them.
  const keepPii = form.get("revealed") !== "1";
  const checked = validatePerson(values, t);
  if (!checked.ok) return data({ intent: "edit", errors: checked.errors, values, ok: false }, { status: 400 });
  if (!(await communeForWrite(user, checked.input.communeId))) {
    return data({ intent: "edit", errors: { communeId: t("validation.commune") } as Record<string, string>, values, ok: false }, { status: 400 });
  }
  const input = { ...checked.input };
  if (keepPii) {
    if (!values.phone) input.phone = person.phone;
    if (!values.nationalId) input.nationalId = person.nationalId;
  }
  await updatePerson(actor, person.id, input, ip);
  return { intent: "edit", errors: {} as Record<string, string>, values: {} as Record<string, string>, ok: true };
}

export default function PersonPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const p = d.person;
  const editErrors = actionData?.intent === "edit" ? actionData.errors : {};
  const editValues = actionData?.intent === "edit" && !actionData.ok ? actionData.values : d.editValues;
  return (
    <>
      <p>
        <Link to="/people">← {t("people.title")}</Link>
      </p>
      <h1>{p.fullName}</h1>
      {d.created ? <Notice kind="success">{t("people.created", { name: p.fullName })}</Notice> : null}
      {actionData?.ok && actionData.intent === "edit" ? <Notice kind="success">{t("people.updated")}</Notice> : null}
      {actionData?.ok && actionData.intent === "left" ? <Notice kind="success">{t("people.markedLeft")}</Notice> : null}
      {actionData?.ok && (actionData.intent === "move" || actionData.intent === "position") && "message" in actionData ? <Notice kind="success">{actionData.message}</Notice> : null}
      <section className="card">
        <dl className="facts">
          <dt>{t("field.birthDate")}</dt>
          <dd>{p.birthDate}</dd>
          <dt>{t("field.gender")}</dt>
          <dd>{p.gender ? t(`gender.${p.gender}` as MessageKey) : ""}</dd>
          <dt>{t("field.phone")}</dt>
          <dd>{p.phone}</dd>
          <dt>{t("field.nationalId")}</dt>
          <dd>{p.nationalId || t("common.none")}</dd>
          <dt>{t("field.commune")}</dt>
          <dd>{p.commune}</dd>
          <dt>{t("field.position")}</dt>
          <dd>{t(`position.${p.position}` as MessageKey)}</dd>
          <dt>{t("field.status")}</dt>
          <dd>
            {t(`status.${p.status}` as MessageKey)}
            {p.leftOn ? ` (${p.leftOn})` : ""}
          </dd>
          <dt>{t("field.startedOn")}</dt>
          <dd>{p.startedOn}</dd>
          <dt>{t("people.account")}</dt>
          <dd>{t(`accountStatus.${p.accountStatus ?? "none"}` as MessageKey)}</dd>
        </dl>
        {d.hasPii && d.canPii && !d.reveal ? (
          <p className="hint">
            {t("people.masked")} <Link to="?reveal=1">{t("people.reveal")}</Link>
          </p>
        ) : null}
        <p className="actions">
          {d.canActivate ? <Link to={`/people/${p.id}/activation`}>{t("people.activation")}</Link> : null}
          {d.canManageRoles && p.accountId ? <Link to={`/accounts/${p.accountId}`}>{t("people.manageRoles")}</Link> : null}
        </p>
      </section>
      {d.periods.length ? (
        <section className="card">
          <h2>{t("roster.timeline")}</h2>
          <ol className="timeline">
            {d.periods.map((period) => (
              <li key={period.id}>
                <strong>
                  {period.from} – {period.to || t("roster.timeline.now")}
                </strong>
                : {t(`position.${period.position}` as MessageKey)}, {period.commune}
                {period.endReason ? ` (${t(`roster.timeline.end.${period.endReason}` as MessageKey)})` : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {d.canWrite && p.status === "active" ? (
        <>
          {d.moveTargets.length ? (
            <section className="card">
              <h2>{t("roster.move.title")}</h2>
              <p className="hint">{t("roster.move.lead")}</p>
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="move" />
                <SelectField
                  name="moveTo"
                  label={t("roster.move.to")}
                  options={d.moveTargets}
                  placeholder=""
                  required
                  error={actionData?.intent === "move" ? actionData.errors.moveTo : null}
                />
                <TextField
                  name="movedOn"
                  label={t("roster.move.on")}
                  placeholder="dd/mm/yyyy"
                  defaultValue={d.today}
                  required
                  error={actionData?.intent === "move" ? actionData.errors.movedOn : null}
                />
                <div className="actions">
                  <button type="submit">{t("roster.move.submit")}</button>
                </div>
              </Form>
            </section>
          ) : null}
          <section className="card">
            <h2>{t("roster.position.title")}</h2>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="position" />
              <SelectField
                name="newPosition"
                label={t("roster.position.new")}
                options={(["ctv_ctxh", "cong_chuc_vhxh", "nhan_vien_ctxh", "other"] as const).filter((x) => x !== p.position).map((x) => ({ value: x, label: t(`position.${x}` as MessageKey) }))}
                placeholder=""
                required
                error={actionData?.intent === "position" ? actionData.errors.newPosition : null}
              />
              <TextField
                name="changedOn"
                label={t("roster.position.on")}
                placeholder="dd/mm/yyyy"
                defaultValue={d.today}
                required
                error={actionData?.intent === "position" ? actionData.errors.changedOn : null}
              />
              <div className="actions">
                <button type="submit">{t("roster.position.submit")}</button>
              </div>
            </Form>
          </section>
        </>
      ) : null}
      {d.canWrite ? (
        <>
          <section className="card">
            <h2>{t("people.edit")}</h2>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="edit" />
              <input type="hidden" name="revealed" value={d.reveal ? "1" : "0"} />
              <PersonFields values={editValues} errors={editErrors} communes={d.communes} withNationalId withStartedOn />
              <div className="actions">
                <button type="submit" className="primary">
                  {t("common.save")}
                </button>
              </div>
            </Form>
          </section>
          {p.status === "active" ? (
            <section className="card">
              <h2>{t("people.markLeft")}</h2>
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="left" />
                <TextField
                  name="leftOn"
                  label={t("people.markLeft.date")}
                  placeholder="dd/mm/yyyy"
                  required
                  error={actionData?.intent === "left" ? actionData.errors.leftOn : null}
                />
                <div className="actions">
                  <button type="submit" className="danger">
                    {t("people.markLeft")}
                  </button>
                </div>
              </Form>
            </section>
          ) : null}
          {d.history.length ? (
            <section className="card">
              <h2>{t("people.history")}</h2>
              <ul>
                {d.history.map((h, i) => (
                  <li key={i}>
                    {h.at} — {h.actor}: <code>{h.action}</code>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}
