// Dates are stored as ISO "yyyy-mm-dd" strings (Postgres `date`), shown as
// dd/mm/yyyy, and typed by users as dd/mm/yyyy or yyyy-mm-dd.

/** Parses "dd/mm/yyyy", "d/m/yyyy" or "yyyy-mm-dd" into "yyyy-mm-dd"; null if not a real date. */
export function parseDate(input: string): string | null {
  const s = input.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (match) {
    d = Number(match[1]);
    m = Number(match[2]);
    y = Number(match[3]);
  } else if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) {
    y = Number(match[1]);
    m = Number(match[2]);
    d = Number(match[3]);
  } else {
    return null;
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

// Intl formatters are costly to build (~0.1 ms each) and pages format
// hundreds of values: build each once per process.
const DATE_FORMAT = new Intl.DateTimeFormat("vi-VN", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "Asia/Ho_Chi_Minh" });
const DATE_TIME_FORMAT = new Intl.DateTimeFormat("vi-VN", {
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
  timeZone: "Asia/Ho_Chi_Minh",
});
const ISO_DAY_IN_VIETNAM = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" });

/** Formats an ISO date ("yyyy-mm-dd") or a Date as dd/mm/yyyy. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "";
  if (typeof value === "string") {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
    value = new Date(value);
  }
  return DATE_FORMAT.format(value);
}

/** dd/mm/yyyy hh:mm in Vietnam time. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  return DATE_TIME_FORMAT.format(date);
}

/** Today in Vietnam as yyyy-mm-dd. */
export function todayInVietnam(now = new Date()): string {
  return ISO_DAY_IN_VIETNAM.format(now);
}
