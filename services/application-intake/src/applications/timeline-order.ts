import { ApplicationStatus } from '@mpp/contracts';
import type { TimelineEntryEntity } from './application.entities';

/** Progress order, used to break ties between steps recorded at the same instant. */
const PROGRESS: Record<ApplicationStatus, number> = {
  SUBMITTED: 0,
  UNDER_VERIFICATION: 1,
  REVISION_REQUESTED: 2,
  VERIFIED: 3,
  AWAITING_APPROVAL: 4,
  ISSUED: 5,
  REJECTED: 6,
  WITHDRAWN: 6,
};

/**
 * The order of an application's steps: by time, then by progress. Events of one application arrive on
 * different topics, so they may be recorded out of order (and two can carry the same instant); the
 * timeline shown and the current status (its last step) both follow this order, never the order applied.
 */
export function byStepOrder(a: Pick<TimelineEntryEntity, 'at' | 'status'>, b: Pick<TimelineEntryEntity, 'at' | 'status'>): number {
  return a.at.getTime() - b.at.getTime() || PROGRESS[a.status] - PROGRESS[b.status];
}
