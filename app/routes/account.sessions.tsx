// A user's own sessions: where they are signed in, and a way to end any of them.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/auth.server";
import { sessionPolicyFor, type SessionPolicy } from "~/auth/session-policy";
import { invalidateAccountSessions, listAccountSessions, revokeAccountSession, sessionDeadlines } from "~/auth/session.server";
import { Notice } from "~/components/form";
import { useT } from "~/hooks";
import { formatDateTime } from "~/lib/dates";
import { str } from "~/lib/form.server";
import { titled } from "~/lib/meta";

export const meta = titled("sessions.title");

function describeDevice(ua: string | null) {
  if (!ua) return null;
  const os = /Android [\d.]+/.exec(ua)?.[0] ?? (/iPhone|iPad/.test(ua) ? "iOS" : /Windows/.test(ua) ? "Windows" : /Mac OS X/.test(ua) ? "macOS" : /Linux/.test(ua) ? "Linux" : null);
  const browser = /Zalo/i.test(ua) ? "Zalo" : /Edg\//.test(ua) ? "Edge" : /Chrome\//.test(ua) ? "Chrome" : /Firefox\//.test(ua) ? "Firefox" : /Safari\//.test(ua) ? "Safari" : null;
  return [browser, os].filter(Boolean).join(" · ") || ua.slice(0, 60);
}

type Duration = { unit: "minutes" | "hours" | "days"; n: number };

function duration(ms: number): Duration {
  const minutes = Math.round(ms / 60_000);
  if (minutes % (24 * 60) === 0) return { unit: "days", n: minutes / (24 * 60) };
  if (minutes % 60 === 0) return { unit: "hours", n: minutes / 60 };
  return { unit: "minutes", n: minutes };
}

function deadlines(session: Parameters<typeof sessionDeadlines>[0], policy: SessionPolicy) {
  const { idle, absolute } = sessionDeadlines(session, policy);
  return { expiresAt: formatDateTime(new Date(idle)), absoluteExpiresAt: formatDateTime(new Date(absolute)) };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const sessions = await listAccountSessions(user.account.id);
  // The limits under the account's current roles, as settleSession applies them.
  const policy = sessionPolicyFor(user.roles.map((r) => r.role));
  return {
    policy: { kind: policy.kind, idle: duration(policy.idleMs), absolute: duration(policy.absoluteMs) },
    sessions: sessions
      .sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime())
      .map((s) => ({
        // The id is a hash of the token, not the token; safe to use as a form value.
        id: s.id,
        current: s.id === user.session.id,
        device: describeDevice(s.userAgent),
        createdAt: formatDateTime(s.createdAt),
        lastSeenAt: formatDateTime(s.lastSeenAt),
        ...deadlines(s, policy),
      })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  if (form.get("intent") === "others") {
    await invalidateAccountSessions(user.account.id, user.session.id);
  } else {
    await revokeAccountSession(user.account.id, str(form, "sessionId"));
  }
  return { revoked: true };
}

export default function Sessions() {
  const { sessions, policy } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const span = (d: Duration) => t(`sessions.${d.unit}`, { n: d.n });
  return (
    <>
      <h1>{t("sessions.title")}</h1>
      <p>{t("sessions.lead")}</p>
      <p data-testid="session-policy">{t(`sessions.policy.${policy.kind}`, { idle: span(policy.idle), absolute: span(policy.absolute) })}</p>
      {actionData?.revoked ? <Notice kind="success">{t("sessions.revoked")}</Notice> : null}
      {sessions.map((s) => (
        <div className="card" key={s.id}>
          <p>
            <strong>{s.device ?? t("sessions.unknownDevice")}</strong> {s.current ? <span className="tag">{t("sessions.current")}</span> : null}
          </p>
          <dl className="facts">
            <dt>{t("sessions.created")}</dt>
            <dd>{s.createdAt}</dd>
            <dt>{t("sessions.lastSeen")}</dt>
            <dd>{s.lastSeenAt}</dd>
            <dt>{t("sessions.expires")}</dt>
            <dd>{s.expiresAt}</dd>
            <dt>{t("sessions.absolute")}</dt>
            <dd>{s.absoluteExpiresAt}</dd>
          </dl>
          {!s.current ? (
            <Form method="post">
              <input type="hidden" name="sessionId" value={s.id} />
              <button type="submit" className="danger">
                {t("sessions.revoke")}
              </button>
            </Form>
          ) : null}
        </div>
      ))}
      {sessions.length > 1 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="others" />
          <button type="submit" className="danger">
            {t("sessions.revokeOthers")}
          </button>
        </Form>
      ) : null}
    </>
  );
}
