import type { ActionFunctionArgs, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { reportDatabaseError } from "./db.server";
import { contentSecurityPolicy, newNonce, shipsNoScript } from "./lib/csp.server";
import { createHtmlStream } from "./lib/html-stream.server";
import { NonceContext } from "./lib/nonce";
import { logger } from "./logger.server";

// Start-up and shutdown hooks, called by server.js around listen/close.
export { startup, shutdown } from "./startup.server";
export { runInRequestScope } from "./request-scope.server";
// server.js wraps every loader and action with the input guard and logs through the app's logger.
export { guardBuild } from "./lib/input-guard.server";
export { logger } from "./logger.server";
// server.js takes its settings from the validated environment.
export { env, cookieSecureMode } from "./env.server";
// ... and answers 503 from any route while the database is unreachable (decision 012).
export { guardDatabase } from "./database-guard.server";
// server.js keeps responses to signed-in requests out of caches (server/headers.js).
export { SESSION_COOKIE } from "./auth/session.server";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  reportDatabaseError(error);
  logger.error({ event: "request.error", url: new URL(request.url).pathname, err: error }, "unhandled error");
}

// Loader data by itself (`.data`): never cached, never sniffed or framed
// (server/headers.js sets the last two on every response as well).
export function handleDataRequest(response: Response) {
  response.headers.set("Cache-Control", "no-store");
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("X-Frame-Options", "DENY");
  return response;
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  // Bots and no-JS clients get the whole document at once; browsers stream.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  const nonce = newNonce();
  // Not under the Vite dev server, whose HMR client injects inline scripts.
  if (process.env.NODE_ENV === "production") {
    responseHeaders.set("Content-Security-Policy", contentSecurityPolicy({ nonce, scripts: !shipsNoScript(remixContext) }));
  }
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          // Not a plain PassThrough: React 18 pads with NUL bytes (facebook/react#24985).
          const body = createHtmlStream();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          responseHeaders.set("X-Content-Type-Options", "nosniff");
          responseHeaders.set("Referrer-Policy", "same-origin");
          responseHeaders.set("X-Frame-Options", "DENY");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logger.error({ event: "render.error", err: error }, "render error");
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
