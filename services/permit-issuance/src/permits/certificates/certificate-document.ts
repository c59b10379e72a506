import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { PermitType, RiskLevel } from '@mpp/contracts';
import { shareStandardFontMetrics } from './standard-font-metrics';

/** Everything a certificate shows; stored with it, so the same content renders the same bytes. */
export interface CertificateContent {
  type: PermitType;
  number: string;
  /** Version of the document for this number (an NIB's certificate is re-issued when activities are added). */
  version: number;
  /** The business actor (pelaku usaha). */
  holderName: string;
  /** One activity for a Sertifikat Standar or Izin; every activity licensed so far for an NIB. */
  activities: { kbli: string; title: string; businessName: string; riskLevel: RiskLevel }[];
  /** ISO 8601. For an NIB, when the NIB was first issued. */
  issuedAt: string;
  validUntil: string | null;
  office: { code: string; name: string; timezone: string };
  signatory: { name: string | null; title: string };
  /** The electronic signature of the permit data, as the signing port answered. */
  signature: { status: 'SIGNED' | 'PENDING'; algorithm: string; keyId: string | null };
  verificationUrl: string;
  /** ISO 8601: when this version was made; the PDF's creation date. */
  createdAt: string;
  /** The regulation the permit was issued under (absent on certificates made before rule sets were recorded). */
  regulation?: { short: string; title: string };
  /** Issued by operation of law because the authority let its deadline lapse (fiktif positif): the legal basis. */
  deemedBasis?: string;
}

export const PERMIT_TYPE_LABELS: Readonly<Record<PermitType, string>> = {
  [PermitType.NIB]: 'Nomor Induk Berusaha',
  [PermitType.SERTIFIKAT_STANDAR]: 'Sertifikat Standar',
  [PermitType.IZIN]: 'Izin',
};

export const RISK_LEVEL_LABELS: Readonly<Record<RiskLevel, string>> = {
  [RiskLevel.RENDAH]: 'Rendah',
  [RiskLevel.MENENGAH_RENDAH]: 'Menengah Rendah',
  [RiskLevel.MENENGAH_TINGGI]: 'Menengah Tinggi',
  [RiskLevel.TINGGI]: 'Tinggi',
};

/** The office-level signatory of automatically issued permits, e.g. "Kepala DPMPTSP Kota Salatiga". */
export function headOfOfficeTitle(officeName: string): string {
  return /^DPMPTSP\b/i.test(officeName) ? `Kepala ${officeName}` : `Kepala DPMPTSP ${officeName}`;
}

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const ZONE_LABELS: Record<string, string> = { 'Asia/Jakarta': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' };

const localFormats = new Map<string, Intl.DateTimeFormat>();

/** Day, month, year, hour and minute in a time zone (one formatter per zone: making one costs more than using it). */
function localParts(iso: string, timezone: string): Record<string, string> {
  let format = localFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    localFormats.set(timezone, format);
  }
  const parts: Record<string, string> = {};
  for (const p of format.formatToParts(new Date(iso))) parts[p.type] = p.value;
  return parts;
}

/** "28 November 2026" in the office's time zone. */
export function indonesianDate(iso: string, timezone: string): string {
  const p = localParts(iso, timezone);
  return `${Number(p.day)} ${MONTHS[Number(p.month) - 1]} ${p.year}`;
}

function indonesianDateTime(iso: string, timezone: string): string {
  const p = localParts(iso, timezone);
  return `${indonesianDate(iso, timezone)} ${p.hour}.${p.minute} ${ZONE_LABELS[timezone] ?? timezone}`;
}

/** Characters the standard PDF fonts (WinAnsi) can show, and line breaks; anything else becomes "?". */
export function pdfText(text: string): string {
  return text.normalize('NFC').replace(/[^\n\x20-\x7E\xA0-\xFF\u2013\u2014\u2018\u2019\u201C\u201D\u2022\u2026\u20AC]/g, '?');
}

/** Light modules around a QR code (its quiet zone). */
const QR_MARGIN = 2;

/** A dark run of a QR code's row: `length` modules from column `column` of row `row`. */
export interface QrRun {
  row: number;
  column: number;
  length: number;
}

