// Builds hostile ZIPs (course ZIPs, .xlsx) for the body and inflate limits
// (decision 016, class 5): entries that inflate far beyond their compressed
// size, optionally with a central directory that lies about the size.
import { crc32, deflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { unzipSync } from "fflate";

export interface BombEntry {
  name: string;
  /** The entry's content: bytes, or `pattern` repeated up to `bytes`, between `head` and `tail`. */
  data: Uint8Array | { head?: string; pattern: string; bytes: number; tail?: string };
  /** The uncompressed size written in the headers; the true size when absent. */
  declaredSize?: number;
}

function content(data: BombEntry["data"]): Buffer {
  if (data instanceof Uint8Array) return Buffer.from(data);
  const head = Buffer.from(data.head ?? "");
  const tail = Buffer.from(data.tail ?? "");
  const out = Buffer.alloc(head.length + data.bytes + tail.length);
  head.copy(out, 0);
  out.fill(data.pattern, head.length, head.length + data.bytes);
  tail.copy(out, head.length + data.bytes);
  return out;
}

/** A deflate ZIP of the entries, written by hand so its headers can lie. */
export function bombZip(entries: BombEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = content(e.data);
    const packed = deflateRawSync(raw, { level: 9 });
    const name = Buffer.from(e.name, "utf8");
    const size = e.declaredSize ?? raw.length;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const SHEET = "xl/worksheets/sheet1.xml";

/**
 * A real workbook (written by exceljs) whose first sheet is replaced by
 * `sheetBytes` of well-formed rows; `declaredSize` makes the ZIP lie about it.
 */
export async function xlsxBomb(sheetBytes: number, declaredSize?: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("Danh sách").addRow(["Họ và tên", "Số điện thoại"]);
  const parts = unzipSync(new Uint8Array(await workbook.xlsx.writeBuffer()));
  const row = '<row><c t="inlineStr"><is><t>Nguyễn Văn A</t></is></c></row>';
  return bombZip(
    Object.entries(parts).map(([name, data]) =>
      name === SHEET
        ? {
            name,
            data: {
              head: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
              pattern: row,
              bytes: Math.floor(sheetBytes / Buffer.byteLength(row)) * Buffer.byteLength(row),
              tail: "</sheetData></worksheet>",
            },
            declaredSize,
          }
        : { name, data },
    ),
  );
}
