// The demo learner completes the core course in a real browser: every lesson
// read and marked complete, every module quiz passed (the first one failed
// once), and the completion recorded once. Every response the learner gets
// before submitting a quiz is searched for that quiz's answer key.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { parse } from "yaml";
import { pdfPagesText, pdfQrCode } from "../support/pdf";
import { DEMO, E2E_PUBLIC_URL, expectAccessible, loginAs, settlePublicAddress } from "./support";

const COURSE_DIR = "content/courses/01-ky-nang-ctxh-co-ban";
const COURSE = "ctxh-co-ban";

interface QuizFile {
  id: string;
  questions: { id: string; type: string; answer?: boolean; options?: { id: string; correct?: boolean }[]; explanation: string }[];
}

function loadQuizzes(): Map<string, QuizFile> {
  const quizzes = new Map<string, QuizFile>();
  for (const dir of fs.readdirSync(COURSE_DIR).sort()) {
    const file = path.join(COURSE_DIR, dir, "quiz.yaml");
    if (!fs.existsSync(file)) continue;
    const quiz = parse(fs.readFileSync(file, "utf8")) as QuizFile;
    quizzes.set(quiz.id, quiz);
  }
  return quizzes;
}

function rightAnswers(quiz: QuizFile): Record<string, string[]> {
  return Object.fromEntries(
    quiz.questions.map((q) => [q.id, q.type === "truefalse" ? [String(q.answer)] : q.options!.filter((o) => o.correct).map((o) => o.id)]),
  );
}

/** Clicks a download link and returns the file's bytes and suggested name. */
async function download(page: Page, locator: ReturnType<Page["locator"]>) {
  const [file] = await Promise.all([page.waitForEvent("download"), locator.click()]);
  const chunks: Buffer[] = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
  return { bytes: new Uint8Array(Buffer.concat(chunks)), name: file.suggestedFilename() };
}

/** Clicks and waits until the browser is on another URL (full page loads, no JS). */
async function clickThrough(page: Page, locator: ReturnType<Page["locator"]>) {
  const before = page.url();
  await locator.click();
  await page.waitForURL((url) => url.toString() !== before);
}

async function answer(page: Page, answers: Record<string, string[]>) {
  for (const [questionId, options] of Object.entries(answers)) {
    for (const option of options) await page.locator(`#q-${questionId}-${option}`).check();
  }
}

