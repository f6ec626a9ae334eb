import { describe, expect, it } from "vitest";
import { assignableRoles, can, scopesFor, type Grantee } from "~/auth/permissions.server";

const quangTri = "/1/";
const dongHa = "/1/10/";
const hue = "/2/";
const kimLong = "/2/20/";

const provinceOfficer: Grantee = { roles: [{ role: "province_officer", unitId: 1, unitPath: quangTri, unitName: "Tỉnh Quảng Trị" }] };
const communeOfficer: Grantee = { roles: [{ role: "commune_officer", unitId: 10, unitPath: dongHa, unitName: "Phường Đông Hà" }] };
const learner: Grantee = { roles: [{ role: "learner", unitId: 10, unitPath: dongHa, unitName: "Phường Đông Hà" }] };
const admin: Grantee = { roles: [{ role: "admin", unitId: null, unitPath: null, unitName: null }] };

describe("scoped permissions", () => {
  it("a role covers its unit and everything under it, nothing else", () => {
    expect(can(provinceOfficer, "people:read", dongHa)).toBe(true);
    expect(can(provinceOfficer, "people:read", kimLong)).toBe(false);
    expect(can(provinceOfficer, "people:read", hue)).toBe(false);
    expect(can(communeOfficer, "people:read", quangTri)).toBe(false);
    expect(can(communeOfficer, "people:write", dongHa)).toBe(true);
  });

  it("path prefixes are matched on whole segments", () => {
    const officerOf1: Grantee = { roles: [{ role: "province_officer", unitId: 1, unitPath: "/1/", unitName: null }] };
    expect(can(officerOf1, "people:read", "/12/34/")).toBe(false);
  });

  it("learners read no roster; admins read everything", () => {
    expect(can(learner, "people:read")).toBe(false);
    expect(scopesFor(learner, "people:read")).toEqual([]);
    expect(scopesFor(admin, "people:read")).toBe("all");
    expect(can(admin, "units:import")).toBe(true);
    expect(can(provinceOfficer, "units:import")).toBe(false);
  });

  it("province officers hand out only lower roles, and only inside their province", () => {
    expect(assignableRoles(provinceOfficer, dongHa)).toEqual(["learner", "trainer", "commune_officer"]);
    expect(assignableRoles(provinceOfficer, kimLong)).toEqual([]);
    expect(assignableRoles(communeOfficer, dongHa)).toEqual([]);
    expect(assignableRoles(admin, null)).toContain("admin");
  });
});
