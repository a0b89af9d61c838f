/**
 * The playbooks Qunzhu ships, in the user's language (read-only; the operator duplicates one to
 * change it): 新群7日激活 — the first week that decides whether a new group lives (handbook:
 * welcome + rules, self-introductions, a first valuable share, topic interaction, spotting and
 * befriending the first active members, a day-7 review); 月度计划 — a month's rhythm of theme,
 * preview, two events, a mid-month and a month-end review; 日常栏目 — a week of the three daily
 * columns (早报 08:30, 话题 14:00, 案例 20:00). Post texts reuse the broadcast starter templates.
 */
import type { PlaybookStep } from '../../../shared/api/calendar';
import type { Locale } from '../../../shared/domain/enums';
import { STARTER_TEMPLATES } from '../broadcasts';

export interface StarterPlaybook {
  slug: string;
  name: Record<Locale, string>;
  description: Record<Locale, string>;
  steps(locale: Locale): PlaybookStep[];
}

const tpl = (slug: string, locale: Locale): string => {
  const x = STARTER_TEMPLATES.find((s) => s.slug === slug)!.text[locale];
  return x.title ? `**${x.title}**\n\n${x.body}` : x.body;
};

type Text = Record<Locale, string>;
const post = (day: number, time: string, title: Text, body: (l: Locale) => string) => (l: Locale): PlaybookStep => ({ day, time, kind: 'post', title: title[l], body: body(l), owner: '' });
const task = (day: number, time: string, title: Text, body: Text, pick?: PlaybookStep['pick']) => (l: Locale): PlaybookStep => ({ day, time, kind: 'task', title: title[l], body: body[l], owner: '', ...(pick ? { pick } : {}) });

const ACTIVATION = [
  post(0, '10:00', { 'zh-CN': '欢迎 + 群规', en: 'Welcome + rules' }, (l) => tpl('welcome', l)),
  task(0, '10:30', { 'zh-CN': '置顶群规', en: 'Pin the rules' }, { 'zh-CN': '把群规设为群公告并置顶，群名片格式写进公告。', en: 'Make the rules the group notice and pin it, with the nickname format.' }),
  post(1, '20:00', { 'zh-CN': '自我介绍接龙', en: 'Self-introductions' }, (l) =>
    l === 'en'
      ? 'Let’s get to know each other! Reply with: city · what you do · one thing you hope to get from {{group.name}}. {{group.owner}} starts.'
      : '今晚来个自我介绍接龙！格式：城市 · 做什么的 · 想在 {{group.name}} 收获什么。{{group.owner}} 先来～',
  ),
  post(2, '14:00', { 'zh-CN': '第一个话题', en: 'First topic' }, (l) => tpl('topic', l)),
  post(3, '20:00', { 'zh-CN': '第一个案例', en: 'First case' }, (l) => tpl('case', l)),
  task(
    3,
    '21:00',
    { 'zh-CN': '1v1：最活跃的三位新人', en: '1v1 with the three most active newcomers' },
    { 'zh-CN': '私聊他们：感谢发言，问问想在群里得到什么，邀请下次一起带话题。', en: 'Message them: thank them for speaking up, ask what they want from the group, invite them to co-host a topic.' },
    { kind: 'active-newcomers', count: 3, withinDays: 7 },
  ),
  post(5, '14:00', { 'zh-CN': '话题互动', en: 'Topic' }, (l) => tpl('topic', l)),
  task(6, '20:00', { 'zh-CN': '第 7 天复盘', en: 'Day-7 review' }, { 'zh-CN': '看新人首次发言率、发言人占比（第 3 天和第 7 天），决定这个群接下来的栏目节奏。', en: 'Check the newcomers’ first-message rate and the share who spoke (day 3 and day 7); decide the group’s column rhythm.' }),
];

const MONTHLY = [
  task(0, '10:00', { 'zh-CN': '定本月主题', en: 'Pick the month’s theme' }, { 'zh-CN': '定主题、两场活动的时间和目标人数。', en: 'Theme, the dates of two events and their target turnout.' }),
  post(1, '20:00', { 'zh-CN': '本月预告', en: 'The month ahead' }, (l) => (l === 'en' ? '**This month in {{group.name}}**\n\n- Theme:\n- Events:\n- Columns: morning brief, topic, case' : '**{{group.name}} 本月预告**\n\n- 主题：\n- 活动：\n- 栏目：早报、话题、案例')),
  post(7, '19:30', { 'zh-CN': '活动一', en: 'Event one' }, (l) => tpl('event', l)),
  task(14, '20:00', { 'zh-CN': '月中复盘', en: 'Mid-month review' }, { 'zh-CN': '对比活动报名与预期，调整下半月的话题。', en: 'Turnout against the target; adjust the second half’s topics.' }),
  post(21, '19:30', { 'zh-CN': '活动二', en: 'Event two' }, (l) => tpl('event', l)),
  task(27, '20:00', { 'zh-CN': '月度复盘 + 沉淀案例', en: 'Month-end review + case write-up' }, { 'zh-CN': '挑本月最好的一次讨论存为案例，写下月计划。', en: 'Keep the month’s best discussion as a case; plan next month.' }),
];

const DAILY = Array.from({ length: 7 }, (_, day) => [
  post(day, '08:30', { 'zh-CN': '早报', en: 'Morning brief' }, (l) => tpl('morning-brief', l)),
  post(day, '14:00', { 'zh-CN': '话题', en: 'Topic' }, (l) => tpl('topic', l)),
  post(day, '20:00', { 'zh-CN': '案例', en: 'Case' }, (l) => tpl('case', l)),
]).flat();

export const STARTER_PLAYBOOKS: readonly StarterPlaybook[] = [
  {
    slug: 'activation-7d',
    name: { 'zh-CN': '新群7日激活', en: 'New group 7-day activation' },
    description: { 'zh-CN': '新群第一周：欢迎与群规、自我介绍、第一个话题和案例、与活跃新人 1v1、第 7 天复盘。', en: 'A new group’s first week: welcome and rules, introductions, a first topic and case, 1v1s with active newcomers, a day-7 review.' },
    steps: (l) => ACTIVATION.map((s) => s(l)),
  },
  {
    slug: 'monthly-plan',
    name: { 'zh-CN': '月度计划', en: 'Monthly plan' },
    description: { 'zh-CN': '一个月的节奏：主题、预告、两场活动、月中和月末复盘。', en: 'A month’s rhythm: theme, preview, two events, mid-month and month-end reviews.' },
    steps: (l) => MONTHLY.map((s) => s(l)),
  },
  {
    slug: 'daily-columns',
    name: { 'zh-CN': '日常栏目', en: 'Daily columns' },
    description: { 'zh-CN': '一周的三档日常栏目：早报 08:30、话题 14:00、案例 20:00。', en: 'A week of the three daily columns: morning brief 08:30, topic 14:00, case 20:00.' },
    steps: (l) => DAILY.map((s) => s(l)),
  },
];
