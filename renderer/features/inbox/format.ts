import type { TFunction } from 'i18next';
import { splitMinutes } from '../../store/inbox/selectors';

/**
 * A message's time in the reader's language: the time alone today, day and time this year,
 * the full date before that ("16:35", "11月3日 09:12", "2025/12/30").
 */
export function formatMessageTime(iso: string, lang: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const sameDay = d.toDateString() === now.toDateString();
  if (sameDay) return d.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
  if (d.getFullYear() === now.getFullYear()) return d.toLocaleString(lang, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return d.toLocaleDateString(lang, { year: 'numeric', month: '2-digit', day: '2-digit' });
}

/** The full date and time, for tooltips and the context panel. */
export function formatFullTime(iso: string, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit' });
}

/** "1 天 3 小时" / "2 小时 40 分钟" / "25 分钟": the two largest units. */
export function formatWaiting(minutes: number, t: TFunction): string {
  const { d, h, m } = splitMinutes(minutes);
  if (d === 0 && h === 0 && m === 0) return t('inbox.duration.lessThanMinute');
  const parts: string[] = [];
  if (d) parts.push(t('inbox.duration.d', { count: d }));
  if (h) parts.push(t('inbox.duration.h', { count: h }));
  if (m && !d) parts.push(t('inbox.duration.m', { count: m }));
  return parts.slice(0, 2).join(' ');
}
