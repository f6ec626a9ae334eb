// The fields of a training target (create and edit). Plain HTML; values come
// back from the action on error so nothing typed is lost.
import { SelectField, TextField } from "~/components/form";
import { useT } from "~/hooks";
import type { MessageKey } from "~/i18n";

export interface TargetFormState {
  provinceId: string;
  planRef: string;
  percent: string;
  startsOn: string;
  deadline: string;
  positions: string[];
  courseIds: string[];
  expiredCounts: string;
  note: string;
}

export function TargetFields({
  values,
  errors,
  provinces,
  courses,
  positions,
}: {
  values: TargetFormState;
  errors: Record<string, string>;
  provinces: { id: number; fullName: string }[];
  courses: { id: string; title: string }[];
  positions: readonly string[];
}) {
  const t = useT();
  return (
    <>
      <SelectField name="provinceId" label={t("targets.field.province")} options={provinces.map((p) => ({ value: String(p.id), label: p.fullName }))} defaultValue={values.provinceId} error={errors.provinceId} required />
      <TextField name="planRef" label={t("targets.field.planRef")} hint={t("targets.field.planRefHint")} defaultValue={values.planRef} error={errors.planRef} required />
      <TextField name="percent" label={t("targets.field.percent")} hint={t("targets.field.percentHint")} inputMode="decimal" defaultValue={values.percent} error={errors.percent} required />
      <TextField name="startsOn" label={t("targets.field.startsOn")} placeholder="dd/mm/yyyy" defaultValue={values.startsOn} error={errors.startsOn} required />
      <TextField name="deadline" label={t("targets.field.deadline")} placeholder="dd/mm/yyyy" defaultValue={values.deadline} error={errors.deadline} required />
      <fieldset aria-describedby={errors.positions ? "positions-error" : undefined}>
        <legend>{t("targets.field.positions")}</legend>
        {positions.map((p) => (
          <label key={p} className="checkbox">
            <input type="checkbox" name="positions" value={p} defaultChecked={values.positions.includes(p)} /> {t(`position.${p}` as MessageKey)}
          </label>
        ))}
        {errors.positions ? (
          <p id="positions-error" className="field-error">
            {errors.positions}
          </p>
        ) : null}
      </fieldset>
      <fieldset aria-describedby={errors.courseIds ? "courseIds-error" : "courseIds-hint"}>
        <legend>{t("targets.field.courses")}</legend>
        <p id="courseIds-hint" className="hint">
          {t("targets.field.coursesHint")}
        </p>
        {courses.map((c) => (
          <label key={c.id} className="checkbox">
            <input type="checkbox" name="courseIds" value={c.id} defaultChecked={values.courseIds.includes(c.id)} /> {c.title}
          </label>
        ))}
        {errors.courseIds ? (
          <p id="courseIds-error" className="field-error">
            {errors.courseIds}
          </p>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>{t("targets.field.expired")}</legend>
        <label className="checkbox">
          <input type="radio" name="expiredCounts" value="yes" defaultChecked={values.expiredCounts !== "no"} /> {t("targets.field.expiredYes")}
        </label>
        <label className="checkbox">
          <input type="radio" name="expiredCounts" value="no" defaultChecked={values.expiredCounts === "no"} /> {t("targets.field.expiredNo")}
        </label>
      </fieldset>
      <TextField name="note" label={t("targets.field.note")} defaultValue={values.note} />
    </>
  );
}
