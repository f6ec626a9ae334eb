// Reading forms on the server: every value as a trimmed string, plus a small
// error bag that actions return alongside the submitted values. Control
// characters are already gone (lib/input-guard.server.ts cleans every request);
// these readers strip them again so a value read here never holds one.
import { stripControlChars } from "./control-chars";

export type Values = Record<string, string>;
export type FieldErrors = Record<string, string>;

export function formValues(formData: FormData, omit: string[] = ["password", "passwordConfirm", "currentPassword", "newPassword"]): Values {
  const values: Values = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !omit.includes(key)) values[key] = stripControlChars(value).normalize("NFC").trim();
  }
  return values;
}

export function str(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? stripControlChars(value).normalize("NFC").trim() : "";
}

/** Positive integer from a route param or form field, or null. */
export function intId(value: string | undefined | null | FormDataEntryValue): number | null {
  if (typeof value !== "string" || !/^\d{1,9}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 ? n : null;
}
