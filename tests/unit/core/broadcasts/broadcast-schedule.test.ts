/** When recurring broadcasts happen, in Beijing time (UTC+8), on a fixed clock. */
import { describe, expect, it } from 'vitest';
import { dueOccurrences, nextOccurrence, normalizeRule } from '../../../../electron/core/broadcasts/broadcast-schedule';

const BJ = 480;
/** A Beijing wall-clock time as epoch ms. */
const bj = (s: string) => Date.parse(`${s}+08:00`);
const iso = (ms: number) => new Date(ms + BJ * 60_000).toISOString().slice(0, 16).replace('T', ' ');

describe('next occurrence', () => {
  it('every day at HH:MM local: later today, or tomorrow once the time has passed (strictly after)', () => {
    const r = { every: 'day' as const, time: '08:30' };
    expect(iso(nextOccurrence(r, bj('2026-11-23T07:00'), BJ))).toBe('2026-11-23 08:30');
    expect(iso(nextOccurrence(r, bj('2026-11-23T12:00'), BJ))).toBe('2026-11-24 08:30');
    expect(iso(nextOccurrence(r, bj('2026-11-23T08:30'), BJ))).toBe('2026-11-24 08:30');
    // 00:30 in Beijing is the previous UTC day: days are local.
    expect(nextOccurrence({ every: 'day', time: '00:30' }, bj('2026-11-24T00:00'), BJ)).toBe(Date.parse('2026-11-23T16:30:00Z'));
  });

  it('on chosen weekdays (1 = Monday … 7 = Sunday)', () => {
    const r = { every: 'week' as const, time: '20:00', weekdays: [1, 3] };
    // 2026-11-23 is a Monday.
    expect(iso(nextOccurrence(r, bj('2026-11-23T19:00'), BJ))).toBe('2026-11-23 20:00');
    expect(iso(nextOccurrence(r, bj('2026-11-23T21:00'), BJ))).toBe('2026-11-25 20:00');
    expect(iso(nextOccurrence(r, bj('2026-11-26T09:00'), BJ))).toBe('2026-11-30 20:00');
    expect(iso(nextOccurrence({ every: 'week', time: '10:00', weekdays: [7] }, bj('2027-02-22T00:00'), BJ))).toBe('2027-02-28 10:00');
  });

  it('on a day of the month; a day the month lacks means its last day', () => {
    const r = { every: 'month' as const, time: '09:00', monthDay: 31 };
    expect(iso(nextOccurrence(r, bj('2026-11-05T00:00'), BJ))).toBe('2026-11-30 09:00');
    expect(iso(nextOccurrence(r, bj('2026-11-30T09:00'), BJ))).toBe('2026-12-31 09:00');
    expect(iso(nextOccurrence(r, bj('2027-01-31T10:00'), BJ))).toBe('2027-02-28 09:00');
    expect(iso(nextOccurrence({ every: 'month', time: '09:00', monthDay: 29 }, bj('2028-02-01T00:00'), BJ))).toBe('2028-02-29 09:00');
    expect(iso(nextOccurrence({ every: 'month', time: '09:00', monthDay: 15 }, bj('2026-11-15T09:01'), BJ))).toBe('2026-12-15 09:00');
  });

  it('normalizes a rule to what its kind uses', () => {
    expect(normalizeRule({ every: 'week', time: '08:00', weekdays: [5, 1, 5], monthDay: 3 })).toEqual({ every: 'week', time: '08:00', weekdays: [1, 5] });
    expect(normalizeRule({ every: 'day', time: '08:00', weekdays: [1] })).toEqual({ every: 'day', time: '08:00' });
  });
});

describe('occurrences that fell due', () => {
  const daily = { every: 'day' as const, time: '08:30' };

  it('on time: one occurrence, none skipped, the next is tomorrow', () => {
    const due = bj('2026-11-23T08:30');
    expect(dueOccurrences(daily, due, due, BJ)).toEqual({ count: 1, latest: due, skipped: null, next: bj('2026-11-24T08:30') });
  });

  it('after three days closed: only the latest is sent, the two before it are skipped', () => {
    const r = dueOccurrences(daily, bj('2026-11-20T08:30'), bj('2026-11-23T07:00'), BJ);
    expect(r.count).toBe(3);
    expect(iso(r.latest)).toBe('2026-11-22 08:30');
    expect(r.skipped && [iso(r.skipped.first), iso(r.skipped.last)]).toEqual(['2026-11-20 08:30', '2026-11-21 08:30']);
    expect(iso(r.next)).toBe('2026-11-23 08:30');
  });

  it('nothing due yet: nothing to do, the next stays', () => {
    const due = bj('2026-11-24T08:30');
    expect(dueOccurrences(daily, due, bj('2026-11-23T12:00'), BJ)).toEqual({ count: 0, latest: due, skipped: null, next: due });
  });
});
