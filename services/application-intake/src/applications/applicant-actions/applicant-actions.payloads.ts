import { ApplicationRef, ApplicationResubmittedV1, ApplicationWithdrawnV1 } from '@mpp/contracts';
import { ApplicationEntity } from '../application.entities';

type Application = Pick<ApplicationEntity, 'id' | 'applicationNumber' | 'officeCode'>;

function ref(application: Application): ApplicationRef {
  return { applicationId: application.id, applicationNumber: application.applicationNumber, officeCode: application.officeCode };
}

/** ApplicationResubmitted: the note only when one was given. */
export function resubmittedPayload(application: Application, at: Date, note?: string): ApplicationResubmittedV1 {
  return { ...ref(application), resubmittedAt: at.toISOString(), ...(note ? { note } : {}) };
}

/** ApplicationWithdrawn: the reason only when one was given. */
export function withdrawnPayload(application: Application, at: Date, reason?: string): ApplicationWithdrawnV1 {
  return { ...ref(application), withdrawnAt: at.toISOString(), ...(reason ? { reason } : {}) };
}
