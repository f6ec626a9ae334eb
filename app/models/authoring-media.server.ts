// Images uploaded for lessons: checked by decoding (not by the file name),
// resized to at most 1200 px wide and recompressed as WebP, so a photo from
// a phone camera costs a learner tens of kilobytes, not megabytes. Stored by
// content hash and served immutable.
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { db } from "~/db.server";
import { can } from "~/auth/permissions.server";
import { media } from "../../db/tables/authoring";
import type { Actor } from "./authoring.server";

export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;
export const MAX_IMAGE_WIDTH = 1200;
const ACCEPTED = new Set(["png", "jpeg", "webp"]);

export type UploadResult = { ok: true; src: string; width: number; height: number; size: number; originalSize: number } | { ok: false; error: string };

export type ReencodedImage = { ok: true; data: Buffer; hash: string; width: number; height: number } | { ok: false; error: string };

/**
 * The one way an image enters the media table, from the browser or a course
 * ZIP: decoded, turned upright, at most 1200 px wide, re-encoded as WebP. The
 * re-encode drops every metadata chunk (EXIF, GPS, XMP), whatever the source.
 */
export async function reencodeImage(input: Uint8Array): Promise<ReencodedImage> {
  try {
    // limitInputPixels: a small file that decodes to a gigantic bitmap is refused.
    const image = sharp(input, { limitInputPixels: 50_000_000, failOn: "error" });
    const meta = await image.metadata();
    if (!meta.format || !ACCEPTED.has(meta.format)) return { ok: false, error: "Chỉ nhận ảnh PNG, JPEG hoặc WebP." };
    const out = await image.rotate().resize({ width: MAX_IMAGE_WIDTH, withoutEnlargement: true }).webp({ quality: 75 }).toBuffer({ resolveWithObject: true });
    const hash = createHash("sha256").update(out.data).digest("hex");
    return { ok: true, data: out.data, hash, width: out.info.width, height: out.info.height };
  } catch {
    return { ok: false, error: "Không đọc được ảnh: tệp bị hỏng hoặc không phải ảnh PNG, JPEG, WebP." };
  }
}

export async function uploadImage(actor: Actor, input: Uint8Array): Promise<UploadResult> {
  if (!can(actor, "courses:author")) return { ok: false, error: "Bạn không có quyền tải ảnh lên." };
  if (input.length === 0) return { ok: false, error: "Chưa chọn ảnh." };
  if (input.length > MAX_UPLOAD_BYTES) return { ok: false, error: `Ảnh quá lớn (tối đa ${MAX_UPLOAD_BYTES / 1024 / 1024} MB).` };
  const image = await reencodeImage(input);
  if (!image.ok) return image;
  await db
    .insert(media)
    .values({ hash: image.hash, mime: "image/webp", ext: "webp", width: image.width, height: image.height, size: image.data.length, bytes: image.data, uploadedBy: actor.account.id })
    .onConflictDoNothing();
  return { ok: true, src: `/media/${image.hash}.webp`, width: image.width, height: image.height, size: image.data.length, originalSize: input.length };
}

export async function getMedia(hash: string) {
  const [row] = await db.select({ bytes: media.bytes, mime: media.mime, ext: media.ext }).from(media).where(eq(media.hash, hash));
  return row ?? null;
}
