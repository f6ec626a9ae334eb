// Training-target figures on a constructed roster history: people who move,
// leave, hold positions that do not count, complete two courses, and
// certificates that expire or are revoked. Every figure is checked by hand.
import { eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { readScope } from "~/models/dashboard-access.server";
import { buildCsv, buildPdf, buildWorkbook, reportData } from "~/models/targets-export.server";
import { createTarget, getTarget, listTargets, validateTarget, readTargetForm } from "~/models/targets.server";
import { translator } from "~/i18n";
import fs from "node:fs";
import { featuresOf, importBoundaries, mapPaths } from "~/models/targets-map.server";
import { unitBoundaries } from "../../db/tables/targets";
import { db } from "~/db.server";
import { todayInVietnam } from "~/lib/dates";
import { addDays } from "~/lib/forecast";
import { figuresOnDate, figuresOnDates, peopleOnDate, provinceFigures, type TargetSpec } from "~/models/dashboard.server";
import { issueCertificate, revokeCertificate } from "~/models/certificates.server";
import { adminUnits, courseCompletions, lessonProgress, people, type Position } from "../../db/schema";
import { staffPeriods } from "../../db/tables/roster";
import { createTestCourse } from "../support/course-fixture";
import { withTestDatabase } from "../support/db";
import { demoActor, seedDemoData } from "../support/fixtures";

withTestDatabase();

let province: { id: number; path: string };
let communeA: { id: number; path: string };
let communeB: { id: number; path: string };
const person: Record<string, number> = {};
const cert: Record<string, number> = {};
let spec: TargetSpec & { percent: number; startsOn: string; deadline: string };

async function addPerson(key: string, periods: { commune: { id: number }; position: Position; from: string; to?: string }[]) {
  const last = periods[periods.length - 1]!;
  const [p] = await db
    .insert(people)
    .values({ fullName: `Người ${key}`, communeId: last.commune.id, position: last.position, status: last.to ? "left" : "active", startedOn: periods[0]!.from, leftOn: last.to ?? null })
    .returning({ id: people.id });
  person[key] = p!.id;
  // The migration's backfill does not run for new rows: the roster history is ours to write here.
  await db.insert(staffPeriods).values(periods.map((x) => ({ personId: p!.id, communeId: x.commune.id, position: x.position, startedOn: x.from, endedOn: x.to ?? null })));
}

async function complete(key: string, courseId: string, on: string, certKey?: string) {
  const [c] = await db.insert(courseCompletions).values({ personId: person[key]!, courseId, completedOn: on, source: "class" }).returning({ id: courseCompletions.id });
  const issued = await issueCertificate(c!.id);
  if (certKey) cert[certKey] = issued.id;
}

beforeAll(async () => {
  await seedDemoData();
  const unit = async (code: string) => {
    const [u] = await db.select().from(adminUnits).where(eq(adminUnits.code, code));
    return { id: u!.id, path: u!.path };
  };
  province = await unit("44");
  communeA = await unit("18859"); // no demo people
  communeB = await unit("18871");
  await createTestCourse("tg-a");
  await createTestCourse("tg-b");
  await db.execute(sql`update courses set validity_months = 9 where id = 'tg-a'`);

  await addPerson("P1", [{ commune: communeA, position: "ctv_ctxh", from: "2024-01-01" }]);
  await addPerson("P2", [{ commune: communeA, position: "ctv_ctxh", from: "2024-01-01", to: "2024-06-01" }]);
  await addPerson("P3", [
    { commune: communeA, position: "ctv_ctxh", from: "2024-01-01", to: "2024-05-01" },
    { commune: communeB, position: "ctv_ctxh", from: "2024-05-01" },
  ]);
  await addPerson("P4", [{ commune: communeA, position: "other", from: "2024-01-01" }]);
  await addPerson("P5", [{ commune: communeB, position: "nhan_vien_ctxh", from: "2024-03-01" }]);
  await addPerson("P6", [{ commune: communeB, position: "ctv_ctxh", from: "2024-01-01" }]);

  await complete("P1", "tg-a", "2024-03-10", "P1"); // valid until 10/12/2024
  await complete("P2", "tg-a", "2024-02-01");
  await complete("P3", "tg-b", "2024-04-15", "P3");
  await complete("P4", "tg-a", "2024-02-01"); // position does not count
  await complete("P5", "tg-a", "2024-07-01"); // valid until 01/04/2025
  await complete("P5", "tg-b", "2024-08-01"); // no expiry
  await db.insert(lessonProgress).values({ personId: person.P6!, courseId: "tg-a", lessonId: "tg-a-m1-l1", completedAt: new Date("2024-09-02T03:00:00Z") });

  spec = { id: 1, provinceId: province.id, positions: ["ctv_ctxh", "nhan_vien_ctxh"], courseIds: ["tg-a", "tg-b"], expiredCounts: true, percent: 50, startsOn: "2024-01-01", deadline: "2025-12-31" };
});

async function communeFigures(s: TargetSpec, date: string) {
  const rows = await figuresOnDates([s], [date]);
  // The direct single-date count and the event pass agree.
  const direct = await figuresOnDate([s], date);
  const key = (r: { communeId: number; staff: number; trained: number }) => `${r.communeId}:${r.staff}:${r.trained}`;
  expect(direct.map(key).sort()).toEqual(rows.map(key).sort());
  const pick = (id: number) => rows.find((r) => r.communeId === id && r.date === date) ?? { staff: 0, trained: 0 };
  return { A: [pick(communeA.id).staff, pick(communeA.id).trained], B: [pick(communeB.id).staff, pick(communeB.id).trained] };
}

describe("training-target figures", () => {
  it("counts people in scope on the date and those trained by then, following moves and departures", async () => {
    expect(await communeFigures(spec, "2024-04-30")).toEqual({ A: [3, 3], B: [2, 0] });
    // P3 moved to B on 01/05 (the end date is exclusive), trained before the move.
    expect(await communeFigures(spec, "2024-05-01")).toEqual({ A: [2, 2], B: [3, 1] });
    // P2 left on 01/06; P5 completed two courses and counts once.
    expect(await communeFigures(spec, "2024-08-15")).toEqual({ A: [1, 1], B: [3, 2] });
    // Nobody was in scope before the roster started.
    expect(await communeFigures(spec, "2023-12-31")).toEqual({ A: [0, 0], B: [0, 0] });
  });

  it("honours the expired-certificate rule", async () => {
    const strict = { ...spec, expiredCounts: false };
    // P1's certificate ran out on 10/12/2024; P5 still has tg-b.
    expect(await communeFigures(strict, "2024-12-10")).toEqual({ A: [1, 1], B: [3, 2] });
    expect(await communeFigures(strict, "2024-12-11")).toEqual({ A: [1, 0], B: [3, 2] });
    expect(await communeFigures(spec, "2024-12-11")).toEqual({ A: [1, 1], B: [3, 2] });
    const list = await peopleOnDate(strict, "2024-12-11", communeA.path);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ personId: person.P1, trained: false, lapsed: true, completedOn: "2024-03-10" });
  });

  it("gives the same figures for a single date, the monthly trend and the people list", async () => {
    const figures = await provinceFigures(spec, "2024-09-30", communeB.path);
    const fromTrend = figures.trend.find((p) => p.date === "2024-08-31")!;
    const single = await provinceFigures(spec, "2024-08-31", communeB.path, false);
    expect([fromTrend.staff, fromTrend.trained]).toEqual([single.staff, single.trained]);
    expect(figures.trend.map((p) => p.date).slice(0, 3)).toEqual(["2024-01-31", "2024-02-29", "2024-03-31"]);
    expect(figures.trend[figures.trend.length - 1]!.date).toBe("2024-09-30");
    const list = await peopleOnDate(spec, "2024-08-31", communeB.path);
    expect(list.length).toBe(single.staff);
    expect(list.filter((p) => p.trained).length).toBe(single.trained);
    // P6 has started: one lesson of tg-a by 02/09.
    const p6 = (await peopleOnDate(spec, "2024-09-30", communeB.path)).find((p) => p.personId === person.P6)!;
    expect(p6.progress).toMatchObject({ courseId: "tg-a", lessonsDone: 1, quizzesPassed: 0 });
    expect(figures.communes.find((c) => c.id === communeB.id)).toMatchObject({ staff: 3, trained: 2, gap: 0, lastActivity: "2024-09-02" });
  });

  it("reproduces a past date after later changes (a revocation, a new completion, a departure)", async () => {
    const before = await provinceFigures(spec, "2024-08-15", null, false);
    const actor = await demoActor("admin");
    await revokeCertificate(cert.P3!, "Thử thu hồi", { id: actor.id });
    await complete("P6", "tg-b", "2026-01-10");
    await db.update(staffPeriods).set({ endedOn: "2026-02-01", endReason: "left" }).where(eq(staffPeriods.personId, person.P1!));
    const after = await provinceFigures(spec, "2024-08-15", null, false);
    expect([after.staff, after.trained]).toEqual([before.staff, before.trained]);
    expect(after.communes).toEqual(before.communes);
    // Today, the revoked certificate no longer counts; P6's new completion does; P1 has left.
    expect(await communeFigures(spec, todayInVietnam())).toEqual({ A: [0, 0], B: [3, 2] });
    // The day before the revocation it still counted.
    expect(await communeFigures(spec, addDays(todayInVietnam(), -1))).toEqual({ A: [0, 0], B: [3, 3] });
  });

  it("counts several provinces in one query as it counts each alone (national overview)", async () => {
    const [hue] = await db.select().from(adminUnits).where(eq(adminUnits.code, "46"));
    const other = { ...spec, id: 2, provinceId: hue!.id };
    const strict = { ...spec, id: 3, expiredCounts: false };
    const together = await figuresOnDate([spec, other, strict], "2024-12-11");
    for (const s of [spec, other, strict]) {
      const alone = await figuresOnDate([s], "2024-12-11");
      const pick = (rows: typeof alone) => rows.filter((r) => r.targetId === s.id).map((r) => `${r.communeId}:${r.staff}:${r.trained}`).sort();
      expect(pick(together)).toEqual(pick(alone));
    }
  });

  it("forecasts from the last 90 days", async () => {
    const f = await provinceFigures({ ...spec, deadline: "2024-12-31" }, "2024-04-30", communeB.path);
    // B: 2 people, none trained, none trained 90 days before: too slow, one person needed.
    expect(f.forecast).toMatchObject({ kind: "tooSlow", missing: 1, reachOn: null });
    const a = await provinceFigures(spec, "2024-04-30", communeA.path);
    expect(a.forecast.kind).toBe("reached");
    expect(a.reached).toBe(true);
  });
});