/**
 * The QR code of a certificate: the verification URL at error-correction level M, as the dark runs of each
 * row, drawn in the PDF as filled rectangles (vector: no image to encode, compress and embed). The QR code
 * is a pointer to the verification page, not a signature (PP 71/2019; docs/rules/signatures.md).
 */
export function qrCodeRuns(url: string): { size: number; runs: QrRun[] } {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const runs: QrRun[] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; ) {
      if (!modules.get(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < modules.size && modules.get(row, column)) column++;
      runs.push({ row, column: start, length: column - start });
    }
  }
  return { size: modules.size, runs };
}

/**
 * Renders the certificate PDF (A4, standard fonts, Indonesian). Deterministic: the document's dates come
 * from the content (`createdAt`), never from the clock, so the same content gives the same bytes.
 */
export async function renderCertificate(content: CertificateContent): Promise<Buffer> {
  shareStandardFontMetrics();
  const { doc, bytes } = openDocument(content);
  const page = { left: doc.page.margins.left, width: doc.page.width - doc.page.margins.left - doc.page.margins.right };
  drawLetterhead(doc, page, content);
  drawParticulars(doc, page, content);
  drawSignatureAndQrCode(doc, page, content);
  drawFooter(doc, page, content);
  doc.end();
  return bytes;
}

type Pdf = InstanceType<typeof PDFDocument>;

/** Left margin and usable width of the page. */
interface PageBox {
  left: number;
  width: number;
}

