// Certificates: issued from a course completion (automatically, or by a
// trainer/officer for in-person and external training through the same
// path), numbered per issuing body and year without gaps, revocable and
// reissuable, looked up publicly by serial.
import { and, asc, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { db, type Db } from "~/db.server";
import { todayInVietnam } from "~/lib/dates";
import {
  adminUnits,
  certificateCounters,
  certificates,
  courseCompletions,
  courses,
  issuingBodies,
  people,
} from "../../db/schema";
import { logger } from "~/logger.server";
import { audit } from "./audit.server";
import { publicBase } from "./public-address.server";

export type Certificate = typeof certificates.$inferSelect;
export type IssuingBody = typeof issuingBodies.$inferSelect;

/** Adds whole months to an ISO date, clamping to the month's last day. */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

export function formatSerial(prefix: string, year: number, seq: number) {
  return `${prefix}-${year}-${String(seq).padStart(6, "0")}`;
}

export function certificateState(c: Pick<Certificate, "status" | "validUntil">, today = todayInVietnam()): "valid" | "expired" | "revoked" {
  if (c.status === "revoked") return "revoked";
  if (c.validUntil && c.validUntil < today) return "expired";
  return "valid";
}

/** The issuing body of a province, created with placeholders the province fills in. */
export async function issuingBodyForProvince(provinceId: number, tx: Db = db): Promise<IssuingBody> {
  const [existing] = await tx.select().from(issuingBodies).where(eq(issuingBodies.unitId, provinceId));
  if (existing) return existing;
  const [province] = await tx.select().from(adminUnits).where(eq(adminUnits.id, provinceId));
  if (!province) throw new Error(`province ${provinceId} not found`);
  const prefix = `P${province.code}`;
  await tx
    .insert(issuingBodies)
    .values({
      unitId: province.id,
      parentName: `UBND ${province.fullName.toUpperCase()}`,
      name: `SỞ Y TẾ ${province.fullName.toUpperCase()}`,
      place: province.name,
      signerTitle: "GIÁM ĐỐC",
      signerName: "",
      serialPrefix: prefix,
    })
    .onConflictDoNothing();
  const [created] = await tx.select().from(issuingBodies).where(eq(issuingBodies.unitId, provinceId));
  return created!;
}

/** Next number for the body and year. The counter row is locked until the transaction ends, so numbers are gapless and never reused. */
async function allocateNumber(tx: Db, issuingBodyId: number, year: number) {
  await tx.insert(certificateCounters).values({ issuingBodyId, year, last: 0 }).onConflictDoNothing();
  const [row] = await tx
    .update(certificateCounters)
    .set({ last: sql`${certificateCounters.last} + 1` })
    .where(and(eq(certificateCounters.issuingBodyId, issuingBodyId), eq(certificateCounters.year, year)))
    .returning({ last: certificateCounters.last });
  return row!.last;
}

export interface IssueOptions {
  kind?: "original" | "reissue" | "replacement";
  replacesId?: number | null;
  issuedBy?: number | null;
  issuedOn?: string;
  ip?: string | null;
  /** Leave the credential to the sweep (bulk loads such as the demo seed: start-up is not held up by signing). */
  deferSigning?: boolean;
}

/**
 * Hook for the credential layer: sign (or re-sign) and store the Open Badges
 * credential of a certificate whose row is locked in `tx`. "noAddress": no
 * acceptable public address yet, left unsigned; "current": nothing to do.
 */
export type SignOutcome = "signed" | "noAddress" | "current";
export type CredentialSigner = (certificate: Certificate, body: IssuingBody, tx: Db, base: string | null) => Promise<SignOutcome>;
let signer: CredentialSigner | null = null;
export function setCredentialSigner(fn: CredentialSigner | null) {
  signer = fn;
}
export function credentialSigner() {
  return signer;
}

/**
 * Numbers the certificate of a completion inside the caller's transaction
 * (the serial is allocated here, so it commits together with the completion
 * or not at all). The credential is signed afterwards, in its own
 * transaction: a signing failure never loses a certificate nor leaves a gap.
 * For an original certificate this is idempotent.
 */
export async function numberCertificate(tx: Db, completionId: number, options: IssueOptions = {}): Promise<{ certificate: Certificate; created: boolean }> {
  const kind = options.kind ?? "original";
  if (kind === "original") {
    const [existing] = await tx.select().from(certificates).where(and(eq(certificates.completionId, completionId), eq(certificates.kind, "original")));
    if (existing) return { certificate: existing, created: false };
  }
  const [row] = await tx
    .select({ completion: courseCompletions, person: people, course: courses, provinceId: adminUnits.provinceId })
    .from(courseCompletions)
    .innerJoin(people, eq(people.id, courseCompletions.personId))
    .innerJoin(courses, eq(courses.id, courseCompletions.courseId))
    .innerJoin(adminUnits, eq(adminUnits.id, people.communeId))
    .where(eq(courseCompletions.id, completionId));
  if (!row) throw new Error(`completion ${completionId} not found`);
  const created = await issuingBodyForProvince(row.provinceId!, tx);
  // Shared lock: issues run side by side, but not alongside a change of the serial prefix.
  const [body] = await tx.select().from(issuingBodies).where(eq(issuingBodies.id, created.id)).for("share");
  if (!body) throw new Error(`issuing body ${created.id} vanished`);
  const issuedOn = options.issuedOn ?? todayInVietnam();
  const year = Number(issuedOn.slice(0, 4));
  // Serialise issuing per completion so two concurrent originals cannot both pass the check above.
  await tx.execute(sql`select pg_advisory_xact_lock(7202, ${completionId})`);
  if (kind === "original") {
    const [raced] = await tx.select().from(certificates).where(and(eq(certificates.completionId, completionId), eq(certificates.kind, "original")));
    if (raced) return { certificate: raced, created: false };
  }
  const seq = await allocateNumber(tx, body.id, year);
  const [certificate] = await tx
    .insert(certificates)
    .values({
      serial: formatSerial(body.serialPrefix, year, seq),
      registerNumber: `${seq}/${year}`,
      issuingBodyId: body.id,
      year,
      seq,
      kind,
      replacesId: options.replacesId ?? null,
      completionId,
      personId: row.person.id,
      courseId: row.course.id,
      holderName: row.person.fullName,
      holderBirthDate: row.person.birthDate,
      courseTitle: row.course.title,
      hours: row.course.hours,
      completedOn: row.completion.completedOn,
      issuedOn,
      validUntil: row.course.validityMonths ? addMonths(row.completion.completedOn, row.course.validityMonths) : null,
      issuedBy: options.issuedBy ?? null,
    })
    .returning();
  await audit(
    {
      actorId: options.issuedBy ?? null,
      action: kind === "original" ? "certificate.issue" : `certificate.${kind}`,
      entityType: "certificate",
      entityId: certificate!.id,
      unitId: row.person.communeId,
      after: { serial: certificate!.serial, course: row.course.id, replacesId: options.replacesId ?? null },
      ip: options.ip,
    },
    tx,
  );
  return { certificate: certificate!, created: true };
}

/**
 * Signs the certificate's credential in a transaction of its own (the row is
 * locked, so the sweep and an issuing request never sign it twice). Throws
 * what the signer throws; see signAfterCommit for the forgiving variant.
 */
export async function signCertificateCredential(certificateId: number): Promise<SignOutcome> {
  const sign = signer;
  if (!sign) return "current";
  // Resolved before the transaction: PGlite runs one statement at a time, so nothing may query outside it meanwhile.
  const base = await publicBase();
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(certificates).where(eq(certificates.id, certificateId)).for("update");
    if (!row) return "current" as const;
    const [body] = await tx.select().from(issuingBodies).where(eq(issuingBodies.id, row.issuingBodyId));
    return sign(row, body!, tx, base);
  });
}

