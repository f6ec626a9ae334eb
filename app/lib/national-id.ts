// Số định danh cá nhân: 12 digits — birth-province code (3, from the old
// 63-province list, so not checked against today's units), century+sex (1),
// birth year (2), serial (6).

export function normalizeNationalId(input: string): string | null {
  const digits = input.trim().replace(/\s/g, "");
  return /^\d{12}$/.test(digits) ? digits : null;
}

/** Shows only the last 3 digits: "*********123". */
export function maskNationalId(id: string | null | undefined): string {
  if (!id) return "";
  return "*".repeat(Math.max(0, id.length - 3)) + id.slice(-3);
}
