import { RiskLevel } from '@mpp/contracts';

/**
 * Documents asked of the applicant by risk level. NIB registration itself needs only identity data;
 * higher risk adds evidence of the premises and standards. No abolished documents (SKU/SITU/SIUP/TDP).
 * The full checklist per permit type comes with document upload.
 */
export function documentChecklist(risk: RiskLevel): string[] {
  const identity = ['KTP'];
  switch (risk) {
    case RiskLevel.RENDAH:
      return identity;
    case RiskLevel.MENENGAH_RENDAH:
      return [...identity, 'PERNYATAAN_MANDIRI_STANDAR'];
    case RiskLevel.MENENGAH_TINGGI:
      return [...identity, 'NPWP', 'FOTO_TEMPAT_USAHA', 'BUKTI_PEMENUHAN_STANDAR'];
    case RiskLevel.TINGGI:
      return [...identity, 'NPWP', 'FOTO_TEMPAT_USAHA', 'BUKTI_PEMENUHAN_STANDAR', 'PERSETUJUAN_LINGKUNGAN'];
  }
}
