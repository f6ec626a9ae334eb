// People on the roster (cán bộ, nhân viên, cộng tác viên CTXH): scoped reads,
// validated writes, every change in the audit log.
import { and, asc, eq, ilike, isNull, sql, type SQL } from "drizzle-orm";
import { db } from "~/db.server";
import { can, scopeCondition, type Grantee } from "~/auth/permissions.server";
import type { T } from "~/i18n";
import { parseDate, todayInVietnam } from "~/lib/dates";
import { normalizeName } from "~/lib/names";
import { normalizeNationalId } from "~/lib/national-id";
import { normalizePhone } from "~/lib/phone";
import type { Values, FieldErrors } from "~/lib/form.server";
import { accounts, adminUnits, auditLog, gender, people, position, type Person } from "../../db/schema";
import { audit } from "./audit.server";
import { openFirstPeriod, syncPeriods } from "./roster.server";

export const POSITIONS = position.enumValues;
export const GENDERS = gender.enumValues;

export interface PersonInput {
  fullName: string;
  birthDate: string | null;
  gender: Person["gender"];
  phone: string | null;
  nationalId: string | null;
  communeId: number;
  position: Person["position"];
  startedOn: string | null;
}

/** Validates the person form; messages in the user's language. */
export function validatePerson(values: Values, t: T): { ok: true; input: PersonInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const fullName = normalizeName(values.fullName ?? "");
  if (!fullName) errors.fullName = t("validation.required", { field: t("field.fullName").toLowerCase() });
  else if (fullName.length > 120) errors.fullName = t("validation.required", { field: t("field.fullName").toLowerCase() });

  let birthDate: string | null = null;
  if (values.birthDate) {
    birthDate = parseDate(values.birthDate);
    if (!birthDate) errors.birthDate = t("validation.date", { field: t("field.birthDate") });
    else if (birthDate > todayInVietnam()) errors.birthDate = t("validation.dateFuture", { field: t("field.birthDate") });
  }
  const g = values.gender || null;
  if (g && !GENDERS.includes(g as never)) errors.gender = t("validation.choice", { field: t("field.gender").toLowerCase() });

  let phone: string | null = null;
  if (values.phone) {
    phone = normalizePhone(values.phone);
    if (!phone) errors.phone = t("validation.phone");
  }
  let nationalId: string | null = null;
  if (values.nationalId) {
    nationalId = normalizeNationalId(values.nationalId);
    if (!nationalId) errors.nationalId = t("validation.nationalId");
  }
  const communeId = Number(values.communeId);
  if (!values.communeId || !Number.isInteger(communeId) || communeId <= 0)
    errors.communeId = t("validation.choice", { field: t("field.commune").toLowerCase() });
  const pos = values.position;
  if (!pos || !POSITIONS.includes(pos as never)) errors.position = t("validation.choice", { field: t("field.position").toLowerCase() });

  let startedOn: string | null = null;
  if (values.startedOn) {
    startedOn = parseDate(values.startedOn);
    if (!startedOn) errors.startedOn = t("validation.date", { field: t("field.startedOn") });
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    input: {
      fullName,
      birthDate,
      gender: g as Person["gender"],
      phone,
      nationalId,
      communeId,
      position: pos as Person["position"],
      startedOn,
    },
  };
}

const personColumns = {
  id: people.id,
  fullName: people.fullName,
  birthDate: people.birthDate,
  gender: people.gender,
  phone: people.phone,
  nationalId: people.nationalId,
  position: people.position,
  status: people.status,
  startedOn: people.startedOn,
  leftOn: people.leftOn,
  communeId: people.communeId,
  communeName: adminUnits.fullName,
  communePath: adminUnits.path,
  accountId: accounts.id,
  accountStatus: accounts.status,
};

