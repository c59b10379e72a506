import { approvalDueAt } from './due-date';

describe('approval due date', () => {
  const calendar = { weekendDays: [0, 6], holidays: ['2026-08-17'] };

  it('counts the office approval service level in working days on the office calendar', () => {
    // Friday 14 Aug 2026, 09:00 WIB; 17 Aug is a holiday: Fri 14, Tue 18, Wed 19 → due at the close of Wednesday.
    const office = { timezone: 'Asia/Jakarta', serviceLevels: { verificationDays: 5, approvalDays: 3 }, calendar };
    expect(approvalDueAt(new Date('2026-08-14T02:00:00Z'), office)?.toISOString()).toBe('2026-08-19T16:59:59.999Z');
  });

  it('is unknown until the office configuration has arrived', () => {
    expect(approvalDueAt(new Date('2026-08-14T02:00:00Z'), { timezone: 'Asia/Jakarta' })).toBeUndefined();
  });
});
