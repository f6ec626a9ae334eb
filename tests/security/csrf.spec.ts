// Class: request forgery (docs/decisions/016-threat-model.md, class 2).
// A signed-in province officer visits attacker pages on another origin: the
// same site on another port (127.0.0.1:<other>, so SameSite=Lax cookies go
// along) and another site (evil.test). Each page forges a POST — a plain
// auto-submitted form, a form in a sandboxed iframe (Origin: null), a form
// bounced through a 307 redirect (Origin: null after the cross-origin hop) —
// at a document action, a `.data` action, a resource route and /login.
// Every forged request must be refused by the guard (403) and change nothing;
// the same actions from the app's own pages, with and without JavaScript, work.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, expect, request as playwrightRequest, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, loginAs } from "../e2e/support";

const port = Number(process.env.E2E_PORT ?? 3210);
const APP = `http://127.0.0.1:${port}`;
const REFUSED = "Yêu cầu bị từ chối: biểu mẫu được gửi từ một trang khác";
// Đông Hà, inside the Quảng Trị officer's scope: a grant the officer may make.
const GRANT = { intent: "assign", role: "trainer", unitCode: "19333" };

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

function formPage(action: string, fields: Record<string, string>, target = "_self") {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
    .join("");
  return `<!doctype html><meta charset="utf-8"><title>Quà tặng</title><form method="post" action="${escape(action)}" target="${target}">${inputs}</form><script>document.forms[0].submit()</script>`;
}

/** The attacker's web server: /form, /frame (sandboxed iframe), /bounce-form (→ POST /bounce → 307). */
function attackerServer() {
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://attacker");
    const to = url.searchParams.get("to") ?? "";
    const fields = JSON.parse(url.searchParams.get("f") ?? "{}") as Record<string, string>;
    const html = (body: string) => res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(body);
    if (url.pathname === "/form") return html(formPage(to, fields));
    if (url.pathname === "/frame") {
      // No allow-same-origin: the frame's origin is opaque, so its POST says Origin: null.
      const inner = formPage(to, fields, "_top");
      return html(`<!doctype html><iframe sandbox="allow-forms allow-scripts allow-top-navigation" srcdoc="${escape(inner)}"></iframe>`);
    }
    if (url.pathname === "/bounce-form") return html(formPage(`/bounce?to=${encodeURIComponent(to)}`, fields));
    if (url.pathname === "/bounce") {
      req.resume();
      return req.on("end", () => res.writeHead(307, { Location: to }).end());
    }
    res.writeHead(404).end();
  });
}

let attacker: http.Server;
let attackerPort: number;
let browser: Browser;
let accountId: string;

test.beforeAll(async () => {
  attacker = attackerServer();
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  attackerPort = (attacker.address() as AddressInfo).port;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--host-resolver-rules=MAP evil.test 127.0.0.1"],
  });
  // The account the forged grant targets: the demo learner's, inside the officer's scope.
  const api = await playwrightRequest.newContext({ baseURL: APP });
  await loginAs(api, DEMO.qtProvince);
  const people = await (await api.get(`/people?q=${encodeURIComponent("Hường")}`)).text();
  const personId = /href="\/people\/(\d+)"[^>]*>Nguyễn Thị Hường</.exec(people)![1]!;
  accountId = /href="\/accounts\/(\d+)"/.exec(await (await api.get(`/people/${personId}`)).text())![1]!;
  await api.dispose();
});

test.afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => attacker?.close(resolve));
});

