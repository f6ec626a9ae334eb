// The safety guard for trainer-authored MDX. MDX is a programming language
// (imports, exports, {expressions}, any JSX); our lessons may only be Markdown
// plus the components in ./schema. The guard parses with the same remark-mdx
// pipeline the bundler uses and rejects everything else, with line and column,
// BEFORE anything is bundled or evaluated.
import remarkGfm from "remark-gfm";
import remarkMdx from "remark-mdx";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { COMPONENT_NAMES, componentPropSchemas, declaredProps, isAllowedImageSrc, isComponentName, type ComponentName } from "./schema";

export interface MdxIssue {
  line: number;
  column: number;
  message: string;
}

export const MAX_MDX_BYTES = 200 * 1024;
export const MAX_DEPTH = 20;

// Components that are blocks (an <aside>/<section>/<figure>) must stand on their own lines.
const BLOCK_COMPONENTS = new Set<ComponentName>(["Callout", "CaseStudy", "Checklist", "Steps", "Figure", "Quiz", "Video"]);
const EMPTY_COMPONENTS = new Set<ComponentName>(["Figure", "Quiz", "Video"]);
const SAFE_SCHEMES = new Set(["http", "https", "mailto", "tel"]);

// The parts of mdast / mdast-util-mdx nodes the guard reads; kept local so the
// guard does not depend on which version of the type packages is hoisted.
interface Point {
  line: number;
  column: number;
}
interface Attribute {
  type: "mdxJsxAttribute" | "mdxJsxExpressionAttribute";
  name?: string;
  value?: string | { type: string } | null;
  position?: { start: Point };
}
export interface MdNode {
  type: string;
  position?: { start: Point; end: Point };
  children?: MdNode[];
  value?: string;
  url?: string;
  identifier?: string;
  depth?: number;
  name?: string | null;
  attributes?: Attribute[];
}

const processor = unified().use(remarkParse).use(remarkMdx).use(remarkGfm).freeze();

/** Parses MDX (no frontmatter) into mdast, or returns the syntax error. */
export function parseMdx(source: string): { tree: MdNode } | { error: MdxIssue } {
  try {
    return { tree: processor.parse(source) as unknown as MdNode };
  } catch (error) {
    const e = error as { line?: number; column?: number; reason?: string; message?: string };
    // Some messages (an unclosed tag) carry their place only in the text: "(3:1-3:17)".
    const inText = /\((\d+):(\d+)(?:-\d+:\d+)?\)/.exec(e.reason ?? "");
    return {
      error: {
        line: e.line ?? (inText ? Number(inText[1]) : 1),
        column: e.column ?? (inText ? Number(inText[2]) : 1),
        message: `Lỗi cú pháp MDX: ${e.reason ?? e.message ?? String(error)}. Kiểm tra thẻ mở/đóng của thành phần; trong văn bản, viết \\{ thay cho {, và &lt; thay cho < đứng trước chữ.`,
      },
    };
  }
}

/** Every reason the tree is not allowed; empty when it is safe to bundle. */
export function checkTree(tree: MdNode): MdxIssue[] {
  const issues: MdxIssue[] = [];
  // Iterative walk: a hostile file must not overflow the stack.
  const stack: { node: MdNode; depth: number }[] = [{ node: tree, depth: 0 }];
  let depthReported = false;
  // `![x][t]` with `[t]: https://…` is an image too: the URL lives in a
  // definition anywhere in the file, so references are checked after the walk.
  const definitions = new Map<string, MdNode[]>();
  const imageReferences: MdNode[] = [];
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) {
      if (!depthReported) issues.push(at(node, `Nội dung lồng nhau quá sâu (quá ${MAX_DEPTH} cấp). Hãy tách bớt các khối lồng vào nhau.`));
      depthReported = true;
      continue;
    }
    checkNode(node, issues);
    if (node.type === "definition" && node.identifier !== undefined) {
      const key = normalizeLabel(node.identifier);
      definitions.set(key, [...(definitions.get(key) ?? []), node]);
    } else if (node.type === "imageReference") {
      imageReferences.push(node);
    }
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, depth: depth + 1 });
  }
  for (const reference of imageReferences) {
    // Every definition of the label must be an allowed image, whichever one the
    // renderer would pick.
    for (const definition of definitions.get(normalizeLabel(reference.identifier ?? "")) ?? []) {
      if (definition.url !== undefined && !isAllowedImageSrc(definition.url)) {
        issues.push(at(reference, `Ảnh "${definition.url.slice(0, 60)}" (khai báo ở dòng ${definition.position?.start.line ?? "?"}) không được phép. Hãy tải ảnh lên (địa chỉ /media/…) hoặc dùng ảnh trong thư mục bài học.`));
      }
    }
  }
  return issues.sort((a, b) => a.line - b.line || a.column - b.column);
}

