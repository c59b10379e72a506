import { IsIn, IsISO8601, IsUUID } from 'class-validator';
import { ApplicationSnapshot } from './application-submitted';

/**
 * `DocumentsVerified` v1: the application's documents were verified (automatically or by an officer).
 * Carries the application snapshot, which is what issuance needs.
 */
export class DocumentsVerifiedV1 extends ApplicationSnapshot {
  @IsUUID()
  caseId: string;

  @IsIn(['AUTOMATIC', 'OFFICER'])
  verifiedBy: 'AUTOMATIC' | 'OFFICER';

  @IsISO8601({ strict: true })
  verifiedAt: string;
}
