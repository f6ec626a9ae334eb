// Certificates carry a signed Open Badges 3.0 credential; revocation is
// published in the status list; uploaded credentials are checked offline.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { issueCertificate, revokeCertificate } from "~/models/certificates.server";
import { checkCredential, enableCredentials } from "~/models/credentials.server";
import { adminUnits, certificates, courseCompletions, issuerKeys, people } from "../../db/schema";
import { createTestCourse } from "../support/course-fixture";
import { withTestDatabase } from "../support/db";
import { seedDemoData } from "../support/fixtures";

withTestDatabase();
let personId: number;
beforeAll(async () => {
  enableCredentials();
  await seedDemoData();
  const [dongHa] = await db.select().from(adminUnits).where(eq(adminUnits.code, "19333"));
  const [person] = await db.select().from(people).where(eq(people.communeId, dongHa!.id)).limit(1);
  personId = person!.id;
});

describe("verifiable credentials of certificates", () => {
  it("signs, verifies, detects tampering and revocation", async () => {
    await createTestCourse("vc-course");
    const [completion] = await db.insert(courseCompletions).values({ personId, courseId: "vc-course", completedOn: "2026-10-01", source: "class" }).returning();
    const certificate = await issueCertificate(completion!.id);
    const credential = certificate.credential as Record<string, unknown> & { credentialSubject: { name: string } };
    expect(credential.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect((credential.proof as { cryptosuite: string }).cryptosuite).toBe("eddsa-rdfc-2022");
    expect(credential.credentialSubject.name).toBe(certificate.holderName);
    const keys = await db.select().from(issuerKeys);
    expect(keys).toHaveLength(1);
    expect(keys[0]!.secretKeyEncrypted).not.toContain(keys[0]!.publicKeyMultibase);

    const ok = await checkCredential(credential);
    expect(ok.checks.map((c) => [c.name, c.ok])).toEqual([
      ["format", true],
      ["signature", true],
      ["issuer", true],
      ["validity", true],
      ["revocation", true],
    ]);
    expect(ok.ok).toBe(true);

    const tampered = structuredClone(credential);
    tampered.credentialSubject.name = "Người Khác";
    const bad = await checkCredential(tampered);
    expect(bad.ok).toBe(false);
    const signature = bad.checks.find((c) => c.name === "signature")!;
    expect(signature.ok).toBe(false);
    expect(signature.message.toLowerCase()).toContain("chữ ký không hợp lệ");

    expect(await revokeCertificate(certificate.id, "Gian lận hồ sơ", { id: 1 })).toEqual({ ok: true });
    const revoked = await checkCredential(credential);
    expect(revoked.checks.find((c) => c.name === "revocation")).toMatchObject({ ok: false });
    expect(revoked.ok).toBe(false);
    // The next certificate uses the next position in the status list.
    const [c2] = await db.insert(courseCompletions).values({ personId, courseId: "vc-course", completedOn: "2026-10-02", source: "class", cycle: 2 }).returning();
    const second = await issueCertificate(c2!.id);
    const [row] = await db.select().from(certificates).where(eq(certificates.id, second.id));
    expect(row!.statusListIndex).toBe(certificate.statusListIndex! + 1);
  });
});
