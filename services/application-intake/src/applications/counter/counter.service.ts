import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { actorOf, Officer, officeOf } from '@mpp/auth';
import { ApplicationStatus } from '@mpp/contracts';
import { ApplicationEntity } from '../application.entities';
import { hashTrackingCode, newTrackingCode } from '../submit-application/tracking-code';

@Injectable()
export class CounterService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async list(officer: Officer, status: ApplicationStatus | undefined, limit: number) {
    const applications = await this.dataSource.getRepository(ApplicationEntity).find({
      where: { officeCode: officeOf(officer), ...(status ? { status } : {}) },
      order: { submittedAt: 'DESC' },
      take: limit,
    });
    return applications.map((a) => ({
      applicationNumber: a.applicationNumber,
      status: a.status,
      riskLevel: a.riskLevel,
      businessName: a.businessName,
      kbli: a.kbli,
      channel: a.channel,
      submittedAt: a.submittedAt.toISOString(),
    }));
  }

  async reissueTrackingCode(applicationNumber: string, officer: Officer): Promise<{ trackingCode: string }> {
    return this.dataSource.transaction(async (manager) => {
      const application = await manager.findOne(ApplicationEntity, { where: { applicationNumber }, lock: { mode: 'pessimistic_write' } });
      if (!application || application.officeCode !== officer.office) throw new NotFoundException('Application not found');
      const trackingCode = newTrackingCode();
      await manager.update(ApplicationEntity, { id: application.id }, { trackingCodeHash: hashTrackingCode(trackingCode), updatedAt: new Date() });
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
