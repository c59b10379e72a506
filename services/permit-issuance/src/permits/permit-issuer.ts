import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApplicationSnapshot, EventActor, EVENTS, IssuedPermit, PermitIssuedV1, PermitType } from '@mpp/contracts';
import { decidedUnder, permitsForRisk, RuleSet } from '@mpp/domain';
import { ChangeRecorder } from '@mpp/messaging';
import type { IssuingOffice } from '../offices/office-directory.service';
import { Approver, IssueCertificateService } from './certificates/issue-certificate.service';
import { CertificateEntity } from './certificates/certificate.entity';
import { ISSUANCE, permitTransition, PermitStatus } from './permit-lifecycle';
import { BusinessActorEntity, PermitEntity } from './permit.entities';
import { PublicLinks } from './public-links';
import { nextNib, nextPermitNumber } from './numbering';
import { PermitValidityPolicy } from './validity';

const SYSTEM: EventActor = { kind: 'system', id: 'permit-issuance' };

export interface IssueOptions {
  /** Who decided: the head of office for a high-risk application; the system otherwise. */
  actor?: EventActor;
  /** The approving head of office, named on the certificates of their office. */
  approver?: Approver;
  /** Added to the audit record. */
  auditDetails?: Record<string, unknown>;
  /** The permit the rule set deems approved because a deadline lapsed, with the legal basis (fiktif positif). */
  deemed?: { permit: PermitType; basis: string };
}

/**
 * Issues the permits an application's risk level yields (PP 5/2021 Ps. 12–15): an NIB always (one per
 * business actor, reused by later applications) plus a Sertifikat Standar or an Izin, each with its
 * certificate; audits it and publishes PermitIssued, all in the caller's transaction. Used when documents
 * are verified (up to medium-high risk) and when the head of office approves a high-risk application.
 */
@Injectable()
export class PermitIssuer {
  constructor(
    private readonly changes: ChangeRecorder,
    private readonly certificates: IssueCertificateService,
    private readonly validity: PermitValidityPolicy,
    private readonly links: PublicLinks,
  ) {}

  /** The PermitIssued payload, or undefined when the application's permits were issued before. */
  async issue(manager: EntityManager, application: ApplicationSnapshot, office: IssuingOffice, options: IssueOptions = {}): Promise<PermitIssuedV1 | undefined> {
    const already = await manager.countBy(PermitEntity, { applicationId: application.applicationId });
    if (already > 0) return undefined;
    const now = new Date();
    const { actor, newNib } = await this.businessActor(manager, application, now);
    const issued: IssuedPermit[] = [];
    // What the risk level yields under the rule set the application was decided under.
    const ruleSet = decidedUnder(application.ruleSet);
    for (const type of permitsForRisk(application.riskLevel, ruleSet)) {
      const number = type === PermitType.NIB ? actor.nib : await nextPermitNumber(manager, type, office, now);
      const permit = this.newPermit(application, ruleSet, actor, type, number, office, now);
      if (options.deemed?.permit === type) permit.deemedBasis = options.deemed.basis;
      await manager.insert(PermitEntity, permit);
      // A number drawn in this transaction has no earlier permit or certificate: an Izin's or Sertifikat
      // Standar's always, an NIB's when the actor got it now.
      const firstOfNumber = type !== PermitType.NIB || newNib;
      const certificate = await this.certificates.issue(manager, permit, { approver: options.approver, actor, office, firstOfNumber });
      issued.push(this.issuedPermit(permit, certificate));
    }
    const payload: PermitIssuedV1 = {
      applicationId: application.applicationId,
      applicationNumber: application.applicationNumber,
      officeCode: application.officeCode,
      nib: actor.nib,
      permits: issued,
      issuedAt: now.toISOString(),
    };
    await this.changes.record(
      manager,
      { event: EVENTS.PermitIssued, aggregateId: application.applicationId, tenant: application.officeCode, payload, actor: options.actor ?? SYSTEM },
      { action: 'permits.issued', subjectType: 'application', subjectId: application.applicationNumber, details: auditDetails(payload, options) },
    );
    return payload;
  }

  private newPermit(
    application: ApplicationSnapshot,
    ruleSet: RuleSet,
    actor: BusinessActorEntity,
    type: PermitType,
    number: string,
    office: IssuingOffice,
    now: Date,
  ): PermitEntity {
    const verdict = permitTransition(null, 'issue', ISSUANCE);
    if (!verdict.allowed) throw new Error(verdict.refusal.message);
    return {
      id: randomUUID(),
      applicationId: application.applicationId,
      applicationNumber: application.applicationNumber,
      businessActorId: actor.id,
      type,
      number,
      officeCode: application.officeCode,
      businessName: application.business.name,
      kbli: application.business.kbli,
      kbliTitle: application.business.kbliTitle,
      riskLevel: application.riskLevel,
      ruleSet: ruleSet.id,
      status: verdict.to,
      issuedAt: now,
      validUntil: this.validity.validUntil(type, now, office.timezone),
      revokedAt: null,
      revokedBy: null,
      revocationReason: null,
    };
  }

