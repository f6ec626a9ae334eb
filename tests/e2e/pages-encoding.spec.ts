// Long Vietnamese pages arrive as clean UTF-8: no NUL bytes (React 18's
// stream padding, facebook/react#24985) and nothing that decodes to U+FFFD.
// Browsers hide both; link previews (Zalo), e-mail and text tools do not.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO, loginAs } from "./support";

async function expectCleanUtf8(request: APIRequestContext, path: string) {
  const response = await request.get(path);
  expect(response.status(), path).toBe(200);
  const bytes = await response.body();
  // Long enough to cross several of the renderer's 2048-byte buffers.
  expect(bytes.length, path).toBeGreaterThan(6000);
  expect(bytes.indexOf(0), `${path}: first NUL byte`).toBe(-1);
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  expect(text.includes("\uFFFD"), `${path}: U+FFFD`).toBe(false);
  expect(text).toMatch(/[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]/);
}

test("officer pages: people lists, certificates, verification", async ({ request }) => {
  await loginAs(request, DEMO.qtProvince);
  for (const path of ["/people", "/people?page=2", "/certificates", "/verify/check"]) {
    await expectCleanUtf8(request, path);
  }
});

test("course pages of a learner", async ({ request }) => {
  // The Huế learner: no other browser test signs in as them or enrols them.
  await loginAs(request, DEMO.hueLearner);
  await expectCleanUtf8(request, "/learn");
  await expectCleanUtf8(request, "/courses/ctxh-co-ban");
  // Lesson links appear once enrolled (self-enrolment, as the course allows).
  expect((await request.post("/courses/ctxh-co-ban", { form: {}, maxRedirects: 0 })).status()).toBe(302);
  const course = await (await request.get("/courses/ctxh-co-ban")).text();
  const lessons = [...course.matchAll(/href="(\/courses\/ctxh-co-ban\/lessons\/[^"]+)"/g)].map((m) => m[1]!);
  expect(lessons.length).toBeGreaterThan(3);
  for (const lesson of lessons.slice(0, 6)) await expectCleanUtf8(request, lesson);
});
