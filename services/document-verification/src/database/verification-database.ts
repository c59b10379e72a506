import { VerificationCaseEntity } from '../cases/verification-case.entity';
import { CreateVerificationSchema1764300000000 } from './migrations/1764300000000-create-verification-schema';
import { Audit1764400000000 } from './migrations/1764400000000-audit';
import { Decisions1764500000000 } from './migrations/1764500000000-decisions';
import { CaseDocuments1764600000000 } from './migrations/1764600000000-case-documents';
import { ServiceLevels1764700000000 } from './migrations/1764700000000-service-levels';
import { AuditHashChain1765200000000 } from './migrations/1765200000000-audit-hash-chain';
import { SlaWarnings1765300000000 } from './migrations/1765300000000-sla-warnings';
import { RuleSets1765400000000 } from './migrations/1765400000000-rule-sets';
import { OfficeCalendarEntity } from '../cases/office-calendar';
import { CaseDocumentEntity } from '../cases/case-document.entity';

export const VERIFICATION_SCHEMA = 'verification';

export const verificationDatabase = {
  schema: VERIFICATION_SCHEMA,
  applicationName: 'document-verification',
  entities: [VerificationCaseEntity, CaseDocumentEntity, OfficeCalendarEntity],
  migrations: [CreateVerificationSchema1764300000000, Audit1764400000000, Decisions1764500000000, CaseDocuments1764600000000, ServiceLevels1764700000000, AuditHashChain1765200000000, SlaWarnings1765300000000, RuleSets1765400000000],
};
