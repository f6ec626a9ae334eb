// What the printable certificate needs from the database: the certificate as
// frozen at issue, its issuing body's current letterhead and signer, and the
// public base URL its QR code points to (docs/decisions/013).
import { and, asc, desc, eq, exists, inArray, like, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { scopeCondition, type Grantee } from "~/auth/permissions.server";
import { db } from "~/db.server";
import { sortByVietnameseName } from "~/lib/names";
import { verifyUrl, type CertificatePdfInput } from "~/pdf/certificate.server";
import { adminUnits, certificates, issuingBodies, people } from "../../db/schema";
import { trainingClassCommunes, trainingClasses, trainingClassMembers } from "../../db/tables/classes";
import type { Certificate, IssuingBody } from "./certificates.server";

/** `base`: the resolved public address (public-address.server), or null: then no QR code is printed. */
export function toPdfInput(c: Certificate, body: IssuingBody, base: string | null): CertificatePdfInput {
  return {
    serial: c.serial,
    registerNumber: c.registerNumber,
    holderName: c.holderName,
    holderBirthDate: c.holderBirthDate,
    courseTitle: c.courseTitle,
    hours: c.hours,
    completedOn: c.completedOn,
    issuedOn: c.issuedOn,
    validUntil: c.validUntil,
    revokedOn: c.status === "revoked" ? (c.revokedAt ?? new Date()).toISOString().slice(0, 10) : null,
    body: { parentName: body.parentName, name: body.name, place: body.place, signerTitle: body.signerTitle, signerName: body.signerName, logo: body.logo },
    verifyUrl: base ? verifyUrl(c.serial, base) : null,
  };
}

/** A certificate with its body and the holder's commune path (for the scope check). */
export async function getCertificateForPdf(id: number) {
  const [row] = await db
    .select({ certificate: certificates, body: issuingBodies, communePath: adminUnits.path, communeId: adminUnits.id })
    .from(certificates)
    .innerJoin(issuingBodies, eq(issuingBodies.id, certificates.issuingBodyId))
    .innerJoin(people, eq(people.id, certificates.personId))
    .innerJoin(adminUnits, eq(adminUnits.id, people.communeId))
    .where(eq(certificates.id, id));
  return row ?? null;
}

export function pdfFileName(c: Pick<Certificate, "serial" | "status">) {
  return `giay-chung-nhan-${c.serial}${c.status === "revoked" ? "-da-thu-hoi" : ""}.pdf`;
}

export interface BulkSelection {
  /** Materialised path of the chosen unit (province or commune). */
  unitPath: string;
  courseId: string | null;
  /** An in-person class: only its members' certificates from it. */
  classId?: number | null;
}

function bulkCondition(sel: BulkSelection) {
  return and(
    like(adminUnits.path, `${sel.unitPath}%`),
    ne(certificates.status, "revoked"),
    sel.courseId ? eq(certificates.courseId, sel.courseId) : sql`true`,
    sel.classId
      ? inArray(
          certificates.completionId,
          db.select({ id: sql<number>`${trainingClassMembers.completionId}` }).from(trainingClassMembers).where(eq(trainingClassMembers.classId, sel.classId)),
        )
      : sql`true`,
  );
}

/**
 * Ids of the certificates a bulk download prints: not revoked (a revoked one
 * is never handed out in bulk), in the unit, optionally one course; ordered
 * by commune, then by given name as lists are.
 */
export async function selectBulkCertificateIds(sel: BulkSelection): Promise<number[]> {
  const rows = await db
    .select({ id: certificates.id, name: certificates.holderName, commune: adminUnits.code })
    .from(certificates)
    .innerJoin(people, eq(people.id, certificates.personId))
    .innerJoin(adminUnits, eq(adminUnits.id, people.communeId))
    .where(bulkCondition(sel))
    .orderBy(asc(adminUnits.code));
  const byCommune = new Map<string, typeof rows>();
  for (const r of rows) byCommune.set(r.commune, [...(byCommune.get(r.commune) ?? []), r]);
  return [...byCommune.values()].flatMap((list) => sortByVietnameseName(list, (r) => r.name).map((r) => r.id));
}

export async function countBulkCertificates(sel: BulkSelection) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(certificates)
    .innerJoin(people, eq(people.id, certificates.personId))
    .innerJoin(adminUnits, eq(adminUnits.id, people.communeId))
    .where(bulkCondition(sel));
  return row?.n ?? 0;
}

/** The rows for a batch of ids, in the given order. */
export async function certificatesWithBodies(ids: number[]) {
  if (!ids.length) return [];
  const rows = await db
    .select({ certificate: certificates, body: issuingBodies })
    .from(certificates)
    .innerJoin(issuingBodies, eq(issuingBodies.id, certificates.issuingBodyId))
    .where(inArray(certificates.id, ids));
  const byId = new Map(rows.map((r) => [r.certificate.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is (typeof rows)[number] => !!r);
}

/**
 * In-person classes the user may print certificates for: the class's
 * province is in their scope, or one of its communes is (a commune officer
 * then gets only their own commune's members, bounded by the chosen unit).
 */
export async function classesForBulk(user: Grantee, classId?: number) {
  const commune = alias(adminUnits, "class_commune");
  const communeInScope = db
    .select({ one: sql`1` })
    .from(trainingClassCommunes)
    .innerJoin(commune, eq(commune.id, trainingClassCommunes.communeId))
    .where(and(eq(trainingClassCommunes.classId, trainingClasses.id), scopeCondition(user, "certificates:issue", commune.path)));
  return db
    .select({ id: trainingClasses.id, title: trainingClasses.title, startsOn: trainingClasses.startsOn, courseId: trainingClasses.courseId })
    .from(trainingClasses)
    .innerJoin(adminUnits, eq(adminUnits.id, trainingClasses.provinceId))
    .where(and(classId ? eq(trainingClasses.id, classId) : sql`true`, or(scopeCondition(user, "certificates:issue", adminUnits.path), exists(communeInScope))))
    .orderBy(desc(trainingClasses.startsOn), desc(trainingClasses.id))
    .limit(200);
}
