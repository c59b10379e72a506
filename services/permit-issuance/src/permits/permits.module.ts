import { Module } from '@nestjs/common';
import { OfficesModule } from '../offices/offices.module';
import { DocumentsVerifiedConsumer } from './issue-permits/documents-verified.consumer';
import { IssuePermitsService } from './issue-permits/issue-permits.service';
import { VerifyPermitHttpController } from './verify-permit/verify-permit.http.controller';
import { VerifyPermitService } from './verify-permit/verify-permit.service';

@Module({
  imports: [OfficesModule],
  controllers: [VerifyPermitHttpController, DocumentsVerifiedConsumer],
  providers: [IssuePermitsService, VerifyPermitService],
})
export class PermitsModule {}
