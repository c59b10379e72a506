import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RuleSetView } from '../../reference/rule-set.view';
import { ApplicationStatus, BusinessScale, PermitType, RiskLevel } from '@mpp/contracts';

export class TimelineStepView {
  @ApiProperty({ enum: ApplicationStatus })
  status: ApplicationStatus;

  @ApiProperty({ example: '2026-11-28T03:00:00.000Z' })
  at: string;

  @ApiPropertyOptional()
  note?: string;

  @ApiPropertyOptional({ type: [String], description: 'Reasons given at this step (revision, rejection, denial)' })
  reasons?: string[];
}

export class NextStepView {
  @ApiProperty({ enum: ['APPLICANT', 'OFFICE', 'NONE'], description: 'Who has to act' })
  by: 'APPLICANT' | 'OFFICE' | 'NONE';

  @ApiProperty()
  description: string;

  @ApiPropertyOptional({ type: [String] })
  reasons?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Checklist documents not uploaded yet' })
  missingDocuments?: string[];
}

export class DocumentSummaryView {
  @ApiProperty({ example: 'KTP' }) type: string;
  @ApiProperty({ example: 'application/pdf' }) contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty() uploadedAt: string;
}

export class PermitView {
  @ApiProperty({ enum: PermitType })
  type: PermitType;

  @ApiProperty({ example: '2811260000001' })
  number: string;

  @ApiProperty()
  issuedAt: string;

  @ApiPropertyOptional()
  validUntil?: string;

  @ApiPropertyOptional({ description: 'Public verification page of the permit' })
  verificationUrl?: string;

  @ApiPropertyOptional({ description: 'The certificate PDF (with a QR code to the verification page)' })
  certificateUrl?: string;

  @ApiPropertyOptional({ description: 'SHA-256 of the certificate as issued' })
  certificateSha256?: string;

  @ApiPropertyOptional()
  revokedAt?: string;

  @ApiPropertyOptional()
  revocationReason?: string;

  @ApiPropertyOptional({ description: 'Issued by operation of law (fiktif positif) because a deadline lapsed: the legal basis, e.g. PP 28/2025 Pasal 230' })
  deemedBasis?: string;
}

export class NotificationView {
  @ApiProperty({
    enum: ['RECEIVED', 'REVISION_REQUESTED', 'REJECTED', 'AWAITING_APPROVAL', 'ISSUED', 'REVOKED', 'WITHDRAWN'],
    description: 'What the message told the applicant',
  })
  kind: string;

  @ApiProperty({ enum: ['EMAIL', 'WHATSAPP', 'SMS'] })
  channel: string;

  @ApiProperty({ example: '2026-11-28T03:00:05.000Z', description: "When the applicant's mail server or messaging gateway took it" })
  sentAt: string;
}

export class BusinessSummaryView {
  @ApiProperty()
  name: string;

  @ApiProperty()
  kbli: string;

  @ApiProperty()
  kbliTitle: string;
}

export class ApplicationStatusView {
  @ApiProperty({ type: RuleSetView, description: 'The regulation the application was decided under (kept when a later one replaces it)' })
  ruleSet: RuleSetView;

  @ApiProperty({ example: 'MPP-3373-2026-000001' })
  applicationNumber: string;

  @ApiProperty({ enum: ApplicationStatus })
  status: ApplicationStatus;

  @ApiProperty({ example: '3373' })
  officeCode: string;

  @ApiProperty({ enum: RiskLevel })
  riskLevel: RiskLevel;

  @ApiProperty({ enum: BusinessScale })
  businessScale: BusinessScale;

  @ApiProperty({ type: BusinessSummaryView })
  business: BusinessSummaryView;

  @ApiProperty()
  submittedAt: string;

  @ApiProperty()
  updatedAt: string;

  @ApiProperty({ type: NextStepView })
  nextStep: NextStepView;

  @ApiProperty({ type: [String], description: 'Documents required for this risk level' })
  checklist: string[];

  @ApiProperty({ type: [DocumentSummaryView], description: 'The current document of each uploaded type' })
  documents: DocumentSummaryView[];

  @ApiPropertyOptional({ description: 'When the office is due to act (working days of its service level; none while the applicant has to act)' })
  dueAt?: string;

  @ApiPropertyOptional({ description: 'Since when the office is past its service-level due date' })
  overdueSince?: string;

  @ApiProperty({ type: [TimelineStepView] })
  timeline: TimelineStepView[];

  @ApiProperty({ type: [PermitView] })
  permits: PermitView[];

  @ApiProperty({ type: [NotificationView], description: 'Messages sent to the email address or phone given with the application, oldest first' })
  notifications: NotificationView[];
}
