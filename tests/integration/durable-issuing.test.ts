// Every completion gets its certificate, exactly once, whatever fails in
// between (docs/decisions/013): the certificate is numbered in the
// completion's own transaction, the credential signed afterwards, and a
// sweep finishes whatever a fault left. Credentials wait for a public
// address instead of carrying one no phone can open, and are re-signed when
// it changes; older ones keep verifying.
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { translator } from "~/i18n";
import { getCertificateForPdf, toPdfInput } from "~/models/certificate-docs.server";
import { sweepCertificates } from "~/models/certificate-sweep.server";
import { recordCompletion, revokeCertificate, type Certificate } from "~/models/certificates.server";
import { closeClass, createClass, enrolMembers, markAttendance } from "~/models/classes.server";
import { checkCredential, enableCredentials, failNextSignings, signCertificate } from "~/models/credentials.server";
import { completeLesson, enrol, openAttempt, submitAttempt } from "~/models/learning.server";
import { formerBases, publicBase, resolvePublicAddress, setLanProbe, settlePublicAddress } from "~/models/public-address.server";
import { renderCertificatePdf } from "~/pdf/certificate.server";
import { adminUnits, certificates, courseCompletions, issuingBodies, people, statusLists } from "../../db/schema";
import { trainingClassSessions } from "../../db/tables/classes";
import { ALL_RIGHT, createTestCourse } from "../support/course-fixture";
import { withTestDatabase } from "../support/db";
import { demoActor, seedDemoData } from "../support/fixtures";
import { issuingInvariants } from "../support/issuing";
import { pdfQrCode } from "../support/pdf";

withTestDatabase();
let dongHaPeople: number[] = [];
let trainer: Awaited<ReturnType<typeof demoActor>>;

beforeAll(async () => {
  // As on a machine with no network: no LAN address to fall back to.
  setLanProbe(() => null);
  enableCredentials();
  // The demo's training history is about the core course (content import is not run here).
  await createTestCourse("ctxh-co-ban");
  await seedDemoData();
  trainer = await demoActor("qt-trainer");
  const [dongHa] = await db.select().from(adminUnits).where(eq(adminUnits.code, "19333"));
  dongHaPeople = (await db.select({ id: people.id }).from(people).where(and(eq(people.communeId, dongHa!.id), eq(people.status, "active")))).map((p) => p.id);
  expect(dongHaPeople.length).toBeGreaterThanOrEqual(6);
});
afterAll(() => setLanProbe(null));

async function certificateOf(personId: number, courseId: string): Promise<Certificate[]> {
  return db.select().from(certificates).where(and(eq(certificates.personId, personId), eq(certificates.courseId, courseId)));
}

async function completeOnline(personId: number, course: { id: string; versionId: number }) {
  await enrol(personId, course.id, "self", null);
  for (const quizId of [`${course.id}-m1-quiz`, `${course.id}-m2-quiz`]) {
    const { nonce } = await openAttempt(personId, course.id, course.versionId, quizId);
    await submitAttempt(personId, course.id, quizId, nonce, ALL_RIGHT, null, 70);
  }
  for (const lesson of [`${course.id}-m1-l1`, `${course.id}-m1-l2`, `${course.id}-m2-l1`]) await completeLesson(personId, course.id, lesson);
}

