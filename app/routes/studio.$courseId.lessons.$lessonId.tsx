// The lesson editor. Without JavaScript: a textarea and two buttons ("Lưu",
// "Xem trước" — which also saves), the preview rendered by the server below.
// With JavaScript: CodeMirror over the same textarea, a live preview from the
// same pipeline learners get, autosave every few seconds and on leaving the
// editor, and a copy in localStorage so a lost connection loses nothing.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { notFound, requireUser } from "~/auth/auth.server";
import { palette } from "~/authoring/palette.server";
import type { MountedEditor } from "~/authoring/editor.client";
import { Notice, TextField } from "~/components/form";
import { useT } from "~/hooks";
import { serverT } from "~/i18n/locale.server";
import { str } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { courseAccess, findDraftLesson, PAGE_WEIGHT_WARN_BYTES, previewLesson, saveLesson, type Preview } from "~/models/authoring.server";
import { uploadImage } from "~/models/authoring-media.server";
import { contentStylesheet } from "~/content/stylesheet";
import authoringCss from "~/styles/authoring.css?url";

export const meta = titled("studio.lesson");
export const links = () => [
  // The learner pages link the same descriptor: the preview is what a learner sees.
  contentStylesheet,
  { rel: "stylesheet", href: authoringCss },
];

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const user = await requireUser(request);
  const access = params.courseId ? await courseAccess(user, params.courseId) : null;
  const found = access?.authored && params.lessonId ? findDraftLesson(access.authored.draft, params.lessonId) : null;
  if (!access || !found) notFound();
  return { user, access, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { access, found } = await load(request, params);
  const { lesson, module } = found;
  return {
    courseId: access.course.id,
    courseTitle: access.authored!.draft.title,
    moduleTitle: module.title,
    canEdit: access.canEdit,
    lesson,
    preview: await previewLesson(lesson.body),
    palette: palette(),
    warnBytes: PAGE_WEIGHT_WARN_BYTES,
  };
}

type SaveResult =
  | { intent: "save" | "preview"; ok: true; rev: number; message: string; preview: Preview | null; values: null }
  | { intent: "save" | "preview"; ok: false; conflict: boolean; message: string; preview: Preview | null; values: Record<string, string> }
  | { intent: "upload"; ok: boolean; message: string; src?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, access, found } = await load(request, params);
  const t = serverT(request);
  const form = await request.formData();
  const intent = str(form, "intent");
  if (intent === "upload") {
    const file = form.get("image");
    if (!(file instanceof File) || file.size === 0) return data<SaveResult>({ intent, ok: false, message: t("studio.upload.none") }, { status: 400 });
    const result = await uploadImage(user, new Uint8Array(await file.arrayBuffer()));
    if (!result.ok) return data<SaveResult>({ intent, ok: false, message: result.error }, { status: 400 });
    return data<SaveResult>({ intent, ok: true, message: t("studio.upload.done", { width: result.width, kb: Math.ceil(result.size / 1024) }), src: result.src });
  }
  const mode = intent === "preview" ? "preview" : "save";
  // The body keeps its spaces and line breaks exactly as typed.
  const body = typeof form.get("body") === "string" ? (form.get("body") as string).replace(/\r\n?/g, "\n") : "";
  const values = { title: str(form, "title"), summary: str(form, "summary"), minutes: str(form, "minutes"), body };
  const minutes = /^\d{1,3}$/.test(values.minutes) ? Number(values.minutes) : NaN;
  const preview = mode === "preview" ? await previewLesson(body) : null;
  if (!access.canEdit) return data<SaveResult>({ intent: mode, ok: false, conflict: false, message: t("studio.error.forbidden"), preview, values }, { status: 403 });
  if (!values.title || !(minutes >= 1 && minutes <= 600)) {
    return data<SaveResult>({ intent: mode, ok: false, conflict: false, message: t("studio.lesson.invalid"), preview, values }, { status: 400 });
  }
  const baseRev = /^\d+$/.test(str(form, "rev")) ? Number(str(form, "rev")) : null;
  const saved = await saveLesson(user, access.course.id, found.lesson.id, { title: values.title, summary: values.summary, minutes, body }, baseRev);
  if (!saved.ok) return data<SaveResult>({ intent: mode, ok: false, conflict: !!saved.conflict, message: saved.error, preview, values }, { status: saved.conflict ? 409 : 400 });
  return data<SaveResult>({ intent: mode, ok: true, rev: saved.rev!, message: t("studio.lesson.saved"), preview, values: null });
}