/** After the certificate is committed: try to sign now; on failure the sweep signs it later. */
async function signAfterCommit(certificate: Certificate): Promise<Certificate> {
  try {
    const outcome = await signCertificateCredential(certificate.id);
    if (outcome === "current") return certificate;
  } catch (error) {
    logger.error({ event: "certificate.sign_failed", certificate: certificate.id, serial: certificate.serial, err: error }, "signing failed; the sweep will retry");
  }
  const [fresh] = await db.select().from(certificates).where(eq(certificates.id, certificate.id));
  return fresh ?? certificate;
}

/**
 * Issues the certificate of a completion. For an original certificate this is
 * idempotent: a second call (or a concurrent one) returns the existing one.
 */
export async function issueCertificate(completionId: number, options: IssueOptions = {}): Promise<Certificate> {
  const { certificate, created } = await db.transaction((tx) => numberCertificate(tx, completionId, options));
  return created || !certificate.credential ? signAfterCommit(certificate) : certificate;
}

export type CompletionValues = typeof courseCompletions.$inferInsert;

/**
 * Inserts a completion and numbers its certificate in one transaction, so
 * no completion is ever committed without its certificate; then signs.
 * A completion that already exists (unique person × course × cycle) is not
 * inserted again; it gets its certificate if it somehow lacks one.
 */
