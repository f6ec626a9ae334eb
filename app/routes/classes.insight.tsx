// Trainers (and officers) follow learners: who is stuck in an online course
// and which quiz questions most people miss, in their scope or in one class.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/auth.server";
import { can, scopeCondition } from "~/auth/permissions.server";
import { SelectField, TextField } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/hooks";
import { formatNumber } from "~/i18n";
import { getLocale } from "~/i18n/locale.server";
import { formatDateTime } from "~/lib/dates";
import { intId } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { missedQuestions, stuckLearners } from "~/models/classes-insight.server";
import { getClassForUser, listClasses } from "~/models/classes.server";
import { getPublishedCourse, listCatalogue } from "~/models/learning.server";
import { adminUnits } from "../../db/schema";

export const meta = titled("classes.insight.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "progress:read");
  const locale = getLocale(request);
  const url = new URL(request.url);
  const catalogue = await listCatalogue();
  const classes = can(user, "classes:read") ? await listClasses({ id: user.account.id, roles: user.roles }) : [];
  let classId = intId(url.searchParams.get("class"));
  // A class outside the user's scope is ignored, not revealed.
  const chosen = classId ? await getClassForUser(user, classId) : null;
  if (!chosen) classId = null;
  const courseId = chosen?.cls.courseId ?? url.searchParams.get("course") ?? catalogue[0]?.id ?? "";
  const daysParam = intId(url.searchParams.get("days"));
  const days = daysParam && daysParam <= 365 ? daysParam : 14;
  const published = courseId ? await getPublishedCourse(courseId) : null;
  const scope = scopeCondition(user, "progress:read", adminUnits.path);
  const [stuck, missed] = published
    ? await Promise.all([stuckLearners(scope, published.course.id, published.version.tree, { days, classId }), missedQuestions(scope, published.course.id, published.version.id, { classId })])
    : [[], []];
  return {
    courses: catalogue.map((c) => ({ id: c.id, title: c.title })),
    classes: classes.map((c) => ({ id: c.id, title: c.title })),
    course: published?.course.id ?? "",
    classId: classId ? String(classId) : "",
    days: String(days),
    stuck: stuck.map((s) => ({ personId: s.personId, fullName: s.fullName, communeName: s.communeName, percent: s.percent, idleDays: s.idleDays, lastSeenAt: formatDateTime(s.lastActivity) })),
    missed: missed.map((m) => ({ ...m, share: `${formatNumber(locale, (m.missed / m.answered) * 100, 0)}%` })),
  };
}

export default function Insight() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <p>
        <Link to="/classes">{t("classes.back")}</Link>
      </p>
      <h1>{t("classes.insight.title")}</h1>
      <p>{t("classes.insight.lead")}</p>
      <Form method="get" className="filters">
        <SelectField name="course" label={t("progress.course")} options={d.courses.map((c) => ({ value: c.id, label: c.title }))} defaultValue={d.course} />
        <SelectField name="class" label={t("classes.insight.class")} placeholder={t("classes.insight.allPeople")} options={d.classes.map((c) => ({ value: String(c.id), label: c.title }))} defaultValue={d.classId} />
        <TextField name="days" label={t("classes.insight.days")} defaultValue={d.days} inputMode="numeric" />
        <button type="submit" className="secondary">
          {t("common.filter")}
        </button>
      </Form>

      <h2>{t("classes.insight.stuck")}</h2>
      {d.stuck.length === 0 ? (
        <p>{t("classes.insight.stuckEmpty")}</p>
      ) : (
        <TableWrap label={t("classes.insight.stuck")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("field.fullName")}</th>
                <th scope="col">{t("field.commune")}</th>
                <th scope="col">{t("progress.percent")}</th>
                <th scope="col">{t("progress.lastSeen")}</th>
                <th scope="col">{t("classes.insight.idle")}</th>
              </tr>
            </thead>
            <tbody>
              {d.stuck.map((s) => (
                <tr key={s.personId}>
                  <td>
                    <Link to={`/people/${s.personId}`}>{s.fullName}</Link>
                  </td>
                  <td>{s.communeName}</td>
                  <td>{s.percent}%</td>
                  <td>{s.lastSeenAt}</td>
                  <td>{s.idleDays}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <h2>{t("classes.insight.missed")}</h2>
      <p className="hint">{t("classes.insight.missedLead")}</p>
      {d.missed.length === 0 ? (
        <p>{t("classes.insight.missedEmpty")}</p>
      ) : (
        <TableWrap label={t("classes.insight.missed")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("classes.insight.question")}</th>
                <th scope="col">{t("classes.insight.wrongShare")}</th>
                <th scope="col">{t("classes.insight.correct")}</th>
                <th scope="col">{t("classes.insight.commonWrong")}</th>
              </tr>
            </thead>
            <tbody>
              {d.missed.map((m) => (
                <tr key={`${m.quizId}-${m.questionId}`}>
                  <td>
                    {m.text}
                    <br />
                    <small className="muted">
                      {t("classes.insight.quiz")}: {m.quizTitle}
                    </small>
                  </td>
                  <td>
                    {m.share} ({t("classes.insight.wrongCount", { missed: m.missed, answered: m.answered })})
                  </td>
                  <td>{m.correctOptions.join("; ")}</td>
                  <td>{m.commonWrong ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
