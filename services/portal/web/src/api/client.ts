import { csrfTokenForWrite, redirectToLogin } from '../session/session';

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
    /** The body's `message` (English, for matching a known refusal; never shown as it is). */
    readonly serverMessage = '',
  ) {
    super(`API answered ${status}`);
  }
}

/** The network failed before any answer (offline, portal down). */
export class NetworkError extends Error {}

/** An error answer as an ApiError with the fields it names (never shown raw). */
async function apiError(res: Response): Promise<ApiError> {
  let details: FieldViolation[] = [];
  let message = '';
  try {
    const body = (await res.json()) as { details?: unknown; message?: unknown };
    if (Array.isArray(body.details)) {
      details = body.details.filter((d): d is FieldViolation => typeof d === 'object' && d !== null && typeof (d as FieldViolation).field === 'string');
    }
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // not JSON: the status says enough
  }
  return new ApiError(res.status, details, message);
}

export interface SendOptions {
  /** A JSON body (sent as application/json). */
  json?: unknown;
  /** Any other body (FormData for uploads: the browser sets the multipart boundary). */
  body?: BodyInit;
  headers?: Record<string, string>;
}

/**
 * Calls the portal's same-origin API; an error answer becomes an ApiError. State-changing calls carry the
 * session's CSRF token when an officer is signed in (the portal's backend refuses them without it).
 */
export async function request<T>(method: string, path: string, options: SendOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const token = method === 'GET' || method === 'HEAD' ? undefined : await csrfTokenForWrite();
  if (token) headers['x-csrf-token'] = token;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new NetworkError('network');
  }
  // An officer whose session ended (expired, logged out elsewhere): to the login, and back to this page.
  if (res.status === 401 && window.location.pathname.startsWith('/petugas')) redirectToLogin();
  if (!res.ok) throw await apiError(res);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : undefined) as T;
}

/** GETs JSON from the portal's same-origin API. */
export function getJson<T>(path: string, headers: Record<string, string> = {}): Promise<T> {
  return request<T>('GET', path, { headers });
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
  /** The regulation the application was decided under. */
  ruleSet?: { id: string; regulation: string; title: string; url: string };
  submittedAt: string;
  dueAt?: string;
  nextStep: { by: 'APPLICANT' | 'OFFICE' | 'NONE'; description: string; reasons?: string[]; missingDocuments?: string[] };
  timeline: Array<{ status: ApplicationStatus; at: string; note?: string; reasons?: string[] }>;
  permits: Array<{ type: PermitType; number: string; issuedAt: string; validUntil?: string; revokedAt?: string; deemedBasis?: string }>;
  /** The messages the notification service sent the applicant (oldest first; never the address). */
  notifications?: Array<{ kind: NotificationKind; channel: 'EMAIL' | 'WHATSAPP' | 'SMS'; sentAt: string }>;
}

export type NotificationKind = 'RECEIVED' | 'REVISION_REQUESTED' | 'REJECTED' | 'AWAITING_APPROVAL' | 'ISSUED' | 'REVOKED' | 'WITHDRAWN';

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
