/**
 * Public enumerations of the v1 contract (docs/architecture.md#the-public-contract). Values may be added, never
 * renamed.
 */

export enum RiskLevel {
  RENDAH = 'RENDAH',
  MENENGAH_RENDAH = 'MENENGAH_RENDAH',
  MENENGAH_TINGGI = 'MENENGAH_TINGGI',
  TINGGI = 'TINGGI',
}

export enum BusinessScale {
  MIKRO = 'MIKRO',
  KECIL = 'KECIL',
  MENENGAH = 'MENENGAH',
  BESAR = 'BESAR',
}

export enum PermitType {
  NIB = 'NIB',
  SERTIFIKAT_STANDAR = 'SERTIFIKAT_STANDAR',
  IZIN = 'IZIN',
}

export enum ApplicationStatus {
  SUBMITTED = 'SUBMITTED',
  UNDER_VERIFICATION = 'UNDER_VERIFICATION',
  REVISION_REQUESTED = 'REVISION_REQUESTED',
  VERIFIED = 'VERIFIED',
  AWAITING_APPROVAL = 'AWAITING_APPROVAL',
  ISSUED = 'ISSUED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
}
