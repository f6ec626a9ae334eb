import { PassThrough, type Transform } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { createHtmlStream } from "~/lib/html-stream.server";

// A long list of Vietnamese names: many 2- and 3-byte UTF-8 characters, so
// some land across the renderer's 2048-byte buffer boundaries.
function longVietnameseList() {
  const names = Array.from({ length: 400 }, (_, i) => `Nguyễn Thị Hương ${i} — Phường Đông Hà, tỉnh Quảng Trị`);
  return createElement("ul", null, names.map((name, i) => createElement("li", { key: i }, name)));
}

function renderInto(destination: Transform): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    destination.on("data", (chunk: Buffer) => chunks.push(chunk));
    destination.on("end", () => resolve(Buffer.concat(chunks)));
    destination.on("error", reject);
    const { pipe } = renderToPipeableStream(longVietnameseList(), {
      onAllReady: () => pipe(destination),
      onShellError: reject,
    });
  });
}

describe("the HTML stream (facebook/react#24985)", () => {
  it("React's own stream config still pads with NUL bytes (when this fails, React is fixed and createHtmlStream can go)", async () => {
    const bytes = await renderInto(new PassThrough());
    expect(bytes.includes(0)).toBe(true);
  });

  it("gives exactly React's markup, valid UTF-8, with no NUL and no U+FFFD", async () => {
    const bytes = await renderInto(createHtmlStream());
    expect(bytes.includes(0)).toBe(false);
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    expect(text).not.toContain("\uFFFD");
    expect(text).toBe(renderToString(longVietnameseList()));
  });

  it("removes only NUL bytes, wherever they are in a chunk", async () => {
    const stream = createHtmlStream();
    const out: Buffer[] = [];
    stream.on("data", (c: Buffer) => out.push(c));
    const done = new Promise((r) => stream.on("end", r));
    stream.write(Buffer.from([0, 0x41, 0, 0, 0xc3, 0xa0, 0]));
    stream.write(Buffer.from("Đông Hà", "utf8"));
    stream.write(new Uint8Array([0, 0, 0]));
    stream.end();
    await done;
    expect(Buffer.concat(out).toString("utf8")).toBe("AàĐông Hà");
  });
});
