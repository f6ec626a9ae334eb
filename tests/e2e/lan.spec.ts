// Signing in from another device on the class's Wi-Fi: the production server
// (no COOKIE_SECURE override, as the README starts it) reached by a name that
// is not localhost over plain HTTP. Chromium maps ctxh.lan to this machine.
import { chromium, expect, test } from "@playwright/test";
import { DEMO, DEMO_PASSWORD } from "./support";

const port = Number(process.env.E2E_PORT ?? 3210);

test("a phone on the LAN signs in at http://ctxh.lan/login", async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--host-resolver-rules=MAP ctxh.lan 127.0.0.1"],
  });
  try {
    const context = await browser.newContext({ locale: "vi-VN", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`http://ctxh.lan:${port}/login`);
    await page.getByLabel("Số điện thoại hoặc email").fill(DEMO.qtLearner);
    await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    // Before: 302 to "/", the Secure cookie dropped, the guest page again.
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Xin chào, Nguyễn Thị Hường");
    const cookie = (await context.cookies(`http://ctxh.lan:${port}`)).find((c) => c.name === "ctxh_session");
    expect(cookie).toMatchObject({ secure: false, httpOnly: true, sameSite: "Lax" });
    await page.goto(`http://ctxh.lan:${port}/learn`);
    await expect(page).toHaveURL(`http://ctxh.lan:${port}/learn`);
  } finally {
    await browser.close();
  }
});

test("the session cookie is Secure only for HTTPS, and X-Forwarded-Proto needs a trusted proxy", async ({ request }) => {
  const login = (headers: Record<string, string>) =>
    request.post("/login", { form: { identifier: DEMO.qtLearner, password: DEMO_PASSWORD, redirectTo: "/" }, headers, maxRedirects: 0 });
  const plain = await login({});
  expect(plain.status()).toBe(302);
  expect(plain.headers()["set-cookie"]).not.toMatch(/;\s*Secure/i);
  // This server has no TRUST_PROXY: a client cannot claim HTTPS for itself.
  const spoofed = await login({ "X-Forwarded-Proto": "https" });
  expect(spoofed.status()).toBe(302);
  expect(spoofed.headers()["set-cookie"]).not.toMatch(/;\s*Secure/i);
});
