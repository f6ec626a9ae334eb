// Issue #5 "done when", in a real browser: the Quảng Trị officer imports a
// roster file with mistakes, fixes it and commits; the new people complete
// the qualifying course (recorded in-person completions); the dashboard's
// percentage and the Excel export move to the same new figure. A Huế officer
// sees none of Quảng Trị's figures and cannot change its targets.
import { gzipSync } from "node:zlib";
import ExcelJS from "exceljs";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, expectAccessible, loginAs } from "./support";
import { HUE_TARGET, QT_TARGET } from "./scope/targets";

// The Quảng Trị 2026–2030 target: in force today, counts the core course.
const TARGET = "2";
const SUFFIX = Date.now().toString(36).slice(-4).toUpperCase();
const NAMES = [`Lê Thị Mục Tiêu ${SUFFIX}`, `Trần Văn Mục Tiêu ${SUFFIX}`, `Phan Thị Mục Tiêu ${SUFFIX}`];
const phone = (i: number) => `09671${SUFFIX.charCodeAt(1) % 10}${String(i).padStart(4, "0")}`;

async function rosterFile(page: Page, rows: string[][]) {
  const template = await (await page.request.get("/roster/template.xlsx")).body();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  ws.spliceRows(2, 1);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(page: Page, buffer: Buffer) {
  await page.goto("/roster/import");
  await page.setInputFiles('input[name="file"]', { name: "danh-sach.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer });
  await Promise.all([page.waitForURL(/\/roster\/import\/[A-Za-z0-9_-]+$/), page.getByRole("button", { name: "Xem trước" }).click()]);
}

async function dashboardFigures(page: Page) {
  await page.goto(`/dashboard/${TARGET}`);
  const counts = (await page.getByTestId("dashboard-counts").innerText()).replace(/\./g, "");
  const [trained, staff] = counts.split("/").map((s) => Number(s.trim()));
  return { trained: trained!, staff: staff!, percent: (await page.getByTestId("dashboard-percent").innerText()).trim() };
}

async function workbookFigures(page: Page) {
  const response = await page.request.get(`/dashboard/${TARGET}/export/xlsx`);
  expect(response.status()).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await response.body()) as unknown as ArrayBuffer);
  const summary = wb.getWorksheet("Tổng hợp")!;
  const find = (label: string) => summary.getRow(summary.getColumn(1).values.findIndex((v) => v === label)).getCell(2).value;
  return { trained: Number(find("Đã đào tạo")), staff: Number(find("Số người trong diện")), share: Number(find("Tỉ lệ (%)")) };
}

test("import a roster, record the course, and see the dashboard and the Excel export move together", async ({ page }) => {
  await loginAs(page, DEMO.qtProvince);
  const before = await dashboardFigures(page);
  expect(before.staff).toBeGreaterThan(0);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Tỉnh Quảng Trị");
  await expect(page.locator("svg.trend-chart")).toBeVisible();
  await expectAccessible(page);
  expect(await workbookFigures(page)).toMatchObject({ trained: before.trained, staff: before.staff });

  // A roster file with mistakes: nothing is written; fixed, it commits.
  const good = NAMES.map((name, i) => [name, "12/05/1990", i % 2 ? "Nam" : "Nữ", phone(i + 1), "", "Phường Đông Hà", "Cộng tác viên CTXH", "01/09/2026"]);
  const bad = good.map((r) => [...r]);
  bad[0]![1] = "31/02/1990";
  bad[2]![6] = "Trưởng thôn";
  await upload(page, await rosterFile(page, bad));
  await expect(page.getByText("Tệp có 2 lỗi")).toBeVisible();
  await expect(page.getByRole("button", { name: "Nhập dữ liệu" })).toHaveCount(0);
  expect((await dashboardFigures(page)).staff).toBe(before.staff);

  await upload(page, await rosterFile(page, good));
  await Promise.all([page.waitForURL(/done=1/), page.getByRole("button", { name: "Nhập dữ liệu" }).click()]);
  await expect(page.getByText("Đã nhập: 3 người mới")).toBeVisible();

  const imported = await dashboardFigures(page);
  expect(imported).toMatchObject({ staff: before.staff + 3, trained: before.trained });
  expect(await workbookFigures(page)).toMatchObject({ staff: before.staff + 3, trained: before.trained });

  // Their commune page lists them as not started.
  await page.getByRole("link", { name: "Phường Đông Hà" }).first().click();
  await expect(page.getByRole("row", { name: new RegExp(`${NAMES[0]}.*Chưa bắt đầu`) })).toBeVisible();
  await expectAccessible(page);

  // They finish the core course in a class: recorded on the certificates page.
  await page.goto(`/certificates/record?course=ctxh-co-ban`);
  for (const name of NAMES) await page.getByRole("checkbox", { name }).check();
  await page.getByLabel("Hình thức").selectOption("class");
  await page.getByRole("button", { name: "Ghi nhận và cấp giấy chứng nhận" }).click();
  await expect(page.getByText(/Đã cấp 3 giấy chứng nhận/)).toBeVisible();

  const after = await dashboardFigures(page);
  expect(after).toMatchObject({ staff: before.staff + 3, trained: before.trained + 3 });
  expect(after.percent).not.toBe(imported.percent);
  const xlsx = await workbookFigures(page);
  expect({ staff: xlsx.staff, trained: xlsx.trained }).toEqual({ staff: after.staff, trained: after.trained });
  // The same percentage, as the dashboard prints it (one decimal, Vietnamese comma).
  expect(`${(Math.round(xlsx.share * 1000) / 10).toLocaleString("vi-VN", { maximumFractionDigits: 1 })}%`).toBe(after.percent);

  // The CSV agrees too, and opens in Excel with its diacritics (BOM).
  const csv = await (await page.request.get(`/dashboard/${TARGET}/export/csv`)).body();
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(csv.toString("utf8")).toContain(`Toàn tỉnh,${after.staff},${after.trained},`);

  // A past date still shows the earlier figure.
  await page.goto(`/dashboard/${TARGET}?asOf=${encodeURIComponent("31/08/2026")}`);
  await expect(page.getByTestId("dashboard-counts")).not.toContainText(String(after.staff));
});

test("commune sorting and filters work through links, and the map is light", async ({ page }) => {
  await loginAs(page, DEMO.qtProvince);
  await page.goto(`/dashboard/${TARGET}`);
  await page.getByRole("link", { name: "Sắp xếp theo Tỉ lệ (%)" }).click();
  await expect(page).toHaveURL(/sort=percent&dir=asc/);
  await page.getByRole("link", { name: "Chưa có người trong danh sách" }).click();
  await expect(page).toHaveURL(/filter=nostaff/);
  const rows = page.getByTestId("communes").locator("tbody tr");
  expect(await rows.count()).toBeGreaterThan(10);
  await expect(rows.first()).toContainText("0");

  const response = await page.request.get(`/dashboard/${TARGET}/map`);
  expect(response.status()).toBe(200);
  const html = await response.text();
  expect((html.match(/<path /g) ?? []).length).toBe(78);
  // What the server's gzip compression sends (the page carries no JavaScript).
  const raw = Buffer.byteLength(html);
  const gz = gzipSync(html).length;
  test.info().annotations.push({ type: "map page bytes", description: `${raw} raw, ${gz} gzip` });
  expect(html).not.toContain("<script");
  expect(gz).toBeLessThan(100_000);
  await page.goto(`/dashboard/${TARGET}/map`);
  await expectAccessible(page);
});

test("a target form refuses bad input and keeps what was typed", async ({ page }) => {
  await loginAs(page, DEMO.qtProvince);
  await page.goto("/targets/new");
  await page.getByLabel("Văn bản kế hoạch").fill("Kế hoạch thử nghiệm 1/KH");
  await page.getByLabel("Tỉ lệ cần đạt (%)").fill("120");
  await page.getByLabel("Ngày bắt đầu").fill("01/01/2027");
  await page.getByLabel("Hạn hoàn thành").fill("31/12/2026");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByText("Tỉ lệ phải là một số từ 0 đến 100")).toBeVisible();
  await expect(page.getByText("Hạn hoàn thành không thể trước ngày bắt đầu.")).toBeVisible();
  await expect(page.getByLabel("Văn bản kế hoạch")).toHaveValue("Kế hoạch thử nghiệm 1/KH");
  await expect(page.getByLabel("Tỉ lệ cần đạt (%)")).toHaveValue("120");
  await expectAccessible(page);
});

