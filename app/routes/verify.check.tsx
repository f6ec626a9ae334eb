// "Kiểm tra chứng nhận": anyone pastes or uploads a credential JSON and gets
// a verdict — signature, issuer, validity, revocation — each named.
import { data, type ActionFunctionArgs } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { Notice } from "~/components/form";
import { MAX_CREDENTIAL_CHARS } from "~/credentials/verify.server";
import { useT } from "~/hooks";
import type { MessageKey } from "~/i18n";
import { serverT } from "~/i18n/locale.server";
import { titled } from "~/lib/meta";
import { rateLimited } from "~/lib/rate-limit.server";
import { checkCredential } from "~/models/credentials.server";

export const meta = titled("check.title");

export function loader() {
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const t = serverT(request);
  const ip = (context as { ip?: string }).ip ?? "unknown";
  if (rateLimited(`check:${ip}`, 30, 60_000)) throw new Response("Too Many Requests", { status: 429 });
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_CREDENTIAL_CHARS * 2) {
    return data({ error: t("check.tooLarge"), text: "", result: null }, { status: 413 });
  }
  const form = await request.formData();
  const file = form.get("file");
  let text = String(form.get("json") ?? "").trim();
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_CREDENTIAL_CHARS) return data({ error: t("check.tooLarge"), text: "", result: null }, { status: 413 });
    text = (await file.text()).trim();
  }
  if (!text) return data({ error: t("check.empty"), text, result: null }, { status: 400 });
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // verifyCredential names the format problem itself.
  }
  const result = await checkCredential(json);
  return { error: null, text: text.length <= 20_000 ? text : "", result };
}

export default function CheckCredential() {
  const actionData = useActionData<typeof action>();
  const t = useT();
  const result = actionData?.result;
  return (
    <>
      <h1>{t("check.title")}</h1>
      <p>{t("check.lead")}</p>
      {actionData?.error ? <Notice kind="error">{actionData.error}</Notice> : null}
      {result ? (
        <section className="card">
          <Notice kind={result.ok ? "success" : "error"}>
            <strong>{result.ok ? t("check.valid") : t("check.invalid")}</strong>
          </Notice>
          <ul className="lesson-list">
            {result.checks.map((c) => (
              <li key={c.name}>
                <span className={`tick ${c.ok ? "done" : "todo"}`} aria-hidden="true">
                  {c.ok ? "✓" : "✗"}
                </span>
                <span>
                  <strong>{t(`check.name.${c.name}` as MessageKey)}:</strong> {c.message}
                </span>
              </li>
            ))}
          </ul>
          {result.credential ? (
            <>
              <h2>{t("check.claims")}</h2>
              <p className="muted">{t("check.claimsNote")}</p>
              <dl className="facts">
                <dt>{t("verify.holder")}</dt>
                <dd>{result.credential.holderName ?? "—"}</dd>
                <dt>{t("verify.course")}</dt>
                <dd>{result.credential.achievementName ?? "—"}</dd>
                <dt>{t("verify.issuer")}</dt>
                <dd>{result.credential.issuerName ?? result.credential.issuerId ?? "—"}</dd>
                <dt>{t("verify.issuedOn")}</dt>
                <dd>{result.credential.validFrom ?? "—"}</dd>
                <dt>{t("verify.validUntil")}</dt>
                <dd>{result.credential.validUntil ?? t("verify.noExpiry")}</dd>
              </dl>
            </>
          ) : null}
        </section>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <div className="field">
          <label htmlFor="json">{t("check.paste")}</label>
          <textarea id="json" name="json" rows={8} defaultValue={actionData?.text ?? ""} spellCheck={false} />
        </div>
        <div className="field">
          <label htmlFor="file">{t("check.file")}</label>
          <input id="file" name="file" type="file" accept=".json,application/json,application/ld+json" />
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t("check.submit")}
          </button>
        </div>
      </Form>
    </>
  );
}
