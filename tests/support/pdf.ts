// Reading our PDFs back the way a reader would: the text PDF.js extracts
// (through the embedded fonts' ToUnicode maps, so a missing glyph or mapping
// shows up as a wrong name), and the QR code decoded from rendered pixels.
import jsQR from "jsqr";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

async function open(bytes: Uint8Array) {
  // PDF.js takes ownership of the buffer it is given: pass a copy.
  return getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
}

/** The text of each page, items joined with spaces, NFC-normalised. */
export async function pdfPagesText(bytes: Uint8Array): Promise<string[]> {
  const pdf = await open(bytes);
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    const parts = content.items.map((item) => ("str" in item ? item.str : "")).filter(Boolean);
    pages.push(parts.join(" ").replace(/\s+/g, " ").normalize("NFC"));
  }
  await pdf.destroy();
  return pages;
}

export async function pdfPageCount(bytes: Uint8Array) {
  const pdf = await open(bytes);
  const n = pdf.numPages;
  await pdf.destroy();
  return n;
}

/** Renders a page to pixels and decodes the QR code on it (null when none is found). */
export async function pdfQrCode(bytes: Uint8Array, pageNumber = 1, scale = 2): Promise<string | null> {
  const pdf = await open(bytes);
  const page = await pdf.getPage(pageNumber);
  const viewport = page.getViewport({ scale });
  // PDF.js's own canvas factory (@napi-rs/canvas in Node): its Path2D and
  // canvas classes must come from the same module instance.
  const factory = (pdf as unknown as { canvasFactory: { create(w: number, h: number): { canvas: HTMLCanvasElement; context: CanvasRenderingContext2D } } }).canvasFactory;
  const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
  await page.render({ canvas, canvasContext: context, viewport }).promise;
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  await pdf.destroy();
  const code = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height);
  return code?.data ?? null;
}
