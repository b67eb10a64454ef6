import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addBusinessDays,
  businessDaysBetween,
  endOfBusinessDay,
  endOfLocalDay,
  holidayCalendar,
  isBusinessDay,
  type BusinessDayOptions,
} from '../../services/businessDays';

// Local wall clock of an instant, read with Intl independently of the module: 'YYYY-MM-DD HH:MM:SS.mmm'.
const formats = new Map<string, Intl.DateTimeFormat>();
function wall(date: Date, timeZone: string): string {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      fractionalSecondDigits: 3,
    });
    formats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}.${p.fractionalSecond}`;
}
const localDate = (date: Date, timeZone: string) => wall(date, timeZone).slice(0, 10);
const localTime = (date: Date, timeZone: string) => wall(date, timeZone).slice(11);
const weekday = (ymd: string) => new Date(`${ymd}T00:00:00Z`).getUTCDay();
const nextDate = (ymd: string) => new Date(Date.parse(`${ymd}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
/** Business day per the specification, computed without the module's date arithmetic. */
const businessDate = (ymd: string, country?: string) => weekday(ymd) !== 0 && weekday(ymd) !== 6 && !holidayCalendar(country).isHoliday(ymd);

const add = (iso: string, days: number, opts: BusinessDayOptions) => addBusinessDays(new Date(iso), days, opts).toISOString();
const rome = (country?: string): BusinessDayOptions => ({ timeZone: 'Europe/Rome', country });

