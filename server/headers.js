// Headers every response carries, whatever produced it (pages, `.data`,
// JSON, ZIP, PDF, static files). The page's Content-Security-Policy is set in
// app/entry.server.tsx, where the route's script needs are known. Decision 016, class 8.

export const HSTS = "max-age=31536000";

/**
 * Whether a response carries personal data: anything answered to a request
 * with a session cookie, and every `.data` payload (loader data by itself).
 */
function personal(req, sessionCookie) {
  if (req.path.endsWith(".data")) return true;
  const cookie = req.get("cookie");
  return !!cookie && cookie.split(";").some((c) => c.trim().startsWith(`${sessionCookie}=`));
}

function setDefault(res, name, value) {
  if (!res.hasHeader(name)) res.setHeader(name, value);
}

/** Runs `fn` when the response head is about to be written (as the on-headers package does). */
function beforeHead(res, fn) {
  const writeHead = res.writeHead;
  res.writeHead = function (...args) {
    fn();
    return writeHead.apply(this, args);
  };
}

/**
 * @param {{ sessionCookie: string }} options
 * @returns the middleware for every response, and the one for app responses
 *   (not static files), which are kept out of caches when personal.
 */
export function securityHeaders({ sessionCookie }) {
  const everyResponse = (req, res, next) => {
    // Filled in just before the head is written, where the handler (Remix,
    // static files, a refusal) set none: setting them first would make
    // Remix's own copies append to ours ("nosniff, nosniff").
    beforeHead(res, () => {
      setDefault(res, "X-Content-Type-Options", "nosniff");
      setDefault(res, "X-Frame-Options", "DENY");
      setDefault(res, "Referrer-Policy", "same-origin");
      // Only over HTTPS (req.secure honours TRUST_PROXY): on plain HTTP on a LAN
      // the browser ignores it anyway, and it must never pin a LAN address.
      if (req.secure) setDefault(res, "Strict-Transport-Security", HSTS);
    });
    next();
  };
  const appResponse = (req, res, next) => {
    if (!personal(req, sessionCookie)) return next();
    // A shared commune computer: the next person's Back button must not show
    // the last one's pages. Unless the route chose its own policy.
    beforeHead(res, () => setDefault(res, "Cache-Control", "private, no-store"));
    next();
  };
  return { everyResponse, appResponse };
}
