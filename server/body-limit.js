// A size limit on every request body, applied before anything reads it
// (decision 016, class 5). Without it Remix's formData() buffers whatever
// arrives: one anonymous 200 MB POST to /login took the server from 400 MB to
// 2.3 GB and stalled every user for seconds.
//
// - A declared Content-Length over the route's limit: 413 at once, the body is
//   never read into memory.
// - Otherwise (chunked bodies included) every byte is counted as it comes off
//   the wire; past the limit nothing more reaches Remix, its body stream fails
//   (so no action runs on a truncated form), the client gets a 413 and the
//   connection is closed.
//
// Limits are per route: small for ordinary forms, sized for the few upload
// routes. A new upload route needs a line in ROUTE_LIMITS (tests/security/
// body-limits.spec.ts lists every route that reads a file).

const KB = 1024;
const MB = 1024 * 1024;
/** Room for the multipart framing and the other fields next to a file. */
const FORM_SLACK = 64 * KB;

/** Ordinary forms (login, every urlencoded form): 256 KB. */
export const DEFAULT_LIMIT = 256 * KB;

/**
 * The routes that take more than an ordinary form. The file caps live beside
 * the code that checks them (named in each comment); these add FORM_SLACK.
 * A lesson body is at most 200 KB (app/content/mdx-guard.server.ts), and a
 * urlencoded form spells each byte of Vietnamese text as %XX: up to 3 × 200 KB.
 */
export const ROUTE_LIMITS = [
  // roster / units import: MAX_IMPORT_BYTES (app/lib/tabular.server.ts)
  { path: /^\/roster\/import\/?$/, limit: 10 * MB + FORM_SLACK },
  { path: /^\/units\/import\/?$/, limit: 10 * MB + FORM_SLACK },
  // course ZIP import: ZIP_LIMITS.maxZipBytes (app/authoring/zip.server.ts)
  { path: /^\/studio\/?$/, limit: 20 * MB + FORM_SLACK },
  // lesson save (urlencoded MDX) and image upload: MAX_UPLOAD_BYTES (app/models/authoring-media.server.ts)
  { path: /^\/studio\/[^/]+\/lessons\/[^/]+\/?$/, limit: 8 * MB + FORM_SLACK, urlencoded: 3 * 200 * KB + FORM_SLACK },
  { path: /^\/studio\/preview\/?$/, limit: 3 * 200 * KB + FORM_SLACK },
  // class evidence photos: EVIDENCE_MAX_BYTES (app/models/classes.server.ts)
  { path: /^\/classes\/[^/]+\/sessions\/[^/]+\/?$/, limit: 10 * MB + FORM_SLACK },
  // issuing-body logo: MAX_LOGO_UPLOAD_BYTES (app/pdf/logo.server.ts)
  { path: /^\/certificates\/bodies\/[^/]+\/?$/, limit: 2 * MB + FORM_SLACK },
  // commune boundaries GeoJSON: MAX_BYTES (app/routes/targets.boundaries.tsx)
  { path: /^\/targets\/boundaries\/?$/, limit: 20 * MB + FORM_SLACK },
  // a credential file to verify: MAX_CREDENTIAL_CHARS × 2 (app/credentials/verify.server.ts)
  { path: /^\/verify\/check\/?$/, limit: 512 * KB + FORM_SLACK },
];

/** The largest body the route accepts, in bytes. */
export function bodyLimitFor(path, contentType = "") {
  // Remix's `.data` requests carry the same action as the page.
  const p = path.replace(/\.data$/, "");
  const route = ROUTE_LIMITS.find((r) => r.path.test(p));
  if (!route) return DEFAULT_LIMIT;
  if (route.urlencoded && !/^multipart\//i.test(contentType)) return route.urlencoded;
  return route.limit;
}

/** Marks a request whose body was cut off, so the Remix error that follows is not logged as a crash. */
export const TOO_LARGE = Symbol("ctxh.bodyTooLarge");

export class PayloadTooLargeError extends Error {
  constructor(limit) {
    super(`request body over ${limit} bytes`);
    this.name = "PayloadTooLargeError";
    this.status = 413;
  }
}

function sizeText(bytes) {
  return bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB`.replace(".", ",") : `${Math.round(bytes / KB)} KB`;
}

function tooLarge(req, res, limit) {
  const text = `Dữ liệu gửi lên quá lớn (tối đa ${sizeText(limit)}). Hãy chọn tệp nhỏ hơn hoặc chia nhỏ nội dung rồi gửi lại.`;
  res.statusCode = 413;
  // The rest of the body is not read: this connection cannot carry another request.
  res.setHeader("Connection", "close");
  res.setHeader("Cache-Control", "no-store");
  if (/text\/html/i.test(req.get("accept") ?? "")) {
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    return (
      `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>Dữ liệu quá lớn — CTXH Academy</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5">` +
      `<h1>Dữ liệu gửi lên quá lớn</h1><p>${text}</p><p>Dùng nút «Quay lại» của trình duyệt để trở về biểu mẫu, hoặc về <a href="/">Trang chủ</a>.</p></body></html>`
    );
  }
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  return text;
}

/** How long a refused connection keeps discarding what the client still sends. */
const LINGER_MS = 2_000;

/**
 * Closes the connection after the 413 without losing it. Node closes a
 * `Connection: close` socket as soon as the answer is written; bytes the
 * client is still sending would then reset the connection, and a reset can
 * discard the 413 before the client has read it. So: half-close (our side
 * ends), discard whatever still arrives (nothing is kept), close for good
 * after LINGER_MS.
 */
function lingerClose(req, res) {
  const socket = req.socket;
  socket.destroySoon = () => {
    if (socket.writable) socket.end();
  };
  res.once("finish", () => {
    req.removeAllListeners("data");
    req.resume();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
}

/**
 * The Express middleware. Place it before anything that can read a body.
 * @param {{ limitFor?: (path: string, contentType: string) => number }} [options]
 */
export function bodyLimit(options = {}) {
  const limitFor = options.limitFor ?? bodyLimitFor;
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    const limit = limitFor(req.path, req.get("content-type") ?? "");
    const declared = req.get("content-length");
    if (declared !== undefined && Number(declared) > limit) {
      req[TOO_LARGE] = true;
      lingerClose(req, res);
      res.end(tooLarge(req, res, limit));
      return;
    }
    let seen = 0;
    const count = (chunk) => {
      seen += chunk.length;
      if (seen <= limit) return;
      // Ours is the first listener: the body fails (below) before Remix's
      // listener is handed the chunk that crossed the limit; later chunks go nowhere.
      req[TOO_LARGE] = true;
      req.removeAllListeners("data");
      req.pause();
      if (!res.headersSent) {
        lingerClose(req, res);
        res.end(tooLarge(req, res, limit));
      } else if (res.writableFinished) {
        req.socket.destroy();
      } else {
        res.once("finish", () => req.socket.destroy());
      }
      // Remix's body stream fails (its 'error' listener), so no action runs on a truncated form.
      req.emit("error", new PayloadTooLargeError(limit));
    };
    // Paused first, so counting does not start the flow before Remix listens.
    req.pause();
    req.on("data", count);
    // The error above must not be unhandled if Remix has stopped listening.
    req.on("error", () => {});
    next();
  };
}

/**
 * Express error handler after the Remix handler: the failure of a body cut
 * off at the limit is expected (the 413 already went out), not a crash.
 */
export function bodyLimitErrors(err, req, res, next) {
  if (req[TOO_LARGE]) {
    if (!res.headersSent) res.status(413).end();
    return;
  }
  next(err);
}
