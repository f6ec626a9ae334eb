// Trainers and officers: per-learner progress on a course, for the people in
// their scope.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/auth.server";
import { scopeCondition, scopesFor } from "~/auth/permissions.server";
import { SelectField } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/hooks";
import { formatDate, formatDateTime } from "~/lib/dates";
import { intId } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { getPublishedCourse, listCatalogue, progressInScope } from "~/models/learning.server";
import { communesInScope } from "~/models/scope.server";
import { adminUnits } from "../../db/schema";

export const meta = titled("progress.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "progress:read");
  const url = new URL(request.url);
  const catalogue = await listCatalogue();
  const courseId = url.searchParams.get("course") ?? catalogue[0]?.id ?? "";
  const communeId = intId(url.searchParams.get("commune"));
  const published = courseId ? await getPublishedCourse(courseId) : null;
  const [rows, communes] = await Promise.all([
    published ? progressInScope(scopeCondition(user, "progress:read", adminUnits.path), published.course.id, published.version.tree, { communeId, limit: 500 }) : Promise.resolve([]),
    communesInScope(scopesFor(user, "progress:read")),
  ]);
  return {
    courses: catalogue.map((c) => ({ id: c.id, title: c.title })),
    course: published?.course.id ?? "",
    commune: communeId ? String(communeId) : "",
    communes,
    rows: rows.map((r) => ({
      personId: r.personId,
      fullName: r.fullName,
      commune: r.communeName,
      state: r.completedOn ? "completed" : r.enrolledAt ? (r.percent > 0 ? "inProgress" : "notStarted") : "notEnrolled",
      percent: r.percent,
      completedOn: r.completedOn ? formatDate(r.completedOn) : null,
      lastSeenAt: r.lastSeenAt ? formatDateTime(r.lastSeenAt) : null,
    })),
  };
}

export default function Progress() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const stateLabel = { completed: t("progress.completed"), inProgress: t("progress.inProgress"), notStarted: t("progress.notStarted"), notEnrolled: t("progress.notEnrolled") } as const;
  return (
    <>
      <h1>{t("progress.title")}</h1>
      <p>{t("progress.lead")}</p>
      <Form method="get" className="filters">
        <SelectField name="course" label={t("progress.course")} options={d.courses.map((c) => ({ value: c.id, label: c.title }))} defaultValue={d.course} />
        <SelectField name="commune" label={t("field.commune")} placeholder={t("people.allCommunes")} options={d.communes.map((c) => ({ value: String(c.id), label: c.fullName }))} defaultValue={d.commune} />
        <button type="submit" className="secondary">
          {t("common.filter")}
        </button>
      </Form>
      <TableWrap label={t("progress.title")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("field.fullName")}</th>
              <th scope="col">{t("field.commune")}</th>
              <th scope="col">{t("field.status")}</th>
              <th scope="col">{t("progress.percent")}</th>
              <th scope="col">{t("progress.lastSeen")}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.personId}>
                <td>
                  <Link to={`/people/${r.personId}`}>{r.fullName}</Link>
                </td>
                <td>{r.commune}</td>
                <td>
                  {stateLabel[r.state as keyof typeof stateLabel]}
                  {r.completedOn ? ` (${r.completedOn})` : ""}
                </td>
                <td>{r.state === "notEnrolled" ? "—" : `${r.percent}%`}</td>
                <td>{r.lastSeenAt ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}
