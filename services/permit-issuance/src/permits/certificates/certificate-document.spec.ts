import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import { PDFDocument } from 'pdf-lib';
import { PermitType, RiskLevel } from '@mpp/contracts';
import { CertificateContent, headOfOfficeTitle, indonesianDate, pdfText, qrCodeRuns, renderCertificate } from './certificate-document';

const content: CertificateContent = {
  type: PermitType.IZIN,
  number: '503/0001/IZ/DPMPTSP/2026',
  version: 1,
  holderName: 'Siti Rahayu',
  activities: [{ kbli: '47721', title: 'Perdagangan Eceran Barang Farmasi di Apotik', businessName: 'Apotek Sehat', riskLevel: RiskLevel.TINGGI }],
  issuedAt: '2026-11-27T20:00:00.000Z',
  validUntil: '2031-11-27T20:00:00.000Z',
  office: { code: '3373', name: 'DPMPTSP Kota Salatiga', timezone: 'Asia/Jakarta' },
  signatory: { name: 'Bambang Susilo', title: 'Kepala DPMPTSP Kota Salatiga' },
  signature: { status: 'SIGNED', algorithm: 'Ed25519', keyId: '3373-ed25519-0123456789abcdef' },
  verificationUrl: 'https://izin.example.go.id/api/v1/permits/503%2F0001%2FIZ%2FDPMPTSP%2F2026/verification',
  createdAt: '2026-11-27T20:00:00.000Z',
  regulation: { short: 'PP 28/2025', title: 'Peraturan Pemerintah Nomor 28 Tahun 2025 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko' },
};

/** The operators of the PDF's content streams, inflated. */
function contentOperators(pdf: Buffer): string {
  const operators: string[] = [];
  for (const match of pdf.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    try {
      operators.push(inflateSync(Buffer.from(match[1], 'latin1')).toString('latin1'));
    } catch {
      operators.push(match[1]);
    }
  }
  return operators.join('\n');
}

/** The lines of text the PDF shows: each TJ array's hex strings (pdfkit's standard fonts, WinAnsi), joined. */
function shownText(pdf: Buffer): string[] {
  return [...contentOperators(pdf).matchAll(/\[([^\]]*)\] TJ/g)].map((tj) =>
    [...tj[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((hex) => Buffer.from(hex[1], 'hex').toString('latin1')).join(''),
  );
}

/** The rectangles (`x y w h re`) the PDF's content streams draw, in the order drawn. */
function drawnRectangles(pdf: Buffer): { x: number; y: number; w: number; h: number }[] {
  return [...contentOperators(pdf).matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    w: Number(m[3]),
    h: Number(m[4]),
  }));
}

/**
 * Scans the QR code a PDF draws: its module-high rectangles are painted into an image (4 pixels a module, a
 * quiet zone of 4 modules) that jsQR decodes, as a phone's camera would read the printed page.
 */
