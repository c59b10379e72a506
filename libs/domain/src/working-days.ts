/**
 * Working days (hari kerja) and the service-level (SLA) clock of an office, docs/rules/working-days.md.
 *
 * Pure functions over an office calendar (`weekendDays`, dated `holidays` — the same shape as the `OfficeCalendar`
 * of `OfficeConfigured`) and the office's time zone (WIB `Asia/Jakarta`, WITA `Asia/Makassar`, WIT
 * `Asia/Jayapura`). Local dates are computed with `Intl.DateTimeFormat`; no date library.
 *
 * ## Counting convention (one rule for everything)
 *
 * **A working day counts when the clock is running at the close of that day** (local 23:59:59.999 in the office's
 * time zone). Consequences:
 * - the start day counts when it is a working day, whatever the hour (a file complete on Friday 14 Aug 2026 at
 *   16:00 with a 5-working-day service level is due at the end of Friday 21 Aug 2026 when 17 Aug is a holiday:
 *   Fri 14, Tue 18, Wed 19, Thu 20, Fri 21);
 * - a start on a non-working day starts counting from the next working day;
 * - the due time is the close of the N-th counted working day: local 23:59:59.999, returned as a UTC `Date`;
 * - a day on which the clock is paused before its close does not count; the day it is resumed counts (if working);
 *   pausing and resuming on the same day loses nothing. So the working days excluded by a pause are those whose
 *   close falls while the clock is paused, and a pause moves the due date by exactly that many working days (a
 *   pause from Tuesday 10:00 to the next Tuesday 10:00 excludes five working days and moves the due date five
 *   working days later, holidays permitting).
 *
 * ## SLA clock (OSS status semantics, PIA Lampiran 10)
 *
 * - 41 "Konfirmasi Persyaratan" (waiting for the applicant): `pauseClock`;
 * - 42 "Data Konfirmasi" (applicant answered): `resumeClock` — counting continues where it stopped;
 * - 43 "Re-Konfirmasi": `pauseClock`; 44 "Data Re-Konfirmasi": `resumeClock(..., { reset: true })` — counting
 *   restarts from zero (`resetClock` does the same from either state).
 * The clock stores its running intervals, not a day count, so the consumed days are always computed with the
 * current calendar: a holiday entered later (e.g. cuti bersama from the yearly SKB) is honoured retroactively.
 */
import { OfficeTimezone } from './offices';

/** Working-day calendar of an office. */
export interface WorkingCalendar {
  /** Days of the week that are not working days, 0 = Sunday … 6 = Saturday (usually `[0, 6]`). */
  weekendDays: readonly number[];
  /** Non-working dates `YYYY-MM-DD` (national holidays, cuti bersama, local holidays). */
  holidays: readonly string[];
}

/** The three Indonesian time zones (WIB, WITA, WIT). */
export type WorkingDayTimeZone = OfficeTimezone;

const TIME_ZONES: readonly string[] = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'];
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
/** Safety bound for scans (a calendar with no working day in ~10 years is a configuration error). */
const MAX_SCAN_DAYS = 3660;

// ---------------------------------------------------------------------------------------------------------------
// Local dates

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(tz, f);
  }
  return f;
}

function assertTimeZone(tz: string): void {
  if (!TIME_ZONES.includes(tz)) {
    throw new RangeError(`time zone must be Asia/Jakarta, Asia/Makassar or Asia/Jayapura, got "${String(tz)}"`);
  }
}

