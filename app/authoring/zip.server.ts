// Reading and writing course ZIPs (the content/ folder layout). An uploaded
// ZIP is hostile until proven otherwise: we read its central directory
// ourselves (names, declared sizes, symlink bits) and inflate each entry with
// a running byte count (app/lib/zip-inspect.server.ts), so a lying header
// cannot make us allocate more than the caps below. Nothing touches the disk.
import { zipSync, type Zippable } from "fflate";
import { asBuffer, inflateEntry, readCentralDirectory, ZIP64_MARK, type DirectoryProblem, type ZipEntry } from "~/lib/zip-inspect.server";

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

/** A relative, normalised path inside the archive, or the reason it is refused. */
export function checkEntryName(name: string): string | null {
  if (!name || name.includes("\0")) return "tên tệp rỗng hoặc có ký tự không hợp lệ";
  if (name.includes("\\")) return "đường dẫn dùng dấu \\";
  if (name.startsWith("/") || /^[a-z]:/i.test(name)) return "đường dẫn tuyệt đối";
  if (name.split("/").some((seg) => seg === ".." || seg === ".")) return "đường dẫn thoát ra ngoài thư mục (..)";
  return null;
}

function entryData(buf: Buffer, e: ZipEntry, budget: { left: number }): Uint8Array | string {
  const out = inflateEntry(buf, e, Math.min(ZIP_LIMITS.maxFileBytes, budget.left));
  if (typeof out !== "string") {
    budget.left -= out.size;
    return out.data!;
  }
  if (out === "tooBig") return `Tệp "${e.name}" giải nén ra quá lớn (ZIP có thể là "bom nén"). Không có gì được nhập.`;
  if (out === "truncated") return `Tệp "${e.name}" trong ZIP bị cắt cụt.`;
  if (out === "method") return `Tệp "${e.name}" dùng kiểu nén không hỗ trợ (chỉ hỗ trợ Deflate).`;
  if (out === "sizeMismatch") return `Tệp "${e.name}" có kích thước khác với khai báo trong ZIP.`;
  return `Tệp "${e.name}" trong ZIP bị hỏng.`;
}

function directoryError(problem: DirectoryProblem): string {
  if (problem.problem === "notZip") return "Tệp không phải là ZIP hợp lệ.";
  if (problem.problem === "zip64") return "Không hỗ trợ ZIP64; hãy nén lại khoá học bằng công cụ ZIP thông thường.";
  if (problem.problem === "tooManyEntries") return `ZIP có quá nhiều tệp (${problem.count}, tối đa ${ZIP_LIMITS.maxEntries}).`;
  return "Tệp ZIP bị hỏng (mục lục không đọc được).";
}

/** Every file of the archive (directories skipped), or one Vietnamese reason to refuse it all. */
export function readZip(bytes: Uint8Array): ZipResult {
  if (bytes.length > ZIP_LIMITS.maxZipBytes) return { ok: false, error: `Tệp ZIP quá lớn (tối đa ${ZIP_LIMITS.maxZipBytes / 1024 / 1024} MB).` };
  const buf = asBuffer(bytes);
  const entries = readCentralDirectory(buf, ZIP_LIMITS.maxEntries);
  if (!Array.isArray(entries)) return { ok: false, error: directoryError(entries) };
  let declared = 0;
  for (const e of entries) {
    const bad = checkEntryName(e.name);
    if (bad) return { ok: false, error: `ZIP bị từ chối: "${e.name.slice(0, 80)}" — ${bad}. Không có gì được nhập.` };
    if (e.isSymlink) return { ok: false, error: `ZIP bị từ chối: "${e.name.slice(0, 80)}" là liên kết tượng trưng (symlink). Không có gì được nhập.` };
    if (e.flags & 1) return { ok: false, error: `ZIP bị từ chối: "${e.name.slice(0, 80)}" được mã hoá.` };
    if (e.compressedSize === ZIP64_MARK || e.size === ZIP64_MARK) return { ok: false, error: "Không hỗ trợ ZIP64; hãy nén lại khoá học bằng công cụ ZIP thông thường." };
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
    const data = entryData(buf, e, budget);
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
