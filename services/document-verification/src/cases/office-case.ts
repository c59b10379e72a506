import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Officer, officeOf } from '@mpp/auth';
import { AllowedTransition, CaseActor, CaseRefusal, caseTransition, OfficerCaseAction } from './case-lifecycle';
import { VerificationCaseEntity } from './verification-case.entity';

/** The lifecycle's view of an officer. */
export function officerActor(officer: Officer): CaseActor {
  return { kind: 'officer', id: officer.id, roles: officer.roles };
}

/**
 * The case with this id in the officer's office; a case of another office is not found, exactly like a
 * case that does not exist. `lock` takes a row lock for a change.
 */
export function findOfficeCase(manager: EntityManager, id: string, officer: Officer, lock = false): Promise<VerificationCaseEntity | null> {
  return manager.findOne(VerificationCaseEntity, {
    where: { id, officeCode: officeOf(officer) },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
}

export async function officeCaseOrNotFound(manager: EntityManager, id: string, officer: Officer): Promise<VerificationCaseEntity> {
  const found = await findOfficeCase(manager, id, officer);
  if (!found) throw new NotFoundException('Case not found');
  return found;
}

/**
 * Loads the office's case under a row lock and asks the lifecycle whether the officer may take `action`
 * on it; a refusal is answered as its HTTP error (404, 403 or 409).
 */
export async function actOnOfficeCase(
  manager: EntityManager,
  id: string,
  officer: Officer,
  action: OfficerCaseAction,
): Promise<{ found: VerificationCaseEntity; transition: AllowedTransition }> {
  const found = await findOfficeCase(manager, id, officer, true);
  const transition = caseTransition(found ?? undefined, action, officerActor(officer));
  if (!transition.allowed) throw httpRefusal(transition.refusal);
  if (!found) throw new NotFoundException('Case not found'); // unreachable: no officer action applies to no case
  return { found, transition };
}

function httpRefusal(refusal: CaseRefusal): Error {
  switch (refusal.kind) {
    case 'not-found':
      return new NotFoundException(refusal.message);
    case 'forbidden':
      return new ForbiddenException(refusal.message);
    default:
      return new ConflictException(refusal.message);
  }
}
