// Roster import (preview, commit, matching, scope) and the staff-period
// history kept in line with `people` by every write path.
import ExcelJS from "exceljs";
import { and, eq, isNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { translator } from "~/i18n";
import { csvSafe, looksLikeFormula, safeRow, xlsxSafe } from "~/lib/spreadsheet-safe";
import { register } from "~/models/accounts.server";
import { communeForMove, createPerson, markPersonLeft, updatePerson, validatePerson } from "~/models/people.server";
import { commitImport, decideImport, getStagedImport, HEADERS, COLUMNS, stageImport, type ParsedFile } from "~/models/roster-import.server";
import { rosterTemplate } from "~/models/roster-template.server";
import { periodInvariantViolations } from "~/models/roster.server";
import { importUnits } from "~/models/units.server";
import { adminUnits, auditLog, people } from "../../db/schema";
import { rosterImports, staffPeriods } from "../../db/tables/roster";
import { withTestDatabase } from "../support/db";
import { demoActor, seedDemoData } from "../support/fixtures";

withTestDatabase();
const t = translator("vi");

let qt: Awaited<ReturnType<typeof demoActor>>;
let hue: Awaited<ReturnType<typeof demoActor>>;
let dongHaOfficer: Awaited<ReturnType<typeof demoActor>>;
const unit = async (code: string) => (await db.select().from(adminUnits).where(eq(adminUnits.code, code)))[0]!;
let QT = 0;
let HUE = 0;

beforeAll(async () => {
  await seedDemoData();
  qt = await demoActor("qt-province");
  hue = await demoActor("hue-province");
  dongHaOfficer = await demoActor("qt-commune");
  QT = (await unit("44")).id;
  HUE = (await unit("46")).id;
});

const HEADER = COLUMNS.map((c) => HEADERS[c]);

async function xlsx(rows: string[][], header = HEADER) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Danh sách");
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
const csv = (rows: string[][], header = HEADER) =>
  new TextEncoder().encode([header, ...rows].map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\n"));

async function peopleCount() {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(people);
  return row!.n;
}
async function periodCount() {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(staffPeriods);
  return row!.n;
}
async function stage(actor: typeof qt, rows: string[][], province = QT, name = "ds.xlsx") {
  const data = name.endsWith(".csv") ? csv(rows) : await xlsx(rows);
  const staged = await stageImport(actor, province, name, data, t);
  if (!staged.ok) throw new Error(JSON.stringify(staged.errors));
  return staged;
}
const personByPhone = async (phone: string) => (await db.select().from(people).where(eq(people.phone, phone)))[0];

describe("staff periods follow every change to people", () => {
  it("the demo seed leaves every person with consistent periods, and some history", async () => {
    expect(await periodInvariantViolations()).toEqual([]);
    const [multi] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(sql`(select person_id from staff_periods group by person_id having count(*) > 1) x`);
    expect(multi!.n).toBeGreaterThan(5);
    const [leavers] = await db.select({ n: sql<number>`count(*)::int` }).from(staffPeriods).where(eq(staffPeriods.endReason, "left"));
    expect(leavers!.n).toBeGreaterThan(10);
  });

  it("create, move, change position and leave each close and open periods on the effective date", async () => {
    const dongHa = await unit("19333");
    const namDongHa = await unit("19351");
    const checked = validatePerson({ fullName: "Phạm Thị Thu", birthDate: "02/02/1992", communeId: String(dongHa.id), position: "ctv_ctxh", startedOn: "01/03/2023" }, t);
    if (!checked.ok) throw new Error("invalid");
    const person = await createPerson(dongHaOfficer, checked.input);
    let periods = await db.select().from(staffPeriods).where(eq(staffPeriods.personId, person.id));
    expect(periods).toMatchObject([{ communeId: dongHa.id, position: "ctv_ctxh", startedOn: "2023-03-01", endedOn: null }]);

    // The Đông Hà officer may move someone out to another commune of the province…
    expect(await communeForMove(dongHaOfficer, dongHa.id, namDongHa.id)).not.toBeNull();
    // …but not into another province.
    expect(await communeForMove(dongHaOfficer, dongHa.id, (await unit("19774")).id)).toBeNull();
    await updatePerson(dongHaOfficer, person.id, { ...checked.input, communeId: namDongHa.id }, null, "2024-05-01");
    await updatePerson(qt, person.id, { ...checked.input, communeId: namDongHa.id, position: "nhan_vien_ctxh" }, null, "2025-01-01");
    await markPersonLeft(qt, person.id, "2025-09-30");
    periods = await db.select().from(staffPeriods).where(eq(staffPeriods.personId, person.id)).orderBy(staffPeriods.startedOn);
    expect(periods.map((p) => [p.communeId, p.position, p.startedOn, p.endedOn, p.endReason])).toEqual([
      [dongHa.id, "ctv_ctxh", "2023-03-01", "2024-05-01", "moved"],
      [namDongHa.id, "ctv_ctxh", "2024-05-01", "2025-01-01", "position"],
      [namDongHa.id, "nhan_vien_ctxh", "2025-01-01", "2025-09-30", "left"],
    ]);
    const actions = await db.select({ action: auditLog.action, actor: auditLog.actorId }).from(auditLog).where(and(eq(auditLog.entityType, "person"), eq(auditLog.entityId, String(person.id))));
    expect(actions.map((a) => a.action)).toEqual(["person.create", "person.move", "person.position", "person.left"]);
    expect(await periodInvariantViolations()).toEqual([]);
  });

  it("self-registration opens a period", async () => {
    const dongHa = await unit("19333");
    const result = await register(
      { fullName: "Lê Văn Tự Đăng", birthDate: "1990-01-01", gender: "male", phone: "0977000111", nationalId: null, communeId: dongHa.id, position: "ctv_ctxh", startedOn: null },
      "mat-khau-dai-du-12",
    );
    expect(result.ok).toBe(true);
    const person = await personByPhone("0977000111");
    const periods = await db.select().from(staffPeriods).where(eq(staffPeriods.personId, person!.id));
    expect(periods).toHaveLength(1);
    expect(periods[0]!.endedOn).toBeNull();
    expect(await periodInvariantViolations()).toEqual([]);
  });
});

describe("roster import", () => {
  it("previews counts and explains each bad cell by row and column in Vietnamese; nothing is written", async () => {
    const before = await peopleCount();
    const staged = await stage(qt, [
      ["Trần Thị Mới Một", "01/01/1990", "Nữ", "0966000001", "", "Phường Đông Hà", "Cộng tác viên CTXH", "01/02/2025"],
      ["Trần Văn Mới Hai", "31/02/1990", "Nam", "012", "123", "Phường Không Có", "Trưởng thôn", "01/02/2099"],
      ["", "", "", "", "", "", "", ""],
      ["Trần Văn Mới Ba", "", "", "", "", "19351", "nhân viên ctxh", ""],
    ]);
    expect(staged.plan.counts).toMatchObject({ create: 2, update: 0, unchanged: 0, errorRows: 1 });
    const errs = staged.plan.errors.map((e) => [e.line, e.column, e.message]);
    expect(errs).toEqual([
      [3, "Ngày sinh", "“31/02/1990” không phải ngày hợp lệ (dd/mm/yyyy)."],
      [3, "Ngày bắt đầu", "Ngày không được sau hôm nay."],
      [3, "Điện thoại", "Số điện thoại “012” không hợp lệ: cần 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09."],
      [3, "Số định danh", "Số định danh “123” không hợp lệ: cần đúng 12 chữ số."],
      [3, "Xã / phường", "Không tìm thấy xã / phường “Phường Không Có” trong Tỉnh Quảng Trị."],
      [3, "Vị trí", "Vị trí “Trưởng thôn” không hợp lệ. Dùng một trong: Cộng tác viên CTXH, Công chức Văn hoá – Xã hội, Nhân viên CTXH, Khác."],
    ]);
    // The commit refuses while any row has an error: all or nothing.
    expect(await commitImport(qt, staged.id, t)).toEqual({ ok: false, reason: "changed" });
    expect(await peopleCount()).toBe(before);
  });

  it("refuses unreadable files with a clear message and stores nothing", async () => {
    const [{ n: stagedBefore }] = (await db.select({ n: sql<number>`count(*)::int` }).from(rosterImports)) as [{ n: number }];
    const cases: [string, Uint8Array, string][] = [
      ["ds.pdf", new TextEncoder().encode("%PDF-1.4"), "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."],
      ["ds.xlsx", new TextEncoder().encode("not a zip"), "Không đọc được tệp Excel (.xlsx). Hãy kiểm tra tệp có bị hỏng không."],
      ["ds.csv", csv([["A", "1", "", "", "", "19333", "Khác", ""]], ["Họ và tên", "Ngày sinh", "x", "y", "z", "Xã / phường", "w", "v"]), "Thiếu cột “Vị trí” ở dòng tiêu đề."],
      ["ds.csv", csv([]), "Tệp không có dòng dữ liệu nào."],
      ["ds.csv", new Uint8Array(11 * 1024 * 1024), "Tệp quá lớn (tối đa 10 MB)."],
    ];
    for (const [name, data, message] of cases) {
      const result = await stageImport(qt, QT, name, data, t);
      expect(result.ok, name).toBe(false);
      if (!result.ok) expect(result.errors[0]!.message).toBe(message);
    }
    const [{ n: stagedAfter }] = (await db.select({ n: sql<number>`count(*)::int` }).from(rosterImports)) as [{ n: number }];
    expect(stagedAfter).toBe(stagedBefore);
  });

  it("commits all rows at once, with periods, and re-importing the same file changes nothing", async () => {
    const rows = [
      ["Đỗ Thị Nhập Một", "03/03/1991", "Nữ", "0966100001", "044191000001", "Phường Đông Hà", "Cộng tác viên CTXH", "01/01/2025"],
      ["Đỗ Văn Nhập Hai", "04/04/1985", "Nam", "+84 966 100 002", "", "phường nam đông hà", "Nhân viên CTXH", ""],
      ["Đỗ Thị Nhập Ba", "05/05/1995", "", "", "", "19360", "Công chức Văn hóa - Xã hội", "15/06/2024"],
    ];
    const first = await stage(qt, rows, QT, "ds.csv");
    expect(first.plan.counts).toMatchObject({ create: 3, update: 0, unchanged: 0, errorRows: 0, ambiguous: 0 });
    const beforePeople = await peopleCount();
    expect(await commitImport(qt, first.id, t)).toEqual({ ok: true, created: 3, updated: 0, unchanged: 0 });
    expect(await peopleCount()).toBe(beforePeople + 3);
    // A second commit of the same preview does nothing.
    expect(await commitImport(qt, first.id, t)).toEqual({ ok: false, reason: "already" });
    expect(await peopleCount()).toBe(beforePeople + 3);

    const two = await personByPhone("0966100002");
    expect(two).toMatchObject({ fullName: "Đỗ Văn Nhập Hai", position: "nhan_vien_ctxh", communeId: (await unit("19351")).id });
    const three = (await db.select().from(people).where(eq(people.fullName, "Đỗ Thị Nhập Ba")))[0]!;
    expect(three.position).toBe("cong_chuc_vhxh");
    expect(await db.select({ s: staffPeriods.startedOn }).from(staffPeriods).where(eq(staffPeriods.personId, three.id))).toEqual([{ s: "2024-06-15" }]);
    expect(await periodInvariantViolations()).toEqual([]);

    const periods = await periodCount();
    const again = await stage(qt, rows, QT, "ds.xlsx");
    expect(again.plan.counts).toMatchObject({ create: 0, update: 0, unchanged: 3, errorRows: 0 });
    expect(await commitImport(qt, again.id, t)).toEqual({ ok: true, created: 0, updated: 0, unchanged: 3 });
    expect(await peopleCount()).toBe(beforePeople + 3);
    expect(await periodCount()).toBe(periods);
  });

  it("matches NFD names, other case and spacing, and moves a matched person on the file's start date", async () => {
    const dongHa = await unit("19333");
    const checked = validatePerson({ fullName: "Nguyễn Thị Ánh Tuyết", birthDate: "07/07/1987", communeId: String(dongHa.id), position: "ctv_ctxh", startedOn: "01/01/2020" }, t);
    if (!checked.ok) throw new Error("invalid");
    const person = await createPerson(qt, checked.input);
    const nfd = "  nguyễn   thị ánh TUYẾT ".normalize("NFD");
    expect(nfd).not.toBe(nfd.normalize("NFC"));
    const same = await stage(qt, [[nfd, "07/07/1987", "", "", "", "Phường Đông Hà".normalize("NFD"), "ctv ctxh", ""]]);
    expect(same.plan.counts).toMatchObject({ create: 0, update: 0, unchanged: 1 });

    const moved = await stage(qt, [[nfd, "07/07/1987", "", "", "", "PHƯỜNG  đông hà", "Nhân viên CTXH", "01/03/2025"]]);
    expect(moved.plan.counts).toMatchObject({ create: 0, update: 1, unchanged: 0 });
    expect(moved.plan.updates[0]!.changes).toBe("vị trí: Nhân viên CTXH");
    expect(await commitImport(qt, moved.id, t)).toMatchObject({ ok: true, updated: 1 });
    const periods = await db.select().from(staffPeriods).where(eq(staffPeriods.personId, person.id)).orderBy(staffPeriods.startedOn);
    expect(periods.map((p) => [p.position, p.startedOn, p.endedOn])).toEqual([
      ["ctv_ctxh", "2020-01-01", "2025-03-01"],
      ["nhan_vien_ctxh", "2025-03-01", null],
    ]);
    // The name is kept as it was on the list (the file differed only in case and spacing).
    expect((await db.select().from(people).where(eq(people.id, person.id)))[0]!.fullName).toBe("Nguyễn Thị Ánh Tuyết");

    // A change dated before the current post started is an error on that cell.
    const early = await stage(qt, [["Nguyễn Thị Ánh Tuyết", "07/07/1987", "", "", "", "19333", "Khác", "01/01/2025"]]);
    expect(early.plan.errors).toEqual([{ line: 2, column: "Ngày bắt đầu", message: "Ngày bắt đầu trước ngày bắt đầu công việc hiện tại (01/03/2025)." }]);
  });

  it("never merges silently: several candidates or conflicting keys wait for the officer's choice", async () => {
    const dongHa = await unit("19333");
    const base = { birthDate: null, gender: null, nationalId: null, communeId: dongHa.id, position: "ctv_ctxh" as const, startedOn: "2021-01-01" };
    const a = await createPerson(qt, { ...base, fullName: "Võ Thị Trùng A", phone: "0966200001" });
    await createPerson(qt, { ...base, fullName: "Võ Thị Trùng B", phone: "0966200001" });
    const c = await createPerson(qt, { ...base, fullName: "Võ Thị Có Số", phone: "0966200003", nationalId: "044190200003" });
    const d = await createPerson(qt, { ...base, fullName: "Võ Thị Khác", phone: "0966200004" });

    const staged = await stage(qt, [
      ["Võ Thị Trùng", "", "", "0966200001", "", "19333", "CTV CTXH", ""],
      // ID matches C, phone matches D.
      ["Võ Thị Có Số", "", "", "0966200004", "044190200003", "19333", "CTV CTXH", ""],
    ]);
    expect(staged.plan.counts).toMatchObject({ create: 0, update: 0, ambiguous: 2 });
    expect(staged.plan.ambiguous.map((x) => [x.line, x.candidates.length, x.reason])).toEqual([
      [2, 2, "Trùng với nhiều người (điện thoại)."],
      [3, 2, "Thông tin mâu thuẫn: số định danh khớp một người, điện thoại khớp người khác."],
    ]);
    expect(staged.plan.ambiguous[1]!.candidates.map((x) => x.id)).toEqual([c.id, d.id]);
    const before = await peopleCount();
    expect(await commitImport(qt, staged.id, t)).toEqual({ ok: false, reason: "changed" });

    // A forged choice (a person who is not a candidate) is ignored.
    let plan = await decideImport(qt, staged.id, { "2": String(c.id) }, t);
    expect(plan!.counts.ambiguous).toBe(2);
    plan = await decideImport(qt, staged.id, { "2": String(a.id), "3": "new" }, t);
    expect(plan!.counts).toMatchObject({ ambiguous: 0, create: 1, update: 1 });
    expect(await commitImport(qt, staged.id, t)).toMatchObject({ ok: true, created: 1, updated: 1 });
    expect(await peopleCount()).toBe(before + 1);
    expect((await db.select().from(people).where(eq(people.id, a.id)))[0]!.fullName).toBe("Võ Thị Trùng");
  });

  it("keeps formula-looking text as text and never writes it back as a formula", async () => {
    const name = '=HYPERLINK("http://x.example","Bấm")';
    const staged = await stage(qt, [[name, "", "", "", "", "19333", "Khác", ""], ["+Lê Thị Cộng", "", "", "", "", "19333", "Khác", ""]], QT, "ds.csv");
    expect(staged.plan.counts).toMatchObject({ create: 2, errorRows: 0 });
    await commitImport(qt, staged.id, t);
    const [stored] = await db.select().from(people).where(eq(people.fullName, name));
    expect(stored!.fullName).toBe(name);

    expect(looksLikeFormula(name)).toBe(true);
    expect(csvSafe(name)).toBe(`'${name}`);
    expect(csvSafe("-5")).toBe("'-5");
    expect(csvSafe(-5)).toBe("-5");
    expect(csvSafe("Nguyễn Thị Hường")).toBe("Nguyễn Thị Hường");
    expect(safeRow(["@SUM(A1)", 3], "csv")).toEqual(["'@SUM(A1)", "3"]);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("x");
    ws.addRow([xlsxSafe(name), xlsxSafe({ formula: "1+1" })]);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const cell = back.worksheets[0]!.getCell("A1");
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(name);
    expect(back.worksheets[0]!.getCell("B1").type).toBe(ExcelJS.ValueType.String);
  });

  it("stays inside the officer's province: other communes, other provinces, other officers' previews", async () => {
    const staged = await stage(qt, [
      ["Ngoài Tỉnh Một", "", "", "", "", "Phường Kim Long", "Khác", ""],
      ["Ngoài Tỉnh Hai", "", "", "", "", "19774", "Khác", ""],
    ]);
    expect(staged.plan.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [2, "Xã / phường", "Không tìm thấy xã / phường “Phường Kim Long” trong Tỉnh Quảng Trị."],
      [3, "Xã / phường", "Không tìm thấy xã / phường “19774” trong Tỉnh Quảng Trị."],
    ]);
    // Huế's officer cannot import into Quảng Trị, nor see or commit Quảng Trị's preview.
    const refused = await stageImport(hue, QT, "ds.csv", csv([["Ai Đó", "", "", "", "", "19333", "Khác", ""]]), t);
    expect(refused.ok).toBe(false);
    const good = await stage(qt, [["Trong Tỉnh", "", "", "", "", "19333", "Khác", ""]]);
    expect(await getStagedImport(hue, good.id)).toBeNull();
    expect(await commitImport(hue, good.id, t)).toEqual({ ok: false, reason: "notFound" });
    expect(await commitImport(dongHaOfficer, good.id, t)).toEqual({ ok: false, reason: "notFound" });

    // A staged row tampered with to point at a Huế commune is refused at commit.
    const kimLong = await unit("19774");
    const [row] = await db.select().from(rosterImports).where(eq(rosterImports.id, good.id));
    const rows = row!.rows as ParsedFile;
    rows.rows[0]!.communeId = kimLong.id;
    await db.update(rosterImports).set({ rows }).where(eq(rosterImports.id, good.id));
    const before = await peopleCount();
    expect(await commitImport(qt, good.id, t)).toEqual({ ok: false, reason: "changed" });
    expect(await peopleCount()).toBe(before);
    expect(await db.select().from(people).where(and(eq(people.communeId, kimLong.id), eq(people.fullName, "Trong Tỉnh")))).toEqual([]);

    // An admin imports into any province.
    const admin = await demoActor("admin");
    const hueImport = await stageImport(admin, HUE, "ds.csv", csv([["Người Huế Mới", "", "", "", "", "Kim Long", "Khác", ""]]), t);
    expect(hueImport.ok && hueImport.plan.counts.create).toBe(1);
  });

  it("asks for a code when a commune name is ambiguous in the province", async () => {
    const imported = await importUnits([{ line: 1, code: "99001", name: "Đông Hà", fullName: "Xã Đông Hà", kind: "Xã", level: "commune", parentCode: "44" }], [], { id: null, source: "test" });
    expect(imported.ok).toBe(true);
    const staged = await stage(qt, [
      ["Tên Mơ Hồ", "", "", "", "", "Đông Hà", "Khác", ""],
      ["Tên Rõ", "", "", "", "", "xã đông hà", "Khác", ""],
    ]);
    expect(staged.plan.errors.map((e) => [e.line, e.column])).toEqual([[2, "Xã / phường"]]);
    expect(staged.plan.errors[0]!.message).toContain("hãy ghi mã");
    expect(staged.plan.counts.create).toBe(1);
  });

  it("the template has Vietnamese headers, an example row and instructions, and reads back cleanly", async () => {
    const bytes = await rosterTemplate([{ code: "19333", fullName: "Phường Đông Hà" }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Danh sách", "Hướng dẫn", "Mã xã phường"]);
    expect((wb.worksheets[0]!.getRow(1).values as string[]).slice(1)).toEqual(HEADER);
    const staged = await stageImport(qt, QT, "mau.xlsx", bytes, t);
    expect(staged.ok && staged.plan.counts).toMatchObject({ create: 1, errorRows: 0 });
  });

  it("keeps the invariant after all of the above", async () => {
    expect(await periodInvariantViolations()).toEqual([]);
    const open = await db.select({ n: sql<number>`count(*)::int` }).from(staffPeriods).where(isNull(staffPeriods.endedOn));
    const active = await db.select({ n: sql<number>`count(*)::int` }).from(people).where(eq(people.status, "active"));
    expect(open[0]!.n).toBe(active[0]!.n);
  });
});
