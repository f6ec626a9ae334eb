// VC 2.0 dates are XML Schema dateTimeStamps; we write them in UTC without
// milliseconds, as the specification's examples do.

export function toDateTimeStamp(value: Date | string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new Error(`Invalid date: ${String(value)}`);
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

// An explicit offset or Z is required: a bare local time would mean a
// different instant on every verifier.
const DATE_TIME_STAMP = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses a credential's dateTimeStamp; null when it is missing or malformed. */
export function parseDateTimeStamp(value: unknown): Date | null {
  if (typeof value !== "string" || !DATE_TIME_STAMP.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
