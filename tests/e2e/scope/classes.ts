import type { Case, Ids } from "./types";

// Scope-walk cases for the in-person classes routes. The demo seeds one class
// (id 1, sessions 1–2) for the Quảng Trị trainer's commune — not Đông Hà, so
// the Đông Hà commune officer gets 404 like any other out-of-scope viewer.
// Learners have no classes permission (403); Huế sees nothing of it (404).
// Running a class (edit, enrol, close) is for trainers and admins; officers
// only follow classes (403). Foreign writes are tried in classes.spec.ts.
const DEMO_CLASS = 1;
const DEMO_SESSION = 1;

export function classesCases(_ids: Ids): Case[] {
  const read = { default: 200 as const, anonymous: "login" as const, learner: 403, commune: 404, hueProvince: 404 };
  const manage = { default: 403 as const, anonymous: "login" as const, trainer: 200, admin: 200, commune: 404, hueProvince: 404 };
  return [
    { route: "classes", path: "/classes", expect: { default: 200, anonymous: "login", learner: 403 } },
    { route: "classes/new", path: "/classes/new", expect: { default: 403, anonymous: "login", trainer: 200, admin: 200 } },
    { route: "classes/insight", path: "/classes/insight", expect: { default: 200, anonymous: "login", learner: 403 } },
    { route: "classes/:classId", path: `/classes/${DEMO_CLASS}`, expect: read },
    { route: "classes/:classId", path: "/classes/999999", expect: { default: 404, anonymous: "login", learner: 403 } },
    { route: "classes/:classId/edit", path: `/classes/${DEMO_CLASS}/edit`, expect: manage },
    { route: "classes/:classId/enrol", path: `/classes/${DEMO_CLASS}/enrol`, expect: manage },
    { route: "classes/:classId/close", path: `/classes/${DEMO_CLASS}/close`, expect: manage },
    { route: "classes/:classId/sessions/:sessionId", path: `/classes/${DEMO_CLASS}/sessions/${DEMO_SESSION}`, expect: read },
    { route: "classes/:classId/sessions/:sessionId", path: `/classes/${DEMO_CLASS}/sessions/999999`, expect: { default: 404, anonymous: "login", learner: 403 } },
    { route: "classes/:classId/evidence/:evidenceId", path: `/classes/${DEMO_CLASS}/evidence/999999`, expect: { default: 404, anonymous: "login", learner: 403 } },
  ];
}
