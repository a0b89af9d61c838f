import type { TFunction } from 'i18next';
import { splitMinutes } from '../../store/inbox/selectors';

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
