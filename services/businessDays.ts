// Business-day deadlines ("N business days after approval") in a given IANA time zone, skipping Saturdays,
// Sundays and a country's public holidays. Pure: no I/O, no clock; holiday data comes from the `date-holidays`
// package (bundled data, loaded lazily on first use of a country).
//
// Time zones use only `Intl.DateTimeFormat`:
// - instant -> local wall clock: `formatToParts` in the zone (Gregorian calendar, 24-hour clock);
// - local wall clock -> instant: read the wall clock W as if it were UTC, then look for an instant t with
//   t + offset(t) = W by iterating on the offset. The candidate offsets are those in force one day before and one
//   day after W (every real zone has at most one transition within such a window), each refined once more
//   (t = W - offset(W - o)); a candidate t is accepted when the offset in force at t is the one that produced it
//   (a fixed point). Two fixed points = ambiguous wall clock (clocks went back): the earlier is taken. None =
//   the wall clock falls in a gap (clocks went forward): the transition instant is found by bisection between the
//   two candidates, i.e. the first instant whose wall clock is past W.
import type HolidaysClass from 'date-holidays';

/** Public holidays of one calendar, by local date. */
export interface HolidayCalendar {
  /** `localDate` is a calendar date `YYYY-MM-DD`; true when it is (part of) a public holiday. */
  isHoliday(localDate: string): boolean;
}

export interface BusinessDayOptions {
  /** IANA time zone in which days are counted, e.g. 'Europe/Rome'. */
  timeZone: string;
  /** ISO 3166-1 alpha-2 code whose public holidays are skipped (case-insensitive); none when undefined. */
  country?: string;
  /** A holiday calendar to use instead of `country`'s (give one or the other, not both). */
  holidays?: HolidayCalendar;
}

/**
 * The deadline `days` business days after `start`, counted in `opts.timeZone`.
 *
 * Semantics:
 * - A business day is a local calendar date (in `opts.timeZone`) that is not a Saturday or a Sunday and not a
 *   public holiday of the calendar (`opts.holidays`, or `opts.country`'s, or none).
 * - Let D0 be the local date of `start` (a business day or not) and T its local wall-clock time. The result is on
 *   D, the `days`-th business day after D0 (D0 itself is never counted), at wall-clock time T. Example: Friday
 *   10:00 + 1 = Monday 10:00; Saturday 10:00 + 1 = Monday 10:00; Friday 23:30 in Los Angeles + 1 = Monday 23:30
 *   in Los Angeles, whatever the UTC date.
 * - If T does not exist on D (clocks went forward), the result is the first instant after the gap (the transition
 *   instant, whose wall clock reads the end of the gap, e.g. 03:00 for a 02:00->03:00 jump). If T occurs twice on
 *   D (clocks went back), the result is the earlier occurrence. In short: the first instant at which the local
 *   clock, running through D, reaches or passes T.
 * - `days = 0` returns `start` unchanged (a new Date with the same instant), even on a weekend or holiday.
 * - Consequence of the gap rule: add(add(s, a), b) equals add(s, a + b) whenever T exists on the a-th business day.
 *
 * Throws RangeError for a negative, non-integer or too large `days` (max 36,500), an invalid `start`, or a start or
 * deadline outside 1900-01-01 to 9999-12-30; Error for an unknown time zone or country code; TypeError if both `country` and
 * `holidays` are given.
 */
export function addBusinessDays(start: Date, days: number, opts: BusinessDayOptions): Date {
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 0) {
    throw new RangeError(`days must be a non-negative integer, got ${String(days)}`);
  }
  if (days > MAX_DAYS) throw new RangeError(`days must be at most ${MAX_DAYS}, got ${days}`);
  const zone = zoneOf(opts.timeZone);
  const calendar = calendarOf(opts);
  const startMs = instantMs(start, 'start');
  const local = zone.wallClock(startMs);
  if (days === 0) return new Date(startMs);
  let date = dayNumber(local);
  for (let counted = 0; counted < days;) {
    date += 1;
    if (isBusinessDayNumber(date, calendar)) counted += 1;
  }
  const target = date * DAY_MS + (local - dayNumber(local) * DAY_MS);
  checkRange(target);
  return new Date(zone.instantOf(target));
}

/**
 * The end of the `days`-th business day after `start`'s local date (D0 itself is never counted, as in
 * addBusinessDays): the last millisecond before the following local midnight in `opts.timeZone`. A window of "N
 * business days" a person is told ends there, not at the clock time it started, so it can be stated as a date.
 * `days = 0` returns `start` unchanged (a window of no days ends when it starts). Throws as addBusinessDays.
 */
export function endOfBusinessDay(start: Date, days: number, opts: BusinessDayOptions): Date {
  const deadline = addBusinessDays(start, days, opts);
  return days === 0 ? deadline : endOfLocalDay(deadline, 0, opts.timeZone);
}

