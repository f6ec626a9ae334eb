import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getUser } from "~/auth/auth.server";
import { can } from "~/auth/permissions.server";
import { useT } from "~/hooks";
import type { MessageKey } from "~/i18n";
import { titled } from "~/lib/meta";
import { countPendingAccounts } from "~/models/accounts.server";
import { countPeopleInScope } from "~/models/people.server";

export const meta = titled("home.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (!user) return { user: null };
  const [pending, people] = await Promise.all([
    can(user, "accounts:approve") ? countPendingAccounts(user) : Promise.resolve(null),
    can(user, "people:read") ? countPeopleInScope(user) : Promise.resolve(null),
  ]);
  return {
    user: {
      name: user.account.displayName,
      roles: user.roles.map((r) => ({ role: r.role, unit: r.unitName })),
    },
    pending,
    people,
  };
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  if (!data.user) {
    return (
      <>
        <h1>{t("app.name")}</h1>
        <p className="lead">{t("home.guest.lead")}</p>
        <div className="actions">
          <Link to="/login" className="button">
            {t("home.guest.login")}
          </Link>
          <Link to="/register" className="button secondary">
            {t("home.guest.register")}
          </Link>
        </div>
        <p>
          <Link to="/activate">{t("home.guest.activate")}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t("home.welcome", { name: data.user.name })}</h1>
      <section className="card">
        <h2>{t("home.roles")}</h2>
        <ul>
          {data.user.roles.map((r, i) => (
            <li key={i}>
              {t(`role.${r.role}` as MessageKey)} — {r.unit ?? t("role.national")}
            </li>
          ))}
        </ul>
      </section>
      {data.pending !== null || data.people !== null ? (
        <section className="card">
          <h2>{t("home.tasks")}</h2>
          <ul>
            {data.pending !== null && data.pending !== undefined ? (
              <li>
                <Link to="/approvals">{t("home.pendingApprovals", { count: data.pending })}</Link>
              </li>
            ) : null}
            {data.people !== null && data.people !== undefined ? (
              <li>
                <Link to="/people">{t("home.peopleInScope", { count: data.people })}</Link>
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}
      <section className="card">
        <h2>{t("learn.title")}</h2>
        <p>
          <Link to="/learn" className="button">
            {t("learn.continue")}
          </Link>
        </p>
      </section>
    </>
  );
}
