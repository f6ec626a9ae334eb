// Compiles one lesson body (MDX without frontmatter) to the stored document:
// the mdx-bundler code and the HTML rendered from it with our component map.
// The guard runs first: mdx-bundler's output is evaluated with `new Function`,
// so only validated MDX — no imports, no expressions, known components with
// string props — ever reaches the bundler.
import { createHash } from "node:crypto";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { bundleMDX } from "mdx-bundler";
import { getMDXComponent } from "mdx-bundler/client";
import remarkGfm from "remark-gfm";
import { mdxComponents } from "./components";
import { isAllowedImageSrc } from "./schema";
import { compileInWorker, ContentLimitError, usesContentWorker } from "./content-worker.server";
import { checkTree, countWords, guardMdx, type MdNode, type MdxIssue } from "./mdx-guard.server";

export type { MdxIssue } from "./mdx-guard.server";

// Bump when the components, the guard or the pipeline change the output:
// documents are keyed by hash, so a bump makes the next import recompile.
export const COMPILER_VERSION = "ctxh-mdx-1";

export const COMPILE_TIMEOUT_MS = 10_000;

export interface CompiledMdx {
  code: string;
  html: string;
  hash: string;
  /** UTF-8 size of the HTML, what a learner downloads. */
  bytes: number;
  words: number;
}

export type CompileResult = ({ ok: true } & CompiledMdx) | { ok: false; errors: MdxIssue[] };

export function mdxHash(source: string): string {
  return createHash("sha256").update(source + COMPILER_VERSION).digest("hex");
}

// A second line of defence inside the bundler's own parse.
function remarkGuard() {
  return (tree: unknown) => {
    const issues = checkTree(tree as MdNode);
    if (issues.length) throw new Error(issues.map((i) => `${i.line}:${i.column}: ${i.message}`).join("\n"));
  };
}

// gray-matter (run by mdx-bundler on the source) evaluates `---js` front
// matter with eval; our bodies carry none, and these engines never run code.
const inertEngine = () => ({});
const grayMatterEngines = { yaml: inertEngine, json: inertEngine, javascript: inertEngine, coffeescript: inertEngine, toml: inertEngine };

/**
 * Compiles an MDX body. `lineOffset` is the number of lines before the body in
 * its file (the frontmatter), so reported lines match the file. In the
 * server, the work runs in the content worker under a hard time limit.
 */
export async function compileMdx(source: string, options: { lineOffset?: number; timeoutMs?: number } = {}): Promise<CompileResult> {
  if (!usesContentWorker()) return compileMdxHere(source, options);
  try {
    return await compileInWorker(source, options.lineOffset);
  } catch (error) {
    const message = error instanceof ContentLimitError ? error.message : `Không biên dịch được bài học: ${(error as Error).message}`;
    return { ok: false, errors: [{ line: 1 + (options.lineOffset ?? 0), column: 1, message }] };
  }
}

/** The compile itself, in this thread (the worker, scripts and tests call it). */
export async function compileMdxHere(source: string, options: { lineOffset?: number; timeoutMs?: number } = {}): Promise<CompileResult> {
  const offset = options.lineOffset ?? 0;
  const timeoutMs = options.timeoutMs ?? COMPILE_TIMEOUT_MS;
  const guarded = guardMdx(source);
  if (guarded.issues.length || !guarded.tree) {
    return { ok: false, errors: guarded.issues.map((i) => ({ ...i, line: i.line + offset })) };
  }
  let code: string;
  let timer: NodeJS.Timeout | undefined;
  try {
    // A pathological input must not hold a request (or the importer) forever.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`quá ${timeoutMs / 1000} giây, bài học quá phức tạp`)), timeoutMs);
    });
    const result = await Promise.race([timeout, bundleMDX({
      source,
      grayMatterOptions: (o) => ({ ...o, engines: grayMatterEngines }),
      mdxOptions: (o) => {
        // Replaces the default frontmatter plugins: bodies have no frontmatter.
        o.remarkPlugins = [remarkGfm, remarkGuard];
        o.rehypePlugins = [];
        return o;
      },
      esbuildOptions: (o) => ({ ...o, logLevel: "silent", target: "es2020" }),
    })]);
    code = result.code;
  } catch (error) {
    return { ok: false, errors: [{ line: 1 + offset, column: 1, message: `Không biên dịch được bài học: ${(error as Error).message}` }] };
  } finally {
    clearTimeout(timer);
  }
  let html: string;
  try {
    const Component = getMDXComponent(code);
    html = renderToStaticMarkup(createElement(Component, { components: mdxComponents }));
  } catch (error) {
    return { ok: false, errors: [{ line: 1 + offset, column: 1, message: `Không hiển thị được bài học: ${(error as Error).message}` }] };
  }
  const remote = remoteLoads(html);
  if (remote.length) {
    return { ok: false, errors: [{ line: 1 + offset, column: 1, message: `Bài học tải tài nguyên từ ngoài (${remote[0]!.slice(0, 60)}): chỉ dùng ảnh đã tải lên hoặc ảnh trong thư mục bài học.` }] };
  }
  return { ok: true, code, html, hash: mdxHash(source), bytes: Buffer.byteLength(html, "utf8"), words: countWords(guarded.tree) };
}

// The last word on "content cannot phone home": whatever markdown form made
// it, an attribute the browser fetches on page load must name one of our
// images. Links (href) are followed only when clicked, so they are not loads.
const LOAD_ATTRIBUTE = /\s(src|srcset|poster|background|data|formaction|action)\s*=\s*"([^"]*)"/gi;

export function remoteLoads(html: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(LOAD_ATTRIBUTE)) {
    const value = match[2]!.replace(/&amp;/g, "&");
    if (!isAllowedImageSrc(value)) found.push(value);
  }
  return found;
}
