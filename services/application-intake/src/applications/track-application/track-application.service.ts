import { PermitType } from '@mpp/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OfficeEntity } from '../../offices/office.entity';
import { ApplicantCredentials, applicationForCaller, ensureTransition } from '../application-access';
import { TrackingCodeSecrets } from '../tracking-code';
import { ApplicationDocumentEntity } from '../application-document.entity';
import { ApplicationEntity, ApplicationNotificationEntity, ApplicationPermitEntity, TimelineEntryEntity } from '../application.entities';
import { ApplicationAction, byStepOrder } from '../application-lifecycle';
import { ApplicationStatusView } from './application-status.view';
import { applicationStatusView } from './application-status.mapper';

@Injectable()
export class TrackApplicationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly codes: TrackingCodeSecrets,
  ) {}

  /**
   * The application's status for its entrepreneur (tracking code) or an officer of its office; an unknown
   * number, a wrong code and another office's application are the same 404.
   */
  async track(applicationNumber: string, who: ApplicantCredentials): Promise<ApplicationStatusView> {
    const application = await applicationForCaller(this.dataSource.manager, applicationNumber, who, ApplicationAction.VIEW, { lock: false, codes: this.codes });
    ensureTransition(ApplicationAction.VIEW, application.status);
    return this.view(application);
  }

  private async view(application: ApplicationEntity): Promise<ApplicationStatusView> {
    const [steps, permits, documents, office, notifications] = await Promise.all([
      this.dataSource.getRepository(TimelineEntryEntity).find({ where: { applicationId: application.id } }),
      this.dataSource.getRepository(ApplicationPermitEntity).find({ where: { applicationId: application.id } }),
      this.dataSource.getRepository(ApplicationDocumentEntity).find({ where: { applicationId: application.id, current: true }, order: { uploadedAt: 'ASC' } }),
      this.dataSource.getRepository(OfficeEntity).findOneBy({ code: application.officeCode }),
      this.dataSource.getRepository(ApplicationNotificationEntity).find({ where: { applicationId: application.id }, order: { sentAt: 'ASC', deliveryId: 'ASC' } }),
    ]);
    return applicationStatusView(application, { timeline: steps.sort(byStepOrder), permits: permits.sort(byIssueOrder), documents, office, notifications });
  }
}

const PERMIT_ORDER = Object.values(PermitType);

/** Permits oldest first; those issued in one instant in a fixed order (NIB first), so the view never reorders. */
function byIssueOrder(a: ApplicationPermitEntity, b: ApplicationPermitEntity): number {
  return a.issuedAt.getTime() - b.issuedAt.getTime() || PERMIT_ORDER.indexOf(a.type) - PERMIT_ORDER.indexOf(b.type);
}
