/**
 * Exports often write wall-clock times without an offset (QQ, WhatsApp, Telegram's `date`).
 * These turn such a time in an IANA zone into UTC, and refuse impossible dates (Feb 30, 25:00).
 */
import { isTimeZone, systemTimeZone, zoneOffset } from '../time-zone';

export { systemTimeZone, zoneOffset };
export const isValidTimeZone = isTimeZone;

export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

/** UTC milliseconds for a wall-clock time in `timeZone`, or null when the date does not exist. */
export function wallClockToUtc(w: WallClock, timeZone: string): number | null {
  const second = w.second ?? 0;
  if (!Number.isInteger(w.year) || w.year < 1970 || w.year > 2100) return null;
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.hour < 0 || w.hour > 23 || w.minute < 0 || w.minute > 59 || second < 0 || second > 59) return null;
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, second);
  const check = new Date(naive);
  if (check.getUTCDate() !== w.day || check.getUTCMonth() !== w.month - 1) return null;
  // Two passes settle the offset across a DST change.
  let t = naive - zoneOffset(naive, timeZone);
  t = naive - zoneOffset(t, timeZone);
  return t;
}
