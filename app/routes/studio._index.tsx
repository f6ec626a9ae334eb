// The authoring studio: the courses a trainer writes (or an officer reviews),
// a new course, a ZIP import, the built-in courses (export only) and, for a
// province officer, the approval rule and the submissions waiting for it.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser, forbidden } from "~/auth/auth.server";
import { can } from "~/auth/permissions.server";
import { Notice, TextField } from "~/components/form";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { formatDate } from "~/lib/dates";
import { intId, str } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { createCourse, importCourseZip, setRequireApproval, settingsForActor, studioLists } from "~/models/authoring.server";
import authoringCss from "~/styles/authoring.css?url";

export const meta = titled("studio.title");
export const links = () => [{ rel: "stylesheet", href: authoringCss }];

async function requireStudio(request: Request) {
  const user = await requireUser(request);
  if (!can(user, "courses:author") && !can(user, "courses:review")) forbidden();
  return user;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStudio(request);
  const [lists, settings] = await Promise.all([studioLists(user), settingsForActor(user)]);
  return {
    canAuthor: can(user, "courses:author"),
    me: user.account.id,
    authored: lists.authored.map((c) => ({ ...c, updatedAt: formatDate(c.updatedAt), submittedAt: c.submittedAt ? formatDate(c.submittedAt) : null })),
    pending: lists.pending.map((c) => ({ id: c.id, title: c.title, ownerName: c.ownerName, submittedAt: c.submittedAt ? formatDate(c.submittedAt) : "" })),
    builtin: lists.builtin,
    settings,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStudio(request);
  const t = serverT(request);
  const form = await request.formData();
  const intent = str(form, "intent");
  if (intent === "create") {
    const title = str(form, "title");
    if (!title) return data({ ok: false, message: t("studio.titleRequired"), errors: [] as string[] }, { status: 400 });
    const id = await createCourse(user, title);
    if (!id) forbidden();
    return redirect(`/studio/${id}`);
  }
  if (intent === "import") {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return data({ ok: false, message: t("studio.import.noFile"), errors: [] as string[] }, { status: 400 });
    const result = await importCourseZip(user, new Uint8Array(await file.arrayBuffer()));
    if (!result.ok) return data({ ok: false, message: t("studio.import.refused"), errors: result.errors }, { status: 400 });
    return redirect(`/studio/${result.courseId}?imported=1`);
  }
  if (intent === "approvalSetting") {
    const provinceId = intId(form.get("provinceId"));
    const ok = provinceId !== null && (await setRequireApproval(user, provinceId, form.get("requireApproval") === "on"));
    if (!ok) forbidden();
    return { ok: true, message: t("studio.settings.saved"), errors: [] as string[] };
  }
  return data({ ok: false, message: t("studio.unknownAction"), errors: [] as string[] }, { status: 400 });
}

export default function Studio() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("studio.title")}</h1>
      <p>{t("studio.lead")}</p>
      {result ? (
        <Notice kind={result.ok ? "success" : "error"}>
          {result.message}
          {result.errors.length ? (
            <ul className="studio-errors">
              {result.errors.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}

      {d.settings.map((s) => (
        <Form method="post" key={s.id} className="studio-card">
          <input type="hidden" name="intent" value="approvalSetting" />
          <input type="hidden" name="provinceId" value={s.id} />
          <h2>{t("studio.settings.title", { province: s.name })}</h2>
          <label className="check">
            <input type="checkbox" name="requireApproval" defaultChecked={s.requireApproval} /> {t("studio.settings.requireApproval")}
          </label>
          <p className="hint">{t("studio.settings.hint")}</p>
          <button type="submit" className="secondary">
            {t("common.save")}
          </button>
        </Form>
      ))}

      {d.pending.length ? (
        <section>
          <h2>{t("studio.pending")}</h2>
          <ul>
            {d.pending.map((c) => (
              <li key={c.id}>
                <Link to={`/studio/${c.id}`}>{c.title}</Link> — {c.ownerName}, {c.submittedAt}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section>
        <h2>{t("studio.mine")}</h2>
        {d.authored.length ? (
          <ul className="studio-list">
            {d.authored.map((c) => (
              <li key={c.id}>
                <Link to={`/studio/${c.id}`}>{c.title}</Link>{" "}
                <span className="tag">{c.currentVersionId ? t("studio.state.published") : t("studio.state.draft")}</span>
                {c.submittedAt ? <span className="tag">{t("studio.state.pending")}</span> : null}{" "}
                <span className="hint">
                  {c.ownerId === d.me ? t("studio.owner.me") : c.ownerName}
                  {c.province ? ` · ${c.province}` : ""} · {t("studio.updated", { date: c.updatedAt })}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("studio.none")}</p>
        )}
      </section>

      {d.canAuthor ? (
        <div className="studio-columns">
          <Form method="post" className="stack studio-card">
            <input type="hidden" name="intent" value="create" />
            <h2>{t("studio.new")}</h2>
            <TextField name="title" label={t("studio.course.title")} required maxLength={200} />
            <div className="actions">
              <button type="submit" className="primary">
                {t("studio.create")}
              </button>
            </div>
          </Form>
          <Form method="post" encType="multipart/form-data" className="stack studio-card">
            <input type="hidden" name="intent" value="import" />
            <h2>{t("studio.import")}</h2>
            <p className="hint">{t("studio.import.hint")}</p>
            <div className="field">
              <label htmlFor="file">{t("studio.import.file")}</label>
              <input id="file" name="file" type="file" accept=".zip,application/zip" required />
            </div>
            <div className="actions">
              <button type="submit" className="secondary">
                {t("studio.import.submit")}
              </button>
            </div>
          </Form>
        </div>
      ) : null}

      <section>
        <h2>{t("studio.builtin")}</h2>
        <p className="hint">{t("studio.builtin.hint")}</p>
        <ul>
          {d.builtin.map((c) => (
            <li key={c.id}>
              {c.title} —{" "}
              <a href={`/studio/${c.id}/export`} download>
                {t("studio.export")}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