test("Huế's officer sees none of Quảng Trị's figures and cannot change its targets", async ({ playwright, baseURL }) => {
  const hue = await playwright.request.newContext({ baseURL });
  await loginAs(hue, DEMO.hueProvince);
  for (const path of [`/dashboard/${QT_TARGET}`, `/dashboard/${TARGET}`, `/dashboard/${TARGET}/map`, `/dashboard/${TARGET}/export/xlsx`, `/targets/${QT_TARGET}`]) {
    expect((await hue.get(path, { maxRedirects: 0 })).status(), path).toBe(404);
  }
  const overview = await (await hue.get("/dashboard")).text();
  expect(overview).toContain("Thành phố Huế");
  expect(overview).not.toContain("Tỉnh Quảng Trị");
  expect(overview).toContain("Số liệu minh hoạ");
  // Writes into Quảng Trị: refused, nothing changes.
  expect((await hue.post(`/targets/${QT_TARGET}`, { form: { intent: "delete" }, maxRedirects: 0 })).status()).toBe(404);
  expect((await hue.post(`/targets/${QT_TARGET}`, { form: { planRef: "Sửa trái phép", percent: "10" }, maxRedirects: 0 })).status()).toBe(404);
  const units = await (await hue.get("/units")).text();
  const qtProvinceId = /href="\/units\/(\d+)"[^>]*>Tỉnh Quảng Trị</.exec(units)?.[1] ?? "1";
  const create = await hue.post("/targets/new", { form: { provinceId: qtProvinceId, planRef: "Trái phép", percent: "50", startsOn: "01/01/2026", deadline: "31/12/2030", positions: "ctv_ctxh", courseIds: "ctxh-co-ban" }, maxRedirects: 0 });
  expect(create.status()).toBe(400);
  expect(await create.text()).toContain("Vui lòng chọn tỉnh / thành phố trong phạm vi của bạn.");
  const geo = JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: { code: "19333" }, geometry: { type: "Polygon", coordinates: [[[107, 16.8], [107.1, 16.8], [107.1, 16.9], [107, 16.8]]] } }] });
  const boundaries = await hue.post("/targets/boundaries", { multipart: { file: { name: "x.geojson", mimeType: "application/geo+json", buffer: Buffer.from(geo) } }, maxRedirects: 0 });
  expect(boundaries.status()).toBe(400);
  expect(await boundaries.text()).toContain("19333");
  // Huế's own dashboard is there, with its demo note.
  const own = await (await hue.get(`/dashboard/${HUE_TARGET}`)).text();
  expect(own).toContain("Số liệu minh hoạ");
  await hue.dispose();

  const qt = await playwright.request.newContext({ baseURL });
  await loginAs(qt, DEMO.qtProvince);
  const page = await (await qt.get(`/targets/${QT_TARGET}`)).text();
  expect(page).toContain("Kế hoạch 98/KH-UBND ngày 21/5/2021");
  expect(page).not.toContain("Sửa trái phép");
  await qt.dispose();
});

test("a commune officer sees only the own commune", async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  await loginAs(request, DEMO.qtCommune);
  const overview = await (await request.get("/dashboard")).text();
  expect(overview).toContain("Phường Đông Hà");
  const link = /href="(\/dashboard\/\d+\/communes\/\d+)[^"]*"/.exec(overview)![1]!;
  expect((await request.get(link)).status()).toBe(200);
  expect((await request.get(`/dashboard/${TARGET}`, { maxRedirects: 0 })).status()).toBe(404);
  expect((await request.get(`/dashboard/${TARGET}/export/xlsx`, { maxRedirects: 0 })).status()).toBe(404);
  // Another commune of the same province: 404.
  const other = Number(link.split("/").pop()) + 1;
  expect((await request.get(`/dashboard/${TARGET}/communes/${other}`, { maxRedirects: 0 })).status()).toBe(404);
  await request.dispose();
});
