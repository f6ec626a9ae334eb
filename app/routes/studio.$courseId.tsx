// One course in the studio: its details, modules and lessons (add, rename,
// reorder), co-authors, versions, and publishing — or, for the province
// officer, approving. Every form is a plain POST; all checks on the server.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { notFound, requireUser } from "~/auth/auth.server";
import { Notice, TextField } from "~/components/form";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { formatDate } from "~/lib/dates";
import { intId, str } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import {
  approveSubmission,
  courseAccess,
  inviteCollaborator,
  listCollaborators,
  listVersions,
  mutateDraft,
  newLesson,
  newModule,
  publishDraft,
  rejectSubmission,
  removeCollaborator,
  type PublishProblem,
} from "~/models/authoring.server";
import authoringCss from "~/styles/authoring.css?url";

export const meta = titled("studio.course");
export const links = () => [{ rel: "stylesheet", href: authoringCss }];

async function load(request: Request, courseId: string | undefined) {
  const user = await requireUser(request);
  const access = courseId ? await courseAccess(user, courseId) : null;
  if (!access) notFound();
  return { user, access };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { access } = await load(request, params.courseId);
  const [versions, collaborators] = await Promise.all([listVersions(access.course.id), access.authored ? listCollaborators(access.course.id) : Promise.resolve([])]);
  const draft = access.authored?.draft ?? null;
  return {
    course: { id: access.course.id, title: access.course.title, status: access.course.status, builtin: !access.authored, currentVersionId: access.course.currentVersionId },
    canEdit: access.canEdit,
    canReview: access.canReview,
    isOwner: access.isOwner,
    requireApproval: access.requireApproval,
    province: access.provinceName,
    submittedAt: access.authored?.submittedAt ? formatDate(access.authored.submittedAt) : null,
    reviewNote: access.authored?.reviewNote ?? null,
    draft: draft
      ? {
          ...draft,
          modules: draft.modules.map((m) => ({
            id: m.id,
            title: m.title,
            summary: m.summary,
            questions: m.quiz.questions.length,
            lessons: m.lessons.map((l) => ({ id: l.id, title: l.title, minutes: l.minutes })),
          })),
        }
      : null,
    versions: versions.map((v) => ({ id: v.id, version: v.version, publishedAt: v.publishedAt ? formatDate(v.publishedAt) : "", hasSource: v.hasSource })),
    collaborators,
  };
}

function num(form: FormData, name: string, min: number, max: number, nullable: boolean): number | null | "bad" {
  const raw = str(form, name);
  if (!raw) return nullable ? null : "bad";
  if (!/^\d{1,4}$/.test(raw)) return "bad";
  const n = Number(raw);
  return n < min || n > max ? "bad" : n;
}

function move<T>(list: T[], index: number, by: number) {
  const to = index + by;
  if (index < 0 || to < 0 || to >= list.length) return;
  const [item] = list.splice(index, 1);
  list.splice(to, 0, item!);
}

