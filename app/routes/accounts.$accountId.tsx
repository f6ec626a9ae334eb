// Roles of one account: see, add (inside the officer's own scope), remove.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requirePermission } from "~/auth/auth.server";
import { ROLES } from "~/auth/roles";
import { Notice, SelectField, TextField } from "~/components/form";
import { useT } from "~/hooks";
import type { MessageKey } from "~/i18n";
import { serverT } from "~/i18n/locale.server";
import { intId, str } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { assignRole, getAccountInScope, listRoles, revokeRole } from "~/models/accounts.server";
import type { Role } from "../../db/schema";

export const meta = titled("nav.account");

async function accountForRoles(request: Request, accountId: string | undefined) {
  const user = await requirePermission(request, "roles:assign");
  const id = intId(accountId);
  const target = id ? await getAccountInScope(user, id) : null;
  if (!target) notFound();
  return { user, target };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { target } = await accountForRoles(request, params.accountId);
  const roles = await listRoles(target.account.id);
  return {
    account: { id: target.account.id, name: target.account.displayName, personId: target.personId },
    roles: roles.map((r) => ({ id: r.id, role: r.role, unit: r.unitName, code: r.unitCode })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, target } = await accountForRoles(request, params.accountId);
  const t = serverT(request);
  const form = await request.formData();
  const actor = { ...user, id: user.account.id };
  const ip = (context as { ip?: string }).ip;
  if (form.get("intent") === "revoke") {
    const id = intId(form.get("assignmentId"));
    const result = id ? await revokeRole(actor, target.account.id, id, ip) : { ok: false as const, reason: "notFound" as const };
    if (!result.ok) {
      const message = result.reason === "self" ? t("roles.error.self") : t("roles.error.notAllowed");
      return data({ ok: false, message, values: {} as Record<string, string> }, { status: result.reason === "notFound" ? 404 : 403 });
    }
    return { ok: true, message: t("roles.removed"), values: {} as Record<string, string> };
  }
  const role = str(form, "role");
  const unitCode = str(form, "unitCode");
  const values = { role, unitCode };
  if (!ROLES.includes(role as Role)) return data({ ok: false, message: t("validation.choice", { field: t("roles.role").toLowerCase() }), values }, { status: 400 });
  const result = await assignRole(actor, target.account.id, role as Role, unitCode, ip);
  if (!result.ok) {
    const message = t(result.reason === "unit" ? "roles.error.unit" : result.reason === "exists" ? "roles.error.exists" : "roles.error.notAllowed");
    return data({ ok: false, message, values }, { status: result.reason === "notAllowed" ? 403 : 400 });
  }
  return { ok: true, message: t("roles.added"), values: {} as Record<string, string> };
}

export default function AccountRoles() {
  const { account, roles } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("roles.title", { name: account.name })}</h1>
      {actionData ? <Notice kind={actionData.ok ? "success" : "error"}>{actionData.message}</Notice> : null}
      <section className="card">
        <h2>{t("roles.current")}</h2>
        {roles.length === 0 ? <p>{t("common.none")}</p> : null}
        <ul>
          {roles.map((r) => (
            <li key={r.id}>
              {t(`role.${r.role}` as MessageKey)} — {r.unit ?? t("role.national")} {r.code ? `(${r.code})` : ""}
              <Form method="post" style={{ display: "inline", marginLeft: "0.75rem" }}>
                <input type="hidden" name="intent" value="revoke" />
                <input type="hidden" name="assignmentId" value={r.id} />
                <button type="submit" className="link-button">
                  {t("roles.remove")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>
      <section className="card">
        <h2>{t("roles.add")}</h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="assign" />
          <SelectField
            name="role"
            label={t("roles.role")}
            placeholder="—"
            required
            options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))}
            defaultValue={actionData?.values?.role}
          />
          <TextField name="unitCode" label={t("roles.unit")} hint={t("roles.unit.hint")} inputMode="numeric" defaultValue={actionData?.values?.unitCode} />
          <div className="actions">
            <button type="submit" className="primary">
              {t("roles.add")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
