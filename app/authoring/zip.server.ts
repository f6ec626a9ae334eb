// Reading and writing course ZIPs (the content/ folder layout). An uploaded
// ZIP is hostile until proven otherwise: we read its central directory
// ourselves (names, declared sizes, symlink bits) and inflate each entry with
// a running byte count, so a lying header cannot make us allocate more than
// the caps below. Nothing touches the disk.
import { Inflate, zipSync, type Zippable } from "fflate";

export const ZIP_LIMITS = {
  /** The upload itself. */
  maxZipBytes: 20 * 1024 * 1024,
  maxEntries: 500,
  /** Per file after inflating (a lesson is at most 200 KB; images are bigger). */
  maxFileBytes: 5 * 1024 * 1024,
  /** All files together after inflating. */
  maxTotalBytes: 40 * 1024 * 1024,
};

export type ZipResult = { ok: true; files: Map<string, Uint8Array> } | { ok: false; error: string };

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  isSymlink: boolean;
  isDir: boolean;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function findEndOfCentralDirectory(buf: Buffer): number {
  // The comment after the record is at most 65535 bytes.
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) if (buf.readUInt32LE(i) === EOCD) return i;
  return -1;
}

function readEntries(buf: Buffer): Entry[] | string {
  const end = findEndOfCentralDirectory(buf);
  if (end < 0) return "Tệp không phải là ZIP hợp lệ.";
  const count = buf.readUInt16LE(end + 10);
  const cdSize = buf.readUInt32LE(end + 12);
  const cdOffset = buf.readUInt32LE(end + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) return "Không hỗ trợ ZIP64; hãy nén lại khoá học bằng công cụ ZIP thông thường.";
  if (count > ZIP_LIMITS.maxEntries) return `ZIP có quá nhiều tệp (${count}, tối đa ${ZIP_LIMITS.maxEntries}).`;
  if (cdOffset + cdSize > end) return "Tệp ZIP bị hỏng (mục lục sai vị trí).";
  const entries: Entry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > end || buf.readUInt32LE(p) !== CENTRAL) return "Tệp ZIP bị hỏng (mục lục không đọc được).";
    const madeBy = buf.readUInt16LE(p + 4) >> 8;
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const external = buf.readUInt32LE(p + 38);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString("utf8");
    // Unix "made by" keeps the file mode in the high half of the external attributes.
    const mode = madeBy === 3 ? external >>> 16 : 0;
    entries.push({ name, method, flags, compressedSize, size, localOffset, isSymlink: (mode & 0o170000) === 0o120000, isDir: name.endsWith("/") });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** A relative, normalised path inside the archive, or the reason it is refused. */
export function checkEntryName(name: string): string | null {
  if (!name || name.includes("\0")) return "tên tệp rỗng hoặc có ký tự không hợp lệ";
  if (name.includes("\\")) return "đường dẫn dùng dấu \\";
  if (name.startsWith("/") || /^[a-z]:/i.test(name)) return "đường dẫn tuyệt đối";
  if (name.split("/").some((seg) => seg === ".." || seg === ".")) return "đường dẫn thoát ra ngoài thư mục (..)";
  return null;
}

function inflateEntry(buf: Buffer, e: Entry, budget: { left: number }): Uint8Array | string {
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) return `Tệp "${e.name}" trong ZIP bị hỏng.`;
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  if (data.length !== e.compressedSize) return `Tệp "${e.name}" trong ZIP bị cắt cụt.`;
  const limit = Math.min(ZIP_LIMITS.maxFileBytes, budget.left);
  const tooBig = `Tệp "${e.name}" giải nén ra quá lớn (ZIP có thể là "bom nén"). Không có gì được nhập.`;
  if (e.method === 0) {
    if (data.length > limit) return tooBig;
    budget.left -= data.length;
    return new Uint8Array(data);
  }
  if (e.method !== 8) return `Tệp "${e.name}" dùng kiểu nén không hỗ trợ (chỉ hỗ trợ Deflate).`;
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    // Counted as it comes out: the declared size may be a lie.
    total += chunk.length;
    if (total > limit) throw new RangeError("limit");
    chunks.push(chunk);
  });
  try {
    const STEP = 16 * 1024;
    for (let i = 0; i < data.length; i += STEP) inflater.push(data.subarray(i, i + STEP), i + STEP >= data.length);
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (error) {
    return error instanceof RangeError && error.message === "limit" ? tooBig : `Tệp "${e.name}" trong ZIP bị hỏng.`;
  }
  if (total !== e.size) return `Tệp "${e.name}" có kích thước khác với khai báo trong ZIP.`;
  budget.left -= total;
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** Every file of the archive (directories skipped), or one Vietnamese reason to refuse it all. */
export function readZip(bytes: Uint8Array): ZipResult {
  if (bytes.length > ZIP_LIMITS.maxZipBytes) return { ok: false, error: `Tệp ZIP quá lớn (tối đa ${ZIP_LIMITS.maxZipBytes / 1024 / 1024} MB).` };
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = readEntries(buf);
  if (typeof entries === "string") return { ok: false, error: entries };
  let declared = 0;
  for (const e of entries) {
    const bad = checkEntryName(e.name);
    if (bad) return { ok: false, error: `ZIP bị từ chối: "${e.name.slice(0, 80)}" — ${bad}. Không có gì được nhập.` };
    if (e.isSymlink) return { ok: false, error: `ZIP bị từ chối: "${e.name.slice(0, 80)}" là liên kết tượng trưng (symlink). Không có gì được nhập.` };
    if (e.flags & 1) return { ok: false, error: `ZIP bị từ chối: "${e.name.slice(0, 80)}" được mã hoá.` };
    if (e.compressedSize === 0xffffffff || e.size === 0xffffffff) return { ok: false, error: "Không hỗ trợ ZIP64; hãy nén lại khoá học bằng công cụ ZIP thông thường." };
    declared += e.size;
  }
  if (declared > ZIP_LIMITS.maxTotalBytes) {
    return { ok: false, error: `Nội dung ZIP sau khi giải nén quá lớn (khai báo ${Math.round(declared / 1024 / 1024)} MB, tối đa ${ZIP_LIMITS.maxTotalBytes / 1024 / 1024} MB). Không có gì được nhập.` };
  }
  const budget = { left: ZIP_LIMITS.maxTotalBytes };
  const files = new Map<string, Uint8Array>();
  for (const e of entries) {
    if (e.isDir) continue;
    if (files.has(e.name)) return { ok: false, error: `ZIP bị từ chối: tệp "${e.name.slice(0, 80)}" xuất hiện hai lần.` };
    const data = inflateEntry(buf, e, budget);
    if (typeof data === "string") return { ok: false, error: data };
    files.set(e.name, data);
  }
  return { ok: true, files };
}

/** A ZIP of text (and binary) files at the given relative paths. */
export function writeZip(files: ReadonlyMap<string, string | Uint8Array>): Uint8Array {
  const tree: Zippable = {};
  for (const [name, content] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    tree[name] = [typeof content === "string" ? new TextEncoder().encode(content) : content, { level: 6, mtime: new Date("2026-01-01T00:00:00Z") }];
  }
  return zipSync(tree);
}
