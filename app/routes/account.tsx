import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/auth.server";
import { Notice, TextField } from "~/components/form";
import { RoleList } from "~/components/role-list";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { titled } from "~/lib/meta";
import { maskPhone } from "~/lib/phone";
import { changePassword, passwordProblem } from "~/models/accounts.server";

export const meta = titled("account.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    name: user.account.displayName,
    login: user.account.email ?? maskPhone(user.account.phone),
    roles: user.roles.map((r) => ({ role: r.role, unit: r.unitName })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = serverT(request);
  const form = await request.formData();
  const current = String(form.get("currentPassword") ?? "");
  const next = String(form.get("newPassword") ?? "");
  const confirm = String(form.get("passwordConfirm") ?? "");
  const problem = passwordProblem(next, confirm);
  if (problem) {
    return data({ ok: false, errors: { [problem === "mismatch" ? "passwordConfirm" : "newPassword"]: t(`password.error.${problem}`) } as Record<string, string> }, { status: 400 });
  }
  const result = await changePassword(user.account.id, user.session.id, current, next);
  if (!result.ok) return data({ ok: false, errors: { currentPassword: t("password.error.current") } as Record<string, string> }, { status: 400 });
  return { ok: true, errors: {} as Record<string, string> };
}

export default function Account() {
  const { name, login, roles } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const errors = actionData?.errors ?? {};
  return (
    <>
      <h1>{t("account.title")}</h1>
      <section className="card">
        <h2>{t("account.profile")}</h2>
        <dl className="facts">
          <dt>{t("field.fullName")}</dt>
          <dd>{name}</dd>
          <dt>{t("login.identifier")}</dt>
          <dd>{login}</dd>
          <dt>{t("account.roles")}</dt>
          <dd>
            <RoleList roles={roles} />
          </dd>
        </dl>
        <p className="actions">
          <Link to="/account/sessions">{t("account.sessions")}</Link>
          <Link to="/account/data">{t("account.myData")}</Link>
        </p>
      </section>
      <section className="card">
        <h2>{t("account.changePassword")}</h2>
        {actionData?.ok ? <Notice kind="success">{t("account.passwordChanged")}</Notice> : null}
        <Form method="post" className="stack">
          <TextField name="currentPassword" type="password" label={t("account.currentPassword")} autoComplete="current-password" required error={errors.currentPassword} />
          <TextField name="newPassword" type="password" label={t("account.newPassword")} autoComplete="new-password" required error={errors.newPassword} />
          <TextField name="passwordConfirm" type="password" label={t("register.passwordConfirm")} autoComplete="new-password" required error={errors.passwordConfirm} />
          <div className="actions">
            <button type="submit" className="primary">
              {t("account.changePassword")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
