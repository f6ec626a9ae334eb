// Roster import in a real browser: the Quảng Trị officer downloads the
// template, uploads a file with mistakes and sees them by row and column,
// fixes it, previews, commits and finds the people on the list. Huế's
// officer can neither see nor commit Quảng Trị's preview, nor import into
// Quảng Trị communes.
import fs from "node:fs";
import ExcelJS from "exceljs";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, expectAccessible, loginAs } from "./support";

const SUFFIX = Date.now().toString(36).slice(-4).toUpperCase();
const NAMES = [`Lê Thị Nhập Thử ${SUFFIX}`, `Trần Văn Nhập Thử ${SUFFIX}`, `Phan Thị Nhập Thử ${SUFFIX}`];
const n = (i: number) => `09661${SUFFIX.charCodeAt(0) % 10}${String(i).padStart(4, "0")}`;

async function fileFrom(template: Buffer, rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  ws.spliceRows(2, 1); // the example row
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(page: Page, name: string, buffer: Buffer) {
  await page.goto("/roster/import");
  await page.setInputFiles('input[name="file"]', { name, mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer });
  await Promise.all([page.waitForURL(/\/roster\/import\/[A-Za-z0-9_-]+$/), page.getByRole("button", { name: "Xem trước" }).click()]);
}

test("a province officer imports a list: template, errors by row and column, fix, preview, commit", async ({ page }) => {
  await loginAs(page, DEMO.qtProvince);
  await page.goto("/people");
  await page.getByRole("link", { name: "Nhập danh sách từ tệp" }).click();
  await expect(page.getByRole("heading", { name: "Nhập danh sách nhân sự" })).toBeVisible();
  await expectAccessible(page);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Tải tệp mẫu (.xlsx)" }).click()]);
  const template = fs.readFileSync((await download.path())!);
  const check = new ExcelJS.Workbook();
  await check.xlsx.load(template as unknown as ArrayBuffer);
  expect(check.worksheets.map((w) => w.name)).toEqual(["Danh sách", "Hướng dẫn", "Mã xã phường"]);
  expect((check.worksheets[0]!.getRow(1).values as string[]).slice(1)).toEqual(["Họ và tên", "Ngày sinh", "Giới tính", "Điện thoại", "Số định danh", "Xã / phường", "Vị trí", "Ngày bắt đầu"]);

  const good = [
    [NAMES[0]!, "12/05/1990", "Nữ", n(1), "", "Phường Đông Hà", "Cộng tác viên CTXH", "01/09/2025"],
    [NAMES[1]!, "01/01/1985", "Nam", n(2), "", "Nam Đông Hà", "Nhân viên CTXH", ""],
    [NAMES[2]!, "", "Nữ", "", "", "19360", "Khác", ""],
  ];
  const bad = good.map((r) => [...r]);
  bad[0]![1] = "31/02/1990"; // no such day
  bad[1]![5] = "Phường Kim Long"; // Huế, not Quảng Trị
  bad[2]![6] = "Trưởng thôn"; // not a position

  await upload(page, "danh-sach.xlsx", await fileFrom(template, bad));
  await expect(page.getByText("Tệp có 3 lỗi")).toBeVisible();
  const errors = page.getByRole("table");
  await expect(errors.getByRole("row", { name: /2 Ngày sinh .*31\/02\/1990/ })).toBeVisible();
  await expect(errors.getByRole("row", { name: /3 Xã \/ phường .*Phường Kim Long.*Tỉnh Quảng Trị/ })).toBeVisible();
  await expect(errors.getByRole("row", { name: /4 Vị trí .*Trưởng thôn/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Nhập dữ liệu" })).toHaveCount(0);
  await expectAccessible(page);

  await upload(page, "danh-sach.xlsx", await fileFrom(template, good));
  await expect(page.locator('[data-count="create"]')).toHaveText("3");
  await expect(page.locator('[data-count="errors"]')).toHaveText("0");
  await expectAccessible(page);
  await Promise.all([page.waitForURL(/done=1/), page.getByRole("button", { name: "Nhập dữ liệu" }).click()]);
  await expect(page.getByText("Đã nhập: 3 người mới, 0 cập nhật, 0 không đổi.")).toBeVisible();

  await page.goto(`/people?q=${encodeURIComponent(`Nhập Thử ${SUFFIX}`)}`);
  for (const name of NAMES) await expect(page.getByRole("link", { name })).toBeVisible();

  // The same file again: nothing changes.
  await upload(page, "danh-sach.xlsx", await fileFrom(template, good));
  await expect(page.locator('[data-count="unchanged"]')).toHaveText("3");
  await expect(page.locator('[data-count="create"]')).toHaveText("0");

  // The person page shows the work history.
  await page.goto(`/people?q=${encodeURIComponent(NAMES[0]!)}`);
  await page.getByRole("link", { name: NAMES[0]! }).click();
  await expect(page.getByRole("heading", { name: "Quá trình công tác" })).toBeVisible();
  await expect(page.getByText(/01\/09\/2025 – nay/)).toBeVisible();
});

test("Huế's officer cannot see or commit a Quảng Trị preview, nor import into Quảng Trị communes", async ({ page, playwright, baseURL }) => {
  await loginAs(page, DEMO.qtProvince);
  await page.goto("/roster/import");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Tải tệp mẫu (.xlsx)" }).click()]);
  const template = fs.readFileSync((await download.path())!);
  const name = `Người Quảng Trị ${SUFFIX}`;
  await upload(page, "qt.xlsx", await fileFrom(template, [[name, "", "", "", "", "Phường Đông Hà", "Khác", ""]]));
  const previewPath = new URL(page.url()).pathname;

  const hue = await playwright.request.newContext({ baseURL });
  await loginAs(hue, DEMO.hueProvince);
  expect((await hue.get(previewPath, { maxRedirects: 0 })).status()).toBe(404);
  expect((await hue.post(previewPath, { form: { intent: "commit" }, maxRedirects: 0 })).status()).toBe(404);
  expect((await hue.post(previewPath, { form: { intent: "decide", "row-2": "new" }, maxRedirects: 0 })).status()).toBe(404);

  // Huế's own import naming a Quảng Trị commune is an error on that cell, and cannot be committed.
  const staged = await hue.post("/roster/import", {
    multipart: { intent: "preview", file: { name: "hue.xlsx", mimeType: "application/octet-stream", buffer: await fileFrom(template, [[`${name} 2`, "", "", "", "", "Phường Đông Hà", "Khác", ""]]) } },
    maxRedirects: 0,
  });
  expect(staged.status()).toBe(302);
  const huePreview = staged.headers()["location"]!;
  const html = await (await hue.get(huePreview)).text();
  expect(html).toContain("Không tìm thấy xã / phường “Phường Đông Hà” trong Thành phố Huế.");
  expect(html).not.toContain("Nhập dữ liệu</button>");
  expect((await hue.post(huePreview, { form: { intent: "commit" }, maxRedirects: 0 })).status()).toBe(409);
  // A commune officer cannot import at all.
  const commune = await playwright.request.newContext({ baseURL });
  await loginAs(commune, DEMO.qtCommune);
  expect((await commune.post(previewPath, { form: { intent: "commit" }, maxRedirects: 0 })).status()).toBe(403);
  await hue.dispose();
  await commune.dispose();

  // Nothing was written: the Quảng Trị preview is still uncommitted and its person absent.
  await page.goto(`/people?q=${encodeURIComponent(name)}`);
  await expect(page.getByRole("link", { name })).toHaveCount(0);
  await page.goto(previewPath);
  await expect(page.getByRole("button", { name: "Nhập dữ liệu" })).toBeVisible();
});

test("a commune officer changes a position, moves someone out within the province and marks someone as left; the timeline keeps it", async ({ page }) => {
  await loginAs(page, DEMO.qtCommune);
  const add = async (fullName: string) => {
    await page.goto("/people/new");
    await page.fill('input[name="fullName"]', fullName);
    await page.selectOption('select[name="communeId"]', { label: "Phường Đông Hà" });
    await page.selectOption('select[name="position"]', { label: "Cộng tác viên CTXH" });
    await page.fill('input[name="startedOn"]', "01/01/2024");
    await Promise.all([page.waitForURL(/created=1/), page.getByRole("button", { name: "Lưu" }).click()]);
    return new URL(page.url()).pathname;
  };
  const movedName = `Hồ Thị Chuyển Đi ${SUFFIX}`;
  const personPath = await add(movedName);
  await expect(page.getByRole("heading", { name: "Quá trình công tác" })).toBeVisible();
  await expectAccessible(page);

  // A position change dated before the current post started is refused with the reason.
  await page.selectOption('select[name="newPosition"]', { label: "Nhân viên CTXH" });
  await page.fill('input[name="changedOn"]', "01/06/2023");
  await page.getByRole("button", { name: "Đổi vị trí" }).click();
  await expect(page.getByText("Ngày phải từ 01/01/2024 trở đi (ngày bắt đầu công việc hiện tại).")).toBeVisible();
  await page.selectOption('select[name="newPosition"]', { label: "Nhân viên CTXH" });
  await page.fill('input[name="changedOn"]', "01/06/2025");
  await page.getByRole("button", { name: "Đổi vị trí" }).click();
  await expect(page.getByText("Đã đổi vị trí.")).toBeVisible();
  await expect(page.getByText("01/01/2024 – 01/06/2025: Cộng tác viên CTXH, Phường Đông Hà (đổi vị trí)")).toBeVisible();

  // Moving out to another commune of the province: the person leaves this officer's list.
  await page.selectOption('select[name="moveTo"]', { label: "Phường Nam Đông Hà" });
  await page.fill('input[name="movedOn"]', "01/09/2025");
  await Promise.all([page.waitForURL(/\/people\?movedTo=/), page.getByRole("button", { name: "Chuyển", exact: true }).click()]);
  await expect(page.getByText(`Đã chuyển ${movedName} sang Phường Nam Đông Hà.`)).toBeVisible();
  expect((await page.request.get(personPath, { maxRedirects: 0 })).status()).toBe(404);

  // The province officer sees the whole history.
  const province = await page.context().browser()!.newContext();
  const provincePage = await province.newPage();
  await loginAs(provincePage, DEMO.qtProvince);
  await provincePage.goto(personPath);
  await expect(provincePage.getByText("01/06/2025 – 01/09/2025: Nhân viên CTXH, Phường Đông Hà (chuyển đơn vị)")).toBeVisible();
  await expect(provincePage.getByText("01/09/2025 – nay: Nhân viên CTXH, Phường Nam Đông Hà")).toBeVisible();
  await province.close();

  const leaving = await add(`Hồ Văn Nghỉ Việc ${SUFFIX}`);
  await page.goto(leaving);
  await page.fill('input[name="leftOn"]', "15/10/2025");
  await page.getByRole("button", { name: "Đánh dấu đã nghỉ" }).click();
  await expect(page.getByText("Đã ghi nhận người này nghỉ việc.")).toBeVisible();
  await expect(page.getByText("01/01/2024 – 15/10/2025: Cộng tác viên CTXH, Phường Đông Hà (nghỉ việc)")).toBeVisible();
});
