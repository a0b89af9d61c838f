/**
 * When a column's slots fall: recurring rules stored as RFC 5545 RRULEs (the `rrule` library
 * expands them: by-day sets, "last day of the month" as BYMONTHDAY=-1, every N weeks, month ends
 * that skip a month are its work, not ours), read in the operator's IANA time zone.
 *
 * rrule expands "floating" times: we give it the wall-clock time as if it were UTC and turn each
 * wall-clock occurrence into a real instant in the zone with Intl. So 08:30 stays 08:30 in New
 * York across DST; a wall time that does not exist (02:30 on the spring-forward night) moves on by
 * the gap (03:30), and one that happens twice (01:30 on the fall-back night) is the first.
 */
import * as rruleModule from 'rrule';
import { isTimeZone, wallOf } from '../time-zone';

export { isTimeZone };

// rrule ships CommonJS as its `main`: Node's own ESM loader (the CLI under tsx, child processes in
// tests) sees it as one default export, bundlers and vitest see the named ones.
const { rrulestr } = (rruleModule as unknown as { rrulestr?: typeof rruleModule.rrulestr }).rrulestr ? rruleModule : (rruleModule as unknown as { default: typeof rruleModule }).default;

const MIN = 60_000;
const DAY = 86_400_000;

/** How a column recurs, as the operator picks it; stored as an RRULE (see toRRule). */
export type SlotPattern =
  | { kind: 'daily'; time: string }
  | { kind: 'weekdays'; time: string }
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  | { kind: 'some-weekdays'; time: string; weekdays: number[] }
  /** 1–31, or -1 for the last day; a day a month lacks (31 in April) is that month's last day. */
  | { kind: 'month-day'; time: string; monthDay: number }
  /** Every `interval` weeks on these weekdays, counted from the week of `start` (a YYYY-MM-DD day). */
  | { kind: 'every-n-weeks'; time: string; weekdays: number[]; interval: number; start: string };

const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseTime(time: string): [number, number] {
  const m = TIME.exec(time);
  if (!m) throw new RangeError(`not a time of day (HH:MM): ${time}`);
  return [Number(m[1]), Number(m[2])];
}

function weekdayCodes(days: number[]): string {
  const set = [...new Set(days)].sort((a, b) => a - b);
  if (!set.length || set.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) throw new RangeError(`weekdays must be 1–7: ${days.join(',')}`);
  return set.map((d) => WEEKDAY_CODES[d - 1]).join(',');
}

/** The RRULE (without DTSTART) a pattern is stored as. */
export function toRRule(p: SlotPattern): string {
  const [h, m] = parseTime(p.time);
  const at = `BYHOUR=${h};BYMINUTE=${m};BYSECOND=0`;
  switch (p.kind) {
    case 'daily':
      return `FREQ=DAILY;${at}`;
    case 'weekdays':
      return `FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;${at}`;
    case 'some-weekdays':
      return `FREQ=WEEKLY;BYDAY=${weekdayCodes(p.weekdays)};${at}`;
    case 'month-day':
      if (!Number.isInteger(p.monthDay) || p.monthDay === 0 || p.monthDay < -1 || p.monthDay > 31) throw new RangeError(`month day must be 1–31 or -1: ${p.monthDay}`);
      // The 29th–31st fall on the last day of a month that lacks them (每月30日 in February is the 28th),
      // as recurring broadcasts always did: the last of the days 28…N that the month has.
      if (p.monthDay >= 29) return `FREQ=MONTHLY;BYMONTHDAY=${Array.from({ length: p.monthDay - 27 }, (_, i) => 28 + i).join(',')};BYSETPOS=-1;${at}`;
      return `FREQ=MONTHLY;BYMONTHDAY=${p.monthDay};${at}`;
    case 'every-n-weeks':
      if (!Number.isInteger(p.interval) || p.interval < 1 || p.interval > 52) throw new RangeError(`interval must be 1–52 weeks: ${p.interval}`);
      return `FREQ=WEEKLY;INTERVAL=${p.interval};WKST=MO;BYDAY=${weekdayCodes(p.weekdays)};${at}`;
  }
}

/** The zone's offset from UTC (ms) at an instant. */
const offsetAt = (instant: number, zone: string): number => wallOf(instant, zone) - instant;

/**
 * The instant a wall-clock time names in the zone. Of two candidates (the offsets just before and
 * after), the earlier one that shows this wall time; none shows it in a DST gap, so it moves on by the gap.
 */
export function instantOf(wall: number, zone: string): number {
  const before = wall - offsetAt(wall - DAY, zone);
  const after = wall - offsetAt(wall + DAY, zone);
  const fits = [before, after].filter((t) => wallOf(t, zone) === wall).sort((a, b) => a - b);
  if (fits.length) return fits[0]!;
  // In the gap: the wall time plus the gap is what a clock reads then (02:30 → 03:30).
  return wall - offsetAt(wall - DAY, zone);
}

/** "YYYY-MM-DD" of an instant in the zone. */
export function localDay(instant: number, zone: string): string {
  return new Date(wallOf(instant, zone)).toISOString().slice(0, 10);
}

function startWall(start: string | undefined, from: number, zone: string): number {
  if (start) {
    const m = DAY_TEXT.exec(start);
    if (!m) throw new RangeError(`not a day (YYYY-MM-DD): ${start}`);
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  }
  // Without a start the rule runs from well before the range (floating midnight of that day).
  return Math.floor(wallOf(from, zone) / DAY) * DAY - 7 * DAY;
}

/**
 * The occurrences of `rrule` (an RRULE line without DTSTART, as toRRule writes) in [from, to),
 * as instants (ms), in time order. `start` (YYYY-MM-DD, in the zone) is when the rule began: it
 * anchors every N weeks, and nothing falls before it.
 */
export function occurrences(rrule: string, zone: string, from: number, to: number, start?: string): number[] {
  if (!isTimeZone(zone)) throw new RangeError(`unknown time zone: ${zone}`);
  if (!(to > from)) return [];
  const dtstart = new Date(startWall(start, from, zone));
  const rule = rrulestr(rrule, { dtstart });
  // A day of margin on both sides of the range in wall time covers any zone's offset.
  const walls = rule.between(new Date(wallOf(from, zone) - DAY), new Date(wallOf(to, zone) + DAY), true);
  const out: number[] = [];
  for (const w of walls) {
    const at = instantOf(w.getTime(), zone);
    if (at >= from && at < to) out.push(at);
  }
  return out;
}

/** The wall-clock minutes past midnight of an instant in the zone (what a slot's time says). */
export function minuteOfDay(instant: number, zone: string): number {
  const wall = wallOf(instant, zone);
  return Math.round((wall - Math.floor(wall / DAY) * DAY) / MIN);
}
