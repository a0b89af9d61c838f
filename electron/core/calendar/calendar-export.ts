/**
 * The calendar out of the app: one row per entry (the CLI's `calendar list`, CSV/XLSX beside the
 * UI's list) and an ICS file phone and desktop calendars read (`calendar ics` writes one a
 * subscribed calendar can point at). ical-generator writes the ICS (escaping, line folding, UIDs
 * and stamps are its work); times are UTC, so every calendar shows them in its own zone.
 */
import fs from 'node:fs';
import icalModule, { ICalEventStatus } from 'ical-generator';
import type { CalendarFilter, TaskDto } from '../../../shared/api/calendar';
import type { EntryStatus } from '../../../shared/domain/calendar';
import { writeTable } from '../files/spreadsheet';
import { t } from '../i18n/messages';
import { groupBasics } from '../broadcasts';
import { getCalendarSettings, rangeView, type CalendarDeps } from './calendar.service';
import { localDay, minuteOfDay } from './recurrence';
import { listTasks } from './playbooks.service';

export interface CalendarRow {
  kind: 'entry' | 'task';
  id: number;
  date: string;
  time: string;
  at: string;
  column: string;
  /** The group's name for a group's own entry (or the one group asked for); '' for a column's groups. */
  group: string;
  groups: number;
  /** An entry's status, or a task's state (done, due, overdue, upcoming). */
  status: EntryStatus | TaskDto['state'];
  title: string;
  owner: string;
  /** How the groups answered the post; null until the post was sent and scored. */
  score: number | null;
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export function calendarRows(d: CalendarDeps, from: string, to: string, filter: NonNullable<CalendarFilter>): CalendarRow[] {
  const zone = getCalendarSettings(d).timeZone;
  const { entries } = rangeView(d, { from, to, filter: { ...filter } } as Parameters<typeof rangeView>[1]);
  const asked = filter.groupIds?.length === 1 ? (groupBasics(d.db, filter.groupIds)[0]?.name ?? '') : '';
  const wanted = filter.groupIds?.length ? new Set(filter.groupIds) : null;
  const tasks = listTasks(d, { from, to })
    .filter((x) => !wanted || wanted.has(x.groupId))
    .filter((x) => !filter.owner || x.owner === filter.owner)
    .map((x): CalendarRow => {
      const at = Date.parse(x.at);
      return { kind: 'task', id: x.id, date: localDay(at, zone), time: hhmm(minuteOfDay(at, zone)), at: x.at, column: x.playbookName, group: x.groupName, groups: 1, status: x.state, title: x.title, owner: x.owner, score: null };
    });
  const rows = entries.map((e): CalendarRow => {
    const at = Date.parse(e.at);
    return {
      kind: 'entry',
      id: e.id,
      date: localDay(at, zone),
      time: hhmm(minuteOfDay(at, zone)),
      at: e.at,
      column: e.columnName,
      group: e.groupName ?? asked,
      groups: e.groups,
      status: e.status,
      title: e.title || e.body.split('\n')[0]!.slice(0, 60),
      owner: e.owner,
      score: null,
    };
  });
  // Tasks are not entries: a status filter (entry statuses) leaves them out.
  return [...rows, ...(filter.statuses?.length || filter.columnIds?.length ? [] : tasks)].sort((a, b) => a.at.localeCompare(b.at) || (a.kind === b.kind ? a.id - b.id : a.kind === 'entry' ? -1 : 1));
}

export async function exportRows(d: CalendarDeps, rows: readonly CalendarRow[], format: 'csv' | 'xlsx', file: string): Promise<{ rows: number }> {
  const L = d.locale;
  const headers = ['col.date', 'col.time', 'col.column', 'col.group', 'col.groups', 'col.status', 'col.title', 'col.owner', 'col.score'].map((k) => t(L, `calendar.${k}`));
  const out = await writeTable(
    file,
    format,
    headers,
    rows.map((r) => [r.date, r.time, r.column, r.group, r.groups, t(L, `calendar.${r.kind === 'task' ? 'task' : 'status'}.${r.status}`), r.title, r.owner, r.score]),
    t(L, 'calendar.sheet'),
  );
  return { rows: out.rows };
}

const ical = (icalModule as unknown as { default?: typeof icalModule }).default ?? icalModule;
const { TENTATIVE, CONFIRMED, CANCELLED } = ICalEventStatus;
const ICS_STATUS: Record<EntryStatus, ICalEventStatus> = { idea: TENTATIVE, draft: TENTATIVE, approved: CONFIRMED, sending: CONFIRMED, sent: CONFIRMED, 'partly-sent': CONFIRMED, skipped: CANCELLED, missed: CANCELLED };

/** Writes the entries of [from, to] as an ICS file; the number of events. */
export function writeIcs(d: CalendarDeps, from: string, to: string, filter: NonNullable<CalendarFilter>, file: string): { events: number } {
  const L = d.locale;
  const { entries } = rangeView(d, { from, to, filter: { ...filter } } as Parameters<typeof rangeView>[1]);
  const cal = ical({ name: t(L, 'calendar.icsName'), prodId: { company: 'qunzhu', product: 'content-calendar', language: L === 'en' ? 'EN' : 'ZH' } });
  const stamp = new Date(d.now());
  for (const e of entries) {
    const start = new Date(e.at);
    const head = e.columnName || t(L, 'calendar.oneOff');
    const who = e.groupName ?? t(L, 'calendar.groupsCount', { count: e.groups.toLocaleString(L) });
    cal.createEvent({
      id: `entry-${e.id}@qunzhu`,
      stamp,
      start,
      end: new Date(start.getTime() + 15 * 60_000),
      summary: `${head} · ${e.title || e.body.split('\n')[0]!.slice(0, 40)}`,
      description: [`${t(L, 'calendar.col.status')}: ${t(L, `calendar.status.${e.status}`)}`, `${t(L, 'calendar.col.group')}: ${who}`, e.owner ? `${t(L, 'calendar.col.owner')}: ${e.owner}` : '', '', e.body].filter((x, i) => x || i >= 3).join('\n'),
      status: ICS_STATUS[e.status],
    });
  }
  fs.writeFileSync(file, cal.toString(), { mode: 0o600 });
  return { events: entries.length };
}
