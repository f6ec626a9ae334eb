// The printable certificate: one A4 landscape page per certificate, laid out
// like a Vietnamese administrative certificate (national motto, issuing body,
// title, holder, course, place and date, signer, số hiệu / số vào sổ) with a
// QR code to the public verification page. Pure: data in, PDF bytes out, so
// the same code serves single downloads, bulk jobs and tests.
import PDFDocument from "pdfkit";
import * as fontkit from "fontkit";
import QRCode from "qrcode";
import { formatDate } from "~/lib/dates";
import { fontBytes, type FontName } from "./fonts.server";

export interface CertificatePdfBody {
  parentName: string | null;
  name: string;
  place: string;
  signerTitle: string;
  signerName: string;
  logo: string | null;
}

export interface CertificatePdfInput {
  serial: string;
  registerNumber: string;
  holderName: string;
  holderBirthDate: string | null;
  courseTitle: string;
  hours: number;
  completedOn: string;
  issuedOn: string;
  validUntil: string | null;
  /** Set for a revoked certificate: the page is stamped "ĐÃ THU HỒI". */
  revokedOn: string | null;
  body: CertificatePdfBody;
  /**
   * Absolute URL of /verify/<serial>, printed as the QR code. Null while the
   * public address is not settled: no QR code, the serial and how to check
   * it instead (a QR code to an address a phone cannot open is worse).
   */
  verifyUrl: string | null;
}

type PdfFontSource = Parameters<PDFKit.PDFDocument["font"]>[0];
type Fonts = Record<FontName, PdfFontSource>;
const FACES: FontName[] = ["regular", "bold", "italic", "boldItalic"];

function parseFonts(): Fonts {
  return Object.fromEntries(FACES.map((name) => [name, fontkit.create(fontBytes(name)) as unknown as PdfFontSource])) as Fonts;
}

// Parsing the four faces takes ~150 ms, subsetting them a few ms: the parsed
// fonts are kept and reused. fontkit caches glyph objects per font with the
// code points of the text that first created them, and PDFKit writes those
// into the ToUnicode map; across documents that mixes up text extraction
// (e.g. "Trương" read back as "Trưng"). So the glyph cache is emptied at the
// start of every document, which makes each document as if freshly parsed.
let shared: Fonts | null = null;
function sharedFonts(): Fonts {
  shared ??= parseFonts();
  for (const f of Object.values(shared)) (f as unknown as { _glyphs: Record<number, unknown> })._glyphs = {};
  return shared;
}

export function warmCertificateFonts() {
  sharedFonts();
}

const logos = new Map<string, Buffer>();
/** The logo's bytes from its data URL (small; a few bodies per process). */
function logoBytes(dataUrl: string): Buffer | null {
  let bytes = logos.get(dataUrl);
  if (!bytes) {
    const match = /^data:image\/(png|jpeg);base64,(.+)$/.exec(dataUrl);
    if (!match) return null;
    bytes = Buffer.from(match[2]!, "base64");
    if (logos.size > 100) logos.clear();
    logos.set(dataUrl, bytes);
  }
  return bytes;
}

/**
 * "Quảng Trị, ngày 05 tháng 11 năm 2026": days below 10 and months 1 and 2
 * get a leading zero (Nghị định 30/2020/NĐ-CP, the administrative style).
 */
export function placeAndDate(place: string, iso: string) {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number) as [number, number, number];
  const month = m <= 2 ? String(m).padStart(2, "0") : String(m);
  return `${place}, ngày ${String(d).padStart(2, "0")} tháng ${month} năm ${y}`;
}

/** The verification link of a serial under a public base (app/models/public-address.server.ts). */
export function verifyUrl(serial: string, base: string) {
  return `${base.replace(/\/$/, "")}/verify/${encodeURIComponent(serial)}`;
}

const W = 841.89;
const H = 595.28;
const RED = "#9b1b1f";
const INK = "#1a1a1a";

function nfc(s: string) {
  return s.normalize("NFC");
}

