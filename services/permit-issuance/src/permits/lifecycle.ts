import type { Officer } from '@mpp/auth';

/**
 * Why a lifecycle refuses a transition, in terms the HTTP layer maps without knowing the rule:
 * - `hidden`: the subject belongs to another office; answered exactly like one that does not exist (404);
 * - `forbidden`: the caller may see the subject but not take this step (403);
 * - `conflict`: the subject's status does not allow the step (409).
 */
export interface Refusal {
  kind: 'hidden' | 'forbidden' | 'conflict';
  message: string;
}

/** A lifecycle's answer: the status to move to, or why not. */
export type Verdict<S extends string> = { allowed: true; to: S } | { allowed: false; refusal: Refusal };

/** Who asks for a transition: an officer (from the token), an event another service published, or this service itself. */
export type LifecycleActor =
  | { kind: 'officer'; officer: Pick<Officer, 'id' | 'roles' | 'office'> }
  | { kind: 'event'; type: string }
  | { kind: 'system' };

export const officerActor = (officer: Pick<Officer, 'id' | 'roles' | 'office'>): LifecycleActor => ({ kind: 'officer', officer });

export const refuse = (kind: Refusal['kind'], message: string): { allowed: false; refusal: Refusal } => ({ allowed: false, refusal: { kind, message } });