function scanQrCode(pdf: Buffer): string | undefined {
  const rectangles = drawnRectangles(pdf);
  const heights = new Map<number, number>();
  for (const r of rectangles) heights.set(r.h, (heights.get(r.h) ?? 0) + 1);
  const module = [...heights.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const modules = rectangles.filter((r) => r.h === module);
  const left = Math.min(...modules.map((r) => r.x));
  const top = Math.min(...modules.map((r) => r.y));
  const size = Math.round((Math.max(...modules.map((r) => r.x + r.w)) - left) / module);
  const scale = 4;
  const quiet = 4;
  const side = (size + 2 * quiet) * scale;
  const image = new Uint8ClampedArray(side * side * 4).fill(255);
  for (const r of modules) {
    const row = Math.round((r.y - top) / module) + quiet;
    const first = Math.round((r.x - left) / module) + quiet;
    const last = first + Math.round(r.w / module);
    for (let py = row * scale; py < (row + 1) * scale; py++) {
      for (let px = first * scale; px < last * scale; px++) image.fill(0, (py * side + px) * 4, (py * side + px) * 4 + 3);
    }
  }
  return jsQR(image, side, side)?.data;
}

describe('certificate PDF', () => {
  it('is a PDF, and the same content always gives the same bytes', async () => {
    const first = await renderCertificate(content);
    const second = await renderCertificate(JSON.parse(JSON.stringify(content)));
    expect(first.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(first.subarray(-6).toString('latin1')).toContain('%%EOF');
    expect(createHash('sha256').update(second).digest('hex')).toBe(createHash('sha256').update(first).digest('hex'));
    // The creation date is the content's, not the clock's.
    expect(first.toString('latin1')).toContain('(D:20261127200000Z)');
  });

  it('parses as a one-page PDF document with a text layer', async () => {
    const pdf = await renderCertificate(content);
    const parsed = await PDFDocument.load(pdf);
    expect(parsed.getPageCount()).toBe(1);
    const [page] = parsed.getPages();
    expect(page.getWidth()).toBeGreaterThan(500);
    expect(parsed.getProducer()).toBeTruthy();
  });

  it('changes with the content', async () => {
    const other = await renderCertificate({ ...content, holderName: 'Siti Rahayu Putri' });
    expect(other.equals(await renderCertificate(content))).toBe(false);
  });

  it('draws a QR code, as vector rectangles, that scans to the verification URL', async () => {
    const pdf = await renderCertificate(content);
    expect(scanQrCode(pdf)).toBe(content.verificationUrl);
    expect(pdf.toString('latin1')).not.toContain('/Subtype /Image');
    // Each dark run of each row is one rectangle.
    const { runs } = qrCodeRuns(content.verificationUrl);
    expect(runs.length).toBeGreaterThan(100);
    const other = await renderCertificate({ ...content, verificationUrl: 'https://izin.example.go.id/api/v1/permits/2811260000001/verification' });
    expect(scanQrCode(other)).toBe('https://izin.example.go.id/api/v1/permits/2811260000001/verification');
  });

  it('names the regulation the permit was issued under', async () => {
    const lines = shownText(await renderCertificate(content));
    expect(lines).toContain('Dasar hukum');
    expect(lines.join(' ')).toContain('Peraturan Pemerintah Nomor 28 Tahun 2025');
    const { regulation, ...before } = content;
    expect(regulation).toBeDefined();
    expect(shownText(await renderCertificate(before))).not.toContain('Dasar hukum');
  });

  it('says when a permit was issued by operation of law (fiktif positif), with the legal basis', async () => {
    const deemed = shownText(await renderCertificate({ ...content, type: PermitType.SERTIFIKAT_STANDAR, deemedBasis: 'PP 28/2025 Pasal 225' }));
    expect(deemed).toContain('Terbit karena hukum');
    expect(deemed.join(' ').replace(/\s+/g, ' ')).toMatch(/dianggap disetujui \(fiktif positif\) pada 28 November 2026 berdasarkan PP 28\/2025 Pasal 225/);
    expect(shownText(await renderCertificate(content))).not.toContain('Terbit karena hukum');
  });

  it('renders an NIB with several activities and no end date', async () => {
    const nib = await renderCertificate({
      ...content,
      type: PermitType.NIB,
      number: '2811260000001',
      version: 2,
      validUntil: null,
      activities: [
        { kbli: '47112', title: 'Perdagangan Eceran Berbagai Macam Barang', businessName: 'Warung Bu Siti', riskLevel: RiskLevel.RENDAH },
        { kbli: '10710', title: 'Industri Produk Roti dan Kue', businessName: 'Roti Bu Siti', riskLevel: RiskLevel.MENENGAH_RENDAH },
      ],
      signatory: { name: null, title: headOfOfficeTitle('DPMPTSP Kota Salatiga') },
      signature: { status: 'PENDING', algorithm: 'TTE', keyId: null },
    });
    expect(nib.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('labels, dates and characters', () => {
    expect(headOfOfficeTitle('DPMPTSP Kota Salatiga')).toBe('Kepala DPMPTSP Kota Salatiga');
    expect(headOfOfficeTitle('Kota Semarang')).toBe('Kepala DPMPTSP Kota Semarang');
    expect(indonesianDate('2026-11-27T20:00:00Z', 'Asia/Jakarta')).toBe('28 November 2026');
    expect(indonesianDate('2026-11-27T15:00:00Z', 'Asia/Makassar')).toBe('27 November 2026');
    expect(pdfText('Kafe “Kopi” – Bu Siti 😀 日本\tx\ny')).toBe('Kafe “Kopi” – Bu Siti ?? ???x\ny');
  });
});
