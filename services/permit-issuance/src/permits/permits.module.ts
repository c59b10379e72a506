import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { OfficesModule } from '../offices/offices.module';
import { ApplicationWithdrawnConsumer } from './approvals/application-withdrawn.consumer';
import { ApprovalDeadlineMonitor } from './approvals/approval-deadline-monitor';
import { ApprovalsHttpController } from './approvals/approvals.http.controller';
import { DecideApprovalService } from './approvals/decide-approval.service';
import { RequestApprovalService } from './approvals/request-approval.service';
import { WithdrawApprovalService } from './approvals/withdraw-approval.service';
import { CertificateHttpController } from './certificates/certificate.http.controller';
import { IssueCertificateService } from './certificates/issue-certificate.service';
import { DocumentsVerifiedConsumer } from './issue-permits/documents-verified.consumer';
import { IssuePermitsService } from './issue-permits/issue-permits.service';
import { PermitIssuer } from './permit-issuer';
import { PublicLinks } from './public-links';
import { RevokePermitHttpController } from './revoke-permit/revoke-permit.http.controller';
import { RevokePermitService } from './revoke-permit/revoke-permit.service';
import { SearchPermitsHttpController } from './search-permits/search-permits.http.controller';
import { SearchPermitsService } from './search-permits/search-permits.service';
import { SigningModule } from './signing/signing.module';
import { PermitValidityPolicy } from './validity';
import { PdfBodyMiddleware } from './verify-permit/pdf-body.middleware';
import { VerifyPermitHttpController } from './verify-permit/verify-permit.http.controller';
import { VerifyPermitService } from './verify-permit/verify-permit.service';

@Module({
  imports: [OfficesModule, SigningModule],
  controllers: [
    DocumentsVerifiedConsumer,
    ApplicationWithdrawnConsumer,
    ApprovalsHttpController,
    RevokePermitHttpController,
    SearchPermitsHttpController,
    CertificateHttpController,
    VerifyPermitHttpController,
  ],
  providers: [
    PublicLinks,
    PermitValidityPolicy,
    IssueCertificateService,
    PermitIssuer,
    IssuePermitsService,
    RequestApprovalService,
    WithdrawApprovalService,
    DecideApprovalService,
    ApprovalDeadlineMonitor,
    RevokePermitService,
    SearchPermitsService,
    VerifyPermitService,
  ],
})
export class PermitsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // A certificate presented for verification arrives as a raw PDF body.
    consumer.apply(PdfBodyMiddleware).forRoutes({ path: 'api/v1/permits/:permitNumber/verification', method: RequestMethod.POST });
  }
}
