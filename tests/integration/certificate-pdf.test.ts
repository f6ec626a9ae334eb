// Certificate PDFs read back as a reader would: PDF.js text extraction (every
// Vietnamese name exactly, after NFC) and the QR code decoded from rendered
// pixels. Then the issuing-body settings and the bulk-download queue against
// a real database: ZIP and multi-page PDF, revoked certificates left out,
// interrupted jobs taken again or failed, old files cleaned.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { unzipSync } from "fflate";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { classesForBulk, getCertificateForPdf, toPdfInput } from "~/models/certificate-docs.server";
import {
  cleanOldJobFiles,
  createCertificateJob,
  getCertificateJob,
  recoverInterruptedJobs,
  runPendingJobs,
  type JobScope,
} from "~/models/certificate-jobs.server";
import { issueCertificate, issuingBodyForProvince, revokeCertificate, updateIssuingBody } from "~/models/certificates.server";
import { settlePublicAddress } from "~/models/public-address.server";
import { placeAndDate, renderCertificatePdf, renderCertificatesPdf, type CertificatePdfInput } from "~/pdf/certificate.server";
import { processLogo } from "~/pdf/logo.server";
import { accounts, adminUnits, auditLog, certificateJobs, certificates, courseCompletions, people } from "../../db/schema";
import { trainingClassCommunes, trainingClasses, trainingClassMembers } from "../../db/tables/classes";
import { createTestCourse } from "../support/course-fixture";
import { withTestDatabase } from "../support/db";
import { seedDemoData } from "../support/fixtures";
import { pdfPageCount, pdfPagesText, pdfQrCode } from "../support/pdf";

const NAMES = ["Nguyễn Thị Hường", "Đặng Quốc Bảo", "Lê Thị Ngọc Ánh", "Trương Vĩnh Ký", "Hồ Xuân Hương"];

function sample(holderName: string, extra: Partial<CertificatePdfInput> = {}): CertificatePdfInput {
  return {
    serial: "P44-2026-000123",
    registerNumber: "123/2026",
    holderName,
    holderBirthDate: "1988-03-12",
    courseTitle: "Kỹ năng công tác xã hội cơ bản cho cán bộ, cộng tác viên cấp xã",
    hours: 40,
    completedOn: "2026-03-15",
    issuedOn: "2026-11-05",
    validUntil: "2029-03-15",
    revokedOn: null,
    body: { parentName: "UBND TỈNH QUẢNG TRỊ", name: "SỞ Y TẾ TỈNH QUẢNG TRỊ", place: "Quảng Trị", signerTitle: "GIÁM ĐỐC", signerName: "Phạm Thị Thu Hà", logo: null },
    verifyUrl: "https://ctxh.example.vn/verify/P44-2026-000123",
    ...extra,
  };
}

