// Reads an uploaded CSV or XLSX file into a header row and string cells, so
// every importer (units, roster) validates the same shape.
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { firstControlChar, stripControlChars } from "./control-chars";
import { asBuffer, inflateEntryAsync, readCentralDirectory, ZIP64_MARK } from "./zip-inspect.server";

export interface Table {
  header: string[];
  /** Data rows; `line` is the 1-based row number in the file (header = 1). */
  rows: { line: number; cells: string[] }[];
  /**
   * Cells that held control characters (NUL, …; see lib/control-chars.ts): the
   * characters are removed from `cells`, and each importer refuses the row,
   * naming its line and column, so nothing is stored from a damaged cell.
   */
  controlCells: { line: number; column: string; char: string }[];
}

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

export class TableReadError extends Error {}

/**
 * An .xlsx is a ZIP of XML: 1 MB on disk can inflate to a 1 GB sheet, which
 * exceljs would then hold (and parse) whole. Checked before exceljs sees it:
 * every part inflated with a running count (its true size, not the declared
 * one), no part over `maxPartBytes`, all parts together under `maxTotalBytes`.
 * A roster of 10,000 people is about 5 MB of sheet XML.
 */
export const XLSX_LIMITS = { maxEntries: 1_000, maxPartBytes: 32 * 1024 * 1024, maxTotalBytes: 64 * 1024 * 1024 };

async function checkXlsxInflated(fileName: string, data: Uint8Array) {
  const name = fileName.slice(0, 80);
  const tooBig = (mb: number) =>
    new TableReadError(`Tệp Excel "${name}" giải nén ra quá lớn (quá ${mb} MB dữ liệu; tệp có thể là "bom nén"). Hãy lưu lại chỉ trang tính cần nhập, hoặc chia thành nhiều tệp.`);
  const broken = new TableReadError("Không đọc được tệp Excel (.xlsx). Hãy kiểm tra tệp có bị hỏng không.");
  const buf = asBuffer(data);
  const entries = readCentralDirectory(buf, XLSX_LIMITS.maxEntries);
  if (!Array.isArray(entries)) throw entries.problem === "tooManyEntries" ? new TableReadError(`Tệp Excel "${name}" có quá nhiều phần bên trong (${entries.count}).`) : broken;
  const mb = (n: number) => n / 1024 / 1024;
  // The declared sizes first (cheap), then the actual ones while inflating.
  let declared = 0;
  for (const e of entries) {
    if (e.size === ZIP64_MARK || e.compressedSize === ZIP64_MARK || e.flags & 1) throw broken;
    if (e.size > XLSX_LIMITS.maxPartBytes) throw tooBig(mb(XLSX_LIMITS.maxPartBytes));
    declared += e.size;
  }
  if (declared > XLSX_LIMITS.maxTotalBytes) throw tooBig(mb(XLSX_LIMITS.maxTotalBytes));
  let left = XLSX_LIMITS.maxTotalBytes;
  for (const e of entries) {
    if (e.isDir) continue;
    const limit = Math.min(XLSX_LIMITS.maxPartBytes, left);
    const out = await inflateEntryAsync(buf, e, limit, false);
    if (out === "tooBig") throw tooBig(mb(limit === left ? XLSX_LIMITS.maxTotalBytes : XLSX_LIMITS.maxPartBytes));
    if (typeof out === "string") throw broken;
    left -= out.size;
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return "";
  if (value instanceof Date) {
    const d = value;
    return `${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${d.getUTCFullYear()}`;
  }
  if (typeof value === "object") {
    // Formulas keep their cached result as text; we never evaluate them.
    if ("result" in value && value.result != null) return cellText(value.result as ExcelJS.CellValue);
    if ("formula" in value) return "";
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value) return String(value.text);
    if ("error" in value) return "";
  }
  return String(value);
}

export async function readTable(fileName: string, data: Uint8Array): Promise<Table> {
  if (data.byteLength > MAX_IMPORT_BYTES) throw new TableReadError("Tệp quá lớn (tối đa 10 MB).");
  const lower = fileName.toLowerCase();
  let matrix: string[][];
  if (lower.endsWith(".xlsx")) {
    await checkXlsxInflated(fileName, data);
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(data as unknown as ArrayBuffer);
    } catch {
      throw new TableReadError("Không đọc được tệp Excel (.xlsx). Hãy kiểm tra tệp có bị hỏng không.");
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new TableReadError("Tệp Excel không có trang tính nào.");
    matrix = [];
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
      matrix[rowNumber - 1] = values;
    });
    for (let i = 0; i < matrix.length; i++) matrix[i] ??= [];
  } else if (lower.endsWith(".csv") || lower.endsWith(".txt")) {
    const text = new TextDecoder("utf-8").decode(data).replace(/^\uFEFF/, "");
    const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
    const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
    try {
      matrix = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false });
    } catch (error) {
      throw new TableReadError(`Không đọc được tệp CSV: ${(error as Error).message}`);
    }
  } else {
    throw new TableReadError("Chỉ nhận tệp .csv hoặc .xlsx.");
  }
  const controlCells: Table["controlCells"] = [];
  const clean = (raw: unknown, line: number, index: number, header: string[]) => {
    const text = String(raw ?? "");
    const char = firstControlChar(text);
    if (char) controlCells.push({ line, column: header[index] || `cột ${index + 1}`, char });
    return stripControlChars(text).normalize("NFC").trim();
  };
  const [rawHeader, ...rest] = matrix;
  if (!rawHeader) throw new TableReadError("Tệp trống hoặc thiếu dòng tiêu đề.");
  const header: string[] = [];
  rawHeader.forEach((h, i) => (header[i] = clean(h, 1, i, [])));
  if (header.every((c) => !c)) throw new TableReadError("Tệp trống hoặc thiếu dòng tiêu đề.");
  const rows = rest.map((cells, i) => ({ line: i + 2, cells: Array.from(cells, (c, j) => clean(c, i + 2, j, header)) })).filter((r) => r.cells.some((c) => c !== ""));
  return { header, rows, controlCells };
}

/** The message for a cell that held a control character. */
export function controlCellMessage(char: string): string {
  return `Ô này có ký tự điều khiển không hợp lệ (${char}, không nhìn thấy được). Hãy xoá ký tự đó trong tệp rồi tải lên lại.`;
}

/** Lower-case, strip diacritics and punctuation: "Mã cấp trên" → "ma cap tren". */
export function headerKey(header: string): string {
  return header
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}
