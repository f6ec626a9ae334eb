import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { login } from "~/auth/auth.server";
import { db } from "~/db.server";
import {
  activateAccount,
  assignRole,
  checkActivationCode,
  decideRegistration,
  issueActivationCode,
  listPendingAccounts,
  register,
  revokeRole,
} from "~/models/accounts.server";
import { listAudit } from "~/models/audit.server";
import { accounts, activationCodes, adminUnits, auditLog, consents, people, roleAssignments } from "../../db/schema";
import { withTestDatabase } from "../support/db";
import { demoActor, seedDemoData } from "../support/fixtures";

withTestDatabase();
beforeAll(async () => {
  await seedDemoData();
});

async function unitId(code: string) {
  const [u] = await db.select().from(adminUnits).where(eq(adminUnits.code, code));
  return u!.id;
}

async function newRosterPerson(communeCode: string, fullName: string) {
  const [p] = await db.insert(people).values({ fullName, communeId: await unitId(communeCode), position: "ctv_ctxh" }).returning();
  return p!;
}

describe("activation codes", () => {
  it("let a roster person set a password once, with consent recorded", async () => {
    const officer = await demoActor("qt-commune");
    const person = await newRosterPerson("19333", "Lê Thị Ngọc Ánh");
    const { code } = await issueActivationCode(officer, person.id, person.communeId);
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    // Only the hash is stored.
    const stored = await db.select().from(activationCodes).where(eq(activationCodes.personId, person.id));
    expect(JSON.stringify(stored)).not.toContain(code);

    expect(await checkActivationCode(code.toLowerCase().replace(/(.{4})/g, "$1-"))).toMatchObject({ ok: true, person: { fullName: "Lê Thị Ngọc Ánh" } });
    const result = await activateAccount(code, "0911222333", "mat-khau-rat-dai");
    expect(result.ok).toBe(true);
    const accountId = (result as { accountId: number }).accountId;
    expect(await db.select().from(consents).where(eq(consents.accountId, accountId))).toHaveLength(1);
    const roles = await db.select().from(roleAssignments).where(eq(roleAssignments.accountId, accountId));
    expect(roles.map((r) => [r.role, r.unitId])).toEqual([["learner", person.communeId]]);
    expect((await login("0911 222 333", "mat-khau-rat-dai", {})).ok).toBe(true);

    expect(await activateAccount(code, "0911222444", "mat-khau-rat-dai")).toEqual({ ok: false, reason: "used" });
    expect(await checkActivationCode("ABCDEFGHJK")).toEqual({ ok: false, reason: "invalid" });
  });

  it("expire, and a new code replaces the old one", async () => {
    const officer = await demoActor("qt-commune");
    const person = await newRosterPerson("19333", "Trương Văn Nam");
    const first = await issueActivationCode(officer, person.id, person.communeId);
    const second = await issueActivationCode(officer, person.id, person.communeId);
    expect(await checkActivationCode(first.code)).toEqual({ ok: false, reason: "expired" });
    expect((await checkActivationCode(second.code)).ok).toBe(true);
    await db.update(activationCodes).set({ expiresAt: new Date(Date.now() - 1) }).where(eq(activationCodes.personId, person.id));
    expect(await checkActivationCode(second.code)).toEqual({ ok: false, reason: "expired" });
  });

  it("cannot create two accounts when the same code is submitted twice at once", async () => {
    const officer = await demoActor("qt-commune");
    const person = await newRosterPerson("19333", "Đinh Thị Yến");
    const { code } = await issueActivationCode(officer, person.id, person.communeId);
    const results = await Promise.all([
      activateAccount(code, "0933000001", "mat-khau-rat-dai"),
      activateAccount(code, "0933000002", "mat-khau-rat-dai"),
      activateAccount(code, "0933000003", "mat-khau-rat-dai"),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(accounts).where(eq(accounts.personId, person.id));
    expect(count!.n).toBe(1);
  });

  it("refuses a phone already used by another account", async () => {
    const officer = await demoActor("qt-commune");
    const person = await newRosterPerson("19333", "Bùi Văn Lộc");
    const { code } = await issueActivationCode(officer, person.id, person.communeId);
    expect(await activateAccount(code, "0905000004", "mat-khau-rat-dai")).toEqual({ ok: false, reason: "phoneTaken" });
    // The failed attempt did not burn the code.
    expect((await checkActivationCode(code)).ok).toBe(true);
  });
});

describe("self-registration and approval", () => {
  it("creates a pending account that only an officer of that commune or province can approve", async () => {
    const result = await register(
      { fullName: "Cao Thị Hằng", birthDate: "1992-04-12", gender: "female", phone: "0977000111", nationalId: null, communeId: await unitId("19333"), position: "ctv_ctxh", startedOn: null },
      "mat-khau-rat-dai",
    );
    expect(result.ok).toBe(true);
    const accountId = (result as { accountId: number }).accountId;
    expect(await login("0977000111", "mat-khau-rat-dai", {})).toEqual({ ok: false, reason: "pending" });

    const hueOfficer = await demoActor("hue-province");
    expect((await listPendingAccounts(hueOfficer)).map((p) => p.accountId)).not.toContain(accountId);
    expect(await decideRegistration(hueOfficer, accountId, "approve")).toEqual({ ok: false, reason: "notFound" });

    const qtOfficer = await demoActor("qt-commune");
    expect((await listPendingAccounts(qtOfficer)).map((p) => p.accountId)).toContain(accountId);
    expect(await decideRegistration(qtOfficer, accountId, "approve")).toEqual({ ok: true, name: "Cao Thị Hằng" });
    expect(await decideRegistration(qtOfficer, accountId, "reject")).toEqual({ ok: false, reason: "notPending" });
    expect((await login("0977000111", "mat-khau-rat-dai", {})).ok).toBe(true);

    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "account.approve"), eq(auditLog.entityId, String(accountId))));
    expect(entry).toMatchObject({ actorId: qtOfficer.id, before: { status: "pending" }, after: { status: "active" } });
  });
});