// Markdown parsers match emphasis, strike-through, brackets and code spans
// by scanning back over the open delimiters of a paragraph: thousands of them
// in one paragraph cost seconds to minutes ("*a" × 30,000 took 148 s). No
// lesson needs more than a few dozen, so a linear scan refuses such shapes
// before any parser sees them. The compile worker's hard time limit is the
// second lock, for shapes nobody has thought of yet.
export const SHAPE_LIMITS = {
  /** `*`, `_` and `~` in one paragraph (the handbook's busiest has 32). */
  delimiters: 200,
  /** `[` and `]` in one paragraph. */
  brackets: 200,
  /** Backticks in one paragraph. */
  backticks: 100,
  /** `<` in one paragraph (components and autolinks). */
  angles: 100,
  /** Columns of indentation before a line's text (four levels of nested lists fit). */
  indent: 24,
  /** `>` before a line's text (quotes inside quotes). */
  quotes: 5,
  /** Lines that start with `>` in the whole lesson: parsers slow down with each one. */
  quoteLines: 200,
  /** Characters in one line. */
  lineLength: 10_000,
};

/** The first shape that would make parsing slow, as an issue at its line; null when none. */
export function checkShapes(source: string): MdxIssue | null {
  let paragraphLine = 1;
  let counts = { delimiters: 0, brackets: 0, backticks: 0, angles: 0 };
  let line = 1;
  let column = 0;
  let lineStart = true;
  let blankSoFar = true;
  let indent = 0;
  let quotes = 0;
  let quoteLines = 0;
  const too = (what: string, limit: number): MdxIssue => ({
    line: paragraphLine,
    column: 1,
    message: `Đoạn văn từ dòng ${paragraphLine} có quá nhiều ${what} (quá ${limit}). Nội dung kiểu này làm máy chủ xử lý rất chậm; hãy chia thành nhiều đoạn hoặc bỏ bớt ký hiệu định dạng.`,
  });
  for (let i = 0; i < source.length; i++) {
    const ch = source.charCodeAt(i);
    if (ch === 10 /* \n */) {
      // A blank line ends the paragraph: counts start again.
      if (blankSoFar) {
        counts = { delimiters: 0, brackets: 0, backticks: 0, angles: 0 };
        paragraphLine = line + 1;
      }
      line++;
      column = 0;
      lineStart = true;
      blankSoFar = true;
      indent = 0;
      quotes = 0;
      continue;
    }
    column++;
    if (column > SHAPE_LIMITS.lineLength) {
      return { line, column: 1, message: `Dòng ${line} quá dài (quá ${SHAPE_LIMITS.lineLength.toLocaleString("vi-VN")} ký tự). Hãy xuống dòng giữa các câu.` };
    }
    if (lineStart) {
      if (ch === 32) indent++;
      else if (ch === 9) indent += 4;
      else if (ch === 62 /* > */) {
        if (quotes++ === 0 && ++quoteLines > SHAPE_LIMITS.quoteLines) {
          return { line, column: 1, message: `Bài học có quá nhiều dòng trích dẫn (dòng bắt đầu bằng >, quá ${SHAPE_LIMITS.quoteLines}). Hãy dùng thành phần Callout hoặc chia thành nhiều bài.` };
        }
      }
      else if (ch !== 13) lineStart = false;
      if (indent > SHAPE_LIMITS.indent || quotes > SHAPE_LIMITS.quotes) {
        return { line, column: 1, message: `Dòng ${line} thụt lề hoặc trích dẫn lồng nhau quá sâu. Hãy bỏ bớt khoảng trắng hoặc dấu > ở đầu dòng.` };
      }
    }
    if (ch !== 32 && ch !== 9 && ch !== 13) blankSoFar = false;
    if (paragraphLine === 0) paragraphLine = line;
    if (ch === 42 || ch === 95 || ch === 126) {
      if (++counts.delimiters > SHAPE_LIMITS.delimiters) return too("dấu *, _ hoặc ~", SHAPE_LIMITS.delimiters);
    } else if (ch === 91 || ch === 93) {
      if (++counts.brackets > SHAPE_LIMITS.brackets) return too("dấu ngoặc vuông [ ]", SHAPE_LIMITS.brackets);
    } else if (ch === 96) {
      if (++counts.backticks > SHAPE_LIMITS.backticks) return too("dấu `", SHAPE_LIMITS.backticks);
    } else if (ch === 60) {
      if (++counts.angles > SHAPE_LIMITS.angles) return too("dấu <", SHAPE_LIMITS.angles);
    }
  }
  return null;
}

