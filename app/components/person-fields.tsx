// The person fields shared by registration and the roster forms.
import type { MessageKey } from "~/i18n";
import { useT } from "~/hooks";
import { SelectField, TextField } from "./form";

const POSITIONS = ["ctv_ctxh", "cong_chuc_vhxh", "nhan_vien_ctxh", "other"] as const;
const GENDERS = ["female", "male", "other"] as const;

export function PersonFields({
  values,
  errors,
  communes,
  withNationalId = false,
  withStartedOn = false,
  phoneRequired = false,
}: {
  values: Record<string, string>;
  errors: Record<string, string>;
  communes: { id: number; fullName: string }[];
  withNationalId?: boolean;
  withStartedOn?: boolean;
  phoneRequired?: boolean;
}) {
  const t = useT();
  return (
    <>
      <TextField name="fullName" label={t("field.fullName")} autoComplete="name" required defaultValue={values.fullName} error={errors.fullName} />
      <TextField
        name="birthDate"
        label={t("field.birthDate")}
        hint={t("register.birthDate.hint")}
        inputMode="numeric"
        autoComplete="bday"
        placeholder="dd/mm/yyyy"
        defaultValue={values.birthDate}
        error={errors.birthDate}
      />
      <SelectField
        name="gender"
        label={t("field.gender")}
        placeholder="—"
        options={GENDERS.map((g) => ({ value: g, label: t(`gender.${g}` as MessageKey) }))}
        defaultValue={values.gender}
        error={errors.gender}
      />
      <TextField
        name="phone"
        type="tel"
        label={t("field.phone")}
        hint={t("login.identifier.hint")}
        autoComplete="tel"
        required={phoneRequired}
        defaultValue={values.phone}
        error={errors.phone}
      />
      {withNationalId ? (
        <TextField name="nationalId" label={`${t("field.nationalId")} (${t("common.optional")})`} inputMode="numeric" autoComplete="off" defaultValue={values.nationalId} error={errors.nationalId} />
      ) : null}
      <SelectField
        name="communeId"
        label={t("field.commune")}
        placeholder={t("register.chooseCommune")}
        options={communes.map((c) => ({ value: String(c.id), label: c.fullName }))}
        required
        defaultValue={values.communeId}
        error={errors.communeId}
      />
      <SelectField
        name="position"
        label={t("field.position")}
        placeholder="—"
        options={POSITIONS.map((p) => ({ value: p, label: t(`position.${p}` as MessageKey) }))}
        required
        defaultValue={values.position}
        error={errors.position}
      />
      {withStartedOn ? (
        <TextField name="startedOn" label={t("field.startedOn")} placeholder="dd/mm/yyyy" inputMode="numeric" defaultValue={values.startedOn} error={errors.startedOn} />
      ) : null}
    </>
  );
}
