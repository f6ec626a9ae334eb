// Settings of a province's issuing body: letterhead, place, signer, serial
// prefix (only before the first certificate) and logo. For the province's
// own officers and the administrator; another province's page is 404.
// A failed save keeps everything typed, and a logo that was accepted is
// carried in the form (as its processed data URL) so it need not be chosen again.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { notFound, requirePermission } from "~/auth/auth.server";
import { can } from "~/auth/permissions.server";
import { Notice, TextField } from "~/components/form";
import { db } from "~/db.server";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { todayInVietnam } from "~/lib/dates";
import { intId, str } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { normalizeName } from "~/lib/names";
import { formatSerial, issuedCount, issuingBodyForProvince, updateIssuingBody } from "~/models/certificates.server";
import { MAX_LOGO_UPLOAD_BYTES, processLogo } from "~/pdf/logo.server";
import { placeAndDate } from "~/pdf/certificate.server";
import { adminUnits } from "../../db/schema";

export const meta = titled("certdocs.bodies.title");

const FIELDS = ["parentName", "name", "place", "signerTitle", "signerName", "serialPrefix"] as const;
type Field = (typeof FIELDS)[number];
const MAX: Record<Field, number> = { parentName: 200, name: 200, place: 60, signerTitle: 120, signerName: 80, serialPrefix: 10 };

async function provinceInScope(request: Request, unitId: string | undefined) {
  const user = await requirePermission(request, "certificates:settings");
  const id = intId(unitId);
  const [unit] = id ? await db.select().from(adminUnits).where(eq(adminUnits.id, id)) : [];
  if (!unit || unit.level !== "province" || !can(user, "certificates:settings", unit.path)) notFound();
  return { user, unit };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { unit } = await provinceInScope(request, params.unitId);
  const body = await issuingBodyForProvince(unit.id);
  const issued = await issuedCount(body.id);
  return {
    province: unit.fullName,
    body: {
      parentName: body.parentName ?? "",
      name: body.name,
      place: body.place,
      signerTitle: body.signerTitle,
      signerName: body.signerName,
      serialPrefix: body.serialPrefix,
    },
    logo: body.logo,
    issued,
    // Examples for the hints, built with the same code the PDF and the numbering use.
    placeExample: placeAndDate(body.place, todayInVietnam()),
    serialExample: formatSerial(body.serialPrefix, Number(todayInVietnam().slice(0, 4)), 1),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, unit } = await provinceInScope(request, params.unitId);
  const t = serverT(request);
  const body = await issuingBodyForProvince(unit.id);
  const label: Record<Field, string> = {
    parentName: t("certdocs.body.parentName"),
    name: t("certdocs.body.name"),
    place: t("certdocs.body.place"),
    signerTitle: t("certdocs.body.signerTitle"),
    signerName: t("certdocs.body.signerName"),
    serialPrefix: t("certdocs.body.serialPrefix"),
  };
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_LOGO_UPLOAD_BYTES + 64 * 1024) {
    // Too big to read: nothing typed can come back, but say exactly why.
    return data({ ok: false, message: t("certdocs.body.logoTooLarge"), errors: { logo: t("certdocs.body.logoTooLarge") } as Record<string, string>, values: null, pendingLogo: null }, { status: 413 });
  }
  const form = await request.formData();
  const values = Object.fromEntries(FIELDS.map((f) => [f, normalizeName(str(form, f))])) as Record<Field, string>;
  values.serialPrefix = values.serialPrefix.toUpperCase();
  const errors: Record<string, string> = {};
  for (const f of FIELDS) {
    if (!values[f] && f !== "parentName") errors[f] = t("certdocs.body.required", { field: label[f].toLowerCase() });
    else if (values[f].length > MAX[f]) errors[f] = t("certdocs.body.tooLong", { field: label[f], max: MAX[f] });
  }
  if (!errors.serialPrefix && !/^[A-Z0-9]{2,10}$/.test(values.serialPrefix)) errors.serialPrefix = t("certdocs.body.prefixFormat");

  // The logo: a new file, or one accepted on a previous (failed) submit, or removal.
  let logo: string | null | undefined = undefined;
  const file = form.get("logo");
  const pending = str(form, "pendingLogo");
  if (file instanceof File && file.size > 0) {
    const result = await processLogo(new Uint8Array(await file.arrayBuffer()));
    if (result.ok) logo = result.dataUrl;
    else errors.logo = t(result.reason === "tooLarge" ? "certdocs.body.logoTooLarge" : result.reason === "type" ? "certdocs.body.logoType" : "certdocs.body.logoUnreadable");
  } else if (pending) {
    // Came back from the browser: decoded and re-encoded again, never trusted as is.
    const match = /^data:image\/(?:png|jpeg);base64,([A-Za-z0-9+/=]+)$/.exec(pending);
    const result = match ? await processLogo(Buffer.from(match[1]!, "base64")) : null;
    if (result?.ok) logo = result.dataUrl;
  } else if (form.get("removeLogo") === "on") {
    logo = null;
  }
  const fail = (status = 400) =>
    data({ ok: false, message: t("certdocs.body.invalid"), errors, values, pendingLogo: typeof logo === "string" ? logo : null }, { status });
  if (Object.keys(errors).length) return fail();

  const result = await updateIssuingBody(
    body.id,
    {
      parentName: values.parentName || null,
      name: values.name,
      place: values.place,
      signerTitle: values.signerTitle,
      signerName: values.signerName,
      serialPrefix: values.serialPrefix,
      logo,
    },
    { id: user.account.id, ip: (context as { ip?: string }).ip },
  );
  if (!result.ok) {
    errors.serialPrefix =
      result.reason === "prefixTaken"
        ? t("certdocs.body.prefixTaken", { prefix: values.serialPrefix })
        : t("certdocs.body.serialPrefixLocked", { count: await issuedCount(body.id), prefix: body.serialPrefix });
    return fail(409);
  }
  return { ok: true, message: t("certdocs.body.saved"), errors: {} as Record<string, string>, values: null, pendingLogo: null };
}

