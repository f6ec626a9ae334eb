// The chosen locale is remembered in a cookie (and on the account when signed in).
import { isLocale, type Locale } from "./index";

export const LOCALE_COOKIE = "ctxh_lang";

export function getLocale(request: Request): Locale {
  const header = request.headers.get("Cookie") ?? "";
  const match = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=(vi|en)(?:;|$)`).exec(header);
  return match && isLocale(match[1]) ? match[1] : "vi";
}

export function localeCookie(locale: Locale): string {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

import { translator, type T } from "./index";

/** The translator for this request's locale, for messages built on the server. */
export function serverT(request: Request): T {
  return translator(getLocale(request));
}