const AUTOSAVE_MS = 4000;
const PREVIEW_DEBOUNCE_MS = 700;

function kb(bytes: number) {
  return Math.max(1, Math.ceil(bytes / 1024));
}

export default function LessonEditor() {
  const d = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const t = useT();
  const saver = useFetcher<typeof action>();
  const formRef = useRef<HTMLFormElement>(null);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const editorRef = useRef<MountedEditor | null>(null);
  const dirty = useRef(false);
  const [rev, setRev] = useState(d.lesson.rev);
  const [status, setStatus] = useState<string>("");
  const [live, setLive] = useState<Preview | null>(null);
  const [restorable, setRestorable] = useState<string | null>(null);
  const storageKey = `ctxh-lesson:${d.courseId}:${d.lesson.id}`;

  const failedValues = posted && "values" in posted && posted.values ? posted.values : null;
  const serverPreview = (posted && "preview" in posted && posted.preview) || d.preview;
  const preview = live ?? serverPreview;
  const currentRev = Math.max(rev, posted && "rev" in posted && posted.ok ? posted.rev : 0);

  // The interval and CodeMirror keep the first closure they get: read the live fetcher through a ref.
  const saverRef = useRef(saver);
  saverRef.current = saver;
  const save = useCallback(() => {
    const fetcher = saverRef.current;
    if (!formRef.current || !dirty.current || fetcher.state !== "idle") return;
    const fd = new FormData(formRef.current);
    fd.set("intent", "save");
    dirty.current = false;
    setStatus(t("studio.autosave.saving"));
    fetcher.submit(fd, { method: "post" });
  }, [t]);

  // Autosave result: keep the new revision, or keep the text dirty so it is retried (and stays in localStorage).
  useEffect(() => {
    const r = saver.data;
    if (!r || r.intent === "upload") return;
    if (r.ok) {
      setRev(r.rev);
      // Typed while this save was on its way: still unsaved, the next tick saves it.
      if (dirty.current) return;
      setStatus(t("studio.autosave.saved", { time: new Date().toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit", second: "2-digit" }) }));
      localStorage.removeItem(storageKey);
    } else {
      dirty.current = !r.conflict;
      setStatus(r.message);
    }
  }, [saver.data, storageKey, t]);

  // A failed request (offline) leaves the fetcher idle without data: try again later.
  useEffect(() => {
    if (saver.state === "idle" && status === t("studio.autosave.saving") && !saver.data) {
      dirty.current = true;
      setStatus(t("studio.autosave.offline"));
    }
  }, [saver.state, saver.data, status, t]);

  const previewTimer = useRef<ReturnType<typeof setTimeout>>();
  const requestPreview = useCallback((body: string) => {
    clearTimeout(previewTimer.current);
    previewTimer.current = setTimeout(async () => {
      try {
        const fd = new FormData();
        fd.set("body", body);
        const res = await fetch("/studio/preview", { method: "POST", body: fd });
        if (res.ok) setLive((await res.json()) as Preview);
      } catch {
        // Offline: the preview waits for the next change; the text is safe in localStorage.
      }
    }, PREVIEW_DEBOUNCE_MS);
  }, []);

  const onChange = useCallback(
    (body: string) => {
      dirty.current = true;
      setStatus(t("studio.autosave.unsaved"));
      try {
        localStorage.setItem(storageKey, JSON.stringify({ body, at: Date.now() }));
      } catch {
        // Storage full or disabled: the server autosave still runs.
      }
      requestPreview(body);
    },
    [requestPreview, storageKey, t],
  );

  useEffect(() => {
    if (!d.canEdit || !textareaRef.current) return;
    const textarea = textareaRef.current;
    // A copy left from a session that could not save.
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey) ?? "null") as { body?: string } | null;
      if (saved?.body && saved.body !== textarea.value) setRestorable(saved.body);
    } catch {
      // Ignore a corrupt entry.
    }
    let cancelled = false;
    import("~/authoring/editor.client").then(({ mountEditor }) => {
      if (cancelled) return;
      editorRef.current = mountEditor(textarea, { onChange, onBlur: save });
    });
    const timer = setInterval(save, AUTOSAVE_MS);
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (dirty.current) e.preventDefault();
    };
    window.addEventListener("beforeunload", beforeUnload);
    return () => {
      cancelled = true;
      clearInterval(timer);
      window.removeEventListener("beforeunload", beforeUnload);
      editorRef.current?.destroy();
      editorRef.current = null;
    };
    // Mount once per lesson; handlers read refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [d.lesson.id, d.canEdit]);

  const insert = (text: string) => {
    if (editorRef.current) editorRef.current.insert(text);
    else if (textareaRef.current) {
      const ta = textareaRef.current;
      const at = ta.selectionStart ?? ta.value.length;
      ta.value = ta.value.slice(0, at) + text + ta.value.slice(ta.selectionEnd ?? at);
      onChange(ta.value);
    }
  };

  const restore = () => {
    if (!restorable) return;
    editorRef.current?.destroy();
    if (textareaRef.current) {
      textareaRef.current.value = restorable;
      import("~/authoring/editor.client").then(({ mountEditor }) => {
        editorRef.current = mountEditor(textareaRef.current!, { onChange, onBlur: save });
      });
      onChange(restorable);
    }
    setRestorable(null);
  };

  const weight = preview.ok ? preview.pageBytes : null;
  const base = `/studio/${d.courseId}`;
  const uploader = useFetcher<typeof action>();
  const uploaded = (uploader.data ?? (posted && posted.intent === "upload" ? posted : null)) as Extract<SaveResult, { intent: "upload" }> | null;

  return (
    <>
      <p>
        <Link to={base}>← {d.courseTitle}</Link> › {d.moduleTitle}
      </p>
      <h1>{t("studio.lesson")}</h1>
      {posted && posted.intent !== "upload" ? <Notice kind={posted.ok ? "success" : "error"}>{posted.message}</Notice> : null}
      {restorable ? (
        <Notice kind="warning">
          {t("studio.restore.found")}{" "}
          <button type="button" className="secondary" onClick={restore}>
            {t("studio.restore")}
          </button>{" "}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              localStorage.removeItem(storageKey);
              setRestorable(null);
            }}
          >
            {t("studio.restore.discard")}
          </button>
        </Notice>
      ) : null}
      <div className="studio-editor">
        <div>
          {d.canEdit ? (
            <Form method="post" ref={formRef} className="stack studio-lesson-form" onBlur={(e) => e.target instanceof HTMLInputElement && save()} onChange={(e) => e.target instanceof HTMLInputElement && ((dirty.current = true), setStatus(t("studio.autosave.unsaved")))}>
              <input type="hidden" name="rev" value={currentRev} />
              <TextField name="title" label={t("studio.lesson.title")} defaultValue={failedValues?.title ?? d.lesson.title} required maxLength={200} />
              <TextField name="summary" label={t("studio.summary")} defaultValue={failedValues?.summary ?? d.lesson.summary} maxLength={1000} />
              <TextField name="minutes" label={t("studio.lesson.minutes")} inputMode="numeric" defaultValue={failedValues?.minutes ?? String(d.lesson.minutes)} required />
              <div className="field">
                <label htmlFor="body">{t("studio.lesson.body")}</label>
                <span className="hint" id="body-hint">
                  {t("studio.lesson.bodyHint")}
                </span>
                <textarea
                  ref={textareaRef}
                  id="body"
                  name="body"
                  rows={24}
                  aria-describedby="body-hint"
                  aria-label={t("studio.lesson.body")}
                  className="studio-textarea"
                  defaultValue={failedValues?.body ?? d.lesson.body}
                  onChange={(e) => onChange(e.target.value)}
                  onBlur={save}
                />
              </div>
              <p className="hint" role="status" aria-live="polite">
                {status}
              </p>
              <div className="actions">
                <button type="submit" name="intent" value="save" className="primary">
                  {t("common.save")}
                </button>
                <button type="submit" name="intent" value="preview" className="secondary">
                  {t("studio.preview")}
                </button>
              </div>
            </Form>
          ) : (
            <Notice kind="info">{t("studio.readonly")}</Notice>
          )}

          {d.canEdit ? (
            <uploader.Form method="post" encType="multipart/form-data" className="stack studio-card">
              <input type="hidden" name="intent" value="upload" />
              <h2>{t("studio.upload")}</h2>
              <p className="hint">{t("studio.upload.hint")}</p>
              <input type="file" name="image" accept="image/png,image/jpeg,image/webp" aria-label={t("studio.upload")} required />
              <button type="submit" className="secondary">
                {t("studio.upload.submit")}
              </button>
              {uploaded ? (
                <Notice kind={uploaded.ok ? "success" : "error"}>
                  {uploaded.message}
                  {uploaded.src ? (
                    <>
                      <br />
                      <code>{`<Figure src="${uploaded.src}" alt="…" />`}</code>{" "}
                      <button type="button" className="link-button" onClick={() => insert(`\n<Figure src="${uploaded.src}" alt="${t("studio.upload.alt")}" />\n`)}>
                        {t("studio.insert")}
                      </button>
                    </>
                  ) : null}
                </Notice>
              ) : null}
            </uploader.Form>
          ) : null}

          <details className="studio-card">
            <summary>{t("studio.palette")}</summary>
            <p className="hint">{t("studio.palette.hint")}</p>
            <ul className="studio-palette">
              {d.palette.map((c) => (
                <li key={c.name}>
                  <strong>{c.name}</strong>{" "}
                  <span className="hint">
                    {c.props.length ? c.props.map((p) => `${p.name}${p.required ? "" : " (" + t("studio.optional") + ")"}`).join(", ") : t("studio.noProps")}
                  </span>
                  <pre>{c.snippet}</pre>
                  {d.canEdit ? (
                    <button type="button" className="link-button" onClick={() => insert(`\n${c.snippet}\n`)}>
                      {t("studio.insert")}
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          </details>
        </div>

        <section aria-labelledby="preview-title" className="studio-preview">
          <h2 id="preview-title">{t("studio.preview.title")}</h2>
          {weight !== null ? (
            <p className={weight > d.warnBytes ? "notice warning" : "hint"}>
              {t("studio.weight", { total: kb(weight), html: kb(preview.htmlBytes), images: Math.ceil(preview.imageBytes / 1024) })}
              {weight > d.warnBytes ? ` ${t("studio.weight.warn", { max: Math.round(d.warnBytes / 1024) })}` : ""}
            </p>
          ) : null}
          {preview.errors.length ? (
            <div className="notice error" role="alert">
              <p>{t("studio.preview.errors")}</p>
              <ul>
                {preview.errors.map((e, i) => (
                  <li key={i}>
                    <button type="button" className="link-button" onClick={() => editorRef.current?.goTo(e.line, e.column)}>
                      {t("studio.lineCol", { line: e.line, column: e.column })}
                    </button>
                    : {e.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {/* The compiled output of guarded MDX: the exact HTML a learner receives. */}
          <article className="lesson-preview" dangerouslySetInnerHTML={{ __html: preview.html }} />
        </section>
      </div>
    </>
  );
}