/**
 * The end of the local calendar day `days` days after `start`'s local date in `timeZone` (day 0: `start`'s own
 * date), weekends and holidays included: the last millisecond before the next local midnight (or before the first
 * instant of the next day, when a clock change skips midnight). "Within 30 days" of a rejection ends there.
 * Throws RangeError for a negative, non-integer or too large `days` or an invalid `start`; Error for an unknown
 * time zone.
 */
export function endOfLocalDay(start: Date, days: number, timeZone: string): Date {
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 0) {
    throw new RangeError(`days must be a non-negative integer, got ${String(days)}`);
  }
  if (days > MAX_DAYS) throw new RangeError(`days must be at most ${MAX_DAYS}, got ${days}`);
  const zone = zoneOf(timeZone);
  const nextMidnight = (dayNumber(zone.wallClock(instantMs(start, 'start'))) + days + 1) * DAY_MS;
  checkRange(nextMidnight);
  return new Date(zone.instantOf(nextMidnight) - 1);
}

/** Whether the local date of `date` in `opts.timeZone` is a business day (see addBusinessDays). */
export function isBusinessDay(date: Date, opts: BusinessDayOptions): boolean {
  const zone = zoneOf(opts.timeZone);
  const calendar = calendarOf(opts);
  return isBusinessDayNumber(dayNumber(zone.wallClock(instantMs(date, 'date'))), calendar);
}

/**
 * The number of business days d with localDate(a) < d <= localDate(b), local dates in `opts.timeZone`;
 * negative (minus the count with localDate(b) < d <= localDate(a)) when b's local date is before a's.
 * So businessDaysBetween(s, addBusinessDays(s, n, opts), opts) === n.
 */
export function businessDaysBetween(a: Date, b: Date, opts: BusinessDayOptions): number {
  const zone = zoneOf(opts.timeZone);
  const calendar = calendarOf(opts);
  const from = dayNumber(zone.wallClock(instantMs(a, 'a')));
  const to = dayNumber(zone.wallClock(instantMs(b, 'b')));
  const [lo, hi, sign] = from <= to ? [from, to, 1] : [to, from, -1];
  let count = 0;
  for (let d = lo + 1; d <= hi; d += 1) if (isBusinessDayNumber(d, calendar)) count += 1;
  return sign * count;
}

/**
 * The public holidays (date-holidays type 'public', including substitute days) of `country`, an ISO 3166-1
 * alpha-2 code (case-insensitive); with no country, a calendar without holidays. Only national holidays: the
 * country's states/regions are not applied. Cached per country. Throws Error("unknown country code 'XX'").
 */
export function holidayCalendar(country?: string): HolidayCalendar {
  if (country === undefined) return NO_HOLIDAYS;
  const code = typeof country === 'string' ? country.toUpperCase() : '';
  const cached = calendars.get(code);
  if (cached) return cached;
  const Holidays = loadHolidays();
  if (!/^[A-Z]{2}$/.test(code) || !Object.prototype.hasOwnProperty.call(new Holidays().getCountries(), code)) {
    throw new Error(`unknown country code '${String(country)}'`);
  }
  const calendar = new CountryCalendar(new Holidays(code, { types: ['public'] }));
  calendars.set(code, calendar);
  return calendar;
}

// ---------------------------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const MAX_DAYS = 36_500;
/** Supported instants (and wall clocks): four-digit Gregorian years, with a margin for any UTC offset. */
const MIN_MS = Date.UTC(1900, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 30);

const NO_HOLIDAYS: HolidayCalendar = {
  isHoliday(localDate) {
    parseLocalDate(localDate);
    return false;
  },
};

const calendars = new Map<string, HolidayCalendar>();

let holidaysClass: typeof HolidaysClass | undefined;
/** date-holidays is loaded on first use: its data takes ~0.1 s to load and most processes never need it. */
function loadHolidays(): typeof HolidaysClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  holidaysClass ??= require('date-holidays') as typeof HolidaysClass;
  return holidaysClass;
}

class CountryCalendar implements HolidayCalendar {
  private readonly dates = new Set<string>();
  private readonly loadedYears = new Set<number>();
  constructor(private readonly source: HolidaysClass) {}

  isHoliday(localDate: string): boolean {
    const year = parseLocalDate(localDate).year;
    // A holiday of the previous year may run into this one (multi-day holidays).
    this.load(year - 1);
    this.load(year);
    return this.dates.has(localDate);
  }

  private load(year: number): void {
    if (this.loadedYears.has(year)) return;
    for (const holiday of this.source.getHolidays(year)) {
      if (holiday.type !== 'public') continue;
      // `date` is the holiday's local calendar date ("YYYY-MM-DD hh:mm:ss [-hh:mm]"); holidays beginning the
      // evening before (" -0600") still belong to that date. Multi-day holidays cover `length` dates.
      const first = dayNumberOf(parseLocalDate(holiday.date.slice(0, 10)));
      const length = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / DAY_MS));
      for (let i = 0; i < length; i += 1) this.dates.add(dateKey(first + i));
    }
    this.loadedYears.add(year);
  }
}

