// What people do in the first days of a deployment, in a real browser:
// sign in, switch language, register and be approved, receive an activation
// slip and activate, manage the roster. Every page is checked with axe.
import { expect, test } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, E2E_PUBLIC_URL, expectAccessible, loginAs, settlePublicAddress } from "./support";

test("a visitor signs in with a phone number written the international way", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Đăng nhập để học" }).click();
  await expectAccessible(page);
  await page.getByLabel("Số điện thoại hoặc email").fill("+84 905 000 004");
  await page.getByLabel("Mật khẩu").fill("sai-mat-khau");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("alert")).toHaveText("Số điện thoại/email hoặc mật khẩu không đúng.");
  // What was typed is still there.
  await expect(page.getByLabel("Số điện thoại hoặc email")).toHaveValue("+84 905 000 004");
  await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Xin chào, Nguyễn Thị Hường");
  await expectAccessible(page);

  await page.goto("/account/sessions");
  // Other browser tests may have left sessions of this account open: only
  // this one is tagged "Phiên này".
  await expect(page.getByText("Phiên này", { exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.goto("/account/data");
  await expect(page.getByRole("heading", { name: "Dữ liệu của tôi" })).toBeVisible();
  await expect(page.getByText(/Đồng ý ngày \d{2}\/\d{2}\/\d{4}/)).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page.getByText("Bạn đã đăng xuất.")).toBeVisible();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount/);
});

test("a malformed phone number gets a clear message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Số điện thoại hoặc email").fill("0123 45");
  await page.getByLabel("Mật khẩu").fill("bat-ky");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("alert")).toContainText("cần 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09");
});

test("the language switch is remembered across pages", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
  await page.goto("/register");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Chuyển sang tiếng Việt" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
});

test("self-registration waits for the commune officer's approval", async ({ page, context }) => {
  await page.goto("/register");
  await page.getByLabel("Tỉnh / thành phố").selectOption({ label: "Tỉnh Quảng Trị" });
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await expectAccessible(page);
  await page.getByLabel("Họ và tên").fill("Lương Thị Phượng");
  await page.getByLabel("Ngày sinh").fill("31/02/1991");
  await page.getByLabel("Xã / phường").selectOption({ label: "Phường Đông Hà" });
  await page.getByLabel("Vị trí").selectOption({ label: "Cộng tác viên CTXH" });
  await page.getByLabel("Điện thoại").fill("0978 123 456");
  await page.getByLabel("Mật khẩu (ít nhất 8 ký tự)").fill("phuong-2026");
  await page.getByLabel("Nhập lại mật khẩu").fill("phuong-2026");
  await page.getByRole("button", { name: "Gửi đăng ký" }).click();
  // Invalid date and missing consent: both named, and the typed values kept.
  await expect(page.getByText("Ngày sinh không hợp lệ: nhập theo dạng dd/mm/yyyy.")).toBeVisible();
  await expect(page.getByText("Bạn cần đánh dấu đồng ý để tiếp tục.", { exact: false })).toBeVisible();
  await expect(page.getByLabel("Họ và tên")).toHaveValue("Lương Thị Phượng");
  await expect(page.getByLabel("Consent", { exact: false })).toHaveCount(0);
  await expect(page.locator("#consent")).not.toBeChecked();
  await expectAccessible(page);
  await page.getByLabel("Ngày sinh").fill("28/02/1991");
  await page.getByLabel("Mật khẩu (ít nhất 8 ký tự)").fill("phuong-2026");
  await page.getByLabel("Nhập lại mật khẩu").fill("phuong-2026");
  await page.locator("#consent").check();
  await page.getByRole("button", { name: "Gửi đăng ký" }).click();
  await expect(page.getByRole("heading", { name: "Đã gửi đăng ký" })).toBeVisible();

  await page.goto("/login");
  await page.getByLabel("Số điện thoại hoặc email").fill("0978123456");
  await page.getByLabel("Mật khẩu").fill("phuong-2026");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("alert")).toContainText("đang chờ cán bộ xã hoặc tỉnh duyệt");

  await loginAs(page, DEMO.qtCommune);
  await page.goto("/approvals");
  await expectAccessible(page);
  const card = page.locator(".card", { hasText: "Lương Thị Phượng" });
  await card.getByRole("button", { name: "Duyệt" }).click();
  await expect(page.getByText("Đã duyệt tài khoản của Lương Thị Phượng.")).toBeVisible();
  await context.clearCookies();

  await page.goto("/login");
  await page.getByLabel("Số điện thoại hoặc email").fill("0978123456");
  await page.getByLabel("Mật khẩu").fill("phuong-2026");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Xin chào, Lương Thị Phượng");
});

