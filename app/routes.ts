// Every route of the app, in one list (v3_routeConfig). tests/e2e/scope.spec.ts
// walks this list as every role, so a route added here must be added there.
import { index, route, type RouteConfig } from "@remix-run/route-config";

export default [
  index("routes/home.tsx"),
  route("healthz", "routes/healthz.ts"),
  route("readyz", "routes/readyz.ts"),
  route("locale", "routes/locale.ts"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.ts"),
  route("register", "routes/register.tsx"),
  route("activate", "routes/activate.tsx"),
  route("account", "routes/account.tsx"),
  route("account/sessions", "routes/account.sessions.tsx"),
  route("account/data", "routes/account.data.tsx"),
  route("people", "routes/people._index.tsx"),
  route("people/new", "routes/people.new.tsx"),
  route("people/:personId", "routes/people.$personId.tsx"),
  route("people/:personId/activation", "routes/people.$personId.activation.tsx"),
  route("approvals", "routes/approvals.tsx"),
  route("accounts/:accountId", "routes/accounts.$accountId.tsx"),
  route("units", "routes/units._index.tsx"),
  route("units/import", "routes/units.import.tsx"),
  route("units/:unitId", "routes/units.$unitId.tsx"),
  route("audit", "routes/audit.tsx"),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
