// Walks every route in app/routes.ts as every role, with an object in the
// role's own scope and one in a foreign scope (the other province), against
// the real server. Reads must answer as expected; foreign reads and writes
// must be refused and change nothing.
import fs from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO, loginAs } from "./support";
import { certdocsCases } from "./scope/certdocs";
import { rosterCases } from "./scope/roster";
import { targetsCases } from "./scope/targets";
import { authoringCases } from "./scope/authoring";
import { classesCases } from "./scope/classes";
import { COURSE, OTHER_COURSE, type Case, type Expect, type Ids, type Who } from "./scope/types";

const LOGINS: Record<Exclude<Who, "anonymous">, string> = {
  learner: DEMO.qtLearner,
  trainer: DEMO.qtTrainer,
  commune: DEMO.qtCommune,
  province: DEMO.qtProvince,
  admin: DEMO.admin,
  hueProvince: DEMO.hueProvince,
};
const EVERYONE: Who[] = ["anonymous", "learner", "trainer", "commune", "province", "admin", "hueProvince"];

async function html(request: APIRequestContext, path: string) {
  const response = await request.get(path);
  expect(response.status(), path).toBe(200);
  return response.text();
}

function linkId(page: string, prefix: string, text: string): string {
  const re = new RegExp(`href="${prefix}(\\d+)"[^>]*>${text}<`);
  const match = re.exec(page);
  if (!match) throw new Error(`no link ${prefix}… for "${text}"`);
  return match[1]!;
}

async function discover(request: APIRequestContext): Promise<Ids> {
  await loginAs(request, DEMO.admin);
  const units = await html(request, "/units");
  const qtProvince = linkId(units, "/units/", "Tỉnh Quảng Trị");
  const hueProvince = linkId(units, "/units/", "Thành phố Huế");
  const dongHa = linkId(await html(request, `/units/${qtProvince}`), "/units/", "Phường Đông Hà");
  const kimLong = linkId(await html(request, `/units/${hueProvince}`), "/units/", "Phường Kim Long");
  const qtLearner = /href="\/people\/(\d+)"[^>]*>Nguyễn Thị Hường</.exec(await html(request, `/people?q=${encodeURIComponent("Hường")}&commune=${dongHa}`))![1]!;
  const hueLearner = /href="\/people\/(\d+)"[^>]*>Võ Văn Tài</.exec(await html(request, `/people?q=${encodeURIComponent("Tài")}&commune=${kimLong}`))![1]!;
  const qtLearnerAccount = /href="\/accounts\/(\d+)"/.exec(await html(request, `/people/${qtLearner}`))![1]!;
  const hueLearnerAccount = /href="\/accounts\/(\d+)"/.exec(await html(request, `/people/${hueLearner}`))![1]!;
  await request.post("/logout");
  return { qtProvince, hueProvince, dongHa, kimLong, dongHaPerson: qtLearner, kimLongPerson: hueLearner, qtLearnerAccount, hueLearnerAccount };
}

