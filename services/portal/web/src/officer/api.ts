import { getJson, request } from '../api/client';

/** The officer API the screens call (same-origin; the portal's backend adds the session's token). */

export type CaseStatus = 'AWAITING_OFFICER' | 'REVISION_REQUESTED' | 'VERIFIED' | 'REJECTED' | 'WITHDRAWN';
export const CASE_STATUSES: readonly CaseStatus[] = ['AWAITING_OFFICER', 'REVISION_REQUESTED', 'VERIFIED', 'REJECTED', 'WITHDRAWN'];
export type RiskLevel = 'RENDAH' | 'MENENGAH_RENDAH' | 'MENENGAH_TINGGI' | 'TINGGI';
export const RISK_LEVELS: readonly RiskLevel[] = ['RENDAH', 'MENENGAH_RENDAH', 'MENENGAH_TINGGI', 'TINGGI'];

/** What GET /api/v1/cases (document verification) answers for each case. */
export interface CaseView {
  id: string;
  applicationNumber: string;
  officeCode: string;
  status: CaseStatus;
  riskLevel: RiskLevel;
  businessScale: string;
  businessName: string;
  kbli: string;
  checklist: string[];
  automaticChecks: Array<{ name: string; passed: boolean; detail?: string }>;
  openedAt: string;
  decidedAt?: string;
  assignedTo?: string;
  revisionRound: number;
  reasons: string[];
  dueAt?: string;
  overdue: boolean;
  slaPaused: boolean;
  slaBudgetDays?: number;
  applicant?: {
    nik: string;
    name: string;
    npwp?: string;
    kind?: 'INDIVIDUAL' | 'ENTITY';
    entity?: { form: string; name: string; npwp: string };
  };
  business?: { name: string; kbli: string; kbliTitle: string; capital: number; annualSales?: number; address: { regionCode: string; street: string } };
}

export interface CaseDocument {
  id: string;
  type: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
  decision?: 'ACCEPTED' | 'REJECTED';
  decisionNote?: string;
}

export type ApprovalStatus = 'PENDING' | 'APPROVED' | 'DENIED' | 'WITHDRAWN';
export const APPROVAL_STATUSES: readonly ApprovalStatus[] = ['PENDING', 'APPROVED', 'DENIED'];

export interface ApprovalView {
  id: string;
  applicationNumber: string;
  officeCode: string;
  status: ApprovalStatus;
  riskLevel: RiskLevel;
  businessScale: string;
  applicantName: string;
  business: { name: string; kbli: string; kbliTitle: string };
  requestedAt: string;
  dueAt?: string;
  decidedAt?: string;
  decidedByName?: string;
  /** The legal basis when the due date passed and the permits were issued by operation of law. */
  deemedBasis?: string;
  /** When the due date was found missed. */
  overdueSince?: string;
  reason?: string;
  permits: Array<{ type: string; number: string; issuedAt: string; validUntil?: string }>;
}

export interface PermitSummary {
  number: string;
  type: 'NIB' | 'SERTIFIKAT_STANDAR' | 'IZIN';
  status: 'ACTIVE' | 'REVOKED';
  applicationNumber: string;
  holderName: string;
  nib: string;
  businessName: string;
  kbli: string;
  kbliTitle: string;
  issuedAt: string;
  validUntil?: string;
  revokedAt?: string;
  revocationReason?: string;
}

export interface OfficeSummary {
  code: string;
  name: string;
  address: string;
  timezone: string;
}

export interface OfficeView extends OfficeSummary {
  permitNumberTemplate: string;
  serviceLevels: { verificationDays: number; approvalDays: number };
  calendar: { weekendDays: number[]; holidays: string[] };
  active: boolean;
  revision: number;
  updatedAt: string;
}

export type OfficeChange = Partial<Omit<OfficeView, 'code' | 'revision' | 'updatedAt'>>;

export interface AuditRecord {
  id: string;
  at: string;
  office: string | null;
  actor: { kind: string; id: string; role: string | null };
  action: string;
  subject: { type: string; id: string };
  details: Record<string, unknown>;
}

