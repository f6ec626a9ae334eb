// An issuing body's logo: uploaded as PNG or JPEG, checked by decoding it
// (not by its name or declared type), shrunk to print size and stored as a
// small data URL on the body row.
import sharp, { type Metadata } from "sharp";

export const MAX_LOGO_UPLOAD_BYTES = 2 * 1024 * 1024;
const MAX_SIDE = 240; // ~2 cm at 300 dpi: the logo prints at 58 pt.

export type LogoResult = { ok: true; dataUrl: string } | { ok: false; reason: "tooLarge" | "type" | "unreadable" };

export async function processLogo(bytes: Uint8Array): Promise<LogoResult> {
  if (bytes.byteLength > MAX_LOGO_UPLOAD_BYTES) return { ok: false, reason: "tooLarge" };
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: 40_000_000 }).metadata();
  } catch {
    return { ok: false, reason: "unreadable" };
  }
  if (meta.format !== "png" && meta.format !== "jpeg") return { ok: false, reason: "type" };
  try {
    const image = sharp(bytes, { limitInputPixels: 40_000_000 }).rotate().resize({ width: MAX_SIDE, height: MAX_SIDE, fit: "inside", withoutEnlargement: true });
    // Transparency needs PNG (palette-quantised, small); anything else prints fine as JPEG.
    const out = meta.hasAlpha
      ? await image.png({ palette: true, compressionLevel: 9 }).toBuffer()
      : await image.flatten({ background: "#ffffff" }).jpeg({ quality: 85, mozjpeg: true }).toBuffer();
    return { ok: true, dataUrl: `data:image/${meta.hasAlpha ? "png" : "jpeg"};base64,${out.toString("base64")}` };
  } catch {
    return { ok: false, reason: "unreadable" };
  }
}
