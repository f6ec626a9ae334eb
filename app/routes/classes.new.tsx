// A trainer creates an in-person class for a published course, serving
// communes inside the trainer's scope.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/auth.server";
import { scopesFor } from "~/auth/permissions.server";
import { ClassForm, classFormStrings, classFormValues, type ClassFormValues } from "~/components/class-form";
import { Notice } from "~/components/form";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { intId } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { actorOf } from "~/models/classes-access.server";
import { createClass, validateClass } from "~/models/classes.server";
import { listCatalogue } from "~/models/learning.server";
import { communesInScope } from "~/models/scope.server";
import classesCss from "~/styles/classes.css?url";

export const meta = titled("classes.new.title");
export const links = () => [{ rel: "stylesheet", href: classesCss }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "classes:manage");
  const [catalogue, communes] = await Promise.all([listCatalogue(), communesInScope(scopesFor(user, "classes:manage"))]);
  const values: ClassFormValues = {
    courseId: "",
    title: "",
    startsOn: "",
    endsOn: "",
    place: "",
    capacity: "30",
    sessions: "",
    minAttendancePercent: "100",
    requirePass: true,
    passScore: "50",
    communeIds: [],
  };
  return { courses: catalogue.map((c) => ({ id: c.id, title: c.title })), communes: communes.map((c) => ({ id: c.id, fullName: c.fullName })), values };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "classes:manage");
  const t = serverT(request);
  const form = await request.formData();
  const values = classFormValues(form);
  const communeIds = values.communeIds.map((v) => intId(v)).filter((v): v is number => v !== null);
  const checked = validateClass(classFormStrings(values), communeIds, t);
  if (!checked.ok) return data({ errors: checked.errors, values }, { status: 400 });
  const created = await createClass(actorOf(user), checked.input, t, (context as { ip?: string }).ip);
  if (!created.ok) return data({ errors: created.errors, values }, { status: 400 });
  return redirect(`/classes/${created.id}?created=1`);
}

export default function NewClass() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <p>
        <Link to="/classes">{t("classes.back")}</Link>
      </p>
      <h1>{t("classes.new.title")}</h1>
      {a ? <Notice kind="error">{t("common.fixErrors")}</Notice> : null}
      <ClassForm courses={d.courses} communes={d.communes} values={a?.values ?? d.values} errors={a?.errors ?? {}} submitLabel={t("classes.new")} />
    </>
  );
}
