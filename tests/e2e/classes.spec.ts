// An in-person class from start to finish, on a phone: the province officer
// adds three collaborators to Phường Đông Hà's roster; the Quảng Trị trainer
// creates a class of "Bảo vệ trẻ em tại cộng đồng" for Đông Hà, enrols them
// (capacity enforced), takes attendance with one tap per person (with and
// without JavaScript, and through a dropped connection), records results,
// uploads a photo of the signed sheet and closes the class. The two who
// qualify get certificates that verify and count on the provincial
// dashboard; the third does not. Huế's officer can neither see nor touch it.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import sharp from "sharp";
import { DEMO, expectAccessible, loginAs } from "./support";

const COURSE_TITLE = "Bảo vệ trẻ em tại cộng đồng";
// People with demo accounts: browser tests elsewhere rely on them, so they are not enrolled here.
const ACCOUNT_HOLDERS = ["Nguyễn Thị Hường", "Trương Vĩnh Ký", "Lê Thị Ngọc Ánh", "Hoàng Thị Mai", "Hồ Xuân Hương"];

function vnDate(daysAgo: number) {
  const iso = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(Date.now() - daysAgo * 86_400_000);
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

async function tap(page: Page, name: string, expected: "Có mặt" | "Vắng") {
  const button = page.getByRole("listitem").filter({ hasText: name }).getByRole("button");
  await button.click();
  await expect(button).toContainText(expected);
}

test("a trainer runs an in-person class and the qualifying learners get certificates", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  // The province officer adds three collaborators to Đông Hà's roster: people the target
  // counts and nobody has trained, so the dashboard can show what the class changes.
  const officerContext = await browser.newContext({ baseURL });
  const dashboard = await officerContext.newPage();
  await loginAs(dashboard, DEMO.qtProvince);
  await openDongHaDashboard(dashboard);
  const dongHaId = /\/communes\/(\d+)/.exec(dashboard.url())![1]!;
  const newcomers = ["Tôn Nữ Khánh Vy", "Hà Minh Triết", "Lục Thị Bích Ngọc"];
  for (const fullName of newcomers) {
    const created = await dashboard.request.post("/people/new", { form: { fullName, communeId: dongHaId, position: "ctv_ctxh", startedOn: "01/01/2026" }, maxRedirects: 0 });
    expect(created.status(), `add ${fullName}`).toBe(302);
  }
  await openDongHaDashboard(dashboard);
  for (const n of newcomers) expect((await dashboardRows(dashboard)).find((r) => r.name === n)?.status).toBe("Chưa bắt đầu");

  await loginAs(page, DEMO.qtTrainer);
  await page.goto("/classes");
  await page.getByRole("link", { name: "Tạo lớp mới" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tạo lớp tập huấn");
  await expectAccessible(page);

  // A mistake first: what was typed stays.
  const title = `Tập huấn BVTE Đông Hà ${Date.now().toString(36)}`;
  await page.getByLabel("Khóa học / chương trình").selectOption({ label: COURSE_TITLE });
  await page.getByLabel("Tên lớp").fill(title);
  await page.getByLabel("Ngày bắt đầu").fill(vnDate(3));
  await page.getByLabel("Ngày kết thúc").fill("31/02/2026");
  await page.getByLabel("Địa điểm").fill("Hội trường UBND phường Đông Hà");
  await page.getByLabel("Sĩ số tối đa").fill("3");
  await page.getByRole("button", { name: "Tạo lớp mới" }).click();
  await expect(page.getByText("Ngày kết thúc không hợp lệ: nhập theo dạng dd/mm/yyyy.")).toBeVisible();
  await expect(page.getByText("Vui lòng chọn ít nhất một xã / phường.")).toBeVisible();
  await expect(page.getByLabel("Tên lớp")).toHaveValue(title);
  await page.getByLabel("Ngày kết thúc").fill(vnDate(2));
  await page.getByRole("checkbox", { name: "Phường Đông Hà" }).check();
  await page.getByRole("button", { name: "Tạo lớp mới" }).click();
  await expect(page.getByText("Đã tạo lớp. Hãy ghi danh học viên.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  const classUrl = new URL(page.url()).pathname;
  const classId = /\/classes\/(\d+)/.exec(classUrl)![1]!;
  await expect(page.getByRole("link", { name: /^Buổi \d/ })).toHaveCount(2);

  // Enrol: four ticked for three places is refused as a whole, the ticks stay.
  await page.getByRole("link", { name: "Ghi danh học viên" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Ghi danh: ${title}`);
  const rows = page.locator("tbody tr").filter({ has: page.locator('input[name="personId"]') });
  // Three newcomers and, to overfill the class, someone else without an account.
  const listed = (await rows.locator("label").allTextContents()).map((n) => n.trim());
  for (const n of newcomers) expect(listed).toContain(n);
  const d = listed.find((n) => !newcomers.includes(n) && !ACCOUNT_HOLDERS.includes(n))!;
  const [a, b, c] = newcomers as [string, string, string];
  for (const n of [a, b, c, d]) await page.getByRole("checkbox", { name: n, exact: true }).check();
  await page.getByRole("button", { name: "Ghi danh người đã chọn" }).click();
  await expect(page.getByRole("alert")).toContainText("Lớp chỉ còn 3 chỗ (sĩ số tối đa 3) nhưng bạn chọn 4 người. Chưa ghi danh ai");
  await expect(page.getByRole("checkbox", { name: d, exact: true })).toBeChecked();
  await page.getByRole("checkbox", { name: d, exact: true }).uncheck();
  await page.getByRole("button", { name: "Ghi danh người đã chọn" }).click();
  await expect(page.getByText("Đã ghi danh 3 người.")).toBeVisible();
  await expectAccessible(page);

  // Attendance, session 1: everyone present. Each tap is saved without a page load.
  await page.goto(classUrl);
  await page.getByRole("link", { name: /^Buổi 1/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Điểm danh buổi 1");
  const session1 = new URL(page.url()).pathname;
  let loads = 0;
  page.on("load", () => loads++);
  await tap(page, a, "Có mặt");
  // Everyone else at once.
  await page.getByRole("button", { name: "Đánh dấu có mặt cho người chưa điểm danh" }).click();
  await expect(page.getByText("Đã đánh dấu có mặt cho 2 người chưa điểm danh.")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: b }).getByRole("button")).toContainText("Có mặt");
  await expect(page.getByRole("button", { name: "Đánh dấu có mặt cho người chưa điểm danh" })).toHaveCount(0);
  await tap(page, c, "Vắng");
  await tap(page, c, "Có mặt");
  expect(loads).toBe(0);
  await expectAccessible(page);
  // The connection drops: the row says so and keeps the last saved state; tapping again works.
  await page.context().setOffline(true);
  const rowA = page.getByRole("listitem").filter({ hasText: a });
  await rowA.getByRole("button").click();
  await expect(rowA.getByRole("alert")).toHaveText("Chưa lưu được (mạng yếu?). Bấm lại để thử.");
  await expect(rowA.getByRole("button")).toContainText("Có mặt");
  await page.context().setOffline(false);
  await tap(page, a, "Vắng");
  await expect(rowA.getByRole("alert")).toHaveCount(0);
  await tap(page, a, "Có mặt");
  expect(loads).toBe(0);

  // A photo of the signed sheet: a PDF is refused, a large PNG is stored shrunk.
  await page.getByLabel("Chọn ảnh").setInputFiles({ name: "danh-sach.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7 không phải ảnh") });
  await page.getByRole("button", { name: "Tải ảnh lên" }).click();
  await expect(page.getByText("Tệp không phải ảnh JPEG, PNG hoặc WebP. Chưa lưu gì.")).toBeVisible();
  await expect(page.getByText("Chưa có ảnh.")).toBeVisible();
  // Over 10 MB is refused before anything is decoded or stored.
  const oversized = await page.request.post(session1, {
    multipart: { photo: { name: "qua-lon.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(10 * 1024 * 1024 + 1024, 1) } },
    maxRedirects: 0,
  });
  expect(oversized.status()).toBe(413);
  expect(await oversized.text()).toContain("Ảnh quá lớn: tối đa 10 MB. Chưa lưu gì.");
  const photo = await sharp({ create: { width: 2400, height: 3200, channels: 3, background: { r: 250, g: 250, b: 245 } } })
    .png()
    .toBuffer();
  await page.getByLabel("Chọn ảnh").setInputFiles({ name: "danh-sach-ky-ten.png", mimeType: "image/png", buffer: photo });
  await page.getByRole("button", { name: "Tải ảnh lên" }).click();
  await expect(page.getByText("Đã lưu ảnh minh chứng.")).toBeVisible();
  const img = page.getByRole("img", { name: "Ảnh danh sách ký tên buổi 1, ảnh 1" });
  await expect(img).toBeVisible();
  const imageResponse = await page.request.get((await img.getAttribute("src"))!);
  expect(imageResponse.headers()["content-type"]).toBe("image/jpeg");
  const meta = await sharp(await imageResponse.body()).metadata();
  expect(Math.max(meta.width!, meta.height!)).toBe(1600);
  const photoUrl = (await img.getAttribute("src"))!;

  // The same tap repeated (a retry on a weak connection) does not flip it back.
  for (let i = 0; i < 2; i++) {
    const retry = await page.request.post(session1, { form: { intent: "attend", personId: await personIdOf(page, a), present: "1", js: "1" } });
    expect(retry.status()).toBe(200);
  }
  // Someone not in the class cannot be marked.
  await page.goto(`/classes/${classId}/enrol`);
  const outsiderId = await page.getByRole("checkbox", { name: d, exact: true }).getAttribute("value");
  const refused = await page.request.post(session1, { form: { intent: "attend", personId: outsiderId!, present: "1" }, maxRedirects: 0 });
  expect(refused.status()).toBe(400);
  expect(await refused.text()).toContain("Không thể điểm danh: người này không có trong danh sách lớp.");
  await page.goto(session1);
  for (const n of [a, b, c]) await expect(page.getByRole("listitem").filter({ hasText: n }).getByRole("button")).toContainText("Có mặt");

  // Session 2, without JavaScript: a plain POST that comes back to the same row.
  const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, baseURL: baseURL });
  const plain = await noJs.newPage();
  await loginAs(plain, DEMO.qtTrainer);
  await plain.goto(classUrl);
  await plain.getByRole("link", { name: /^Buổi 2/ }).click();
  for (const n of [a, b]) {
    await plain.getByRole("listitem").filter({ hasText: n }).getByRole("button").click();
    await expect(plain).toHaveURL(/#p-\d+$/);
    await expect(plain.getByRole("listitem").filter({ hasText: n }).getByRole("button")).toContainText("Có mặt");
  }
  // c was absent from session 2.
  await plain.getByRole("listitem").filter({ hasText: c }).getByRole("button").click();
  await plain.getByRole("listitem").filter({ hasText: c }).getByRole("button").click();
  await expect(plain.getByRole("listitem").filter({ hasText: c }).getByRole("button")).toContainText("Vắng");
  await logout(plain.request);
  await noJs.close();

  // Results.
  await page.goto(classUrl);
  await page.getByLabel(`Điểm của ${a}`).fill("85");
  await page.getByLabel(`Điểm của ${b}`).fill("70");
  await page.getByLabel(`Điểm của ${c}`).fill("90");
  await page.getByRole("button", { name: "Lưu kết quả" }).first().click();
  await expect(page.getByText("Đã lưu kết quả của 3 học viên.")).toBeVisible();
  await expectAccessible(page);

  // Closing: who qualifies and why not, then confirm.
  await page.getByRole("link", { name: "Kết thúc lớp" }).click();
  await expect(page.getByRole("heading", { name: "Đủ điều kiện (2)" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Chưa đủ điều kiện (1)" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: c })).toContainText("dự 1/2 buổi (cần ít nhất 2 buổi)");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Xác nhận kết thúc lớp và cấp giấy chứng nhận" }).click();
  await expect(page.getByText("Đã kết thúc lớp: 2 người hoàn thành (2 giấy chứng nhận mới), 1 người chưa đủ điều kiện.")).toBeVisible();
  // Closing again changes nothing.
  const again = await page.request.post(`/classes/${classId}/close`, { maxRedirects: 0 });
  expect(again.status()).toBe(409);
  expect(await again.text()).toContain("Lớp này đã được kết thúc trước đó; không có gì thay đổi.");
  await page.goto(`/classes/${classId}/close`);
  await expect(page.getByText("Lớp này đã được kết thúc trước đó; không có gì thay đổi.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Xác nhận kết thúc lớp/ })).toHaveCount(0);

  // The class page shows the outcome with certificate numbers.
  await page.goto(classUrl);
  const serialOf = async (n: string) => (await page.getByRole("row").filter({ hasText: n }).getByRole("link").textContent())?.trim() ?? "";
  const serialA = await serialOf(a);
  const serialB = await serialOf(b);
  expect(serialA).toMatch(/^P44-\d{4}-\d{6}$/);
  expect(serialB).toMatch(/^P44-\d{4}-\d{6}$/);
  await expect(page.getByRole("row").filter({ hasText: c })).toContainText("Chưa hoàn thành");
  await expect(page.getByRole("row").filter({ hasText: c }).getByRole("link")).toHaveCount(0);

  // Certificates: listed for the trainer, verifiable by anyone.
  await page.goto("/certificates");
  for (const [n, serial] of [
    [a, serialA],
    [b, serialB],
  ]) {
    await expect(page.getByRole("row").filter({ hasText: serial! })).toContainText(n!);
  }
  await expect(page.getByRole("row").filter({ hasText: c }).filter({ hasText: COURSE_TITLE })).toHaveCount(0);
  const anonymous = await browser.newContext({ baseURL: baseURL });
  const visitor = await anonymous.newPage();
  await visitor.goto(`/verify/${serialA}`);
  await expect(visitor.getByText(a).first()).toBeVisible();
  await expect(visitor.getByText(COURSE_TITLE).first()).toBeVisible();
  await expect(visitor.getByText("Còn hiệu lực").first()).toBeVisible();
  await anonymous.close();

  // They count as trained.
  await page.goto(`/progress?course=bvte-cong-dong`);
  for (const n of [a, b]) await expect(page.getByRole("row").filter({ hasText: n })).toContainText("Đã hoàn thành");
  await expect(page.getByRole("row").filter({ hasText: c })).not.toContainText("Đã hoàn thành");

  // …and on the provincial dashboard, dated the last day of the class.
  await openDongHaDashboard(dashboard);
  const after = await dashboardRows(dashboard);
  for (const n of [a, b]) expect(after.find((r) => r.name === n)?.status).toBe(`Đã đào tạo (${vnDate(2)})`);
  expect(after.find((r) => r.name === c)?.status).toBe("Chưa bắt đầu");
  await logout(dashboard.request);
  await officerContext.close();

  // Follow-up: learners of the core course who went quiet (the demo has some).
  await page.goto("/classes/insight?course=ctxh-co-ban&days=30");
  await expect(page.getByRole("heading", { name: "Học viên chậm tiến độ" })).toBeVisible();
  expect(await page.getByRole("region", { name: "Học viên chậm tiến độ" }).locator("tbody tr").count()).toBeGreaterThan(0);
  await expectAccessible(page);

  // Huế's officer sees nothing and can do nothing.
  const hue = await browser.newContext({ baseURL: baseURL });
  await loginAs(hue.request, DEMO.hueProvince);
  expect((await hue.request.get(`/classes/${classId}`, { maxRedirects: 0 })).status()).toBe(404);
  expect((await hue.request.get(session1, { maxRedirects: 0 })).status()).toBe(404);
  expect((await hue.request.get(photoUrl, { maxRedirects: 0 })).status()).toBe(404);
  expect(await (await hue.request.get("/classes")).text()).not.toContain(title);
  for (const [path, form] of [
    [session1, { intent: "attend", personId: "1", present: "0" }],
    [`/classes/${classId}`, { remove: "1" }],
    [`/classes/${classId}/close`, {}],
    [`/classes/${classId}/enrol`, { personId: "1" }],
    [`/classes/${classId}/edit`, { title: "Bị sửa" }],
  ] as const) {
    expect((await hue.request.post(path, { form: form as Record<string, string>, maxRedirects: 0 })).status(), `POST ${path}`).toBe(404);
  }
  await logout(hue.request);
  await hue.close();
  // Officers in scope follow the class but cannot run it.
  const officer = await browser.newContext({ baseURL: baseURL });
  await loginAs(officer.request, DEMO.qtCommune);
  expect(await (await officer.request.get(`/classes/${classId}`)).text()).toContain(title);
  expect((await officer.request.post(session1, { form: { intent: "attend", personId: "1", present: "0" }, maxRedirects: 0 })).status()).toBe(403);
  await logout(officer.request);
  await officer.close();
  await logout(page.request);
});

test("learners see nothing of classes", async ({ page }) => {
  await loginAs(page, DEMO.qtLearner);
  const response = await page.goto("/classes");
  expect(response?.status()).toBe(403);
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Lớp tập huấn" })).toHaveCount(0);
  await logout(page.request);
});

/** Ends the session, so other browser tests see only their own sessions of the demo accounts. */
async function logout(request: APIRequestContext) {
  expect((await request.post("/logout", { maxRedirects: 0 })).status()).toBe(302);
}

async function openDongHaDashboard(page: Page) {
  await page.goto("/dashboard");
  await page.getByRole("link", { name: "Tỉnh Quảng Trị" }).click();
  await page.getByRole("link", { name: "Phường Đông Hà", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Phường Đông Hà");
}

async function dashboardRows(page: Page) {
  return page.locator("tbody tr").evaluateAll((trs) =>
    trs.map((tr) => ({ name: (tr as HTMLTableRowElement).cells[0]?.textContent?.trim() ?? "", status: (tr as HTMLTableRowElement).cells[2]?.textContent?.trim() ?? "" })),
  );
}

async function personIdOf(page: Page, name: string) {
  const id = await page.getByRole("listitem").filter({ hasText: name }).getAttribute("id");
  return id!.replace("p-", "");
}
