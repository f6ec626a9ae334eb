// A new training target for a province the officer manages.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/auth.server";
import { Notice } from "~/components/form";
import { TargetFields, type TargetFormState } from "~/components/targets-form";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { titled } from "~/lib/meta";
import { listCatalogue } from "~/models/learning.server";
import { createTarget, POSITIONS, provincesForManage, readTargetForm, validateTarget } from "~/models/targets.server";

export const meta = titled("targets.new");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "targets:manage");
  const [provinces, catalogue] = await Promise.all([provincesForManage(user), listCatalogue()]);
  return { provinces: provinces.map((p) => ({ id: p.id, fullName: p.fullName })), courses: catalogue.map((c) => ({ id: c.id, title: c.title })), positions: [...POSITIONS] };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "targets:manage");
  const t = serverT(request);
  const values = readTargetForm(await request.formData());
  const checked = await validateTarget(user, values, t);
  if (!checked.ok) return data({ errors: checked.errors, values, message: t("common.fixErrors") }, { status: 400 });
  const target = await createTarget(user, checked.input);
  return redirect(`/dashboard/${target.id}`);
}

export default function NewTarget() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const t = useT();
  const values: TargetFormState = a?.values ?? {
    provinceId: d.provinces.length === 1 ? String(d.provinces[0]!.id) : "",
    planRef: "",
    percent: "",
    startsOn: "",
    deadline: "",
    positions: ["ctv_ctxh", "nhan_vien_ctxh", "cong_chuc_vhxh"],
    courseIds: d.courses.slice(0, 1).map((c) => c.id),
    expiredCounts: "yes",
    note: "",
  };
  return (
    <>
      <p>
        <Link to="/targets">← {t("targets.title")}</Link>
      </p>
      <h1>{t("targets.new")}</h1>
      {a?.message ? <Notice kind="error">{a.message}</Notice> : null}
      <Form method="post" className="stack">
        <TargetFields values={values} errors={a?.errors ?? {}} provinces={d.provinces} courses={d.courses} positions={d.positions} />
        <div className="actions">
          <button type="submit" className="primary">
            {t("common.save")}
          </button>
        </div>
      </Form>
    </>
  );
}
