import { createHash } from 'node:crypto';
import jsQR from 'jsqr';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { PermitType, RiskLevel } from '@mpp/contracts';
import { CertificateContent, headOfOfficeTitle, indonesianDate, pdfText, qrCodePng, renderCertificate } from './certificate-document';

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
};

/** The concatenated IDAT chunks of a PNG: its compressed image data. */
function imageData(png: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') parts.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return Buffer.concat(parts);
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

  it('embeds a QR code that decodes to the verification URL', async () => {
    const png = await qrCodePng(content.verificationUrl);
    const image = PNG.sync.read(png);
    const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    expect(decoded?.data).toBe(content.verificationUrl);

    const pdf = await renderCertificate(content);
    const idat = imageData(png);
    expect(idat.length).toBeGreaterThan(100);
    expect(pdf.includes(idat)).toBe(true);
    expect(pdf.toString('latin1')).toMatch(new RegExp(`/Subtype /Image[\\s\\S]*?/Width ${image.width}`));
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