test("an officer adds a person, prints an activation slip, and the person activates", async ({ page, context }) => {
  // The slip's QR code and link use the public address (never the Host of this 127.0.0.1 request).
  await settlePublicAddress(page);
  await loginAs(page, DEMO.qtCommune);
  await page.goto("/people");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Thêm người" }).click();
  await page.getByLabel("Họ và tên").fill("Đặng Quốc Bảo");
  await page.getByLabel("Ngày sinh").fill("12/08/1987");
  await page.getByLabel("Xã / phường").selectOption({ label: "Phường Đông Hà" });
  await page.getByLabel("Vị trí").selectOption({ label: "Nhân viên CTXH" });
  await page.getByLabel("Điện thoại").fill("0398 765 432");
  await page.getByLabel("Số định danh cá nhân (không bắt buộc)").fill("044087001234");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByText("Đã thêm Đặng Quốc Bảo vào danh sách.")).toBeVisible();
  // Personal identifiers are masked until revealed, and revealing is logged.
  await expect(page.getByText("039****432")).toBeVisible();
  await expect(page.getByText("*********234")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Xem đầy đủ (được ghi nhật ký)" }).click();
  await expect(page.getByText("0398 765 432")).toBeVisible();

  await page.getByRole("link", { name: "Cấp mã kích hoạt" }).click();
  await page.getByRole("button", { name: "Tạo mã kích hoạt mới" }).click();
  const code = (await page.locator(".slip .code").textContent())!.trim();
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/);
  await expect(page.locator(".slip svg")).toBeVisible();
  const link = (await page.locator(".slip p", { hasText: "/activate?code=" }).textContent())!.trim();
  expect(link.startsWith(`${E2E_PUBLIC_URL}/activate?code=`)).toBe(true);
  await expectAccessible(page);
  await context.clearCookies();

  await page.goto(new URL(link).pathname + new URL(link).search);
  await expect(page.getByText("Mã kích hoạt dành cho: Đặng Quốc Bảo")).toBeVisible();
  await page.getByLabel("Mật khẩu (ít nhất 8 ký tự)").fill("bao-2026-ctxh");
  await page.getByLabel("Nhập lại mật khẩu").fill("bao-2026-ctxh");
  await page.getByRole("button", { name: "Kích hoạt" }).click();
  await expect(page.getByText("Bạn cần đánh dấu đồng ý", { exact: false })).toBeVisible();
  await page.getByLabel("Mật khẩu (ít nhất 8 ký tự)").fill("bao-2026-ctxh");
  await page.getByLabel("Nhập lại mật khẩu").fill("bao-2026-ctxh");
  await page.locator("#consent").check();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Kích hoạt" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Xin chào, Đặng Quốc Bảo");
  await context.clearCookies();

  // The slip cannot be used twice.
  await page.goto(`/activate?code=${code}`);
  await expect(page.getByRole("alert")).toHaveText("Mã kích hoạt này đã được sử dụng. Nếu bạn quên mật khẩu, hãy liên hệ cán bộ phụ trách.");

  // The province officer sees the reveal in the audit log.
  await loginAs(page, DEMO.qtProvince);
  await page.goto("/audit");
  await expect(page.getByText("person.pii_viewed").first()).toBeVisible();
  await expectAccessible(page);
});

test("an administrator imports units with errors, then without", async ({ page }) => {
  await loginAs(page, DEMO.admin);
  await page.goto("/units/import");
  await expectAccessible(page);
  await page.getByLabel("Tệp danh mục").setInputFiles({
    name: "dvhc.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("Mã,Tên,Cấp,Mã cấp trên\n77,Tỉnh Thử,Tỉnh,\n77001,Xã Một,Xã,77\n77001,Xã Hai,Xã,77\n77002,Xã Ba,Xã,88888\n"),
  });
  await page.getByRole("button", { name: "Nhập" }).click();
  await expect(page.getByRole("alert")).toHaveText("Không nhập được: tệp có 2 lỗi. Chưa có thay đổi nào được lưu.");
  await expect(page.getByRole("cell", { name: "Mã \"77001\" bị trùng với dòng 3." })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Tệp danh mục").setInputFiles({
    name: "dvhc.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("Mã,Tên,Cấp,Mã cấp trên\n77,Tỉnh Thử,Tỉnh,\n77001,Xã Một,Xã,77\n"),
  });
  await page.getByRole("button", { name: "Nhập" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã nhập xong: 2 đơn vị mới, 0 cập nhật, 0 không đổi.");
  await page.goto("/units");
  await expect(page.getByRole("link", { name: "Tỉnh Thử" })).toBeVisible();
});

test("errors are clear Vietnamese pages", async ({ page }) => {
  const response = await page.goto("/khong-co-trang-nay");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Không tìm thấy trang");
  await expectAccessible(page);
  await loginAs(page, DEMO.qtLearner);
  const forbidden = await page.goto("/people");
  expect(forbidden?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Không có quyền truy cập");
});

test("health endpoints answer JSON", async ({ request }) => {
  expect(await (await request.get("/healthz")).json()).toEqual({ status: "ok" });
  expect(await (await request.get("/readyz")).json()).toMatchObject({ status: "ok" });
});
