/**
 * The calendar on a real SQLite file and a fake clock in Asia/Shanghai: a column's slots counted
 * per day, a segment re-read at the slot (a group that joins mid-month is sent to), per-group
 * versions of a slot, approval and the one scheduler making the broadcast at the slot time, drafts
 * that become missed, a slot passed while the app was closed, auto-send columns (only the latest
 * of several missed slots), moves and what may not be changed.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../electron/core/db/open';
import { migrate } from '../../../../electron/core/db/migrate';
import { insertGroup } from '../../../../electron/core/groups/groups.repo';
import { saveSegment } from '../../../../electron/core/segments/segments.repo';
import { BroadcastScheduler } from '../../../../electron/core/broadcasts/broadcast-scheduler';
import * as cal from '../../../../electron/core/calendar/calendar.service';
import { AppError } from '../../../../shared/errors';
import { ColumnInput, EntryInput } from '../../../../shared/api/calendar';
import { FakeTime } from '../../../helpers/fake-time';
import { tmpDir } from '../../../helpers/tmp';

const bj = (s: string) => Date.parse(`${s}+08:00`);
const iso = (s: string) => new Date(bj(s)).toISOString();
const base = { positioning: '', audience: '', owner: '小李', capacity: null, rules: '', welcomeText: '', lifecycleStage: 'healthy' as const, groupType: 'C' as const, city: '北京' };

let t: ReturnType<typeof tmpDir>;
let db: Db;
let time: FakeTime;
let g1: number;
let g2: number;
const d = () => ({ db, locale: 'zh-CN' as const, now: () => time.now() });
const column = (x: Record<string, unknown>) => cal.saveColumn(d(), ColumnInput.parse({ name: '早报', color: '#1677ff', target: { groupIds: [g1, g2] }, pattern: { kind: 'daily', time: '08:30' }, ...x }));
const entry = (x: Record<string, unknown>) => cal.saveEntry(d(), EntryInput.parse({ body: '{{group.name}} 早上好', ...x }));
const broadcasts = () => db.prepare('SELECT id, name, scheduled_at FROM broadcasts ORDER BY id').all() as { id: number; name: string; scheduled_at: number }[];
const targetsOf = (id: number) => (db.prepare('SELECT g.name FROM broadcast_targets t JOIN groups g ON g.id = t.group_id WHERE broadcast_id = ? ORDER BY g.name').all(id) as { name: string }[]).map((r) => r.name);
const textsOf = (id: number) => (db.prepare('SELECT g.name, t.text FROM broadcast_targets t JOIN groups g ON g.id = t.group_id WHERE broadcast_id = ? ORDER BY g.name').all(id) as { name: string; text: string }[]).map((r) => `${r.name}: ${r.text}`);
function caught(f: () => unknown): AppError {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}
const calendarSource = { name: 'calendar', run: cal.runDue, next: cal.nextDue };
function scheduler(created: number[] = []) {
  return new BroadcastScheduler({ deps: d, timer: time, sources: [calendarSource], onCreated: (id) => created.push(id) });
}
function runUntil(at: number) {
  while (time.now() < at) if (!time.fireNext()) throw new Error('no timer pending');
}

beforeEach(() => {
  t = tmpDir();
  db = openDatabase(path.join(t.dir, 'ws.db'));
  migrate(db);
  time = new FakeTime(bj('2026-11-30T10:00'));
  g1 = insertGroup(db, { ...base, platform: 'wechat', name: 'A群' }, time.now());
  g2 = insertGroup(db, { ...base, platform: 'qq', name: 'B群' }, time.now());
  cal.setCalendarSettings(d(), { timeZone: 'Asia/Shanghai', scoreHours: 6 });
  // Caps that never get in the way here: the tests are about the calendar.
  db.prepare("INSERT INTO meta (key, value) VALUES ('broadcast_settings', ?)").run(JSON.stringify({ perGroupPerDay: 50, quietStart: '00:00', quietEnd: '00:00', confirmOver: 100 }));
});
afterEach(() => {
  db.close();
  t.cleanup();
});

describe('columns and the month view', () => {
  it('counts each day’s group-slots and what entries fill, in the operator’s zone', () => {
    const c = column({ startDay: '2026-12-01' });
    expect(c.rrule).toBe('FREQ=DAILY;BYHOUR=8;BYMINUTE=30;BYSECOND=0');
    expect(c.groups).toBe(2);
    expect(c.nextAt).toBe(iso('2026-12-01T08:30'));
    entry({ columnId: c.id, at: iso('2026-12-08T08:30') });
    entry({ columnId: c.id, at: iso('2026-12-09T08:30'), target: { groupIds: [g1] } });
    const m = cal.monthView(d(), { from: '2026-11-30', to: '2026-12-31', filter: {} });
    expect(m.days).toHaveLength(32);
    const day = (x: string) => m.days.find((y) => y.day === x)!;
    // Nothing before the start day.
    expect(day('2026-11-30')).toMatchObject({ slots: 0, filled: 0, entries: 0 });
    expect(day('2026-12-01')).toMatchObject({ slots: 2, filled: 0, entries: 0 });
    expect(day('2026-12-08')).toMatchObject({ slots: 2, filled: 2, entries: 1, statuses: { draft: 1 } });
    expect(day('2026-12-09')).toMatchObject({ slots: 2, filled: 1, entries: 1 });
    expect(m.days.reduce((s, x) => s + x.slots, 0)).toBe(62);
    // Filtered to one group, each day counts that group only.
    const one = cal.monthView(d(), { from: '2026-12-01', to: '2026-12-31', filter: { groupIds: [g2] } });
    expect(one.days.find((x) => x.day === '2026-12-09')).toMatchObject({ slots: 1, filled: 0, entries: 0 });
  });

  it('a 00:30 slot in Shanghai is on its local day, not the UTC one', () => {
    const c = column({ pattern: { kind: 'some-weekdays', time: '00:30', weekdays: [1] }, startDay: '2026-12-01' });
    const r = cal.rangeView(d(), { from: '2026-12-07', to: '2026-12-07', filter: {} });
    expect(r.slots).toEqual([{ columnId: c.id, at: iso('2026-12-07T00:30'), day: '2026-12-07', groups: 2, entryIds: [] }]);
  });

  it('"last day of the month" and every 2 weeks from the start day', () => {
    const last = column({ name: '月报', pattern: { kind: 'month-day', time: '20:00', monthDay: -1 }, startDay: '2026-12-01' });
    const fortnight = column({ name: '直播', pattern: { kind: 'every-n-weeks', time: '19:00', weekdays: [3], interval: 2 }, startDay: '2026-12-02' });
    const days = (id: number, from: string, to: string) => cal.rangeView(d(), { from, to, filter: { columnIds: [id] } }).slots.map((s) => s.day);
    expect(days(last.id, '2027-01-01', '2027-02-28')).toEqual(['2027-01-31', '2027-02-28']);
    expect(days(fortnight.id, '2026-12-01', '2026-12-31')).toEqual(['2026-12-02', '2026-12-16', '2026-12-30']);
  });

  it('a segment column counts the segment as it is, and its slot sends to the group that joined mid-month', () => {
    const seg = saveSegment(db, { name: '北京群', definition: { target: 'groups', condition: { op: 'and', rules: [{ field: 'city', op: 'eq', value: '北京' }] } } }, time.now());
    const c = column({ target: { segmentId: seg.id }, startDay: '2026-12-01' });
    expect(c.segmentName).toBe('北京群');
    const e = entry({ columnId: c.id, at: iso('2026-12-10T08:30') });
    cal.approveEntry(d(), e.id, undefined);
    time = new FakeTime(bj('2026-12-05T12:00'));
    insertGroup(db, { ...base, platform: 'wechat', name: 'C群' }, time.now());
    expect(cal.monthView(d(), { from: '2026-12-06', to: '2026-12-06', filter: {} }).days[0]!.slots).toBe(3);
    const created: number[] = [];
    scheduler(created).start();
    runUntil(bj('2026-12-10T08:30'));
    expect(created).toHaveLength(1);
    expect(targetsOf(created[0]!)).toEqual(['A群', 'B群', 'C群']);
  });

  it('refuses a second column of the same name, and a zone Intl does not know', () => {
    column({});
    expect(caught(() => column({})).code).toBe('CONFLICT');
    expect(caught(() => cal.setCalendarSettings(d(), { timeZone: 'Mars/Olympus', scoreHours: 6 })).fields?.[0]?.path).toBe('settings.timeZone');
  });

  it('starter columns in both languages', () => {
    expect(cal.starterColumns({ locale: 'zh-CN' }).map((s) => s.name)).toEqual(['早报', '话题', '案例', '活动']);
    const en = cal.starterColumns({ locale: 'en' });
    expect(en.map((s) => s.name)).toEqual(['Morning brief', 'Topic', 'Case', 'Event']);
    expect(en[0]!.template.body).toContain('Good morning');
  });
});

describe('entries and the scheduler', () => {
  it('an approved entry becomes its broadcast at the slot time; a draft at its slot is missed', () => {
    const c = column({ startDay: '2026-12-01' });
    const sent = entry({ columnId: c.id, at: iso('2026-12-01T08:30') });
    const draft = entry({ columnId: c.id, at: iso('2026-12-02T08:30') });
    expect(cal.approveEntry(d(), sent.id, undefined).status).toBe('approved');
    const created: number[] = [];
    scheduler(created).start();
    runUntil(bj('2026-12-01T08:29'));
    expect(created).toEqual([]);
    runUntil(bj('2026-12-01T08:30'));
    expect(created).toHaveLength(1);
    expect(broadcasts()[0]).toMatchObject({ name: '早报 · 2026-12-01', scheduled_at: bj('2026-12-01T08:30') });
    expect(textsOf(created[0]!)).toEqual(['A群: A群 早上好', 'B群: B群 早上好']);
    const e = cal.getEntry(d(), sent.id);
    // Manual groups (no robot) wait for the operator's tick: the entry is being sent.
    expect(e).toMatchObject({ status: 'sending', broadcastId: created[0], groups: 2 });
    // Both groups are sent by hand: the checklist's reminder is due.
    expect(cal.reminderFor(d(), created[0]!)).toEqual({ entryId: sent.id, broadcastId: created[0], columnName: '早报', title: '{{group.name}} 早上好', at: iso('2026-12-01T08:30'), manual: 2, ownerConfirm: 0 });
    runUntil(bj('2026-12-02T08:30'));
    expect(cal.getEntry(d(), draft.id)).toMatchObject({ status: 'missed', missedReason: 'not-approved', broadcastId: null });
    expect(created).toHaveLength(1);
  });

  it('a group’s own version replaces the column’s text for that group only', () => {
    const c = column({ startDay: '2026-12-01' });
    const main = entry({ columnId: c.id, at: iso('2026-12-01T08:30') });
    const own = entry({ columnId: c.id, at: iso('2026-12-01T08:30'), target: { groupIds: [g2] }, body: 'B群专属早报' });
    expect(own.groupName).toBe('B群');
    expect(cal.getEntry(d(), main.id).groups).toBe(1);
    expect(caught(() => entry({ columnId: c.id, at: iso('2026-12-01T08:30') })).code).toBe('CONFLICT');
    expect(caught(() => entry({ columnId: c.id, at: iso('2026-12-01T08:30'), target: { groupIds: [g2] } })).code).toBe('CONFLICT');
    cal.approveEntry(d(), main.id, undefined);
    cal.approveEntry(d(), own.id, undefined);
    const created: number[] = [];
    scheduler(created).start();
    runUntil(bj('2026-12-01T08:30'));
    expect(created.map((id) => textsOf(id)).sort()).toEqual([['A群: A群 早上好'], ['B群: B群专属早报']]);
  });

  it('an approved slot that passed more than two hours ago while the app was closed is missed, not sent late', () => {
    const c = column({ startDay: '2026-12-01' });
    const e = entry({ columnId: c.id, at: iso('2026-12-01T08:30') });
    cal.approveEntry(d(), e.id, undefined);
    time = new FakeTime(bj('2026-12-01T11:00'));
    expect(cal.runDue(d())).toEqual([]);
    expect(cal.getEntry(d(), e.id)).toMatchObject({ status: 'missed', missedReason: 'app-closed' });
    expect(broadcasts()).toEqual([]);
  });

  it('an auto-send column sends its template at each slot; after days closed only the latest slot, once', () => {
    column({ startDay: '2026-12-01', autoSend: true, template: { format: 'text', body: '{{group.name}} 自动早报' } });
    const created: number[] = [];
    const s = scheduler(created);
    s.start();
    runUntil(bj('2026-12-02T08:30'));
    expect(broadcasts().map((b) => b.scheduled_at)).toEqual([bj('2026-12-01T08:30'), bj('2026-12-02T08:30')]);
    s.stop();
    // Closed for three days, opened at 09:00 on the 6th: the 6th's slot is sent, the 3rd–5th are not.
    time = new FakeTime(bj('2026-12-06T09:00'));
    expect(cal.runDue(d())).toHaveLength(1);
    expect(cal.runDue(d())).toHaveLength(0);
    expect(broadcasts().map((b) => b.scheduled_at)).toEqual([bj('2026-12-01T08:30'), bj('2026-12-02T08:30'), bj('2026-12-06T08:30')]);
    expect(textsOf(broadcasts()[2]!.id)).toEqual(['A群: A群 自动早报', 'B群: B群 自动早报']);
  });

  it('approval checks the text and the time; approved entries cannot be edited, sent ones cannot move or go', () => {
    const c = column({ startDay: '2026-12-01' });
    const empty = entry({ columnId: c.id, at: iso('2026-12-03T08:30'), body: '' });
    expect(caught(() => cal.approveEntry(d(), empty.id, undefined)).fields?.[0]?.path).toBe('body');
    const past = entry({ columnId: c.id, at: iso('2026-11-30T08:30') });
    expect(caught(() => cal.approveEntry(d(), past.id, undefined)).fields?.[0]?.path).toBe('at');
    const e = entry({ columnId: c.id, at: iso('2026-12-01T08:30') });
    cal.approveEntry(d(), e.id, undefined);
    expect(caught(() => cal.saveEntry(d(), EntryInput.parse({ id: e.id, columnId: c.id, at: iso('2026-12-01T08:30'), body: 'x' }))).code).toBe('CONFLICT');
    // Moved onto a slot another entry has: refused.
    expect(caught(() => cal.moveEntry(d(), e.id, iso('2026-12-03T08:30'))).code).toBe('CONFLICT');
    const moved = cal.moveEntry(d(), e.id, iso('2026-12-04T08:30'));
    expect(moved.entry).toMatchObject({ at: iso('2026-12-04T08:30'), status: 'approved' });
    expect(moved.summary.total).toBe(2);
    time = new FakeTime(bj('2026-12-04T08:31'));
    cal.runDue(d());
    expect(caught(() => cal.moveEntry(d(), e.id, iso('2026-12-05T08:30'))).code).toBe('CONFLICT');
    expect(caught(() => cal.deleteEntry(d(), e.id)).code).toBe('CONFLICT');
    // Unapproved and skipped entries are no broadcasts.
    const skip = entry({ columnId: c.id, at: iso('2026-12-06T08:30') });
    expect(cal.skipEntry(d(), skip.id).status).toBe('skipped');
    time = new FakeTime(bj('2026-12-06T09:00'));
    cal.runDue(d());
    expect(cal.getEntry(d(), skip.id).status).toBe('skipped');
  });

  it('deleting a column removes its unsent entries and keeps the sent ones with its name', () => {
    const c = column({ startDay: '2026-12-01' });
    const e = entry({ columnId: c.id, at: iso('2026-12-01T08:30') });
    cal.approveEntry(d(), e.id, undefined);
    entry({ columnId: c.id, at: iso('2026-12-02T08:30') });
    time = new FakeTime(bj('2026-12-01T08:31'));
    cal.runDue(d());
    expect(cal.deleteColumn(d(), c.id)).toEqual({ deleted: 1, entriesRemoved: 1 });
    expect(cal.getEntry(d(), e.id)).toMatchObject({ columnId: null, columnName: '早报', status: 'sending' });
  });
});

describe('derived status', () => {
  it('from the broadcast’s targets', () => {
    const row = { status: 'approved' as const, broadcast_id: 1 };
    expect(cal.statusOf(row, { sent: 3 })).toBe('sent');
    expect(cal.statusOf(row, { sent: 2, 'manual-done': 1 })).toBe('sent');
    expect(cal.statusOf(row, { sent: 2, queued: 1 })).toBe('sending');
    expect(cal.statusOf(row, { sent: 2, failed: 1 })).toBe('partly-sent');
    expect(cal.statusOf(row, { skipped: 2 })).toBe('partly-sent');
    expect(cal.statusOf({ status: 'draft', broadcast_id: null }, undefined)).toBe('draft');
  });
});

describe('lanes', () => {
  it('groups as rows with each day’s slots, a group’s own entry in its row', () => {
    const c = column({ startDay: '2026-12-01' });
    const main = entry({ columnId: c.id, at: iso('2026-12-01T08:30') });
    const own = entry({ columnId: c.id, at: iso('2026-12-01T08:30'), target: { groupIds: [g2] } });
    const l = cal.lanesView(d(), { from: '2026-12-01', to: '2026-12-02', filter: {}, offset: 0, limit: 10 });
    expect(l.total).toBe(2);
    expect(l.rows.map((r) => r.groupName)).toEqual(['A群', 'B群']);
    expect(l.rows[0]!.days['2026-12-01']).toEqual([{ columnId: c.id, at: iso('2026-12-01T08:30'), entryId: main.id, status: 'draft' }]);
    expect(l.rows[1]!.days['2026-12-01']![0]!.entryId).toBe(own.id);
    expect(l.rows[1]!.days['2026-12-02']![0]!.entryId).toBeNull();
    expect(cal.lanesView(d(), { from: '2026-12-01', to: '2026-12-02', filter: {}, offset: 1, limit: 10 }).rows.map((r) => r.groupName)).toEqual(['B群']);
  });
});