/** Draws the QR matrix as filled rectangles, one per horizontal run (vector, sharp at any zoom). */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + quiet * 2);
  doc.save();
  doc.rect(x, y, size, size).fill("#ffffff");
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      doc.rect(x + (quiet + start) * cell, y + (quiet + r) * cell, (c - start) * cell, cell);
    }
  }
  doc.fill("#000000");
  doc.restore();
}

function centered(doc: PDFKit.PDFDocument, fonts: Fonts, text: string, x: number, y: number, width: number, face: FontName, size: number, color = INK) {
  doc.font(fonts[face]).fontSize(size).fillColor(color).text(nfc(text), x, y, { width, align: "center", lineGap: 1 });
  return doc.y;
}

function underline(doc: PDFKit.PDFDocument, cx: number, y: number, width: number) {
  doc.save().moveTo(cx - width / 2, y).lineTo(cx + width / 2, y).lineWidth(0.8).strokeColor(INK).stroke().restore();
}

type LogoImage = Parameters<PDFKit.PDFDocument["image"]>[0];

function drawPage(doc: PDFKit.PDFDocument, fonts: Fonts, c: CertificatePdfInput, logo: LogoImage | null) {
  // Frame.
  doc.save();
  doc.rect(22, 22, W - 44, H - 44).lineWidth(2.5).strokeColor(RED).stroke();
  doc.rect(29, 29, W - 58, H - 58).lineWidth(0.7).strokeColor(RED).stroke();
  doc.restore();

  // Issuing body (left), national motto (right).
  const leftX = logo ? 118 : 50;
  const leftW = 400 - leftX;
  if (logo) doc.image(logo, 52, 50, { fit: [58, 58], align: "center", valign: "center" });
  let y = 52;
  if (c.body.parentName) y = centered(doc, fonts, c.body.parentName.toUpperCase(), leftX, y, leftW, "regular", 11);
  y = centered(doc, fonts, c.body.name.toUpperCase(), leftX, y, leftW, "bold", 11.5);
  underline(doc, leftX + leftW / 2, y + 3, 90);

  y = centered(doc, fonts, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 420, 52, 380, "bold", 11.5);
  y = centered(doc, fonts, "Độc lập – Tự do – Hạnh phúc", 420, y, 380, "bold", 12);
  underline(doc, 610, y + 3, 170);

  // Title and holder.
  y = Math.max(y, doc.y) + 26;
  y = centered(doc, fonts, "GIẤY CHỨNG NHẬN", 50, y, W - 100, "bold", 30, RED) + 6;
  y = centered(doc, fonts, "Chứng nhận ông/bà:", 50, y, W - 100, "italic", 13) + 2;
  y = centered(doc, fonts, c.holderName, 50, y, W - 100, "bold", 22) + 2;
  if (c.holderBirthDate) y = centered(doc, fonts, `Ngày sinh: ${formatDate(c.holderBirthDate)}`, 50, y, W - 100, "regular", 13);
  y = centered(doc, fonts, "Đã hoàn thành khóa đào tạo, bồi dưỡng:", 50, y + 4, W - 100, "regular", 13) + 2;
  y = centered(doc, fonts, c.courseTitle, 90, y, W - 180, "bold", 15) + 4;
  y = centered(doc, fonts, `Thời lượng: ${c.hours} giờ — hoàn thành ngày ${formatDate(c.completedOn)}`, 50, y, W - 100, "regular", 12.5);
  if (c.validUntil) centered(doc, fonts, `Có giá trị đến ${formatDate(c.validUntil)}`, 50, y + 2, W - 100, "italic", 12.5);

  // Numbers and QR code (left), place, date and signer (right).
  const bottom = 398;
  const textX = c.verifyUrl ? 166 : 52;
  const textW = c.verifyUrl ? 250 : 364;
  if (c.verifyUrl) drawQr(doc, c.verifyUrl, 52, bottom + 10, 104);
  doc.font(fonts.regular).fontSize(11).fillColor(INK);
  doc.text(nfc(`Số hiệu: ${c.serial}`), textX, bottom + 18, { width: textW, lineBreak: false });
  doc.text(nfc(`Số vào sổ: ${c.registerNumber}`), textX, bottom + 36, { width: textW, lineBreak: false });
  const how = c.verifyUrl
    ? `Quét mã QR hoặc nhập số hiệu tại\n${c.verifyUrl.replace(/\/verify\/[^/]*$/, "/verify")}\nđể kiểm tra giấy chứng nhận.`
    : `Kiểm tra giấy chứng nhận: mở mục “Kiểm tra chứng nhận” trên hệ thống Học viện Kỹ năng CTXH và nhập số hiệu ${c.serial}.\nMã QR chưa được in vì địa chỉ công khai của hệ thống chưa được xác lập.`;
  doc.font(fonts.italic).fontSize(9).fillColor("#444444").text(nfc(how), textX, bottom + 58, { width: textW });

  y = centered(doc, fonts, placeAndDate(c.body.place, c.issuedOn), 440, bottom, 360, "italic", 12.5) + 4;
  // "KT. GIÁM ĐỐC — PHÓ GIÁM ĐỐC" is printed on two lines, as signed papers are.
  for (const line of c.body.signerTitle.split(/\s+[—–]\s+/)) y = centered(doc, fonts, line.toUpperCase(), 440, y, 360, "bold", 12.5);
  if (c.body.signerName) centered(doc, fonts, c.body.signerName, 440, y + 62, 360, "bold", 13);

  if (c.revokedOn) {
    doc.save();
    doc.rotate(-18, { origin: [W / 2, H / 2] });
    doc.fillOpacity(0.45).strokeOpacity(0.6);
    doc.rect(W / 2 - 250, H / 2 - 62, 500, 124).lineWidth(4).strokeColor("#c00000").stroke();
    centered(doc, fonts, "ĐÃ THU HỒI", W / 2 - 250, H / 2 - 50, 500, "bold", 60, "#c00000");
    centered(doc, fonts, `ngày ${formatDate(c.revokedOn)} — không còn giá trị`, W / 2 - 250, H / 2 + 26, 500, "bold", 14, "#c00000");
    doc.restore();
  }
}

