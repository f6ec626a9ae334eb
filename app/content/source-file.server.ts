// Reading one content file: frontmatter splitting, YAML with line numbers, and
// zod issues turned into Vietnamese messages that point at the offending key.
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import { z, type ZodIssue, type ZodType } from "zod";

export interface ContentError {
  /** Path relative to the repository (or absolute when outside it). */
  file: string;
  line: number;
  column?: number;
  message: string;
}

export interface SplitSource {
  yaml: string;
  /** Line of the file on which the YAML starts (the line after the opening ---). */
  yamlLine: number;
  body: string;
  /** Lines before the body: add to a body line number to get the file's. */
  bodyLineOffset: number;
}

/** Splits `---\nyaml\n---\nbody`; null when the file has no frontmatter. */
export function splitFrontmatter(source: string): SplitSource | null {
  const text = source.replace(/^\uFEFF/, "");
  const open = /^---[ \t]*\r?\n/.exec(text);
  if (!open) return null;
  const close = /^---[ \t]*(\r?\n|$)/m;
  const rest = text.slice(open[0].length);
  // An empty frontmatter puts the closing line right after the opening one.
  const match = close.exec(rest);
  if (!match) return null;
  const yaml = rest.slice(0, match.index);
  const head = text.slice(0, open[0].length + match.index + match[0].length);
  return { yaml, yamlLine: 2, body: text.slice(head.length), bodyLineOffset: head.split("\n").length - 1 };
}

export interface ParsedYaml {
  data: unknown;
  doc: Document;
  lines: LineCounter;
}

/** Parses YAML; errors carry file lines (`firstLine` is where the YAML starts). */
export function parseYaml(text: string, file: string, firstLine = 1): { ok: true; yaml: ParsedYaml } | { ok: false; errors: ContentError[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        file,
        line: (e.linePos?.[0].line ?? 1) + firstLine - 1,
        column: e.linePos?.[0].col,
        message: `Lỗi YAML (${e.code}): ${e.message.split("\n")[0]}. Kiểm tra thụt lề và đặt chuỗi có dấu hai chấm hoặc dấu # trong ngoặc kép.`,
      })),
    };
  }
  // Aliases expand when turned into data: `&a [x, x]`, `&b [*a, *a]`, … doubles
  // at each level (an "alias bomb"). The yaml package counts expansions
  // against maxAliasCount and throws; that is the author's error, not a 500.
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_EXPANSIONS });
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    const bomb = /excessive alias/i.test(err.message);
    return {
      ok: false,
      errors: [
        {
          file,
          line: firstLine,
          message: bomb
            ? `Lỗi YAML: bí danh (alias «*tên») được mở rộng quá ${MAX_YAML_ALIAS_EXPANSIONS} lần. Hãy viết trực tiếp giá trị thay vì lồng bí danh vào nhau.`
            : "Lỗi YAML: có bí danh (alias «*tên») không trỏ tới neo («&tên») nào đặt trước nó.",
        },
      ],
    };
  }
  return { ok: true, yaml: { data, doc, lines } };
}

/** Bound on alias expansions per document (count × size of each aliased node, as the yaml package measures it). */
export const MAX_YAML_ALIAS_EXPANSIONS = 100;

/** The line of the key at `path`, or of its nearest existing parent. */
export function lineOfPath(yaml: ParsedYaml, path: (string | number)[]): number {
  for (let p = path; ; p = p.slice(0, -1)) {
    if (!p.length) return 1;
    const parent = p.length > 1 ? yaml.doc.getIn(p.slice(0, -1), true) : yaml.doc.contents;
    const last = p[p.length - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
      const range = pair && isNode(pair.key) ? pair.key.range : undefined;
      if (range) return yaml.lines.linePos(range[0]).line;
    }
    const node = yaml.doc.getIn(p, true);
    if (isNode(node) && node.range) return yaml.lines.linePos(node.range[0]).line;
  }
}

// zod's built-in messages are English; schema-specific ones (already in
// Vietnamese) are kept as they are.
export const viErrorMap: z.ZodErrorMap = (issue, ctx) => {
  if (ctx.defaultError !== z.defaultErrorMap(issue, ctx).message) return { message: ctx.defaultError };
  switch (issue.code) {
    case "unrecognized_keys":
      return { message: `Khóa không có trong định dạng: ${issue.keys.join(", ")}.` };
    case "invalid_type":
      return { message: issue.received === "undefined" ? "Thiếu giá trị bắt buộc." : `Sai kiểu: cần ${issue.expected}, đang là ${issue.received}.` };
    case "invalid_enum_value":
      return { message: `Giá trị phải là một trong: ${issue.options.join(", ")}.` };
    case "invalid_literal":
      return { message: `Giá trị phải là ${String(issue.expected)}.` };
    default:
      return { message: `Giá trị không hợp lệ (${ctx.defaultError}).` };
  }
};

/** Validates YAML data; every issue becomes an error on the key's line. */
export function validate<T extends ZodType>(
  schema: T,
  yaml: ParsedYaml,
  file: string,
  firstLine = 1,
  describe: (path: (string | number)[]) => string = defaultDescribe,
): { ok: true; value: z.output<T> } | { ok: false; errors: ContentError[] } {
  const result = schema.safeParse(yaml.data ?? {}, { errorMap: viErrorMap });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: result.error.issues.map((issue) => issueToError(issue, yaml, file, firstLine, describe)) };
}

function issueToError(issue: ZodIssue, yaml: ParsedYaml, file: string, firstLine: number, describe: (path: (string | number)[]) => string): ContentError {
  // An unknown key: point at it rather than at its object.
  const path = issue.code === "unrecognized_keys" && issue.keys[0] ? [...issue.path, issue.keys[0]] : issue.path;
  const where = describe(issue.path);
  return { file, line: lineOfPath(yaml, path) + firstLine - 1, message: where ? `${where}: ${issue.message}` : issue.message };
}

function defaultDescribe(path: (string | number)[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p + 1}]` : p)).join(".");
}