export async function listPeople(
  viewer: Grantee,
  filters: { communeId?: number | null; q?: string; status?: "active" | "left" | null; page?: number },
  pageSize = 50,
) {
  const conditions: SQL[] = [scopeCondition(viewer, "people:read", adminUnits.path)];
  if (filters.communeId) conditions.push(eq(people.communeId, filters.communeId));
  if (filters.status) conditions.push(eq(people.status, filters.status));
  if (filters.q) conditions.push(ilike(people.fullName, `%${filters.q.replace(/[%_\\]/g, "\\$&")}%`));
  const where = and(...conditions);
  const page = Math.max(1, filters.page ?? 1);
  const [rows, [count]] = await Promise.all([
    db
      .select(personColumns)
      .from(people)
      .innerJoin(adminUnits, eq(people.communeId, adminUnits.id))
      .leftJoin(accounts, eq(accounts.personId, people.id))
      .where(where)
      // Vietnamese order: given name (last word) first, then the full name.
      .orderBy(sql`regexp_replace(${people.fullName}, '^.* ', '')`, asc(people.fullName), asc(people.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(people)
      .innerJoin(adminUnits, eq(people.communeId, adminUnits.id))
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0, page, pages: Math.max(1, Math.ceil((count?.n ?? 0) / pageSize)) };
}

/** The person if the viewer may read them; null otherwise (callers answer 404). */
export async function getPersonInScope(viewer: Grantee, id: number) {
  const [row] = await db
    .select(personColumns)
    .from(people)
    .innerJoin(adminUnits, eq(people.communeId, adminUnits.id))
    .leftJoin(accounts, eq(accounts.personId, people.id))
    .where(and(eq(people.id, id), scopeCondition(viewer, "people:read", adminUnits.path)));
  return row ?? null;
}

/** The commune if it is current and inside the actor's write scope. */
export async function communeForWrite(actor: Grantee, communeId: number) {
  const [unit] = await db.select().from(adminUnits).where(eq(adminUnits.id, communeId));
  if (!unit || unit.level !== "commune" || unit.mergedIntoId) return null;
  return can(actor, "people:write", unit.path) ? unit : null;
}

function auditable(p: Partial<Person>) {
  // Personal identifiers are recorded as changed/not changed, never in clear.
  const { phone, nationalId, ...rest } = p;
  return { ...rest, phone: phone ? "***" : phone, nationalId: nationalId ? "***" : nationalId };
}

export async function createPerson(actor: Grantee & { id: number }, input: PersonInput, ip?: string | null) {
  return db.transaction(async (tx) => {
    const [person] = await tx.insert(people).values(input).returning();
    await openFirstPeriod(tx, person!, actor.id);
    await audit(
      { actorId: actor.id, action: "person.create", entityType: "person", entityId: person!.id, unitId: input.communeId, after: auditable(person!), ip },
      tx,
    );
    return person!;
  });
}

/**
 * Saves the person's current state; a new commune or position takes effect on
 * `effectiveOn` (default today): the open staff period ends that day and a new
 * one starts.
 */
export async function updatePerson(actor: Grantee & { id: number }, id: number, input: PersonInput, ip?: string | null, effectiveOn?: string | null) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(people).where(eq(people.id, id)).for("update");
    if (!before) return null;
    const [after] = await tx
      .update(people)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(people.id, id))
      .returning();
    const changed = (Object.keys(input) as (keyof PersonInput)[]).filter((k) => before[k] !== after![k]);
    const effective = effectiveOn ?? todayInVietnam();
    await syncPeriods(tx, before, after!, effective, actor.id);
    if (changed.length) {
      const pick = (p: Person) => Object.fromEntries(changed.map((k) => [k, p[k]]));
      await audit(
        {
          actorId: actor.id,
          action: before.communeId !== after!.communeId ? "person.move" : before.position !== after!.position ? "person.position" : "person.update",
          entityType: "person",
          entityId: id,
          unitId: after!.communeId,
          before: auditable(pick(before)),
          after: { ...auditable(pick(after!)), ...(before.communeId !== after!.communeId || before.position !== after!.position ? { effectiveOn: effective } : {}) },
          ip,
        },
        tx,
      );
    }
    return after!;
  });
}

export async function markPersonLeft(actor: Grantee & { id: number }, id: number, leftOn: string, ip?: string | null) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(people).where(eq(people.id, id)).for("update");
    if (!before) return null;
    const [after] = await tx.update(people).set({ status: "left", leftOn, updatedAt: new Date() }).where(eq(people.id, id)).returning();
    await syncPeriods(tx, before, after!, leftOn, actor.id);
    await audit(
      {
        actorId: actor.id,
        action: "person.left",
        entityType: "person",
        entityId: id,
        unitId: before.communeId,
        before: { status: before.status, leftOn: before.leftOn },
        after: { status: "left", leftOn },
        ip,
      },
      tx,
    );
    return true;
  });
}

/**
 * The commune a person may be moved to by `actor`: current, in the same
 * province as the person's commune. The actor must be able to write the
 * person (checked by the caller); a commune officer can move someone out to
 * another commune of the province without holding that commune.
 */
export async function communeForMove(actor: Grantee, fromCommuneId: number, toCommuneId: number) {
  const [from] = await db.select().from(adminUnits).where(eq(adminUnits.id, fromCommuneId));
  const [to] = await db.select().from(adminUnits).where(eq(adminUnits.id, toCommuneId));
  if (!from || !to || to.level !== "commune" || to.mergedIntoId) return null;
  if (!can(actor, "people:write", from.path)) return null;
  if (can(actor, "people:write", to.path)) return to;
  return from.provinceId !== null && from.provinceId === to.provinceId ? to : null;
}

/** Current communes of the province holding `communeId`, for the move picker. */
export async function communesOfProvinceOf(communeId: number) {
  const [from] = await db.select({ provinceId: adminUnits.provinceId }).from(adminUnits).where(eq(adminUnits.id, communeId));
  if (!from?.provinceId) return [];
  return db
    .select({ id: adminUnits.id, fullName: adminUnits.fullName, code: adminUnits.code })
    .from(adminUnits)
    .where(and(eq(adminUnits.level, "commune"), eq(adminUnits.provinceId, from.provinceId), isNull(adminUnits.mergedIntoId)))
    .orderBy(asc(adminUnits.code));
}

/** Records that `actor` saw a person's phone / national ID in full. */
export async function logPiiView(actorId: number, personId: number, communeId: number, fields: string[], ip?: string | null) {
  await audit({ actorId, action: "person.pii_viewed", entityType: "person", entityId: personId, unitId: communeId, after: { fields }, ip });
}

export async function personHistory(personId: number) {
  return db
    .select({ at: auditLog.at, action: auditLog.action, actor: accounts.displayName, before: auditLog.before, after: auditLog.after })
    .from(auditLog)
    .leftJoin(accounts, eq(auditLog.actorId, accounts.id))
    .where(and(eq(auditLog.entityType, "person"), eq(auditLog.entityId, String(personId))))
    .orderBy(sql`${auditLog.id} desc`)
    .limit(50);
}

/** How many people the viewer may read (no sorting, for counters). */
export async function countPeopleInScope(viewer: Grantee) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(people)
    .innerJoin(adminUnits, eq(people.communeId, adminUnits.id))
    .where(scopeCondition(viewer, "people:read", adminUnits.path));
  return row?.n ?? 0;
}
