// Issue #10, item 1: a learner sees a lesson as its author previewed it. One
// lesson with every author component (content/FORMAT.md) is written in the
// studio, approved and published; the computed styles of each component in the
// learner's lesson page must equal those in the studio preview, and must be
// styled at all (two unstyled pages would also be equal). Screenshots of both
// at 360 px (and 1366 px) are saved as test artifacts.
import { expect, test, type Browser, type Locator, type Page, type TestInfo } from "@playwright/test";
import sharp from "sharp";
import { DEMO, loginAs } from "./support";

async function as(browser: Browser, login: string, width = 360): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  await loginAs(page, login);
  return page;
}

function lessonBody(figureSrc: string) {
  return [
    "## Mục tiêu",
    "",
    'Sau bài này, bạn biết tiếp nhận <Term definition="người được trợ giúp xã hội">đối tượng</Term> tại nhà.',
    "",
    '<Callout type="note" title="Ghi nhớ">',
    "",
    "Luôn ghi lại ngày giờ gặp người dân.",
    "",
    "</Callout>",
    "",
    '<Callout type="tip" title="Mẹo nhỏ">',
    "",
    "Hãy hỏi câu hỏi mở và nhắc lại ý của người nói.",
    "",
    "</Callout>",
    "",
    '<Callout type="warning" title="Cẩn thận">',
    "",
    "Không hứa điều mình không làm được.",
    "",
    "</Callout>",
    "",
    '<CaseStudy title="Bà Lan ở thôn 3">',
    "",
    "Bà Lan 78 tuổi, sống một mình. Bạn sẽ hỏi bà điều gì trước tiên?",
    "",
    "</CaseStudy>",
    "",
    '<Checklist title="Trước khi đến nhà">',
    "",
    "- Mang theo phiếu tiếp nhận",
    "- Hẹn giờ với gia đình",
    "",
    "</Checklist>",
    "",
    '<Steps title="Tiếp nhận một trường hợp">',
    "",
    "1. Chào hỏi và giới thiệu",
    "2. Lắng nghe",
    "3. Ghi chép",
    "",
    "</Steps>",
    "",
    `<Figure src="${figureSrc}" alt="Sơ đồ tiếp nhận" caption="Hình 1. Các bước tiếp nhận" />`,
    "",
    '<Video youtube="dQw4w9WgXcQ" title="Lắng nghe tích cực" />',
    "",
    "| Bước | Việc cần làm |",
    "|---|---|",
    "| 1 | Chào hỏi |",
    "| 2 | Lắng nghe |",
    "",
    "<Quiz />",
    "",
  ].join("\n");
}

// Each component's outer element and the inner parts whose look matters.
const COMPONENTS = [
  "aside.mdx-callout-note",
  "aside.mdx-callout-tip",
  "aside.mdx-callout-warning",
  ".mdx-callout-tip .mdx-box-label",
  "section.mdx-case",
  ".mdx-case .mdx-box-label",
  "section.mdx-checklist",
  ".mdx-checklist li",
  "section.mdx-steps",
  ".mdx-steps ol",
  "figure.mdx-figure",
  ".mdx-figure figcaption",
  ".mdx-video",
  ".mdx-video-note",
  ".mdx-term dfn",
  ".mdx-term-definition",
  ".mdx-table th",
  "aside.mdx-quiz",
];

const PROPS = [
  "display",
  "border-top-width",
  "border-left-width",
  "border-left-style",
  "border-left-color",
  "border-top-color",
  "border-radius",
  "background-color",
  "padding-top",
  "padding-left",
  "padding-right",
  "margin-top",
  "margin-bottom",
  "color",
  "font-size",
  "font-weight",
  "text-transform",
  "list-style-type",
  "text-decoration-line",
];

async function stylesIn(root: Locator) {
  const out: Record<string, Record<string, string>> = {};
  for (const selector of COMPONENTS) {
    const el = root.locator(selector).first();
    await expect(el, selector).toBeAttached();
    out[selector] = await el.evaluate((node, props) => {
      const cs = getComputedStyle(node);
      return Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
    }, PROPS);
  }
  return out;
}

