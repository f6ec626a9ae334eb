// Login accounts: activation codes, self-registration and approval, roles,
// passwords, consent, and the "my data" view.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { db } from "~/db.server";
import { hashPassword, verifyPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "~/auth/password.server";
import { assignableRoles, can, scopeCondition, type Grantee } from "~/auth/permissions.server";
import { invalidateAccountSessions } from "~/auth/session.server";
import {
  accounts,
  activationCodes,
  adminUnits,
  consents,
  people,
  roleAssignments,
  type Role,
} from "../../db/schema";
import { normalizeActivationCode } from "~/lib/activation-code";
import { audit } from "./audit.server";
import { openFirstPeriod } from "./roster.server";

export { formatActivationCode, normalizeActivationCode } from "~/lib/activation-code";
import type { PersonInput } from "./people.server";

export const CONSENT_PURPOSE = "training_records";
export const CONSENT_NOTICE_VERSION = "2026-01";
const ACTIVATION_DAYS = 14;
// No 0/O, 1/I/L: the code is read off paper and typed on a phone.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

type Actor = Grantee & { id: number };

export function passwordProblem(password: string, confirm?: string): "short" | "long" | "mismatch" | null {
  if (password.length < PASSWORD_MIN_LENGTH) return "short";
  if (password.length > PASSWORD_MAX_LENGTH) return "long";
  if (confirm !== undefined && password !== confirm) return "mismatch";
  return null;
}

// --- activation codes ----------------------------------------------------------

function hashCode(code: string) {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(normalizeActivationCode(code))));
}

function randomCode(length = 10) {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  // 256 % 31 leaves a tiny bias; irrelevant for a 14-day single-use code.
  return Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join("");
}

/** Issues a new code for a person without an account; earlier unused codes stop working. */
export async function issueActivationCode(actor: Actor, personId: number, communeId: number, ip?: string | null) {
  const code = randomCode();
  const expiresAt = new Date(Date.now() + ACTIVATION_DAYS * 24 * 3600 * 1000);
  await db.transaction(async (tx) => {
    await tx
      .update(activationCodes)
      .set({ expiresAt: new Date() })
      .where(and(eq(activationCodes.personId, personId), isNull(activationCodes.usedAt), gt(activationCodes.expiresAt, new Date())));
    await tx.insert(activationCodes).values({ personId, codeHash: hashCode(code), expiresAt, createdBy: actor.id });
    await audit({ actorId: actor.id, action: "activation.issue", entityType: "person", entityId: personId, unitId: communeId, after: { expiresAt }, ip }, tx);
  });
  return { code, expiresAt };
}

export type CodeCheck =
  | { ok: true; codeId: number; person: { id: number; fullName: string; phone: string | null; communeId: number } }
  | { ok: false; reason: "invalid" | "expired" | "used" | "hasAccount" };

export async function checkActivationCode(code: string): Promise<CodeCheck> {
  const normalized = normalizeActivationCode(code);
  if (normalized.length !== 10) return { ok: false, reason: "invalid" };
  const [row] = await db
    .select({ code: activationCodes, person: people, accountId: accounts.id })
    .from(activationCodes)
    .innerJoin(people, eq(activationCodes.personId, people.id))
    .leftJoin(accounts, eq(accounts.personId, people.id))
    .where(eq(activationCodes.codeHash, hashCode(normalized)));
  if (!row) return { ok: false, reason: "invalid" };
  if (row.code.usedAt) return { ok: false, reason: "used" };
  if (row.code.expiresAt.getTime() <= Date.now()) return { ok: false, reason: "expired" };
  if (row.accountId) return { ok: false, reason: "hasAccount" };
  return {
    ok: true,
    codeId: row.code.id,
    person: { id: row.person.id, fullName: row.person.fullName, phone: row.person.phone, communeId: row.person.communeId },
  };
}

export type ActivationResult =
  | { ok: true; accountId: number }
  | { ok: false; reason: "invalid" | "expired" | "used" | "hasAccount" | "phoneTaken" };

/** Uses the code exactly once (a double submit cannot create two accounts). */
export async function activateAccount(code: string, phone: string, password: string, ip?: string | null): Promise<ActivationResult> {
  const check = await checkActivationCode(code);
  if (!check.ok) return check;
  const passwordHash = await hashPassword(password);
  try {
    return await db.transaction(async (tx) => {
      const claimed = await tx
        .update(activationCodes)
        .set({ usedAt: new Date() })
        .where(and(eq(activationCodes.id, check.codeId), isNull(activationCodes.usedAt)))
        .returning({ id: activationCodes.id });
      if (!claimed.length) throw new ActivationAbort("used");
      const [taken] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.phone, phone));
      if (taken) throw new ActivationAbort("phoneTaken");
      const [existing] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.personId, check.person.id));
      if (existing) throw new ActivationAbort("hasAccount");
      const [account] = await tx
        .insert(accounts)
        .values({
          personId: check.person.id,
          displayName: check.person.fullName,
          phone,
          passwordHash,
          status: "active",
          passwordChangedAt: new Date(),
        })
        .returning({ id: accounts.id });
      await tx.insert(roleAssignments).values({ accountId: account!.id, role: "learner", unitId: check.person.communeId });
      await tx.insert(consents).values({ accountId: account!.id, purpose: CONSENT_PURPOSE, noticeVersion: CONSENT_NOTICE_VERSION, ip: ip ?? null });
      if (!check.person.phone) await tx.update(people).set({ phone }).where(eq(people.id, check.person.id));
      await audit(
        { actorId: account!.id, action: "account.activate", entityType: "account", entityId: account!.id, unitId: check.person.communeId, after: { personId: check.person.id }, ip },
        tx,
      );
      return { ok: true as const, accountId: account!.id };
    });
  } catch (error) {
    // Throwing inside the transaction rolls it back; a unique violation means
    // a concurrent request took the phone or the person first.
    if (error instanceof ActivationAbort) return { ok: false, reason: error.reason };
    if (isUniqueViolation(error)) return { ok: false, reason: "phoneTaken" };
    throw error;
  }
}

