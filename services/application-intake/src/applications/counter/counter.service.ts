import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { actorOf, Officer, officeOf } from '@mpp/auth';
import { ApplicationStatus } from '@mpp/contracts';
import { applicationForCaller, ensureTransition } from '../application-access';
import { ApplicationEntity } from '../application.entities';
import { ApplicationAction } from '../application-lifecycle';
import { newTrackingCode, TrackingCodeSecrets } from '../tracking-code';

/** One line of an office's application list. */
export interface ApplicationSummary {
  applicationNumber: string;
  status: ApplicationStatus;
  riskLevel: string;
  businessName: string;
  kbli: string;
  channel: string;
  submittedAt: string;
}

/** What officers of an office do with its applications (always their own office's). */
@Injectable()
export class CounterService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly codes: TrackingCodeSecrets,
  ) {}

  async list(officer: Officer, status: ApplicationStatus | undefined, limit: number): Promise<ApplicationSummary[]> {
    const applications = await this.dataSource.getRepository(ApplicationEntity).find({
      where: { officeCode: officeOf(officer), ...(status ? { status } : {}) },
      order: { submittedAt: 'DESC' },
      take: limit,
    });
    return applications.map(summary);
  }

  /** A new tracking code for the entrepreneur who lost theirs; only its hash is stored, so the old one stops working. */
  async reissueTrackingCode(applicationNumber: string, officer: Officer): Promise<{ trackingCode: string }> {
    return this.dataSource.transaction(async (manager) => {
      const application = await applicationForCaller(manager, applicationNumber, { officer }, ApplicationAction.REISSUE_TRACKING_CODE, { lock: true, codes: this.codes });
      ensureTransition(ApplicationAction.REISSUE_TRACKING_CODE, application.status);
      const trackingCode = newTrackingCode();
      await manager.update(ApplicationEntity, { id: application.id }, { trackingCodeHash: this.codes.hash(trackingCode), updatedAt: new Date() });
      await this.audit.record(manager, {
        action: 'application.tracking-code-reissued',
        subjectType: 'application',
        subjectId: application.applicationNumber,
        office: application.officeCode,
        actor: actorOf(officer),
      });
      return { trackingCode };
    });
  }
}

function summary(a: ApplicationEntity): ApplicationSummary {
  return {
    applicationNumber: a.applicationNumber,
    status: a.status,
    riskLevel: a.riskLevel,
    businessName: a.businessName,
    kbli: a.kbli,
    channel: a.channel,
    submittedAt: a.submittedAt.toISOString(),
  };
}