export default function IssuingBodySettings() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const errors = actionData?.errors ?? {};
  const v = actionData?.values ?? d.body;
  const pendingLogo = actionData?.pendingLogo ?? null;
  const locked = d.issued > 0;
  return (
    <>
      <p>
        <Link to="/certificates/bodies">← {t("certdocs.bodies.title")}</Link>
      </p>
      <h1>{t("certdocs.body.title", { province: d.province })}</h1>
      {actionData ? <Notice kind={actionData.ok ? "success" : "error"}>{actionData.message}</Notice> : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <TextField name="parentName" label={t("certdocs.body.parentName")} hint={t("certdocs.body.parentNameHint")} defaultValue={v.parentName} error={errors.parentName} maxLength={200} />
        <TextField name="name" label={t("certdocs.body.name")} hint={t("certdocs.body.nameHint")} defaultValue={v.name} error={errors.name} maxLength={200} required />
        <TextField
          name="place"
          label={t("certdocs.body.place")}
          hint={t("certdocs.body.placeHint", { example: d.placeExample })}
          defaultValue={v.place}
          error={errors.place}
          maxLength={60}
          required
        />
        <TextField name="signerTitle" label={t("certdocs.body.signerTitle")} hint={t("certdocs.body.signerTitleHint")} defaultValue={v.signerTitle} error={errors.signerTitle} maxLength={120} required />
        <TextField name="signerName" label={t("certdocs.body.signerName")} defaultValue={v.signerName} error={errors.signerName} maxLength={80} required />
        {locked ? (
          <div className="field">
            <span>{t("certdocs.body.serialPrefix")}</span>
            <p>
              <strong>{d.body.serialPrefix}</strong> — <span className="muted">{t("certdocs.body.serialPrefixLocked", { count: d.issued, prefix: d.body.serialPrefix })}</span>
            </p>
            <input type="hidden" name="serialPrefix" value={d.body.serialPrefix} />
            {errors.serialPrefix ? <p className="field-error">{errors.serialPrefix}</p> : null}
          </div>
        ) : (
          <TextField
            name="serialPrefix"
            label={t("certdocs.body.serialPrefix")}
            hint={t("certdocs.body.serialPrefixHint", { example: d.serialExample })}
            defaultValue={v.serialPrefix}
            error={errors.serialPrefix}
            maxLength={10}
            required
          />
        )}
        <div className="field">
          <label htmlFor="logo">{t("certdocs.body.logo")}</label>
          <span id="logo-hint" className="hint">
            {t("certdocs.body.logoHint")}
          </span>
          {pendingLogo ? (
            <p>
              <img src={pendingLogo} alt={t("certdocs.body.logo")} style={{ maxWidth: 96, maxHeight: 96 }} /> {t("certdocs.body.logoPending")}
              <input type="hidden" name="pendingLogo" value={pendingLogo} />
            </p>
          ) : d.logo ? (
            <p>
              <img src={d.logo} alt={t("certdocs.body.logoCurrent")} style={{ maxWidth: 96, maxHeight: 96 }} />
            </p>
          ) : null}
          <input
            id="logo"
            name="logo"
            type="file"
            accept="image/png,image/jpeg"
            aria-invalid={errors.logo ? true : undefined}
            aria-describedby={errors.logo ? "logo-hint logo-error" : "logo-hint"}
          />
          {errors.logo ? (
            <p id="logo-error" className="field-error">
              {errors.logo}
            </p>
          ) : null}
          {d.logo && !pendingLogo ? (
            <label className="checkbox">
              <input type="checkbox" name="removeLogo" /> {t("certdocs.body.logoRemove")}
            </label>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t("certdocs.body.save")}
          </button>
        </div>
      </Form>
    </>
  );
}
