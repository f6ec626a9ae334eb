// Issue #6, authoring half: a trainer writes a course in the browser (lesson
// in the MDX editor with live preview, quiz in a form), submits it; Quảng Trị
// requires approval, so the province officer approves; a learner enrols,
// reads the lesson and passes the quiz. Huế cannot touch it.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO, expectAccessible, loginAs } from "./support";

async function as(browser: Browser, login: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await loginAs(page, login);
  return page;
}

const LESSON = [
  "## Mục tiêu",
  "",
  "Sau bài này, bạn biết cách **lắng nghe tích cực** khi gặp người dân.",
  "",
  '<Callout type="tip" title="Mẹo nhỏ">',
  "",
  "Hãy hỏi câu hỏi mở và nhắc lại ý của người nói.",
  "",
  "</Callout>",
  "",
].join("\n");

test("a trainer writes and publishes a course with a quiz; the officer approves; a learner passes it", async ({ browser }) => {
  test.setTimeout(240_000);
  const trainer = await as(browser, DEMO.qtTrainer);

  // A new course.
  await trainer.goto("/studio");
  await expectAccessible(trainer);
  await trainer.getByLabel("Tên khoá học").fill("Lắng nghe tích cực trong công tác xã hội");
  await trainer.getByRole("button", { name: "Tạo khoá học" }).click();
  await trainer.waitForURL(/\/studio\/kh-[a-f0-9]+$/);
  const courseUrl = new URL(trainer.url()).pathname;
  const courseId = courseUrl.split("/").pop()!;

  await expectAccessible(trainer);
  // Course details.
  await trainer.locator("#summary").fill("Kỹ năng lắng nghe cho cộng tác viên CTXH.");
  await trainer.getByLabel("Số giờ học (ghi trên chứng nhận)").fill("2");
  await trainer.getByRole("button", { name: "Lưu", exact: true }).last().click();
  await expect(trainer.getByRole("status").first()).toContainText("Đã lưu");

  // The module's summary (required to publish), renamed in place.
  const moduleTitle = trainer.getByLabel("Tên mô-đun").first();
  await moduleTitle.fill("Lắng nghe");
  await trainer.getByPlaceholder("Tóm tắt").first().fill("Các kỹ năng lắng nghe cơ bản.");
  await trainer.getByRole("button", { name: "Lưu tên" }).click();
  await expect(trainer.getByRole("status").first()).toContainText("Đã lưu");

  // The lesson editor: CodeMirror over the textarea, live preview from the server pipeline.
  await trainer.getByRole("link", { name: "Bài học mới" }).click();
  await trainer.waitForURL(/\/lessons\/l-[a-f0-9]+$/);
  await expect(trainer.locator(".cm-content")).toBeVisible();
  await trainer.getByLabel("Tên bài học").fill("Lắng nghe tích cực");
  await trainer.getByLabel("Tóm tắt").fill("Nghe để hiểu, không nghe để trả lời.");
  const editor = trainer.locator(".cm-content");
  await editor.click();
  await trainer.keyboard.press("Control+A");
  // Hostile content: the preview refuses it with line and column, in Vietnamese.
  await trainer.keyboard.insertText('## Thử\n\n<img src="x" onerror="alert(1)" />\n');
  const preview = trainer.locator(".studio-preview");
  await expect(preview.getByRole("alert")).toContainText("Thẻ HTML <img> không được phép");
  await expect(preview.getByRole("alert")).toContainText("dòng 3, cột 1");
  await trainer.keyboard.press("Control+A");
  await trainer.keyboard.insertText(LESSON);
  await expect(preview.locator("article h2")).toHaveText("Mục tiêu");
  await expect(preview.locator("aside.mdx-callout-tip")).toContainText("Hãy hỏi câu hỏi mở");
  await expect(preview).toContainText(/Dung lượng trang: \d+ KB/);
  await expectAccessible(trainer);
  // Autosave (no button pressed) keeps it on the server.
  await expect(trainer.getByText(/Đã tự động lưu lúc/)).toBeVisible({ timeout: 15_000 });
  await trainer.reload();
  await expect(trainer.locator(".cm-content")).toContainText("lắng nghe tích cực");

  // The quiz, in a form: five single-choice questions.
  await trainer.goto(courseUrl);
  await trainer.getByRole("link", { name: /Bài kiểm tra \(0 câu hỏi\)/ }).click();
  await expectAccessible(trainer);
  for (let i = 0; i < 5; i++) {
    await trainer.locator(`[name="q${i}.text"]`).fill(`Câu hỏi về lắng nghe số ${i + 1}?`);
    await trainer.locator(`[name="q${i}.o0"]`).fill(`Đúng ${i + 1}`);
    await trainer.locator(`[name="q${i}.o1"]`).fill(`Sai ${i + 1}`);
    await trainer.locator(`[name="q${i}.correct"][value="0"]`).check();
    await trainer.locator(`[name="q${i}.explanation"]`).fill("Lắng nghe tích cực là nghe để hiểu.");
    await trainer.getByRole("button", { name: "Lưu", exact: true }).click();
    await expect(trainer.locator(`[name="q${i + 1}.text"]`)).toBeVisible();
  }
  await expect(trainer.getByRole("status").first()).toContainText("Đã lưu bài kiểm tra.");

  // Quảng Trị requires approval: the trainer submits.
  await trainer.goto(courseUrl);
  await trainer.getByRole("button", { name: "Gửi duyệt" }).click();
  await expect(trainer.getByRole("status").first()).toContainText("Đã gửi duyệt");

  // Huế's officer cannot see or approve it.
  const hue = await as(browser, DEMO.hueProvince);
  expect((await hue.request.get(courseUrl)).status()).toBe(404);
  expect((await hue.request.post(courseUrl, { form: { intent: "approve" }, maxRedirects: 0 })).status()).toBe(404);
  expect((await hue.request.get(`${courseUrl}/export`)).status()).toBe(404);
  // Nor can the learner publish it.
  const learner = await as(browser, DEMO.qtLearner);
  expect((await learner.request.post(courseUrl, { form: { intent: "publish" }, maxRedirects: 0 })).status()).toBe(404);
  expect((await learner.request.get(`/courses/${courseId}`)).status()).toBe(404);

  // The Quảng Trị officer approves.
  const officer = await as(browser, DEMO.qtProvince);
  await officer.goto("/studio");
  await officer.getByRole("link", { name: "Lắng nghe tích cực trong công tác xã hội" }).first().click();
  await officer.getByRole("button", { name: "Duyệt và xuất bản" }).click();
  await expect(officer.getByRole("status").first()).toContainText("Đã xuất bản phiên bản 1.");

  // The learner enrols, reads the lesson and passes the quiz.
  await learner.goto(`/courses/${courseId}`);
  await learner.getByRole("button", { name: "Đăng ký học" }).click();
  await learner.getByRole("link", { name: "Bắt đầu học" }).click();
  await expect(learner.getByRole("heading", { level: 1 })).toHaveText("Lắng nghe tích cực");
  await expect(learner.locator("aside.mdx-callout-tip")).toContainText("Hãy hỏi câu hỏi mở");
  await learner.getByRole("button", { name: "Hoàn thành bài học" }).click();
  await learner.goto(`/courses/${courseId}`);
  await learner.locator('a[href*="/quizzes/"]').first().click();
  for (let i = 0; i < 5; i++) await learner.getByLabel(`Đúng ${i + 1}`, { exact: true }).check();
  await learner.getByRole("button", { name: "Nộp bài" }).click();
  await expect(learner.getByRole("status").first()).toContainText("Đạt —");
});