/** Parse + check in one call. */
export function guardMdx(source: string): { tree: MdNode | null; issues: MdxIssue[] } {
  if (Buffer.byteLength(source, "utf8") > MAX_MDX_BYTES) {
    return { tree: null, issues: [{ line: 1, column: 1, message: `Tệp quá lớn (tối đa ${MAX_MDX_BYTES / 1024} KB). Hãy chia bài học thành nhiều bài.` }] };
  }
  const shape = checkShapes(source);
  if (shape) return { tree: null, issues: [shape] };
  const parsed = parseMdx(source);
  if ("error" in parsed) return { tree: null, issues: [parsed.error] };
  return { tree: parsed.tree, issues: checkTree(parsed.tree) };
}

/** Words of readable text (text and code), for the course-length report. */
export function countWords(tree: MdNode): number {
  let words = 0;
  const stack = [tree];
  while (stack.length) {
    const node = stack.pop()!;
    if ((node.type === "text" || node.type === "inlineCode") && node.value) words += node.value.split(/\s+/).filter(Boolean).length;
    if (node.children) stack.push(...node.children);
  }
  return words;
}

// CommonMark matches reference labels case-insensitively with whitespace folded.
function normalizeLabel(label: string): string {
  return label.replace(/[\t\n\r ]+/g, " ").trim().toLowerCase().toUpperCase();
}

function at(node: { position?: { start: Point } }, message: string): MdxIssue {
  return { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1, message };
}

function checkNode(node: MdNode, issues: MdxIssue[]) {
  switch (node.type) {
    case "mdxjsEsm":
      issues.push(at(node, "Không được dùng import/export trong bài học."));
      return;
    case "mdxFlowExpression":
    case "mdxTextExpression":
      issues.push(at(node, "Không được dùng biểu thức {…}. Nếu cần dấu ngoặc nhọn trong văn bản, hãy viết \\{ và \\}."));
      return;
    case "html":
      issues.push(at(node, "Không được dùng HTML thô trong bài học."));
      return;
    case "heading":
      if (node.depth === 1) issues.push(at(node, "Không dùng tiêu đề cấp 1 (#): trang đã hiển thị tên bài. Hãy bắt đầu từ ##."));
      return;
    case "image":
      // Images are downloaded as the page loads: only ours, never a tracker or a 5 MB photo elsewhere.
      if (node.url !== undefined && !isAllowedImageSrc(node.url)) {
        issues.push(at(node, `Ảnh "${node.url.slice(0, 60)}" không được phép. Hãy tải ảnh lên (địa chỉ /media/…) hoặc dùng ảnh trong thư mục bài học.`));
      }
      return;
    case "link":
    case "definition":
      if (node.url !== undefined && !isSafeUrl(node.url)) {
        issues.push(at(node, `Địa chỉ liên kết "${node.url.slice(0, 60)}" không được phép. Chỉ dùng http:, https:, mailto:, tel: hoặc đường dẫn trong trang.`));
      }
      return;
    case "mdxJsxFlowElement":
    case "mdxJsxTextElement":
      checkElement(node, issues);
      return;
  }
}

