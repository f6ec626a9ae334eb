// Text typed by users (names, notes) can start like a spreadsheet formula:
// "=HYPERLINK(…)", "+84…", "-", "@SUM(…)". We store it as plain text and make
// sure that no file we write (CSV, XLSX) turns it back into a formula when an
// officer opens it in Excel or LibreOffice ("CSV injection").

const FORMULA_START = /^[=+\-@\t\r]/;

/** True when a spreadsheet would read this text as a formula. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/**
 * For CSV cells: prefixes formula-looking text with an apostrophe, which
 * spreadsheets show as text and do not evaluate. Numbers pass unchanged.
 */
export function csvSafe(value: string | number | null | undefined): string {
  if (value == null) return "";
  if (typeof value === "number") return String(value);
  return looksLikeFormula(value) ? `'${value}` : value;
}

/**
 * For XLSX cells written with exceljs: a plain string is stored as a string
 * cell and never evaluated, so only values that would become formulas
 * (objects with a `formula`) are turned into their text. Use this for every
 * user-provided value instead of assigning objects.
 */
export function xlsxSafe(value: unknown): string | number | Date | null {
  if (value == null) return null;
  if (typeof value === "number" || value instanceof Date) return value;
  if (typeof value === "object" && value && "formula" in value) return String((value as { formula: unknown }).formula ?? "");
  return String(value);
}

/** A whole CSV/XLSX row made safe: `csvSafe` for CSV, `xlsxSafe` for XLSX. */
export function safeRow<T extends "csv" | "xlsx">(values: unknown[], format: T) {
  return values.map((v) => (format === "csv" ? csvSafe(v as string | number | null) : xlsxSafe(v)));
}
