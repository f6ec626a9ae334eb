// While PostgreSQL is unreachable every page and every form post answers the
// 503 page (root ErrorBoundary), not a 500: server.js wraps each route's
// loader and action with this guard (docs/decisions/012-database-outages.md).
import { data, type ServerBuild } from "@remix-run/node";
import { isConnectionError, isDatabaseDown, reportDatabaseError } from "./db.server";

// (Headers given here would not reach the document: Remix renders the
// ErrorBoundary with the routes' own headers.)
function unavailable() {
  return data({ unavailable: true }, { status: 503 });
}

type Handler = (args: never) => unknown;

function guard<F extends Handler>(fn: F, isAction: boolean): F {
  return (async (args: never) => {
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
  }) as F;
}

export function guardDatabase(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const { loader, action } = route.module;
    routes[id] = {
      ...route,
      module: {
        ...route.module,
        ...(loader ? { loader: guard(loader, false) } : {}),
        ...(action ? { action: guard(action, true) } : {}),
      },
    };
  }
  return { ...build, routes };
}