/** A new A4 document with the certificate's metadata, and its bytes once it has ended. */
function openDocument(content: CertificateContent): { doc: Pdf; bytes: Promise<Buffer> } {
  const label = PERMIT_TYPE_LABELS[content.type];
  const createdAt = new Date(content.createdAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    lang: 'id-ID',
    displayTitle: true,
    info: {
      Title: pdfText(`${label} ${content.number}`),
      Author: pdfText(content.office.name),
      Subject: pdfText(`${label} - ${content.holderName}`),
      Creator: 'MPP Licensing Platform',
      Producer: 'MPP Licensing Platform (PDFKit)',
      CreationDate: createdAt,
      ModDate: createdAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, bytes };
}

/** Letterhead of the office, then the title: the kind of permit and its number. */
function drawLetterhead(doc: Pdf, { left, width }: PageBox, content: CertificateContent): void {
  doc.font('Helvetica').fontSize(9).fillColor('#333333').text('MAL PELAYANAN PUBLIK', left, 56, { width, align: 'center' });
  doc.font('Helvetica-Bold').fontSize(14).fillColor('black').text(pdfText(content.office.name.toUpperCase()), { width, align: 'center' });
  doc.font('Helvetica').fontSize(9).text('Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu', { width, align: 'center' });
  const rule = doc.y + 8;
  doc.moveTo(left, rule).lineTo(left + width, rule).lineWidth(1.5).stroke();

  doc.font('Helvetica-Bold').fontSize(20).text(PERMIT_TYPE_LABELS[content.type].toUpperCase(), left, rule + 24, { width, align: 'center' });
  doc.font('Helvetica').fontSize(11).text(pdfText(`Nomor: ${content.number}`), { width, align: 'center' });
  doc.fontSize(9).text('Perizinan Berusaha Berbasis Risiko', { width, align: 'center' });
  doc.moveDown(2);
}

/** The particulars of the permit, one labelled row each. */
function drawParticulars(doc: Pdf, { left, width }: PageBox, content: CertificateContent): void {
  const tz = content.office.timezone;
  const labelWidth = 150;
  const row = (name: string, value: string) => {
    const y = doc.y;
    doc.font('Helvetica').fontSize(10).text(name, left, y, { width: labelWidth });
    doc.font('Helvetica-Bold').text(pdfText(value), left + labelWidth, y, { width: width - labelWidth });
    doc.moveDown(0.6);
  };
  row('Nama pelaku usaha', content.holderName);
  const businessNames = [...new Set(content.activities.map((a) => a.businessName))];
  row('Nama usaha', businessNames.join('; '));
  row('Kegiatan usaha (KBLI)', content.activities.map((a) => `${a.kbli} \u2013 ${a.title}`).join('\n'));
  row('Tingkat risiko', content.activities.map((a) => (content.activities.length > 1 ? `${a.kbli}: ` : '') + RISK_LEVEL_LABELS[a.riskLevel]).join('\n'));
  row('Jenis perizinan', PERMIT_TYPE_LABELS[content.type]);
  row('Nomor', content.number);
  row('Tanggal terbit', indonesianDate(content.issuedAt, tz));
  row('Berlaku sampai', content.validUntil ? indonesianDate(content.validUntil, tz) : 'Selama pelaku usaha menjalankan kegiatan usaha');
  if (content.version > 1) row('Diperbarui', indonesianDate(content.createdAt, tz));
  row('Diterbitkan oleh', content.office.name);
  if (content.regulation) row('Dasar hukum', content.regulation.title);
  if (content.deemedBasis) {
    row('Terbit karena hukum', `Batas waktu layanan terlampaui tanpa keputusan; dianggap disetujui (fiktif positif) pada ${indonesianDate(content.issuedAt, tz)} berdasarkan ${content.deemedBasis}`);
  }
}

/** Signature block (right) and QR code (left), at the same height; on a new page when they do not fit. */
function drawSignatureAndQrCode(doc: Pdf, { left, width }: PageBox, content: CertificateContent): void {
  const qrSize = 110;
  let blockTop = Math.max(doc.y + 40, 500);
  if (blockTop + qrSize + 60 > doc.page.height - doc.page.margins.bottom - 30) {
    doc.addPage();
    blockTop = doc.page.margins.top;
  }
  drawQrCode(doc, content.verificationUrl, left, blockTop, qrSize);
  doc
    .font('Helvetica')
    .fontSize(8)
    .text('Pindai kode QR atau buka alamat di bawah untuk memeriksa keabsahan dokumen ini:', left, blockTop + qrSize + 6, { width: 230 })
    .text(pdfText(content.verificationUrl), { width: 230 });

  const signX = left + width - 230;
  doc.font('Helvetica').fontSize(10).text(`Diterbitkan tanggal ${indonesianDate(content.issuedAt, content.office.timezone)}`, signX, blockTop, { width: 230, align: 'center' });
  doc.font('Helvetica-Bold').text(pdfText(content.signatory.title), { width: 230, align: 'center' });
  doc.moveDown(2.5);
  doc.font('Helvetica-Bold').text(pdfText(content.signatory.name ?? ''), { width: 230, align: 'center' });
  const signatureNote =
    content.signature.status === 'SIGNED'
      ? `Ditandatangani secara elektronik (${content.signature.algorithm}, kunci ${content.signature.keyId ?? '-'})`
      : 'Tanda tangan elektronik sedang diproses (menunggu TTE); lihat status di halaman verifikasi';
  doc.font('Helvetica-Oblique').fontSize(8).text(pdfText(signatureNote), { width: 230, align: 'center' });
}

function drawFooter(doc: Pdf, { left, width }: PageBox, content: CertificateContent): void {
  doc
    .font('Helvetica')
    .fontSize(7)
    .fillColor('#555555')
    .text(
      pdfText(
        `Dokumen elektronik versi ${content.version}, dibuat ${indonesianDateTime(content.createdAt, content.office.timezone)}. ` +
          'Keabsahan dan status terkini (aktif, dicabut atau kedaluwarsa) hanya dapat dipastikan melalui halaman verifikasi.',
      ),
      left,
      doc.page.height - doc.page.margins.bottom - 24,
      { width, align: 'center' },
    );
}

/** The QR code of `url` in a square of `size` points at (x, y), its quiet zone included. */
function drawQrCode(doc: Pdf, url: string, x: number, y: number, size: number): void {
  const qr = qrCodeRuns(url);
  const module = size / (qr.size + 2 * QR_MARGIN);
  const origin = (at: number) => at + QR_MARGIN * module;
  doc.save();
  for (const run of qr.runs) doc.rect(origin(x) + run.column * module, origin(y) + run.row * module, run.length * module, module);
  doc.fill('black');
  doc.restore();
}