export async function completeWithCertificate(
  values: CompletionValues,
  options: IssueOptions = {},
): Promise<{ completionId: number; inserted: boolean; certificate: Certificate; created: boolean }> {
  const result = await db.transaction(async (tx) => {
    const inserted = await tx.insert(courseCompletions).values(values).onConflictDoNothing().returning({ id: courseCompletions.id });
    let completionId = inserted[0]?.id;
    if (completionId === undefined) {
      const [existing] = await tx
        .select({ id: courseCompletions.id })
        .from(courseCompletions)
        .where(and(eq(courseCompletions.personId, values.personId), eq(courseCompletions.courseId, values.courseId), eq(courseCompletions.cycle, values.cycle ?? 1)));
      if (!existing) throw new Error(`completion of ${values.personId} × ${values.courseId} neither inserted nor found`);
      completionId = existing.id;
    }
    const numbered = await numberCertificate(tx, completionId, options);
    return { completionId, inserted: inserted.length > 0, ...numbered };
  });
  const certificate = !options.deferSigning && (result.created || !result.certificate.credential) ? await signAfterCommit(result.certificate) : result.certificate;
  return { ...result, certificate };
}

export async function getCertificateBySerial(serial: string) {
  const [row] = await db
    .select({ certificate: certificates, body: issuingBodies })
    .from(certificates)
    .innerJoin(issuingBodies, eq(issuingBodies.id, certificates.issuingBodyId))
    .where(eq(certificates.serial, serial));
  return row ?? null;
}

export async function certificatesOfPerson(personId: number) {
  return db.select().from(certificates).where(eq(certificates.personId, personId)).orderBy(desc(certificates.issuedOn), desc(certificates.id));
}

export type RevokeResult = { ok: true } | { ok: false; reason: "notFound" | "alreadyRevoked" };

/** Hook for the credential layer: flip the certificate's bit in the status list. */
export type RevocationPublisher = (certificate: Certificate, tx: Db, base: string | null) => Promise<void>;
let publisher: RevocationPublisher | null = null;
export function setRevocationPublisher(fn: RevocationPublisher | null) {
  publisher = fn;
}

export async function revokeCertificate(certificateId: number, reason: string, actor: { id: number; ip?: string | null }): Promise<RevokeResult> {
  const base = publisher ? await publicBase() : null;
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(certificates)
      .set({ status: "revoked", revokedAt: new Date(), revokedReason: reason, revokedBy: actor.id })
      .where(and(eq(certificates.id, certificateId), eq(certificates.status, "valid")))
      .returning();
    if (!updated) {
      const [exists] = await tx.select({ id: certificates.id }).from(certificates).where(eq(certificates.id, certificateId));
      return { ok: false as const, reason: exists ? ("alreadyRevoked" as const) : ("notFound" as const) };
    }
    if (publisher) await publisher(updated, tx, base);
    const [person] = await tx.select({ communeId: people.communeId }).from(people).where(eq(people.id, updated.personId));
    await audit(
      {
        actorId: actor.id,
        action: "certificate.revoke",
        entityType: "certificate",
        entityId: updated.id,
        unitId: person?.communeId ?? null,
        before: { status: "valid" },
        after: { status: "revoked", reason },
        ip: actor.ip,
      },
      tx,
    );
    return { ok: true as const };
  });
}

/** Completions without an original certificate yet (recorded before the certificate feature, or by an older version that issued in a second step). */
export async function completionsWithoutCertificate(limit = 1000) {
  return db
    .select({ id: courseCompletions.id })
    .from(courseCompletions)
    .leftJoin(certificates, and(eq(certificates.completionId, courseCompletions.id), eq(certificates.kind, "original")))
    .where(isNull(certificates.id))
    .orderBy(asc(courseCompletions.id))
    .limit(limit);
}

/** The sweep's first half: every completion gets its original certificate. One failure does not stop the others. */
export async function issueMissingCertificates(limit = 1000): Promise<{ issued: number; failed: number }> {
  let issued = 0;
  let failed = 0;
  for (const { id } of await completionsWithoutCertificate(limit)) {
    try {
      await issueCertificate(id);
      issued++;
    } catch (error) {
      failed++;
      logger.error({ event: "certificate.sweep_issue_failed", completion: id, err: error }, "could not issue a missing certificate");
    }
  }
  return { issued, failed };
}

