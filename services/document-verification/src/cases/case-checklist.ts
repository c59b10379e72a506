import { EntityManager } from 'typeorm';
import { CaseDocumentEntity } from './case-document.entity';
import { VerificationCaseEntity } from './verification-case.entity';

/** Checklist types without a current, accepted document (what stops a verifier from approving). */
export async function unmetChecklist(manager: EntityManager, found: VerificationCaseEntity): Promise<string[]> {
  const documents = await manager.findBy(CaseDocumentEntity, { applicationId: found.applicationId, current: true });
  return found.checklist.filter((type) => !documents.some((d) => d.type === type && d.decision === 'ACCEPTED'));
}
