// Officers enrol people of their commune / province in a course.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, eq, inArray } from "drizzle-orm";
import { notFound, requirePermission } from "~/auth/auth.server";
import { scopeCondition, scopesFor } from "~/auth/permissions.server";
import { db } from "~/db.server";
import { Notice, SelectField } from "~/components/form";
import { PeoplePicker } from "~/components/people-picker";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { intId } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { assignPeople, getPublishedCourse, progressInScope } from "~/models/learning.server";
import { audit } from "~/models/audit.server";
import { communesInScope } from "~/models/scope.server";
import { adminUnits, people } from "../../db/schema";

export const meta = titled("assign.link");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "people:write");
  const published = await getPublishedCourse(params.courseId ?? "");
  if (!published) notFound();
  const communeId = intId(new URL(request.url).searchParams.get("commune"));
  const [rows, communes] = await Promise.all([
    progressInScope(scopeCondition(user, "people:write", adminUnits.path), published.course.id, published.version.tree, { communeId, limit: 500 }),
    communesInScope(scopesFor(user, "people:write")),
  ]);
  return {
    course: { id: published.course.id, title: published.course.title },
    communes,
    commune: communeId ? String(communeId) : "",
    people: rows.map((r) => ({ id: r.personId, fullName: r.fullName, commune: r.communeName, enrolled: !!r.enrolledAt })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "people:write");
  const t = serverT(request);
  const published = await getPublishedCourse(params.courseId ?? "");
  if (!published) notFound();
  const ids = (await request.formData()).getAll("personId").map((v) => intId(v)).filter((v): v is number => v !== null);
  if (!ids.length) return data({ ok: false, message: t("assign.none") }, { status: 400 });
  // Only people inside the officer's scope are enrolled; anything else is ignored.
  const allowed = await db
    .select({ id: people.id, communeId: people.communeId })
    .from(people)
    .innerJoin(adminUnits, eq(people.communeId, adminUnits.id))
    .where(and(inArray(people.id, ids.slice(0, 2000)), scopeCondition(user, "people:write", adminUnits.path)));
  const count = await assignPeople(allowed.map((p) => p.id), published.course.id, user.account.id);
  await audit({ actorId: user.account.id, action: "course.assign", entityType: "course", entityId: published.course.id, unitId: allowed[0]?.communeId ?? null, after: { people: allowed.length, newlyEnrolled: count }, ip: (context as { ip?: string }).ip });
  return { ok: true, message: t("assign.done", { count }) };
}

export default function Assign() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <p>
        <Link to={`/courses/${d.course.id}`}>← {d.course.title}</Link>
      </p>
      <h1>{t("assign.title", { title: d.course.title })}</h1>
      <p>{t("assign.lead")}</p>
      {actionData ? <Notice kind={actionData.ok ? "success" : "error"}>{actionData.message}</Notice> : null}
      <Form method="get" className="filters">
        <SelectField name="commune" label={t("field.commune")} placeholder={t("people.allCommunes")} options={d.communes.map((c) => ({ value: String(c.id), label: c.fullName }))} defaultValue={d.commune} />
        <button type="submit" className="secondary">
          {t("common.filter")}
        </button>
      </Form>
      <Form method="post">
        <PeoplePicker people={d.people.map((p) => ({ ...p, tag: p.enrolled ? t("assign.already") : null }))} />
        <div className="actions" style={{ marginTop: "1rem" }}>
          <button type="submit" className="primary">
            {t("assign.submit")}
          </button>
        </div>
      </Form>
    </>
  );
}
