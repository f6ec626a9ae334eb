// Reading an untrusted ZIP (a course ZIP, an .xlsx — which is a ZIP of XML)
// without trusting it: the central directory is read here (names, declared
// sizes, symlink bits), and each entry is inflated with a running count of the
// bytes that come out, stopped at a cap. A declared size can lie; the count
// cannot. Callers turn the problem codes into their own Vietnamese messages.
import { Inflate } from "fflate";

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  /** As declared in the central directory: not to be trusted. */
  size: number;
  localOffset: number;
  isSymlink: boolean;
  isDir: boolean;
}

export type DirectoryProblem = { problem: "notZip" | "zip64" | "corrupt" } | { problem: "tooManyEntries"; count: number };
export type EntryProblem = "corrupt" | "truncated" | "method" | "tooBig" | "sizeMismatch";

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
export const ZIP64_MARK = 0xffffffff;

function findEndOfCentralDirectory(buf: Buffer): number {
  // The comment after the record is at most 65535 bytes.
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) if (buf.readUInt32LE(i) === EOCD) return i;
  return -1;
}

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The entries of the central directory, or why it cannot be read. */
export function readCentralDirectory(buf: Buffer, maxEntries: number): ZipEntry[] | DirectoryProblem {
  const end = findEndOfCentralDirectory(buf);
  if (end < 0) return { problem: "notZip" };
  const count = buf.readUInt16LE(end + 10);
  const cdSize = buf.readUInt32LE(end + 12);
  const cdOffset = buf.readUInt32LE(end + 16);
  if (count === 0xffff || cdOffset === ZIP64_MARK) return { problem: "zip64" };
  if (count > maxEntries) return { problem: "tooManyEntries", count };
  if (cdOffset + cdSize > end) return { problem: "corrupt" };
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > end || buf.readUInt32LE(p) !== CENTRAL) return { problem: "corrupt" };
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

type Inflated = { data: Uint8Array | null; size: number } | EntryProblem;

/**
 * Inflates one entry, counting what comes out and stopping past `limit`
 * bytes. With `keep: false` nothing is kept (only the size is measured), so
 * checking an entry costs 16 KB at a time, however large it claims or turns
 * out to be. The actual size must equal the declared one.
 */
export function inflateEntry(buf: Buffer, e: ZipEntry, limit: number, keep = true): Inflated {
  const steps = inflateSteps(buf, e, limit, keep);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The same, giving the event loop a turn every 4 MB of input (other users' requests go on meanwhile). */
export async function inflateEntryAsync(buf: Buffer, e: ZipEntry, limit: number, keep = true): Promise<Inflated> {
  const steps = inflateSteps(buf, e, limit, keep);
  for (let i = 1; ; i++) {
    const step = steps.next();
    if (step.done) return step.value;
    if (i % 256 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Yields after each 16 KB of compressed input. */
function* inflateSteps(buf: Buffer, e: ZipEntry, limit: number, keep: boolean): Generator<void, Inflated> {
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) return "corrupt";
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  if (data.length !== e.compressedSize) return "truncated";
  if (e.method === 0) {
    if (data.length > limit) return "tooBig";
    if (data.length !== e.size) return "sizeMismatch";
    return { data: keep ? new Uint8Array(data) : null, size: data.length };
  }
  if (e.method !== 8) return "method";
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    // Counted as it comes out: the declared size may be a lie.
    total += chunk.length;
    if (total > limit) throw new RangeError("limit");
    if (keep) chunks.push(chunk);
  });
  try {
    const STEP = 16 * 1024;
    for (let i = 0; i < data.length; i += STEP) {
      inflater.push(data.subarray(i, i + STEP), i + STEP >= data.length);
      yield;
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (error) {
    return error instanceof RangeError && error.message === "limit" ? "tooBig" : "corrupt";
  }
  if (total !== e.size) return "sizeMismatch";
  if (!keep) return { data: null, size: total };
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return { data: out, size: total };
}
