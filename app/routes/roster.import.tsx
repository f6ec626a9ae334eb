// Roster import, step 1: upload a file for a province; it is checked and
// staged, then the preview page (roster.import.$importId) shows the result.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/auth.server";
import { Notice, SelectField } from "~/components/form";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { titled } from "~/lib/meta";
import { MAX_IMPORT_BYTES } from "~/lib/tabular.server";
import { importProvinces, stageImport, type ImportError } from "~/models/roster-import.server";
import { RosterImportErrors } from "~/components/roster-import-errors";

export const meta = titled("roster.import.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "roster:import");
  const provinces = await importProvinces(user);
  return { provinces: provinces.map((p) => ({ id: p.id, fullName: p.fullName })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "roster:import");
  const t = serverT(request);
  const fail = (message: string, errors: ImportError[] = [], status = 400) => data({ message, errors: errors.slice(0, 200) }, { status });
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > MAX_IMPORT_BYTES + 64 * 1024) return fail(t("roster.import.tooBig"), [], 413);
  const form = await request.formData();
  const provinces = await importProvinces(user);
  const provinceId = provinces.length === 1 ? provinces[0]!.id : Number(form.get("provinceId"));
  if (!provinces.some((p) => p.id === provinceId)) return fail(t("roster.import.noProvince"));
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return fail(t("roster.import.noFile"));
  const staged = await stageImport({ ...user, id: user.account.id }, provinceId, file.name, new Uint8Array(await file.arrayBuffer()), t);
  if (!staged.ok) return fail(staged.errors[0]?.message ?? t("roster.import.badFile"), staged.errors);
  return redirect(`/roster/import/${staged.id}`);
}

export default function RosterImport() {
  const { provinces } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <p>
        <Link to="/people">{t("roster.import.back")}</Link>
      </p>
      <h1>{t("roster.import.title")}</h1>
      <p>{t("roster.import.lead")}</p>
      <p>
        <a href="/roster/template.xlsx" download>
          {t("roster.import.template")}
        </a>
      </p>
      {actionData ? <Notice kind="error">{actionData.message}</Notice> : null}
      {actionData && actionData.errors.length > 1 ? <RosterImportErrors errors={actionData.errors} total={actionData.errors.length} /> : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        {provinces.length > 1 ? (
          <SelectField name="provinceId" label={t("roster.import.province")} options={provinces.map((p) => ({ value: String(p.id), label: p.fullName }))} placeholder="" required />
        ) : null}
        <div className="field">
          <label htmlFor="file">{t("roster.import.file")}</label>
          <input id="file" name="file" type="file" accept=".xlsx,.csv" required />
        </div>
        <div className="actions">
          <button type="submit" name="intent" value="preview" className="primary">
            {t("roster.import.preview")}
          </button>
        </div>
      </Form>
    </>
  );
}
