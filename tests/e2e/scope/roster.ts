import type { Case, Ids } from "./types";

// Scope-walk cases for the roster routes. Importing is province-wide:
// province officers (their province) and admins only. A preview belongs to
// the officer who uploaded it; anyone else gets 404 (see roster.spec.ts for
// a real preview tried by Huế's officer).
export function rosterCases(_ids: Ids): Case[] {
  const importers = { default: 403 as const, anonymous: "login" as const, province: 200, admin: 200, hueProvince: 200 };
  return [
    { route: "roster/import", path: "/roster/import", expect: importers },
    { route: "roster/template.xlsx", path: "/roster/template.xlsx", expect: importers },
    {
      route: "roster/import/:importId",
      path: "/roster/import/khong-co-ban-xem-truoc-nay",
      expect: { default: 403, anonymous: "login", province: 404, admin: 404, hueProvince: 404 },
    },
  ];
}
