import { addWorkingDays, WorkingDayTimeZone } from '@mpp/domain';
import type { IssuingOffice } from '../../offices/office-directory.service';

/**
 * When the head of office's decision is due: the office's approval service level in working days on the
 * office's calendar, counted from the request (the close of the N-th working day, see `addWorkingDays`).
 * Undefined while the office's service levels are unknown (its configuration has not arrived yet).
 */
export function approvalDueAt(requestedAt: Date, office: Pick<IssuingOffice, 'serviceLevels' | 'calendar' | 'timezone'>): Date | undefined {
  const days = office.serviceLevels?.approvalDays;
  if (!days || !office.calendar) return undefined;
  return addWorkingDays(requestedAt, days, office.calendar, office.timezone as WorkingDayTimeZone);
}
