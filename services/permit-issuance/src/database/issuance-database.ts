import { ApprovalEntity } from '../permits/approvals/approval.entity';
import { CertificateEntity } from '../permits/certificates/certificate.entity';
import { BusinessActorEntity, PermitEntity } from '../permits/permit.entities';
import { IssuanceOfficeEntity } from '../offices/issuance-office.entity';
import { CreateIssuanceSchema1764300000000 } from './migrations/1764300000000-create-issuance-schema';
import { OfficesAndAudit1764400000000 } from './migrations/1764400000000-offices-and-audit';
import { OfficeServiceLevels1764500000000 } from './migrations/1764500000000-office-service-levels';
import { Approvals1764510000000 } from './migrations/1764510000000-approvals';
import { RevocationAndCertificates1764520000000 } from './migrations/1764520000000-revocation-and-certificates';
import { EntityActors1764800000000 } from './migrations/1764800000000-entity-actors';
import { AuditHashChain1765200000000 } from './migrations/1765200000000-audit-hash-chain';
import { RuleSets1765400000000 } from './migrations/1765400000000-rule-sets';
import { DeemedApprovals1765400000001 } from './migrations/1765400000001-deemed-approvals';
import { ApprovalDeadlines1765500000000 } from './migrations/1765500000000-approval-deadlines';

export const ISSUANCE_SCHEMA = 'issuance';

export const issuanceDatabase = {
  schema: ISSUANCE_SCHEMA,
  applicationName: 'permit-issuance',
  entities: [BusinessActorEntity, PermitEntity, IssuanceOfficeEntity, ApprovalEntity, CertificateEntity],
  migrations: [
    CreateIssuanceSchema1764300000000,
    OfficesAndAudit1764400000000,
    OfficeServiceLevels1764500000000,
    Approvals1764510000000,
    RevocationAndCertificates1764520000000,
    EntityActors1764800000000,
    AuditHashChain1765200000000,
    RuleSets1765400000000,
    DeemedApprovals1765400000001,
    ApprovalDeadlines1765500000000,
  ],
};