export type AuditSource = 'intake' | 'verification' | 'issuance';
export const AUDIT_SOURCES: readonly AuditSource[] = ['intake', 'verification', 'issuance'];

export interface CounterApplication {
  officeCode: string;
  applicant: { nik: string; name: string; email?: string; phone?: string; npwp?: string };
  business: { name: string; kbli: string; capital: number; annualSales?: number; address: { regionCode: string; street: string } };
}

export interface Submitted {
  applicationNumber: string;
  trackingCode: string;
  status: string;
}

const enc = encodeURIComponent;

/** A query string of the defined, non-empty values. */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const officerApi = {
  cases: (filter: { status?: CaseStatus; riskLevel?: RiskLevel; overdue?: boolean; limit?: number }) =>
    getJson<CaseView[]>(`/api/v1/cases${queryString({ ...filter, overdue: filter.overdue ? 'true' : undefined })}`),
  case: (id: string) => getJson<CaseView>(`/api/v1/cases/${enc(id)}`),
  caseAction: (id: string, action: 'claim' | 'release' | 'approve') => request<CaseView>('POST', `/api/v1/cases/${enc(id)}/${action}`),
  caseReasons: (id: string, action: 'request-revision' | 'reject', reasons: string[]) =>
    request<CaseView>('POST', `/api/v1/cases/${enc(id)}/${action}`, { json: { reasons } }),
  documents: (caseId: string) => getJson<CaseDocument[]>(`/api/v1/cases/${enc(caseId)}/documents`),
  documentUrl: (caseId: string, documentId: string) => `/api/v1/cases/${enc(caseId)}/documents/${enc(documentId)}/content`,
  decideDocument: (caseId: string, documentId: string, decision: 'ACCEPTED' | 'REJECTED', note?: string) =>
    request<CaseDocument>('POST', `/api/v1/cases/${enc(caseId)}/documents/${enc(documentId)}/decision`, { json: { decision, ...(note ? { note } : {}) } }),

  approvals: (status: ApprovalStatus) => getJson<ApprovalView[]>(`/api/v1/approvals${queryString({ status })}`),
  approve: (id: string) => request<ApprovalView>('POST', `/api/v1/approvals/${enc(id)}/approve`),
  deny: (id: string, reason: string) => request<ApprovalView>('POST', `/api/v1/approvals/${enc(id)}/deny`, { json: { reason } }),

  permits: (q: string) => getJson<PermitSummary[]>(`/api/v1/permits${queryString({ q })}`),
  revoke: (permitNumber: string, reason: string) => request<unknown>('POST', `/api/v1/permits/${enc(permitNumber)}/revoke`, { json: { reason } }),

  submit: (body: CounterApplication, idempotencyKey: string) =>
    request<Submitted>('POST', '/api/v1/applications', { json: body, headers: { 'idempotency-key': idempotencyKey } }),
  reissueTrackingCode: (applicationNumber: string) =>
    request<{ trackingCode: string }>('POST', `/api/v1/applications/${enc(applicationNumber)}/tracking-code`),
  kbli: (q: string) => getJson<Array<{ code: string; title: string }>>(`/api/v1/reference/kbli${queryString({ q })}`),

  offices: () => getJson<OfficeSummary[]>('/api/v1/offices'),
  office: (code: string) => getJson<OfficeView>(`/api/v1/offices/${enc(code)}`),
  updateOffice: (code: string, change: OfficeChange) => request<OfficeView>('PATCH', `/api/v1/offices/${enc(code)}`, { json: change }),
  createOffice: (office: OfficeChange & { code: string; name: string }) => request<OfficeView>('POST', '/api/v1/offices', { json: office }),

  audit: (source: AuditSource, filter: { office?: string; action?: string; from?: string; to?: string; before?: string; limit?: number }) =>
    getJson<AuditRecord[]>(`/api/v1/audit/${source}${queryString(filter)}`),
};
