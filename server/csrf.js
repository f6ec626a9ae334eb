// Request forgery guards, in front of every route (page, `.data` and
// resource routes alike: Remix's own origin check skips resource routes and
// legacy `?_data=` requests). Decision 016, class 2.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The host this request was addressed to, as Remix's request URL sees it
 * (X-Forwarded-Host only from a trusted proxy, like Express's req.hostname).
 */
function ownHost(req) {
  const forwarded = req.get("x-forwarded-host");
  const trust = req.app.get("trust proxy fn");
  if (forwarded && trust?.(req.socket.remoteAddress, 0)) return forwarded.split(",")[0].trim();
  return req.get("host");
}

/**
 * Why a state-changing request must be refused, or null.
 * - Sec-Fetch-Site, where the browser sends it (HTTPS and localhost), must be
 *   "same-origin" or "none": "same-site" covers another port or subdomain,
 *   which SameSite=Lax cookies do not protect against.
 * - Origin, where present, must be our own host; "null" (sandboxed frame,
 *   after a cross-origin redirect, data: URL) is refused.
 * - Neither header: not a browser, or a browser that sends no victim context
 *   we can tell apart; browsers send Origin on every POST, so a forged
 *   browser request always carries one of them.
 */
export function forgeryReason(req) {
  if (SAFE_METHODS.has(req.method)) return null;
  const site = req.get("sec-fetch-site");
  if (site !== undefined && site !== "same-origin" && site !== "none") return `sec-fetch-site:${site}`;
  const origin = req.get("origin");
  if (origin === undefined) return null;
  if (origin === "null") return "origin:null";
  let host;
  try {
    host = new URL(origin).host;
  } catch {
    return "origin:invalid";
  }
  return host === ownHost(req) ? null : "origin:foreign";
}

/** Express middleware: refuses forged state-changing requests with a plain 403. */
export function refuseForgedRequests(log) {
  return (req, res, next) => {
    const reason = forgeryReason(req);
    if (!reason) return next();
    log.warn({ event: "csrf.refused", method: req.method, path: req.path, reason }, "cross-origin request refused");
    res
      .status(403)
      .type("text/plain; charset=utf-8")
      .send("Yêu cầu bị từ chối: biểu mẫu được gửi từ một trang khác (khác nguồn). Hãy mở lại trang trên hệ thống rồi gửi lại.");
  };
}

/** Whether the URL asks for Remix's legacy data protocol (`?_data=`), parsed as Remix parses it. */
export function isLegacyDataRequest(originalUrl) {
  try {
    return new URL(originalUrl, "http://localhost").searchParams.has("_data");
  } catch {
    return false;
  }
}

/**
 * This app uses single fetch (`.data`); `?_data=` is a second protocol with
 * its own code path (no origin check, a stack trace in the log per request,
 * 500 on some routes). Refused outright, every method, as a clear 400.
 */
export function refuseLegacyDataRequests(log) {
  return (req, res, next) => {
    if (!isLegacyDataRequest(req.originalUrl)) return next();
    log.info({ event: "data.legacy", method: req.method, path: req.path }, "legacy ?_data request refused");
    res
      .status(400)
      .type("text/plain; charset=utf-8")
      .send("Yêu cầu không hợp lệ: tham số «_data» không được hỗ trợ. Hãy mở trang bằng địa chỉ thông thường.");
  };
}
