// Where to send a user after sign-in or a language switch. The target comes
// from the query string or a form, so it is resolved exactly as a browser
// would resolve it (tabs and newlines dropped, backslashes as slashes) and
// must stay on this app's origin; anything unusual falls back.
const BASE = "http://app.invalid";

// C0/C1 controls, DEL, and every Unicode space or separator: none belongs in
// a path the app itself generates, and browsers treat some of them specially.
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const UNUSUAL = /[\u0000-\u0020\u007f-\u009f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff\ufff0-\uffff]/u;

export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2048) return fallback;
  if (!to.startsWith("/") || UNUSUAL.test(to)) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(to, BASE);
  } catch {
    return fallback;
  }
  if (resolved.origin !== BASE) return fallback;
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // "/\\evil" and "//evil" resolve off-origin above; this keeps the output
  // from ever starting a protocol-relative URL after normalisation either.
  return path.startsWith("//") ? fallback : path;
}
