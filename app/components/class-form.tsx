// The class form (create and edit): plain HTML, works without JavaScript;
// what was typed comes back from the action on an error.
import { Form } from "@remix-run/react";
import { SelectField, TextField } from "~/components/form";
import { useT } from "~/hooks";

export interface ClassFormValues {
  courseId: string;
  title: string;
  startsOn: string;
  endsOn: string;
  place: string;
  capacity: string;
  sessions: string;
  minAttendancePercent: string;
  requirePass: boolean;
  passScore: string;
  communeIds: string[];
}

export function ClassForm({
  courses,
  communes,
  values,
  errors,
  submitLabel,
}: {
  courses: { id: string; title: string }[];
  communes: { id: number; fullName: string }[];
  values: ClassFormValues;
  errors: Record<string, string>;
  submitLabel: string;
}) {
  const t = useT();
  const chosen = new Set(values.communeIds);
  return (
    <Form method="post" className="stack" noValidate>
      <SelectField name="courseId" label={t("classes.field.course")} options={courses.map((c) => ({ value: c.id, label: c.title }))} defaultValue={values.courseId} error={errors.courseId} required />
      <TextField name="title" label={t("classes.field.title")} defaultValue={values.title} error={errors.title} required maxLength={200} />
      <TextField name="startsOn" label={t("classes.field.startsOn")} placeholder="dd/mm/yyyy" defaultValue={values.startsOn} error={errors.startsOn} required inputMode="numeric" />
      <TextField name="endsOn" label={t("classes.field.endsOn")} placeholder="dd/mm/yyyy" defaultValue={values.endsOn} error={errors.endsOn} required inputMode="numeric" />
      <TextField name="place" label={t("classes.field.place")} defaultValue={values.place} error={errors.place} required maxLength={200} />
      <TextField name="capacity" label={t("classes.field.capacity")} defaultValue={values.capacity} error={errors.capacity} required inputMode="numeric" />
      <div className="field">
        <label htmlFor="sessions">{t("classes.field.sessions")}</label>
        <span id="sessions-hint" className="hint">
          {t("classes.field.sessions.hint")}
        </span>
        <textarea id="sessions" name="sessions" rows={4} defaultValue={values.sessions} aria-describedby={errors.sessions ? "sessions-hint sessions-error" : "sessions-hint"} aria-invalid={errors.sessions ? true : undefined} />
        {errors.sessions ? (
          <p id="sessions-error" className="field-error">
            {errors.sessions}
          </p>
        ) : null}
      </div>
      <fieldset aria-describedby={errors.communeId ? "communeId-hint communeId-error" : "communeId-hint"}>
        <legend>{t("classes.field.communes")}</legend>
        <p id="communeId-hint" className="hint">
          {t("classes.field.communes.hint")}
        </p>
        {errors.communeId ? (
          <p id="communeId-error" className="field-error">
            {errors.communeId}
          </p>
        ) : null}
        <div className="commune-choices">
          {communes.map((c) => (
            <label key={c.id} className="checkbox">
              <input type="checkbox" name="communeId" value={c.id} defaultChecked={chosen.has(String(c.id))} />
              <span>{c.fullName}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("classes.field.rule")}</legend>
        <div className="stack-tight">
          <TextField name="minAttendancePercent" label={t("classes.field.minAttendance")} hint={t("classes.field.minAttendance.hint")} defaultValue={values.minAttendancePercent} error={errors.minAttendancePercent} inputMode="numeric" />
          <label className="checkbox">
            <input type="checkbox" name="requirePass" defaultChecked={values.requirePass} />
            <span>{t("classes.field.requirePass")}</span>
          </label>
          <TextField name="passScore" label={t("classes.field.passScore")} hint={t("classes.field.passScore.hint")} defaultValue={values.passScore} error={errors.passScore} inputMode="numeric" />
        </div>
      </fieldset>
      <div className="actions">
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}

/** Reads the submitted form back into the shape the form shows. */
export function classFormValues(form: FormData): ClassFormValues {
  const s = (name: string) => (typeof form.get(name) === "string" ? String(form.get(name)).normalize("NFC").trim() : "");
  return {
    courseId: s("courseId"),
    title: s("title"),
    startsOn: s("startsOn"),
    endsOn: s("endsOn"),
    place: s("place"),
    capacity: s("capacity"),
    sessions: s("sessions"),
    minAttendancePercent: s("minAttendancePercent"),
    requirePass: form.get("requirePass") === "on",
    passScore: s("passScore"),
    communeIds: form.getAll("communeId").map(String),
  };
}

/** The same values as the plain strings the validator reads. */
export function classFormStrings(v: ClassFormValues): Record<string, string> {
  const { communeIds: _ignored, requirePass, ...rest } = v;
  return { ...rest, requirePass: requirePass ? "on" : "" };
}