type ActionResult = { ok: boolean; message: string; problems?: PublishProblem[]; errors?: Record<string, string>; values?: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, access } = await load(request, params.courseId);
  const t = serverT(request);
  const courseId = access.course.id;
  const form = await request.formData();
  const intent = str(form, "intent");
  const done = (message: string): ActionResult => ({ ok: true, message });
  const fail = (message: string, extra: Partial<ActionResult> = {}, status = 400) => data<ActionResult>({ ok: false, message, ...extra }, { status });
  const edit = async (change: Parameters<typeof mutateDraft>[2], message: string) => {
    const result = await mutateDraft(user, courseId, change);
    return result.ok ? done(message) : fail(result.error, {}, 403);
  };
  const moduleId = str(form, "moduleId");
  const lessonId = str(form, "lessonId");

  switch (intent) {
    case "meta": {
      const values = Object.fromEntries(["title", "summary", "hours", "passMark", "maxAttempts", "validityMonths", "intro"].map((k) => [k, str(form, k)]));
      const errors: Record<string, string> = {};
      const hours = num(form, "hours", 1, 1000, false);
      const passMark = num(form, "passMark", 1, 100, false);
      const maxAttempts = num(form, "maxAttempts", 1, 100, true);
      const validityMonths = num(form, "validityMonths", 1, 240, true);
      if (!values.title) errors.title = t("studio.error.required");
      if (hours === "bad") errors.hours = t("studio.error.range", { min: 1, max: 1000 });
      if (passMark === "bad") errors.passMark = t("studio.error.range", { min: 1, max: 100 });
      if (maxAttempts === "bad") errors.maxAttempts = t("studio.error.rangeOrBlank", { min: 1, max: 100 });
      if (validityMonths === "bad") errors.validityMonths = t("studio.error.rangeOrBlank", { min: 1, max: 240 });
      if (Object.keys(errors).length) return fail(t("studio.error.form"), { errors, values });
      return edit((d) => {
        Object.assign(d, {
          title: values.title!.slice(0, 200),
          summary: values.summary!.slice(0, 1000),
          hours,
          passMark,
          maxAttempts,
          validityMonths,
          selfEnroll: form.get("selfEnroll") === "on",
          intro: (form.get("intro") as string | null)?.slice(0, 50_000) ?? d.intro,
        });
      }, t("studio.saved"));
    }
    case "addModule":
      return edit((d) => {
        if (d.modules.length >= 50) return t("studio.error.tooMany");
        d.modules.push(newModule(str(form, "title").slice(0, 200) || t("studio.module.new")));
      }, t("studio.saved"));
    case "saveModule":
      return edit((d) => {
        const m = d.modules.find((x) => x.id === moduleId);
        if (!m) return t("studio.error.notFound");
        m.title = str(form, "title").slice(0, 200) || m.title;
        m.summary = str(form, "summary").slice(0, 1000);
      }, t("studio.saved"));
    case "moveModule":
      return edit((d) => move(d.modules, d.modules.findIndex((x) => x.id === moduleId), str(form, "dir") === "up" ? -1 : 1), t("studio.saved"));
    case "deleteModule":
      return edit((d) => {
        if (d.modules.length <= 1) return t("studio.error.lastModule");
        d.modules = d.modules.filter((x) => x.id !== moduleId);
      }, t("studio.saved"));
    case "addLesson": {
      let created = "";
      const result = await mutateDraft(user, courseId, (d) => {
        const m = d.modules.find((x) => x.id === moduleId);
        if (!m) return t("studio.error.notFound");
        if (m.lessons.length >= 50) return t("studio.error.tooMany");
        const lesson = newLesson(str(form, "title").slice(0, 200) || t("studio.lesson.new"));
        m.lessons.push(lesson);
        created = lesson.id;
      });
      return result.ok ? redirect(`/studio/${courseId}/lessons/${created}`) : fail(result.error, {}, 403);
    }
    case "moveLesson":
      return edit((d) => {
        for (const m of d.modules) move(m.lessons, m.lessons.findIndex((l) => l.id === lessonId), str(form, "dir") === "up" ? -1 : 1);
      }, t("studio.saved"));
    case "deleteLesson":
      return edit((d) => {
        const m = d.modules.find((x) => x.lessons.some((l) => l.id === lessonId));
        if (!m) return t("studio.error.notFound");
        if (m.lessons.length <= 1) return t("studio.error.lastLesson");
        m.lessons = m.lessons.filter((l) => l.id !== lessonId);
      }, t("studio.saved"));
    case "publish": {
      const result = await publishDraft(user, courseId);
      if (!result.ok) return fail(result.message, { problems: result.problems });
      return done(result.state === "submitted" ? t("studio.submitted") : t("studio.published", { version: result.version }));
    }
    case "approve": {
      const result = await approveSubmission(user, courseId);
      if (!result.ok) return fail(result.message, { problems: result.problems });
      return done(t("studio.published", { version: result.state === "published" ? result.version : "" }));
    }
    case "reject":
      return (await rejectSubmission(user, courseId, str(form, "note"))) ? done(t("studio.rejected")) : fail(t("studio.error.forbidden"), {}, 403);
    case "invite": {
      const result = await inviteCollaborator(user, courseId, str(form, "login"));
      return result.ok ? done(t("studio.invited", { name: result.name })) : fail(result.error, { values: { login: str(form, "login") } });
    }
    case "removeCollaborator":
      return (await removeCollaborator(user, courseId, intId(form.get("accountId")) ?? 0)) ? done(t("studio.saved")) : fail(t("studio.error.forbidden"), {}, 403);
  }
  return fail(t("studio.unknownAction"));
}

function MoveButtons({ intent, field, id, first, last }: { intent: string; field: string; id: string; first: boolean; last: boolean }) {
  const t = useT();
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name={field} value={id} />
      <button type="submit" name="dir" value="up" className="link-button" disabled={first} aria-label={t("studio.moveUp")}>
        ↑
      </button>
      <button type="submit" name="dir" value="down" className="link-button" disabled={last} aria-label={t("studio.moveDown")}>
        ↓
      </button>
    </Form>
  );
}

