// Self-registration: choose the province (a GET form, so it works without
// JavaScript), then the commune and personal details. The account stays
// pending until an officer of the commune or province approves it.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getUser } from "~/auth/auth.server";
import { ConsentField } from "~/components/consent";
import { Notice, SelectField, TextField } from "~/components/form";
import { PersonFields } from "~/components/person-fields";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { formValues, type FieldErrors } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { passwordProblem, register } from "~/models/accounts.server";
import { validatePerson } from "~/models/people.server";
import { getUnit, getUnitByCode, listCommunesUnder, listProvinces } from "~/models/units.server";

export const meta = titled("register.title");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/");
  const url = new URL(request.url);
  const provinces = (await listProvinces()).map((p) => ({ code: p.code, fullName: p.fullName }));
  const province = url.searchParams.get("province");
  const unit = province ? await getUnitByCode(province) : null;
  const communes = unit && unit.level === "province" ? await listCommunesUnder(unit.path) : [];
  return { provinces, province: unit?.level === "province" ? unit.code : null, communes, done: url.searchParams.has("done") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const t = serverT(request);
  const form = await request.formData();
  const values = formValues(form);
  const password = String(form.get("password") ?? "");
  const confirm = String(form.get("passwordConfirm") ?? "");
  const checked = validatePerson(values, t);
  const errors: FieldErrors = checked.ok ? {} : { ...checked.errors };
  if (!values.phone && !errors.phone) errors.phone = t("validation.required", { field: t("field.phone").toLowerCase() });
  const problem = passwordProblem(password, confirm);
  if (problem) errors[problem === "mismatch" ? "passwordConfirm" : "password"] = t(`password.error.${problem}`);
  if (form.get("consent") !== "yes") errors.consent = t("consent.required");
  if (checked.ok) {
    const commune = await getUnit(checked.input.communeId);
    const province = values.province ? await getUnitByCode(values.province) : null;
    if (!commune || commune.level !== "commune" || commune.mergedIntoId || (province && !commune.path.startsWith(province.path))) {
      errors.communeId = t("validation.commune");
    }
  }
  if (Object.keys(errors).length || !checked.ok) {
    return data({ errors, values, message: t("common.fixErrors") }, { status: 400 });
  }
  // Whether a number already has an account is said only to a submission
  // that is valid in every other respect (not to a probe with an empty form).
  const result = await register({ ...checked.input, phone: checked.input.phone! }, password, (context as { ip?: string }).ip);
  if (!result.ok) {
    return data({ errors: { phone: t("validation.phoneTaken") }, values, message: t("common.fixErrors") }, { status: 409 });
  }
  return redirect("/register?done=1");
}

export default function Register() {
  const { provinces, province, communes, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  if (done) {
    return (
      <>
        <h1>{t("register.done.title")}</h1>
        <Notice kind="success">{t("register.done.body")}</Notice>
      </>
    );
  }
  const values: Record<string, string> = actionData?.values ?? {};
  const errors: Record<string, string> = actionData?.errors ?? {};
  return (
    <>
      <h1>{t("register.title")}</h1>
      <p>{t("register.lead")}</p>
      {actionData?.message ? <Notice kind="error">{actionData.message}</Notice> : null}
      <Form method="get" className="stack">
        <SelectField
          name="province"
          label={t("register.province")}
          placeholder={t("register.chooseProvince")}
          options={provinces.map((p) => ({ value: p.code, label: p.fullName }))}
          defaultValue={province ?? ""}
          required
        />
        <div className="actions">
          <button type="submit" className="secondary">
            {t("register.next")}
          </button>
        </div>
      </Form>
      {province ? (
        <Form method="post" className="stack" style={{ marginTop: "1.5rem" }}>
          <input type="hidden" name="province" value={province} />
          <PersonFields values={values} errors={errors} communes={communes} phoneRequired />
          <TextField name="password" type="password" label={t("register.password")} autoComplete="new-password" required error={errors.password} />
          <TextField name="passwordConfirm" type="password" label={t("register.passwordConfirm")} autoComplete="new-password" required error={errors.passwordConfirm} />
          <ConsentField error={errors.consent} />
          <div className="actions">
            <button type="submit" className="primary">
              {t("register.submit")}
            </button>
          </div>
        </Form>
      ) : null}
    </>
  );
}
