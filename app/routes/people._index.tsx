import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/auth.server";
import { can, scopesFor } from "~/auth/permissions.server";
import { Notice, SelectField, TextField } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/hooks";
import type { MessageKey } from "~/i18n";
import { formatDate } from "~/lib/dates";
import { intId } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { maskPhone } from "~/lib/phone";
import { listPeople } from "~/models/people.server";
import { communesInScope } from "~/models/scope.server";

export const meta = titled("people.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "people:read");
  const url = new URL(request.url);
  const communeId = intId(url.searchParams.get("commune"));
  const status = url.searchParams.get("status");
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const page = intId(url.searchParams.get("page")) ?? 1;
  const [result, communes] = await Promise.all([
    listPeople(user, { communeId, q, status: status === "active" || status === "left" ? status : null, page }),
    communesInScope(scopesFor(user, "people:read")),
  ]);
  return {
    canWrite: can(user, "people:write"),
    canImport: can(user, "roster:import"),
    movedOut: url.searchParams.get("movedTo") ? { commune: url.searchParams.get("movedTo")!.slice(0, 120), name: (url.searchParams.get("name") ?? "").slice(0, 120) } : null,
    filters: { commune: communeId ? String(communeId) : "", q, status: status ?? "" },
    communes,
    page: result.page,
    pages: result.pages,
    total: result.total,
    people: result.rows.map((p) => ({
      id: p.id,
      fullName: p.fullName,
      birthDate: formatDate(p.birthDate),
      phone: maskPhone(p.phone),
      position: p.position,
      status: p.status,
      commune: p.communeName,
      accountStatus: p.accountStatus ?? "none",
    })),
  };
}

export default function People() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const pageLink = (page: number) => {
    const params = new URLSearchParams({ ...data.filters, page: String(page) });
    return `?${params}`;
  };
  return (
    <>
      <h1>{t("people.title")}</h1>
      <p>{t("people.lead")}</p>
      {data.movedOut ? <Notice kind="success">{t("roster.move.doneOut", data.movedOut)}</Notice> : null}
      {data.canWrite ? (
        <p>
          <Link to="/people/new" className="button">
            {t("people.add")}
          </Link>
          {data.canImport ? (
            <>
              {" "}
              <Link to="/roster/import" className="button">
                {t("roster.import.link")}
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
      <Form method="get" className="filters">
        <TextField name="q" type="search" label={t("people.searchLabel")} defaultValue={data.filters.q} />
        <SelectField
          name="commune"
          label={t("field.commune")}
          placeholder={t("people.allCommunes")}
          options={data.communes.map((c) => ({ value: String(c.id), label: c.fullName }))}
          defaultValue={data.filters.commune}
        />
        <SelectField
          name="status"
          label={t("field.status")}
          placeholder={t("common.all")}
          options={["active", "left"].map((s) => ({ value: s, label: t(`status.${s}` as MessageKey) }))}
          defaultValue={data.filters.status}
        />
        <button type="submit" className="secondary">
          {t("common.filter")}
        </button>
      </Form>
      <p className="muted">{t("common.total", { count: data.total })}</p>
      {data.people.length === 0 ? (
        <p>{t("people.empty")}</p>
      ) : (
        <TableWrap label={t("people.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("field.fullName")}</th>
                <th scope="col">{t("field.birthDate")}</th>
                <th scope="col">{t("field.commune")}</th>
                <th scope="col">{t("field.position")}</th>
                <th scope="col">{t("field.phone")}</th>
                <th scope="col">{t("field.account")}</th>
              </tr>
            </thead>
            <tbody>
              {data.people.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/people/${p.id}`}>{p.fullName}</Link>
                    {p.status === "left" ? <span className="tag"> {t("status.left")}</span> : null}
                  </td>
                  <td>{p.birthDate}</td>
                  <td>{p.commune}</td>
                  <td>{t(`position.${p.position}` as MessageKey)}</td>
                  <td>{p.phone}</td>
                  <td>{t(`accountStatus.${p.accountStatus}` as MessageKey)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {data.pages > 1 ? (
        <nav className="pager" aria-label={t("common.page", { page: data.page, pages: data.pages })}>
          {data.page > 1 ? <Link to={pageLink(data.page - 1)}>{t("common.previous")}</Link> : null}
          <span>{t("common.page", { page: data.page, pages: data.pages })}</span>
          {data.page < data.pages ? <Link to={pageLink(data.page + 1)}>{t("common.next")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
