import type { Case, Ids } from "./types";

// The demo seed creates the targets in this order on a fresh database:
// 1 = Quảng Trị 2021–2025 (Kế hoạch 98/KH-UBND), 2 = Quảng Trị 2026–2030, 3 = Huế.
export const QT_TARGET = "1";
export const HUE_TARGET = "3";

// Scope-walk cases for the targets routes.
export function targetsCases(ids: Ids): Case[] {
  const officers = { anonymous: "login", learner: 403, trainer: 403 } as const;
  const managers = { default: 403, anonymous: "login", province: 200, admin: 200, hueProvince: 200 } as const;
  const qtWhole = { default: 404, ...officers, province: 200, admin: 200 } as const;
  const hueWhole = { default: 404, ...officers, admin: 200, hueProvince: 200 } as const;
  return [
    { route: "targets", path: "/targets", expect: { default: 200, ...officers } },
    { route: "targets/new", path: "/targets/new", expect: managers },
    { route: "targets/boundaries", path: "/targets/boundaries", expect: managers },
    { route: "targets/:targetId", path: `/targets/${QT_TARGET}`, expect: { ...managers, hueProvince: 404 } },
    { route: "targets/:targetId", path: `/targets/${HUE_TARGET}`, expect: { ...managers, province: 404 } },
    { route: "targets/:targetId", path: "/targets/999999", expect: { ...managers, province: 404, admin: 404, hueProvince: 404 } },
    { route: "dashboard", path: "/dashboard", expect: { default: 200, ...officers } },
    // The province page is for the whole province: a commune officer gets 404 (their commune has its own page).
    { route: "dashboard/:targetId", path: `/dashboard/${QT_TARGET}`, expect: qtWhole },
    { route: "dashboard/:targetId", path: `/dashboard/${HUE_TARGET}`, expect: hueWhole },
    { route: "dashboard/:targetId/map", path: `/dashboard/${QT_TARGET}/map`, expect: qtWhole },
    { route: "dashboard/:targetId/map", path: `/dashboard/${HUE_TARGET}/map`, expect: hueWhole },
    { route: "dashboard/:targetId/communes/:communeId", path: `/dashboard/${QT_TARGET}/communes/${ids.dongHa}`, expect: { ...qtWhole, commune: 200 } },
    { route: "dashboard/:targetId/communes/:communeId", path: `/dashboard/${HUE_TARGET}/communes/${ids.kimLong}`, expect: hueWhole },
    // A commune of another province under this target: nobody.
    { route: "dashboard/:targetId/communes/:communeId", path: `/dashboard/${QT_TARGET}/communes/${ids.kimLong}`, expect: { default: 404, ...officers } },
    { route: "dashboard/:targetId/export/:format", path: `/dashboard/${QT_TARGET}/export/xlsx`, expect: qtWhole },
    { route: "dashboard/:targetId/export/:format", path: `/dashboard/${HUE_TARGET}/export/csv`, expect: hueWhole },
    { route: "dashboard/:targetId/export/:format", path: `/dashboard/${QT_TARGET}/export/docx`, expect: { default: 404, ...officers } },
  ];
}
