// Reports of a target on a date, for the department: an Excel workbook
// (summary, one row per commune, people), a CSV of the communes and a
// printable PDF summary. All three are built from the same provinceFigures()
// the dashboard shows, so the figures match.
import ExcelJS from "exceljs";
import PDFDocument from "pdfkit";
import { stringify } from "csv-stringify/sync";
import { translator, type Locale, type MessageKey } from "~/i18n";
import { formatDate, todayInVietnam } from "~/lib/dates";
import { csvSafe, xlsxSafe } from "~/lib/spreadsheet-safe";
import { forecastMessage, pct } from "~/lib/targets-format";
import { fontBytes } from "~/pdf/fonts.server";
import { peopleWithNeeds, provinceFigures, type PersonRow, type ProvinceFigures } from "~/models/dashboard.server";
import type { TargetRow } from "~/models/targets.server";

export interface ReportData {
  target: TargetRow;
  figures: ProvinceFigures;
  people: PersonRow[];
  locale: Locale;
}

export async function reportData(target: TargetRow, asOf: string, locale: Locale, withPeople = true): Promise<ReportData> {
  const [figures, people] = await Promise.all([provinceFigures(target, asOf, null), withPeople ? peopleWithNeeds(target, asOf, null) : Promise.resolve([])]);
  return { target, figures, people, locale };
}

/** A date cell Excel shows as dd/mm/yyyy: midnight UTC of that day. */
function excelDate(iso: string | null) {
  return iso ? new Date(`${iso}T00:00:00Z`) : null;
}

/** Share as a fraction with one decimal of a percent, so Excel shows 45,3% and can compute with it. */
function share(trained: number, staff: number) {
  return staff ? Math.round((trained / staff) * 1000) / 1000 : 0;
}

function stateText(t: (k: MessageKey, p?: Record<string, string | number>) => string, p: PersonRow) {
  return p.state === "trained" ? t("dash.reached") : p.state === "inProgress" ? t("dash.person.inProgress", { percent: p.percent }) : p.state === "lapsed" ? t("dash.person.lapsed") : t("dash.person.notStarted");
}

