// Pending self-registrations in the officer's scope: approve or reject.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/auth.server";
import { Notice } from "~/components/form";
import { useT } from "~/hooks";
import type { MessageKey } from "~/i18n";
import { serverT } from "~/i18n/locale.server";
import { formatDate, formatDateTime } from "~/lib/dates";
import { intId } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { formatPhone } from "~/lib/phone";
import { decideRegistration, listPendingAccounts } from "~/models/accounts.server";

export const meta = titled("approvals.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "accounts:approve");
  const pending = await listPendingAccounts(user);
  return {
    pending: pending.map((p) => ({
      accountId: p.accountId,
      fullName: p.fullName,
      birthDate: formatDate(p.birthDate),
      // The officer must be able to call the applicant to check who they are.
      phone: p.phone ? formatPhone(p.phone) : "",
      position: p.position,
      commune: p.communeName,
      createdAt: formatDateTime(p.createdAt),
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "accounts:approve");
  const t = serverT(request);
  const form = await request.formData();
  const accountId = intId(form.get("accountId"));
  const decision = form.get("decision");
  if (!accountId || (decision !== "approve" && decision !== "reject")) {
    return data({ ok: false, message: t("error.400.body") }, { status: 400 });
  }
  const result = await decideRegistration({ ...user, id: user.account.id }, accountId, decision, (context as { ip?: string }).ip);
  if (!result.ok) {
    if (result.reason === "notFound") throw new Response("Not Found", { status: 404 });
    return data({ ok: false, message: t("approvals.notPending") }, { status: 409 });
  }
  return { ok: true, message: t(decision === "approve" ? "approvals.approved" : "approvals.rejected", { name: result.name }) };
}

export default function Approvals() {
  const { pending } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("approvals.title")}</h1>
      <p>{t("approvals.lead")}</p>
      {actionData ? <Notice kind={actionData.ok ? "success" : "error"}>{actionData.message}</Notice> : null}
      {pending.length === 0 ? <p>{t("approvals.empty")}</p> : null}
      {pending.map((p) => (
        <div className="card" key={p.accountId}>
          <h2>{p.fullName}</h2>
          <dl className="facts">
            <dt>{t("field.birthDate")}</dt>
            <dd>{p.birthDate}</dd>
            <dt>{t("field.phone")}</dt>
            <dd>{p.phone}</dd>
            <dt>{t("field.commune")}</dt>
            <dd>{p.commune}</dd>
            <dt>{t("field.position")}</dt>
            <dd>{t(`position.${p.position}` as MessageKey)}</dd>
            <dt>{t("approvals.registeredAt")}</dt>
            <dd>{p.createdAt}</dd>
          </dl>
          <Form method="post" className="actions">
            <input type="hidden" name="accountId" value={p.accountId} />
            <button type="submit" name="decision" value="approve" className="primary">
              {t("approvals.approve")}
            </button>
            <button type="submit" name="decision" value="reject" className="danger">
              {t("approvals.reject")}
            </button>
          </Form>
        </div>
      ))}
    </>
  );
}
