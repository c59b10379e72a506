// @mpp/contracts declares class-transformer decorators, which need the Reflect metadata polyfill that a Nest
// app loads at bootstrap; load it here too.
import 'reflect-metadata';
import {
  addWorkingDays,
  consumedWorkingDays,
  dueAt,
  dueWithinOneWorkingDay,
  endOfLocalDay,
  isClockPaused,
  isOverdue,
  isWorkingDay,
  localDate,
  pauseClock,
  remainingWorkingDays,
  resetClock,
  resumeClock,
  SlaClock,
  startClock,
  timeZoneOffsetMs,
  WorkingCalendar,
  workingDaysBetween,
} from './working-days';

/** Sat/Sun weekend; 17 Aug 2026 (Monday) is Independence Day. */
const cal: WorkingCalendar = { weekendDays: [0, 6], holidays: ['2026-08-17', '2026-12-25'] };
const WIB = 'Asia/Jakarta' as const;
const WITA = 'Asia/Makassar' as const;
const WIT = 'Asia/Jayapura' as const;

const at = (s: string) => new Date(s);
const iso = (d: Date | undefined) => d?.toISOString();

describe('local dates', () => {
  it('localDate follows the office time zone', () => {
    const instant = at('2026-08-13T16:30:00Z'); // 23:30 WIB Thu, 00:30 WITA Fri, 01:30 WIT Fri
    expect(localDate(instant, WIB)).toBe('2026-08-13');
    expect(localDate(instant, WITA)).toBe('2026-08-14');
    expect(localDate(instant, WIT)).toBe('2026-08-14');
  });

  it('endOfLocalDay is local 23:59:59.999 in UTC', () => {
    expect(iso(endOfLocalDay('2026-08-21', WIB))).toBe('2026-08-21T16:59:59.999Z');
    expect(iso(endOfLocalDay('2026-08-21', WITA))).toBe('2026-08-21T15:59:59.999Z');
    expect(iso(endOfLocalDay('2026-08-21', WIT))).toBe('2026-08-21T14:59:59.999Z');
  });

  it('timeZoneOffsetMs is the offset of local time from UTC, whatever the milliseconds of the instant', () => {
    const hour = 3_600_000;
    expect(timeZoneOffsetMs(at('2026-08-13T16:30:00.999Z'), WIB)).toBe(7 * hour);
    expect(timeZoneOffsetMs('2026-01-01T00:00:00.001Z', WITA)).toBe(8 * hour);
    expect(timeZoneOffsetMs(at('1999-12-31T23:59:59.500Z'), WIT)).toBe(9 * hour);
  });

  it('rejects other time zones and impossible dates', () => {
    expect(() => localDate(at('2026-08-14T00:00:00Z'), 'Europe/Amsterdam' as never)).toThrow(RangeError);
    expect(() => timeZoneOffsetMs(at('2026-08-14T00:00:00Z'), 'Europe/Amsterdam' as never)).toThrow(RangeError);
    expect(() => timeZoneOffsetMs('not a date', WIB)).toThrow(RangeError);
    expect(() => endOfLocalDay('2026-02-30', WIB)).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  it('weekends and holidays are not working days', () => {
    expect(isWorkingDay('2026-08-14', cal, WIB)).toBe(true); // Friday
    expect(isWorkingDay('2026-08-15', cal, WIB)).toBe(false); // Saturday
    expect(isWorkingDay('2026-08-16', cal, WIB)).toBe(false); // Sunday
    expect(isWorkingDay('2026-08-17', cal, WIB)).toBe(false); // Monday, Independence Day
    expect(isWorkingDay('2026-08-18', cal, WIB)).toBe(true);
  });

  it('an instant is taken in the office time zone', () => {
    // Friday 2026-08-14 16:30 UTC = Friday 23:30 WIB but Saturday 00:30 WITA.
    const instant = at('2026-08-14T16:30:00Z');
    expect(isWorkingDay(instant, cal, WIB)).toBe(true);
    expect(isWorkingDay(instant, cal, WITA)).toBe(false);
  });

  it('supports a six-day week and rejects calendars without working days', () => {
    const sixDays: WorkingCalendar = { weekendDays: [0], holidays: [] };
    expect(isWorkingDay('2026-08-15', sixDays, WIB)).toBe(true);
    expect(() => isWorkingDay('2026-08-15', { weekendDays: [0, 1, 2, 3, 4, 5, 6], holidays: [] }, WIB)).toThrow(RangeError);
    expect(() => isWorkingDay('2026-08-15', { weekendDays: [7], holidays: [] }, WIB)).toThrow(RangeError);
    expect(() => isWorkingDay('2026-08-15', { weekendDays: [0, 6], holidays: ['17-08-2026'] }, WIB)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('5 working days from Friday 14 Aug 2026 (Jakarta, 17 Aug a holiday) → end of Friday 21 Aug', () => {
    // Counted: Fri 14, Tue 18, Wed 19, Thu 20, Fri 21.
    const due = addWorkingDays(at('2026-08-14T02:00:00Z'), 5, cal, WIB); // 09:00 WIB
    expect(iso(due)).toBe('2026-08-21T16:59:59.999Z'); // 23:59:59.999 WIB
    // The hour of the start does not matter, only its local date.
    expect(iso(addWorkingDays(at('2026-08-14T16:59:00Z'), 5, cal, WIB))).toBe('2026-08-21T16:59:59.999Z');
  });

  it('a start on a weekend or holiday counts from the next working day', () => {
    // Saturday 15 Aug: Tue 18 is the first counted day (Mon 17 is a holiday) → Tue 18 … Mon 24.
    expect(iso(addWorkingDays(at('2026-08-15T03:00:00Z'), 5, cal, WIB))).toBe('2026-08-24T16:59:59.999Z');
    expect(iso(addWorkingDays(at('2026-08-17T03:00:00Z'), 1, cal, WIB))).toBe('2026-08-18T16:59:59.999Z');
    expect(iso(addWorkingDays(at('2026-08-16T03:00:00Z'), 5, cal, WIB))).toEqual(
      iso(addWorkingDays(at('2026-08-15T03:00:00Z'), 5, cal, WIB)),
    );
  });

  it('1 working day started on a working day is due at its end; 0 days is the start itself', () => {
    expect(iso(addWorkingDays(at('2026-08-18T01:00:00Z'), 1, cal, WIB))).toBe('2026-08-18T16:59:59.999Z');
    expect(iso(addWorkingDays(at('2026-08-18T01:00:00Z'), 0, cal, WIB))).toBe('2026-08-18T01:00:00.000Z');
  });

  it('Makassar (WITA) near midnight: the local date decides', () => {
    // 2026-08-13T15:30Z = Thursday 23:30 WITA → Thursday counts.
    expect(iso(addWorkingDays(at('2026-08-13T15:30:00Z'), 1, cal, WITA))).toBe('2026-08-13T15:59:59.999Z');
    // 2026-08-13T16:30Z = Friday 00:30 WITA (still Thursday 23:30 in Jakarta) → Friday counts in Makassar.
    expect(iso(addWorkingDays(at('2026-08-13T16:30:00Z'), 1, cal, WITA))).toBe('2026-08-14T15:59:59.999Z');
    expect(iso(addWorkingDays(at('2026-08-13T16:30:00Z'), 1, cal, WIB))).toBe('2026-08-13T16:59:59.999Z');
    // Friday 14 Aug 2026T16:00Z = Saturday 00:00 WITA: counting starts on Tuesday 18 (Monday 17 is a holiday).
    expect(iso(addWorkingDays(at('2026-08-14T16:00:00Z'), 1, cal, WITA))).toBe('2026-08-18T15:59:59.999Z');
    // One millisecond earlier is Friday 23:59:59.999 WITA: Friday still counts.
    expect(iso(addWorkingDays(at('2026-08-14T15:59:59.998Z'), 1, cal, WITA))).toBe('2026-08-14T15:59:59.999Z');
  });

  it('Jayapura (WIT)', () => {
    expect(iso(addWorkingDays(at('2026-08-14T00:00:00Z'), 5, cal, WIT))).toBe('2026-08-21T14:59:59.999Z');
  });

  it('crosses years and holidays', () => {
    // Thu 24 Dec 2026, 3 days: Thu 24, (Fri 25 Christmas), Mon 28, Tue 29.
    expect(iso(addWorkingDays(at('2026-12-24T02:00:00Z'), 3, cal, WIB))).toBe('2026-12-29T16:59:59.999Z');
    expect(iso(addWorkingDays(at('2026-12-31T02:00:00Z'), 2, cal, WIB))).toBe('2027-01-01T16:59:59.999Z');
  });

  it('rejects negative or fractional days', () => {
    expect(() => addWorkingDays(at('2026-08-14T02:00:00Z'), -1, cal, WIB)).toThrow(RangeError);
    expect(() => addWorkingDays(at('2026-08-14T02:00:00Z'), 1.5, cal, WIB)).toThrow(RangeError);
    expect(() => addWorkingDays(new Date('nope'), 1, cal, WIB)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  const start = at('2026-08-14T02:00:00Z'); // Fri 09:00 WIB

  it('counts working days that closed in (a, b]', () => {
    expect(workingDaysBetween(start, at('2026-08-14T10:00:00Z'), cal, WIB)).toBe(0); // Friday not closed yet
    expect(workingDaysBetween(start, at('2026-08-14T16:59:59.999Z'), cal, WIB)).toBe(1); // Friday's close
    expect(workingDaysBetween(start, at('2026-08-18T03:00:00Z'), cal, WIB)).toBe(1); // weekend + holiday add nothing
    expect(workingDaysBetween(start, at('2026-08-21T16:59:59.999Z'), cal, WIB)).toBe(5);
    expect(workingDaysBetween(at('2026-08-21T16:59:59.999Z'), start, cal, WIB)).toBe(-5);
    expect(workingDaysBetween(start, start, cal, WIB)).toBe(0);
  });

  it('is the inverse of addWorkingDays', () => {
    for (const s of ['2026-08-14T02:00:00Z', '2026-08-15T02:00:00Z', '2026-08-17T16:59:59.999Z', '2026-12-23T20:00:00Z']) {
      for (const n of [1, 2, 5, 10, 20]) {
        expect(workingDaysBetween(at(s), addWorkingDays(at(s), n, cal, WIB), cal, WIB)).toBe(n);
      }
    }
  });
});

describe('SLA clock', () => {
  const started = startClock('2026-08-14T02:00:00Z', 5); // Fri 09:00 WIB, 5 working days

  it('a fresh clock is due like addWorkingDays', () => {
    expect(started).toEqual({
      startedAt: '2026-08-14T02:00:00.000Z',
      budgetDays: 5,
      runs: [],
      runningSince: '2026-08-14T02:00:00.000Z',
      resets: 0,
    });
    expect(iso(dueAt(started, cal, WIB))).toBe('2026-08-21T16:59:59.999Z');
    expect(isOverdue(started, '2026-08-21T16:59:59.999Z', cal, WIB)).toBe(false);
    expect(isOverdue(started, '2026-08-21T17:00:00.000Z', cal, WIB)).toBe(true);
    expect(consumedWorkingDays(started, '2026-08-19T05:00:00Z', cal, WIB)).toBe(2); // Fri 14, Tue 18
    expect(remainingWorkingDays(started, '2026-08-19T05:00:00Z', cal, WIB)).toBe(3);
  });

  it('pausing for a week and resuming moves the due date by the working days paused', () => {
    // Paused Tuesday 18 Aug 10:00 WIB (waiting for the applicant, OSS 41), resumed Tuesday 25 Aug 10:00 (OSS 42).
    const paused = pauseClock(started, '2026-08-18T03:00:00Z');
    expect(isClockPaused(paused)).toBe(true);
    expect(dueAt(paused, cal, WIB)).toBeUndefined(); // no deadline runs while paused
    expect(isOverdue(paused, '2026-09-30T00:00:00Z', cal, WIB)).toBe(false);
    // Fri 14 counted; Tue 18 closed while paused → not counted.
    expect(consumedWorkingDays(paused, '2026-08-24T12:00:00Z', cal, WIB)).toBe(1);

    const resumed = resumeClock(paused, '2026-08-25T03:00:00Z');
    expect(resumed.runs).toEqual([{ from: '2026-08-14T02:00:00.000Z', to: '2026-08-18T03:00:00.000Z' }]);
    expect(resumed.pausedAt).toBeUndefined();
    // Paused over the closes of Tue 18, Wed 19, Thu 20, Fri 21, Mon 24 = 5 working days: the due date moves from
    // Fri 21 to Fri 28 (counted: Fri 14, Tue 25, Wed 26, Thu 27, Fri 28).
    expect(iso(dueAt(resumed, cal, WIB))).toBe('2026-08-28T16:59:59.999Z');
    // i.e. exactly five working days after the original due time:
    const original = dueAt(started, cal, WIB) as Date;
    expect(workingDaysBetween(original, dueAt(resumed, cal, WIB) as Date, cal, WIB)).toBe(5);
    expect(consumedWorkingDays(resumed, '2026-08-26T16:59:59.999Z', cal, WIB)).toBe(3);
  });

  it('a pause and resume on the same working day loses nothing', () => {
    const c = resumeClock(pauseClock(started, '2026-08-18T03:00:00Z'), '2026-08-18T08:00:00Z');
    expect(iso(dueAt(c, cal, WIB))).toBe('2026-08-21T16:59:59.999Z');
  });

  it('a pause over a weekend excludes no working day', () => {
    const c = resumeClock(pauseClock(started, '2026-08-14T09:00:00Z'), '2026-08-16T09:00:00Z'); // Fri 16:00 → Sun
    // Friday closed while paused: counting resumes Tue 18 … so due Mon 24.
    expect(iso(dueAt(c, cal, WIB))).toBe('2026-08-24T16:59:59.999Z');
  });

  it('re-konfirmasi restarts counting from zero (OSS 43/44)', () => {
    const paused = pauseClock(started, '2026-08-19T03:00:00Z'); // Wed 19 10:00
    const restarted = resumeClock(paused, '2026-08-24T03:00:00Z', { reset: true }); // Mon 24 10:00
    expect(restarted).toEqual({
      startedAt: '2026-08-24T03:00:00.000Z',
      budgetDays: 5,
      runs: [],
      runningSince: '2026-08-24T03:00:00.000Z',
      resets: 1,
    });
    expect(iso(dueAt(restarted, cal, WIB))).toBe('2026-08-28T16:59:59.999Z'); // Mon 24 … Fri 28
    const direct = resetClock(started, '2026-08-24T03:00:00Z');
    expect(direct).toEqual(restarted);
  });

  it('a clock paused after its budget ran out stays overdue', () => {
    const paused = pauseClock(started, '2026-08-24T03:00:00Z'); // Mon 24: the 5 days ended Fri 21
    expect(iso(dueAt(paused, cal, WIB))).toBe('2026-08-21T16:59:59.999Z');
    expect(isOverdue(paused, '2026-08-24T03:00:00Z', cal, WIB)).toBe(true);
    // ... and resuming does not give time back.
    expect(iso(dueAt(resumeClock(paused, '2026-08-26T03:00:00Z'), cal, WIB))).toBe('2026-08-21T16:59:59.999Z');
  });

  it('pausing on the last day leaves that day to the office after the resume', () => {
    const paused = pauseClock(started, '2026-08-21T03:00:00Z'); // Fri 21 10:00, 4 days consumed (14, 18, 19, 20)
    const resumed = resumeClock(paused, '2026-08-26T03:00:00Z'); // Wed 26
    expect(iso(dueAt(resumed, cal, WIB))).toBe('2026-08-26T16:59:59.999Z');
  });

  it('honours a holiday entered after the fact (the clock stores intervals, not day counts)', () => {
    const later: WorkingCalendar = { ...cal, holidays: [...cal.holidays, '2026-08-18'] }; // cuti bersama added
    expect(iso(dueAt(started, later, WIB))).toBe('2026-08-24T16:59:59.999Z');
  });

  it('survives JSON persistence, including null fields', () => {
    const paused = pauseClock(started, '2026-08-18T03:00:00Z');
    const stored = JSON.parse(JSON.stringify({ ...paused, runningSince: null })) as SlaClock;
    expect(iso(dueAt(resumeClock(stored, '2026-08-25T03:00:00Z'), cal, WIB))).toBe('2026-08-28T16:59:59.999Z');
  });

  it('rejects invalid transitions', () => {
    expect(() => resumeClock(started, '2026-08-18T03:00:00Z')).toThrow(/not paused/);
    const paused = pauseClock(started, '2026-08-18T03:00:00Z');
    expect(() => pauseClock(paused, '2026-08-19T03:00:00Z')).toThrow(/already paused/);
    expect(() => resumeClock(paused, '2026-08-17T03:00:00Z')).toThrow(/before the clock was paused/);
    expect(() => pauseClock(started, '2026-08-13T03:00:00Z')).toThrow(/before the clock/);
    expect(() => startClock('2026-08-14T02:00:00Z', -1)).toThrow(RangeError);
  });

  it('Makassar clock', () => {
    const c = startClock('2026-08-13T16:30:00Z', 2); // Fri 00:30 WITA → Fri 14, Tue 18
    expect(iso(dueAt(c, cal, WITA))).toBe('2026-08-18T15:59:59.999Z');
  });
});

describe('dueWithinOneWorkingDay', () => {
  it('is true up to the close of the next working day, across a weekend and a holiday', () => {
    // Friday 14 Aug 2026, 10:00 WIB: the next working day is Tuesday 18 Aug (Monday 17 is a holiday).
    const friday = at('2026-08-14T03:00:00Z');
    expect(dueWithinOneWorkingDay(at('2026-08-18T16:59:59.999Z'), friday, cal, WIB)).toBe(true);
    expect(dueWithinOneWorkingDay(at('2026-08-19T03:00:00Z'), friday, cal, WIB)).toBe(false);
    expect(dueWithinOneWorkingDay(at('2026-08-14T16:59:59.999Z'), friday, cal, WIB)).toBe(true);
    // Thursday 13 Aug, 23:30 WIB: tomorrow (Friday) is the next working day, Tuesday is two away.
    const thursdayNight = at('2026-08-13T16:30:00Z');
    expect(dueWithinOneWorkingDay(at('2026-08-14T16:59:59.999Z'), thursdayNight, cal, WIB)).toBe(true);
    expect(dueWithinOneWorkingDay(at('2026-08-18T16:59:59.999Z'), thursdayNight, cal, WIB)).toBe(false);
  });
});
