// Record in-person or external training for people in scope; their
// certificates are issued through the same path as online completions.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, eq, inArray } from "drizzle-orm";
import { requirePermission } from "~/auth/auth.server";
import { scopeCondition, scopesFor } from "~/auth/permissions.server";
import { db } from "~/db.server";
import { Notice, SelectField, TextField } from "~/components/form";
import { PeoplePicker } from "~/components/people-picker";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { formatDate, parseDate, todayInVietnam } from "~/lib/dates";
import { intId, str } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { recordCompletion } from "~/models/certificates.server";
import { getPublishedCourse, listCatalogue, progressInScope } from "~/models/learning.server";
import { communesInScope } from "~/models/scope.server";
import { adminUnits, people } from "../../db/schema";

export const meta = titled("record.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "certificates:issue");
  const url = new URL(request.url);
  const catalogue = await listCatalogue();
  const courseId = url.searchParams.get("course") ?? catalogue[0]?.id ?? "";
  const communeId = intId(url.searchParams.get("commune"));
  const published = courseId ? await getPublishedCourse(courseId) : null;
  const [rows, communes] = await Promise.all([
    published ? progressInScope(scopeCondition(user, "certificates:issue", adminUnits.path), published.course.id, published.version.tree, { communeId, limit: 500 }) : Promise.resolve([]),
    communesInScope(scopesFor(user, "certificates:issue")),
  ]);
  return {
    courses: catalogue.map((c) => ({ id: c.id, title: c.title })),
    course: published?.course.id ?? "",
    commune: communeId ? String(communeId) : "",
    communes,
    today: formatDate(todayInVietnam()),
    people: rows.map((r) => ({ id: r.personId, fullName: r.fullName, commune: r.communeName, completedOn: r.completedOn ? formatDate(r.completedOn) : null })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "certificates:issue");
  const t = serverT(request);
  const form = await request.formData();
  const published = await getPublishedCourse(str(form, "course"));
  const source = form.get("source") === "external" ? "external" : "class";
  const completedOn = parseDate(str(form, "completedOn"));
  const evidence = str(form, "evidence").slice(0, 500) || null;
  const values = { completedOn: str(form, "completedOn"), evidence: evidence ?? "", source };
  const errors: Record<string, string> = {};
  if (!published) errors.course = t("validation.choice", { field: t("progress.course").toLowerCase() });
  if (!completedOn || completedOn > todayInVietnam()) errors.completedOn = t("validation.date", { field: t("record.date") });
  if (source === "external" && !evidence) errors.evidence = t("record.evidenceRequired");
  const ids = form.getAll("personId").map((v) => intId(v)).filter((v): v is number => v !== null).slice(0, 1000);
  if (!ids.length) errors.personId = t("assign.none");
  if (Object.keys(errors).length || !published || !completedOn) {
    return data({ ok: false, message: Object.values(errors).join(" "), errors, values }, { status: 400 });
  }
  // Only people inside the caller's scope; anything else is ignored.
  const allowed = await db
    .select({ id: people.id })
    .from(people)
    .innerJoin(adminUnits, eq(adminUnits.id, people.communeId))
    .where(and(inArray(people.id, ids), scopeCondition(user, "certificates:issue", adminUnits.path)));
  let issued = 0;
  for (const p of allowed) {
    const result = await recordCompletion(p.id, published.course.id, { source, completedOn, evidence, recordedBy: user.account.id, ip: (context as { ip?: string }).ip });
    if (result.issued) issued++;
  }
  return { ok: true, message: t("record.done", { issued, skipped: allowed.length - issued }), errors: {} as Record<string, string>, values: { completedOn: "", evidence: "", source } };
}

export default function RecordCompletions() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const errors = actionData?.errors ?? {};
  return (
    <>
      <p>
        <Link to="/certificates">← {t("certs.title")}</Link>
      </p>
      <h1>{t("record.title")}</h1>
      <p>{t("record.lead")}</p>
      {actionData ? <Notice kind={actionData.ok ? "success" : "error"}>{actionData.message}</Notice> : null}
      <Form method="get" className="filters">
        <SelectField name="course" label={t("progress.course")} options={d.courses.map((c) => ({ value: c.id, label: c.title }))} defaultValue={d.course} />
        <SelectField name="commune" label={t("field.commune")} placeholder={t("people.allCommunes")} options={d.communes.map((c) => ({ value: String(c.id), label: c.fullName }))} defaultValue={d.commune} />
        <button type="submit" className="secondary">
          {t("common.filter")}
        </button>
      </Form>
      <Form method="post" className="stack" style={{ maxWidth: "none" }}>
        <input type="hidden" name="course" value={d.course} />
        <SelectField
          name="source"
          label={t("record.source")}
          options={[
            { value: "class", label: t("record.source.class") },
            { value: "external", label: t("record.source.external") },
          ]}
          defaultValue={actionData?.values.source ?? "class"}
        />
        <TextField name="completedOn" label={t("record.date")} placeholder="dd/mm/yyyy" required defaultValue={actionData?.values.completedOn ?? d.today} error={errors.completedOn} />
        <TextField name="evidence" label={t("record.evidence")} defaultValue={actionData?.values.evidence} error={errors.evidence} />
        <PeoplePicker people={d.people.map((p) => ({ ...p, tag: p.completedOn }))} />
        <div className="actions">
          <button type="submit" className="primary">
            {t("record.submit")}
          </button>
        </div>
      </Form>
    </>
  );
}