describe("durable issuing", () => {
  it("the demo seed ends with one certificate per completion; without an address none is signed", async () => {
    const state = await issuingInvariants();
    expect(state.completions).toBeGreaterThan(50);
    expect(state).toMatchObject({ originals: state.completions, missing: 0, gaps: 0, counterMismatch: 0 });
    expect(state.unsigned).toBe(state.completions);
    expect(await resolvePublicAddress()).toMatchObject({ base: null, settled: false });
    const swept = await sweepCertificates();
    expect(swept).toMatchObject({ noAddress: true, signed: 0, issued: 0, unsigned: state.completions });
  });

  it("on a laptop with no settings, the LAN address is used, provisionally, for credentials and QR codes", async () => {
    setLanProbe(() => "http://192.168.1.23:3000");
    expect(await resolvePublicAddress()).toMatchObject({ base: "http://192.168.1.23:3000", source: "lan", settled: false });
    const swept = await sweepCertificates();
    expect(swept).toMatchObject({ noAddress: false, unsigned: 0, signFailed: 0 });
    const [one] = await db.select().from(certificates).limit(1);
    expect((one!.credential as { id: string }).id).toBe(`http://192.168.1.23:3000/verify/${one!.serial}`);
    const row = await getCertificateForPdf(one!.id);
    const pdf = await renderCertificatePdf(toPdfInput(row!.certificate, row!.body, await publicBase()));
    expect(await pdfQrCode(pdf)).toBe(`http://192.168.1.23:3000/verify/${one!.serial}`);
    // The machine leaves the network: nothing new is signed with an address, the settled one takes over below.
    setLanProbe(() => null);
  });

  it("settling the address re-signs the credentials under it", async () => {
    expect(await settlePublicAddress("http://localhost:3000", { id: trainer.id })).toEqual({ ok: false, reason: "invalid" });
    expect(await settlePublicAddress("http://127.0.0.1:3000", { id: trainer.id })).toEqual({ ok: false, reason: "invalid" });
    expect(await settlePublicAddress("https://ctxh.quangtri.gov.vn/", { id: trainer.id })).toEqual({ ok: true, base: "https://ctxh.quangtri.gov.vn" });
    const swept = await sweepCertificates();
    expect(swept).toMatchObject({ noAddress: false, unsigned: 0, signFailed: 0 });
    expect(swept.signed).toBe((await issuingInvariants()).completions);
    const [one] = await db.select().from(certificates).limit(1);
    expect((one!.credential as { id: string }).id).toBe(`https://ctxh.quangtri.gov.vn/verify/${one!.serial}`);
    expect((await checkCredential(one!.credential)).ok).toBe(true);
  });

  it("a signing failure once, on each path, loses no certificate and no number; the sweep signs them", async () => {
    const course = await createTestCourse("di-fault");
    const [online, recorded, , , legacy] = dongHaPeople as [number, number, number, number, number];

    // Online completion (recordCompletionIfDone).
    failNextSignings(1);
    await completeOnline(online, course);
    const [onlineCert] = await certificateOf(online, "di-fault");
    expect(onlineCert).toBeDefined();
    expect(onlineCert!.credential).toBeNull();

    // An officer's record (recordCompletion).
    failNextSignings(1);
    const { issued } = await recordCompletion(recorded, "di-fault", { source: "external", completedOn: "2026-05-02", evidence: "Giấy xác nhận", recordedBy: trainer.id });
    expect(issued?.credential).toBeNull();

    // Closing an in-person class (finishClosing → recordCompletion).
    const created = await createClass(
      trainer,
      {
        courseId: "di-fault",
        title: "Lớp tập huấn thử",
        startsOn: "2026-03-02",
        endsOn: "2026-03-02",
        place: "Hội trường UBND phường Đông Hà",
        capacity: 4,
        communeIds: [(await db.select().from(adminUnits).where(eq(adminUnits.code, "19333")))[0]!.id],
        sessionDates: ["2026-03-02"],
        minAttendancePercent: 100,
        requirePass: false,
        passScore: 50,
      },
      translator("vi"),
    );
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const members = dongHaPeople.slice(2, 4);
    await enrolMembers(trainer, created.id, members);
    const [session] = await db.select({ id: trainingClassSessions.id }).from(trainingClassSessions).where(eq(trainingClassSessions.classId, created.id));
    for (const p of members) await markAttendance(trainer, created.id, session!.id, p, true);
    failNextSignings(1);
    const closed = await closeClass(trainer, created.id);
    expect(closed).toMatchObject({ ok: true, qualified: 2, issued: 2 });

    // A completion an older version committed before crashing, certificate never issued.
    await db.insert(courseCompletions).values({ personId: legacy, courseId: "di-fault", completedOn: "2026-04-01", source: "class" });

    const before = await issuingInvariants();
    expect(before).toMatchObject({ missing: 1, unsigned: 3, gaps: 0, counterMismatch: 0 });
    const swept = await sweepCertificates();
    expect(swept).toMatchObject({ issued: 1, issueFailed: 0, signFailed: 0, unsigned: 0 });
    const after = await issuingInvariants();
    expect(after).toMatchObject({ originals: after.completions, missing: 0, unsigned: 0, gaps: 0, counterMismatch: 0 });
    for (const p of [online, recorded, ...members, legacy]) {
      const list = await certificateOf(p, "di-fault");
      expect(list, `person ${p}`).toHaveLength(1);
      expect((await checkCredential(list[0]!.credential)).ok).toBe(true);
    }
    // A second sweep has nothing to do.
    expect(await sweepCertificates()).toMatchObject({ issued: 0, signed: 0, unsigned: 0 });
  });

  it("repairs credentials signed with a loopback address; old copies still verify", async () => {
    const course = await createTestCourse("di-loop");
    const person = dongHaPeople[5]!;
    const { issued } = await recordCompletion(person, course.id, { source: "external", completedOn: "2026-06-01", evidence: null, recordedBy: trainer.id });
    // What the previous version signed with PUBLIC_URL unset: http://localhost:<port> inside the signature.
    const loopback = await db.transaction(async (tx) => {
      await tx.update(certificates).set({ credential: null, statusListIndex: null }).where(eq(certificates.id, issued!.id));
      const [row] = await tx.select().from(certificates).where(eq(certificates.id, issued!.id)).for("update");
      const [body] = await tx.select().from(issuingBodies).where(eq(issuingBodies.id, row!.issuingBodyId));
      await signCertificate(row!, body!, tx, "http://localhost:3000");
      const [signed] = await tx.select().from(certificates).where(eq(certificates.id, issued!.id));
      return signed!;
    });
    const oldCopy = loopback.credential as { id: string; credentialStatus: { statusListCredential: string } };
    expect(oldCopy.id).toBe(`http://localhost:3000/verify/${loopback.serial}`);

    const swept = await sweepCertificates();
    expect(swept.signed).toBe(1);
    const [repaired] = await db.select().from(certificates).where(eq(certificates.id, issued!.id));
    const fresh = repaired!.credential as { id: string; credentialStatus: { statusListCredential: string } };
    expect(fresh.id).toBe(`https://ctxh.quangtri.gov.vn/verify/${repaired!.serial}`);
    expect(fresh.credentialStatus.statusListCredential).toMatch(/^https:\/\/ctxh\.quangtri\.gov\.vn\/status\/\d+\/revocation$/);
    expect(repaired!.statusListIndex).toBe(loopback.statusListIndex);
    // A loopback address is never remembered as a former public one.
    expect(await formerBases()).toEqual(["http://192.168.1.23:3000"]);
    expect((await checkCredential(fresh)).ok).toBe(true);
    expect((await checkCredential(oldCopy)).ok).toBe(true);
  });

  it("a new address re-signs every credential; copies under the former address still verify, revocation included", async () => {
    const [sample] = await db.select().from(certificates).where(eq(certificates.courseId, "di-fault")).limit(1);
    const former = sample!.credential;
    expect(await settlePublicAddress("https://chungnhan.ctxh.gov.vn", { id: trainer.id })).toMatchObject({ ok: true });
    const swept = await sweepCertificates();
    expect(swept).toMatchObject({ unsigned: 0, signFailed: 0 });
    expect(swept.signed).toBe((await issuingInvariants()).originals);
    const stale = await db.select({ id: certificates.id }).from(certificates).where(sql`not starts_with(${certificates.credential}->>'id', 'https://chungnhan.ctxh.gov.vn/verify/')`);
    expect(stale).toEqual([]);
    const lists = await db.select({ credential: statusLists.credential }).from(statusLists);
    for (const l of lists) expect((l.credential as { id: string }).id).toMatch(/^https:\/\/chungnhan\.ctxh\.gov\.vn\/status\/\d+\/revocation$/);
    expect(await formerBases()).toEqual(["http://192.168.1.23:3000", "https://ctxh.quangtri.gov.vn"]);

    expect((await checkCredential(former)).ok).toBe(true);
    await revokeCertificate(sample!.id, "Kiểm thử thu hồi", { id: trainer.id });
    const [now] = await db.select().from(certificates).where(eq(certificates.id, sample!.id));
    for (const copy of [former, now!.credential]) {
      const result = await checkCredential(copy);
      expect(result.checks.find((c) => c.name === "revocation")).toMatchObject({ ok: false });
      expect(result.checks.find((c) => c.name === "signature")).toMatchObject({ ok: true });
    }
    const state = await issuingInvariants();
    expect(state).toMatchObject({ missing: 0, gaps: 0, counterMismatch: 0, unsigned: 0 });
    expect(await db.select({ id: certificates.id }).from(certificates).where(inArray(certificates.kind, ["reissue", "replacement"]))).toEqual([]);
  });
});