test("without JavaScript the lesson editor previews, refuses hostile text with its place, and keeps what was typed", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await loginAs(page, DEMO.qtTrainer);
  await page.goto("/studio/kh-demo-nhap/lessons/l-demo-nhap");
  await expect(page.locator(".cm-content")).toHaveCount(0);
  const hostile = "## Tiêu đề\n\nĐoạn văn.\n\n[bấm vào đây](JaVaScRiPt:alert(document.cookie))\n";
  await page.getByLabel("Nội dung bài học (Markdown/MDX)").fill(hostile);
  await page.getByRole("button", { name: "Xem trước" }).click();
  const preview = page.locator(".studio-preview");
  await expect(preview.getByRole("alert")).toContainText("dòng 5, cột 1");
  await expect(preview.getByRole("alert")).toContainText("không được phép");
  await expect(preview.locator("article a")).toHaveCount(0);
  await expect(page.getByLabel("Nội dung bài học (Markdown/MDX)")).toHaveValue(hostile);

  // A failed save (an impossible duration) keeps the text.
  await page.getByLabel("Thời lượng (phút)").fill("0");
  await page.getByLabel("Nội dung bài học (Markdown/MDX)").fill("## Giữ nguyên\n\nVăn bản chưa lưu.\n");
  await page.getByRole("button", { name: "Lưu", exact: true }).click();
  await expect(page.getByRole("alert").first()).toContainText("thời lượng phải từ 1 đến 600 phút");
  await expect(page.getByLabel("Nội dung bài học (Markdown/MDX)")).toHaveValue("## Giữ nguyên\n\nVăn bản chưa lưu.\n");
  await context.close();
});
