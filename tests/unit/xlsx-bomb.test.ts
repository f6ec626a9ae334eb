// Class 5 (decision 016): an .xlsx is refused on the true inflated size of its
// parts, counted while inflating, before exceljs sees it.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { readTable, XLSX_LIMITS } from "~/lib/tabular.server";
import { xlsxBomb } from "../support/zip-bomb";

const MB = 1024 * 1024;

describe("xlsx inflate limits", () => {
  it("refuses a sheet that inflates past the cap, and names the file", async () => {
    const bomb = await xlsxBomb(XLSX_LIMITS.maxPartBytes + 8 * MB);
    expect(bomb.length).toBeLessThan(MB);
    await expect(readTable("danh-sach.xlsx", bomb)).rejects.toThrow(/Tệp Excel "danh-sach\.xlsx" giải nén ra quá lớn/);
  });

  it("refuses a sheet whose declared size lies, on the actual inflated bytes", async () => {
    // Declares 1 KB; the count during inflating stops it at the part cap.
    const liar = await xlsxBomb(100 * MB, 1024);
    expect(liar.length).toBeLessThan(MB);
    const before = process.memoryUsage().rss;
    await expect(readTable("nói-dối.xlsx", liar)).rejects.toThrow(/"nói-dối\.xlsx" giải nén ra quá lớn/);
    // Counting keeps nothing: checking 100 MB of XML does not hold it.
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * MB);
  });

  it("refuses a size mismatch under the cap as a damaged file", async () => {
    const liar = await xlsxBomb(2 * MB, 1024);
    await expect(readTable("hong.xlsx", liar)).rejects.toThrow("Không đọc được tệp Excel (.xlsx). Hãy kiểm tra tệp có bị hỏng không.");
  });

  it("still reads an ordinary workbook", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Danh sách");
    sheet.addRow(["Họ và tên", "Số điện thoại"]);
    for (let i = 0; i < 2_000; i++) sheet.addRow([`Nguyễn Văn ${i}`, `0905${String(i).padStart(6, "0")}`]);
    const table = await readTable("ds.xlsx", new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(table.header).toEqual(["Họ và tên", "Số điện thoại"]);
    expect(table.rows).toHaveLength(2_000);
    expect(table.rows[1999]!.cells).toEqual(["Nguyễn Văn 1999", "0905001999"]);
  });
});
