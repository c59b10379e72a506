import 'reflect-metadata';
import { RiskLevel } from '@mpp/contracts';
import { detectDocumentContentType, documentChecklist, DocumentType } from './documents';

describe('document checklist', () => {
  it('asks nothing of low and medium-low risk, more of higher risk, never an abolished document', () => {
    expect(documentChecklist(RiskLevel.RENDAH)).toEqual([]);
    expect(documentChecklist(RiskLevel.MENENGAH_RENDAH)).toEqual([]);
    expect(documentChecklist(RiskLevel.MENENGAH_TINGGI)).toContain(DocumentType.KTP);
    expect(documentChecklist(RiskLevel.TINGGI)).toContain(DocumentType.PERSETUJUAN_LINGKUNGAN);
    for (const risk of Object.values(RiskLevel)) {
      expect(documentChecklist(risk)).not.toEqual(expect.arrayContaining(['SKU', 'SITU', 'SIUP', 'TDP']));
    }
  });

  it('asks a business entity for its deed of establishment right after the KTP of the person acting for it', () => {
    expect(documentChecklist(RiskLevel.MENENGAH_TINGGI, 'ENTITY')).toEqual([
      DocumentType.KTP,
      DocumentType.AKTA_PENDIRIAN,
      DocumentType.NPWP,
      DocumentType.FOTO_TEMPAT_USAHA,
      DocumentType.BUKTI_PEMENUHAN_STANDAR,
    ]);
    expect(documentChecklist(RiskLevel.TINGGI, 'ENTITY')).toEqual([
      DocumentType.KTP,
      DocumentType.AKTA_PENDIRIAN,
      DocumentType.NPWP,
      DocumentType.FOTO_TEMPAT_USAHA,
      DocumentType.BUKTI_PEMENUHAN_STANDAR,
      DocumentType.PERSETUJUAN_LINGKUNGAN,
    ]);
  });

  it('asks an entity nothing at low and medium-low risk, and an individual (the default) no deed', () => {
    expect(documentChecklist(RiskLevel.RENDAH, 'ENTITY')).toEqual([]);
    expect(documentChecklist(RiskLevel.MENENGAH_RENDAH, 'ENTITY')).toEqual([]);
    for (const risk of Object.values(RiskLevel)) {
      expect(documentChecklist(risk, 'INDIVIDUAL')).toEqual(documentChecklist(risk));
      expect(documentChecklist(risk)).not.toContain(DocumentType.AKTA_PENDIRIAN);
    }
  });
});

describe('detectDocumentContentType', () => {
  it('recognises PDF, JPEG and PNG by their first bytes', () => {
    expect(detectDocumentContentType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(detectDocumentContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
    expect(detectDocumentContentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
  });

  it('refuses executables, archives and text whatever their name', () => {
    expect(detectDocumentContentType(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1]))).toBeNull(); // ELF
    expect(detectDocumentContentType(Buffer.from('MZ\x90\x00'))).toBeNull(); // Windows PE
    expect(detectDocumentContentType(Buffer.from('PK\x03\x04'))).toBeNull(); // ZIP
    expect(detectDocumentContentType(Buffer.from('<html>'))).toBeNull();
    expect(detectDocumentContentType(Buffer.alloc(0))).toBeNull();
  });
});
