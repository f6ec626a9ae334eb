// Training targets: validation and storage. Province officers manage their
// own province's targets; the system administrator any province's.
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { can, scopeCondition, type Grantee } from "~/auth/permissions.server";
import { db } from "~/db.server";
import type { T } from "~/i18n";
import { parseDate } from "~/lib/dates";
import { audit } from "~/models/audit.server";
import { adminUnits, courses, position, type Position } from "../../db/schema";
import { trainingTargets, type TrainingTarget } from "../../db/tables/targets";
import type { TargetFormState } from "~/components/targets-form";

export const POSITIONS = position.enumValues;

export interface TargetInput {
  provinceId: number;
  planRef: string;
  percent: number;
  startsOn: string;
  deadline: string;
  positions: Position[];
  courseIds: string[];
  expiredCounts: boolean;
  note: string | null;
}

/** The submitted form, as typed (so a failed submit can put it back): the form component's own state. */
export type TargetFormValues = TargetFormState;

export function readTargetForm(form: FormData): TargetFormValues {
  const s = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v.normalize("NFC").trim() : "";
  };
  const list = (name: string) => form.getAll(name).filter((v): v is string => typeof v === "string");
  return {
    provinceId: s("provinceId"),
    planRef: s("planRef").slice(0, 300),
    percent: s("percent"),
    startsOn: s("startsOn"),
    deadline: s("deadline"),
    positions: list("positions"),
    courseIds: list("courseIds"),
    expiredCounts: s("expiredCounts") === "no" ? "no" : "yes",
    note: s("note").slice(0, 500),
  };
}

/** Checks a submitted target; messages are the visitor's language. */
export async function validateTarget(
  user: Grantee,
  v: TargetFormValues,
  t: T,
): Promise<{ ok: true; input: TargetInput } | { ok: false; errors: Record<string, string> }> {
  const errors: Record<string, string> = {};
  const provinceId = /^\d{1,9}$/.test(v.provinceId) ? Number(v.provinceId) : null;
  const province = provinceId ? await provinceForManage(user, provinceId) : null;
  if (!province) errors.provinceId = t("targets.error.province");
  if (!v.planRef) errors.planRef = t("validation.required", { field: t("targets.field.planRef").toLowerCase() });
  // "50", "50,5" or "50.5"; no percent sign needed.
  const percentText = v.percent.replace(/%$/, "").trim().replace(",", ".");
  const percent = /^\d{1,3}(\.\d{1,2})?$/.test(percentText) ? Number(percentText) : NaN;
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) errors.percent = t("targets.error.percent");
  const startsOn = parseDate(v.startsOn);
  const deadline = parseDate(v.deadline);
  if (!startsOn) errors.startsOn = t("validation.date", { field: t("targets.field.startsOn") });
  if (!deadline) errors.deadline = t("validation.date", { field: t("targets.field.deadline") });
  if (startsOn && deadline && deadline < startsOn) errors.deadline = t("targets.error.deadlineBeforeStart");
  const positions = v.positions.filter((p): p is Position => (POSITIONS as readonly string[]).includes(p));
  if (!positions.length) errors.positions = t("targets.error.positions");
  const known = v.courseIds.length
    ? (await db.select({ id: courses.id }).from(courses).where(inArray(courses.id, v.courseIds.slice(0, 50)))).map((c) => c.id)
    : [];
  if (!known.length) errors.courseIds = t("targets.error.courses");
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    input: { provinceId: provinceId!, planRef: v.planRef, percent, startsOn: startsOn!, deadline: deadline!, positions, courseIds: known, expiredCounts: v.expiredCounts !== "no", note: v.note || null },
  };
}

/** Provinces the user may set targets for. */
export async function provincesForManage(user: Grantee) {
  return db
    .select({ id: adminUnits.id, fullName: adminUnits.fullName, path: adminUnits.path })
    .from(adminUnits)
    .where(and(eq(adminUnits.level, "province"), scopeCondition(user, "targets:manage", adminUnits.path)))
    .orderBy(asc(adminUnits.code));
}