describe("role assignment", () => {
  it("lets a province officer grant lower roles in their province only, and logs it", async () => {
    const qtOfficer = await demoActor("qt-province");
    const learner = await demoActor("qt-learner");
    expect(await assignRole(qtOfficer, learner.id, "trainer", "19333")).toEqual({ ok: true });
    expect(await assignRole(qtOfficer, learner.id, "trainer", "19333")).toEqual({ ok: false, reason: "exists" });
    expect(await assignRole(qtOfficer, learner.id, "trainer", "19774")).toEqual({ ok: false, reason: "notAllowed" });
    expect(await assignRole(qtOfficer, learner.id, "province_officer", "44")).toEqual({ ok: false, reason: "notAllowed" });
    expect(await assignRole(qtOfficer, learner.id, "admin", "")).toEqual({ ok: false, reason: "notAllowed" });
    expect(await assignRole(qtOfficer, learner.id, "trainer", "00000")).toEqual({ ok: false, reason: "unit" });

    const [assignment] = await db
      .select()
      .from(roleAssignments)
      .where(and(eq(roleAssignments.accountId, learner.id), eq(roleAssignments.role, "trainer")));
    const hueOfficer = await demoActor("hue-province");
    expect(await revokeRole(hueOfficer, learner.id, assignment!.id)).toEqual({ ok: false, reason: "notAllowed" });
    expect(await revokeRole(qtOfficer, learner.id, assignment!.id)).toEqual({ ok: true });

    const log = await listAudit(qtOfficer);
    expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(["role.assign", "role.revoke"]));
    // The Huế officer's view of the audit log has nothing from Quảng Trị.
    const hueLog = await listAudit(hueOfficer);
    expect(hueLog.some((e) => e.action === "role.assign" && e.entityId === String(learner.id))).toBe(false);
  });

  it("does not let the last administrator remove their own admin role", async () => {
    const admin = await demoActor("admin");
    const [assignment] = await db.select().from(roleAssignments).where(and(eq(roleAssignments.accountId, admin.id), eq(roleAssignments.role, "admin")));
    expect(await revokeRole(admin, admin.id, assignment!.id)).toEqual({ ok: false, reason: "self" });
  });
});