export default function StudioCourse() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const t = useT();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const draft = d.draft;
  const base = `/studio/${d.course.id}`;
  return (
    <>
      <p>
        <Link to="/studio">← {t("studio.title")}</Link>
      </p>
      <h1>{draft?.title ?? d.course.title}</h1>
      <p>
        <span className="tag">{d.course.builtin ? t("studio.state.builtin") : d.course.currentVersionId ? t("studio.state.published") : t("studio.state.draft")}</span>{" "}
        {d.province ? <span className="hint">{d.province}</span> : null}{" "}
        <a href={`${base}/export`} download>
          {t("studio.export")}
        </a>
        {d.course.currentVersionId && !d.course.builtin ? (
          <>
            {" · "}
            <Link to={`/courses/${d.course.id}`}>{t("studio.viewAsLearner")}</Link>
          </>
        ) : null}
      </p>
      {search.get("imported") ? <Notice kind="success">{t("studio.imported")}</Notice> : null}
      {result ? (
        <Notice kind={result.ok ? "success" : "error"}>
          {result.message}
          {result.problems?.length ? (
            <ul className="studio-errors">
              {result.problems.map((p, i) => (
                <li key={i}>
                  <strong>{p.where}</strong>
                  {p.line ? `, ${t("studio.lineCol", { line: p.line, column: p.column })}` : ""}: {p.message}{" "}
                  {p.lessonId && d.canEdit ? <Link to={`${base}/lessons/${p.lessonId}`}>{t("studio.fix")}</Link> : null}
                  {!p.lessonId && p.moduleId && d.canEdit ? <Link to={`${base}/modules/${p.moduleId}/quiz`}>{t("studio.fix")}</Link> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      {d.course.builtin ? <Notice kind="info">{t("studio.builtin.readonly")}</Notice> : null}
      {d.reviewNote ? <Notice kind="warning">{t("studio.reviewNote", { note: d.reviewNote })}</Notice> : null}

      {draft && (d.canEdit || (d.canReview && d.submittedAt)) ? (
        <section className="studio-card">
          <h2>{t("studio.publishing")}</h2>
          {d.submittedAt ? <p>{t("studio.pendingSince", { date: d.submittedAt })}</p> : null}
          {d.canEdit ? (
            <Form method="post">
              <p className="hint">{d.requireApproval && !d.canReview ? t("studio.publish.needsApproval") : t("studio.publish.hint")}</p>
              <button type="submit" name="intent" value="publish" className="primary">
                {d.requireApproval && !d.canReview ? t("studio.submit") : t("studio.publish")}
              </button>
            </Form>
          ) : null}
          {d.canReview && d.submittedAt ? (
            <div className="studio-columns">
              <Form method="post">
                <button type="submit" name="intent" value="approve" className="primary">
                  {t("studio.approve")}
                </button>
              </Form>
              <Form method="post" className="stack">
                <TextField name="note" label={t("studio.rejectNote")} />
                <button type="submit" name="intent" value="reject" className="secondary">
                  {t("studio.reject")}
                </button>
              </Form>
            </div>
          ) : null}
        </section>
      ) : null}

      {draft ? (
        <section>
          <h2>{t("studio.modules")}</h2>
          <ol className="studio-modules">
            {draft.modules.map((m, i) => (
              <li key={m.id} className="studio-card">
                {d.canEdit ? (
                  <div className="studio-row">
                    <Form method="post" className="inline-form grow">
                      <input type="hidden" name="intent" value="saveModule" />
                      <input type="hidden" name="moduleId" value={m.id} />
                      <label className="visually-hidden" htmlFor={`mt-${m.id}`}>
                        {t("studio.module.title")}
                      </label>
                      <input id={`mt-${m.id}`} name="title" defaultValue={m.title} maxLength={200} required />
                      <label className="visually-hidden" htmlFor={`ms-${m.id}`}>
                        {t("studio.summary")}
                      </label>
                      <input id={`ms-${m.id}`} name="summary" defaultValue={m.summary} maxLength={1000} placeholder={t("studio.summary")} />
                      <button type="submit" className="secondary">
                        {t("studio.rename")}
                      </button>
                    </Form>
                    <MoveButtons intent="moveModule" field="moduleId" id={m.id} first={i === 0} last={i === draft.modules.length - 1} />
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="moduleId" value={m.id} />
                      <button type="submit" name="intent" value="deleteModule" className="link-button danger">
                        {t("studio.delete")}
                      </button>
                    </Form>
                  </div>
                ) : (
                  <h3>{m.title}</h3>
                )}
                <ol>
                  {m.lessons.map((l, j) => (
                    <li key={l.id} className="studio-row">
                      <Link to={`${base}/lessons/${l.id}`} className="grow">
                        {l.title}
                      </Link>
                      <span className="hint">{t("studio.minutes", { n: l.minutes })}</span>
                      {d.canEdit ? (
                        <>
                          <MoveButtons intent="moveLesson" field="lessonId" id={l.id} first={j === 0} last={j === m.lessons.length - 1} />
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="lessonId" value={l.id} />
                            <button type="submit" name="intent" value="deleteLesson" className="link-button danger">
                              {t("studio.delete")}
                            </button>
                          </Form>
                        </>
                      ) : null}
                    </li>
                  ))}
                </ol>
                <p>
                  <Link to={`${base}/modules/${m.id}/quiz`}>{t("studio.quiz.link", { n: m.questions })}</Link>
                </p>
                {d.canEdit ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="addLesson" />
                    <input type="hidden" name="moduleId" value={m.id} />
                    <label className="visually-hidden" htmlFor={`nl-${m.id}`}>
                      {t("studio.lesson.title")}
                    </label>
                    <input id={`nl-${m.id}`} name="title" placeholder={t("studio.lesson.title")} maxLength={200} />
                    <button type="submit" className="secondary">
                      {t("studio.addLesson")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ol>
          {d.canEdit ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="addModule" />
              <label className="visually-hidden" htmlFor="new-module">
                {t("studio.module.title")}
              </label>
              <input id="new-module" name="title" placeholder={t("studio.module.title")} maxLength={200} />
              <button type="submit" className="secondary">
                {t("studio.addModule")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {draft && d.canEdit ? (
        <Form method="post" className="stack studio-card">
          <input type="hidden" name="intent" value="meta" />
          <h2>{t("studio.details")}</h2>
          <TextField name="title" label={t("studio.course.title")} defaultValue={values.title ?? draft.title} error={errors.title} required maxLength={200} />
          <div className="field">
            <label htmlFor="summary">{t("studio.summary")}</label>
            <textarea id="summary" name="summary" rows={3} defaultValue={values.summary ?? draft.summary} maxLength={1000} />
          </div>
          <TextField name="hours" label={t("studio.hours")} inputMode="numeric" defaultValue={values.hours ?? String(draft.hours)} error={errors.hours} required />
          <TextField name="passMark" label={t("studio.passMark")} inputMode="numeric" defaultValue={values.passMark ?? String(draft.passMark)} error={errors.passMark} required />
          <TextField name="maxAttempts" label={t("studio.maxAttempts")} hint={t("studio.blankUnlimited")} inputMode="numeric" defaultValue={values.maxAttempts ?? (draft.maxAttempts?.toString() ?? "")} error={errors.maxAttempts} />
          <TextField name="validityMonths" label={t("studio.validityMonths")} hint={t("studio.blankNoExpiry")} inputMode="numeric" defaultValue={values.validityMonths ?? (draft.validityMonths?.toString() ?? "")} error={errors.validityMonths} />
          <label className="check">
            <input type="checkbox" name="selfEnroll" defaultChecked={draft.selfEnroll} /> {t("studio.selfEnroll")}
          </label>
          <div className="field">
            <label htmlFor="intro">{t("studio.intro")}</label>
            <textarea id="intro" name="intro" rows={4} defaultValue={values.intro ?? draft.intro} />
          </div>
          <div className="actions">
            <button type="submit" className="primary">
              {t("common.save")}
            </button>
          </div>
        </Form>
      ) : null}

      {draft && (d.isOwner || d.collaborators.length) ? (
        <section className="studio-card">
          <h2>{t("studio.collaborators")}</h2>
          {d.collaborators.length ? (
            <ul>
              {d.collaborators.map((c) => (
                <li key={c.accountId}>
                  {c.name}{" "}
                  {d.isOwner ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="accountId" value={c.accountId} />
                      <button type="submit" name="intent" value="removeCollaborator" className="link-button danger">
                        {t("studio.remove")}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="hint">{t("studio.collaborators.none")}</p>
          )}
          {d.isOwner ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="invite" />
              <label htmlFor="login">{t("studio.invite.login")}</label>
              <input id="login" name="login" defaultValue={values.login} required />
              <button type="submit" className="secondary">
                {t("studio.invite")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {d.versions.length ? (
        <section>
          <h2>{t("studio.versions")}</h2>
          <ul>
            {d.versions.map((v, i) => {
              const previous = d.versions[i + 1];
              return (
                <li key={v.id}>
                  {t("studio.versionLabel", { version: v.version, date: v.publishedAt })}
                  {v.id === d.course.currentVersionId ? <span className="tag">{t("studio.current")}</span> : null}
                  {previous && v.hasSource && previous.hasSource ? (
                    <>
                      {" "}
                      <Link to={`${base}/diff?from=${previous.id}&to=${v.id}`}>{t("studio.diff.previous")}</Link>
                    </>
                  ) : null}
                </li>
              );
            })}
          </ul>
          {draft && d.course.currentVersionId && d.canEdit ? <Link to={`${base}/diff?from=${d.course.currentVersionId}&to=draft`}>{t("studio.diff.draft")}</Link> : null}
        </section>
      ) : null}
    </>
  );
}
