// Class: response headers (docs/decisions/016-threat-model.md, class 8).
// Pages carry a Content-Security-Policy: no script at all where the route
// ships none, only nonce-carrying inline scripts and our bundles where it
// hydrates (an injected inline script does not run). Personal answers are
// not stored by the browser; every response type is nosniff and unframable;
// no HSTS over plain HTTP (a LAN address must never be pinned to HTTPS).
import { expect, request as playwrightRequest, test, type APIResponse } from "@playwright/test";
import { DEMO, loginAs } from "../e2e/support";

const csp = (r: APIResponse) => r.headers()["content-security-policy"] ?? "";

function expectHardened(response: APIResponse, what: string) {
  expect(response.headers()["x-content-type-options"], what).toBe("nosniff");
  expect(response.headers()["x-frame-options"], what).toBe("DENY");
  expect(response.headers()["strict-transport-security"], `${what}: no HSTS over plain HTTP`).toBeUndefined();
}

test("hydrated pages allow only scripts with this response's nonce; an injected inline script does not run", async ({ page, request }) => {
  const response = await request.get("/login");
  const policy = csp(response);
  const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
  expect(nonce, policy).toBeTruthy();
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'none'");
  const html = await response.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  // A fresh nonce per response.
  expect(csp(await request.get("/login"))).not.toContain(nonce);

  // The same page with a script injected (as an XSS would): the app still hydrates, the injection does not run.
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.route("**/login", async (route) => {
    const original = await route.fetch();
    const body = (await original.text()).replace("</body>", "<script>window.__injected = true</script></body>");
    await route.fulfill({ response: original, body });
  });
  await page.goto("/login");
  await expect.poll(() => page.evaluate(() => "__remixRouter" in window)).toBe(true);
  expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBeUndefined();
  expect(violations.length).toBe(1);
  expect(violations[0]).toMatch(/inline script/i);
});

test("pages that ship no JavaScript (lessons, quizzes, dashboards) allow no script at all", async ({ baseURL }) => {
  // The Huế learner, self-enrolled as tests/e2e/pages-encoding.spec.ts does (no other test depends on them).
  const learner = await playwrightRequest.newContext({ baseURL });
  await loginAs(learner, DEMO.hueLearner);
  expect((await learner.post("/courses/ctxh-co-ban", { form: {}, maxRedirects: 0 })).status()).toBe(302);
  const course = await (await learner.get("/courses/ctxh-co-ban")).text();
  const lessonPath = /href="(\/courses\/ctxh-co-ban\/lessons\/[^"]+)"/.exec(course)?.[1];
  expect(lessonPath).toBeTruthy();
  const officer = await playwrightRequest.newContext({ baseURL });
  await loginAs(officer, DEMO.qtProvince);
  for (const [client, path] of [
    [learner, lessonPath!],
    [officer, "/dashboard"],
    [officer, "/dashboard/2"],
  ] as const) {
    const response = await client.get(path);
    expect(response.status(), path).toBe(200);
    expect(csp(response), path).toContain("script-src 'none'");
    expect(await response.text(), path).not.toMatch(/<script\b/);
  }
  await learner.dispose();
  await officer.dispose();
});

test("personal answers are never stored: revealed IDs, my data, every .data payload", async ({ request, baseURL }) => {
  await loginAs(request, DEMO.qtProvince);
  const people = await (await request.get(`/people?q=${encodeURIComponent("Hường")}`)).text();
  const personId = /href="\/people\/(\d+)"[^>]*>Nguyễn Thị Hường</.exec(people)![1]!;
  for (const path of [`/people/${personId}?reveal=1`, "/account/data", "/account/data.data", `/people/${personId}.data?reveal=1`, "/_root.data"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["cache-control"], path).toContain("no-store");
    expectHardened(response, path);
  }
  // .data is never stored, signed in or not.
  const anonymous = await playwrightRequest.newContext({ baseURL });
  const guestData = await anonymous.get("/verify.data");
  expect(guestData.headers()["cache-control"]).toContain("no-store");
  await anonymous.dispose();
});

test("every response type is nosniff and unframable: page, .data, JSON, ZIP, PDF, XLSX, static, refusals", async ({ request, baseURL }) => {
  const checks: [string, APIResponse][] = [];
  checks.push(["guest page", await request.get("/login")]);
  checks.push(["JSON", await request.get("/healthz")]);
  checks.push(["static file", await request.get("/favicon.svg")]);
  checks.push(["not found", await request.get("/no-such-page")]);
  checks.push(["legacy ?_data refusal", await request.get("/?_data=root")]);
  checks.push(["forgery refusal", await request.post("/locale", { headers: { Origin: "null" }, maxRedirects: 0 })]);
  // Spoofed X-Forwarded-Proto from an untrusted client does not earn HSTS either.
  checks.push(["spoofed https", await request.get("/login", { headers: { "X-Forwarded-Proto": "https" } })]);

  const trainer = await playwrightRequest.newContext({ baseURL });
  await loginAs(trainer, DEMO.qtTrainer);
  checks.push(["ZIP", await trainer.get("/studio/kh-demo-nhap/export")]);
  const officer = await playwrightRequest.newContext({ baseURL });
  await loginAs(officer, DEMO.qtProvince);
  checks.push(["XLSX", await officer.get("/roster/template.xlsx")]);
  checks.push([".data", await officer.get("/people.data")]);
  const certificates = await (await officer.get("/certificates")).text();
  const certificateId = /href="\/certificates\/(\d+)\/pdf"/.exec(certificates)?.[1];
  expect(certificateId, "a demo certificate to download").toBeTruthy();
  checks.push(["PDF", await officer.get(`/certificates/${certificateId}/pdf`)]);

  for (const [what, response] of checks) {
    expect(response.status(), what).toBeLessThan(500);
    expectHardened(response, what);
  }
  const types = Object.fromEntries(checks.map(([what, r]) => [what, r.headers()["content-type"]]));
  expect(types).toMatchObject({ ZIP: expect.stringContaining("zip"), PDF: expect.stringContaining("pdf"), JSON: expect.stringContaining("json") });
  await trainer.dispose();
  await officer.dispose();
});