/**
 * A PDF being written page by page (bulk jobs add pages between yields and
 * pipe `doc` to a file); the fonts and each logo are embedded once. Pass
 * `ownFonts` when pages are added across event-loop turns: other documents
 * rendered meanwhile must not share its glyph caches.
 */
export function openCertificatesPdf(title: string, author: string, { ownFonts = false } = {}) {
  const fonts = ownFonts ? parseFonts() : sharedFonts();
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: 0,
    autoFirstPage: false,
    font: fonts.regular as string,
    info: { Title: nfc(title), Author: nfc(author), Subject: "Giấy chứng nhận" },
  });
  const opened = new Map<string, LogoImage>();
  return {
    doc,
    add(c: CertificatePdfInput) {
      let logo: LogoImage | null = null;
      if (c.body.logo) {
        logo = opened.get(c.body.logo) ?? null;
        const bytes = logo ? null : logoBytes(c.body.logo);
        if (bytes) {
          logo = (doc as unknown as { openImage(b: Buffer): LogoImage }).openImage(bytes);
          opened.set(c.body.logo, logo);
        }
      }
      doc.addPage();
      drawPage(doc, fonts, c, logo);
    },
  };
}

/** One PDF with a page per certificate, in memory. */
export function renderCertificatesPdf(list: CertificatePdfInput[]): Promise<Buffer> {
  if (!list.length) return Promise.reject(new Error("no certificates to render"));
  const first = list[0]!;
  const title = list.length === 1 ? `Giấy chứng nhận ${first.serial} — ${first.holderName}` : `Giấy chứng nhận (${list.length})`;
  const { doc, add } = openCertificatesPdf(title, first.body.name);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  for (const c of list) add(c);
  doc.end();
  return done;
}

export function renderCertificatePdf(c: CertificatePdfInput): Promise<Buffer> {
  return renderCertificatesPdf([c]);
}
