import type { TFunction } from 'i18next';
import type { RuleDraft } from '../../../store/broadcasts/composer-selectors';

/** "每周一、周四 08:30", "每月 31 日 20:00", "每天 14:00". */
export function ruleText(t: TFunction, r: Pick<RuleDraft, 'every' | 'time'> & { weekdays?: number[] | undefined; monthDay?: number | undefined }): string {
  if (r.every === 'week') {
    const days = [...(r.weekdays ?? [])].sort((a, b) => a - b).map((d) => t(`composer.weekday.${d}` as 'composer.weekday.1'));
    return `${t('composer.every.week')} ${days.join('、')} ${r.time}`;
  }
  if (r.every === 'month') return `${t('composer.every.month')} ${t('composer.monthDayN', { day: r.monthDay ?? 1 })} ${r.time}`;
  return `${t('composer.every.day')} ${r.time}`;
}