test("a learner completes the core course end to end", async ({ page }) => {
  test.setTimeout(300_000);
  const quizzes = loadQuizzes();
  expect(quizzes.size).toBeGreaterThanOrEqual(Number(process.env.E2E_MIN_MODULES ?? 10));
  // Without a settled address the certificate would be issued but not signed, and printed without a QR code.
  await settlePublicAddress(page);

  // Every HTML document and data response the learner receives, in order.
  const bodies: string[] = [];
  page.on("response", async (response) => {
    const type = response.headers()["content-type"] ?? "";
    if (!/html|turbo-stream|json|x-script/.test(type)) return;
    try {
      bodies.push(await response.text());
    } catch {
      // redirects have no body
    }
  });

  await loginAs(page, DEMO.qtLearner);
  await page.goto("/learn");
  await expectAccessible(page);
  const card = page.locator(".card", { hasText: "Kỹ năng công tác xã hội cơ bản" });
  await card.getByRole("button", { name: "Đăng ký học" }).click();
  await expect(page.getByText("Đã đăng ký khóa học. Chúc bạn học tốt!")).toBeVisible();
  await expectAccessible(page);
  await clickThrough(page, page.getByRole("link", { name: "Bắt đầu học" }));

  let lessons = 0;
  let failedOnce = false;
  const passedQuizzes = new Set<string>();
  const visited = new Set<string>();
  let lastResultIndex = 0;
  for (let step = 0; step < 200; step++) {
    const url = new URL(page.url());
    if (url.pathname.includes("/lessons/")) {
      lessons++;
      await expect(page.locator("article")).not.toBeEmpty();
      if (lessons === 1) await expectAccessible(page);
      // No JavaScript on lesson pages.
      expect(await page.locator("script[src], script[type=module]").count()).toBe(0);
      await clickThrough(page, page.getByRole("button", { name: "Hoàn thành bài học" }));
      continue;
    }
    if (url.pathname.includes("/quizzes/")) {
      const quizId = url.pathname.split("/").pop()!;
      const quiz = quizzes.get(quizId);
      expect(quiz, quizId).toBeDefined();
      // Before its first submission, nothing received so far reveals this quiz's answer key.
      const firstVisit = !visited.has(quizId);
      visited.add(quizId);
      // Answer flags may appear only in results of quizzes already submitted.
      const sinceLastResult = bodies.slice(lastResultIndex).join("\n");
      for (const q of firstVisit ? quiz!.questions : []) {
        const leak = bodies.find((b) => b.includes(q.explanation));
        expect(leak === undefined, `${quizId}/${q.id} explanation leaked in: ${leak?.slice(Math.max(0, leak.indexOf(q.explanation) - 300), leak.indexOf(q.explanation) + 50)}`).toBe(true);
      }
      // No answer flags in any encoding (JSON or turbo-stream) either.
      if (firstVisit) expect(sinceLastResult).not.toContain('"correct"');
      if (passedQuizzes.size === 0) await expectAccessible(page);

      const right = rightAnswers(quiz!);
      if (!failedOnce) {
        // First quiz: submit one unanswered question (kept choices + message), then a failing set.
        const [firstId] = Object.keys(right);
        const partial = { ...right };
        delete partial[firstId!];
        await answer(page, partial);
        await page.getByRole("button", { name: "Nộp bài" }).click();
        await expect(page.getByRole("alert")).toContainText("Bạn chưa trả lời 1 câu: 1.");
        // The choices already made are still ticked.
        const [secondId, secondOptions] = Object.entries(partial)[0]!;
        await expect(page.locator(`#q-${secondId}-${secondOptions[0]}`)).toBeChecked();
        const wrong = Object.fromEntries(
          quiz!.questions.map((q) => [q.id, q.type === "truefalse" ? [String(!q.answer)] : [q.options!.find((o) => !o.correct)!.id]]),
        );
        await answer(page, wrong);
        await clickThrough(page, page.getByRole("button", { name: "Nộp bài" }));
        await expect(page.getByRole("status").first()).toContainText("Chưa đạt");
        await expect(page.getByText(quiz!.questions[0]!.explanation)).toBeVisible();
        await expectAccessible(page);
        failedOnce = true;
        await clickThrough(page, page.getByRole("link", { name: "Làm lại" }));
        lastResultIndex = bodies.length;
        continue;
      }
      await answer(page, right);
      await clickThrough(page, page.getByRole("button", { name: "Nộp bài" }));
      await expect(page.getByRole("status").first()).toContainText("Đạt —");
      passedQuizzes.add(quizId);
      const next = page.getByRole("link", { name: "Tiếp tục học" });
      if (await next.count()) {
        await clickThrough(page, next);
        lastResultIndex = bodies.length;
        continue;
      }
      break;
    }
    throw new Error(`unexpected page ${url.pathname}`);
  }

  expect(passedQuizzes.size).toBe(quizzes.size);
  await expect(page.getByText("Chúc mừng! Bạn đã hoàn thành khóa học.")).toBeVisible();
  await page.goto(`/courses/${COURSE}`);
  await expect(page.getByText(/Bạn đã hoàn thành khóa học ngày \d{2}\/\d{2}\/\d{4}\./)).toBeVisible();
  await expect(page.getByText("Đã hoàn thành 100%")).toBeVisible();

  // Completing again (a replayed form) changes nothing.
  const lastLesson = await page.locator(".lesson-list a[href*='/lessons/']").last().getAttribute("href");
  const replay = await page.request.post(lastLesson!, { form: {}, maxRedirects: 0 });
  expect(replay.status()).toBe(302);

  // The certificate is waiting, without a button to press, and its public page says it is valid.
  await page.goto("/learn");
  const certificate = page.locator("li", { hasText: "Kỹ năng công tác xã hội cơ bản" }).filter({ hasText: "Còn hiệu lực" });
  await expect(certificate).toHaveCount(1);
  // The learner downloads it as a PDF from right there.
  const pdf = await download(page, certificate.getByRole("link", { name: /^Tải PDF/ }));
  await certificate.getByRole("link", { name: "Xem và kiểm tra" }).click();
  await expect(page.getByText("Tình trạng: Còn hiệu lực")).toBeVisible();
  await expect(page.getByText("Nguyễn Thị Hường", { exact: true })).toBeVisible();
  await expect(page.getByText("**/**/1988")).toBeVisible();
  await expectAccessible(page);
  const serial = new URL(page.url()).pathname.split("/").pop()!;

  // The PDF: her name and the serial as text, and a QR code that opens this very page (under the public address).
  expect(pdf.name).toBe(`giay-chung-nhan-${serial}.pdf`);
  const [pdfText] = await pdfPagesText(pdf.bytes);
  expect(pdfText).toContain(" Nguyễn Thị Hường ");
  expect(pdfText).toContain(`Số hiệu: ${serial}`);
  expect(pdfText).toContain("Kỹ năng công tác xã hội cơ bản");
  expect(pdfText).not.toContain("ĐÃ THU HỒI");
  const qr = await pdfQrCode(pdf.bytes);
  expect(qr).toBe(`${E2E_PUBLIC_URL}/verify/${serial}`);
  await page.goto(new URL(qr!).pathname);
  await expect(page.getByText("Tình trạng: Còn hiệu lực")).toBeVisible();

  // Its Open Badges credential verifies on the "Kiểm tra chứng nhận" page.
  const credential = await (await page.request.get(`/verify/${serial}/credential.json`)).text();
  expect(JSON.parse(credential).proof.cryptosuite).toBe("eddsa-rdfc-2022");
  await page.goto("/verify/check");
  await page.getByLabel("Nội dung JSON").fill(credential);
  await page.getByRole("button", { name: "Kiểm tra" }).click();
  await expect(page.getByText("Chứng nhận hợp lệ.")).toBeVisible();
  await expectAccessible(page);
  // A tampered copy is caught.
  await page.getByLabel("Nội dung JSON").fill(credential.replace(/"name": "Nguyễn Thị Hường"/g, '"name": "Nguyễn Thị Hương"'));
  await page.getByRole("button", { name: "Kiểm tra" }).click();
  await expect(page.getByText("Chứng nhận KHÔNG hợp lệ.")).toBeVisible();
  await expect(page.getByText(/Chữ ký: .*[Cc]hữ ký không hợp lệ/)).toBeVisible();

  // The officer of the commune sees the completion.
  await loginAs(page, DEMO.qtCommune);
  await page.goto(`/progress?course=${COURSE}`);
  await expect(page.getByRole("row", { name: /Nguyễn Thị Hường/ })).toContainText(/Đã hoàn thành \(\d{2}\/\d{2}\/\d{4}\)/);
  await expectAccessible(page);

  // The province officer revokes it; the page and the credential check both say so.
  await loginAs(page, DEMO.qtProvince);
  await page.goto("/certificates");
  const row = page.getByRole("row", { name: new RegExp(serial) });
  await row.getByLabel("Lý do thu hồi").fill("Kiểm thử thu hồi");
  await row.getByRole("button", { name: "Thu hồi" }).click();
  await expect(page.getByText(`Đã thu hồi giấy chứng nhận ${serial}.`)).toBeVisible();
  // Its PDF can still be fetched for the records, but only stamped as revoked.
  const revokedPdf = await download(page, page.getByRole("row", { name: new RegExp(serial) }).getByRole("link", { name: /^Tải PDF/ }));
  expect(revokedPdf.name).toBe(`giay-chung-nhan-${serial}-da-thu-hoi.pdf`);
  expect((await pdfPagesText(revokedPdf.bytes))[0]).toContain("ĐÃ THU HỒI");
  await page.goto(`/verify/${serial}`);
  await expect(page.getByText(/Tình trạng: Đã bị thu hồi ngày \d{2}\/\d{2}\/\d{4}/)).toBeVisible();
  await expect(page.getByText("Kiểm thử thu hồi")).toBeVisible();
  await page.goto("/verify/check");
  await page.getByLabel("Nội dung JSON").fill(credential);
  await page.getByRole("button", { name: "Kiểm tra" }).click();
  await expect(page.getByText("Chứng nhận KHÔNG hợp lệ.")).toBeVisible();
  await expect(page.locator("li", { hasText: "Thu hồi:" })).toContainText("thu hồi");

  if (process.env.TEST_DATABASE_URL) {
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.pathname = "/ctxh_e2e";
    const sql = postgres(url.toString(), { max: 1 });
    const rows = await sql`select count(*)::int as n from course_completions c join people p on p.id = c.person_id where p.phone = ${DEMO.qtLearner} and c.course_id = ${COURSE}`;
    await sql.end();
    expect(rows[0]!.n).toBe(1);
  }
});