async function provinceForManage(user: Grantee, provinceId: number) {
  const [p] = await db.select().from(adminUnits).where(and(eq(adminUnits.id, provinceId), eq(adminUnits.level, "province")));
  return p && can(user, "targets:manage", p.path) ? p : null;
}

export interface TargetRow extends TrainingTarget {
  provinceName: string;
  provincePath: string;
}

const withProvince = {
  provinceName: adminUnits.fullName,
  provincePath: adminUnits.path,
};

/**
 * Targets the user may read: those of provinces inside the user's scope, and
 * for a commune officer those of the commune's province (they see their
 * commune's figures against it).
 */
export async function listTargets(user: Grantee, where?: SQL): Promise<TargetRow[]> {
  const rows = await db
    .select({ t: trainingTargets, ...withProvince })
    .from(trainingTargets)
    .innerJoin(adminUnits, eq(adminUnits.id, trainingTargets.provinceId))
    .where(and(readableProvince(user), where))
    .orderBy(asc(adminUnits.code), desc(trainingTargets.startsOn));
  return rows.map((r) => ({ ...r.t, provinceName: r.provinceName, provincePath: r.provincePath }));
}

/** True when the province's path is inside, or contains, one of the user's targets:read scopes. */
function readableProvince(user: Grantee): SQL {
  const scoped = user.roles.filter((r) => ["commune_officer", "province_officer", "admin"].includes(r.role));
  if (scoped.some((r) => r.unitPath === null)) return sql`true`;
  if (!scoped.length) return sql`false`;
  const parts = scoped.map((r) => sql`(${adminUnits.path} like ${r.unitPath + "%"} or ${r.unitPath} like ${adminUnits.path} || '%')`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

export async function getTarget(user: Grantee, id: number): Promise<TargetRow | null> {
  const [row] = await listTargets(user, eq(trainingTargets.id, id));
  return row ?? null;
}

export function canManageTarget(user: Grantee, target: TargetRow) {
  return can(user, "targets:manage", target.provincePath);
}

export async function createTarget(user: Grantee & { account: { id: number } }, input: TargetInput) {
  const [row] = await db.insert(trainingTargets).values({ ...input, createdBy: user.account.id }).returning();
  await audit({ actorId: user.account.id, action: "target.created", entityType: "training_target", entityId: String(row!.id), unitId: input.provinceId, after: input });
  return row!;
}

export async function updateTarget(user: Grantee & { account: { id: number } }, target: TargetRow, input: TargetInput) {
  await db.update(trainingTargets).set({ ...input, updatedAt: new Date() }).where(eq(trainingTargets.id, target.id));
  await audit({ actorId: user.account.id, action: "target.updated", entityType: "training_target", entityId: String(target.id), unitId: input.provinceId, before: targetInput(target), after: input });
}

export async function deleteTarget(user: Grantee & { account: { id: number } }, target: TargetRow) {
  await db.delete(trainingTargets).where(eq(trainingTargets.id, target.id));
  await audit({ actorId: user.account.id, action: "target.deleted", entityType: "training_target", entityId: String(target.id), unitId: target.provinceId, before: targetInput(target) });
}

function targetInput(t: TrainingTarget): TargetInput {
  return { provinceId: t.provinceId, planRef: t.planRef, percent: t.percent, startsOn: t.startsOn, deadline: t.deadline, positions: t.positions, courseIds: t.courseIds, expiredCounts: t.expiredCounts, note: t.note };
}

/** The target in force on a date for each province: the latest one started by then (else the earliest). */
export function targetInForce<T2 extends { provinceId: number; startsOn: string; deadline: string }>(targets: T2[], date: string): Map<number, T2> {
  const byProvince = new Map<number, T2>();
  for (const t of [...targets].sort((a, b) => a.startsOn.localeCompare(b.startsOn))) {
    const current = byProvince.get(t.provinceId);
    if (!current || t.startsOn <= date) byProvince.set(t.provinceId, t);
  }
  return byProvince;
}