async function shoot(target: Page | Locator, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(name);
  await target.screenshot({ path: file, ...("goto" in target ? { fullPage: true } : {}) });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

test("every author component looks the same in the learner's lesson and in the studio preview", async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const trainer = await as(browser, DEMO.qtTrainer);

  // A course with one module and its one lesson.
  const created = await trainer.request.post("/studio", { form: { intent: "create", title: "Tiếp nhận tại nhà (kiểm tra giao diện)" }, maxRedirects: 0 });
  expect(created.status()).toBe(302);
  const courseUrl = new URL(created.headers()["location"]!, "http://x").pathname;
  const courseId = courseUrl.split("/").pop()!;
  const studioHtml = await (await trainer.request.get(courseUrl)).text();
  const moduleId = /name="moduleId" value="(m-[a-f0-9]+)"/.exec(studioHtml)![1]!;
  const lessonUrl = new RegExp(`${courseUrl}/lessons/l-[a-f0-9]+`).exec(studioHtml)![0];

  // An image for the Figure, uploaded the way the editor does.
  const png = await sharp({ create: { width: 480, height: 240, channels: 3, background: "#0b5d54" } }).png().toBuffer();
  const uploaded = await (await trainer.request.post(lessonUrl, { multipart: { intent: "upload", image: { name: "so-do.png", mimeType: "image/png", buffer: png } } })).text();
  const figureSrc = /\/media\/[a-f0-9]{64}\.webp/.exec(uploaded)![0];

  const saved = await trainer.request.post(lessonUrl, {
    form: { intent: "save", rev: "1", title: "Tiếp nhận một trường hợp", summary: "Các bước tiếp nhận tại nhà.", minutes: "20", body: lessonBody(figureSrc) },
  });
  expect(saved.status()).toBe(200);
  expect(await saved.text()).toContain("Đã lưu");
  const ok = async (path: string, form: Record<string, string>) => expect((await trainer.request.post(path, { form })).status(), `${path} ${form.intent ?? ""}`).toBe(200);
  await ok(courseUrl, { intent: "meta", title: "Tiếp nhận tại nhà (kiểm tra giao diện)", summary: "Kiểm tra giao diện bài học.", hours: "1", passMark: "70", maxAttempts: "3", validityMonths: "", selfEnroll: "on", intro: "" });
  await ok(courseUrl, { intent: "saveModule", moduleId, title: "Tiếp nhận", summary: "Tiếp nhận một trường hợp tại nhà." });
  for (let i = 0; i < 5; i++) {
    const q: Record<string, string> = { title: "Kiểm tra mô-đun 1" };
    for (let j = 0; j <= i; j++) Object.assign(q, { [`q${j}.text`]: `Câu hỏi số ${j + 1}?`, [`q${j}.o0`]: `Đúng ${j + 1}`, [`q${j}.o1`]: `Sai ${j + 1}`, [`q${j}.correct`]: "0", [`q${j}.explanation`]: "Vì vậy." });
    await ok(`${courseUrl}/modules/${moduleId}/quiz`, q);
  }
  await ok(courseUrl, { intent: "publish" });
  const officer = await as(browser, DEMO.qtProvince);
  const approved = await officer.request.post(courseUrl, { form: { intent: "approve" } });
  expect(await approved.text()).toContain("Đã xuất bản phiên bản 1.");

  // The learner's page: plain HTML, no JavaScript.
  const learner = await as(browser, DEMO.qtLearner);
  expect((await learner.request.post(`/courses/${courseId}`, { maxRedirects: 0 })).status()).toBe(302);
  const lessonId = lessonUrl.split("/").pop()!;
  await learner.goto(`/courses/${courseId}/lessons/${lessonId}`);
  await expect(learner.locator("script[src]")).toHaveCount(0);
  const learnerArticle = learner.locator(".lesson article");
  await expect(learnerArticle.locator("figure.mdx-figure img")).toHaveJSProperty("complete", true);

  await trainer.goto(lessonUrl);
  const preview = trainer.locator(".studio-preview article.lesson-preview");
  await expect(preview.locator("aside.mdx-callout-tip")).toContainText("Hãy hỏi câu hỏi mở");

  // Both pages link the content stylesheet from the same path.
  const sheet = async (page: Page) => page.locator('link[rel="stylesheet"]').evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).getAttribute("href")).filter((h) => h && /\/content-[^/]*\.css$/.test(h)));
  const learnerSheets = await sheet(learner);
  expect(learnerSheets).toHaveLength(1);
  expect(await sheet(trainer)).toEqual(learnerSheets);

  const inLesson = await stylesIn(learnerArticle);
  const inPreview = await stylesIn(preview);
  expect(inLesson).toEqual(inPreview);
  // Styled, not browser defaults.
  expect(inLesson["aside.mdx-callout-tip"]!["border-left-width"]).toBe("4px");
  expect(inLesson["aside.mdx-callout-tip"]!["background-color"]).not.toBe("rgba(0, 0, 0, 0)");
  expect(inLesson["section.mdx-case"]!["padding-left"]).not.toBe("0px");
  expect(inLesson[".mdx-case .mdx-box-label"]!["display"]).toBe("block");
  expect(inLesson[".mdx-checklist li"]!["padding-left"]).not.toBe("0px");
  expect(inLesson[".mdx-term-definition"]!["color"]).not.toBe(inLesson[".mdx-term dfn"]!["color"]);
  // The label and the title are on lines of their own ("Mẹo" above "Mẹo nhỏ", not "MẹoMẹo nhỏ").
  for (const root of [learnerArticle, preview]) {
    const label = await root.locator(".mdx-callout-tip .mdx-box-label").boundingBox();
    const name = await root.locator(".mdx-callout-tip .mdx-box-name").boundingBox();
    expect(name!.y).toBeGreaterThanOrEqual(label!.y + label!.height - 1);
  }
  // On a phone the preview is as wide as the learner's page.
  const learnerBox = await learnerArticle.locator("aside.mdx-callout-tip").boundingBox();
  const previewBox = await preview.locator("aside.mdx-callout-tip").boundingBox();
  expect(previewBox!.width).toBe(learnerBox!.width);
  // Nothing wider than a 360-px phone.
  for (const page of [learner, trainer]) {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }

  await shoot(learner, testInfo, "learner-360.png");
  await shoot(trainer.locator(".studio-preview"), testInfo, "preview-360.png");
  for (const page of [learner, trainer]) await page.setViewportSize({ width: 1366, height: 900 });
  await shoot(learner, testInfo, "learner-1366.png");
  await shoot(trainer, testInfo, "studio-1366.png");
  expect(await stylesIn(learnerArticle)).toEqual(await stylesIn(preview));
});
