/**
 * When a recurring broadcast happens. Pure, in the operator's local time (minutes east of UTC, as
 * broadcast-plan.ts uses): every day at HH:MM, on chosen weekdays (ISO: 1 = Monday … 7 = Sunday),
 * or on one day of the month, where a day the month does not have (31 in a 30-day month, 29–31
 * in February) means its last day, so a "month end" report never skips a month.
 */
import type { ScheduleRule } from '../../../shared/api/broadcasts';

const MIN = 60_000;
const DAY = 86_400_000;
/** Every valid rule recurs within a year; a bound keeps a broken one from looping forever. */
const SEARCH_DAYS = 400;

/** The rule with only what its kind uses, weekdays sorted and unique. */
export function normalizeRule(r: ScheduleRule): ScheduleRule {
  if (r.every === 'week') return { every: 'week', time: r.time, weekdays: [...new Set(r.weekdays ?? [])].sort((a, b) => a - b) };
  if (r.every === 'month') return { every: 'month', time: r.time, monthDay: r.monthDay ?? 1 };
  return { every: 'day', time: r.time };
}

function matches(r: ScheduleRule, localDay: number): boolean {
  const d = new Date(localDay * DAY);
  if (r.every === 'week') return (r.weekdays ?? []).includes(((d.getUTCDay() + 6) % 7) + 1);
  if (r.every === 'month') {
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    return d.getUTCDate() === Math.min(r.monthDay ?? 1, last);
  }
  return true;
}

/** The first occurrence strictly after `after` (ms). */
export function nextOccurrence(r: ScheduleRule, after: number, offsetMin: number): number {
  const [h, m] = r.time.split(':').map(Number) as [number, number];
  const first = Math.floor((after + offsetMin * MIN) / DAY);
  for (let day = first; day <= first + SEARCH_DAYS; day++) {
    if (!matches(r, day)) continue;
    const at = day * DAY + (h * 60 + m) * MIN - offsetMin * MIN;
    if (at > after) return at;
  }
  throw new Error(`schedule rule never recurs: ${JSON.stringify(r)}`);
}

/**
 * The occurrences that fell due from `due` (an occurrence) up to `now`: how many, the latest (the
 * one that is sent; the others were missed while the app was closed and are skipped), the first
 * and last skipped, and the next one after now.
 */
export function dueOccurrences(r: ScheduleRule, due: number, now: number, offsetMin: number): { count: number; latest: number; skipped: { first: number; last: number } | null; next: number } {
  let count = 0;
  let latest = due;
  let previous: number | null = null;
  let t = due;
  while (t <= now) {
    previous = count > 0 ? latest : null;
    latest = t;
    count++;
    t = nextOccurrence(r, t, offsetMin);
  }
  return { count, latest, skipped: count > 1 ? { first: due, last: previous! } : null, next: count === 0 ? due : t };
}
