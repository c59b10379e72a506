import { RiskLevel } from '@mpp/contracts';

/**
 * Documents an applicant may be asked for. NIB registration of low and medium-low risk needs none: the
 * business actor's statements at registration stand in (UMK statements on K3L, standards, spatial plan and
 * SPPL — docs/rules/risk.md#documents-asked-for), as in OSS. Abolished documents (SKU/SKDU, SITU, SIUP, TDP —
 * SE Mendagri 503/6491/SJ/2019) are never asked for.
 */
export enum DocumentType {
  KTP = 'KTP',
  NPWP = 'NPWP',
  AKTA_PENDIRIAN = 'AKTA_PENDIRIAN',
  FOTO_TEMPAT_USAHA = 'FOTO_TEMPAT_USAHA',
  BUKTI_PEMENUHAN_STANDAR = 'BUKTI_PEMENUHAN_STANDAR',
  LABEL_PRODUK = 'LABEL_PRODUK',
  PERSETUJUAN_LINGKUNGAN = 'PERSETUJUAN_LINGKUNGAN',
}

/**
 * The documents required for an application of this risk level, in the order officers check them. A
 * business entity (badan usaha) also shows its deed of establishment (akta pendirian, with the SK
 * Kemenkumham — docs/rules/risk.md#documents-asked-for) right after the KTP, which is then that of the person
 * acting for the entity. Low and medium-low risk still need no documents.
 */
export function documentChecklist(risk: RiskLevel, applicantKind: 'INDIVIDUAL' | 'ENTITY' = 'INDIVIDUAL'): DocumentType[] {
  const checklist = riskChecklist(risk);
  if (applicantKind !== 'ENTITY' || checklist.length === 0) return checklist;
  const afterKtp = checklist.indexOf(DocumentType.KTP) + 1;
  return [...checklist.slice(0, afterKtp), DocumentType.AKTA_PENDIRIAN, ...checklist.slice(afterKtp)];
}

function riskChecklist(risk: RiskLevel): DocumentType[] {
  switch (risk) {
    case RiskLevel.RENDAH:
    case RiskLevel.MENENGAH_RENDAH:
      return [];
    case RiskLevel.MENENGAH_TINGGI:
      return [DocumentType.KTP, DocumentType.NPWP, DocumentType.FOTO_TEMPAT_USAHA, DocumentType.BUKTI_PEMENUHAN_STANDAR];
    case RiskLevel.TINGGI:
      return [
        DocumentType.KTP,
        DocumentType.NPWP,
        DocumentType.FOTO_TEMPAT_USAHA,
        DocumentType.BUKTI_PEMENUHAN_STANDAR,
        DocumentType.PERSETUJUAN_LINGKUNGAN,
      ];
  }
}

export type DocumentContentType = 'application/pdf' | 'image/jpeg' | 'image/png';

/**
 * The content type of an uploaded file from its first bytes (magic numbers), never from its name or the
 * client's declared type: PDF `%PDF-`, JPEG `FF D8 FF`, PNG `89 50 4E 47 0D 0A 1A 0A`. Anything else
 * (an executable renamed .pdf, HTML, a ZIP) is null.
 */
export function detectDocumentContentType(bytes: Uint8Array): DocumentContentType | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  return null;
}