describe('business days', () => {
  describe('addBusinessDays: weekends', () => {
    // 2026-01-09 is a Friday.
    const cases: [string, string, number, string][] = [
      ['Fri → Mon', '2026-01-09T10:00:00+01:00', 1, '2026-01-12T10:00:00+01:00'],
      ['Thu → Fri', '2026-01-08T10:00:00+01:00', 1, '2026-01-09T10:00:00+01:00'],
      ['Fri + 5 → Fri', '2026-01-09T10:00:00+01:00', 5, '2026-01-16T10:00:00+01:00'],
      ['Mon + 5 → Mon', '2026-01-12T10:00:00+01:00', 5, '2026-01-19T10:00:00+01:00'],
      ['Sat + 1 → Mon', '2026-01-10T10:00:00+01:00', 1, '2026-01-12T10:00:00+01:00'],
      ['Sun + 1 → Mon', '2026-01-11T10:00:00+01:00', 1, '2026-01-12T10:00:00+01:00'],
      ['Sat + 5 → Fri', '2026-01-10T10:00:00+01:00', 5, '2026-01-16T10:00:00+01:00'],
      ['Sun 23:59 + 1 → Mon 23:59', '2026-01-11T23:59:59.999+01:00', 1, '2026-01-12T23:59:59.999+01:00'],
      ['Sat 00:00 + 10 → Fri of the second week', '2026-01-10T00:00:00+01:00', 10, '2026-01-23T00:00:00+01:00'],
    ];
    for (const [name, start, days, expected] of cases) {
      it(name, () => assert.equal(add(start, days, rome()), new Date(expected).toISOString()));
    }
  });

  describe('addBusinessDays: public holidays', () => {
    const cases: [string, string, number, BusinessDayOptions, string][] = [
      ['IT Christmas + Santo Stefano + weekend', '2025-12-24T10:00:00+01:00', 1, rome('IT'), '2025-12-29T10:00:00+01:00'],
      ['IT Christmas on a Friday', '2026-12-24T10:00:00+01:00', 1, rome('IT'), '2026-12-28T10:00:00+01:00'],
      ['IT New Year', '2025-12-31T10:00:00+01:00', 1, rome('IT'), '2026-01-02T10:00:00+01:00'],
      ['IT Epiphany', '2026-01-05T10:00:00+01:00', 1, rome('IT'), '2026-01-07T10:00:00+01:00'],
      ['IT Easter Monday (Good Friday is a working day)', '2025-04-17T10:00:00+02:00', 2, rome('IT'), '2025-04-22T10:00:00+02:00'],
      ['IT Liberation Day on a Friday', '2025-04-24T10:00:00+02:00', 1, rome('IT'), '2025-04-28T10:00:00+02:00'],
      ['IT Labour Day', '2025-04-30T10:00:00+02:00', 1, rome('IT'), '2025-05-02T10:00:00+02:00'],
      ['IT Republic Day', '2026-06-01T10:00:00+02:00', 1, rome('IT'), '2026-06-03T10:00:00+02:00'],
      ['IT Ferragosto on a Friday', '2025-08-14T10:00:00+02:00', 1, rome('IT'), '2025-08-18T10:00:00+02:00'],
      ['IT Saint Francis (national holiday from 2026)', '2027-10-01T10:00:00+02:00', 1, rome('IT'), '2027-10-05T10:00:00+02:00'],
      ['no country: holidays are working days', '2025-12-24T10:00:00+01:00', 1, rome(), '2025-12-25T10:00:00+01:00'],
      ['DE Good Friday + Easter Monday', '2025-04-17T10:00:00+02:00', 1, { timeZone: 'Europe/Berlin', country: 'DE' }, '2025-04-22T10:00:00+02:00'],
      ['DE Christmas Eve is not a public holiday', '2026-12-23T10:00:00+01:00', 2, { timeZone: 'Europe/Berlin', country: 'DE' }, '2026-12-28T10:00:00+01:00'],
      [
        'US Thanksgiving (the day after is a working day)',
        '2026-11-25T09:00:00-05:00',
        1,
        { timeZone: 'America/New_York', country: 'US' },
        '2026-11-27T09:00:00-05:00',
      ],
      [
        'US Independence Day observed on Friday 3 July',
        '2026-07-02T09:00:00-04:00',
        1,
        { timeZone: 'America/New_York', country: 'US' },
        '2026-07-06T09:00:00-04:00',
      ],
      ['country code is case-insensitive', '2025-08-14T10:00:00+02:00', 1, rome('it'), '2025-08-18T10:00:00+02:00'],
      ['holidays of another country in this zone', '2026-11-25T09:00:00+01:00', 1, rome('US'), '2026-11-27T09:00:00+01:00'],
      [
        'a custom calendar',
        '2026-01-09T10:00:00+01:00',
        1,
        { timeZone: 'Europe/Rome', holidays: { isHoliday: (d) => d === '2026-01-12' } },
        '2026-01-13T10:00:00+01:00',
      ],
    ];
    for (const [name, start, days, opts, expected] of cases) {
      it(name, () => assert.equal(add(start, days, opts), new Date(expected).toISOString()));
    }
  });

  describe('addBusinessDays: year ends', () => {
    const it_ = rome('IT');
    const cases: [string, string, number, BusinessDayOptions, string][] = [
      ['IT Tue 29 Dec + 3 → Mon 4 Jan (1 Jan skipped)', '2026-12-29T17:00:00+01:00', 3, it_, '2027-01-04T17:00:00+01:00'],
      ['IT Wed 30 Dec + 1 → Thu 31 Dec', '2026-12-30T17:00:00+01:00', 1, it_, '2026-12-31T17:00:00+01:00'],
      ['IT Thu 31 Dec + 1 → Mon 4 Jan', '2026-12-31T17:00:00+01:00', 1, it_, '2027-01-04T17:00:00+01:00'],
      ['IT Thu 31 Dec + 3 → Thu 7 Jan (Epiphany skipped)', '2026-12-31T17:00:00+01:00', 3, it_, '2027-01-07T17:00:00+01:00'],
      ['IT Wed 31 Dec 2025 + 3 → Wed 7 Jan', '2025-12-31T17:00:00+01:00', 3, it_, '2026-01-07T17:00:00+01:00'],
      [
        'US Thu 30 Dec 2027 + 1 → Mon 3 Jan 2028 (New Year observed on Fri 31)',
        '2027-12-30T09:00:00-05:00',
        1,
        { timeZone: 'America/New_York', country: 'US' },
        '2028-01-03T09:00:00-05:00',
      ],
      ['no country: Thu 31 Dec + 1 → Fri 1 Jan', '2026-12-31T23:00:00+01:00', 1, rome(), '2027-01-01T23:00:00+01:00'],
      ['across many year ends', '2024-12-31T12:00:00+01:00', 261 * 2 + 1, rome(), '2027-01-01T12:00:00+01:00'],
    ];
    for (const [name, start, days, opts, expected] of cases) {
      it(name, () => assert.equal(add(start, days, opts), new Date(expected).toISOString()));
    }
  });

  describe('addBusinessDays: daylight saving time', () => {
    const cases: [string, string, number, string, string][] = [
      ['Rome, spring forward on the weekend: same wall clock, 71 h later', 'Europe/Rome', 1, '2026-03-27T10:00:00+01:00', '2026-03-30T10:00:00+02:00'],
      ['Rome, fall back on the weekend: same wall clock, 73 h later', 'Europe/Rome', 1, '2026-10-23T10:00:00+02:00', '2026-10-26T10:00:00+01:00'],
      ['Rome, 02:30 exists again on Monday after the spring gap', 'Europe/Rome', 1, '2026-03-27T02:30:00+01:00', '2026-03-30T02:30:00+02:00'],
      ['New York, spring forward', 'America/New_York', 1, '2026-03-06T09:00:00-05:00', '2026-03-09T09:00:00-04:00'],
      ['New York, fall back', 'America/New_York', 1, '2026-10-30T17:00:00-04:00', '2026-11-02T17:00:00-05:00'],
      ['New York, 10 business days across the change', 'America/New_York', 10, '2026-10-26T08:00:00-04:00', '2026-11-09T08:00:00-05:00'],
      // Weekday transitions: Israel moves clocks forward on a Friday at 02:00, Egypt on a Friday at 00:00 and back
      // on a Thursday at 24:00.
      ['Jerusalem, Fri 02:30 does not exist: the next valid instant, 03:00', 'Asia/Jerusalem', 1, '2024-03-28T02:30:00+02:00', '2024-03-29T03:00:00+03:00'],
      ['Jerusalem, Fri 01:59:59.999 exists', 'Asia/Jerusalem', 1, '2024-03-28T01:59:59.999+02:00', '2024-03-29T01:59:59.999+02:00'],
      ['Jerusalem, Fri 03:00 exists', 'Asia/Jerusalem', 1, '2024-03-28T03:00:00+02:00', '2024-03-29T03:00:00+03:00'],
      ['Cairo, Fri 00:30 does not exist: 01:00', 'Africa/Cairo', 1, '2024-04-25T00:30:00+02:00', '2024-04-26T01:00:00+03:00'],
      ['Cairo, Thu 23:30 occurs twice: the earlier', 'Africa/Cairo', 1, '2023-10-25T23:30:00+03:00', '2023-10-26T23:30:00+03:00'],
      ['Cairo, from the second 23:30 of that Thursday', 'Africa/Cairo', 1, '2023-10-26T23:30:00+02:00', '2023-10-27T23:30:00+02:00'],
      ['Cairo, from the first 23:30 of that Thursday', 'Africa/Cairo', 1, '2023-10-26T23:30:00+03:00', '2023-10-27T23:30:00+02:00'],
    ];
    for (const [name, timeZone, days, start, expected] of cases) {
      it(name, () => assert.equal(add(start, days, { timeZone }), new Date(expected).toISOString()));
    }

    it('a then b equals a + b only when the wall clock exists on the intermediate day', () => {
      const opts = { timeZone: 'Asia/Jerusalem' };
      const start = new Date('2024-03-28T02:30:00+02:00'); // Thursday
      const viaFriday = addBusinessDays(addBusinessDays(start, 1, opts), 1, opts);
      assert.equal(viaFriday.toISOString(), new Date('2024-04-01T03:00:00+03:00').toISOString());
      assert.equal(addBusinessDays(start, 2, opts).toISOString(), new Date('2024-04-01T02:30:00+03:00').toISOString());
    });
  });

  describe('addBusinessDays: local date differs from the UTC date', () => {
    const cases: [string, string, string, number, string][] = [
      ['Los Angeles Fri 23:30 (Sat in UTC) + 1 → Mon 23:30', 'America/Los_Angeles', '2026-01-09T23:30:00-08:00', 1, '2026-01-12T23:30:00-08:00'],
      ['Los Angeles Sun 17:00 (Mon in UTC) + 1 → Mon 17:00', 'America/Los_Angeles', '2026-01-11T17:00:00-08:00', 1, '2026-01-12T17:00:00-08:00'],
      ['Auckland Fri 08:00 (Thu in UTC) + 1 → Mon 08:00', 'Pacific/Auckland', '2026-01-09T08:00:00+13:00', 1, '2026-01-12T08:00:00+13:00'],
      ['Auckland Mon 01:00 (Sun in UTC) + 0 stays', 'Pacific/Auckland', '2026-01-12T01:00:00+13:00', 0, '2026-01-12T01:00:00+13:00'],
      ['Kolkata half-hour offset', 'Asia/Kolkata', '2026-01-09T23:45:00+05:30', 1, '2026-01-12T23:45:00+05:30'],
    ];
    for (const [name, timeZone, start, days, expected] of cases) {
      it(name, () => assert.equal(add(start, days, { timeZone }), new Date(expected).toISOString()));
    }

    it('holidays are taken on the local date: Christmas starts at 23:30 UTC in Rome', () => {
      const christmasEveUtc = new Date('2026-12-24T23:30:00Z'); // Friday 25 Dec 00:30 in Rome
      assert.equal(isBusinessDay(christmasEveUtc, rome('IT')), false);
      assert.equal(isBusinessDay(christmasEveUtc, { timeZone: 'UTC', country: 'IT' }), true);
      assert.equal(isBusinessDay(christmasEveUtc, { timeZone: 'America/Los_Angeles', country: 'IT' }), true);
    });
  });

  describe('addBusinessDays: days = 0', () => {
    for (const iso of ['2026-01-10T10:00:00+01:00', '2026-12-25T10:00:00+01:00', '2026-01-07T08:15:30.123+01:00']) {
      it(`returns the start instant (${iso})`, () => {
        const start = new Date(iso);
        const result = addBusinessDays(start, 0, rome('IT'));
        assert.equal(result.getTime(), start.getTime());
        assert.notEqual(result, start); // a copy: the caller's Date is never shared
      });
    }
  });

  describe('bad input', () => {
    const start = new Date('2026-01-09T10:00:00Z');
    for (const days of [-1, 1.5, NaN, Infinity, -Infinity, 36_501, '1' as unknown as number]) {
      it(`days = ${typeof days === 'string' ? `'${days}'` : String(days)} throws RangeError`, () => {
        assert.throws(() => addBusinessDays(start, days, rome()), RangeError);
      });
    }
    it('an invalid Date throws RangeError', () => {
      assert.throws(() => addBusinessDays(new Date('nope'), 1, rome()), RangeError);
      assert.throws(() => isBusinessDay(new Date(NaN), rome()), RangeError);
      assert.throws(() => businessDaysBetween(start, new Date(NaN), rome()), RangeError);
    });
    it('dates outside 1900–9999 throw RangeError', () => {
      assert.throws(() => addBusinessDays(new Date('1899-06-01T00:00:00Z'), 1, rome()), RangeError);
      assert.throws(() => addBusinessDays(new Date('9999-12-29T00:00:00Z'), 5, rome()), RangeError);
    });
    it('an unknown time zone throws a clear Error, even with days = 0', () => {
      assert.throws(() => addBusinessDays(start, 1, { timeZone: 'Mars/Base' }), { message: "unknown time zone 'Mars/Base'" });
      assert.throws(() => addBusinessDays(start, 0, { timeZone: 'Mars/Base' }), { message: "unknown time zone 'Mars/Base'" });
      assert.throws(() => isBusinessDay(start, { timeZone: '' }), { message: "unknown time zone ''" });
    });
    it('an unknown country code throws a clear Error, even with days = 0', () => {
      assert.throws(() => holidayCalendar('XX'), { message: "unknown country code 'XX'" });
      assert.throws(() => holidayCalendar('ITA'), { message: "unknown country code 'ITA'" });
      assert.throws(() => holidayCalendar(''), { message: "unknown country code ''" });
      assert.throws(() => addBusinessDays(start, 0, { timeZone: 'UTC', country: 'XX' }), { message: "unknown country code 'XX'" });
    });
    it('country and holidays together throw TypeError', () => {
      assert.throws(() => addBusinessDays(start, 1, { timeZone: 'UTC', country: 'IT', holidays: holidayCalendar('IT') }), TypeError);
    });
    it('a malformed local date throws RangeError', () => {
      for (const d of ['2026-13-01', '2026-02-30', '26-01-01', '2026-1-1', '2026-01-01T00:00']) {
        assert.throws(() => holidayCalendar('IT').isHoliday(d), RangeError, d);
        assert.throws(() => holidayCalendar().isHoliday(d), RangeError, d);
      }
    });
  });

  describe('holidayCalendar', () => {
    it('is cached per country, case-insensitively', () => {
      assert.equal(holidayCalendar('IT'), holidayCalendar('it'));
      assert.notEqual(holidayCalendar('IT'), holidayCalendar('DE'));
    });
    it('holds only public holidays', () => {
      const it_ = holidayCalendar('IT');
      for (const d of [
        '2026-01-01',
        '2026-01-06',
        '2026-04-06',
        '2026-04-25',
        '2026-05-01',
        '2026-06-02',
        '2026-08-15',
        '2026-11-01',
        '2026-12-08',
        '2026-12-25',
        '2026-12-26',
      ]) {
        assert.equal(it_.isHoliday(d), true, d);
      }
      assert.equal(it_.isHoliday('2026-04-03'), false); // Good Friday
      assert.equal(it_.isHoliday('2026-05-10'), false); // Mother's Day: an observance
      const us = holidayCalendar('US');
      assert.equal(us.isHoliday('2026-11-26'), true); // Thanksgiving
      assert.equal(us.isHoliday('2026-11-27'), false); // the day after: an observance
      assert.equal(us.isHoliday('2026-12-24'), false); // Christmas Eve: optional
      assert.equal(holidayCalendar('DE').isHoliday('2026-12-24'), false); // Heiligabend: a bank holiday
      assert.equal(holidayCalendar().isHoliday('2026-12-25'), false);
    });
    it('covers every date of a multi-day public holiday', () => {
      // Eid al-Fitr in the UAE lasts three days (from 2025-03-30), starting the evening before.
      const ae = holidayCalendar('AE');
      assert.deepEqual(
        ['2025-03-29', '2025-03-30', '2025-03-31', '2025-04-01', '2025-04-02'].map((d) => ae.isHoliday(d)),
        [false, true, true, true, false],
      );
    });
  });

  describe('businessDaysBetween and isBusinessDay', () => {
    it('counts business days in (local date of a, local date of b]', () => {
      const opts = rome('IT');
      const fri = new Date('2025-12-19T10:00:00+01:00');
      assert.equal(businessDaysBetween(fri, fri, opts), 0);
      assert.equal(businessDaysBetween(fri, new Date('2025-12-19T23:59:00+01:00'), opts), 0);
      assert.equal(businessDaysBetween(fri, new Date('2025-12-22T00:00:00+01:00'), opts), 1);
      // 22, 23, 24, 29, 30, 31 Dec, 2 Jan
      assert.equal(businessDaysBetween(fri, new Date('2026-01-02T08:00:00+01:00'), opts), 7);
      assert.equal(businessDaysBetween(new Date('2026-01-02T08:00:00+01:00'), fri, opts), -7);
    });
    it('tells business days from the rest', () => {
      assert.equal(isBusinessDay(new Date('2026-01-09T12:00:00+01:00'), rome('IT')), true);
      assert.equal(isBusinessDay(new Date('2026-01-10T12:00:00+01:00'), rome('IT')), false);
      assert.equal(isBusinessDay(new Date('2026-01-11T12:00:00+01:00'), rome('IT')), false);
      assert.equal(isBusinessDay(new Date('2026-01-06T12:00:00+01:00'), rome('IT')), false);
      assert.equal(isBusinessDay(new Date('2026-01-06T12:00:00+01:00'), rome()), true);
    });
  });

  describe('properties', () => {
    const zones = [
      'UTC',
      'Europe/Rome',
      'America/New_York',
      'America/Los_Angeles',
      'Pacific/Auckland',
      'Asia/Kolkata',
      'Asia/Jerusalem',
      'Africa/Cairo',
      'Australia/Lord_Howe',
    ];
    const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-12-31T23:59:59.999Z'), noInvalidDate: true });
    const options = fc.record({
      timeZone: fc.constantFrom(...zones),
      country: fc.constantFrom<string | undefined>(undefined, 'IT', 'US', 'DE'),
    });
    const days = fc.integer({ min: 0, max: 30 });
    const run = { numRuns: 200 };

    it('(1) the result is never before the start', () => {
      fc.assert(
        fc.property(instant, days, options, (start, n, opts) => addBusinessDays(start, n, opts) >= start),
        run,
      );
    });

    it('(2) the result falls on a business day (days ≥ 1)', () => {
      fc.assert(
        fc.property(instant, fc.integer({ min: 1, max: 30 }), options, (start, n, opts) => {
          const result = addBusinessDays(start, n, opts);
          return businessDate(localDate(result, opts.timeZone), opts.country) && isBusinessDay(result, opts);
        }),
        run,
      );
    });

    it('(3) exactly `days` business days lie in (local start date, local result date]', () => {
      fc.assert(
        fc.property(instant, days, options, (start, n, opts) => {
          const result = addBusinessDays(start, n, opts);
          let count = 0;
          for (let d = localDate(start, opts.timeZone); d < localDate(result, opts.timeZone);) {
            d = nextDate(d);
            if (businessDate(d, opts.country)) count += 1;
          }
          return count === n && businessDaysBetween(start, result, opts) === n;
        }),
        run,
      );
    });

    it('(4) monotonic: more days never give an earlier result', () => {
      fc.assert(
        fc.property(instant, days, days, options, (start, a, b, opts) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          return addBusinessDays(start, lo, opts) <= addBusinessDays(start, hi, opts);
        }),
        run,
      );
    });

    it('(5) a then b business days equals a + b, when the wall clock exists on the intermediate day', () => {
      const half = fc.integer({ min: 0, max: 15 });
      fc.assert(
        fc.property(instant, half, half, options, (start, a, b, opts) => {
          const mid = addBusinessDays(start, a, opts);
          // Precondition: no DST gap moved the intermediate result off the start's wall-clock time.
          fc.pre(localTime(mid, opts.timeZone) === localTime(start, opts.timeZone));
          return addBusinessDays(mid, b, opts).getTime() === addBusinessDays(start, a + b, opts).getTime();
        }),
        run,
      );
    });

    it("(6) the result keeps the start's wall-clock time, or is the first instant past it (DST gap)", () => {
      fc.assert(
        fc.property(instant, fc.integer({ min: 1, max: 30 }), options, (start, n, opts) => {
          const result = addBusinessDays(start, n, opts);
          const wanted = `${localDate(result, opts.timeZone)} ${localTime(start, opts.timeZone)}`;
          const got = wall(result, opts.timeZone);
          return got === wanted || (got > wanted && wall(new Date(result.getTime() - 1), opts.timeZone) < wanted);
        }),
        run,
      );
    });

    it('(6) also around weekday DST transitions', () => {
      // Starts in the week before the Jerusalem / Cairo spring-forward Fridays, so gaps are actually hit.
      const nearGap = fc.record({
        base: fc.constantFrom(
          { timeZone: 'Asia/Jerusalem', from: Date.parse('2024-03-21T00:00:00+02:00') },
          { timeZone: 'Africa/Cairo', from: Date.parse('2024-04-18T00:00:00+02:00') },
          { timeZone: 'Africa/Cairo', from: Date.parse('2023-10-19T00:00:00+03:00') },
        ),
        offset: fc.integer({ min: 0, max: 7 * 86_400_000 - 1 }),
        // Biased towards the transition hours (00:00–03:00 local), where gaps and repeats are.
        hourBias: fc.boolean(),
      });
      fc.assert(
        fc.property(nearGap, fc.integer({ min: 1, max: 6 }), ({ base, offset, hourBias }, n) => {
          const ms = hourBias ? Math.floor(offset / 86_400_000) * 86_400_000 + (offset % (3 * 3_600_000)) : offset;
          const start = new Date(base.from + ms);
          const opts = { timeZone: base.timeZone };
          const result = addBusinessDays(start, n, opts);
          const wanted = `${localDate(result, opts.timeZone)} ${localTime(start, opts.timeZone)}`;
          const got = wall(result, opts.timeZone);
          const ok = got === wanted || (got > wanted && wall(new Date(result.getTime() - 1), opts.timeZone) < wanted);
          return ok && businessDaysBetween(start, result, opts) === n && result >= start;
        }),
        run,
      );
    });
  });
});

