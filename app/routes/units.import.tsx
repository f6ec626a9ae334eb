// Import the official list of administrative units: all rows or none.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { requirePermission } from "~/auth/auth.server";
import { Notice } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { MAX_IMPORT_BYTES } from "~/lib/tabular.server";
import { titled } from "~/lib/meta";
import { importUnits, readUnitFile, type ImportError } from "~/models/units.server";

export const meta = titled("units.import.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "units:import");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "units:import");
  const t = serverT(request);
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > MAX_IMPORT_BYTES + 64 * 1024) {
    return data({ ok: false, message: t("units.import.failed", { count: 1 }), errors: [{ line: null, field: null, message: "Tệp quá lớn (tối đa 10 MB)." }] as ImportError[] }, { status: 413 });
  }
  const form = await request.formData();
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) {
    return data({ ok: false, message: t("units.import.noFile"), errors: [] as ImportError[] }, { status: 400 });
  }
  const parsed = await readUnitFile(file.name, new Uint8Array(await file.arrayBuffer()));
  const result = await importUnits(parsed.units, parsed.errors, { id: user.account.id, ip: (context as { ip?: string }).ip, source: file.name });
  if (!result.ok) {
    return data({ ok: false, message: t("units.import.failed", { count: result.errors.length }), errors: result.errors.slice(0, 500) }, { status: 400 });
  }
  return { ok: true, message: t("units.import.done", { ...result.summary }), errors: [] as ImportError[] };
}

export default function ImportUnits() {
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("units.import.title")}</h1>
      <p>{t("units.import.lead")}</p>
      {actionData ? <Notice kind={actionData.ok ? "success" : "error"}>{actionData.message}</Notice> : null}
      {actionData?.errors.length ? (
        <TableWrap label={t("units.import.error")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("units.import.row")}</th>
                <th scope="col">{t("units.import.field")}</th>
                <th scope="col">{t("units.import.error")}</th>
              </tr>
            </thead>
            <tbody>
              {actionData.errors.map((e, i) => (
                <tr key={i}>
                  <td>{e.line ?? ""}</td>
                  <td>{e.field ?? ""}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <div className="field">
          <label htmlFor="file">{t("units.import.file")}</label>
          <input id="file" name="file" type="file" accept=".csv,.xlsx,.json" required />
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t("units.import.submit")}
          </button>
        </div>
      </Form>
    </>
  );
}
