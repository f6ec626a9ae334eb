import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { inArray } from "drizzle-orm";
import { requirePermission } from "~/auth/auth.server";
import { db } from "~/db.server";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/hooks";
import { formatDateTime } from "~/lib/dates";
import { titled } from "~/lib/meta";
import { listAudit } from "~/models/audit.server";
import { accounts } from "../../db/schema";

export const meta = titled("audit.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "audit:read");
  const entries = await listAudit(user);
  const actorIds = [...new Set(entries.map((e) => e.actorId).filter((id): id is number => id !== null))];
  const actors = actorIds.length
    ? new Map((await db.select({ id: accounts.id, name: accounts.displayName }).from(accounts).where(inArray(accounts.id, actorIds))).map((a) => [a.id, a.name]))
    : new Map<number, string>();
  return {
    entries: entries.map((e) => ({
      id: e.id,
      at: formatDateTime(e.at),
      actor: e.actorId ? (actors.get(e.actorId) ?? `#${e.actorId}`) : "—",
      action: e.action,
      object: `${e.entityType}${e.entityId ? ` #${e.entityId}` : ""}${e.unitName ? ` · ${e.unitName}` : ""}`,
      details: JSON.stringify({ before: e.before ?? undefined, after: e.after ?? undefined }),
    })),
  };
}

export default function Audit() {
  const { entries } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p>{t("audit.lead")}</p>
      {entries.length === 0 ? (
        <p>{t("audit.empty")}</p>
      ) : (
        <TableWrap label={t("audit.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("audit.at")}</th>
                <th scope="col">{t("audit.actor")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.object")}</th>
                <th scope="col">{t("audit.details")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{e.at}</td>
                  <td>{e.actor}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>{e.object}</td>
                  <td>
                    <code style={{ fontSize: "0.8rem", wordBreak: "break-all" }}>{e.details}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
