import { ConflictException, HttpStatus } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApplicationDocumentEntity } from '../application-document.entity';

/** How much one application may upload over its life: document versions (replaced ones count) and bytes. */
export interface UploadQuota {
  maxVersions: number;
  maxBytes: number;
}

export const UPLOAD_QUOTA = Symbol('UPLOAD_QUOTA');

/** What an application has uploaded so far, every version counted (replaced documents are kept). */
export interface UploadUsage {
  versions: number;
  bytes: number;
}

export async function uploadUsage(manager: EntityManager, applicationId: string): Promise<UploadUsage> {
  const row = await manager
    .createQueryBuilder(ApplicationDocumentEntity, 'd')
    .select('COUNT(*)', 'versions')
    .addSelect('COALESCE(SUM(d.sizeBytes), 0)', 'bytes')
    .where('d.applicationId = :applicationId', { applicationId })
    .getRawOne<{ versions: string; bytes: string }>();
  return { versions: Number(row?.versions ?? 0), bytes: Number(row?.bytes ?? 0) };
}

/**
 * 409 naming the rule when one more upload of `sizeBytes` (0: not yet known, before the body is read)
 * would go past the quota. Checked under the application's row lock, so concurrent uploads of one
 * application are counted one after the other and cannot pass it together.
 */
export function ensureWithinQuota(quota: UploadQuota, usage: UploadUsage, sizeBytes: number): void {
  if (usage.versions + 1 > quota.maxVersions) {
    throw quotaRefusal(
      'maxVersionsPerApplication',
      `Kuota unggahan habis: paling banyak ${quota.maxVersions} versi dokumen per permohonan. ` +
        `(Upload quota used up: at most ${quota.maxVersions} document versions per application, UPLOAD_MAX_VERSIONS_PER_APPLICATION.)`,
    );
  }
  const bytesAfter = usage.bytes + Math.max(sizeBytes, 1);
  if (bytesAfter > quota.maxBytes) {
    const left = Math.max(0, quota.maxBytes - usage.bytes);
    throw quotaRefusal(
      'maxBytesPerApplication',
      `Kuota unggahan habis: paling banyak ${quota.maxBytes} byte per permohonan, tersisa ${left} byte. ` +
        `(Upload quota used up: at most ${quota.maxBytes} bytes per application, ${left} left, UPLOAD_MAX_BYTES_PER_APPLICATION.)`,
    );
  }
}

function quotaRefusal(rule: string, message: string): ConflictException {
  return new ConflictException({ statusCode: HttpStatus.CONFLICT, error: 'Conflict', message, details: [{ field: 'file', rule, message }] });
}
