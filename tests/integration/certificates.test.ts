import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { addMonths, certificateState, getCertificateBySerial, issueCertificate, revokeCertificate } from "~/models/certificates.server";
import { completeLesson, enrol, openAttempt, submitAttempt } from "~/models/learning.server";
import { adminUnits, certificates, courseCompletions, people } from "../../db/schema";
import { ALL_RIGHT, createTestCourse } from "../support/course-fixture";
import { withTestDatabase } from "../support/db";
import { seedDemoData } from "../support/fixtures";

withTestDatabase();
let personIds: number[] = [];
beforeAll(async () => {
  await seedDemoData();
  const [qt] = await db.select().from(adminUnits).where(eq(adminUnits.code, "44"));
  personIds = (
    await db.select({ id: people.id }).from(people).innerJoin(adminUnits, eq(adminUnits.id, people.communeId)).where(eq(adminUnits.provinceId, qt!.id)).limit(40)
  ).map((p) => p.id);
  expect(personIds.length).toBe(40);
});

async function complete(personId: number, courseId: string) {
  const [row] = await db
    .insert(courseCompletions)
    .values({ personId, courseId, completedOn: "2026-03-15", source: "class" })
    .returning({ id: courseCompletions.id });
  return row!.id;
}

describe("certificates", () => {
  it("computes validity by calendar months", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2026-03-15", 36)).toBe("2029-03-15");
    expect(certificateState({ status: "valid", validUntil: "2026-01-01" }, "2026-06-01")).toBe("expired");
    expect(certificateState({ status: "revoked", validUntil: null })).toBe("revoked");
  });

  it("is issued automatically when a learner completes a course, once", async () => {
    const course = await createTestCourse("cc-auto", { passMark: 70 });
    await db.execute(sql`update courses set validity_months = 36 where id = 'cc-auto'`);
    const personId = personIds[0]!;
    await enrol(personId, course.id, "self", null);
    for (const quizId of ["cc-auto-m1-quiz", "cc-auto-m2-quiz"]) {
      const { nonce } = await openAttempt(personId, course.id, course.versionId, quizId);
      await submitAttempt(personId, course.id, quizId, nonce, ALL_RIGHT, null, 70);
    }
    for (const lesson of ["cc-auto-m1-l1", "cc-auto-m1-l2"]) await completeLesson(personId, course.id, lesson);
    await Promise.all(Array.from({ length: 4 }, () => completeLesson(personId, course.id, "cc-auto-m2-l1")));
    const issued = await db.select().from(certificates).where(and(eq(certificates.personId, personId), eq(certificates.courseId, "cc-auto")));
    expect(issued).toHaveLength(1);
    const c = issued[0]!;
    expect(c.serial).toMatch(/^P44-\d{4}-\d{6}$/);
    expect(c.registerNumber).toMatch(/^\d+\/\d{4}$/);
    expect(c.validUntil).toBe(addMonths(c.completedOn, 36));
    const found = await getCertificateBySerial(c.serial);
    expect(found?.body.name).toBe("SỞ Y TẾ TỈNH QUẢNG TRỊ");
  });

  it("numbers concurrent issues without gaps or reuse", async () => {
    await createTestCourse("cc-bulk");
    const completionIds = [];
    for (const personId of personIds.slice(1, 31)) completionIds.push(await complete(personId, "cc-bulk"));
    const issued = await Promise.all(completionIds.map((id) => issueCertificate(id)));
    // Issuing the same completions again returns the same certificates.
    const again = await Promise.all(completionIds.slice(0, 5).map((id) => issueCertificate(id)));
    expect(again.map((c) => c.serial)).toEqual(issued.slice(0, 5).map((c) => c.serial));
    const rows = await db.select({ seq: certificates.seq, year: certificates.year, body: certificates.issuingBodyId }).from(certificates);
    const byBodyYear = new Map<string, number[]>();
    for (const r of rows) {
      const key = `${r.body}/${r.year}`;
      byBodyYear.set(key, [...(byBodyYear.get(key) ?? []), r.seq]);
    }
    for (const seqs of byBodyYear.values()) {
      const sorted = [...seqs].sort((a, b) => a - b);
      expect(sorted).toEqual(sorted.map((_, i) => i + 1));
    }
  });

  it("revokes once; revoking again is a no-op with its own answer; a reissue refers to the original", async () => {
    await createTestCourse("cc-revoke");
    const completionId = await complete(personIds[35]!, "cc-revoke");
    const original = await issueCertificate(completionId);
    expect(await revokeCertificate(original.id, "Cấp nhầm người", { id: 1 })).toEqual({ ok: true });
    expect(await revokeCertificate(original.id, "Lần hai", { id: 1 })).toEqual({ ok: false, reason: "alreadyRevoked" });
    const [revoked] = await db.select().from(certificates).where(eq(certificates.id, original.id));
    expect(revoked).toMatchObject({ status: "revoked", revokedReason: "Cấp nhầm người" });
    const reissue = await issueCertificate(completionId, { kind: "reissue", replacesId: original.id, issuedBy: 1 });
    expect(reissue.serial).not.toBe(original.serial);
    expect(reissue).toMatchObject({ kind: "reissue", replacesId: original.id, status: "valid" });
  });
});
