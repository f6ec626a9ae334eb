// Content-Security-Policy of a page (decision 016, class 8). Pages that ship
// no JavaScript (route handle `hydrate: false`: lessons, quizzes,
// dashboards) allow no script at all; hydrated pages allow our own bundles
// and the inline bootstrap scripts that carry this response's nonce, so an
// injected inline script or one from elsewhere never runs.
import { randomBytes } from "node:crypto";
import type { EntryContext } from "@remix-run/node";

export function newNonce() {
  return randomBytes(16).toString("base64");
}

/** Whether any matched route opts out of hydration (mirrors useHydrate in app/root.tsx). */
export function shipsNoScript(context: EntryContext) {
  return context.staticHandlerContext.matches.some(
    (m) => (context.routeModules[m.route.id]?.handle as { hydrate?: boolean } | undefined)?.hydrate === false,
  );
}

export function contentSecurityPolicy({ nonce, scripts }: { nonce: string; scripts: boolean }) {
  return [
    "default-src 'self'",
    scripts ? `script-src 'self' 'nonce-${nonce}'` : "script-src 'none'",
    scripts ? "connect-src 'self'" : "connect-src 'none'",
    // React style attributes (progress bars, chart swatches).
    "style-src 'self' 'unsafe-inline'",
    // data: for the pending logo preview of a certifying body.
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