describe('ends of days (windows a person is told in days)', () => {
  // [what, start, days, time zone, the deadline's instant]
  const LOCAL_DAYS: [string, string, number, string, string][] = [
    ['day 0 is the start date itself', '2026-11-25T10:00:00Z', 0, 'UTC', '2026-11-25T23:59:59.999Z'],
    ['day 30 in Rome (winter, +1)', '2026-11-25T10:00:00Z', 30, 'Europe/Rome', '2026-12-25T22:59:59.999Z'],
    ['a rejection at 00:30 Rome counts from the Rome date, not the UTC one', '2026-11-27T23:30:00Z', 1, 'Europe/Rome', '2026-11-29T22:59:59.999Z'],
    ['weekends and holidays count as days', '2026-12-24T09:00:00Z', 2, 'Europe/Rome', '2026-12-26T22:59:59.999Z'],
    ['across the spring DST change (+1 to +2)', '2027-03-20T12:00:00Z', 10, 'Europe/Rome', '2027-03-30T21:59:59.999Z'],
    ['the autumn DST change day is 25 hours long', '2026-10-24T12:00:00Z', 1, 'Europe/Rome', '2026-10-25T22:59:59.999Z'],
    ['Los Angeles, behind UTC', '2026-11-25T05:00:00Z', 1, 'America/Los_Angeles', '2026-11-26T07:59:59.999Z'],
    ['a midnight skipped by the clocks (Cairo, 2024-04-26 00:00 -> 01:00)', '2024-04-20T12:00:00Z', 5, 'Africa/Cairo', '2024-04-25T21:59:59.999Z'],
  ];
  for (const [what, start, days, timeZone, end] of LOCAL_DAYS) {
    it(`endOfLocalDay: ${what}`, () => {
      const result = endOfLocalDay(new Date(start), days, timeZone);
      assert.equal(result.toISOString(), end);
      assert.notEqual(localDate(new Date(result.getTime() + 1), timeZone), localDate(result, timeZone), 'the next millisecond is another day');
    });
  }

  // [what, start, business days, calendar, the deadline's instant]
  const BUSINESS_DAYS: [string, string, number, BusinessDayOptions, string][] = [
    ['Wednesday 11:00 Rome + 5 = the end of next Wednesday', '2026-11-25T10:00:00Z', 5, rome('IT'), '2026-12-02T22:59:59.999Z'],
    ['Friday 23:30 Rome + 1 = the end of Monday', '2026-11-27T22:30:00Z', 1, rome('IT'), '2026-11-30T22:59:59.999Z'],
    ['24 December + 5 skips Christmas, St Stephen, New Year and weekends', '2026-12-24T09:00:00Z', 5, rome('IT'), '2027-01-04T22:59:59.999Z'],
    ['the same without a holiday country: 31 December', '2026-12-24T09:00:00Z', 5, rome(), '2026-12-31T22:59:59.999Z'],
    ['0 days: the start instant itself', '2026-11-25T10:00:00Z', 0, rome('IT'), '2026-11-25T10:00:00.000Z'],
  ];
  for (const [what, start, days, opts, end] of BUSINESS_DAYS) {
    it(`endOfBusinessDay: ${what}`, () => {
      const result = endOfBusinessDay(new Date(start), days, opts);
      assert.equal(result.toISOString(), end);
      assert.equal(businessDaysBetween(new Date(start), result, opts), days);
    });
  }

  it("a start within the hour of a clock change that is not on the hour in UTC (St John's: 05:30Z, -03:30 -> -02:30): its own wall-clock time", () => {
    // 05:15Z is 01:45 local, before the change; 05:45Z is 03:15 local, after it: + 1 business day keeps each.
    assert.equal(add('2026-03-08T05:15:00Z', 1, { timeZone: 'America/St_Johns' }), '2026-03-09T04:15:00.000Z');
    assert.equal(add('2026-03-08T05:45:00Z', 1, { timeZone: 'America/St_Johns' }), '2026-03-09T05:45:00.000Z');
    assert.equal(localTime(new Date('2026-03-08T05:45:00Z'), 'America/St_Johns').slice(0, 5), '03:15');
  });

  it('endOfLocalDay at any instant of 1900–2100, in zones with odd offsets and clock changes: the last millisecond of that local day, asked cold and again (offsets are kept per hour)', () => {
    const zones = [
      'Europe/Rome',
      'America/New_York',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'Asia/Kathmandu',
      'Africa/Casablanca',
      'America/St_Johns',
      'Europe/Amsterdam',
    ];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-03T00:00:00Z'), max: new Date('2100-12-28T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 3 }),
        (start, timeZone, days) => {
          const end = endOfLocalDay(start, days, timeZone);
          let expected = localDate(start, timeZone);
          for (let d = 0; d < days; d++) expected = nextDate(expected);
          return (
            endOfLocalDay(start, days, timeZone).getTime() === end.getTime() &&
            localDate(end, timeZone) === expected &&
            localDate(new Date(end.getTime() + 1), timeZone) > expected
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  it('refuses what addBusinessDays refuses', () => {
    assert.throws(() => endOfLocalDay(new Date('2026-11-25T10:00:00Z'), -1, 'UTC'), RangeError);
    assert.throws(() => endOfLocalDay(new Date('2026-11-25T10:00:00Z'), 1.5, 'UTC'), RangeError);
    assert.throws(() => endOfLocalDay(new Date('nope'), 1, 'UTC'), RangeError);
    assert.throws(() => endOfLocalDay(new Date('2026-11-25T10:00:00Z'), 1, 'Mars/Olympus'), /unknown time zone/);
    assert.throws(() => endOfBusinessDay(new Date('2026-11-25T10:00:00Z'), 1, { timeZone: 'UTC', country: 'XX' }), /unknown country/);
  });
});
