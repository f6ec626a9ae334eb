import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { importUnits, markMerged, readUnitFile } from "~/models/units.server";
import { adminUnits, auditLog } from "../../db/schema";
import { withTestDatabase } from "../support/db";

withTestDatabase();

const nationalFile = path.resolve(__dirname, "../../../shared/data/vn-admin-units-2025.json");
const hasShared = fs.existsSync(nationalFile);

async function importFile(name: string, content: string | Uint8Array) {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  const parsed = await readUnitFile(name, bytes);
  return importUnits(parsed.units, parsed.errors, { id: null, source: name });
}

async function unitCount() {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(adminUnits);
  return row!.n;
}

describe("administrative unit import", () => {
  it.runIf(hasShared)("imports the national list (34 provinces, 3,321 communes) and re-imports idempotently", async () => {
    const json = fs.readFileSync(nationalFile, "utf8");
    const first = await importFile("vn-admin-units-2025.json", json);
    expect(first).toEqual({ ok: true, summary: { created: 3355, updated: 0, unchanged: 0 } });
    const byLevel = await db.select({ level: adminUnits.level, n: sql<number>`count(*)::int` }).from(adminUnits).groupBy(adminUnits.level);
    expect(Object.fromEntries(byLevel.map((r) => [r.level, r.n]))).toEqual({ province: 34, commune: 3321 });
    const kinds = await db.select({ kind: adminUnits.kind, n: sql<number>`count(*)::int` }).from(adminUnits).where(eq(adminUnits.level, "commune")).groupBy(adminUnits.kind);
    expect(Object.fromEntries(kinds.map((r) => [r.kind, r.n]))).toEqual({ Xã: 2611, Phường: 697, "Đặc khu": 13 });

    const [quangTri] = await db.select().from(adminUnits).where(eq(adminUnits.code, "44"));
    const [dongHa] = await db.select().from(adminUnits).where(eq(adminUnits.code, "19333"));
    expect(quangTri!.fullName).toBe("Tỉnh Quảng Trị");
    expect(dongHa!.path).toBe(`${quangTri!.path}${dongHa!.id}/`);
    expect(dongHa!.provinceId).toBe(quangTri!.id);
    const [qtCommunes] = await db.select({ n: sql<number>`count(*)::int` }).from(adminUnits).where(eq(adminUnits.parentId, quangTri!.id));
    expect(qtCommunes!.n).toBe(78);

    const before = await db.select({ id: adminUnits.id, updatedAt: adminUnits.updatedAt }).from(adminUnits).where(eq(adminUnits.code, "19333"));
    const again = await importFile("vn-admin-units-2025.json", json);
    expect(again).toEqual({ ok: true, summary: { created: 0, updated: 0, unchanged: 3355 } });
    const after = await db.select({ id: adminUnits.id, updatedAt: adminUnits.updatedAt }).from(adminUnits).where(eq(adminUnits.code, "19333"));
    expect(after).toEqual(before);
  });

  it("imports the official CSV shape and updates by code", async () => {
    const csv = ["Mã,Tên,Cấp,Mã cấp trên", "T90,Tỉnh Thử Nghiệm,Tỉnh,", "T90001,Xã An Bình,Xã,T90", "T90002,Phường Hoà Lạc,Phường,T90"].join("\n");
    expect(await importFile("dvhc.csv", csv)).toEqual({ ok: true, summary: { created: 3, updated: 0, unchanged: 0 } });
    const renamed = csv.replace("Xã An Bình", "Xã An Bình Mới");
    expect(await importFile("dvhc.csv", renamed)).toEqual({ ok: true, summary: { created: 0, updated: 1, unchanged: 2 } });
    const [unit] = await db.select().from(adminUnits).where(eq(adminUnits.code, "T90001"));
    expect(unit).toMatchObject({ name: "An Bình Mới", fullName: "Xã An Bình Mới", kind: "Xã", level: "commune" });
  });

  it("imports XLSX and tolerates a historical district level", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("DVHC");
    sheet.addRows([
      ["code", "name", "level", "parent code"],
      ["T91", "Tỉnh Lịch Sử", "Tỉnh", ""],
      ["T910", "Huyện Cũ", "Huyện", "T91"],
      ["T91001", "Thị trấn Cũ", "Thị trấn", "T910"],
    ]);
    const buffer = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await importFile("dvhc.xlsx", buffer)).toEqual({ ok: true, summary: { created: 3, updated: 0, unchanged: 0 } });
    const [province] = await db.select().from(adminUnits).where(eq(adminUnits.code, "T91"));
    const [town] = await db.select().from(adminUnits).where(eq(adminUnits.code, "T91001"));
    expect(town!.path.startsWith(province!.path)).toBe(true);
    expect(town!.path.split("/").filter(Boolean)).toHaveLength(3);
    expect(town!.provinceId).toBe(province!.id);
  });

  it("refuses a file with errors as a whole, naming row and field", async () => {
    const before = await unitCount();
    const csv = [
      "code,name,level,parent code",
      "T92,Tỉnh Lỗi,Tỉnh,",
      "T92001,Xã Một,Xã,T92",
      "T92001,Xã Trùng,Xã,T92",
      "T92002,Xã Mồ Côi,Xã,99999",
      "T92003,,Xã,T92",
      "T92004,Xã Lạ,Làng,T92",
    ].join("\n");
    const parsed = await readUnitFile("bad.csv", new TextEncoder().encode(csv));
    const result = await importUnits(parsed.units, parsed.errors, { id: null, source: "bad.csv" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byLine = Object.fromEntries(result.errors.map((e) => [e.line, e]));
    expect(byLine[4]).toMatchObject({ field: "mã (code)" });
    expect(byLine[4]!.message).toContain("trùng với dòng 3");
    expect(byLine[5]!.message).toContain("Không tìm thấy đơn vị cấp trên có mã \"99999\"");
    expect(byLine[6]).toMatchObject({ field: "tên (name)", message: "Thiếu tên đơn vị." });
    expect(byLine[7]!.message).toContain("Cấp \"Làng\" không hợp lệ");
    expect(await unitCount()).toBe(before);
  });

  it("names the missing columns", async () => {
    const parsed = await readUnitFile("cols.csv", new TextEncoder().encode("code,name\n93,Tỉnh Thiếu Cột"));
    expect(parsed.errors.map((e) => e.field)).toEqual(["cấp (level)", "mã cấp trên (parent code)"]);
    expect(parsed.errors[0]!.message).toBe('Thiếu cột "cấp (level)" ở dòng tiêu đề.');
  });

  it("marks a unit merged into another from a date, keeping its history", async () => {
    await importFile("m.csv", ["code,name,level,parent code", "T94,Tỉnh Gộp,Tỉnh,", "T94001,Xã Cũ,Xã,T94", "T94002,Xã Mới,Xã,T94"].join("\n"));
    const result = await markMerged("T94001", "T94002", "2025-07-01", { id: 1 });
    expect(result).toEqual({ ok: true });
    const [old] = await db.select().from(adminUnits).where(eq(adminUnits.code, "T94001"));
    const [into] = await db.select().from(adminUnits).where(eq(adminUnits.code, "T94002"));
    expect(old).toMatchObject({ mergedIntoId: into!.id, mergedOn: "2025-07-01", fullName: "Xã Cũ" });
    const log = await db.select().from(auditLog).where(eq(auditLog.action, "units.merge"));
    expect(log.at(-1)).toMatchObject({ entityId: String(old!.id), after: { mergedIntoId: into!.id, mergedOn: "2025-07-01" } });
    expect(await markMerged("T94001", "T94001", "2025-07-01", { id: 1 })).toMatchObject({ ok: false });
  });
});
