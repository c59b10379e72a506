import { createHash, randomUUID } from 'node:crypto';
import { ForbiddenException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { actorOf, Officer } from '@mpp/auth';
import { ApplicantKind, ApplicationStatus, ApplicationSubmittedV1, EVENTS, SubmittedEntity } from '@mpp/contracts';
import { businessScaleFromCapital, findKbli, normalizeVillageCode, regencyOfVillage, riskLevelFor, validateNpwp } from '@mpp/domain';
import { OutboxWriter } from '@mpp/messaging';
import { RequestValidationException } from '@mpp/platform';
import { OfficesService } from '../../offices/offices.service';
import { ApplicationEntity, IdempotencyKeyEntity, TimelineEntryEntity } from '../application.entities';
import { nextApplicationNumber } from './application-number';
import { EntityDto, SubmitApplicationRequest, SubmitApplicationResponse } from './submit-application.request.dto';
import { hashTrackingCode, newTrackingCode } from './tracking-code';

export interface SubmitResult {
  response: SubmitApplicationResponse;
  /** True when an earlier submission with the same Idempotency-Key is answered again. */
  replayed: boolean;
}

/**
 * Submitting an application: derive business scale (PP 7/2021, from capital) and risk level (KBLI × scale),
 * assign the number and tracking code, store it and publish ApplicationSubmitted, all in one transaction.
 */
@Injectable()
export class SubmitApplicationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly offices: OfficesService,
    private readonly audit: AuditTrail,
  ) {}

  async submit(request: SubmitApplicationRequest, idempotencyKey?: string, officer?: Officer): Promise<SubmitResult> {
    if (officer && officer.office !== request.officeCode) {
      throw new ForbiddenException('A front-desk officer files applications for their own office only');
    }
    if (!(await this.offices.findActive(request.officeCode))) {
      throw new RequestValidationException([
        { field: 'officeCode', rule: 'knownOffice', message: `officeCode ${request.officeCode} is not an MPP office on this platform` },
      ]);
    }
    const regionCode = normalizeVillageCode(request.business.address.regionCode) as string;
    if (regencyOfVillage(regionCode) !== request.officeCode) {
      throw new RequestValidationException([
        {
          field: 'business.address.regionCode',
          rule: 'regionWithinOffice',
          message: `business.address.regionCode must lie within the office's regency/city ${request.officeCode}`,
        },
      ]);
    }
    const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('hex');

    return this.dataSource.transaction(async (manager) => {
      if (idempotencyKey) {
        const earlier = await this.claimIdempotencyKey(manager, idempotencyKey, requestHash);
        if (earlier) return { response: earlier, replayed: true };
      }
      const response = await this.store(manager, request, regionCode, officer);
      if (idempotencyKey) {
        await manager.update(IdempotencyKeyEntity, { key: idempotencyKey }, { response: { ...response } });
      }
      return { response, replayed: false };
    });
  }

  private async store(manager: EntityManager, request: SubmitApplicationRequest, regionCode: string, officer?: Officer) {
    const now = new Date();
    const { applicant, business } = request;
    const businessScale = businessScaleFromCapital(business.capital);
    const riskLevel = riskLevelFor(business.kbli, businessScale);
    const trackingCode = newTrackingCode();
    const npwp = applicant.npwp ? validateNpwp(applicant.npwp).normalized : null;
    const applicantKind: ApplicantKind = applicant.kind ?? 'INDIVIDUAL';
    const entity = applicantKind === 'ENTITY' && applicant.entity ? submittedEntity(applicant.entity) : null;

    const application = manager.create(ApplicationEntity, {
      id: randomUUID(),
      applicationNumber: await nextApplicationNumber(manager, request.officeCode, now),
      trackingCodeHash: hashTrackingCode(trackingCode),
      officeCode: request.officeCode,
      status: ApplicationStatus.SUBMITTED,
      riskLevel,
      businessScale,
      applicantNik: applicant.nik,
      applicantName: applicant.name.trim(),
      applicantEmail: applicant.email ?? null,
      applicantPhone: applicant.phone ?? null,
      applicantNpwp: npwp,
      applicantKind,
      entity,
      businessName: business.name.trim(),
      kbli: business.kbli,
      capital: business.capital,
      annualSales: business.annualSales ?? null,
      regionCode,
      street: business.address.street.trim(),
      channel: officer ? 'COUNTER' : 'ONLINE',
      filedBy: officer?.id ?? null,
      submittedAt: now,
      updatedAt: now,
    });
    await manager.insert(ApplicationEntity, application);
    await manager.insert(TimelineEntryEntity, {
      applicationId: application.id,
      status: ApplicationStatus.SUBMITTED,
      at: now,
      note: null,
      eventId: null,
    });

    const payload: ApplicationSubmittedV1 = {
      applicationId: application.id,
      applicationNumber: application.applicationNumber,
      officeCode: application.officeCode,
      applicant: {
        nik: application.applicantNik,
        name: application.applicantName,
        ...(npwp ? { npwp } : {}),
        // Individuals keep the payload they had before entities existed (kind absent means INDIVIDUAL).
        ...(entity ? { kind: applicantKind, entity } : {}),
      },
      business: {
        name: application.businessName,
        kbli: application.kbli,
        kbliTitle: findKbli(application.kbli)?.title ?? application.kbli,
        capital: application.capital,
        ...(application.annualSales != null ? { annualSales: application.annualSales } : {}),
        address: { regionCode, street: application.street },
      },
      businessScale,
      riskLevel,
      submittedAt: now.toISOString(),
    };
    const actor = officer ? actorOf(officer) : undefined;
    await this.outbox.append(manager, {
      event: EVENTS.ApplicationSubmitted,
      aggregateId: application.id,
      tenant: application.officeCode,
      payload,
      actor,
    });
    await this.audit.record(manager, {
      action: 'application.submitted',
      subjectType: 'application',
      subjectId: application.applicationNumber,
      office: application.officeCode,
      actor: actor ?? { kind: 'applicant', id: application.applicationNumber },
      details: { channel: application.channel, riskLevel, businessScale, kbli: application.kbli, applicantKind },
    });
    return { applicationNumber: application.applicationNumber, trackingCode, status: application.status };
  }

  /**
   * Records the key, or returns the response of the earlier request made with it. A concurrent request
   * with the same key waits on the row lock until the first one commits.
   */
  private async claimIdempotencyKey(manager: EntityManager, key: string, requestHash: string) {
    await manager.query(`DELETE FROM "intake"."idempotency_keys" WHERE "created_at" < now() - interval '24 hours'`);
    const inserted: unknown[] = await manager.query(
      `INSERT INTO "intake"."idempotency_keys" ("key", "request_hash") VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
      [key, requestHash],
    );
    if (inserted.length > 0) return undefined;
    const earlier = await manager.findOneByOrFail(IdempotencyKeyEntity, { key });
    if (earlier.requestHash !== requestHash || !earlier.response) {
      throw new UnprocessableEntityException({
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: 'Idempotency-Key was already used for a different request',
        details: [{ field: 'Idempotency-Key', rule: 'sameRequestForSameKey', message: 'Idempotency-Key was already used for a different request' }],
      });
    }
    return earlier.response as unknown as SubmitApplicationResponse;
  }
}

/** The entity as stored and published: trimmed text, the NPWP as digits only, optional deed fields only when given. */
function submittedEntity(entity: EntityDto): SubmittedEntity {
  const deed = entity.deed;
  return {
    form: entity.form,
    name: entity.name.trim(),
    npwp: validateNpwp(entity.npwp).normalized,
    ...(deed
      ? {
          deed: {
            number: deed.number.trim(),
            date: deed.date,
            ...(deed.notary?.trim() ? { notary: deed.notary.trim() } : {}),
            ...(deed.ministryApproval?.trim() ? { ministryApproval: deed.ministryApproval.trim() } : {}),
          },
        }
      : {}),
  };
}
