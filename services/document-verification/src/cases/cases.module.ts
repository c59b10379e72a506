import { Module } from '@nestjs/common';
import { CaseServiceLevel } from './case-service-level';
import { CaseTransitions } from './case-transitions';
import { OfficeCalendars } from './office-calendar';
import { OfficeConfiguredConsumer } from './sla/office-configured.consumer';
import { SlaBreachMonitor } from './sla/sla-breach-monitor';
import { CaseDocumentsHttpController } from './documents/case-documents.http.controller';
import { CaseDocumentsService } from './documents/case-documents.service';
import { DocumentUploadedConsumer } from './documents/document-uploaded.consumer';
import { ApplicantEventsConsumer } from './applicant-events/applicant-events.consumer';
import { ApplicantEventsService } from './applicant-events/applicant-events.service';
import { ApplicationSubmittedConsumer } from './open-case/application-submitted.consumer';
import { OpenCaseService } from './open-case/open-case.service';
import { OfficerReviewHttpController } from './officer-review/officer-review.http.controller';
import { OfficerReviewService } from './officer-review/officer-review.service';

@Module({
  controllers: [ApplicationSubmittedConsumer, ApplicantEventsConsumer, DocumentUploadedConsumer, OfficeConfiguredConsumer, OfficerReviewHttpController, CaseDocumentsHttpController],
  providers: [OpenCaseService, OfficerReviewService, ApplicantEventsService, CaseDocumentsService, OfficeCalendars, CaseServiceLevel, CaseTransitions, SlaBreachMonitor],
})
export class CasesModule {}