describe("certificate PDF", () => {
  it("prints every Vietnamese name exactly, with the fields of a Vietnamese certificate", async () => {
    for (const name of NAMES) {
      // Decomposed input (as some keyboards type it) prints the same.
      const [text] = await pdfPagesText(await renderCertificatePdf(sample(name.normalize("NFD"))));
      expect(text).toContain(` ${name} `);
      expect(text).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
      expect(text).toContain("Độc lập – Tự do – Hạnh phúc");
      expect(text).toContain("GIẤY CHỨNG NHẬN");
      expect(text).toContain("UBND TỈNH QUẢNG TRỊ SỞ Y TẾ TỈNH QUẢNG TRỊ");
      expect(text).toContain("Ngày sinh: 12/03/1988");
      expect(text).toContain("Kỹ năng công tác xã hội cơ bản cho cán bộ, cộng tác viên cấp xã");
      expect(text).toContain("40 giờ");
      expect(text).toContain("hoàn thành ngày 15/03/2026");
      expect(text).toContain("Có giá trị đến 15/03/2029");
      expect(text).toContain("Quảng Trị, ngày 05 tháng 11 năm 2026");
      expect(text).toContain("GIÁM ĐỐC Phạm Thị Thu Hà");
      expect(text).toContain("Số hiệu: P44-2026-000123");
      expect(text).toContain("Số vào sổ: 123/2026");
      expect(text).toContain("https://ctxh.example.vn/verify");
      expect(text).not.toContain("ĐÃ THU HỒI");
    }
  });

  it("prints names exactly however many certificates the process rendered before (fonts are reused)", async () => {
    // Glyphs cached by an earlier document once leaked its code points into
    // the next one's ToUnicode map ("Trương" read back as "Trưng").
    for (let round = 0; round < 3; round++) {
      for (const [i, name] of NAMES.entries()) {
        const signer = NAMES[(i + round + 1) % NAMES.length]!;
        const body = { ...sample("").body, name: `SỞ Y TẾ ${name.toUpperCase()}`, signerName: signer };
        const [text] = await pdfPagesText(await renderCertificatePdf(sample(name, { body, serial: `P44-2026-00${round}${i}42` })));
        expect(text).toContain(` ${name} `);
        expect(text).toContain(`SỞ Y TẾ ${name.toUpperCase()} `);
        expect(text).toContain(`GIÁM ĐỐC ${signer}`);
        expect(text).toContain(`Số hiệu: P44-2026-00${round}${i}42`);
      }
    }
  });

  it("carries a QR code that decodes to the verification URL", async () => {
    const pdf = await renderCertificatePdf(sample("Đặng Quốc Bảo"));
    expect(await pdfQrCode(pdf)).toBe("https://ctxh.example.vn/verify/P44-2026-000123");
  });

  it("writes the date of issue in the administrative style", () => {
    expect(placeAndDate("Quảng Trị", "2026-11-05")).toBe("Quảng Trị, ngày 05 tháng 11 năm 2026");
    expect(placeAndDate("Huế", "2027-02-28")).toBe("Huế, ngày 28 tháng 02 năm 2027");
    expect(placeAndDate("Huế", "2027-03-09")).toBe("Huế, ngày 09 tháng 3 năm 2027");
  });

  it("leaves out the expiry line when there is none, and stamps a revoked certificate", async () => {
    const [open] = await pdfPagesText(await renderCertificatePdf(sample("Hồ Xuân Hương", { validUntil: null })));
    expect(open).not.toContain("Có giá trị đến");
    const [revoked] = await pdfPagesText(await renderCertificatePdf(sample("Hồ Xuân Hương", { revokedOn: "2026-11-20" })));
    expect(revoked).toContain("ĐÃ THU HỒI");
    expect(revoked).toContain("ngày 20/11/2026 — không còn giá trị");
  });

  it("prints one page per certificate, logo embedded once", async () => {
    const logo = await processLogo(await sharp({ create: { width: 800, height: 800, channels: 4, background: "#c00000" } }).png().toBuffer());
    expect(logo.ok).toBe(true);
    const body = { ...sample("").body, logo: logo.ok ? logo.dataUrl : null };
    const pdf = await renderCertificatesPdf(NAMES.map((name) => sample(name, { body })));
    const pages = await pdfPagesText(pdf);
    expect(pages).toHaveLength(NAMES.length);
    pages.forEach((text, i) => expect(text).toContain(` ${NAMES[i]} `));
    // One image object for five pages.
    expect(pdf.toString("latin1").match(/\/Subtype \/Image/g)).toHaveLength(1);
  });

  it("prints no QR code without a public address, but the serial and how to check it", async () => {
    const pdf = await renderCertificatePdf(sample("Đặng Quốc Bảo", { verifyUrl: null }));
    expect(await pdfQrCode(pdf)).toBeNull();
    const [text] = await pdfPagesText(pdf);
    expect(text).toContain("Số hiệu: P44-2026-000123");
    expect(text).toContain("Mã QR chưa được in vì địa chỉ công khai của hệ thống chưa được xác lập.");
    expect(text).toContain("“Kiểm tra chứng nhận”");
    // With an address the QR code is there (the contrast of the case above).
    expect(await pdfQrCode(await renderCertificatePdf(sample("Đặng Quốc Bảo")))).toBe("https://ctxh.example.vn/verify/P44-2026-000123");
  });
  // Its time budget (p95 ≤ 150 ms over HTTP) is measured by `npm run bench`, not here.
});

