// The audit log: sensitive actions (role changes, approvals, imports, reads
// of personal data) with who, when, what and before/after.
import { desc, eq } from "drizzle-orm";
import { db, type Db } from "~/db.server";
import { adminUnits, auditLog } from "../../db/schema";
import { scopeCondition, type Grantee } from "~/auth/permissions.server";

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId?: string | number | null;
  unitId?: number | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

/** Writes one entry; pass the transaction when the change runs in one, so both commit or neither. */
export async function audit(entry: AuditEntry, tx: Db = db) {
  await tx.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    unitId: entry.unitId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    ip: entry.ip ?? null,
  });
}

/** Entries in the viewer's scope, newest first. Entries without a unit are national: admins only. */
export async function listAudit(viewer: Grantee, limit = 200) {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorId: auditLog.actorId,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      unitName: adminUnits.fullName,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(adminUnits, eq(auditLog.unitId, adminUnits.id))
    .where(scopeCondition(viewer, "audit:read", adminUnits.path))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}
