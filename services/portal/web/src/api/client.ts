/** The platform's error body (`{ statusCode, error, message, details? }`), as the portal forwards it. */
export interface FieldViolation {
  field: string;
  message: string;
  rule?: string;
}

/** A failed API call: its status and, when the answer was the platform's error body, the fields it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly details: FieldViolation[] = [],
  ) {
    super(`API answered ${status}`);
  }
}

/** The network failed before any answer (offline, portal down). */
export class NetworkError extends Error {}

/** GETs JSON from the portal's same-origin API; an error answer becomes an ApiError (never shown raw). */
export async function getJson<T>(path: string, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { accept: 'application/json', ...headers } });
  } catch {
    throw new NetworkError('network');
  }
  if (res.ok) return (await res.json()) as T;
  let details: FieldViolation[] = [];
  try {
    const body = (await res.json()) as { details?: unknown };
    if (Array.isArray(body.details)) {
      details = body.details.filter((d): d is FieldViolation => typeof d === 'object' && d !== null && typeof (d as FieldViolation).field === 'string');
    }
  } catch {
    // not JSON: the status says enough
  }
  throw new ApiError(res.status, details);
}

/** The translation key of a failure that names no field. */
export function errorKey(error: unknown): string {
  if (error instanceof NetworkError) return 'errors.network';
  if (error instanceof ApiError) {
    if (error.status === 429) return 'errors.rateLimited';
    if (error.status >= 500) return 'errors.unavailable';
    if (error.status === 400) return 'errors.invalid';
  }
  return 'errors.unexpected';
}

export type ApplicationStatus = 'SUBMITTED' | 'UNDER_VERIFICATION' | 'REVISION_REQUESTED' | 'VERIFIED' | 'AWAITING_APPROVAL' | 'ISSUED' | 'REJECTED' | 'WITHDRAWN';
export type PermitType = 'NIB' | 'SERTIFIKAT_STANDAR' | 'IZIN';

/** What GET /api/v1/applications/{number} answers (the parts the page shows). */
export interface ApplicationView {
  applicationNumber: string;
  status: ApplicationStatus;
  officeCode: string;
  business: { name: string; kbli: string; kbliTitle: string };
  submittedAt: string;
  dueAt?: string;
  nextStep: { by: 'APPLICANT' | 'OFFICE' | 'NONE'; description: string; reasons?: string[]; missingDocuments?: string[] };
  timeline: Array<{ status: ApplicationStatus; at: string; note?: string; reasons?: string[] }>;
  permits: Array<{ type: PermitType; number: string; issuedAt: string; validUntil?: string; revokedAt?: string }>;
}

/** What GET /api/v1/permits/{number}/verification answers. */
export interface PermitVerification {
  permitNumber: string;
  type: PermitType;
  valid: boolean;
  status: 'ACTIVE' | 'REVOKED' | 'EXPIRED';
  holderName: string;
  activities: Array<{ kbli: string; title: string; businessName: string }>;
  office: { code: string; name: string };
  issuedAt: string;
  validUntil?: string;
  revokedAt?: string;
  signature?: { status: 'SIGNED' | 'PENDING'; verified: boolean };
}

export const api = {
  application: (applicationNumber: string, trackingCode: string) =>
    getJson<ApplicationView>(`/api/v1/applications/${encodeURIComponent(applicationNumber)}`, { 'x-tracking-code': trackingCode }),
  verification: (permitNumber: string) => getJson<PermitVerification>(`/api/v1/permits/${encodeURIComponent(permitNumber)}/verification`),
  certificateUrl: (permitNumber: string) => `/api/v1/permits/${encodeURIComponent(permitNumber)}/certificate.pdf`,
};