/** Certificates of people in a scope (SQL condition on the commune's path), newest first. */
export async function certificatesInScope(scope: SQL, limit = 300) {
  return db
    .select({ certificate: certificates, communeName: adminUnits.fullName, communePath: adminUnits.path })
    .from(certificates)
    .innerJoin(people, eq(people.id, certificates.personId))
    .innerJoin(adminUnits, eq(adminUnits.id, people.communeId))
    .where(scope)
    .orderBy(desc(certificates.id))
    .limit(limit);
}

export async function getCertificateWithPath(id: number) {
  const [row] = await db
    .select({ certificate: certificates, communePath: adminUnits.path })
    .from(certificates)
    .innerJoin(people, eq(people.id, certificates.personId))
    .innerJoin(adminUnits, eq(adminUnits.id, people.communeId))
    .where(eq(certificates.id, id));
  return row ?? null;
}

/**
 * Records a completion done in person or elsewhere and issues its
 * certificate through the same path as online completions. People who have
 * already completed the course are skipped.
 */
export async function recordCompletion(
  personId: number,
  courseId: string,
  input: { source: "class" | "external"; completedOn: string; evidence: string | null; recordedBy: number; ip?: string | null },
): Promise<{ issued: Certificate | null }> {
  const result = await completeWithCertificate(
    { personId, courseId, cycle: 1, source: input.source, completedOn: input.completedOn, recordedBy: input.recordedBy, evidence: input.evidence },
    { issuedBy: input.recordedBy, ip: input.ip },
  );
  return { issued: result.created ? result.certificate : null };
}

/** How many certificates a body has issued (its serial prefix is frozen after the first). */
export async function issuedCount(issuingBodyId: number) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(certificates).where(eq(certificates.issuingBodyId, issuingBodyId));
  return row?.n ?? 0;
}

export type IssuingBodyChanges = Pick<IssuingBody, "parentName" | "name" | "place" | "signerTitle" | "signerName"> & {
  serialPrefix?: string;
  /** undefined: keep; null: remove; a data URL: replace. */
  logo?: string | null;
};

export type UpdateBodyResult = { ok: true; body: IssuingBody } | { ok: false; reason: "prefixLocked" | "prefixTaken" };

/** Saves a body's letterhead and signer; the serial prefix only while nothing has been issued. Audited. */
export async function updateIssuingBody(bodyId: number, changes: IssuingBodyChanges, actor: { id: number; ip?: string | null }): Promise<UpdateBodyResult> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(issuingBodies).where(eq(issuingBodies.id, bodyId)).for("update");
    if (!before) throw new Error(`issuing body ${bodyId} not found`);
    const set: Partial<typeof issuingBodies.$inferInsert> = {
      parentName: changes.parentName,
      name: changes.name,
      place: changes.place,
      signerTitle: changes.signerTitle,
      signerName: changes.signerName,
      updatedAt: new Date(),
    };
    if (changes.logo !== undefined) set.logo = changes.logo;
    if (changes.serialPrefix !== undefined && changes.serialPrefix !== before.serialPrefix) {
      // Issues hold a shared lock on the body row, so none is in flight while we count.
      const [issued] = await tx.select({ n: sql<number>`count(*)::int` }).from(certificates).where(eq(certificates.issuingBodyId, bodyId));
      if ((issued?.n ?? 0) > 0) return { ok: false as const, reason: "prefixLocked" as const };
      const [taken] = await tx.select({ id: issuingBodies.id }).from(issuingBodies).where(eq(issuingBodies.serialPrefix, changes.serialPrefix));
      if (taken) return { ok: false as const, reason: "prefixTaken" as const };
      set.serialPrefix = changes.serialPrefix;
    }
    const [after] = await tx.update(issuingBodies).set(set).where(eq(issuingBodies.id, bodyId)).returning();
    const summary = (b: IssuingBody) => ({
      parentName: b.parentName,
      name: b.name,
      place: b.place,
      signerTitle: b.signerTitle,
      signerName: b.signerName,
      serialPrefix: b.serialPrefix,
      // The image itself is not copied into the log.
      logo: b.logo ? `${b.logo.length} bytes` : null,
    });
    await audit(
      { actorId: actor.id, action: "issuing_body.update", entityType: "issuing_body", entityId: bodyId, unitId: before.unitId, before: summary(before), after: summary(after!), ip: actor.ip },
      tx,
    );
    return { ok: true as const, body: after! };
  });
}
