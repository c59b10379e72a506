import { getJson, request } from '../api/client';

export type Scale = 'MIKRO' | 'KECIL' | 'MENENGAH' | 'BESAR';
export type RiskLevel = 'RENDAH' | 'MENENGAH_RENDAH' | 'MENENGAH_TINGGI' | 'TINGGI';
export type ApplicantKind = 'INDIVIDUAL' | 'ENTITY';
export const SCALES: Scale[] = ['MIKRO', 'KECIL', 'MENENGAH', 'BESAR'];
export const ENTITY_FORMS = ['PT', 'PT_PERORANGAN', 'CV', 'FIRMA', 'KOPERASI', 'BUM_DESA'] as const;
export type EntityForm = (typeof ENTITY_FORMS)[number];
/** Forms whose establishment is recorded in a deed (the API requires it); a PT Perorangan may omit it. */
export const FORMS_REQUIRING_DEED: readonly EntityForm[] = ['PT', 'CV', 'FIRMA', 'KOPERASI', 'BUM_DESA'];

/** GET /api/v1/reference/kbli */
export interface KbliEntry {
  code: string;
  title: string;
  risk: Record<Scale, RiskLevel>;
}

/** POST /api/v1/reference/nik-check */
export interface NikCheck {
  valid: boolean;
  problems: Array<{ rule: string; message: string }>;
  warnings: string[];
  regencyName?: string;
}

/** POST /api/v1/reference/assessment */
export interface Assessment {
  kbli: { code: string; title: string };
  businessScale: Scale;
  salesScale?: Scale;
  riskLevel: RiskLevel;
  permits: Array<'NIB' | 'SERTIFIKAT_STANDAR' | 'IZIN'>;
  documents: string[];
  officerReview: boolean;
  headOfOfficeApproval: boolean;
}

/** GET /api/v1/reference/regions */
export interface RegionChildren {
  parent: string | null;
  level: 'PROVINCE' | 'REGENCY' | 'DISTRICT' | 'VILLAGE';
  items: Array<{ code: string; name?: string; kind?: string }>;
  attribution: string;
}

/** GET /api/v1/offices */
export interface OfficeSummary {
  code: string;
  name: string;
  address: string;
}

/** POST /api/v1/applications (the body the API takes: see the intake service's submit DTO). */
export interface SubmitApplicationBody {
  officeCode: string;
  applicant: {
    nik: string;
    name: string;
    email?: string;
    phone?: string;
    npwp?: string;
    kind?: ApplicantKind;
    entity?: {
      form: EntityForm;
      name: string;
      npwp: string;
      deed?: { number: string; date: string; notary?: string; ministryApproval?: string };
    };
  };
  business: { name: string; kbli: string; capital: number; annualSales?: number; address: { regionCode: string; street: string } };
}

export interface Submitted {
  applicationNumber: string;
  trackingCode: string;
  status: string;
}

export const applyApi = {
  kbli: (q: string) => getJson<KbliEntry[]>(`/api/v1/reference/kbli?q=${encodeURIComponent(q)}`),
  nikCheck: (nik: string) => request<NikCheck>('POST', '/api/v1/reference/nik-check', { json: { nik } }),
  assessment: (kbli: string, capital: number, annualSales: number | undefined, kind: ApplicantKind) =>
    request<Assessment>('POST', '/api/v1/reference/assessment', { json: { kbli, capital, kind, ...(annualSales !== undefined ? { annualSales } : {}) } }),
  regions: (parent?: string) => getJson<RegionChildren>(`/api/v1/reference/regions${parent ? `?parent=${encodeURIComponent(parent)}` : ''}`),
  offices: () => getJson<OfficeSummary[]>('/api/v1/offices'),
  submit: (body: SubmitApplicationBody, idempotencyKey: string) =>
    request<Submitted>('POST', '/api/v1/applications', { json: body, headers: { 'idempotency-key': idempotencyKey } }),
};

/** Rupiah typed as the applicant writes it ("50.000.000", "50000000", "Rp 50 000 000") → a whole number, or undefined. */
export function parseRupiah(text: string): number | undefined {
  const digits = text.replace(/^\s*rp\.?\s*/i, '').replace(/[.\s]/g, '');
  if (!/^\d{1,16}$/.test(digits)) return undefined;
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : undefined;
}
