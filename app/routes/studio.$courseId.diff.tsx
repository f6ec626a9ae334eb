// What changed between two published versions (or the published version and
// the draft): per lesson, the lines added and removed.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { notFound, requireUser } from "~/auth/auth.server";
import { useT } from "~/hooks";
import { intId } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { courseAccess, diffVersions } from "~/models/authoring.server";
import authoringCss from "~/styles/authoring.css?url";

export const meta = titled("studio.diff");
export const links = () => [{ rel: "stylesheet", href: authoringCss }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const access = params.courseId ? await courseAccess(user, params.courseId) : null;
  if (!access?.authored) notFound();
  const url = new URL(request.url);
  const from = intId(url.searchParams.get("from"));
  const toParam = url.searchParams.get("to");
  const to = toParam === "draft" ? access.authored.draft : intId(toParam);
  if (!from || to === null) notFound();
  const lessons = await diffVersions(access.course.id, from, to);
  if (!lessons) notFound();
  return { courseId: access.course.id, title: access.authored.draft.title, toDraft: toParam === "draft", lessons };
}

export default function Diff() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const changed = d.lessons.filter((l) => l.state !== "same");
  return (
    <>
      <p>
        <Link to={`/studio/${d.courseId}`}>← {d.title}</Link>
      </p>
      <h1>{d.toDraft ? t("studio.diff.draft") : t("studio.diff")}</h1>
      {changed.length === 0 ? <p>{t("studio.diff.none")}</p> : null}
      {changed.map((l) => (
        <section key={l.lessonId} className="studio-card">
          <h2>
            {l.title} <span className="tag">{t(`studio.diff.${l.state}` as "studio.diff.changed")}</span>
          </h2>
          <p className="hint">{t("studio.diff.counts", { added: l.added, removed: l.removed })}</p>
          <pre className="studio-diff">
            {l.parts.map((p, i) =>
              p.kind === "same" ? (
                <span key={i}>{p.text.split("\n").length > 6 ? "…\n" : p.text}</span>
              ) : p.kind === "added" ? (
                <ins key={i}>{p.text.replace(/^/gm, "+ ")}</ins>
              ) : (
                <del key={i}>{p.text.replace(/^/gm, "- ")}</del>
              ),
            )}
          </pre>
        </section>
      ))}
    </>
  );
}
