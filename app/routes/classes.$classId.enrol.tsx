// Enrol people from the roster: search by name or phone, filter by commune,
// tick people (or everyone listed) and add them, within the class's capacity.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { Notice, SelectField, TextField } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { intId, str } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { maskPhone } from "~/lib/phone";
import { requireClass } from "~/models/classes-access.server";
import { auditPhoneSearch, classMembers, enrolCandidates, enrolMembers } from "~/models/classes.server";
import classesCss from "~/styles/classes.css?url";

export const meta = titled("classes.enrol");
export const links = () => [{ rel: "stylesheet", href: classesCss }];

function filtersOf(url: URL) {
  return { q: (url.searchParams.get("q") ?? "").trim().slice(0, 100), communeId: intId(url.searchParams.get("commune")) };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor, view } = await requireClass(request, params.classId, "manage");
  const filters = filtersOf(new URL(request.url));
  const [candidates, members] = await Promise.all([enrolCandidates(actor, view.cls.id, filters), classMembers(view.cls.id)]);
  await auditPhoneSearch(actor, view.cls.id, filters.q, (context as { ip?: string }).ip);
  return {
    id: view.cls.id,
    title: view.cls.title,
    open: view.cls.status === "open",
    capacity: view.cls.capacity,
    memberCount: members.length,
    communes: view.communes.map((c) => ({ id: c.id, fullName: c.fullName })),
    q: filters.q,
    commune: filters.communeId ? String(filters.communeId) : "",
    // Phones are masked: enough to tell two namesakes apart, no more.
    candidates: candidates.map((c) => ({ id: c.id, fullName: c.fullName, phone: maskPhone(c.phone), communeName: c.communeName, enrolled: c.enrolled, completed: c.completed })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor, view } = await requireClass(request, params.classId, "manage");
  const t = serverT(request);
  const form = await request.formData();
  let ids: number[];
  if (str(form, "all") === "1") {
    // "Everyone listed" is recomputed on the server from the same filters.
    const listed = await enrolCandidates(actor, view.cls.id, { q: str(form, "q"), communeId: intId(form.get("commune")) });
    ids = listed.filter((c) => !c.enrolled).map((c) => c.id);
  } else {
    ids = form
      .getAll("personId")
      .map((v) => intId(v))
      .filter((v): v is number => v !== null);
  }
  const result = await enrolMembers(actor, view.cls.id, ids, (context as { ip?: string }).ip);
  if (result.ok) {
    return { ok: true, message: result.skipped ? t("classes.enrol.doneSkipped", { added: result.added, skipped: result.skipped }) : t("classes.enrol.done", { added: result.added }), selected: [] as number[] };
  }
  const message =
    result.reason === "capacity"
      ? result.remaining === 0
        ? t("classes.enrol.full", { capacity: view.cls.capacity })
        : t("classes.enrol.capacity", { remaining: result.remaining, capacity: view.cls.capacity, requested: result.requested })
      : result.reason === "closed"
        ? t("classes.error.closed")
        : t("classes.enrol.none");
  // The ticks come back so nothing chosen is lost.
  return data({ ok: false, message, selected: ids }, { status: 400 });
}

export default function EnrolPage() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const t = useT();
  const selected = new Set(a && !a.ok ? a.selected : []);
  const formRef = useRef<HTMLFormElement>(null);
  // "Chọn tất cả" needs JavaScript; without it the "everyone listed" button does the same.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const open = d.candidates.filter((c) => !c.enrolled);
  return (
    <>
      <p>
        <Link to={`/classes/${d.id}`}>{t("classes.backToClass")}</Link>
      </p>
      <h1>{t("classes.enrol.title", { title: d.title })}</h1>
      <p>{t("classes.enrol.lead")}</p>
      <p>
        <strong>{t("classes.members.count", { count: d.memberCount, capacity: d.capacity })}</strong> — {t("classes.enrol.remaining", { remaining: Math.max(0, d.capacity - d.memberCount) })}
      </p>
      {a ? <Notice kind={a.ok ? "success" : "error"}>{a.message}</Notice> : null}
      {!d.open ? <Notice kind="info">{t("classes.error.closed")}</Notice> : null}
      <Form method="get" className="filters">
        <TextField name="q" type="search" label={t("classes.enrol.q")} defaultValue={d.q} />
        <SelectField name="commune" label={t("field.commune")} placeholder={t("people.allCommunes")} options={d.communes.map((c) => ({ value: String(c.id), label: c.fullName }))} defaultValue={d.commune} />
        <button type="submit" className="secondary">
          {t("common.search")}
        </button>
      </Form>
      {d.candidates.length === 0 ? (
        <p>{t("classes.enrol.noCandidates")}</p>
      ) : (
        <Form method="post" ref={formRef} key={a?.ok ? "fresh" : "kept"}>
          <input type="hidden" name="q" value={d.q} />
          <input type="hidden" name="commune" value={d.commune} />
          {hydrated && open.length > 0 ? (
            <label className="checkbox" style={{ marginBottom: "0.5rem" }}>
              <input
                type="checkbox"
                onChange={(e) => {
                  formRef.current?.querySelectorAll<HTMLInputElement>('input[name="personId"]').forEach((box) => (box.checked = e.currentTarget.checked));
                }}
              />
              <span>{t("classes.enrol.selectAll")}</span>
            </label>
          ) : null}
          <TableWrap label={t("people.title")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("common.all")}</th>
                  <th scope="col">{t("field.fullName")}</th>
                  <th scope="col">{t("field.phone")}</th>
                  <th scope="col">{t("field.commune")}</th>
                </tr>
              </thead>
              <tbody>
                {d.candidates.map((p) => (
                  <tr key={p.id}>
                    <td>
                      {p.enrolled ? <span className="tag">{t("classes.enrol.already")}</span> : <input type="checkbox" name="personId" value={p.id} id={`p-${p.id}`} defaultChecked={selected.has(p.id)} />}
                    </td>
                    <td>
                      {p.enrolled ? p.fullName : <label htmlFor={`p-${p.id}`}>{p.fullName}</label>}
                      {p.completed ? (
                        <>
                          {" "}
                          <span className="tag completed-tag">{t("classes.enrol.completed")}</span>
                        </>
                      ) : null}
                    </td>
                    <td>{p.phone}</td>
                    <td>{p.communeName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <div className="actions" style={{ marginTop: "1rem" }}>
            <button type="submit" className="primary">
              {t("classes.enrol.submit")}
            </button>
            {open.length > 0 ? (
              <button type="submit" name="all" value="1" className="secondary">
                {t("classes.enrol.addAll", { count: open.length })}
              </button>
            ) : null}
          </div>
        </Form>
      )}
    </>
  );
}
