import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DocumentsVerifiedV1, EventActor, EventEnvelope } from '@mpp/contracts';
import { businessScaleFromCapital, deemedApprovalAt, DeemedApproval, findDecidedUnder, isAutoVerifiable, requiresHeadOfOfficeApproval, riskLevelFor } from '@mpp/domain';
import { PermanentEventError } from '@mpp/messaging';
import { OfficeDirectory } from '../../offices/office-directory.service';
import { RequestApprovalService } from '../approvals/request-approval.service';
import { PermitIssuer } from '../permit-issuer';

/**
 * Verified documents lead to the permits the risk level yields (PP 5/2021): issued at once up to
 * medium-high risk; a high-risk application (Izin) waits for the head of office's approval first.
 */
@Injectable()
export class IssuePermitsService {
  private readonly logger = new Logger(IssuePermitsService.name);

  constructor(
    private readonly offices: OfficeDirectory,
    private readonly issuer: PermitIssuer,
    private readonly approvals: RequestApprovalService,
  ) {}

  async issue(event: EventEnvelope<DocumentsVerifiedV1>, manager: EntityManager): Promise<void> {
    const verified = event.payload;
    // One NIB per business actor: an entity is known by its NPWP, so an ENTITY applicant must carry it.
    if (verified.applicant.kind === 'ENTITY' && !verified.applicant.entity) {
      throw new PermanentEventError(`${verified.applicationNumber} is from a business entity but carries no entity (form, name, NPWP)`);
    }
    const deemed = assertRulesHold(event);
    if (verified.verifiedBy === 'OFFICER') assertVerifierOfOffice(event.actor, verified.officeCode);
    const office = await this.offices.find(manager, verified.officeCode);
    if (!office) throw new PermanentEventError(`unknown office ${verified.officeCode}`);
    if (requiresHeadOfOfficeApproval(verified.riskLevel)) {
      await this.approvals.request(event, office, manager);
      return;
    }
    const issued = await this.issuer.issue(manager, verified, office, {
      auditDetails: { verifiedBy: event.actor ?? null, ...(deemed ? { deemed: { basis: deemed.basis, verifiedAt: verified.verifiedAt } } : {}) },
      ...(deemed ? { deemed: { permit: deemed.permit, basis: deemed.basis } } : {}),
    });
    if (!issued) this.logger.log(`permits for ${verified.applicationNumber} already issued`);
  }
}

/**
 * Defence in depth: issuance does not take the event's word for what the rules decide, so a forged or
 * stale DocumentsVerified cannot buy a permit the rules would not give. The tenant must be the
 * application's office; the business scale (PP 7/2021, from the capital) and the risk level (KBLI × scale)
 * are computed again and must be the ones the event carries; and only the risk levels the rules let be
 * verified automatically may arrive verified by the system. Any mismatch dead-letters the event.
 */
function assertRulesHold(event: EventEnvelope<DocumentsVerifiedV1>): DeemedApproval | undefined {
  const verified = event.payload;
  const refuse = (why: string) => {
    throw new PermanentEventError(`${verified.applicationNumber}: ${why}`);
  };
  if (event.tenant !== verified.officeCode) refuse(`event of office ${event.tenant} about an application of office ${verified.officeCode}`);
  // The rules of the rule set the application was decided under.
  const ruleSet = findDecidedUnder(verified.ruleSet);
  if (!ruleSet) return refuse(`decided under rule set ${verified.ruleSet}, which this platform does not know`);
  const scale = businessScaleFromCapital(verified.business.capital);
  const risk = riskLevelFor(verified.business.kbli, scale, undefined, ruleSet);
  if (scale !== verified.businessScale || risk !== verified.riskLevel) {
    refuse(`carries ${verified.businessScale}/${verified.riskLevel}, the rules give ${scale}/${risk} for KBLI ${verified.business.kbli}`);
  }
  if (verified.verifiedBy === 'AUTOMATIC' && !isAutoVerifiable(risk)) refuse(`risk ${risk} must be verified by an officer, not automatically`);
  if (verified.verifiedBy !== 'DEEMED') return undefined;
  // Deemed verified (fiktif positif): only where the rule set says a lapsed verification is one, on its basis.
  const deemed = deemedApprovalAt(ruleSet, risk, 'VERIFICATION');
  if (!deemed) return refuse(`risk ${risk} under ${ruleSet.regulation.short} is not deemed verified when its deadline lapses`);
  if (verified.deemedBasis !== deemed.basis) refuse(`deemed verified on "${verified.deemedBasis ?? ''}", the rule set's basis is "${deemed.basis}"`);
  return deemed;
}

/**
 * Authorisation is re-checked on the originating officer, not on the service that relayed the decision
 * (ASVS 8.3.3): documents verified by an officer must carry a verifier of the application's office.
 */
function assertVerifierOfOffice(actor: EventActor | undefined, officeCode: string): void {
  const roles = actor?.role?.split(',') ?? [];
  if (actor?.kind !== 'officer' || !roles.includes('verifier') || actor.office !== officeCode) {
    throw new PermanentEventError(`documents of office ${officeCode} were not verified by a verifier of that office`);
  }
}
