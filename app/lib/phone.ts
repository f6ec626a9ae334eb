// Vietnamese mobile numbers: 10 digits starting 03, 05, 07, 08 or 09;
// "+84 912 345 678", "84912345678" and "0912.345.678" are the same number.

const MOBILE = /^0[35789]\d{8}$/;

/** Returns the number as 10 digits starting with 0, or null if it is not a Vietnamese mobile number. */
export function normalizePhone(input: string): string | null {
  const compact = input.trim().replace(/[\s.\-()]/g, "");
  if (!compact) return null;
  let digits = compact;
  if (digits.startsWith("+84")) digits = "0" + digits.slice(3);
  else if (digits.startsWith("84") && digits.length === 11) digits = "0" + digits.slice(2);
  return MOBILE.test(digits) ? digits : null;
}

/** "0912345678" → "091****678": enough to recognise, not enough to call. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return "";
  if (phone.length < 7) return "*".repeat(phone.length);
  return phone.slice(0, 3) + "*".repeat(phone.length - 6) + phone.slice(-3);
}

/** "0912345678" → "0912 345 678" for display. */
export function formatPhone(phone: string): string {
  return phone.length === 10 ? `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}` : phone;
}