export async function buildWorkbook(r: ReportData): Promise<Buffer> {
  const t = translator(r.locale);
  const wb = new ExcelJS.Workbook();
  wb.creator = "CTXH Academy";
  wb.created = new Date();
  const bold = { font: { bold: true } };

  const summary = wb.addWorksheet(t("export.summary"));
  summary.columns = [{ width: 36 }, { width: 48 }];
  const rows: [string, unknown, string?][] = [
    [t("targets.field.province"), r.target.provinceName],
    [t("targets.field.planRef"), r.target.planRef],
    [t("targets.field.percent"), r.target.percent / 100, "0.0%"],
    [t("targets.field.startsOn"), excelDate(r.target.startsOn), "dd/mm/yyyy"],
    [t("targets.field.deadline"), excelDate(r.target.deadline), "dd/mm/yyyy"],
    [t("dash.asOf"), excelDate(r.figures.asOf), "dd/mm/yyyy"],
    [t("dash.staff"), r.figures.staff],
    [t("dash.trained"), r.figures.trained],
    [t("dash.percent"), share(r.figures.trained, r.figures.staff), "0.0%"],
    [t("dash.status"), r.figures.reached ? t("dash.reached") : t("dash.notReached")],
    [t("dash.gap"), r.figures.missing],
    [t("dash.forecast"), forecastMessage(t, r.locale, r.figures.forecast, r.target.deadline)],
  ];
  if (r.target.note) rows.push([t("targets.field.note"), r.target.note]);
  summary.addRow([t("export.title")]).font = { bold: true, size: 13 };
  for (const [label, value, format] of rows) {
    const row = summary.addRow([label, xlsxSafe(value)]);
    row.getCell(1).style = bold;
    if (format) row.getCell(2).numFmt = format;
  }

  const communes = wb.addWorksheet(t("export.communes"));
  communes.columns = [
    { header: t("export.code"), width: 12 },
    { header: t("dash.commune"), width: 32 },
    { header: t("dash.staff"), width: 16 },
    { header: t("dash.trained"), width: 14 },
    { header: t("dash.percent"), width: 12, style: { numFmt: "0.0%" } },
    { header: t("dash.gap"), width: 16 },
    { header: t("dash.lastActivity"), width: 18, style: { numFmt: "dd/mm/yyyy" } },
  ];
  communes.getRow(1).font = { bold: true };
  for (const c of r.figures.communes) {
    communes.addRow([xlsxSafe(c.code), xlsxSafe(c.fullName), c.staff, c.trained, share(c.trained, c.staff), c.gap, excelDate(c.lastActivity)]);
  }
  const total = communes.addRow(["", t("dash.total"), r.figures.staff, r.figures.trained, share(r.figures.trained, r.figures.staff), r.figures.missing, null]);
  total.font = { bold: true };
  communes.views = [{ state: "frozen", ySplit: 1 }];

  const people = wb.addWorksheet(t("export.people"));
  people.columns = [
    { header: t("export.fullName"), width: 28 },
    { header: t("dash.commune"), width: 28 },
    { header: t("dash.position"), width: 26 },
    { header: t("dash.person.status"), width: 22 },
    { header: t("export.completedOn"), width: 16, style: { numFmt: "dd/mm/yyyy" } },
    { header: t("dash.person.needs"), width: 48 },
  ];
  people.getRow(1).font = { bold: true };
  const communeName = new Map(r.figures.communes.map((c) => [c.id, c.fullName]));
  for (const p of r.people) {
    people.addRow([
      xlsxSafe(p.fullName),
      xlsxSafe(communeName.get(p.communeId) ?? ""),
      t(`position.${p.position}` as MessageKey),
      stateText(t, p),
      excelDate(p.trained ? p.completedOn : null),
      needText(t, p),
    ]);
  }
  people.views = [{ state: "frozen", ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function needText(t: (k: MessageKey, p?: Record<string, string | number>) => string, p: PersonRow) {
  const n = p.need;
  return n.kind === "none" ? "" : n.kind === "renew" ? t("dash.needs.renew") : n.kind === "start" ? t("dash.needs.start", { course: n.title }) : t("dash.needs.finish", { course: n.title, lessons: n.lessons, quizzes: n.quizzes });
}

/** One row per commune and a total row; UTF-8 with a BOM so Excel reads the diacritics. */
export function buildCsv(r: ReportData): string {
  const t = translator(r.locale);
  const header = [t("export.code"), t("dash.commune"), t("dash.staff"), t("dash.trained"), t("dash.percent"), t("dash.gap"), t("dash.lastActivity")];
  const rows = r.figures.communes.map((c) => [csvSafe(c.code), csvSafe(c.fullName), c.staff, c.trained, c.staff ? pct(r.locale, c.percent) : "", c.gap, formatDate(c.lastActivity)]);
  rows.push(["", t("dash.total"), r.figures.staff, r.figures.trained, pct(r.locale, r.figures.percent), r.figures.missing, ""]);
  return "\uFEFF" + stringify([header, ...rows], { record_delimiter: "\r\n" });
}

/** A4 summary for the department's report: headline figures, forecast, the commune table. */
export function buildPdf(r: ReportData): Promise<Buffer> {
  const t = translator(r.locale);
  const doc = new PDFDocument({ size: "A4", margin: 48, font: fontBytes("regular") as unknown as string, info: { Title: t("export.title"), Author: "CTXH Academy" } });
  doc.registerFont("regular", fontBytes("regular"));
  doc.registerFont("bold", fontBytes("bold"));
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  const nfc = (s: string) => s.normalize("NFC");
  doc.font("bold").fontSize(13).text(nfc(t("export.title")), { align: "center" });
  doc.moveDown(0.3).font("regular").fontSize(11).text(nfc(`${r.target.provinceName} — ${r.target.planRef}`), { align: "center" });
  doc.text(nfc(`${t("dash.asOf")}: ${formatDate(r.figures.asOf)}`), { align: "center" });
  doc.moveDown();
  const line = (label: string, value: string) => doc.font("bold").text(nfc(`${label}: `), { continued: true }).font("regular").text(nfc(value));
  line(t("dash.target"), `${pct(r.locale, r.target.percent)}% (${formatDate(r.target.startsOn)} – ${formatDate(r.target.deadline)})`);
  line(t("dash.staff"), String(r.figures.staff));
  line(t("dash.trained"), String(r.figures.trained));
  line(t("dash.percent"), `${pct(r.locale, r.figures.percent)}%`);
  line(t("dash.status"), r.figures.reached ? t("dash.reached") : t("dash.notReached"));
  line(t("dash.gap"), String(r.figures.missing));
  line(t("dash.forecast"), forecastMessage(t, r.locale, r.figures.forecast, r.target.deadline));
  if (r.target.note) line(t("targets.field.note"), r.target.note);
  doc.moveDown();
  // The commune table: fixed columns, a new page (with the header again) when full.
  const cols = [
    { label: t("dash.commune"), width: 200, align: "left" as const },
    { label: t("dash.staff"), width: 80, align: "right" as const },
    { label: t("dash.trained"), width: 80, align: "right" as const },
    { label: t("dash.percent"), width: 70, align: "right" as const },
    { label: t("dash.gap"), width: 70, align: "right" as const },
  ];
  const drawRow = (cells: string[], face: "regular" | "bold") => {
    if (doc.y > doc.page.height - 72) doc.addPage();
    const y = doc.y;
    let x = doc.page.margins.left;
    doc.font(face).fontSize(9);
    cells.forEach((cell, i) => {
      doc.text(nfc(cell), x, y, { width: cols[i]!.width - 6, align: cols[i]!.align, lineBreak: false, ellipsis: true });
      x += cols[i]!.width;
    });
    doc.x = doc.page.margins.left;
    doc.y = y + 14;
  };
  drawRow(cols.map((c) => c.label), "bold");
  for (const c of r.figures.communes) drawRow([c.fullName, String(c.staff), String(c.trained), c.staff ? pct(r.locale, c.percent) : "—", String(c.gap)], "regular");
  drawRow([t("dash.total"), String(r.figures.staff), String(r.figures.trained), pct(r.locale, r.figures.percent), String(r.figures.missing)], "bold");
  doc.moveDown().font("regular").fontSize(9).text(nfc(t("export.generated", { date: formatDate(todayInVietnam()) })), doc.page.margins.left);
  doc.end();
  return done;
}