  private issuedPermit(permit: PermitEntity, certificate: CertificateEntity): IssuedPermit {
    return {
      type: permit.type,
      number: permit.number,
      issuedAt: permit.issuedAt.toISOString(),
      ...(permit.validUntil ? { validUntil: permit.validUntil.toISOString() } : {}),
      verificationUrl: this.links.verificationUrl(permit.number),
      certificateUrl: this.links.certificateUrl(permit.number),
      certificateSha256: certificate.sha256,
      signatureStatus: certificate.signatureStatus,
      ...(permit.deemedBasis ? { deemedBasis: permit.deemedBasis } : {}),
    };
  }

  /**
   * The actor's existing NIB, or a new one; the actor row stays locked until the transaction ends, so that
   * one actor's applications are issued one after another (one NIB, ordered NIB certificate versions).
   * The actor is the individual (by NIK) or the business entity (by its NPWP), see `businessActorIdentity`.
   * `newNib` says that the NIB was drawn in this transaction.
   */
  private async businessActor(
    manager: EntityManager,
    application: ApplicationSnapshot,
    now: Date,
  ): Promise<{ actor: BusinessActorEntity; newNib: boolean }> {
    const identity = businessActorIdentity(application);
    const where = { identityKey: identity.identityKey };
    const existing = await manager.findOne(BusinessActorEntity, { where, lock: { mode: 'pessimistic_write' } });
    if (existing) {
      // A revoked NIB is not reused: the actor registers anew and gets a new NIB (the old one stays revoked).
      const revoked = await manager.existsBy(PermitEntity, { number: existing.nib, type: PermitType.NIB, status: PermitStatus.REVOKED });
      if (!revoked) return { actor: existing, newNib: false };
      const renewed = {
        nib: await nextNib(manager, now),
        name: identity.name,
        nik: identity.nik,
        entityName: identity.entityName,
        officeCode: application.officeCode,
        registeredAt: now,
      };
      await manager.update(BusinessActorEntity, { id: existing.id }, renewed);
      return { actor: { ...existing, ...renewed }, newNib: true };
    }
    const actor: BusinessActorEntity = {
      id: randomUUID(),
      ...identity,
      nib: await nextNib(manager, now),
      officeCode: application.officeCode,
      registeredAt: now,
    };
    // The inserted row is this transaction's and stays locked until it ends. When another transaction
    // registered the same actor in the meantime, nothing is inserted and its row is read, locked.
    const inserted = await manager.createQueryBuilder().insert().into(BusinessActorEntity).values(actor).orIgnore().returning(['id']).execute();
    if (inserted.raw.length > 0) return { actor, newNib: true };
    return { actor: await manager.findOneOrFail(BusinessActorEntity, { where, lock: { mode: 'pessimistic_write' } }), newNib: false };
  }
}

function auditDetails(payload: PermitIssuedV1, options: IssueOptions): Record<string, unknown> {
  return {
    nib: payload.nib,
    permits: payload.permits.map((p) => ({ type: p.type, number: p.number, certificateSha256: p.certificateSha256, signatureStatus: p.signatureStatus })),
    ...options.auditDetails,
  };
}

export type BusinessActorIdentity = Pick<BusinessActorEntity, 'identityKey' | 'kind' | 'nik' | 'name' | 'entityName'>;

/**
 * Who holds the NIB (one per pelaku usaha): an individual by NIK, a business entity by its own NPWP, in its
 * 16-digit form ("0" + legacy 15 digits, PMK 112/2022) so that both forms of one NPWP are the same actor.
 * The holder's name is the entity's name for an entity; `nik` is then that of the responsible person.
 */
export function businessActorIdentity(application: Pick<ApplicationSnapshot, 'applicant'>): BusinessActorIdentity {
  const { applicant } = application;
  if (applicant.kind === 'ENTITY') {
    if (!applicant.entity) throw new Error('an ENTITY applicant carries its entity');
    const npwp = applicant.entity.npwp.length === 15 ? `0${applicant.entity.npwp}` : applicant.entity.npwp;
    return { identityKey: `NPWP:${npwp}`, kind: 'ENTITY', nik: applicant.nik, name: applicant.entity.name, entityName: applicant.entity.name };
  }
  return { identityKey: `NIK:${applicant.nik}`, kind: 'INDIVIDUAL', nik: applicant.nik, name: applicant.name, entityName: null };
}
