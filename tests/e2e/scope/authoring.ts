import { COURSE, type Case, type Ids } from "./types";

// Scope-walk cases for the course studio. The demo seeds one draft course
// (kh-demo-nhap) owned by the Quảng Trị trainer: the trainer edits it, the
// Quảng Trị officer reviews it, the admin sees everything; learners, commune
// officers and Huế get 404. Built-in courses are visible read-only to
// trainers and officers of any province. Foreign writes are tried in authoring.spec.ts.
const DRAFT = "kh-demo-nhap";
const LESSON = "l-demo-nhap";
const MODULE = "m-demo-nhap";

export function authoringCases(_ids: Ids): Case[] {
  const studio = { default: 403 as const, anonymous: "login" as const, trainer: 200, province: 200, admin: 200, hueProvince: 200 };
  const draft = { default: 404 as const, anonymous: "login" as const, trainer: 200, province: 200, admin: 200 };
  return [
    { route: "studio", path: "/studio", expect: studio },
    { route: "studio/preview", path: "/studio/preview", expect: { default: 405 } },
    { route: "studio/:courseId", path: `/studio/${DRAFT}`, expect: draft },
    { route: "studio/:courseId", path: `/studio/${COURSE}`, expect: { ...studio, default: 404 } },
    { route: "studio/:courseId", path: "/studio/khong-co", expect: { default: 404, anonymous: "login" } },
    { route: "studio/:courseId/lessons/:lessonId", path: `/studio/${DRAFT}/lessons/${LESSON}`, expect: draft },
    { route: "studio/:courseId/lessons/:lessonId", path: `/studio/${COURSE}/lessons/x`, expect: { default: 404, anonymous: "login" } },
    { route: "studio/:courseId/modules/:moduleId/quiz", path: `/studio/${DRAFT}/modules/${MODULE}/quiz`, expect: draft },
    { route: "studio/:courseId/diff", path: `/studio/${DRAFT}/diff?from=1&to=draft`, expect: { default: 404, anonymous: "login" } },
    { route: "studio/:courseId/export", path: `/studio/${DRAFT}/export`, expect: draft },
    { route: "studio/:courseId/export", path: `/studio/${COURSE}/export`, expect: { ...studio, default: 404 } },
    { route: "media/:file", path: `/media/${"0".repeat(64)}.webp`, expect: { default: 404 } },
  ];
}
