/**
 * The demo workspace's calendar, so it is alive on first launch: three columns running in its
 * groups (话题 on weekdays, 案例 on Tuesdays and Thursdays, 活动 on the month's last day), two weeks
 * of past slots sent (each a real broadcast, delivered as the demo decides) or skipped, the next
 * days drafted with the next slot of each column approved, and the 7-day activation applied to
 * the demo's activating group from two days ago with its first task ticked. Nothing is placed on
 * today, so the demo's day caps stay free for the operator's own first broadcast.
 */
import { ColumnInput } from '../../../shared/api/calendar';
import { createBroadcast } from '../broadcasts';
import * as repo from './calendar.repo';
import { approveEntry, rangeView, saveColumn, saveEntry, setCalendarSettings, skipEntry, type CalendarDeps } from './calendar.service';
import { applyPlaybook, listTasks, setTaskDone } from './playbooks.service';
import { STARTER_TEMPLATES } from '../broadcasts';
import { localDay } from './recurrence';
import { zoneOffset } from '../time-zone';

const ZONE = 'Asia/Shanghai';
const DAY = 86_400_000;

export interface CalendarDemoInput {
  /** Groups by name (the demo's). */
  groupId(name: string): number;
  /** Marks a broadcast's targets as the demo has them delivered, at about `at`. */
  deliver(broadcastId: number, at: number): void;
  /** The group the 7-day activation is applied to. */
  newGroup: string;
}

const shift = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

export function seedCalendarDemo(d: CalendarDeps, o: CalendarDemoInput): void {
  setCalendarSettings(d, { timeZone: ZONE, scoreHours: 6 });
  const today = localDay(d.now(), ZONE);
  const text = (slug: string) => STARTER_TEMPLATES.find((s) => s.slug === slug)!.text['zh-CN'];
  const learning = ['北京运营交流群', 'Python 学习交流群', '深圳跨境电商卖家群'].map(o.groupId);
  const columns = [
    saveColumn(d, ColumnInput.parse({ name: '话题', color: '#fa8c16', target: { groupIds: learning }, pattern: { kind: 'weekdays', time: '14:00' }, startDay: shift(today, -20), template: { format: 'markdown', title: text('topic').title, body: text('topic').body }, owner: '王芳' })),
    saveColumn(d, ColumnInput.parse({ name: '案例', color: '#52c41a', target: { groupIds: learning }, pattern: { kind: 'some-weekdays', time: '20:00', weekdays: [2, 4] }, startDay: shift(today, -20), template: { format: 'markdown', title: text('case').title, body: text('case').body }, owner: '张伟' })),
    saveColumn(d, ColumnInput.parse({ name: '活动', color: '#eb2f96', target: { groupIds: ['北京运营交流群', '成都读书会'].map(o.groupId) }, pattern: { kind: 'month-day', time: '19:30', monthDay: -1 }, startDay: shift(today, -40), template: { format: 'markdown', title: text('event').title, body: text('event').body }, owner: '王芳' })),
  ];
  const { slots } = rangeView(d, { from: shift(today, -14), to: shift(today, 14), filter: {} });
  const approvedOnce = new Set<number>();
  let past = 0;
  for (const s of slots) {
    const c = columns.find((x) => x.id === s.columnId)!;
    if (s.day === today) continue;
    const body = c.template.body;
    if (s.day < today) {
      const id = saveEntry(d, { columnId: c.id, at: s.at, status: 'draft', format: 'markdown', title: c.template.title, body, owner: c.owner, note: '' }).id;
      // Every fifth past slot was skipped on purpose (a holiday, a clash): the calendar shows it.
      if (++past % 5 === 0) {
        skipEntry(d, id);
        continue;
      }
      sendPast(d, o, id, `${c.name} · ${s.day}`, c.target.groupIds ?? []);
    } else if (s.day <= shift(today, 7)) {
      const e = saveEntry(d, { columnId: c.id, at: s.at, status: 'draft', format: 'markdown', title: c.template.title, body, owner: c.owner, note: '' });
      if (!approvedOnce.has(c.id)) {
        approvedOnce.add(c.id);
        approveEntry(d, e.id, e.groups);
      }
    }
  }
  const start = shift(today, -2);
  applyPlaybook(d, { key: 'builtin:activation-7d', target: { groupIds: [o.groupId(o.newGroup)] }, start, replace: false });
  const first = listTasks(d, { from: start, to: start })[0];
  if (first) setTaskDone(d, first.id, true, '吴敏');
  // The playbook's posts of the two days before today went out.
  for (const e of rangeView(d, { from: start, to: shift(today, -1), filter: {} }).entries) {
    if (e.columnId === null && e.target?.groupIds) sendPast(d, o, e.id, `${e.columnName} · ${e.title}`, e.target.groupIds);
  }
}

/** A past entry as it went: approved, its broadcast made at its time, delivered as the demo decides. */
function sendPast(d: CalendarDeps, o: CalendarDemoInput, id: number, name: string, groupIds: number[]): void {
  const row = repo.getEntryRow(d.db, id)!;
  const at = row.at;
  const then = { ...d, now: () => at, utcOffsetMin: Math.round(zoneOffset(at, ZONE) / 60_000) };
  const bid = createBroadcast(then, { name, format: row.format, ...(row.title ? { title: row.title } : {}), body: row.body, targeting: { groupIds }, at }, row.owner || '王芳').id;
  repo.setEntryStatus(d.db, id, 'approved', null, at);
  repo.setEntryBroadcast(d.db, id, bid, at);
  o.deliver(bid, at);
}
