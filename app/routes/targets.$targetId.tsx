// Edit or delete a training target (its province's officers and the admin).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requirePermission } from "~/auth/auth.server";
import { Notice } from "~/components/form";
import { TargetFields, type TargetFormState } from "~/components/targets-form";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { formatDate } from "~/lib/dates";
import { intId } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { listCatalogue } from "~/models/learning.server";
import { canManageTarget, deleteTarget, getTarget, POSITIONS, provincesForManage, readTargetForm, updateTarget, validateTarget } from "~/models/targets.server";

export const meta = titled("targets.edit");

async function load(request: Request, targetId: string | undefined) {
  const user = await requirePermission(request, "targets:manage");
  const id = intId(targetId);
  const target = id ? await getTarget(user, id) : null;
  // Out of scope looks the same as missing.
  if (!target || !canManageTarget(user, target)) notFound();
  return { user, target };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, target } = await load(request, params.targetId);
  const [provinces, catalogue] = await Promise.all([provincesForManage(user), listCatalogue()]);
  const values: TargetFormState = {
    provinceId: String(target.provinceId),
    planRef: target.planRef,
    percent: String(target.percent).replace(".", ","),
    startsOn: formatDate(target.startsOn),
    deadline: formatDate(target.deadline),
    positions: target.positions,
    courseIds: target.courseIds,
    expiredCounts: target.expiredCounts ? "yes" : "no",
    note: target.note ?? "",
  };
  const url = new URL(request.url);
  return { id: target.id, values, saved: url.searchParams.has("saved"), provinces: provinces.map((p) => ({ id: p.id, fullName: p.fullName })), courses: catalogue.map((c) => ({ id: c.id, title: c.title })), positions: [...POSITIONS] };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, target } = await load(request, params.targetId);
  const t = serverT(request);
  const form = await request.formData();
  if (form.get("intent") === "delete") {
    await deleteTarget(user, target);
    return redirect("/targets?deleted=1");
  }
  const values = readTargetForm(form);
  const checked = await validateTarget(user, values, t);
  if (!checked.ok) return data({ errors: checked.errors, values, message: t("common.fixErrors") }, { status: 400 });
  await updateTarget(user, target, checked.input);
  return redirect(`/targets/${target.id}?saved=1`);
}

export default function EditTarget() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <p>
        <Link to="/targets">← {t("targets.title")}</Link> · <Link to={`/dashboard/${d.id}`}>{t("targets.open")}</Link>
      </p>
      <h1>{t("targets.edit")}</h1>
      {a?.message ? <Notice kind="error">{a.message}</Notice> : d.saved ? <Notice kind="success">{t("targets.saved")}</Notice> : null}
      <Form method="post" className="stack">
        <TargetFields values={a?.values ?? d.values} errors={a?.errors ?? {}} provinces={d.provinces} courses={d.courses} positions={d.positions} />
        <div className="actions">
          <button type="submit" className="primary">
            {t("common.save")}
          </button>
        </div>
      </Form>
      <Form method="post">
        <input type="hidden" name="intent" value="delete" />
        <p className="hint">{t("targets.deleteConfirm")}</p>
        <button type="submit" className="danger">
          {t("targets.delete")}
        </button>
      </Form>
    </>
  );
}