describe("logo upload", () => {
  it("shrinks PNG and JPEG, refuses other types, unreadable bytes and large files", async () => {
    const jpeg = await processLogo(await sharp({ create: { width: 2000, height: 1000, channels: 3, background: "#003399" } }).jpeg().toBuffer());
    expect(jpeg.ok && jpeg.dataUrl.startsWith("data:image/jpeg;base64,")).toBe(true);
    if (jpeg.ok) {
      const meta = await sharp(Buffer.from(jpeg.dataUrl.split(",")[1]!, "base64")).metadata();
      expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(240);
    }
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: "#000" } }).gif().toBuffer();
    expect(await processLogo(gif)).toEqual({ ok: false, reason: "type" });
    expect(await processLogo(new TextEncoder().encode("not an image"))).toEqual({ ok: false, reason: "unreadable" });
    expect(await processLogo(new Uint8Array(3 * 1024 * 1024))).toEqual({ ok: false, reason: "tooLarge" });
  });
});

withTestDatabase();

let dongHa: typeof adminUnits.$inferSelect;
let province: typeof adminUnits.$inferSelect;
let personIds: number[] = [];

beforeAll(async () => {
  env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ctxh-certdocs-"));
  await seedDemoData();
  province = (await db.select().from(adminUnits).where(eq(adminUnits.code, "44")))[0]!;
  dongHa = (await db.select().from(adminUnits).where(and(eq(adminUnits.provinceId, province.id), eq(adminUnits.name, "Đông Hà"))))[0]!;
  personIds = (await db.select({ id: people.id }).from(people).where(eq(people.communeId, dongHa!.id)).limit(12)).map((p) => p.id);
  expect(personIds.length).toBeGreaterThanOrEqual(6);
});

async function issueFor(personId: number, courseId: string) {
  const [row] = await db.insert(courseCompletions).values({ personId, courseId, completedOn: "2026-03-15", source: "class" }).returning({ id: courseCompletions.id });
  return issueCertificate(row!.id);
}

function scopeOf(unit: typeof adminUnits.$inferSelect, courseId: string | null): JobScope {
  return { unitId: unit.id, unitPath: unit.path, unitName: unit.fullName, unitCode: unit.code, courseId, courseTitle: null, origin: "https://ctxh.example.vn" };
}

describe("issuing body settings", () => {
  it("prints the body's current details; the serial prefix is frozen after the first issue; changes are audited", async () => {
    const body = await issuingBodyForProvince(province!.id);
    const actor = { id: 1 };
    const renamed = await updateIssuingBody(body.id, { parentName: "UBND TỈNH QUẢNG TRỊ", name: "SỞ Y TẾ TỈNH QUẢNG TRỊ", place: "Quảng Trị", signerTitle: "KT. GIÁM ĐỐC", signerName: "Trương Vĩnh Ký", serialPrefix: "QT" }, actor);
    expect(renamed.ok).toBe(true);
    await createTestCourse("cd-settings");
    const issued = await issueFor(personIds[0]!, "cd-settings");
    expect(issued.serial).toMatch(/^QT-\d{4}-000001$/);
    const locked = await updateIssuingBody(body.id, { parentName: null, name: "SỞ Y TẾ", place: "Đông Hà", signerTitle: "GIÁM ĐỐC", signerName: "Hồ Xuân Hương", serialPrefix: "QT2" }, actor);
    expect(locked).toEqual({ ok: false, reason: "prefixLocked" });
    const saved = await updateIssuingBody(body.id, { parentName: null, name: "SỞ Y TẾ", place: "Đông Hà", signerTitle: "GIÁM ĐỐC", signerName: "Hồ Xuân Hương", serialPrefix: "QT" }, actor);
    expect(saved.ok).toBe(true);
    const row = await getCertificateForPdf(issued.id);
    const [text] = await pdfPagesText(await renderCertificatePdf(toPdfInput(row!.certificate, row!.body, "https://ctxh.example.vn")));
    expect(text).toContain("GIÁM ĐỐC Hồ Xuân Hương");
    expect(text).toMatch(/Đông Hà, ngày \d{2} tháng \d{1,2} năm \d{4}/);
    const entries = await db.select().from(auditLog).where(and(eq(auditLog.action, "issuing_body.update"), eq(auditLog.entityId, String(body.id))));
    expect(entries).toHaveLength(2);
    expect(entries[0]!.after).toMatchObject({ serialPrefix: "QT", signerName: "Trương Vĩnh Ký" });
  });
});

