import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getUser, login, safeRedirect } from "~/auth/auth.server";
import { deviceCookie, readDeviceTokens } from "~/auth/device.server";
import { PASSWORD_MAX_LENGTH } from "~/auth/password.server";
import { cookieExpiry, sessionCookie } from "~/auth/session.server";
import { Notice, TextField } from "~/components/form";
import { useT } from "~/hooks";
import { isLocale } from "~/i18n";
import { localeCookie, serverT } from "~/i18n/locale.server";
import { str } from "~/lib/form.server";
import { normalizePhone } from "~/lib/phone";
import { titled } from "~/lib/meta";

export const meta = titled("login.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  if (await getUser(request)) throw redirect(redirectTo);
  return { redirectTo, loggedOut: url.searchParams.has("loggedOut") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const t = serverT(request);
  const form = await request.formData();
  const identifier = str(form, "identifier");
  const password = typeof form.get("password") === "string" ? (form.get("password") as string) : "";
  const redirectTo = safeRedirect(form.get("redirectTo"));
  const fail = (message: string, field?: "identifier" | "password", status = 400) =>
    data({ message, field: field ?? null, identifier }, { status });

  if (!identifier || !password) return fail(t("login.error.required"), !identifier ? "identifier" : "password");
  // No Argon2 run on an oversized password (it cannot match: none is set longer).
  if (password.length > PASSWORD_MAX_LENGTH) return fail(t("login.error.passwordTooLong", { max: PASSWORD_MAX_LENGTH }), "password");
  if (!identifier.includes("@") && /^[+\d\s.()-]+$/.test(identifier) && !normalizePhone(identifier)) {
    return fail(t("login.error.phoneFormat"), "identifier");
  }
  const deviceTokens = readDeviceTokens(request);
  const result = await login(identifier, password, {
    ip: (context as { ip?: string }).ip ?? undefined,
    userAgent: request.headers.get("User-Agent"),
    deviceTokens,
  });
  if (!result.ok) {
    if (result.reason === "locked") return fail(t("login.error.locked", { minutes: result.minutes ?? 15 }), undefined, 429);
    if (result.reason === "busy") return fail(t("login.error.busy"), undefined, 429);
    if (result.reason === "pending") return fail(t("login.error.pending"), undefined, 403);
    if (result.reason === "disabled") return fail(t("login.error.disabled"), undefined, 403);
    return fail(t("login.error.invalid"), undefined, 401);
  }
  const headers = new Headers({ "Set-Cookie": sessionCookie(request, result.token, cookieExpiry(result.session)) });
  // This browser is now known to the account (decision 016, class 7).
  if (result.deviceToken) headers.append("Set-Cookie", deviceCookie(request, [...deviceTokens, result.deviceToken]));
  // The language chosen on another device follows the account.
  if (isLocale(result.account.locale)) headers.append("Set-Cookie", localeCookie(result.account.locale));
  return redirect(redirectTo, { headers });
}

export default function Login() {
  const { redirectTo, loggedOut } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>{t("login.title")}</h1>
      {loggedOut && !actionData ? <Notice kind="info">{t("logout.done")}</Notice> : null}
      {actionData?.message ? <Notice kind="error">{actionData.message}</Notice> : null}
      <Form method="post" className="stack">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          name="identifier"
          label={t("login.identifier")}
          hint={t("login.identifier.hint")}
          autoComplete="username"
          inputMode="email"
          required
          defaultValue={actionData?.identifier ?? ""}
          error={actionData?.field === "identifier" ? actionData.message : null}
        />
        <TextField
          name="password"
          type="password"
          label={t("login.password")}
          autoComplete="current-password"
          required
          error={actionData?.field === "password" ? actionData.message : null}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("login.submit")}
          </button>
        </div>
      </Form>
      <p>
        {t("login.noAccount")} <Link to="/register">{t("nav.register")}</Link>
      </p>
      <p>
        {t("login.haveCode")} <Link to="/activate">{t("activate.title")}</Link>
      </p>
    </>
  );
}
