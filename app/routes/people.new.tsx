import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/auth.server";
import { scopesFor } from "~/auth/permissions.server";
import { Notice } from "~/components/form";
import { PersonFields } from "~/components/person-fields";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { formValues } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { communeForWrite, createPerson, validatePerson } from "~/models/people.server";
import { communesInScope } from "~/models/scope.server";

export const meta = titled("people.new.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "people:write");
  return { communes: await communesInScope(scopesFor(user, "people:write")) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "people:write");
  const t = serverT(request);
  const values = formValues(await request.formData());
  const checked = validatePerson(values, t);
  if (!checked.ok) return data({ errors: checked.errors, values, message: t("common.fixErrors") }, { status: 400 });
  if (!(await communeForWrite(user, checked.input.communeId))) {
    return data({ errors: { communeId: t("validation.commune") }, values, message: t("common.fixErrors") }, { status: 400 });
  }
  const person = await createPerson({ ...user, id: user.account.id }, checked.input, (context as { ip?: string }).ip);
  return redirect(`/people/${person.id}?created=1`);
}

export default function NewPerson() {
  const { communes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("people.new.title")}</h1>
      {actionData?.message ? <Notice kind="error">{actionData.message}</Notice> : null}
      <Form method="post" className="stack">
        <PersonFields values={actionData?.values ?? {}} errors={actionData?.errors ?? {}} communes={communes} withNationalId withStartedOn />
        <div className="actions">
          <button type="submit" className="primary">
            {t("common.save")}
          </button>
        </div>
      </Form>
    </>
  );
}