export function isSafeUrl(url: string): boolean {
  // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
  // eslint-disable-next-line no-control-regex
  const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, "").toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(compact);
  return !scheme || SAFE_SCHEMES.has(scheme[1]!);
}

function checkElement(node: MdNode, issues: MdxIssue[]) {
  const name = node.name ?? null;
  if (!name) {
    issues.push(at(node, "Không dùng thẻ rỗng <>…</>."));
    return;
  }
  if (!isComponentName(name)) {
    const list = COMPONENT_NAMES.join(", ");
    issues.push(
      at(
        node,
        /^[a-z]/.test(name)
          ? `Thẻ HTML <${name}> không được phép. Chỉ dùng Markdown và các thành phần: ${list}.`
          : `Thành phần <${name}> không có trong danh sách cho phép (${list}).`,
      ),
    );
    // Still report event handlers: they are the dangerous part of e.g. <img onerror>.
    for (const attr of node.attributes ?? []) {
      if (attr.type === "mdxJsxAttribute" && attr.name && /^on/i.test(attr.name)) {
        issues.push(at(attr.position ? attr : node, `Thuộc tính sự kiện ${attr.name} không được phép.`));
      }
    }
    return;
  }

  const props: Record<string, string> = {};
  let literalOnly = true;
  const declared = declaredProps(name);
  for (const attr of node.attributes ?? []) {
    const where = attr.position ? attr : node;
    if (attr.type === "mdxJsxExpressionAttribute") {
      issues.push(at(where, `Không dùng biểu thức {…} trong thuộc tính của <${name}>.`));
      literalOnly = false;
      continue;
    }
    const attrName = attr.name ?? "";
    if (/^on/i.test(attrName)) {
      issues.push(at(where, `Thuộc tính sự kiện ${attrName} không được phép.`));
      literalOnly = false;
      continue;
    }
    if (!declared.includes(attrName)) {
      issues.push(
        at(where, `<${name}> không có thuộc tính ${attrName}${declared.length ? ` (chỉ dùng: ${declared.join(", ")})` : " (thành phần này không nhận thuộc tính nào)"}.`),
      );
      literalOnly = false;
      continue;
    }
    if (typeof attr.value !== "string") {
      issues.push(
        at(where, attr.value ? `Thuộc tính ${attrName} của <${name}> phải là chuỗi trong dấu ngoặc kép, không dùng {…}.` : `Thuộc tính ${attrName} của <${name}> cần một giá trị trong dấu ngoặc kép.`),
      );
      literalOnly = false;
      continue;
    }
    if (attrName in props) {
      issues.push(at(where, `Thuộc tính ${attrName} của <${name}> bị lặp lại.`));
      literalOnly = false;
      continue;
    }
    props[attrName] = attr.value;
  }
  if (literalOnly) {
    const parsed = componentPropSchemas[name].safeParse(props);
    if (!parsed.success) for (const issue of parsed.error.issues) issues.push(at(node, `<${name}>: ${issue.message}`));
  }

  if (EMPTY_COMPONENTS.has(name) && (node.children?.length ?? 0) > 0) {
    issues.push(at(node, `<${name}> không có nội dung bên trong; hãy viết dạng tự đóng <${name} … />.`));
  }
  if (BLOCK_COMPONENTS.has(name) && node.type === "mdxJsxTextElement") {
    issues.push(at(node, `<${name}> phải đứng riêng trên một dòng, có dòng trống trước và sau.`));
  }
  if (name === "Term" && (node.children?.length ?? 0) === 0) {
    issues.push(at(node, "<Term> cần có từ được giải thích bên trong: <Term definition=\"…\">từ</Term>."));
  }
}
