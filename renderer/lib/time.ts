/**
 * Dates and times as the features show them. The locale-aware ones take the reader's language
 * (i18n.language) so they re-render with it; the fixed stamps are for tables and logs, where rows
 * line up one under another in any language. dayjs follows the language through applyLocale.
 */
import dayjs from 'dayjs';

/**
 * A moment, short, in the reader's language: the time alone today, day and time this year, the
 * full date and time before that ("16:35", "11月3日 09:12", "2025/12/30 08:05").
 */
export function formatShortTime(iso: string, lang: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const sameDay = d.toDateString() === now.toDateString();
  if (sameDay) return d.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
  if (d.getFullYear() === now.getFullYear()) return d.toLocaleString(lang, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return d.toLocaleString(lang, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

/** The full date and time, for tooltips and detail panels. */
export function formatFullTime(iso: string, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit' });
}

/** A date (from epoch ms or ISO) in the reader's language, without the time; `short` in digits. */
export function formatDay(at: number | string, lang: string, short = false): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  return d.toLocaleDateString(lang, short ? { year: 'numeric', month: '2-digit', day: '2-digit' } : { year: 'numeric', month: 'long', day: 'numeric' });
}

/** "3 小时前" / "3 hours ago", in the language dayjs is set to. */
export function formatAgo(at: string): string {
  return dayjs(at).fromNow();
}

/** "2026-11-21 10:00": a fixed-width stamp to the minute. */
export function formatStamp(at: string): string {
  return dayjs(at).format('YYYY-MM-DD HH:mm');
}

/** "11-21 10:00": the stamp without the year, where the year goes without saying (plans, samples). */
export function formatShortStamp(at: string): string {
  return dayjs(at).format('MM-DD HH:mm');
}

/** "2026-11-21": the day of a stamp. */
export function formatStampDay(at: string): string {
  return dayjs(at).format('YYYY-MM-DD');
}