function cases(ids: Ids): Case[] {
  const signedIn = { default: 200 as Expect, anonymous: "login" as Expect };
  return [
    { route: "/", path: "/", expect: { default: 200 } },
    { route: "healthz", path: "/healthz", expect: { default: 200 } },
    { route: "readyz", path: "/readyz", expect: { default: 200 } },
    { route: "locale", path: "/locale", expect: { default: "home" } },
    { route: "login", path: "/login", expect: { default: "home", anonymous: 200 } },
    { route: "logout", path: "/logout", expect: { default: "home" } },
    { route: "register", path: "/register", expect: { default: "home", anonymous: 200 } },
    { route: "activate", path: "/activate", expect: { default: "home", anonymous: 200 } },
    { route: "account", path: "/account", expect: signedIn },
    { route: "account/sessions", path: "/account/sessions", expect: signedIn },
    { route: "account/data", path: "/account/data", expect: signedIn },
    { route: "people", path: "/people", expect: { default: 200, anonymous: "login", learner: 403 } },
    { route: "people/new", path: "/people/new", expect: { default: 200, anonymous: "login", learner: 403, trainer: 403 } },
    // A Quảng Trị person: visible in Quảng Trị scopes, invisible (404) to Huế.
    { route: "people/:personId", path: `/people/${ids.dongHaPerson}`, expect: { default: 200, anonymous: "login", learner: 403, hueProvince: 404 } },
    // A Huế person: invisible to every Quảng Trị role.
    { route: "people/:personId", path: `/people/${ids.kimLongPerson}`, expect: { default: 404, anonymous: "login", learner: 403, admin: 200, hueProvince: 200 } },
    { route: "people/:personId/activation", path: `/people/${ids.dongHaPerson}/activation`, expect: { default: 200, anonymous: "login", learner: 403, trainer: 403, hueProvince: 404 } },
    { route: "people/:personId/activation", path: `/people/${ids.kimLongPerson}/activation`, expect: { default: 404, anonymous: "login", learner: 403, trainer: 403, admin: 200, hueProvince: 200 } },
    { route: "approvals", path: "/approvals", expect: { default: 200, anonymous: "login", learner: 403, trainer: 403 } },
    { route: "accounts/:accountId", path: `/accounts/${ids.qtLearnerAccount}`, expect: { default: 403, anonymous: "login", province: 200, admin: 200, hueProvince: 404 } },
    { route: "accounts/:accountId", path: `/accounts/${ids.hueLearnerAccount}`, expect: { default: 403, anonymous: "login", province: 404, admin: 200, hueProvince: 200 } },
    { route: "units", path: "/units", expect: { default: 200, anonymous: "login", learner: 403 } },
    { route: "units/import", path: "/units/import", expect: { default: 403, anonymous: "login", admin: 200 } },
    { route: "units/:unitId", path: `/units/${ids.qtProvince}`, expect: { default: 200, anonymous: "login", learner: 403, commune: 404, hueProvince: 404 } },
    { route: "units/:unitId", path: `/units/${ids.dongHa}`, expect: { default: 200, anonymous: "login", learner: 403, hueProvince: 404 } },
    { route: "units/:unitId", path: `/units/${ids.kimLong}`, expect: { default: 404, anonymous: "login", learner: 403, admin: 200, hueProvince: 200 } },
    { route: "units/:unitId", path: `/units/${ids.hueProvince}`, expect: { default: 404, anonymous: "login", learner: 403, admin: 200, hueProvince: 200 } },
    { route: "audit", path: "/audit", expect: { default: 403, anonymous: "login", province: 200, admin: 200, hueProvince: 200 } },
    { route: "learn", path: "/learn", expect: signedIn },
    { route: "courses/:courseId", path: `/courses/${COURSE}`, expect: signedIn },
    { route: "courses/:courseId", path: "/courses/khong-co-khoa-nay", expect: { default: 404, anonymous: "login" } },
    // Not enrolled yet: back to the course page; accounts without a person cannot learn.
    { route: "courses/:courseId/lessons/:lessonId", path: `/courses/${OTHER_COURSE}/lessons/${OTHER_COURSE}-m01-l01`, expect: { default: "course", anonymous: "login", admin: 403 } },
    { route: "courses/:courseId/quizzes/:quizId", path: `/courses/${OTHER_COURSE}/quizzes/${OTHER_COURSE}-m01-quiz`, expect: { default: "course", anonymous: "login", admin: 403 } },
    { route: "courses/:courseId/attempts/:attemptId", path: `/courses/${COURSE}/attempts/999999`, expect: { default: 404, anonymous: "login", admin: 403 } },
    { route: "courses/:courseId/assign", path: `/courses/${COURSE}/assign`, expect: { default: 200, anonymous: "login", learner: 403, trainer: 403 } },
    { route: "progress", path: "/progress", expect: { default: 200, anonymous: "login", learner: 403 } },
    { route: "certificates", path: "/certificates", expect: { default: 200, anonymous: "login", learner: 403 } },
    { route: "certificates/record", path: "/certificates/record", expect: { default: 200, anonymous: "login", learner: 403 } },
    { route: "verify", path: "/verify", expect: { default: 200 } },
    { route: "verify/:serial", path: "/verify/P99-2026-999999", expect: { default: 404 } },
    { route: "verify/check", path: "/verify/check", expect: { default: 200 } },
    { route: "verify/:serial/credential.json", path: "/verify/P99-2026-999999/credential.json", expect: { default: 404 } },
    { route: "status/:bodyId/revocation", path: "/status/999999/revocation", expect: { default: 404 } },
    { route: "*", path: "/khong-ton-tai", expect: { default: 404 } },
    ...certdocsCases(ids),
    ...rosterCases(ids),
    ...targetsCases(ids),
    ...authoringCases(ids),
    ...classesCases(ids),
  ];
}

