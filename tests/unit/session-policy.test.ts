import { describe, expect, it } from "vitest";
import { can, ROLES } from "~/auth/permissions.server";
import { sessionPolicyFor, STAFF_POLICY, STAFF_ROLES, STANDARD_POLICY } from "~/auth/session-policy";

const holder = (role: (typeof ROLES)[number]) => ({ roles: [{ role, unitId: 1, unitPath: "/1/", unitName: null }] });

describe("session policy", () => {
  it("gives every role that can reveal personal data, and every officer, the short sessions", () => {
    for (const role of ROLES) {
      if (can(holder(role), "people:pii") || role.endsWith("_officer") || role === "admin") expect(STAFF_ROLES, role).toContain(role);
    }
    expect(sessionPolicyFor(["learner"])).toBe(STANDARD_POLICY);
    expect(sessionPolicyFor(["trainer"])).toBe(STANDARD_POLICY);
    expect(sessionPolicyFor(["learner", "commune_officer"])).toBe(STAFF_POLICY);
    expect(sessionPolicyFor([])).toBe(STANDARD_POLICY);
  });

  it("staff sessions end within a working day and after half an hour idle; renewal writes at most once a minute", () => {
    expect(STAFF_POLICY.idleMs).toBe(30 * 60_000);
    expect(STAFF_POLICY.absoluteMs).toBe(12 * 3600_000);
    expect(STAFF_POLICY.idleMs - STAFF_POLICY.renewWhenLeftMs).toBe(60_000);
    expect(STANDARD_POLICY.absoluteMs).toBeGreaterThan(STANDARD_POLICY.idleMs);
  });
});
