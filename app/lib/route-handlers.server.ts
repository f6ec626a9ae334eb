// Cross-cutting guards over every route (input cleaning, database outages)
// are applied to the build by server.js, so no route can forget one. This is
// the one place that knows how a build's loaders and actions are reached.
import type { ServerBuild } from "@remix-run/node";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each route's args type differs
export type RouteHandler = (args: any) => unknown;

/** The build with each route's loader and action replaced by `wrap(handler, kind)`. */
export function wrapRouteHandlers<B extends ServerBuild>(build: B, wrap: (handler: RouteHandler, kind: "loader" | "action") => RouteHandler): B {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    if (!route) continue;
    const mod = route.module as unknown as Record<string, unknown> & { loader?: RouteHandler; action?: RouteHandler };
    routes[id] = {
      ...route,
      module: {
        ...mod,
        ...(mod.loader ? { loader: wrap(mod.loader, "loader") } : {}),
        ...(mod.action ? { action: wrap(mod.action, "action") } : {}),
      } as unknown as typeof route.module,
    };
  }
  return { ...build, routes };
}