describe("bulk downloads", () => {
  let serials: string[] = [];
  let completionIds: number[] = [];
  beforeAll(async () => {
    // The QR codes use the settled public address at render time (docs/decisions/013).
    await settlePublicAddress("https://ctxh.example.vn", { id: 1 });
    await createTestCourse("cd-bulk");
    const issued = [];
    for (const personId of personIds.slice(0, 6)) issued.push(await issueFor(personId, "cd-bulk"));
    await revokeCertificate(issued[5]!.id, "Kiểm thử", { id: 1 });
    serials = issued.slice(0, 5).map((c) => c.serial);
    completionIds = issued.map((c) => c.completionId);
  });

  it("makes a ZIP with one PDF per certificate that is not revoked", async () => {
    const job = await createCertificateJob({ requestedBy: 1, format: "zip", scope: scopeOf(dongHa!, "cd-bulk"), total: 5 });
    expect(job.status).toBe("queued");
    expect(await runPendingJobs()).toBe(1);
    const done = await getCertificateJob(job.id);
    expect(done).toMatchObject({ status: "done", done: 5, total: 5 });
    expect(done!.filePath!.startsWith(env.DATA_DIR)).toBe(true);
    const files = unzipSync(fs.readFileSync(done!.filePath!));
    expect(Object.keys(files).sort()).toEqual(serials.map((s) => `${s}.pdf`).sort());
    const first = files[`${serials[0]}.pdf`]!;
    expect((await pdfPagesText(first))[0]).toContain(`Số hiệu: ${serials[0]}`);
    expect(await pdfQrCode(first)).toBe(`https://ctxh.example.vn/verify/${serials[0]}`);
  });

  it("makes one multi-page PDF for a whole province", async () => {
    const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(certificates).where(sql`${certificates.status} <> 'revoked'`)) as [{ n: number }];
    const job = await createCertificateJob({ requestedBy: 1, format: "pdf", scope: scopeOf(province!, null), total: n });
    await runPendingJobs();
    const done = await getCertificateJob(job.id);
    expect(done).toMatchObject({ status: "done", done: n });
    const bytes = new Uint8Array(fs.readFileSync(done!.filePath!));
    expect(await pdfPageCount(bytes)).toBe(n);
    expect((await pdfPagesText(bytes)).join("\n")).not.toContain("ĐÃ THU HỒI");
  });

  it("limits a job to one in-person class, which only officers covering it can choose", async () => {
    const [account] = await db.select({ id: accounts.id }).from(accounts).limit(1);
    const [cls] = await db
      .insert(trainingClasses)
      .values({ courseId: "cd-bulk", title: "Lớp Đông Hà 1", startsOn: "2026-03-01", endsOn: "2026-03-15", place: "Đông Hà", capacity: 30, provinceId: province.id, createdBy: account!.id })
      .returning();
    await db.insert(trainingClassCommunes).values({ classId: cls!.id, communeId: dongHa.id });
    // Two members whose completions came from the class; one member without a certificate.
    await db.insert(trainingClassMembers).values([
      { classId: cls!.id, personId: personIds[0]!, completionId: completionIds[0]! },
      { classId: cls!.id, personId: personIds[1]!, completionId: completionIds[1]! },
      { classId: cls!.id, personId: personIds[7] ?? personIds[6]!, completionId: null },
    ]);
    const qt = { roles: [{ role: "commune_officer" as const, unitId: dongHa.id, unitPath: dongHa.path, unitName: dongHa.fullName }] };
    const [hueProvince] = await db.select().from(adminUnits).where(eq(adminUnits.code, "46"));
    const hue = { roles: [{ role: "province_officer" as const, unitId: hueProvince!.id, unitPath: hueProvince!.path, unitName: hueProvince!.fullName }] };
    expect((await classesForBulk(qt)).map((c) => c.id)).toContain(cls!.id);
    expect(await classesForBulk(hue, cls!.id)).toEqual([]);

    const job = await createCertificateJob({ requestedBy: 1, format: "zip", scope: { ...scopeOf(dongHa, "cd-bulk"), classId: cls!.id }, total: 2 });
    await runPendingJobs();
    const done = await getCertificateJob(job.id);
    expect(done).toMatchObject({ status: "done", total: 2, done: 2 });
    expect(Object.keys(unzipSync(fs.readFileSync(done!.filePath!))).sort()).toEqual(serials.slice(0, 2).map((s) => `${s}.pdf`).sort());
  });

  it("takes again a job interrupted by a restart, and fails it after three tries", async () => {
    const job = await createCertificateJob({ requestedBy: 1, format: "zip", scope: scopeOf(dongHa!, "cd-bulk"), total: 5 });
    // As if a process had claimed it and died.
    await db.update(certificateJobs).set({ status: "running", attempts: 1, heartbeatAt: new Date() }).where(eq(certificateJobs.id, job.id));
    expect(await runPendingJobs()).toBe(0); // still beating: someone else's
    await db.update(certificateJobs).set({ heartbeatAt: new Date(Date.now() - 10 * 60_000) }).where(eq(certificateJobs.id, job.id));
    expect(await runPendingJobs()).toBe(1);
    expect(await getCertificateJob(job.id)).toMatchObject({ status: "done", attempts: 2 });

    const again = await createCertificateJob({ requestedBy: 1, format: "zip", scope: scopeOf(dongHa!, "cd-bulk"), total: 5 });
    await db.update(certificateJobs).set({ status: "running", attempts: 3 }).where(eq(certificateJobs.id, again.id));
    await recoverInterruptedJobs();
    expect(await getCertificateJob(again.id)).toMatchObject({ status: "failed", error: "interrupted" });
  });

  it("fails an empty selection with its reason", async () => {
    await createTestCourse("cd-empty");
    const job = await createCertificateJob({ requestedBy: 1, format: "zip", scope: scopeOf(dongHa!, "cd-empty"), total: 0 });
    await runPendingJobs();
    expect(await getCertificateJob(job.id)).toMatchObject({ status: "failed", error: "empty" });
  });

  it("deletes files after the keeping period and leftovers of interrupted runs", async () => {
    const [job] = await db.select().from(certificateJobs).where(eq(certificateJobs.status, "done")).limit(1);
    const leftover = path.join(path.dirname(job!.filePath!), "job-999999-abc.zip.part");
    fs.writeFileSync(leftover, "x");
    await cleanOldJobFiles();
    expect(fs.existsSync(leftover)).toBe(false);
    expect(fs.existsSync(job!.filePath!)).toBe(true);
    await cleanOldJobFiles(new Date(Date.now() + 8 * 86_400_000));
    expect(fs.existsSync(job!.filePath!)).toBe(false);
    expect(await getCertificateJob(job!.id)).toMatchObject({ status: "expired", filePath: null });
  });
});
