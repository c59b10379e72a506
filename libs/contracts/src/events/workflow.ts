import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ApplicationRef } from './common';

/**
 * Events of the licensing workflow after submission. Each is keyed by the application id and moves the
 * application's status as the entrepreneur sees it.
 */

/** `RevisionRequested` v1 (verification): the verifier needs corrected or missing documents. Status REVISION_REQUESTED. */
export class RevisionRequestedV1 extends ApplicationRef {
  @IsUUID()
  caseId: string;

  /** What the applicant has to do, in the officer's words. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  reasons: string[];

  @IsISO8601({ strict: true })
  requestedAt: string;
}

/** `ApplicationResubmitted` v1 (intake): the applicant answered a revision request. Status UNDER_VERIFICATION. */
export class ApplicationResubmittedV1 extends ApplicationRef {
  @IsISO8601({ strict: true })
  resubmittedAt: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** `ApplicationRejected` v1 (verification): the application is refused, with reasons. Status REJECTED. */
export class ApplicationRejectedV1 extends ApplicationRef {
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  reasons: string[];

  @IsISO8601({ strict: true })
  rejectedAt: string;
}

/** `ApplicationWithdrawn` v1 (intake): the applicant withdrew before a decision. Status WITHDRAWN. */
export class ApplicationWithdrawnV1 extends ApplicationRef {
  @IsISO8601({ strict: true })
  withdrawnAt: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/** `SlaBreached` v1 (verification): a stage missed its service-level due date; published once per stage. */
export class SlaBreachedV1 extends ApplicationRef {
  @IsUUID()
  caseId: string;

  @IsIn(['VERIFICATION', 'APPROVAL'])
  stage: 'VERIFICATION' | 'APPROVAL';

  @IsISO8601({ strict: true })
  dueAt: string;

  @IsISO8601({ strict: true })
  detectedAt: string;
}

/**
 * `SlaDueSoon` v1 (verification): a case waiting for an officer reaches its service-level due date within one
 * working day; published once per due date, so that the verifier can act before it is missed.
 */
export class SlaDueSoonV1 extends ApplicationRef {
  @IsUUID()
  caseId: string;

  @IsIn(['VERIFICATION'])
  stage: 'VERIFICATION';

  @IsISO8601({ strict: true })
  dueAt: string;

  @IsISO8601({ strict: true })
  detectedAt: string;

  /**
   * Where the application's rule set deems the stage decided when the due date passes (fiktif positif): the
   * legal basis (e.g. PP 28/2025 Pasal 225). The notification service then warns the head of office too.
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  deemedOnLapse?: string;
}

/** An approval waiting for the head of office and its due date, as the approval deadline monitor found it. */
export class ApprovalDeadline extends ApplicationRef {
  @IsUUID()
  approvalId: string;

  @IsISO8601({ strict: true })
  dueAt: string;

  @IsISO8601({ strict: true })
  detectedAt: string;
}

/**
 * `ApprovalDueSoon` v1 (issuance): a high-risk application waiting for the head of office reaches its approval
 * due date within one working day; published once per due date, so that the head of office decides in time.
 */
export class ApprovalDueSoonV1 extends ApprovalDeadline {
  /** Where the rule set deems the Izin issued when the due date passes (PP 28/2025 Pasal 230): the legal basis. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  deemedOnLapse?: string;
}

/**
 * `ApprovalOverdue` v1 (issuance): the head of office let the approval due date pass without a decision;
 * published once. With `deemedBasis`, the Izin was issued by operation of law in the same transaction
 * (PermitIssued follows); without it, the lapse is escalated and the application stays with the head of office.
 */
export class ApprovalOverdueV1 extends ApprovalDeadline {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  deemedBasis?: string;
}

/** `ApprovalRequested` v1 (issuance): a high-risk permit waits for the head of office. Status AWAITING_APPROVAL. */
export class ApprovalRequestedV1 extends ApplicationRef {
  @IsUUID()
  approvalId: string;

  @IsISO8601({ strict: true })
  requestedAt: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  dueAt?: string;
}

/** `ApplicationDenied` v1 (issuance): the head of office denied a high-risk permit, with a reason. Status REJECTED. */
export class ApplicationDeniedV1 extends ApplicationRef {
  @IsUUID()
  approvalId: string;

  @IsString()
  @MaxLength(1000)
  reason: string;

  @IsISO8601({ strict: true })
  deniedAt: string;
}

/** `PermitRevoked` v1 (issuance): a permit was revoked by the head of office, with a reason. */
export class PermitRevokedV1 extends ApplicationRef {
  @IsIn(['NIB', 'SERTIFIKAT_STANDAR', 'IZIN'])
  type: 'NIB' | 'SERTIFIKAT_STANDAR' | 'IZIN';

  @IsString()
  @MaxLength(60)
  number: string;

  @IsString()
  @MaxLength(1000)
  reason: string;

  @IsISO8601({ strict: true })
  revokedAt: string;
}
