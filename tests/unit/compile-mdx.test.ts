import { describe, expect, it } from "vitest";
import { COMPILER_VERSION, compileMdx, mdxHash, type CompileResult } from "~/content/compile-mdx.server";
import { isSafeUrl } from "~/content/mdx-guard.server";
import { quizFileSchema, toQuizQuestions } from "~/content/schema";

const lesson = `## Mở đầu

Một đoạn có **chữ đậm**, một [liên kết](https://example.org) và một <Term definition="Người cần hỗ trợ">đối tượng</Term>.

| Cột | Giá trị |
|---|---|
| a | 1 |

<Callout type="warning" title="Bảo mật">

Không kể chuyện của người dân ở họp thôn.

</Callout>

<CaseStudy title="Bà Lài sau trận lũ">

Bà Lài 71 tuổi nuôi hai cháu.

</CaseStudy>

<Checklist>

- Hỏi người dân muốn gì.

</Checklist>

<Steps title="Tiếp nhận">

1. Lắng nghe.
2. Ghi chép.

</Steps>

<Quiz />
`;

function errorsOf(result: CompileResult) {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors;
}

describe("compileMdx", () => {
  it("compiles a lesson with every component to static HTML", async () => {
    const result = await compileMdx(lesson);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.html).toContain("<h2>Mở đầu</h2>");
    expect(result.html).toContain('<a href="https://example.org" rel="noopener noreferrer" target="_blank">liên kết</a>');
    expect(result.html).toContain('<dfn title="Người cần hỗ trợ">đối tượng</dfn>');
    expect(result.html).toContain('class="mdx-callout mdx-callout-warning"');
    expect(result.html).toContain("Cảnh báo");
    expect(result.html).toContain("Tình huống");
    expect(result.html).toContain("Bà Lài sau trận lũ");
    expect(result.html).toContain("Danh sách kiểm tra");
    expect(result.html).toContain("Các bước");
    expect(result.html).toContain("<ol>");
    expect(result.html).toContain("<table>");
    expect(result.html).toContain("Làm bài kiểm tra của mô-đun");
    expect(result.hash).toBe(mdxHash(lesson));
    expect(result.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(COMPILER_VERSION).toBeTruthy();
    expect(result.bytes).toBe(Buffer.byteLength(result.html));
    expect(result.words).toBeGreaterThan(20);
    // The bundle is plain code returning the component: no require, no import.
    expect(result.code).not.toMatch(/\brequire\(|\bimport\(/);
  });

  it("renders Figure with alt text and caption", async () => {
    const result = await compileMdx(`<Figure src="./images/so-do.svg" alt="Sơ đồ mạng lưới" caption="Hình 1" />\n`);
    expect(result.ok && result.html).toContain('<figure class="mdx-figure"><img src="./images/so-do.svg" alt="Sơ đồ mạng lưới"');
  });

  const hostile: [string, string, number, RegExp][] = [
    ["script tag", "Đoạn đầu.\n\n<script>alert(1)</script>\n", 3, /<script>/],
    ["event handler", 'Đoạn đầu.\n\n<img src="x" onerror="alert(1)" />\n', 3, /onerror/],
    ["expression", "Đoạn đầu.\n\n{process.exit()}\n", 3, /biểu thức/],
    ["import", 'Đoạn đầu.\n\nimport fs from "node:fs"\n', 3, /import\/export/],
    ["export", "Đoạn đầu.\n\nexport const x = 1\n", 3, /import\/export/],
    ["javascript: link", "Đoạn đầu.\n\n[a](javascript:alert(1))\n", 3, /không được phép/],
    ["expression prop", '<Callout type={"note"}>\n\nx\n\n</Callout>\n', 1, /dấu ngoặc kép/],
    ["on* prop", '<Callout type="note" onClick="x">\n\nx\n\n</Callout>\n', 1, /onClick/],
    ["iframe", 'Đoạn đầu.\n\n<iframe src="https://example.org">\n', 3, /iframe/],
    ["unknown component", "Đoạn đầu.\n\n<Danger />\n", 3, /<Danger>/],
    ["undeclared prop", '<CaseStudy title="a" color="red">\n\nx\n\n</CaseStudy>\n', 1, /color/],
    ["bad prop value", '<Callout type="danger">\n\nx\n\n</Callout>\n', 1, /note, warning hoặc tip/],
    ["spread attribute", "<Callout {...props}>\n\nx\n\n</Callout>\n", 1, /biểu thức/],
    ["remote Figure", '<Figure src="https://evil.example/x.png" alt="a" />\n', 1, /src/],
    ["data: image", "![x](data:image/svg+xml;base64,PHN2Zz4=)\n", 1, /không được phép/],
    ["encoded javascript:", "[a](&#106;avascript:alert(1))\n", 1, /không được phép/],
    ["level-1 heading", "# Tiêu đề\n", 1, /cấp 1/],
    ["remote image reference (full)", "Đoạn đầu.\n\n![x][t]\n\n[t]: https://evil.example/t.gif\n", 3, /evil\.example/],
    ["remote image reference (collapsed)", "![t][]\n\n[t]: https://evil.example/t.gif\n", 1, /evil\.example/],
    ["remote image reference (shortcut)", "Chữ ![t] chữ.\n\n[t]: https://evil.example/t.gif\n", 1, /evil\.example/],
    ["remote image reference (label case and spaces)", "![x][Ảnh   Một]\n\n[ảnh một]: http://evil.example/t.gif\n", 1, /evil\.example/],
    ["remote image reference (defined first)", "[t]: <https://evil.example/t.gif>\n\nĐoạn.\n\n![x][t]\n", 5, /evil\.example/],
    ["protocol-relative image", "![x](//evil.example/t.gif)\n", 1, /không được phép/],
    ["protocol-relative image reference", "![x][t]\n\n[t]: //evil.example/t.gif\n", 1, /không được phép/],
    ["absolute-path image", "![x](/t.gif)\n", 1, /không được phép/],
    ["remote image inside a link", "[![x][t]](https://example.org)\n\n[t]: https://evil.example/t.gif\n", 1, /evil\.example/],
    ["remote image inside a Callout", '<Callout type="note">\n\n![x][t]\n\n</Callout>\n\n[t]: https://evil.example/t.gif\n', 3, /evil\.example/],
  ];

  for (const [name, source, line, message] of hostile) {
    it(`refuses ${name} with its line`, async () => {
      const errors = errorsOf(await compileMdx(source));
      expect(errors.length).toBeGreaterThan(0);
      expect(errors[0]!.line).toBe(line);
      expect(errors[0]!.column).toBeGreaterThan(0);
      expect(errors.map((e) => e.message).join("\n")).toMatch(message);
    });
  }

  it("keeps image references to allowed images, and a link definition may be remote", async () => {
    const result = await compileMdx("![Sơ đồ][so-do] và [trang](https://example.org).\n\n[so-do]: ./images/so-do.svg\n");
    expect(result.ok).toBe(true);
    expect(result.ok && result.html).toContain('src="./images/so-do.svg"');
  });

  it("finds remote loads in rendered HTML whatever made them", async () => {
    const { remoteLoads } = await import("~/content/compile-mdx.server");
    expect(remoteLoads('<p><img src="https://evil.example/t.gif" alt=""/></p>')).toEqual(["https://evil.example/t.gif"]);
    expect(remoteLoads('<img srcset="//evil.example/a.png 2x"/>')).toHaveLength(1);
    expect(remoteLoads('<img src="/media/' + "a".repeat(64) + '.webp"/><a href="https://example.org">x</a>')).toEqual([]);
  });

  it("reports lines in the file when given the frontmatter offset", async () => {
    const errors = errorsOf(await compileMdx("Đoạn đầu.\n\n{1 + 1}\n", { lineOffset: 6 }));
    expect(errors[0]!.line).toBe(9);
  });

  it("refuses input over 200 KB before parsing it", async () => {
    const errors = errorsOf(await compileMdx("chữ ".repeat(60_000)));
    expect(errors[0]!.message).toMatch(/quá lớn/);
  });

  it("refuses 50-deep nesting of blockquotes and of Callouts", async () => {
    const quotes = errorsOf(await compileMdx(`${"> ".repeat(50)}sâu\n`));
    expect(quotes[0]!.message).toMatch(/lồng nhau quá sâu/);
    const open = Array.from({ length: 50 }, () => '<Callout type="note">\n').join("\n");
    const close = Array.from({ length: 50 }, () => "</Callout>\n").join("\n");
    const callouts = errorsOf(await compileMdx(`${open}\nsâu\n\n${close}`));
    expect(callouts[0]!.message).toMatch(/lồng nhau quá sâu/);
    expect(callouts[0]!.line).toBeGreaterThan(1);
  });

  it("never evaluates gray-matter front matter engines", async () => {
    const result = await compileMdx("---js\nglobalThis.pwned = true\n---\n\nChữ.\n");
    expect((globalThis as { pwned?: boolean }).pwned).toBeUndefined();
    expect(result.ok).toBe(true);
  });

  it("allows only safe URL schemes", () => {
    expect(isSafeUrl("https://example.org")).toBe(true);
    expect(isSafeUrl("#muc-2")).toBe(true);
    expect(isSafeUrl("tel:111")).toBe(true);
    expect(isSafeUrl("java\tscript:alert(1)")).toBe(false);
    expect(isSafeUrl(" JAVASCRIPT:alert(1)")).toBe(false);
    expect(isSafeUrl("vbscript:x")).toBe(false);
    expect(isSafeUrl("data:text/html,x")).toBe(false);
  });
});

describe("quiz schema", () => {
  const base = { id: "q-m01", title: "Kiểm tra" };
  const single = (id: string) => ({
    id,
    type: "single",
    text: "Câu?",
    options: [
      { id: "a", text: "A", correct: true },
      { id: "b", text: "B" },
    ],
    explanation: "Vì A.",
  });

  it("stores truefalse as Đúng/Sai options", () => {
    const parsed = quizFileSchema.parse({
      ...base,
      questions: [single("q1"), single("q2"), single("q3"), single("q4"), { id: "q5", type: "truefalse", text: "Đúng không?", answer: false, explanation: "Sai." }],
    });
    expect(toQuizQuestions(parsed)[4]!.options).toEqual([
      { id: "true", text: "Đúng", correct: false },
      { id: "false", text: "Sai", correct: true },
    ]);
  });

  it("refuses fewer than 5 questions, duplicate ids, a wrong number of correct options and a missing explanation", () => {
    const messages = (data: unknown) => {
      const r = quizFileSchema.safeParse(data);
      return r.success ? "" : r.error.issues.map((i) => i.message).join("\n");
    };
    expect(messages({ ...base, questions: [single("q1")] })).toMatch(/ít nhất 5/);
    expect(messages({ ...base, questions: [single("q1"), single("q1"), single("q3"), single("q4"), single("q5")] })).toMatch(/bị trùng/);
    const twoCorrect = { ...single("q5"), options: [{ id: "a", text: "A", correct: true }, { id: "b", text: "B", correct: true }, { id: "c", text: "C" }] };
    expect(messages({ ...base, questions: [single("q1"), single("q2"), single("q3"), single("q4"), twoCorrect] })).toMatch(/đúng 1/);
    const oneOfMany = { ...single("q5"), type: "multiple" };
    expect(messages({ ...base, questions: [single("q1"), single("q2"), single("q3"), single("q4"), oneOfMany] })).toMatch(/ít nhất 2/);
    const { explanation: _e, ...noExplanation } = single("q5");
    expect(messages({ ...base, questions: [single("q1"), single("q2"), single("q3"), single("q4"), noExplanation] })).toMatch(/explanation/);
    const dupOption = { ...single("q5"), options: [{ id: "a", text: "A", correct: true }, { id: "a", text: "B" }] };
    expect(messages({ ...base, questions: [single("q1"), single("q2"), single("q3"), single("q4"), dupOption] })).toMatch(/phương án "a" bị trùng/);
  });
});
