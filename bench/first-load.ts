// What a phone downloads on its first visit to a lesson page: the HTML
// (gzip, as the server sends it) plus every script and stylesheet it links
// (gzip-compressed here; static assets are served uncompressed).
import { gzipSync } from "node:zlib";
import { BENCH_USER_AGENT } from "./config";

export async function lessonFirstLoad(baseUrl: string, path: string, cookie: string) {
  const get = (url: string, headers: Record<string, string> = {}) =>
    fetch(url, { headers: { "user-agent": BENCH_USER_AGENT, cookie, ...headers } });
  const page = await get(baseUrl + path, { "accept-encoding": "identity" });
  const html = await page.text();
  const assets = (re: RegExp) => [...html.matchAll(re)].map((m) => m[1]!).filter((u) => u.startsWith("/"));
  const js = [...new Set([...assets(/<script[^>]+src="([^"]+)"/g), ...assets(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)])];
  const css = assets(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g);
  const gz = async (urls: string[]) => {
    let bytes = 0;
    for (const u of urls) bytes += gzipSync(Buffer.from(await (await get(baseUrl + u)).arrayBuffer())).length;
    return bytes;
  };
  const htmlGzip = gzipSync(Buffer.from(html)).length;
  const jsGzip = await gz(js);
  const budget = { html_gzip_max: 30_000, js_gzip_max: 100_000 };
  return {
    name: "lesson-first-load",
    path,
    html_bytes: Buffer.byteLength(html),
    html_gzip_bytes: htmlGzip,
    js_gzip_bytes: jsGzip,
    js_files: js.length,
    css_gzip_bytes: await gz(css),
    note: js.length ? undefined : "lesson pages ship no JavaScript (route handle hydrate: false)",
    budget: { ...budget, pass: htmlGzip <= budget.html_gzip_max && jsGzip <= budget.js_gzip_max },
  };
}
