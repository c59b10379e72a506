import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ApplicationSnapshot } from './application-submitted';

/**
 * `DocumentsVerified` v1: the application's documents were verified (automatically, by an officer, or deemed
 * verified because the office let its deadline lapse where the rule set says so: fiktif positif).
 * Carries the application snapshot, which is what issuance needs.
 */
export class DocumentsVerifiedV1 extends ApplicationSnapshot {
  @IsUUID()
  caseId: string;

  @IsIn(['AUTOMATIC', 'OFFICER', 'DEEMED'])
  verifiedBy: 'AUTOMATIC' | 'OFFICER' | 'DEEMED';

  /**
   * For `DEEMED`: the legal basis of the deemed verification (e.g. PP 28/2025 Pasal 225), named on the
   * certificate; issuance refuses a deemed verification without it.
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  deemedBasis?: string;

  @IsISO8601({ strict: true })
  verifiedAt: string;
}