async function signedInOfficer(): Promise<{ context: BrowserContext; page: Page; cookie: string }> {
  const context = await browser.newContext({ locale: "vi-VN", viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await loginAs(page, DEMO.qtProvince);
  const cookie = (await context.cookies(APP)).find((c) => c.name === "ctxh_session")!.value;
  return { context, page, cookie };
}

/** Opens an attacker page and returns what the app answered to the forged POST it sends. */
async function forge(page: Page, from: string, kind: "form" | "frame" | "bounce-form", to: string, fields: Record<string, string>) {
  const landed = page.waitForResponse((r) => r.url().startsWith(APP) && r.request().method() === "POST");
  await page.goto(`${from}/${kind}?to=${encodeURIComponent(to)}&f=${encodeURIComponent(JSON.stringify(fields))}`);
  const response = await landed;
  const headers = await response.request().allHeaders();
  return { status: response.status(), text: await response.text(), origin: headers["origin"], site: headers["sec-fetch-site"] };
}

const targets = (): { name: string; to: string; fields: Record<string, string> }[] => [
  { name: "document action (grant a role)", to: `${APP}/accounts/${accountId}`, fields: GRANT },
  { name: ".data action (grant a role)", to: `${APP}/accounts/${accountId}.data`, fields: GRANT },
  { name: "resource route /logout", to: `${APP}/logout`, fields: {} },
  { name: "resource route /locale", to: `${APP}/locale`, fields: { locale: "en", redirectTo: "/" } },
  { name: "/login (login CSRF into the attacker's account)", to: `${APP}/login`, fields: { identifier: DEMO.qtLearner, password: DEMO_PASSWORD, redirectTo: "/" } },
];

for (const site of ["same site, another port", "another site"] as const) {
  for (const kind of ["form", "frame", "bounce-form"] as const) {
    test(`forged POSTs from ${site} (${kind}) are refused and change nothing`, async () => {
      const from = site === "another site" ? `http://evil.test:${attackerPort}` : `http://127.0.0.1:${attackerPort}`;
      const { context, page, cookie } = await signedInOfficer();
      try {
        for (const target of targets()) {
          const answer = await forge(page, from, kind, target.to, target.fields);
          expect(answer.status, `${target.name}: origin ${answer.origin}, sec-fetch-site ${answer.site}`).toBe(403);
          expect(answer.text).toContain(REFUSED);
          // What the browser said: a foreign origin for a plain form, "null" through a sandbox or a redirect.
          expect(answer.origin).toBe(kind === "form" ? from : "null");
          expect(["same-site", "cross-site"]).toContain(answer.site);
        }
        // Still the officer's own session (not logged out, not swapped for the attacker's), still in Vietnamese.
        expect((await context.cookies(APP)).find((c) => c.name === "ctxh_session")?.value).toBe(cookie);
        const home = await page.request.get("/account", { maxRedirects: 0 });
        expect(home.status()).toBe(200);
        expect(await home.text()).toContain('lang="vi"');
      } finally {
        await context.close();
      }
    });
  }
}

test("a 307 bounce to a legacy ?_data= action is refused outright", async () => {
  const { context, page } = await signedInOfficer();
  try {
    const answer = await forge(page, `http://127.0.0.1:${attackerPort}`, "bounce-form", `${APP}/accounts/${accountId}?_data=routes%2Faccounts.%24accountId`, GRANT);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("tham số «_data» không được hỗ trợ");
  } finally {
    await context.close();
  }
});

test("the app's own forms still work, with JavaScript and without; nothing forged got through", async () => {
  const { context, page } = await signedInOfficer();
  try {
    // With JavaScript: Remix posts to the .data URL with fetch (Origin and Sec-Fetch-Site: same-origin).
    await page.goto(`${APP}/accounts/${accountId}`);
    await page.getByLabel("Vai trò").selectOption(GRANT.role);
    await page.getByLabel("Đơn vị phạm vi (mã)").fill(GRANT.unitCode);
    await page.getByRole("button", { name: "Thêm vai trò" }).click();
    // "Added", not "already has it": none of the forged grants above took effect.
    await expect(page.getByText("Đã thêm vai trò.")).toBeVisible();
    const granted = page.locator("li", { hasText: "Giảng viên" }).filter({ hasText: `(${GRANT.unitCode})` });
    await granted.getByRole("button", { name: "Gỡ vai trò" }).click();
    await expect(page.getByText("Đã gỡ vai trò.")).toBeVisible();
  } finally {
    await context.close();
  }
  // Without JavaScript: a plain HTML form post (the browser sends Origin on it).
  const plain = await browser.newContext({ locale: "vi-VN", javaScriptEnabled: false });
  try {
    const page = await plain.newPage();
    await page.goto(`${APP}/login`);
    await page.getByLabel("Số điện thoại hoặc email").fill(DEMO.qtLearner);
    await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Xin chào, Nguyễn Thị Hường");
    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await expect(page).toHaveURL(/\/login\?loggedOut=1$/);
  } finally {
    await plain.close();
  }
});

test("the rule at the HTTP level: Origin and Sec-Fetch-Site must name this origin; neither is a non-browser client", async ({ request }) => {
  const post = (headers: Record<string, string>) =>
    request.post("/locale", { form: { locale: "vi", redirectTo: "/" }, headers, maxRedirects: 0 });
  // Allowed: no browser headers (scripts, the test suite's own request API), our own origin, a user-typed request.
  expect((await post({})).status()).toBe(302);
  expect((await post({ Origin: APP, "Sec-Fetch-Site": "same-origin" })).status()).toBe(302);
  expect((await post({ "Sec-Fetch-Site": "none" })).status()).toBe(302);
  // Refused: a foreign or opaque origin, a malformed one, another site or another port/subdomain of ours.
  const refused: Record<string, string>[] = [
    { Origin: "http://evil.test" },
    { Origin: `http://127.0.0.1:${port + 1}` },
    { Origin: "null" },
    { Origin: "not a url" },
    { "Sec-Fetch-Site": "cross-site" },
    { "Sec-Fetch-Site": "same-site" },
    { Origin: APP, "Sec-Fetch-Site": "same-site" },
    // X-Forwarded-Host counts only from a trusted proxy (this server trusts none).
    { Origin: "http://evil.test", "X-Forwarded-Host": "evil.test" },
  ];
  for (const headers of refused) {
    const response = await post(headers);
    expect(response.status(), JSON.stringify(headers)).toBe(403);
    expect(await response.text()).toContain(REFUSED);
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  }
  // Safe methods are never refused for their origin.
  expect((await request.get("/login", { headers: { Origin: "null", "Sec-Fetch-Site": "cross-site" } })).status()).toBe(200);
});

test("legacy ?_data= requests are a clear 400, whatever the route and method", async ({ request }) => {
  await loginAs(request, DEMO.qtProvince);
  for (const path of [
    "/certificates/jobs/1?_data=routes%2Fcertificates.jobs.%24jobId",
    "/?_data=root",
    "/login?_data",
    "/people?%5Fdata=routes%2Fpeople._index",
  ]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(400);
    expect(await response.text()).toContain("tham số «_data» không được hỗ trợ");
  }
  const post = await request.post(`/accounts/1?_data=routes%2Faccounts.%24accountId`, { form: GRANT, maxRedirects: 0 });
  expect(post.status()).toBe(400);
});