function routePatterns(): string[] {
  const source = fs.readFileSync("app/routes.ts", "utf8");
  const patterns = [...source.matchAll(/route\("([^"]+)"/g)].map((m) => m[1]!);
  return ["/", ...patterns];
}

async function check(request: APIRequestContext, path: string, expected: Expect, label: string) {
  const response = await request.get(path, { maxRedirects: 0 });
  const status = response.status();
  if (expected === "login") {
    expect(status, label).toBe(302);
    expect(response.headers()["location"], label).toMatch(/^\/login\?redirectTo=/);
  } else if (expected === "course") {
    expect(status, label).toBe(302);
    expect(response.headers()["location"], label).toBe(`/courses/${OTHER_COURSE}`);
  } else if (expected === "home") {
    expect(status, label).toBe(302);
    expect(response.headers()["location"], label).toBe("/");
  } else {
    expect(status, label).toBe(expected);
  }
}

test.describe("scope isolation", () => {
  let ids: Ids;

  test.beforeAll(async ({ playwright, baseURL }) => {
    const request = await playwright.request.newContext({ baseURL });
    ids = await discover(request);
    await request.dispose();
  });

  test("the walk covers every route in app/routes.ts", () => {
    const covered = new Set(cases(ids).map((c) => c.route));
    const missing = routePatterns().filter((p) => !covered.has(p));
    expect(missing).toEqual([]);
  });

  for (const who of EVERYONE) {
    test(`every route as ${who}`, async ({ playwright, baseURL }) => {
      const request = await playwright.request.newContext({ baseURL });
      if (who !== "anonymous") await loginAs(request, LOGINS[who]);
      for (const c of cases(ids)) {
        // /logout via GET only redirects; it must not end the session mid-walk.
        const expected = c.expect[who] ?? c.expect.default;
        await check(request, c.path, who === "anonymous" && c.route === "logout" ? "home" : expected, `${who} GET ${c.path}`);
      }
      await request.dispose();
    });
  }

  test("writes into the other province are refused and change nothing", async ({ playwright, baseURL }) => {
    const request = await playwright.request.newContext({ baseURL });
    await loginAs(request, DEMO.qtProvince);
    const attempts: [string, Record<string, string>][] = [
      [`/people/${ids.kimLongPerson}`, { intent: "edit", fullName: "Bị Sửa Trái Phép", communeId: ids.kimLong, position: "other" }],
      [`/people/${ids.kimLongPerson}`, { intent: "left", leftOn: "01/01/2026" }],
      [`/people/${ids.kimLongPerson}/activation`, {}],
      [`/accounts/${ids.hueLearnerAccount}`, { intent: "assign", role: "trainer", unitCode: "19774" }],
      [`/units/${ids.kimLong}`, { into: "19753", date: "01/07/2025" }],
    ];
    for (const [path, form] of attempts) {
      const response = await request.post(path, { form, maxRedirects: 0 });
      expect(response.status(), `POST ${path}`).toBe(404);
    }
    // Creating a person in a foreign commune is refused with a field error.
    const create = await request.post("/people/new", { form: { fullName: "Người Lạ", communeId: ids.kimLong, position: "ctv_ctxh" }, maxRedirects: 0 });
    expect(create.status()).toBe(400);
    // Granting a role on a foreign unit through one's own learner is refused.
    const grant = await request.post(`/accounts/${ids.qtLearnerAccount}`, { form: { intent: "assign", role: "trainer", unitCode: "19774" }, maxRedirects: 0 });
    expect(grant.status()).toBe(403);
    // Enrolling people of another province enrols nobody.
    const assign = await request.post(`/courses/${COURSE}/assign`, { form: { personId: ids.kimLongPerson }, maxRedirects: 0 });
    expect(await assign.text()).toContain("Đã ghi danh 0 người.");
    // Recording a completion for someone of another province issues nothing.
    const record = await request.post("/certificates/record", { form: { course: COURSE, source: "class", completedOn: "01/11/2026", personId: ids.kimLongPerson }, maxRedirects: 0 });
    expect(await record.text()).toContain("Đã cấp 0 giấy chứng nhận; 0 người đã hoàn thành khóa này từ trước.");
    // Only admins import units or mark merges.
    expect((await request.post("/units/import", { multipart: { file: { name: "x.csv", mimeType: "text/csv", buffer: Buffer.from("code,name,level,parent code\n") } }, maxRedirects: 0 })).status()).toBe(403);
    expect((await request.post(`/units/${ids.dongHa}`, { form: { into: "19351", date: "01/07/2025" }, maxRedirects: 0 })).status()).toBe(403);
    await request.dispose();

    // The Huế person is untouched.
    const hue = await playwright.request.newContext({ baseURL });
    await loginAs(hue, DEMO.hueProvince);
    const page = await (await hue.get(`/people/${ids.kimLongPerson}`)).text();
    expect(page).toContain("Võ Văn Tài");
    expect(page).not.toContain("Bị Sửa Trái Phép");
    expect(page).toContain("Đang làm việc");
    // A Huế certificate cannot be revoked from Quảng Trị.
    const issued = await hue.post("/certificates/record", { form: { course: COURSE, source: "class", completedOn: "01/11/2026", personId: ids.kimLongPerson } });
    expect(await issued.text()).toContain("Đã cấp 1 giấy chứng nhận");
    const certificateId = /name="certificateId" value="(\d+)"/.exec(await (await hue.get("/certificates")).text())![1]!;
    const qt = await playwright.request.newContext({ baseURL });
    await loginAs(qt, DEMO.qtProvince);
    expect((await qt.post("/certificates", { form: { certificateId, intent: "revoke", reason: "thử" }, maxRedirects: 0 })).status()).toBe(404);
    expect(await (await qt.get("/certificates")).text()).not.toContain("Võ Văn Tài");
    await qt.dispose();
    const progress = await (await hue.get(`/progress?course=${COURSE}`)).text();
    expect(progress).toMatch(/Võ Văn Tài<\/a><\/td><td>Phường Kim Long<\/td><td>Đã hoàn thành/);
    await hue.dispose();
  });

  test("a learner cannot act as an officer", async ({ playwright, baseURL }) => {
    const request = await playwright.request.newContext({ baseURL });
    await loginAs(request, DEMO.qtLearner);
    expect((await request.post("/approvals", { form: { accountId: "1", decision: "approve" }, maxRedirects: 0 })).status()).toBe(403);
    expect((await request.post(`/people/${ids.dongHaPerson}`, { form: { intent: "left", leftOn: "01/01/2026" }, maxRedirects: 0 })).status()).toBe(403);
    expect((await request.post("/people/new", { form: { fullName: "X", communeId: ids.dongHa, position: "other" }, maxRedirects: 0 })).status()).toBe(403);
    await request.dispose();
  });
});
