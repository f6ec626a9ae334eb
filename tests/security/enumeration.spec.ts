// Class 6 (docs/decisions/016-threat-model.md): the registration form must
// not tell a stranger which phone numbers have accounts, unless the
// submission is valid in every other respect (then the person needs to know).
import { expect, test } from "@playwright/test";
import { DEMO } from "../e2e/support";

const TAKEN = "Số điện thoại này đã được dùng cho một tài khoản khác.";

test("an invalid registration does not reveal that a phone number has an account", async ({ page }) => {
  // A probe: only the phone of an existing account, nothing else.
  const probe = await page.request.post("/register", { form: { phone: DEMO.qtLearner } });
  expect(probe.status()).toBe(400);
  expect(await probe.text()).not.toContain(TAKEN);

  // The same through the real form: the person's fields are valid, but the
  // consent is missing (this used to answer that the number is taken).
  await page.goto("/register");
  await page.getByLabel("Tỉnh / thành phố").selectOption({ label: "Tỉnh Quảng Trị" });
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await page.getByLabel("Họ và tên").fill("Người Thử Số");
  await page.getByLabel("Ngày sinh").fill("28/02/1990");
  await page.getByLabel("Xã / phường").selectOption({ label: "Phường Đông Hà" });
  await page.getByLabel("Vị trí").selectOption({ label: "Cộng tác viên CTXH" });
  await page.getByLabel("Điện thoại").fill(DEMO.qtLearner);
  await page.getByLabel("Mật khẩu (ít nhất 8 ký tự)").fill("thu-so-2026");
  await page.getByLabel("Nhập lại mật khẩu").fill("thu-so-2026");
  await page.getByRole("button", { name: "Gửi đăng ký" }).click();
  await expect(page.getByText("Bạn cần đánh dấu đồng ý để tiếp tục.", { exact: false })).toBeVisible();
  await expect(page.getByText(TAKEN)).toHaveCount(0);

  // Valid in every other respect: now the person is told, and nothing is created.
  await page.getByLabel("Mật khẩu (ít nhất 8 ký tự)").fill("thu-so-2026");
  await page.getByLabel("Nhập lại mật khẩu").fill("thu-so-2026");
  await page.locator("#consent").check();
  await page.getByRole("button", { name: "Gửi đăng ký" }).click();
  await expect(page.getByText(TAKEN)).toBeVisible();
  await expect(page.getByLabel("Họ và tên")).toHaveValue("Người Thử Số");
});
