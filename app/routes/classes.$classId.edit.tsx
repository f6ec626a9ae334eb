// Edit a class while it is open (dates, place, communes, capacity, sessions, rule).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { scopesFor } from "~/auth/permissions.server";
import { ClassForm, classFormStrings, classFormValues, type ClassFormValues } from "~/components/class-form";
import { Notice } from "~/components/form";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { formatDate } from "~/lib/dates";
import { intId } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { requireClass } from "~/models/classes-access.server";
import { classSessions, updateClass, validateClass } from "~/models/classes.server";
import { listCatalogue } from "~/models/learning.server";
import { communesInScope } from "~/models/scope.server";
import classesCss from "~/styles/classes.css?url";

export const meta = titled("classes.edit");
export const links = () => [{ rel: "stylesheet", href: classesCss }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, view } = await requireClass(request, params.classId, "manage");
  const [catalogue, communes, sessions] = await Promise.all([listCatalogue(), communesInScope(scopesFor(user, "classes:manage")), classSessions(view.cls.id)]);
  const c = view.cls;
  const values: ClassFormValues = {
    courseId: c.courseId,
    title: c.title,
    startsOn: formatDate(c.startsOn),
    endsOn: formatDate(c.endsOn),
    place: c.place,
    capacity: String(c.capacity),
    sessions: sessions.map((s) => formatDate(s.heldOn)).join("\n"),
    minAttendancePercent: String(c.minAttendancePercent),
    requirePass: c.requirePass,
    passScore: String(c.passScore),
    communeIds: view.communes.map((u) => String(u.id)),
  };
  return { id: c.id, title: c.title, open: c.status === "open", courses: catalogue.map((x) => ({ id: x.id, title: x.title })), communes: communes.map((u) => ({ id: u.id, fullName: u.fullName })), values };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor, view } = await requireClass(request, params.classId, "manage");
  const t = serverT(request);
  const form = await request.formData();
  const values = classFormValues(form);
  const communeIds = values.communeIds.map((v) => intId(v)).filter((v): v is number => v !== null);
  const checked = validateClass(classFormStrings(values), communeIds, t);
  if (!checked.ok) return data({ errors: checked.errors, values }, { status: 400 });
  const saved = await updateClass(actor, view, checked.input, t, (context as { ip?: string }).ip);
  if (!saved.ok) return data({ errors: saved.errors, values }, { status: 400 });
  return redirect(`/classes/${view.cls.id}?saved=1`);
}

export default function EditClass() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const t = useT();
  const errors: Record<string, string> = a?.errors ?? {};
  return (
    <>
      <p>
        <Link to={`/classes/${d.id}`}>{t("classes.backToClass")}</Link>
      </p>
      <h1>{t("classes.edit.title", { title: d.title })}</h1>
      {!d.open ? <Notice kind="info">{t("classes.error.closed")}</Notice> : null}
      {errors.form ? <Notice kind="error">{errors.form}</Notice> : a ? <Notice kind="error">{t("common.fixErrors")}</Notice> : null}
      {d.open ? <ClassForm courses={d.courses} communes={d.communes} values={a?.values ?? d.values} errors={errors} submitLabel={t("common.save")} /> : null}
    </>
  );
}
