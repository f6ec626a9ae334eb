// Activation with a one-time code printed by an officer (the slip's QR code
// opens /activate?code=…): set a password, give consent, and you are in.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getUser } from "~/auth/auth.server";
import { cookieExpiry, createSession, generateSessionToken, sessionCookie } from "~/auth/session.server";
import { ConsentField } from "~/components/consent";
import { Notice, TextField } from "~/components/form";
import { useT } from "~/hooks";
import type { MessageKey } from "~/i18n";
import { serverT } from "~/i18n/locale.server";
import { str, type FieldErrors } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { normalizePhone } from "~/lib/phone";
import { formatActivationCode, normalizeActivationCode } from "~/lib/activation-code";
import { activateAccount, checkActivationCode, passwordProblem } from "~/models/accounts.server";

export const meta = titled("activate.title");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/");
  const code = normalizeActivationCode(new URL(request.url).searchParams.get("code") ?? "");
  if (!code) return { code: "", person: null, error: null };
  const check = await checkActivationCode(code);
  if (!check.ok) return { code, person: null, error: `activate.error.${check.reason}` as MessageKey };
  return { code, person: { fullName: check.person.fullName, phone: check.person.phone ?? "" }, error: null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const t = serverT(request);
  const form = await request.formData();
  const code = normalizeActivationCode(str(form, "code"));
  const phoneInput = str(form, "phone");
  const password = String(form.get("password") ?? "");
  const confirm = String(form.get("passwordConfirm") ?? "");
  const errors: FieldErrors = {};
  const phone = normalizePhone(phoneInput);
  if (!phone) errors.phone = t("validation.phone");
  const problem = passwordProblem(password, confirm);
  if (problem) errors[problem === "mismatch" ? "passwordConfirm" : "password"] = t(`password.error.${problem}`);
  if (form.get("consent") !== "yes") errors.consent = t("consent.required");
  if (Object.keys(errors).length) return data({ errors, phone: phoneInput, message: t("common.fixErrors") }, { status: 400 });

  const ip = (context as { ip?: string }).ip;
  const result = await activateAccount(code, phone!, password, ip);
  if (!result.ok) {
    const message = t(`activate.error.${result.reason}` as MessageKey);
    const errors: FieldErrors = result.reason === "phoneTaken" ? { phone: message } : {};
    return data({ errors, phone: phoneInput, message }, { status: 409 });
  }
  const token = generateSessionToken();
  const session = await createSession(token, result.accountId, { ip, userAgent: request.headers.get("User-Agent") });
  return redirect("/", { headers: { "Set-Cookie": sessionCookie(request, token, cookieExpiry(session)) } });
}

export default function Activate() {
  const { code, person, error } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const errors: Record<string, string> = actionData?.errors ?? {};
  return (
    <>
      <h1>{t("activate.title")}</h1>
      <p>{t("activate.lead")}</p>
      {error ? <Notice kind="error">{t(error)}</Notice> : null}
      {actionData?.message ? <Notice kind="error">{actionData.message}</Notice> : null}
      {!person ? (
        <Form method="get" className="stack">
          <TextField
            name="code"
            label={t("activate.code")}
            hint={t("activate.code.hint")}
            autoComplete="one-time-code"
            autoCapitalize="characters"
            required
            defaultValue={code ? formatActivationCode(code) : ""}
          />
          <div className="actions">
            <button type="submit" className="primary">
              {t("activate.check")}
            </button>
          </div>
        </Form>
      ) : (
        <Form method="post" className="stack">
          <Notice kind="info">{t("activate.for", { name: person.fullName })}</Notice>
          <input type="hidden" name="code" value={code} />
          <TextField name="phone" type="tel" label={t("activate.phone")} autoComplete="tel" required defaultValue={actionData?.phone ?? person.phone} error={errors.phone} />
          <TextField name="password" type="password" label={t("register.password")} autoComplete="new-password" required error={errors.password} />
          <TextField name="passwordConfirm" type="password" label={t("register.passwordConfirm")} autoComplete="new-password" required error={errors.passwordConfirm} />
          <ConsentField error={errors.consent} />
          <div className="actions">
            <button type="submit" className="primary">
              {t("activate.submit")}
            </button>
          </div>
        </Form>
      )}
    </>
  );
}
