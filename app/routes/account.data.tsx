// Everything the system holds about the signed-in person (right of access),
// and the consents they gave, which they can withdraw.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/auth.server";
import { Notice } from "~/components/form";
import { RoleList } from "~/components/role-list";
import { useT } from "~/hooks";
import type { MessageKey } from "~/i18n";
import { formatDate, formatDateTime } from "~/lib/dates";
import { intId } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { maskNationalId } from "~/lib/national-id";
import { formatPhone } from "~/lib/phone";
import { myData, withdrawConsent } from "~/models/accounts.server";

export const meta = titled("myData.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const d = await myData(user.account.id);
  return {
    account: {
      displayName: d.account.displayName,
      phone: d.account.phone ? formatPhone(d.account.phone) : null,
      email: d.account.email,
      status: d.account.status,
      createdAt: formatDateTime(d.account.createdAt),
    },
    person: d.person
      ? {
          fullName: d.person.fullName,
          birthDate: formatDate(d.person.birthDate),
          gender: d.person.gender,
          phone: d.person.phone ? formatPhone(d.person.phone) : null,
          // Even to its owner the ID is shown masked: screens get photographed.
          nationalId: maskNationalId(d.person.nationalId),
          commune: d.commune,
          position: d.person.position,
          status: d.person.status,
          startedOn: formatDate(d.person.startedOn),
          leftOn: formatDate(d.person.leftOn),
        }
      : null,
    consents: d.consents.map((c) => ({
      id: c.id,
      version: c.noticeVersion,
      givenAt: formatDate(c.givenAt),
      withdrawnAt: c.withdrawnAt ? formatDate(c.withdrawnAt) : null,
    })),
    roles: d.roles.map((r) => ({ role: r.role, unit: r.unitName })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const id = intId(form.get("consentId"));
  const done = id ? await withdrawConsent(user.account.id, id) : false;
  return { withdrawn: done };
}

export default function MyData() {
  const { account, person, consents, roles } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("myData.title")}</h1>
      <p>{t("myData.lead")}</p>
      {actionData?.withdrawn ? <Notice kind="success">{t("myData.withdrawn")}</Notice> : null}
      <section className="card">
        <h2>{t("myData.person")}</h2>
        {person ? (
          <dl className="facts">
            <dt>{t("field.fullName")}</dt>
            <dd>{person.fullName}</dd>
            <dt>{t("field.birthDate")}</dt>
            <dd>{person.birthDate}</dd>
            <dt>{t("field.gender")}</dt>
            <dd>{person.gender ? t(`gender.${person.gender}` as MessageKey) : ""}</dd>
            <dt>{t("field.phone")}</dt>
            <dd>{person.phone}</dd>
            <dt>{t("field.nationalId")}</dt>
            <dd>{person.nationalId || t("common.none")}</dd>
            <dt>{t("field.commune")}</dt>
            <dd>{person.commune}</dd>
            <dt>{t("field.position")}</dt>
            <dd>{t(`position.${person.position}` as MessageKey)}</dd>
            <dt>{t("field.status")}</dt>
            <dd>{t(`status.${person.status}` as MessageKey)}</dd>
            <dt>{t("field.startedOn")}</dt>
            <dd>{person.startedOn}</dd>
          </dl>
        ) : (
          <p>{t("myData.noPerson")}</p>
        )}
      </section>
      <section className="card">
        <h2>{t("myData.account")}</h2>
        <dl className="facts">
          <dt>{t("field.phone")}</dt>
          <dd>{account.phone ?? ""}</dd>
          <dt>{t("field.email")}</dt>
          <dd>{account.email ?? ""}</dd>
          <dt>{t("field.status")}</dt>
          <dd>{t(`accountStatus.${account.status}` as MessageKey)}</dd>
          <dt>{t("account.roles")}</dt>
          <dd>
            <RoleList roles={roles} />
          </dd>
        </dl>
      </section>
      <section className="card">
        <h2>{t("myData.consents")}</h2>
        {consents.length === 0 ? <p>{t("common.none")}</p> : null}
        <ul>
          {consents.map((c) => (
            <li key={c.id}>
              {t("myData.consentGiven", { date: c.givenAt, version: c.version })}
              {c.withdrawnAt ? (
                <> — {t("myData.consentWithdrawn", { date: c.withdrawnAt })}</>
              ) : (
                <Form method="post">
                  <input type="hidden" name="consentId" value={c.id} />
                  <button type="submit" className="link-button">
                    {t("myData.withdraw")}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
