// Reads an uploaded CSV or XLSX file into a header row and string cells, so
// every importer (units, roster) validates the same shape.
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { firstControlChar, stripControlChars } from "./control-chars";

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
