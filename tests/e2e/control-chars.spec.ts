// Issue #10, item 9: a NUL byte (or another control character) in any input
// is an input error, never an HTTP 500. Walks every route of app/routes.ts as
// several roles — NUL in the path parameters, in the query string and in every
// field of a form body — and checks a few real forms keep what was typed (minus
// the character) with a Vietnamese notice naming the field.
import fs from "node:fs";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { DEMO, loginAs } from "./support";

const NUL = "\u0000";
const ROUTES = [...fs.readFileSync("app/routes.ts", "utf8").matchAll(/route\("([^"]+)"/g)].map((m) => `/${m[1]}`).concat("/");

// Field names the app's forms use (grep name= in app/routes, app/components): each gets a NUL.
const FIELDS = ["intent", "title", "summary", "body", "intro", "q", "fullName", "phone", "nationalId", "email", "identifier", "password", "code", "note", "reason", "login", "place", "serial", "commune", "province", "provinceId", "personId", "courseId", "moduleId", "lessonId", "rev", "minutes", "position", "birthDate", "startsOn", "asOf", "redirectTo", "locale"];

function nulForm(): Record<string, string> {
  return Object.fromEntries(FIELDS.map((f) => [f, `${NUL}`]));
}

// Real ids where a route needs one, so actions get past "not found" to their form.
const REAL: Record<string, string> = { courseId: "kh-demo-nhap", lessonId: "l-demo-nhap", format: "csv", file: "x.webp" };

function fill(route: string, param: (name: string) => string) {
  return route.replace(/:(\w+)\??/g, (_, name: string) => encodeURIComponent(param(name)));
}

async function walk(request: APIRequestContext, who: string) {
  const failures: string[] = [];
  for (const route of ROUTES) {
    for (const path of [fill(route, () => `1${NUL}`), fill(route, (n) => REAL[n] ?? "1")]) {
      const get = await request.get(`${path}?q=${encodeURIComponent(`Hà${NUL}`)}&page=${NUL}`, { maxRedirects: 0 });
      if (get.status() >= 500) failures.push(`${who} GET ${route} (${path}): ${get.status()}`);
      const post = await request.post(path, { form: nulForm(), maxRedirects: 0 });
      if (post.status() >= 500) failures.push(`${who} POST ${route} (${path}): ${post.status()}`);
      const multipart = await request.post(path, { multipart: { ...nulForm(), file: { name: `a${NUL}.csv`, mimeType: "text/csv", buffer: Buffer.from(`a,b\n${NUL},c\n`) } }, maxRedirects: 0 });
      if (multipart.status() >= 500) failures.push(`${who} POST multipart ${route} (${path}): ${multipart.status()}`);
    }
  }
  return failures;
}

async function as(browser: Browser, login?: string): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  if (login) await loginAs(page, login);
  return page;
}

test("no route answers 500 to a NUL in its path, query or form fields, for any role", async ({ browser }) => {
  test.setTimeout(300_000);
  expect(ROUTES.length).toBeGreaterThan(60);
  const failures: string[] = [];
  for (const [who, login] of [["anonymous", undefined], ["learner", DEMO.qtLearner], ["trainer", DEMO.qtTrainer], ["commune", DEMO.qtCommune], ["admin", DEMO.admin]] as const) {
    const page = await as(browser, login);
    failures.push(...(await walk(page.request, who)));
    await page.context().close();
  }
  expect(failures).toEqual([]);
});

const notice = (page: Page) => page.getByRole("alert").filter({ hasText: "ký tự điều khiển không hợp lệ" }).first();

test("a form with a NUL keeps what was typed without it and names the field in Vietnamese", async ({ browser }) => {
  // Anonymous sign-in: the identifier comes back cleaned, with the notice and the field marked.
  const anonymous = await as(browser);
  await anonymous.goto("/login");
  const typed = `0909${NUL}999999`;
  const login = await anonymous.request.post("/login", { form: { identifier: typed, password: "sai-mat-khau", redirectTo: "/" }, maxRedirects: 0 });
  expect(login.status()).toBeLessThan(500);
  await anonymous.setContent(await login.text());
  await expect(notice(anonymous)).toContainText("«Số điện thoại hoặc email»");
  await expect(anonymous.locator("#identifier")).toHaveValue("0909999999");

  // Registration: the name, as typed minus the NUL.
  const register = await anonymous.request.post("/register", { form: { fullName: `Lê${NUL} Văn Thử`, phone: "09", password: "a", passwordConfirm: "b" }, maxRedirects: 0 });
  expect(register.status()).toBeLessThan(500);
  await anonymous.setContent(await register.text());
  await expect(notice(anonymous)).toContainText("«Họ và tên»");

  // People form of a commune officer (an invalid national id, so nothing is saved).
  const commune = await as(browser, DEMO.qtCommune);
  const person = await commune.request.post("/people/new", { form: { fullName: `Trần${NUL} Thị Thử`, nationalId: "04419000", position: "ctv_ctxh" }, maxRedirects: 0 });
  expect(person.status()).toBe(400);
  await commune.setContent(await person.text());
  await expect(notice(commune)).toContainText("«Họ và tên»");
  await expect(commune.locator("#fullName")).toHaveValue("Trần Thị Thử");
  await expect(commune.locator("#fullName-error")).toContainText("Đã bỏ ký tự điều khiển");

  // A studio save with a NUL in the lesson body: refused for its empty title, the body kept without the NUL.
  const trainer = await as(browser, DEMO.qtTrainer);
  await trainer.goto("/studio/kh-demo-nhap/lessons/l-demo-nhap");
  const save = await trainer.request.post("/studio/kh-demo-nhap/lessons/l-demo-nhap", { form: { intent: "save", title: NUL, summary: "", minutes: "10", body: `## Đề mục${NUL}\n\nĐoạn văn.\n` } });
  expect(save.status()).toBe(400);
  await trainer.setContent(await save.text());
  await expect(notice(trainer)).toContainText("«Nội dung bài học»");
  await expect(trainer.locator("#body")).toHaveValue("## Đề mục\n\nĐoạn văn.\n");

  // An import cell: the row is refused, naming line and column.
  const province = await as(browser, DEMO.qtProvince);
  await province.goto("/roster/import");
  const csv = "Họ và tên,Số điện thoại,Xã/phường,Chức danh\nNguyễn Văn Một,0905111222,Phường Đông Hà,Cộng tác viên CTXH\nLê" + NUL + " Văn Hai,0905111333,Phường Đông Hà,Cộng tác viên CTXH\n";
  const provinceSelect = province.locator("#provinceId");
  if (await provinceSelect.count()) await provinceSelect.selectOption({ index: 1 });
  await province.locator("#file").setInputFiles({ name: "ds.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await province.getByRole("button", { name: /Xem trước|Kiểm tra/ }).first().click();
  await expect(province.getByText(/ký tự điều khiển không hợp lệ \(U\+0000/).first()).toBeVisible();
  await expect(province.locator("body")).toContainText("Họ và tên");
});
