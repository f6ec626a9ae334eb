// The roster import template: the list sheet (Vietnamese headers and one
// example row), an instructions sheet, and the communes of the officer's
// province with their codes.
import ExcelJS from "exceljs";
import { vi } from "~/i18n/vi";
import { xlsxSafe } from "~/lib/spreadsheet-safe";
import { COLUMNS, HEADERS } from "./roster-import.server";

const EXAMPLE: Record<(typeof COLUMNS)[number], string> = {
  fullName: "Nguyễn Thị Lan",
  birthDate: "15/03/1990",
  gender: "Nữ",
  phone: "0912345678",
  nationalId: "045190012345",
  commune: "Phường Đông Hà",
  position: vi["position.ctv_ctxh"],
  startedOn: "01/07/2025",
};

const HELP: [string, string][] = [
  ["Họ và tên", "Bắt buộc. Ghi đầy đủ, có dấu (ví dụ: Nguyễn Thị Lan)."],
  ["Ngày sinh", "Không bắt buộc. Dạng dd/mm/yyyy (ví dụ: 15/03/1990)."],
  ["Giới tính", "Không bắt buộc. Nam, Nữ hoặc Khác."],
  ["Điện thoại", "Không bắt buộc. Số di động 10 chữ số (có thể ghi +84)."],
  ["Số định danh", "Không bắt buộc. Số định danh cá nhân / CCCD 12 chữ số."],
  ["Xã / phường", "Bắt buộc. Mã (xem trang “Mã xã phường”) hoặc tên, có hay không có chữ “Xã”/“Phường” đều được."],
  ["Vị trí", `Bắt buộc. Một trong: ${vi["position.ctv_ctxh"]}, ${vi["position.cong_chuc_vhxh"]}, ${vi["position.nhan_vien_ctxh"]}, ${vi["position.other"]}.`],
  ["Ngày bắt đầu", "Không bắt buộc. Ngày bắt đầu làm việc ở xã / vị trí ghi trong dòng (dd/mm/yyyy). Với người đã có trong danh sách mà đổi xã hoặc vị trí, đây là ngày thay đổi; để trống là hôm nay."],
  ["", ""],
  ["Đối chiếu", "Người đã có trong danh sách của tỉnh được nhận ra theo số định danh, nếu không có thì theo điện thoại, nếu không có nữa thì theo họ tên + ngày sinh + xã / phường. Trường hợp khớp với nhiều người hoặc thông tin mâu thuẫn, hệ thống sẽ hỏi bạn chọn."],
  ["Ô để trống", "Với người đã có trong danh sách, ô để trống giữ nguyên thông tin cũ."],
  ["Toàn bộ hoặc không", "Tệp có lỗi thì không dòng nào được ghi; hãy sửa theo danh sách lỗi (dòng, cột, lý do) rồi tải lên lại. Nhập lại cùng một tệp không tạo bản ghi trùng."],
  ["Định dạng", "Tệp .xlsx (trang tính đầu tiên) hoặc .csv (UTF-8, dấu phẩy hoặc chấm phẩy), tối đa 10 MB."],
];

export async function rosterTemplate(communes: { code: string; fullName: string }[]): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "CTXH Academy";
  const sheet = workbook.addWorksheet(vi["roster.template.sheet"]);
  sheet.columns = COLUMNS.map((c) => ({ header: HEADERS[c], key: c, width: c === "fullName" || c === "commune" || c === "position" ? 28 : 16 }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(COLUMNS.map((c) => xlsxSafe(EXAMPLE[c])));
  // Dates, phones and IDs as text, so Excel keeps leading zeros and dd/mm/yyyy.
  for (const c of ["birthDate", "phone", "nationalId", "startedOn"] as const) sheet.getColumn(c).numFmt = "@";
  sheet.views = [{ state: "frozen", ySplit: 1 }];

  const help = workbook.addWorksheet(vi["roster.template.help"]);
  help.columns = [
    { header: "Cột / mục", key: "k", width: 22 },
    { header: "Cách ghi", key: "v", width: 110 },
  ];
  help.getRow(1).font = { bold: true };
  for (const [k, v] of HELP) help.addRow([k, v]);
  help.getColumn("v").alignment = { wrapText: true, vertical: "top" };

  const list = workbook.addWorksheet(vi["roster.template.communes"]);
  list.columns = [
    { header: "Mã", key: "code", width: 10 },
    { header: "Tên", key: "name", width: 40 },
  ];
  list.getRow(1).font = { bold: true };
  for (const c of communes) list.addRow([xlsxSafe(c.code), xlsxSafe(c.fullName)]);
  list.getColumn("code").numFmt = "@";

  return new Uint8Array(await workbook.xlsx.writeBuffer()) as Uint8Array<ArrayBuffer>;
}