class ActivationAbort extends Error {
  constructor(readonly reason: "used" | "phoneTaken" | "hasAccount") {
    super(reason);
  }
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === "23505" || e?.cause?.code === "23505";
}

// --- self-registration and approval ---------------------------------------------

/** Creates the person and a pending account; an officer of the commune or province approves it. */
export async function register(input: PersonInput & { phone: string }, password: string, ip?: string | null) {
  const passwordHash = await hashPassword(password);
  try {
    return await db.transaction(async (tx) => {
      const [person] = await tx.insert(people).values(input).returning();
      // The roster history starts with the registration (see roster.server).
      await openFirstPeriod(tx, person!, null);
      const [account] = await tx
        .insert(accounts)
        .values({ personId: person!.id, displayName: person!.fullName, phone: input.phone, passwordHash, status: "pending", passwordChangedAt: new Date() })
        .returning({ id: accounts.id });
      await tx.insert(consents).values({ accountId: account!.id, purpose: CONSENT_PURPOSE, noticeVersion: CONSENT_NOTICE_VERSION, ip: ip ?? null });
      await audit(
        { actorId: account!.id, action: "account.register", entityType: "account", entityId: account!.id, unitId: input.communeId, after: { personId: person!.id }, ip },
        tx,
      );
      return { ok: true as const, accountId: account!.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false as const, reason: "phoneTaken" as const };
    throw error;
  }
}

export async function listPendingAccounts(viewer: Grantee) {
  return db
    .select({
      accountId: accounts.id,
      fullName: people.fullName,
      birthDate: people.birthDate,
      phone: accounts.phone,
      position: people.position,
      communeName: adminUnits.fullName,
      createdAt: accounts.createdAt,
    })
    .from(accounts)
    .innerJoin(people, eq(accounts.personId, people.id))
    .innerJoin(adminUnits, eq(people.communeId, adminUnits.id))
    .where(and(eq(accounts.status, "pending"), scopeCondition(viewer, "accounts:approve", adminUnits.path)))
    .orderBy(accounts.createdAt);
}

export async function countPendingAccounts(viewer: Grantee) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(accounts)
    .innerJoin(people, eq(accounts.personId, people.id))
    .innerJoin(adminUnits, eq(people.communeId, adminUnits.id))
    .where(and(eq(accounts.status, "pending"), scopeCondition(viewer, "accounts:approve", adminUnits.path)));
  return row?.n ?? 0;
}

/** Approves or rejects a pending account inside the actor's scope. Exactly once. */
export async function decideRegistration(actor: Actor, accountId: number, decision: "approve" | "reject", ip?: string | null) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ account: accounts, communeId: people.communeId, path: adminUnits.path })
      .from(accounts)
      .innerJoin(people, eq(accounts.personId, people.id))
      .innerJoin(adminUnits, eq(people.communeId, adminUnits.id))
      .where(eq(accounts.id, accountId));
    if (!row || !can(actor, "accounts:approve", row.path)) return { ok: false as const, reason: "notFound" as const };
    const updated = await tx
      .update(accounts)
      .set({ status: decision === "approve" ? "active" : "rejected", approvedBy: actor.id, approvedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(accounts.id, accountId), eq(accounts.status, "pending")))
      .returning({ id: accounts.id });
    if (!updated.length) return { ok: false as const, reason: "notPending" as const };
    if (decision === "approve") {
      await tx.insert(roleAssignments).values({ accountId, role: "learner", unitId: row.communeId, createdBy: actor.id }).onConflictDoNothing();
    }
    await audit(
      {
        actorId: actor.id,
        action: decision === "approve" ? "account.approve" : "account.reject",
        entityType: "account",
        entityId: accountId,
        unitId: row.communeId,
        before: { status: "pending" },
        after: { status: decision === "approve" ? "active" : "rejected" },
        ip,
      },
      tx,
    );
    return { ok: true as const, name: row.account.displayName };
  });
}

// --- roles -------------------------------------------------------------------

