import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantOf, localDay, minuteOfDay, occurrences, toRRule, type SlotPattern } from '../../../../electron/core/calendar/recurrence';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';
const utc = (s: string) => Date.parse(s);
/** Occurrences as local "YYYY-MM-DD HH:MM" in the zone. */
function local(p: SlotPattern, zone: string, from: string, to: string, start?: string): string[] {
  return occurrences(toRRule(p), zone, utc(from), utc(to), start).map((t) => {
    const m = minuteOfDay(t, zone);
    return `${localDay(t, zone)} ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  });
}

describe('column slots as RRULEs', () => {
  it('writes the RRULE each pattern is stored as', () => {
    expect(toRRule({ kind: 'daily', time: '08:30' })).toBe('FREQ=DAILY;BYHOUR=8;BYMINUTE=30;BYSECOND=0');
    expect(toRRule({ kind: 'weekdays', time: '14:00' })).toBe('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=14;BYMINUTE=0;BYSECOND=0');
    expect(toRRule({ kind: 'some-weekdays', time: '20:00', weekdays: [5, 1, 3, 3] })).toBe('FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=20;BYMINUTE=0;BYSECOND=0');
    expect(toRRule({ kind: 'month-day', time: '09:00', monthDay: -1 })).toBe('FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=9;BYMINUTE=0;BYSECOND=0');
    expect(toRRule({ kind: 'every-n-weeks', time: '19:30', weekdays: [2], interval: 2, start: '2026-12-01' })).toBe('FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=TU;BYHOUR=19;BYMINUTE=30;BYSECOND=0');
  });

  it('refuses what is no slot', () => {
    expect(() => toRRule({ kind: 'daily', time: '24:00' })).toThrow(RangeError);
    expect(() => toRRule({ kind: 'some-weekdays', time: '08:00', weekdays: [] })).toThrow(RangeError);
    expect(() => toRRule({ kind: 'some-weekdays', time: '08:00', weekdays: [0] })).toThrow(RangeError);
    expect(() => toRRule({ kind: 'month-day', time: '08:00', monthDay: 0 })).toThrow(RangeError);
    expect(() => toRRule({ kind: 'every-n-weeks', time: '08:00', weekdays: [1], interval: 0, start: '2026-12-01' })).toThrow(RangeError);
    expect(() => occurrences('FREQ=DAILY', 'Mars/Olympus', 0, 1)).toThrow(/time zone/);
  });

  it('a daily 早报 at 08:30 in Shanghai, across a month end, the range half-open', () => {
    expect(local({ kind: 'daily', time: '08:30' }, SH, '2026-11-29T00:00:00Z', '2026-12-02T00:31:00Z')).toEqual(['2026-11-29 08:30', '2026-11-30 08:30', '2026-12-01 08:30', '2026-12-02 08:30']);
    // 08:30 in Shanghai is 00:30 UTC: a range ending exactly then leaves that slot out.
    expect(local({ kind: 'daily', time: '08:30' }, SH, '2026-12-01T00:30:00Z', '2026-12-02T00:30:00Z')).toEqual(['2026-12-01 08:30']);
  });

  it('weekdays and a set of weekdays', () => {
    // 2026-12-04 is a Friday.
    expect(local({ kind: 'weekdays', time: '14:00' }, SH, '2026-12-03T00:00:00Z', '2026-12-09T00:00:00Z')).toEqual(['2026-12-03 14:00', '2026-12-04 14:00', '2026-12-07 14:00', '2026-12-08 14:00']);
    expect(local({ kind: 'some-weekdays', time: '20:00', weekdays: [1, 3, 5] }, SH, '2026-11-30T00:00:00Z', '2026-12-08T00:00:00Z')).toEqual(['2026-11-30 20:00', '2026-12-02 20:00', '2026-12-04 20:00', '2026-12-07 20:00']);
  });

  it('the last day of every month, February of a leap year included; the 30th in February is its last day', () => {
    expect(local({ kind: 'month-day', time: '21:00', monthDay: -1 }, SH, '2027-12-01T00:00:00Z', '2028-05-01T00:00:00Z')).toEqual(['2027-12-31 21:00', '2028-01-31 21:00', '2028-02-29 21:00', '2028-03-31 21:00', '2028-04-30 21:00']);
    expect(local({ kind: 'month-day', time: '21:00', monthDay: 31 }, SH, '2027-01-01T00:00:00Z', '2027-06-01T00:00:00Z')).toEqual(['2027-01-31 21:00', '2027-02-28 21:00', '2027-03-31 21:00', '2027-04-30 21:00', '2027-05-31 21:00']);
    expect(local({ kind: 'month-day', time: '21:00', monthDay: 30 }, SH, '2028-01-01T00:00:00Z', '2028-04-01T00:00:00Z')).toEqual(['2028-01-30 21:00', '2028-02-29 21:00', '2028-03-30 21:00']);
    expect(toRRule({ kind: 'month-day', time: '09:00', monthDay: 30 })).toBe('FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1;BYHOUR=9;BYMINUTE=0;BYSECOND=0');
  });

  it('every other week, counted from the week the column started; nothing before its start', () => {
    // 2026-12-01 is a Tuesday: that week, two weeks on, four weeks on.
    expect(local({ kind: 'every-n-weeks', time: '19:30', weekdays: [2, 4], interval: 2, start: '2026-12-01' }, SH, '2026-11-20T00:00:00Z', '2026-12-31T00:00:00Z', '2026-12-01')).toEqual([
      '2026-12-01 19:30',
      '2026-12-03 19:30',
      '2026-12-15 19:30',
      '2026-12-17 19:30',
      '2026-12-29 19:30',
    ]);
    expect(local({ kind: 'daily', time: '08:30' }, SH, '2026-12-01T00:00:00Z', '2026-12-06T00:00:00Z', '2026-12-04')).toEqual(['2026-12-04 08:30', '2026-12-05 08:30']);
  });

  it('keeps the wall-clock time across New York’s DST changes: a time in the spring gap moves on by the gap, a doubled one is the first', () => {
    const daily = (time: string, from: string, to: string) => occurrences(toRRule({ kind: 'daily', time }), NY, utc(from), utc(to)).map((t) => new Date(t).toISOString());
    // 08:30 EST is 13:30Z, 08:30 EDT is 12:30Z (DST began 2027-03-14).
    expect(daily('08:30', '2027-03-13T00:00:00Z', '2027-03-16T00:00:00Z')).toEqual(['2027-03-13T13:30:00.000Z', '2027-03-14T12:30:00.000Z', '2027-03-15T12:30:00.000Z']);
    // 02:30 does not exist on 2027-03-14: 03:30 EDT (07:30Z).
    expect(daily('02:30', '2027-03-13T00:00:00Z', '2027-03-16T00:00:00Z')).toEqual(['2027-03-13T07:30:00.000Z', '2027-03-14T07:30:00.000Z', '2027-03-15T06:30:00.000Z']);
    // 01:30 happens twice on 2026-11-01: the first (EDT, 05:30Z), once.
    expect(daily('01:30', '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z')).toEqual(['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
    expect(instantOf(Date.UTC(2026, 10, 1, 1, 30), NY)).toBe(utc('2026-11-01T05:30:00Z'));
  });

  it('for any pattern, zone and range: in order, no repeats, inside the range, on its days, at its time (but for a DST gap)', () => {
    const zones = [SH, NY, 'Europe/Berlin', 'Australia/Sydney', 'UTC'];
    const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    const days = fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 });
    const pattern: fc.Arbitrary<SlotPattern> = fc.oneof(
      time.map((t) => ({ kind: 'daily' as const, time: t })),
      time.map((t) => ({ kind: 'weekdays' as const, time: t })),
      fc.tuple(time, days).map(([t, w]) => ({ kind: 'some-weekdays' as const, time: t, weekdays: w })),
      fc.tuple(time, fc.oneof(fc.constant(-1), fc.integer({ min: 1, max: 31 }))).map(([t, d]) => ({ kind: 'month-day' as const, time: t, monthDay: d })),
    );
    fc.assert(
      fc.property(pattern, fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 0, 1) }), fc.integer({ min: 1, max: 70 }), (p, zone, from, spanDays) => {
        const to = from + spanDays * 86_400_000;
        const got = occurrences(toRRule(p), zone, from, to);
        const [h, m] = p.time.split(':').map(Number) as [number, number];
        for (let i = 0; i < got.length; i++) {
          const t = got[i]!;
          expect(t).toBeGreaterThanOrEqual(from);
          expect(t).toBeLessThan(to);
          if (i > 0) expect(t).toBeGreaterThan(got[i - 1]!);
          const minute = minuteOfDay(t, zone);
          // At its time, or later by at most the hour a DST gap skips.
          expect([0, 60]).toContain(minute - (h * 60 + m));
          const [y, mo, d] = localDay(t, zone).split('-').map(Number) as [number, number, number];
          const weekday = ((new Date(Date.UTC(y, mo - 1, d)).getUTCDay() + 6) % 7) + 1;
          if (p.kind === 'weekdays') expect(weekday).toBeLessThanOrEqual(5);
          if (p.kind === 'some-weekdays') expect(p.weekdays).toContain(weekday);
          if (p.kind === 'month-day') expect(d).toBe(p.monthDay === -1 ? new Date(Date.UTC(y, mo, 0)).getUTCDate() : Math.min(p.monthDay, new Date(Date.UTC(y, mo, 0)).getUTCDate()));
        }
        // A daily slot comes once a day: as many as the range's days, give or take the ends.
        if (p.kind === 'daily') expect(Math.abs(got.length - spanDays)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300, seed: 20261207 },
    );
  });
});
