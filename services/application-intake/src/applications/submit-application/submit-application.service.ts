import { createHash } from 'node:crypto';
import { ForbiddenException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { actorOf, Officer } from '@mpp/auth';
import { EVENTS } from '@mpp/contracts';
import { normalizeVillageCode, OfficeTimezone, regencyOfVillage, ruleSetFor } from '@mpp/domain';
import { ChangeRecorder } from '@mpp/messaging';
import { RequestValidationException } from '@mpp/platform';
import { OfficesService } from '../../offices/offices.service';
import { ApplicationEntity, IdempotencyKeyEntity, TimelineEntryEntity } from '../application.entities';
import { nextApplicationNumber } from './application-number';
import { newTrackingCode, TrackingCodeSecrets } from '../tracking-code';
import { applicationSubmittedPayload, newApplication } from './new-application';
import { SubmitApplicationRequest, SubmitApplicationResponse } from './submit-application.request.dto';

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
    private readonly changes: ChangeRecorder,
    private readonly offices: OfficesService,
    private readonly codes: TrackingCodeSecrets,
  ) {}

  async submit(request: SubmitApplicationRequest, idempotencyKey?: string, officer?: Officer): Promise<SubmitResult> {
    if (officer && officer.office !== request.officeCode) {
      throw new ForbiddenException('A front-desk officer files applications for their own office only');
    }
    const office = await this.offices.findActive(request.officeCode);
    if (!office) {
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

    // An Idempotency-Key belongs to its caller: an officer's keys are theirs, the public's are shared.
    const scope = officer ? `officer:${officer.id}` : 'public';
    return this.dataSource.transaction(async (manager) => {
      if (idempotencyKey) {
        const earlier = await this.claimIdempotencyKey(manager, scope, idempotencyKey, requestHash);
        if (earlier) return { response: earlier, replayed: true };
      }
      const response = await this.store(manager, request, regionCode, office.timezone as OfficeTimezone, officer);
      if (idempotencyKey) {
        // The answer is kept for replays without the tracking code in clear: sealed under the caller's key.
        const { trackingCode, ...rest } = response;
        const stored = { ...rest, trackingCodeSealed: this.codes.seal(trackingCode, `${scope}:${idempotencyKey}`) };
        await manager.update(IdempotencyKeyEntity, { scope, key: idempotencyKey }, { response: stored });
      }
      return { response, replayed: false };
    });
  }

  private async store(
    manager: EntityManager,
    request: SubmitApplicationRequest,
    regionCode: string,
    timezone: OfficeTimezone,
    officer?: Officer,
  ): Promise<SubmitApplicationResponse> {
    const now = new Date();
    // The regulation in force for the office today decides the risk level and what it yields.
    const ruleSet = ruleSetFor(now, timezone);
    const trackingCode = newTrackingCode();
    const applicationNumber = await nextApplicationNumber(manager, request.officeCode, now);
    const trackingCodeHash = this.codes.hash(trackingCode);
    const application = manager.create(ApplicationEntity, newApplication(request, { applicationNumber, trackingCodeHash, regionCode, officer, now, ruleSet }));
    await manager.insert(ApplicationEntity, application);
    await manager.insert(TimelineEntryEntity, { applicationId: application.id, status: application.status, at: now, note: null, eventId: null });
    const actor = officer ? actorOf(officer) : undefined;
    const { riskLevel, businessScale, kbli, channel, applicantKind } = application;
    await this.changes.record(
      manager,
      { event: EVENTS.ApplicationSubmitted, aggregateId: application.id, tenant: application.officeCode, payload: applicationSubmittedPayload(application), actor },
      {
        action: 'application.submitted',
        subjectType: 'application',
        subjectId: application.applicationNumber,
        actor: actor ?? { kind: 'applicant', id: application.applicationNumber },
        details: { channel, riskLevel, businessScale, kbli, applicantKind, ruleSet: ruleSet.id },
      },
    );
    return { applicationNumber: application.applicationNumber, trackingCode, status: application.status };
  }

  /**
   * Records the key, or returns the response of the earlier request made with it. A concurrent request
   * with the same key waits on the row lock until the first one commits.
   */
  private async claimIdempotencyKey(manager: EntityManager, scope: string, key: string, requestHash: string) {
    await manager.query(`DELETE FROM "intake"."idempotency_keys" WHERE "created_at" < now() - interval '24 hours'`);
    const inserted: unknown[] = await manager.query(
      `INSERT INTO "intake"."idempotency_keys" ("scope", "key", "request_hash") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [scope, key, requestHash],
    );
    if (inserted.length > 0) return undefined;
    const earlier = await manager.findOneByOrFail(IdempotencyKeyEntity, { scope, key });
    const { trackingCodeSealed, ...answer } = (earlier.response ?? {}) as Record<string, unknown>;
    const trackingCode = typeof trackingCodeSealed === 'string' ? this.codes.unseal(trackingCodeSealed, `${scope}:${key}`) : undefined;
    if (earlier.requestHash !== requestHash || !trackingCode) {
      throw new UnprocessableEntityException({
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: 'Idempotency-Key was already used for a different request',
        details: [{ field: 'Idempotency-Key', rule: 'sameRequestForSameKey', message: 'Idempotency-Key was already used for a different request' }],
      });
    }
    return { ...answer, trackingCode } as unknown as SubmitApplicationResponse;
  }
}
