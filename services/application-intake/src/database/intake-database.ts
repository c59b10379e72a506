import { INTAKE_ENTITIES } from '../applications/application.entities';
import { OfficeEntity } from '../offices/office.entity';
import { CreateIntakeSchema1764300000000 } from './migrations/1764300000000-create-intake-schema';
import { OfficesAndAudit1764400000000 } from './migrations/1764400000000-offices-and-audit';
import { Workflow1764500000000 } from './migrations/1764500000000-workflow';
import { Documents1764600000000 } from './migrations/1764600000000-documents';
import { PermitLinksAndDueDates1764700000000 } from './migrations/1764700000000-permit-links-and-due-dates';
import { BusinessEntities1764800000000 } from './migrations/1764800000000-business-entities';
import { TrackingCodeSecrets1764900000000 } from './migrations/1764900000000-tracking-code-secrets';
import { AuditHashChain1765200000000 } from './migrations/1765200000000-audit-hash-chain';
import { ApplicantLanguage1765300000000 } from './migrations/1765300000000-applicant-language';
import { ApplicationNotifications1765300000001 } from './migrations/1765300000001-application-notifications';
import { RuleSets1765400000000 } from './migrations/1765400000000-rule-sets';
import { DeemedPermits1765500000000 } from './migrations/1765500000000-deemed-permits';
import { ApplicationDocumentEntity } from '../applications/application-document.entity';

export const INTAKE_SCHEMA = 'intake';

export const intakeDatabase = {
  schema: INTAKE_SCHEMA,
  applicationName: 'application-intake',
  entities: [...INTAKE_ENTITIES, OfficeEntity, ApplicationDocumentEntity],
  migrations: [CreateIntakeSchema1764300000000, OfficesAndAudit1764400000000, Workflow1764500000000, Documents1764600000000, PermitLinksAndDueDates1764700000000, BusinessEntities1764800000000, TrackingCodeSecrets1764900000000, AuditHashChain1765200000000, ApplicantLanguage1765300000000, ApplicationNotifications1765300000001, RuleSets1765400000000, DeemedPermits1765500000000],
};
