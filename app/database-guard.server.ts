// While PostgreSQL is unreachable every page and every form post answers the
// 503 page (root ErrorBoundary), not a 500: server.js wraps each route's
// loader and action with this guard (docs/decisions/012-database-outages.md).
import { data, type ServerBuild } from "@remix-run/node";
import { isConnectionError, isDatabaseDown, reportDatabaseError } from "./db.server";
import { wrapRouteHandlers, type RouteHandler } from "./lib/route-handlers.server";

// (Headers given here would not reach the document: Remix renders the
// ErrorBoundary with the routes' own headers.)
function unavailable() {
  return data({ unavailable: true }, { status: 503 });
}

function guard(fn: RouteHandler, isAction: boolean): RouteHandler {
  return async (args) => {
    // A form post during a known outage is refused before it starts: the
    // learner sees the 503 page and nothing is half-written. (Loaders need no
    // check here: the root loader answers 503 for pages while the database is down.)
    if (isAction && isDatabaseDown()) throw unavailable();
    try {
      return await fn(args);
    } catch (error) {
      // The first request to meet the outage learns it here.
      if (isConnectionError(error)) {
        reportDatabaseError(error);
        throw unavailable();
      }
      throw error;
    }
  };
}

export function guardDatabase<B extends ServerBuild>(build: B): B {
  return wrapRouteHandlers(build, (handler, kind) => guard(handler, kind === "action"));
}
