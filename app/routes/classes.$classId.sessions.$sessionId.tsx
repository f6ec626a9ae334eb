// Attendance for one session, on a phone in the training room, plus photos
// of the signed attendance sheet as evidence.
import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ClientActionFunctionArgs, type ShouldRevalidateFunction } from "@remix-run/react";
import { useEffect, useState } from "react";
import { notFound } from "~/auth/auth.server";
import { AttendanceButton } from "~/components/class-attendance";
import { Notice } from "~/components/form";
import { useT } from "~/hooks";
import { isLocale, translate, type MessageKey } from "~/i18n";
import { serverT } from "~/i18n/locale.server";
import { formatDate } from "~/lib/dates";
import { intId, str } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { requireClass } from "~/models/classes-access.server";
import { addEvidence, EVIDENCE_MAX_BYTES, EVIDENCE_PER_SESSION, getSession, markAttendance, markUnmarkedPresent, sessionAttendance, sessionEvidence } from "~/models/classes.server";
import classesCss from "~/styles/classes.css?url";

export const meta = titled("classes.session.take");
export const links = () => [{ rel: "stylesheet", href: classesCss }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { view } = await requireClass(request, params.classId, "read");
  const sessionId = intId(params.sessionId);
  const session = sessionId ? await getSession(view.cls.id, sessionId) : null;
  if (!session) notFound();
  const [rows, photos] = await Promise.all([sessionAttendance(view.cls.id, session.id), sessionEvidence(session.id)]);
  const url = new URL(request.url);
  return {
    classId: view.cls.id,
    title: view.cls.title,
    seq: session.seq,
    heldOn: formatDate(session.heldOn),
    closed: view.cls.status !== "open",
    editable: view.canManage && view.cls.status === "open",
    uploaded: url.searchParams.get("uploaded") === "1",
    rows,
    photos: photos.map((p, i) => ({ id: p.id, n: i + 1, width: p.width, height: p.height })),
  };
}

type ActionReply = { ok: true; personId: number; present: boolean; message?: string } | { ok: false; message: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, view } = await requireClass(request, params.classId, "manage");
  const t = serverT(request);
  const sessionId = intId(params.sessionId);
  if (!sessionId) notFound();
  const base = `/classes/${view.cls.id}/sessions/${sessionId}`;

  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const session = await getSession(view.cls.id, sessionId);
    if (!session) notFound();
    let bytes: Uint8Array | null = null;
    try {
      const form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: EVIDENCE_MAX_BYTES }));
      const file = form.get("photo");
      bytes = file && typeof file !== "string" ? new Uint8Array(await file.arrayBuffer()) : null;
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) return data({ ok: false as const, message: t("classes.evidence.tooLarge") }, { status: 413 });
      throw error;
    }
    if (!bytes?.length) return data({ ok: false as const, message: t("classes.evidence.empty") }, { status: 400 });
    const saved = await addEvidence(actor, view.cls.id, session.id, bytes);
    if (!saved.ok) {
      const key: Record<typeof saved.reason, MessageKey> = {
        closed: "classes.error.closed",
        noSession: "classes.attend.noSession",
        tooLarge: "classes.evidence.tooLarge",
        notImage: "classes.evidence.notImage",
        tooMany: "classes.evidence.tooMany",
        empty: "classes.evidence.empty",
      };
      return data({ ok: false as const, message: t(key[saved.reason], { max: EVIDENCE_PER_SESSION }) }, { status: 400 });
    }
    return redirect(`${base}?uploaded=1#evidence`);
  }

  const form = await request.formData();
  if (str(form, "intent") === "allPresent") {
    const result = await markUnmarkedPresent(actor, view.cls.id, sessionId);
    if (!result.ok) return data<ActionReply>({ ok: false, message: t(result.reason === "closed" ? "classes.error.closed" : "classes.attend.noSession") }, { status: 400 });
    return data<ActionReply>({ ok: true, personId: 0, present: true, message: t("classes.attend.allDone", { count: result.count }) });
  }
  const personId = intId(form.get("personId"));
  const wanted = str(form, "present");
  if (!personId || (wanted !== "1" && wanted !== "0")) return data<ActionReply>({ ok: false, message: t("classes.attend.notEnrolled") }, { status: 400 });
  // markAttendance itself checks that the session is this class's.
  const result = await markAttendance(actor, view.cls.id, sessionId, personId, wanted === "1");
  if (!result.ok) {
    const message = t(result.reason === "closed" ? "classes.error.closed" : result.reason === "noSession" ? "classes.attend.noSession" : "classes.attend.notEnrolled");
    return data<ActionReply>({ ok: false, message }, { status: result.reason === "closed" ? 409 : 400 });
  }
  // A fetcher gets the new state back; a plain form goes back to the same row.
  if (str(form, "js") === "1") return data<ActionReply>({ ok: true, personId, present: wanted === "1" });
  return redirect(`${base}#p-${personId}`);
}

