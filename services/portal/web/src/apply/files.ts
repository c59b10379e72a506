/**
 * Checks of a file before it is uploaded, with the limits the services enforce, so a file they would refuse
 * is refused at once with the reason (and no upload over a phone's data plan):
 * - intake's document upload (POST /api/v1/applications/{n}/documents): PDF, JPEG or PNG, recognised by the
 *   first bytes (`detectDocumentContentType` of libs/domain), at most DOCUMENT_MAX_BYTES (5 MiB by default);
 * - issuance's certificate check (POST /api/v1/permits/{n}/verification): a PDF of at most 5 MB.
 */
export const DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;
export const CERTIFICATE_MAX_BYTES = 5 * 1024 * 1024;
export const DOCUMENT_ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';

export type FileKind = 'application/pdf' | 'image/jpeg' | 'image/png';
export type FileRefusal = { reason: 'empty' | 'tooLarge' | 'wrongType'; size: number };

/** The kind of a file from its first bytes (never its name or the type the browser guesses). */
export async function sniff(file: Blob): Promise<FileKind | null> {
  const bytes = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  return null;
}

/** Why a file may not be uploaded, or undefined when it may. */
export async function refusalOf(file: File, maxBytes: number, kinds: readonly FileKind[]): Promise<FileRefusal | undefined> {
  if (file.size === 0) return { reason: 'empty', size: 0 };
  if (file.size > maxBytes) return { reason: 'tooLarge', size: file.size };
  const kind = await sniff(file);
  if (!kind || !kinds.includes(kind)) return { reason: 'wrongType', size: file.size };
  return undefined;
}
