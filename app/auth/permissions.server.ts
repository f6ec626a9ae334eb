// Who may do what, and where. A role assignment covers its scope unit and
// everything under it; the system administrator's covers the whole country.
import { sql, type SQL, type AnyColumn } from "drizzle-orm";
import type { Role } from "../../db/schema";

import { ROLES } from "./roles";
export { ROLES };

export type Permission =
  | "people:read"
  | "people:write"
  | "people:pii"
  | "accounts:approve"
  | "activation:issue"
  | "roles:assign"
  | "units:read"
  | "units:import"
  | "audit:read"
  | "progress:read"
  | "certificates:issue"
  | "certificates:revoke"
  | "certificates:settings"
  | "roster:import"
  | "classes:read"
  | "classes:manage"
  | "targets:read"
  | "targets:manage"
  | "boundaries:import"
  | "courses:author"
  | "courses:review";

const GRANTS: Record<Permission, readonly Role[]> = {
  // Courses written in the browser: trainers write them; province officers
  // see their province's and approve publishing where the province asks for it.
  "courses:author": ["trainer", "admin"],
  "courses:review": ["province_officer", "admin"],
  "people:read": ["trainer", "commune_officer", "province_officer", "admin"],
  "people:write": ["commune_officer", "province_officer", "admin"],
  "people:pii": ["commune_officer", "province_officer", "admin"],
  "accounts:approve": ["commune_officer", "province_officer", "admin"],
  "activation:issue": ["commune_officer", "province_officer", "admin"],
  "roles:assign": ["province_officer", "admin"],
  "units:read": ["trainer", "commune_officer", "province_officer", "admin"],
  "units:import": ["admin"],
  "audit:read": ["province_officer", "admin"],
  "progress:read": ["trainer", "commune_officer", "province_officer", "admin"],
  "certificates:issue": ["trainer", "commune_officer", "province_officer", "admin"],
  "certificates:revoke": ["province_officer", "admin"],
  // The issuing body's letterhead, signer and logo: the province's own officers.
  "certificates:settings": ["province_officer", "admin"],
  // Bulk roster import is province-wide: province officers and admins.
  "roster:import": ["province_officer", "admin"],
  // In-person classes: trainers run them; officers follow them in their scope.
  "classes:read": ["trainer", "commune_officer", "province_officer", "admin"],
  "classes:manage": ["trainer", "admin"],
  // Training targets: officers follow them in their scope; provinces set their own.
  "targets:read": ["commune_officer", "province_officer", "admin"],
  "targets:manage": ["province_officer", "admin"],
  "boundaries:import": ["province_officer", "admin"],
};

/** Which roles each role may hand out (inside its own scope). */
export const ASSIGNABLE: Record<Role, readonly Role[]> = {
  learner: [],
  trainer: [],
  commune_officer: [],
  province_officer: ["learner", "trainer", "commune_officer"],
  admin: ["learner", "trainer", "commune_officer", "province_officer", "admin"],
};

export interface ScopedRole {
  role: Role;
  unitId: number | null;
  /** Materialised path of the scope unit ("/12/345/"), null = whole country. */
  unitPath: string | null;
  unitName: string | null;
}

export interface Grantee {
  roles: ScopedRole[];
}

export function hasRole(user: Grantee, ...roles: Role[]) {
  return user.roles.some((r) => roles.includes(r.role));
}

/** Scope paths in which the user holds `permission`; "all" for national scope. */
export function scopesFor(user: Grantee, permission: Permission): "all" | string[] {
  const paths: string[] = [];
  for (const r of user.roles) {
    if (!GRANTS[permission].includes(r.role)) continue;
    if (r.unitPath === null) return "all";
    paths.push(r.unitPath);
  }
  return paths;
}

export function can(user: Grantee, permission: Permission, unitPath?: string | null): boolean {
  const scopes = scopesFor(user, permission);
  if (scopes === "all") return true;
  if (unitPath === undefined) return scopes.length > 0;
  if (unitPath === null) return false;
  return scopes.some((scope) => unitPath.startsWith(scope));
}

/** A SQL condition restricting rows to the user's scope, given the column holding a unit's path. */
export function scopeCondition(user: Grantee, permission: Permission, pathColumn: AnyColumn): SQL {
  const scopes = scopesFor(user, permission);
  if (scopes === "all") return sql`true`;
  if (scopes.length === 0) return sql`false`;
  const likes = scopes.map((p) => sql`${pathColumn} like ${p + "%"}`);
  return sql`(${sql.join(likes, sql` or `)})`;
}

/** The roles `user` may grant on a unit at `unitPath`. */
export function assignableRoles(user: Grantee, unitPath: string | null): Role[] {
  const out = new Set<Role>();
  for (const r of user.roles) {
    const covers = r.unitPath === null || (unitPath !== null && unitPath.startsWith(r.unitPath));
    if (!covers) continue;
    for (const role of ASSIGNABLE[r.role]) out.add(role);
  }
  return ROLES.filter((r) => out.has(r));
}