// In the browser: a lost connection (the request never answered) becomes a
// message on the row instead of an error page; tapping again is safe because
// the request says the wanted state.
export async function clientAction({ serverAction }: ClientActionFunctionArgs) {
  try {
    return await serverAction<typeof action>();
  } catch (error) {
    if (error instanceof Response) throw error;
    const lang = document.documentElement.lang;
    return { ok: false as const, message: translate(isLocale(lang) ? lang : "vi", "classes.attend.failed") };
  }
}

// A tap changes one row, which already shows its new state: no need to
// reload the whole list over a weak connection.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => {
  if (formData?.get("intent") === "attend" && formData.get("js") === "1") return false;
  return defaultShouldRevalidate;
};

export default function SessionPage() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const t = useT();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return (
    <>
      <p>
        <Link to={`/classes/${d.classId}`}>{t("classes.backToClass")}</Link>
      </p>
      <h1>{t("classes.session.title", { seq: d.seq, date: d.heldOn })}</h1>
      <p className="muted">{d.title}</p>
      {a && !a.ok ? <Notice kind="error">{a.message}</Notice> : a?.message ? <Notice kind="success">{a.message}</Notice> : null}
      {d.uploaded ? <Notice kind="success">{t("classes.evidence.uploaded")}</Notice> : null}
      {d.closed ? <Notice kind="info">{t("classes.error.closed")}</Notice> : d.editable ? <p>{t("classes.attend.lead")}</p> : null}
      {d.rows.length === 0 ? (
        <p>{t("classes.members.empty")}</p>
      ) : (
        <ul className="attendance-list">
          {d.rows.map((r) => (
            <AttendanceButton key={r.personId} row={r} disabled={!d.editable} hydrated={hydrated} />
          ))}
        </ul>
      )}
      {d.editable && d.rows.some((r) => r.present === null) ? (
        <Form method="post" style={{ marginTop: "1rem" }}>
          <input type="hidden" name="intent" value="allPresent" />
          <button type="submit" className="secondary">
            {t("classes.attend.allPresent")}
          </button>
        </Form>
      ) : null}

      <h2 id="evidence">{t("classes.evidence")}</h2>
      {d.photos.length === 0 ? (
        <p>{t("classes.evidence.none")}</p>
      ) : (
        <div className="evidence-photos">
          {d.photos.map((p) => (
            <a key={p.id} href={`/classes/${d.classId}/evidence/${p.id}`}>
              <img src={`/classes/${d.classId}/evidence/${p.id}`} width={p.width} height={p.height} loading="lazy" alt={t("classes.evidence.alt", { seq: d.seq, n: p.n })} />
            </a>
          ))}
        </div>
      )}
      {d.editable ? (
        <Form method="post" encType="multipart/form-data" className="stack" style={{ marginTop: "1rem" }} reloadDocument>
          <p className="hint" id="photo-hint">
            {t("classes.evidence.lead")}
          </p>
          <div className="field">
            <label htmlFor="photo">{t("classes.evidence.file")}</label>
            <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" capture="environment" aria-describedby="photo-hint" required />
          </div>
          <div className="actions">
            <button type="submit" className="primary">
              {t("classes.evidence.upload")}
            </button>
          </div>
        </Form>
      ) : null}
    </>
  );
}
