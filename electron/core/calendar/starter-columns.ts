/**
 * The starter columns (早报 / 话题 / 案例 / 活动): the handbook's daily rhythm, with the broadcasts'
 * starter templates as their default texts, in the user's language. The column form is filled with
 * one; nothing is created until the operator saves it with their groups.
 */
import type { ColumnStarter } from '../../../shared/api/calendar';
import type { SlotPattern } from '../../../shared/domain/calendar';
import type { Locale } from '../../../shared/domain/enums';
import { STARTER_TEMPLATES } from '../broadcasts';

const STARTERS: readonly { key: string; template: string; color: string; pattern: SlotPattern; name: Record<Locale, string> }[] = [
  { key: 'morning-brief', template: 'morning-brief', color: '#1677ff', pattern: { kind: 'daily', time: '08:30' }, name: { 'zh-CN': '早报', en: 'Morning brief' } },
  { key: 'topic', template: 'topic', color: '#fa8c16', pattern: { kind: 'weekdays', time: '14:00' }, name: { 'zh-CN': '话题', en: 'Topic' } },
  { key: 'case', template: 'case', color: '#52c41a', pattern: { kind: 'some-weekdays', time: '20:00', weekdays: [2, 4] }, name: { 'zh-CN': '案例', en: 'Case' } },
  { key: 'event', template: 'event', color: '#eb2f96', pattern: { kind: 'month-day', time: '19:30', monthDay: -1 }, name: { 'zh-CN': '活动', en: 'Event' } },
];

export function starterColumns(locale: Locale): ColumnStarter[] {
  return STARTERS.map((s) => {
    const tpl = STARTER_TEMPLATES.find((x) => x.slug === s.template)?.text[locale];
    return { key: s.key, name: s.name[locale], color: s.color, pattern: s.pattern, template: { format: 'markdown', title: tpl?.title ?? '', body: tpl?.body ?? '' } };
  });
}
