// Import commune boundaries (GeoJSON) for the target map: matched to
// communes by code, simplified, stored all or nothing.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { requirePermission } from "~/auth/auth.server";
import { Notice } from "~/components/form";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { titled } from "~/lib/meta";
import { featuresOf, importBoundaries, type BoundaryFeature } from "~/models/targets-map.server";

export const meta = titled("boundaries.title");

// Parsed whole (JSON.parse): 50 MB raised the server's RSS by ~250 MB, over
// the bound of decision 016 (class 5); 20 MB stays well within it.
const MAX_BYTES = 20 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "boundaries:import");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "boundaries:import");
  const t = serverT(request);
  const form = await request.formData();
  const files = form.getAll("file").filter((f): f is File => f instanceof File && f.size > 0);
  if (!files.length) return data({ ok: false, message: t("boundaries.noFile"), unmatched: [] as string[] }, { status: 400 });
  if (files.reduce((n, f) => n + f.size, 0) > MAX_BYTES) return data({ ok: false, message: t("boundaries.tooLarge"), unmatched: [] as string[] }, { status: 400 });
  const features: BoundaryFeature[] = [];
  for (const file of files) {
    try {
      features.push(...featuresOf(JSON.parse(await file.text())));
    } catch {
      return data({ ok: false, message: t("boundaries.badJson", { file: file.name }), unmatched: [] as string[] }, { status: 400 });
    }
  }
  const result = await importBoundaries(user, features);
  if (result.ok) return { ok: true, message: t("boundaries.done", { count: result.count, bytes: Math.round(result.bytes / 1024) }), unmatched: [] as string[] };
  if ("unmatched" in result) return data({ ok: false, message: t("boundaries.unmatched", { count: result.unmatched.length }), unmatched: result.unmatched.slice(0, 500) }, { status: 400 });
  return data({ ok: false, message: t("boundaries.noFeatures"), unmatched: [] as string[] }, { status: 400 });
}

export default function ImportBoundaries() {
  const a = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <p>
        <Link to="/targets">← {t("targets.title")}</Link>
      </p>
      <h1>{t("boundaries.title")}</h1>
      <p>{t("boundaries.lead")}</p>
      {a ? (
        <Notice kind={a.ok ? "success" : "error"}>
          {a.message}
          {a.unmatched.length ? (
            <ul data-testid="unmatched">
              {a.unmatched.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <div className="field">
          <label htmlFor="file">{t("boundaries.file")}</label>
          <input id="file" name="file" type="file" accept=".geojson,.json,application/geo+json,application/json" multiple required />
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t("boundaries.submit")}
          </button>
        </div>
      </Form>
    </>
  );
}
