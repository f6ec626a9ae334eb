// Shared helpers for browser tests: demo logins and accessibility checks.
import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "ctxh-demo-2026";

export const DEMO = {
  admin: "admin@ctxh.demo",
  qtProvince: "0905000001",
  qtCommune: "0905000002",
  qtTrainer: "0905000003",
  qtLearner: "0905000004",
  hueProvince: "0905000005",
  hueCommune: "0905000006",
  hueLearner: "0905000007",
} as const;

/** Signs in through the real login form handler (no UI), sharing cookies with `page`. */
export async function loginAs(target: Page | APIRequestContext, login: string, password = DEMO_PASSWORD) {
  const request = "request" in target ? target.request : target;
  const response = await request.post("/login", { form: { identifier: login, password, redirectTo: "/" }, maxRedirects: 0 });
  expect(response.status(), `login as ${login}`).toBe(302);
}

/** The public address the browser tests settle (the server listens on 127.0.0.1, which is never one). */
export const E2E_PUBLIC_URL = "https://ctxh.example.vn";

/** Settles the public address as the administrator (idempotent), so credentials are signed and QR codes printed. */
export async function settlePublicAddress(target: Page | APIRequestContext) {
  const request = "request" in target ? target.request : target;
  await loginAs(request, DEMO.admin);
  const response = await request.post("/certificates/bodies", { form: { publicUrl: E2E_PUBLIC_URL } });
  expect(response.status(), "settle the public address").toBe(200);
  expect(await response.text()).toContain(`Đã xác lập địa chỉ ${E2E_PUBLIC_URL}.`);
}

/** No serious or critical axe violations on the current page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}
