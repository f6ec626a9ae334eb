import type { Case, Ids } from "./types";

// Scope-walk cases for the certdocs routes: PDFs, bulk downloads and the
// issuing-body settings. Real certificates and jobs (own and foreign) are
// tried in tests/e2e/certdocs.spec.ts; here unknown ids must answer 404 to
// everyone allowed to ask, and the settings pages follow the province.
export function certdocsCases(ids: Ids): Case[] {
  const officers = { default: 200 as const, anonymous: "login" as const, learner: 403 };
  const officersMissing = { default: 404 as const, anonymous: "login" as const, learner: 403 };
  const settings = { default: 403 as const, anonymous: "login" as const, province: 200, admin: 200, hueProvince: 200 };
  return [
    // The holder or an officer in scope; unknown (or foreign) ids are 404 for every signed-in role.
    { route: "certificates/:certificateId/pdf", path: "/certificates/99999999/pdf", expect: { default: 404, anonymous: "login" } },
    { route: "certificates/bulk", path: "/certificates/bulk", expect: officers },
    { route: "certificates/jobs/:jobId", path: "/certificates/jobs/99999999", expect: officersMissing },
    { route: "certificates/jobs/:jobId/download", path: "/certificates/jobs/99999999/download", expect: officersMissing },
    { route: "certificates/bodies", path: "/certificates/bodies", expect: settings },
    { route: "certificates/bodies/:unitId", path: `/certificates/bodies/${ids.qtProvince}`, expect: { ...settings, hueProvince: 404 } },
    { route: "certificates/bodies/:unitId", path: `/certificates/bodies/${ids.hueProvince}`, expect: { ...settings, province: 404 } },
    // A commune has no issuing body of its own.
    { route: "certificates/bodies/:unitId", path: `/certificates/bodies/${ids.dongHa}`, expect: { ...settings, province: 404, admin: 404, hueProvince: 404 } },
  ];
}