function toInstant(value: Date | string, what: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${what} must be a valid date/time, got "${String(value)}"`);
  return ms;
}

/** Local wall-clock fields of an instant in `tz`. */
function wallClock(ms: number, tz: string): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return { y: parts.year, m: parts.month, d: parts.day, h: parts.hour, mi: parts.minute, s: parts.second };
}

/** Offset of `tz` from UTC at an instant, in ms (e.g. +7 h for Asia/Jakarta). */
function offsetMs(ms: number, tz: string): number {
  const w = wallClock(ms, tz);
  const floor = ms - (((ms % 1000) + 1000) % 1000);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s) - floor;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of the day number (days since 1970-01-01). */
function isoOfDay(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Day number (days since 1970-01-01) of a `YYYY-MM-DD` date; throws on an impossible date. */
function dayOfIso(date: string): number {
  const m = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || !Number.isFinite(ms) || isoOfDay(ms / DAY_MS) !== date) {
    throw new RangeError(`date must be YYYY-MM-DD, got "${String(date)}"`);
  }
  return ms / DAY_MS;
}

/** Local day number of an instant in `tz`. */
function localDay(ms: number, tz: string): number {
  const w = wallClock(ms, tz);
  return Date.UTC(w.y, w.m - 1, w.d) / DAY_MS;
}

/** The instant of local 23:59:59.999 of a local day in `tz`. */
function closeOfDay(day: number, tz: string): number {
  const wall = day * DAY_MS + DAY_MS - 1;
  let utc = wall - offsetMs(wall, tz);
  utc = wall - offsetMs(utc, tz); // second pass: exact even if the offset changed that day (none does in Indonesia)
  return utc;
}

/**
 * Offset of the office's time zone from UTC at an instant, in ms: local wall-clock time = UTC + offset (+7 h for
 * WIB `Asia/Jakarta`, +8 h for WITA, +9 h for WIT). Indonesian zones keep no daylight saving time, so the offset of
 * an instant is also that of every other instant; callers may shift to local time, compute, and shift back.
 */
export function timeZoneOffsetMs(instant: Date | string, tz: WorkingDayTimeZone): number {
  assertTimeZone(tz);
  return offsetMs(toInstant(instant, 'instant'), tz);
}

/** The local calendar date (`YYYY-MM-DD`) of an instant in the office's time zone. */
export function localDate(instant: Date | string, tz: WorkingDayTimeZone): string {
  assertTimeZone(tz);
  return isoOfDay(localDay(toInstant(instant, 'instant'), tz));
}

/** The end of a local date (23:59:59.999 in `tz`) as a UTC `Date`, e.g. `2026-08-21` WIB → 2026-08-21T16:59:59.999Z. */
export function endOfLocalDay(date: string, tz: WorkingDayTimeZone): Date {
  assertTimeZone(tz);
  return new Date(closeOfDay(dayOfIso(date), tz));
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar

interface PreparedCalendar {
  weekend: ReadonlySet<number>;
  holidays: ReadonlySet<string>;
}

const prepared = new WeakMap<WorkingCalendar, PreparedCalendar>();

function prepare(calendar: WorkingCalendar): PreparedCalendar {
  const cached = prepared.get(calendar);
  if (cached) return cached;
  if (!calendar || !Array.isArray(calendar.weekendDays) || !Array.isArray(calendar.holidays)) {
    throw new RangeError('calendar must have weekendDays and holidays arrays');
  }
  for (const d of calendar.weekendDays) {
    if (!Number.isInteger(d) || d < 0 || d > 6) throw new RangeError(`weekendDays must be 0–6 (0 = Sunday), got ${String(d)}`);
  }
  const weekend = new Set(calendar.weekendDays);
  if (weekend.size === 7) throw new RangeError('calendar has no working weekday');
  for (const h of calendar.holidays) dayOfIso(h);
  const result = { weekend, holidays: new Set(calendar.holidays) };
  prepared.set(calendar, result);
  return result;
}

function isWorkingDayNumber(day: number, cal: PreparedCalendar): boolean {
  const weekday = (((day % 7) + 7 + 4) % 7) as number; // 1970-01-01 was a Thursday (4)
  return !cal.weekend.has(weekday) && !cal.holidays.has(isoOfDay(day));
}

/**
 * True when the date is a working day of the office: not a weekend day, not a holiday. A `Date` is taken in the
 * office's time zone (an instant late on Friday UTC may already be Saturday in Jayapura); a `YYYY-MM-DD` string is
 * that calendar date.
 */
export function isWorkingDay(date: Date | string, calendar: WorkingCalendar, tz: WorkingDayTimeZone): boolean {
  assertTimeZone(tz);
  const cal = prepare(calendar);
  const day = typeof date === 'string' && ISO_DATE.test(date) ? dayOfIso(date) : localDay(toInstant(date, 'date'), tz);
  return isWorkingDayNumber(day, cal);
}

/** The first working day on or after `day`. */
function firstWorkingDayFrom(day: number, cal: PreparedCalendar): number {
  for (let d = day, i = 0; i < MAX_SCAN_DAYS; d++, i++) if (isWorkingDayNumber(d, cal)) return d;
  throw new RangeError('no working day found within ten years: check the calendar');
}

/** The day (number) of the n-th (n ≥ 1) working day whose close is after `fromMs`. */
function nthCountedDay(fromMs: number, n: number, cal: PreparedCalendar, tz: string): number {
  let day = localDay(fromMs, tz);
  if (closeOfDay(day, tz) <= fromMs) day++; // started exactly at the close: that day is over
  let counted = 0;
  for (let i = 0; ; i++) {
    day = firstWorkingDayFrom(day, cal);
    if (++counted === n) return day;
    day++;
    if (i > MAX_SCAN_DAYS * 10) throw new RangeError('working-day budget too large');
  }
}

function assertDays(days: number, what: string): void {
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`${what} must be a whole number ≥ 0, got ${String(days)}`);
}

/**
 * The due time of a service level of `days` working days started at `start`: the close (local 23:59:59.999) of the
 * `days`-th working day, counting the start day itself when it is a working day, else from the next working day
 * (see the module comment). `days = 0` returns `start` unchanged.
 *
 * Example (WIB, weekend Sat/Sun, 17 Aug 2026 a holiday): start Friday 2026-08-14T09:00+07:00, 5 days →
 * 2026-08-21T23:59:59.999+07:00 = `2026-08-21T16:59:59.999Z`.
 */
export function addWorkingDays(start: Date, days: number, calendar: WorkingCalendar, tz: WorkingDayTimeZone): Date {
  assertTimeZone(tz);
  assertDays(days, 'days');
  const startMs = toInstant(start, 'start');
  const cal = prepare(calendar);
  if (days === 0) return new Date(startMs);
  return new Date(closeOfDay(nthCountedDay(startMs, days, cal, tz), tz));
}

/** Number of working days whose close (local 23:59:59.999) lies in (fromMs, toMs]. */
function countClosesIn(fromMs: number, toMs: number, cal: PreparedCalendar, tz: string): number {
  if (toMs <= fromMs) return 0;
  let count = 0;
  const last = localDay(toMs, tz);
  for (let day = localDay(fromMs, tz); day <= last; day++) {
    const close = closeOfDay(day, tz);
    if (close > fromMs && close <= toMs && isWorkingDayNumber(day, cal)) count++;
  }
  return count;
}

/**
 * Working days elapsed from `a` to `b`: the number of working days whose close (local 23:59:59.999) falls in
 * (a, b]. Negative when `b` is before `a`. Consistent with `addWorkingDays`:
 * `workingDaysBetween(start, addWorkingDays(start, n)) === n`. Examples (WIB, 17 Aug 2026 a holiday): Friday
 * 14 Aug 09:00 → Friday 14 Aug 17:00 is 0 (Friday has not closed yet); → Friday 21 Aug 23:59:59.999 is 5.
 */
export function workingDaysBetween(a: Date, b: Date, calendar: WorkingCalendar, tz: WorkingDayTimeZone): number {
  assertTimeZone(tz);
  const cal = prepare(calendar);
  const from = toInstant(a, 'a');
  const to = toInstant(b, 'b');
  return to >= from ? countClosesIn(from, to, cal, tz) : -countClosesIn(to, from, cal, tz);
}

// ---------------------------------------------------------------------------------------------------------------
// SLA clock

/** A closed running interval of the clock, from (re)start to pause, as ISO-8601 UTC instants. */
export interface SlaRun {
  from: string;
  to: string;
}

/**
 * A service-level clock. Persist it as JSON (all instants are ISO-8601 UTC strings). State: running when
 * `runningSince` is set, paused when `pausedAt` is set (exactly one of the two).
 */
export interface SlaClock {
  /** When counting (re)started from zero: the start, or the last reset (OSS 44). */
  startedAt: string;
  /** Service level in working days (the `N` of "N hari kerja"). */
  budgetDays: number;
  /** Closed running intervals since `startedAt`, oldest first. */
  runs: readonly SlaRun[];
  /** Start of the current running interval; absent while paused. */
  runningSince?: string;
  /** When the clock was paused (OSS 41/43); absent while running. */
  pausedAt?: string;
  /** How many times counting restarted from zero (OSS 43/44). */
  resets: number;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Whether a persisted field is set (JSON from a database may carry `null` for an absent field). */
const isSet = (v: string | null | undefined): v is string => typeof v === 'string';

function assertClock(clock: SlaClock): void {
  if (!clock || typeof clock.startedAt !== 'string' || !Array.isArray(clock.runs)) throw new RangeError('not an SLA clock');
  if (isSet(clock.runningSince) === isSet(clock.pausedAt)) {
    throw new RangeError('an SLA clock is either running (runningSince) or paused (pausedAt)');
  }
}

/** Starts a clock of `budgetDays` working days at `at` (e.g. when the file is complete). */
export function startClock(at: Date | string, budgetDays: number): SlaClock {
  assertDays(budgetDays, 'budgetDays');
  const startedAt = iso(toInstant(at, 'at'));
  return { startedAt, budgetDays, runs: [], runningSince: startedAt, resets: 0 };
}

/** True while the clock is stopped (waiting for the applicant). */
export function isClockPaused(clock: SlaClock): boolean {
  assertClock(clock);
  return isSet(clock.pausedAt);
}

/**
 * Stops the clock at `at` (OSS 41 "Konfirmasi Persyaratan", 43 "Re-Konfirmasi"). The current running interval is
 * closed; the working day in progress does not count unless the clock is resumed before its close.
 * @throws RangeError when already paused or when `at` is before the running interval started
 */
export function pauseClock(clock: SlaClock, at: Date | string): SlaClock {
  assertClock(clock);
  const runningSince = clock.runningSince;
  if (!isSet(runningSince)) throw new RangeError('the clock is already paused');
  const atMs = toInstant(at, 'at');
  if (atMs < Date.parse(runningSince)) throw new RangeError('cannot pause before the clock (re)started');
  const { runningSince: _running, pausedAt: _paused, ...rest } = clock;
  return { ...rest, runs: [...clock.runs, { from: runningSince, to: iso(atMs) }], pausedAt: iso(atMs) };
}

export interface ResumeOptions {
  /** Restart counting from zero (OSS 44 "Data Re-Konfirmasi"); default false (OSS 42: continue). */
  reset?: boolean;
}

/**
 * Restarts a paused clock at `at` (OSS 42: counting continues; with `reset`, OSS 44: counting restarts from zero
 * at `at`). Working days whose close fell while paused are not counted.
 * @throws RangeError when the clock is running or `at` is before `pausedAt`
 */
export function resumeClock(clock: SlaClock, at: Date | string, options: ResumeOptions = {}): SlaClock {
  assertClock(clock);
  const pausedAt = clock.pausedAt;
  if (!isSet(pausedAt)) throw new RangeError('the clock is not paused');
  const atMs = toInstant(at, 'at');
  if (atMs < Date.parse(pausedAt)) throw new RangeError('cannot resume before the clock was paused');
  const { pausedAt: _paused, runningSince: _running, ...rest } = clock;
  if (options.reset) return { ...rest, startedAt: iso(atMs), runs: [], runningSince: iso(atMs), resets: clock.resets + 1 };
  return { ...rest, runningSince: iso(atMs) };
}

/** Restarts counting from zero at `at`, running, whatever the state (OSS 43 followed by 44 in one step). */
export function resetClock(clock: SlaClock, at: Date | string): SlaClock {
  assertClock(clock);
  const paused = isSet(clock.pausedAt) ? clock : pauseClock(clock, at);
  return resumeClock(paused, at, { reset: true });
}

/** Working days counted in the closed runs (closes in (from, to] of each run). */
function countedInRuns(clock: SlaClock, cal: PreparedCalendar, tz: string): number {
  let n = 0;
  for (const run of clock.runs) n += countClosesIn(Date.parse(run.from), Date.parse(run.to), cal, tz);
  return n;
}

/**
 * Working days consumed by the clock up to `at`: working days whose close fell while the clock was running
 * (between `startedAt`/a resume and a pause, or up to `at` while running). Days whose close fell while paused are
 * excluded.
 */
export function consumedWorkingDays(clock: SlaClock, at: Date | string, calendar: WorkingCalendar, tz: WorkingDayTimeZone): number {
  assertClock(clock);
  assertTimeZone(tz);
  const cal = prepare(calendar);
  let n = countedInRuns(clock, cal, tz);
  if (isSet(clock.runningSince)) {
    n += countClosesIn(Date.parse(clock.runningSince), toInstant(at, 'at'), cal, tz);
  }
  return n;
}

/** Working days left before the budget is used up at `at` (0 when used up; never negative). */
export function remainingWorkingDays(clock: SlaClock, at: Date | string, calendar: WorkingCalendar, tz: WorkingDayTimeZone): number {
  return Math.max(0, clock.budgetDays - consumedWorkingDays(clock, at, calendar, tz));
}

/** The close of the `n`-th counted working day within the closed runs, if there are that many. */
function dueWithinRuns(clock: SlaClock, n: number, cal: PreparedCalendar, tz: string): number | undefined {
  let counted = 0;
  for (const run of clock.runs) {
    const from = Date.parse(run.from);
    const to = Date.parse(run.to);
    const inRun = countClosesIn(from, to, cal, tz);
    if (counted + inRun >= n) return closeOfDay(nthCountedDay(from, n - counted, cal, tz), tz);
    counted += inRun;
  }
  return undefined;
}

/**
 * The due time of a running clock: the close (local 23:59:59.999, as UTC) of the working day on which the budget is
 * used up, assuming the clock keeps running. `undefined` while paused (no deadline runs while the office waits for
 * the applicant) — except when the budget was already used up before the pause, then that past due time.
 * A budget of 0 is due at `startedAt`.
 */
export function dueAt(clock: SlaClock, calendar: WorkingCalendar, tz: WorkingDayTimeZone): Date | undefined {
  assertClock(clock);
  assertTimeZone(tz);
  const cal = prepare(calendar);
  if (clock.budgetDays === 0) return new Date(clock.startedAt);
  const past = dueWithinRuns(clock, clock.budgetDays, cal, tz);
  if (past !== undefined) return new Date(past);
  if (!isSet(clock.runningSince)) return undefined;
  const left = clock.budgetDays - countedInRuns(clock, cal, tz);
  return new Date(closeOfDay(nthCountedDay(Date.parse(clock.runningSince), left, cal, tz), tz));
}

/**
 * True when the service level is missed at `now`: the due time has passed. A paused clock is overdue only if its
 * budget was used up before it was paused (the breach happened while it ran).
 */
export function isOverdue(clock: SlaClock, now: Date | string, calendar: WorkingCalendar, tz: WorkingDayTimeZone): boolean {
  const due = dueAt(clock, calendar, tz);
  return due !== undefined && toInstant(now, 'now') > due.getTime();
}

/**
 * True when `due` falls at the latest at the close of the next working day after `now`'s local day: the
 * moment to warn whoever must decide (one working day ahead). A due date already passed counts too.
 */
export function dueWithinOneWorkingDay(due: Date, now: Date, calendar: WorkingCalendar, tz: WorkingDayTimeZone): boolean {
  const tomorrow = new Date(endOfLocalDay(localDate(now, tz), tz).getTime() + 1);
  return addWorkingDays(tomorrow, 1, calendar, tz) >= due;
}