export async function getAccountInScope(viewer: Grantee, accountId: number) {
  const [row] = await db
    .select({ account: accounts, communeId: people.communeId, communePath: adminUnits.path, personId: people.id })
    .from(accounts)
    .leftJoin(people, eq(accounts.personId, people.id))
    .leftJoin(adminUnits, eq(people.communeId, adminUnits.id))
    .where(eq(accounts.id, accountId));
  if (!row) return null;
  // Accounts without a person (administrators) are visible to national admins only.
  if (!can(viewer, "roles:assign", row.communePath ?? null)) return null;
  return row;
}

export async function listRoles(accountId: number) {
  return db
    .select({ id: roleAssignments.id, role: roleAssignments.role, unitId: roleAssignments.unitId, unitName: adminUnits.fullName, unitPath: adminUnits.path, unitCode: adminUnits.code })
    .from(roleAssignments)
    .leftJoin(adminUnits, eq(roleAssignments.unitId, adminUnits.id))
    .where(eq(roleAssignments.accountId, accountId))
    .orderBy(roleAssignments.id);
}

export async function assignRole(actor: Actor, accountId: number, role: Role, unitCode: string, ip?: string | null) {
  const unit = unitCode ? (await db.select().from(adminUnits).where(eq(adminUnits.code, unitCode)))[0] : undefined;
  if (!unit && !(role === "admin" && !unitCode)) return { ok: false as const, reason: "unit" as const };
  if (!assignableRoles(actor, unit?.path ?? null).includes(role)) return { ok: false as const, reason: "notAllowed" as const };
  const inserted = await db.transaction(async (tx) => {
    const rows = await tx
      .insert(roleAssignments)
      .values({ accountId, role, unitId: unit?.id ?? null, createdBy: actor.id })
      .onConflictDoNothing()
      .returning({ id: roleAssignments.id });
    if (rows.length) {
      await audit(
        { actorId: actor.id, action: "role.assign", entityType: "account", entityId: accountId, unitId: unit?.id ?? null, after: { role, unit: unit?.code ?? null }, ip },
        tx,
      );
    }
    return rows.length > 0;
  });
  return inserted ? { ok: true as const } : { ok: false as const, reason: "exists" as const };
}

export async function revokeRole(actor: Actor, accountId: number, assignmentId: number, ip?: string | null) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: roleAssignments.id, role: roleAssignments.role, unitId: roleAssignments.unitId, unitPath: adminUnits.path, unitCode: adminUnits.code })
      .from(roleAssignments)
      .leftJoin(adminUnits, eq(roleAssignments.unitId, adminUnits.id))
      .where(and(eq(roleAssignments.id, assignmentId), eq(roleAssignments.accountId, accountId)));
    if (!row) return { ok: false as const, reason: "notFound" as const };
    if (!assignableRoles(actor, row.unitId === null ? null : (row.unitPath ?? "/none/")).includes(row.role))
      return { ok: false as const, reason: "notAllowed" as const };
    if (row.role === "admin" && accountId === actor.id) {
      const [others] = await tx.select({ n: sql<number>`count(*)::int` }).from(roleAssignments).where(eq(roleAssignments.role, "admin"));
      if ((others?.n ?? 0) <= 1) return { ok: false as const, reason: "self" as const };
    }
    await tx.delete(roleAssignments).where(eq(roleAssignments.id, assignmentId));
    await audit(
      { actorId: actor.id, action: "role.revoke", entityType: "account", entityId: accountId, unitId: row.unitId, before: { role: row.role, unit: row.unitCode }, ip },
      tx,
    );
    return { ok: true as const };
  });
}

// --- own account ---------------------------------------------------------------

export async function changePassword(accountId: number, currentSessionId: string, current: string, next: string) {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  if (!account?.passwordHash || !(await verifyPassword(account.passwordHash, current))) return { ok: false as const };
  const passwordHash = await hashPassword(next);
  await db.update(accounts).set({ passwordHash, passwordChangedAt: new Date(), updatedAt: new Date() }).where(eq(accounts.id, accountId));
  // Every other device has to sign in again with the new password.
  await invalidateAccountSessions(accountId, currentSessionId);
  await audit({ actorId: accountId, action: "account.password_change", entityType: "account", entityId: accountId });
  return { ok: true as const };
}

export async function myData(accountId: number) {
  const [row] = await db
    .select({ account: accounts, person: people, commune: adminUnits.fullName })
    .from(accounts)
    .leftJoin(people, eq(accounts.personId, people.id))
    .leftJoin(adminUnits, eq(people.communeId, adminUnits.id))
    .where(eq(accounts.id, accountId));
  const consentRows = await db.select().from(consents).where(eq(consents.accountId, accountId)).orderBy(desc(consents.givenAt));
  return { ...row!, consents: consentRows, roles: await listRoles(accountId) };
}

export async function withdrawConsent(accountId: number, consentId: number) {
  const rows = await db
    .update(consents)
    .set({ withdrawnAt: new Date() })
    .where(and(eq(consents.id, consentId), eq(consents.accountId, accountId), isNull(consents.withdrawnAt)))
    .returning({ id: consents.id });
  if (rows.length) await audit({ actorId: accountId, action: "consent.withdraw", entityType: "consent", entityId: consentId });
  return rows.length > 0;
}