function calendarOf(opts: BusinessDayOptions): HolidayCalendar {
  if (opts.holidays !== undefined) {
    if (opts.country !== undefined) throw new TypeError('give either country or holidays, not both');
    return opts.holidays;
  }
  return holidayCalendar(opts.country);
}

/** Days since 1970-01-01 of a local date; dates are handled as day numbers (UTC arithmetic, no zone). */
function isBusinessDayNumber(day: number, calendar: HolidayCalendar): boolean {
  const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4); 0 = Sunday
  return weekday !== 0 && weekday !== 6 && !calendar.isHoliday(dateKey(day));
}

/** Day number of a wall-clock time expressed as milliseconds since 1970-01-01T00:00 local. */
function dayNumber(wallMs: number): number {
  return Math.floor(wallMs / DAY_MS);
}

function dayNumberOf(d: { year: number; month: number; day: number }): number {
  return dayNumber(utcMs(d.year, d.month, d.day));
}

function dateKey(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function parseLocalDate(localDate: string): { year: number; month: number; day: number } {
  const m = typeof localDate === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate) : null;
  const parsed = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
  if (!parsed || dateKey(dayNumberOf(parsed)) !== localDate) {
    throw new RangeError(`invalid local date '${String(localDate)}' (expected YYYY-MM-DD)`);
  }
  return parsed;
}

/** Date.UTC without its 0–99 => 1900–1999 quirk. */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  d.setUTCFullYear(year + d.getUTCFullYear() - 2000);
  return d.getTime();
}

function instantMs(date: Date, name: string): number {
  const ms = date instanceof Date ? date.getTime() : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`);
  checkRange(ms);
  return ms;
}

function checkRange(ms: number): void {
  if (ms < MIN_MS || ms > MAX_MS) throw new RangeError('dates must be between 1900-01-01 and 9999-12-30');
}

interface Zone {
  /** The local wall clock at instant `ms`, as milliseconds since 1970-01-01T00:00 local. */
  wallClock(ms: number): number;
  /** The first instant at which the local clock reaches or passes `wallMs` (see the header comment). */
  instantOf(wallMs: number): number;
}

const zones = new Map<string, Zone>();

function zoneOf(timeZone: string): Zone {
  let zone = zones.get(timeZone);
  if (!zone) {
    let format: Intl.DateTimeFormat;
    try {
      if (typeof timeZone !== 'string' || timeZone === '') throw new RangeError();
      format = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new Error(`unknown time zone '${String(timeZone)}'`);
    }
    zone = makeZone(format);
    zones.set(timeZone, zone);
  }
  return zone;
}

/** Hours of time whose offset a zone remembers (a year's worth); past that it starts again. */
const HOURS_KEPT = 10_000;
const HOUR_MS = 3_600_000;

function makeZone(format: Intl.DateTimeFormat): Zone {
  const exactWallClock = (ms: number): number => {
    const p: Record<string, number> = {};
    for (const part of format.formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
    // Offsets are whole seconds, so the milliseconds carry over unchanged.
    return utcMs(p.year, p.month, p.day, p.hour, p.minute, p.second, ((ms % 1000) + 1000) % 1000);
  };
  // formatToParts costs microseconds a call, and a deadline asks it a dozen times (a review card, a scheduler pass:
  // many deadlines), so the offset is looked up once per hour of time: an hour whose first and last millisecond
  // have the same offset has it throughout, as no zone changes its offset twice within an hour. An hour with a
  // change in it (null) is asked each time.
  const hourOffsets = new Map<number, number | null>();
  const wallClock = (ms: number): number => {
    const hour = Math.floor(ms / HOUR_MS);
    let offset = hourOffsets.get(hour);
    if (offset === undefined) {
      const first = hour * HOUR_MS;
      const last = first + HOUR_MS - 1;
      const atFirst = exactWallClock(first) - first;
      offset = atFirst === exactWallClock(last) - last ? atFirst : null;
      if (hourOffsets.size >= HOURS_KEPT) hourOffsets.clear();
      hourOffsets.set(hour, offset);
    }
    return offset === null ? exactWallClock(ms) : ms + offset;
  };
  const offset = (ms: number) => wallClock(ms) - ms;
  const instantOf = (wallMs: number): number => {
    const before = offset(wallMs - DAY_MS);
    const after = offset(wallMs + DAY_MS);
    const seeds = new Set([before, after, offset(wallMs - before), offset(wallMs - after)]);
    const fixedPoints = [...seeds].map((o) => wallMs - o).filter((t) => offset(t) === wallMs - t);
    if (fixedPoints.length > 0) return Math.min(...fixedPoints);
    // Gap: the wall clock jumps over wallMs between lo (before it) and hi (after it).
    let lo = wallMs - Math.max(before, after);
    let hi = wallMs - Math.min(before, after);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (wallClock(mid) > wallMs) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  return { wallClock, instantOf };
}