describe("targets, exports and scope", () => {
  let targetId: number;
  beforeAll(async () => {
    const admin = await demoActor("admin");
    const row = await createTarget({ ...admin, account: admin.account }, { provinceId: province.id, planRef: "Kế hoạch thử 1/KH", percent: 50, startsOn: "2024-01-01", deadline: "2025-12-31", positions: ["ctv_ctxh", "nhan_vien_ctxh"], courseIds: ["tg-a", "tg-b"], expiredCounts: true, note: null });
    targetId = row.id;
  });

  it("refuses bad targets with Vietnamese messages", async () => {
    const officer = await demoActor("qt-province");
    const t = translator("vi");
    const form = new FormData();
    for (const [k, v] of Object.entries({ provinceId: String(province.id), planRef: "KH 1", percent: "120", startsOn: "01/06/2025", deadline: "01/01/2025" })) form.set(k, v);
    form.append("positions", "ctv_ctxh");
    const checked = await validateTarget(officer, readTargetForm(form), t);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.percent).toBe("Tỉ lệ phải là một số từ 0 đến 100 (ví dụ 50 hoặc 50,5).");
    expect(checked.errors.deadline).toBe("Hạn hoàn thành không thể trước ngày bắt đầu.");
    expect(checked.errors.courseIds).toBe("Vui lòng chọn ít nhất một khoá học được tính là đã đào tạo.");
    // Another province's officer cannot set Quảng Trị's target.
    const hue = await demoActor("hue-province");
    form.set("percent", "50,5");
    form.set("deadline", "31/12/2025");
    form.append("courseIds", "tg-a");
    expect((await validateTarget(hue, readTargetForm(form), t)).ok).toBe(false);
    const ok = await validateTarget(officer, readTargetForm(form), t);
    expect(ok.ok && ok.input.percent).toBe(50.5);
  });

  it("keeps each province's dashboard to its own officers", async () => {
    const hue = await demoActor("hue-province");
    expect(await getTarget(hue, targetId)).toBeNull();
    expect((await listTargets(hue)).every((t) => t.provinceName === "Thành phố Huế")).toBe(true);
    const commune = await demoActor("qt-commune");
    const target = await getTarget(commune, targetId);
    expect(target).not.toBeNull();
    // The commune officer reads only Phường Đông Hà.
    const scope = readScope({ ...commune, session: null as never, refreshedCookie: null }, target!.provincePath);
    expect(scope).toMatch(/^\/\d+\/\d+\/$/);
    const province = await demoActor("qt-province");
    expect(readScope({ ...province, session: null as never, refreshedCookie: null }, target!.provincePath)).toBeNull();
  });

  it("exports the same figures as the dashboard (xlsx, csv, pdf)", async () => {
    const admin = await demoActor("admin");
    const target = (await getTarget(admin, targetId))!;
    const asOf = "2024-08-15";
    const data = await reportData(target, asOf, "vi");
    const dashboard = await provinceFigures(target, asOf, null);
    expect([data.figures.staff, data.figures.trained]).toEqual([dashboard.staff, dashboard.trained]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildWorkbook(data)) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Tổng hợp", "Theo xã, phường", "Danh sách người"]);
    const summary = wb.getWorksheet("Tổng hợp")!;
    const value = (label: string) => summary.getColumn(1).values.findIndex((v) => v === label);
    expect(summary.getRow(value("Số người trong diện")).getCell(2).value).toBe(dashboard.staff);
    expect(summary.getRow(value("Đã đào tạo")).getCell(2).value).toBe(dashboard.trained);
    const asOfCell = summary.getRow(value("Tính đến ngày")).getCell(2);
    expect(asOfCell.value).toEqual(new Date("2024-08-15T00:00:00Z"));
    expect(asOfCell.numFmt).toBe("dd/mm/yyyy");
    const communes = wb.getWorksheet("Theo xã, phường")!;
    const byName = new Map<string, [number, number]>();
    communes.eachRow((row, n) => {
      if (n > 1) byName.set(String(row.getCell(2).value), [Number(row.getCell(3).value), Number(row.getCell(4).value)]);
    });
    for (const c of dashboard.communes) expect(byName.get(c.fullName), c.fullName).toEqual([c.staff, c.trained]);
    expect(byName.get("Toàn tỉnh")).toEqual([dashboard.staff, dashboard.trained]);
    const people = wb.getWorksheet("Danh sách người")!;
    expect(people.rowCount - 1).toBe(dashboard.staff);
    let trainedRows = 0;
    people.eachRow((row, n) => {
      if (n > 1 && row.getCell(4).value === "Đạt") trainedRows++;
    });
    expect(trainedRows).toBe(dashboard.trained);

    const csv = buildCsv(data);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const records = parse(csv.slice(1), { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toContain("Xã / phường");
    for (const c of dashboard.communes) {
      const r = records.find((x) => x["Xã / phường"] === c.fullName)!;
      expect([Number(r["Số người trong diện"]), Number(r["Đã đào tạo"])]).toEqual([c.staff, c.trained]);
    }
    const totalRow = records.find((x) => x["Xã / phường"] === "Toàn tỉnh")!;
    expect([Number(totalRow["Số người trong diện"]), Number(totalRow["Đã đào tạo"])]).toEqual([dashboard.staff, dashboard.trained]);

    const pdf = await buildPdf(data);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("neutralises formula-looking names in the exports", async () => {
    await addPerson("F", [{ commune: communeA, position: "ctv_ctxh", from: "2024-01-01" }]);
    await db.update(people).set({ fullName: '=HYPERLINK("http://x")' }).where(eq(people.id, person.F!));
    const admin = await demoActor("admin");
    const target = (await getTarget(admin, targetId))!;
    const data = await reportData(target, "2024-08-15", "vi");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildWorkbook(data)) as never);
    const cells: unknown[] = [];
    wb.getWorksheet("Danh sách người")!.eachRow((row) => cells.push(row.getCell(1).value));
    // A text cell, not a formula.
    expect(cells).toContain('=HYPERLINK("http://x")');
    expect(cells.some((c) => typeof c === "object" && c && "formula" in c)).toBe(false);
  });
});

describe("commune boundaries", () => {
  const square = (x: number, y: number) => ({ type: "Polygon" as const, coordinates: [[[x, y], [x + 0.05, y], [x + 0.05, y + 0.05], [x, y + 0.05], [x, y]]] });
  const fc = (codes: string[]) => ({ type: "FeatureCollection", features: codes.map((code, i) => ({ type: "Feature", properties: { code, name: code }, geometry: square(106.5 + i * 0.06, 16.7) })) });

  it("imports all or nothing, naming the codes that match no commune in scope", async () => {
    const officer = await demoActor("qt-province");
    const actor = { ...officer, account: officer.account };
    const before = (await db.select().from(unitBoundaries)).length;
    // 19753 is a Huế commune: out of the Quảng Trị officer's scope.
    const refused = await importBoundaries(actor, featuresOf(fc(["18859", "99999", "19753"])));
    expect(refused).toEqual({ ok: false, unmatched: ["19753", "99999"] });
    expect((await db.select().from(unitBoundaries)).length).toBe(before);
    // The province outline may come along and is skipped.
    const done = await importBoundaries(actor, featuresOf({ type: "FeatureCollection", features: [...fc(["18859", "18871"]).features, { type: "Feature", properties: { code: "44" }, geometry: square(106, 16) }] }));
    expect(done).toMatchObject({ ok: true, count: 2 });
    const paths = await mapPaths(province.id, [communeA.id, communeB.id]);
    expect(paths).toHaveLength(2);
    expect(paths[0]!.d).toMatch(/^M[\d.]+,[\d.]+L/);
    expect(await importBoundaries(actor, featuresOf({ type: "FeatureCollection", features: [] }))).toEqual({ ok: false, empty: true });
  });

  it("simplifies an official commune file", async () => {
    const dir = "../shared/data/geojson-quang-tri/wards";
    const file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.startsWith("18859")) : undefined;
    // The committed demo file was made from these with the same code.
    const doc = file ? JSON.parse(fs.readFileSync(`${dir}/${file}`, "utf8")) : JSON.parse(fs.readFileSync("app/seed/data/quang-tri-communes.json", "utf8"));
    const [feature] = featuresOf(doc).filter((f) => f.code === "18859");
    const officer = await demoActor("qt-province");
    const result = await importBoundaries({ ...officer, account: officer.account }, [feature!]);
    expect(result.ok).toBe(true);
    const [stored] = await db.select().from(unitBoundaries).where(eq(unitBoundaries.unitId, communeA.id));
    expect(JSON.stringify(stored!.geometry).length).toBeLessThanOrEqual(JSON.stringify(feature!.geometry).length);
    expect(JSON.stringify(stored!.geometry).length).toBeLessThan(20_000);
  });
});
