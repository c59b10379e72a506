import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AllowedTransition } from './case-lifecycle';
import { CaseServiceLevel } from './case-service-level';
import { VerificationCaseEntity } from './verification-case.entity';

/** Carries out what the lifecycle allowed, on the loaded case (the caller saves it). */
@Injectable()
export class CaseTransitions {
  constructor(private readonly serviceLevel: CaseServiceLevel) {}

  /** Status, holder, decision time and service-level clock, as of `at`; `actorId` is the acting officer. */
  async apply(manager: EntityManager, found: VerificationCaseEntity, transition: AllowedTransition, at: Date, actorId?: string): Promise<void> {
    if (transition.to) found.status = transition.to;
    if (transition.holder === 'nobody') found.assignedTo = null;
    if (transition.holder === 'actor') {
      if (!actorId) throw new Error('A transition that hands the case to its actor needs the actor');
      found.assignedTo = actorId;
    }
    if (transition.closes) found.decidedAt = at;
    switch (transition.clock) {
      case 'start':
        return this.serviceLevel.start(manager, found, at);
      case 'stop':
        return this.serviceLevel.stop(found, at);
      case 'resume':
        return this.serviceLevel.resume(manager, found, at);
      case 'keep':
        return;
    }
  }
}
