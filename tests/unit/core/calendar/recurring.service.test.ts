/**
 * Recurring broadcasts, which are auto-send calendar columns, on a fake clock in Beijing time:
 * each occurrence made once at its time, catch-up after the app was closed (only the latest slot,
 * and only within two hours of it), pause and resume, a failure in the middle stores no broadcast
 * and the next run makes it once, and no double creation across a restart of the whole core.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../electron/core/db/open';
import { migrate } from '../../../../electron/core/db/migrate';
import { insertGroup } from '../../../../electron/core/groups/groups.repo';
import { Vault } from '../../../../electron/core/secrets';
import { BroadcastScheduler } from '../../../../electron/core/broadcasts/broadcast-scheduler';
import { createRecurring as createSchedule, listRecurring as listSchedules, setRecurringPaused as setSchedulePaused } from '../../../../electron/core/calendar/recurring.service';
import { nextDue, runDue, setCalendarSettings } from '../../../../electron/core/calendar/calendar.service';
import { addRobot } from '../../../../electron/core/connections/robots.service';
import { saveSegment } from '../../../../electron/core/segments/segments.repo';
import { createCore } from '../../../../electron/core/create-core';
import { fixedClock } from '../../../../electron/core/clock';
import { memorySettings } from '../../../../electron/core/settings';
import { FakeTime } from '../../../helpers/fake-time';
import { tmpDir } from '../../../helpers/tmp';

const bj = (s: string) => Date.parse(`${s}+08:00`);
const base = { positioning: '', audience: '', owner: '小李', capacity: null, rules: '', welcomeText: '', lifecycleStage: 'healthy' as const, groupType: 'C' as const, city: '北京' };

let t: ReturnType<typeof tmpDir>;
let db: Db;
let time: FakeTime;
const d = () => ({ db, locale: 'zh-CN' as const, now: () => time.now() });
const draft = { name: '早报', format: 'text' as const, body: '{{group.name}} 早报 {{date}}', targeting: { all: true } };
const daily = { every: 'day' as const, time: '08:30' };

beforeEach(() => {
  t = tmpDir();
  db = openDatabase(path.join(t.dir, 'ws.db'));
  migrate(db);
  time = new FakeTime(bj('2026-11-23T07:00'));
  insertGroup(db, { ...base, platform: 'wechat', name: '北京群' }, time.now());
  insertGroup(db, { ...base, platform: 'qq', name: 'QQ群' }, time.now());
  setCalendarSettings(d(), { timeZone: 'Asia/Shanghai', scoreHours: 6 });
});
afterEach(() => {
  db.close();
  t.cleanup();
});

const broadcasts = () => db.prepare('SELECT id, name, scheduled_at FROM broadcasts ORDER BY id').all() as { id: number; name: string; scheduled_at: number }[];
const schedule = (id: number) => listSchedules(d()).find((x) => x.id === id)!;
function scheduler(created: number[] = []) {
  return new BroadcastScheduler({ deps: d, timer: time, sources: [{ name: 'calendar', run: runDue, next: nextDue }], onCreated: (id) => created.push(id) });
}
/** Runs the scheduler's timers until the fake clock reaches `at`. */
function runUntil(at: number) {
  while (time.now() < at) if (!time.fireNext()) throw new Error('no timer pending');
}

describe('recurring broadcasts', () => {
  const isoOf = (s: string) => new Date(bj(s)).toISOString();

  it('is an auto-send column that makes each occurrence once, at its time, and moves on to the next', () => {
    const s = createSchedule(d(), draft, daily);
    expect(s).toMatchObject({ name: '早报', rule: daily, paused: false, nextAt: isoOf('2026-11-23T08:30'), lastBroadcast: null });
    const column = db.prepare('SELECT auto_send, rrule, body FROM calendar_columns WHERE id = ?').get(s.id);
    expect(column).toEqual({ auto_send: 1, rrule: 'FREQ=DAILY;BYHOUR=8;BYMINUTE=30;BYSECOND=0', body: draft.body });
    const created: number[] = [];
    const sch = scheduler(created);
    sch.start();
    expect(broadcasts()).toEqual([]);
    runUntil(bj('2026-11-23T08:30'));
    expect(broadcasts()).toEqual([{ id: created[0], name: '早报 · 2026-11-23', scheduled_at: bj('2026-11-23T08:30') }]);
    expect(schedule(s.id)).toMatchObject({ nextAt: isoOf('2026-11-24T08:30'), lastRunAt: isoOf('2026-11-23T08:30'), lastBroadcast: { id: created[0] }, lastError: null });
    // Its targets were resolved then, with the day's variables filled.
    expect(db.prepare('SELECT text FROM broadcast_targets WHERE broadcast_id = ? ORDER BY group_id').pluck().all(created[0])).toEqual(['北京群 早报 2026-11-23', 'QQ群 早报 2026-11-23']);
    runUntil(bj('2026-11-24T12:00'));
    expect(created).toHaveLength(2);
    expect(broadcasts()[1]!.scheduled_at).toBe(bj('2026-11-24T08:30'));
    sch.stop();
    expect(time.pending).toBe(0);
  });

  it('a name a column has already gets a number', () => {
    createSchedule(d(), draft, daily);
    expect(createSchedule(d(), draft, daily).name).toBe('早报 2');
  });

  it('after the app was closed, only the latest slot is considered: sent within two hours of it, missed beyond', () => {
    const s = createSchedule(d(), draft, daily);
    // Closed from Monday 07:00 to Wednesday 09:00: Monday's and Tuesday's 08:30 are not sent; Wednesday's is.
    time = new FakeTime(bj('2026-11-25T09:00'));
    const created: number[] = [];
    scheduler(created).start();
    expect(created).toHaveLength(1);
    expect(broadcasts()).toEqual([{ id: created[0], name: '早报 · 2026-11-25', scheduled_at: bj('2026-11-25T08:30') }]);
    expect(schedule(s.id).nextAt).toBe(isoOf('2026-11-26T08:30'));
    // Opened again on Friday at noon: Thursday's and Friday's slots passed; Friday's is shown missed, nothing sent.
    time = new FakeTime(bj('2026-11-27T12:00'));
    expect(runDue(d())).toEqual([]);
    expect(schedule(s.id)).toMatchObject({ lastBroadcast: { id: created[0] }, lastError: expect.stringContaining('没有补发') });
  });

  it('paused, it makes nothing; resumed, it continues from the next occurrence after now and makes none up', () => {
    const s = createSchedule(d(), draft, { every: 'week', time: '20:00', weekdays: [1, 3] });
    expect(setSchedulePaused(d(), s.id, true)).toMatchObject({ paused: true, nextAt: null });
    const sch = scheduler();
    sch.start();
    runUntil(bj('2026-11-26T12:00'));
    expect(broadcasts()).toEqual([]);
    expect(setSchedulePaused(d(), s.id, false)).toMatchObject({ paused: false, nextAt: isoOf('2026-11-30T20:00') });
    sch.kick();
    runUntil(bj('2026-11-30T20:00'));
    expect(broadcasts()).toHaveLength(1);
    sch.stop();
  });

  it('a failure while making the broadcast stores none of it; the next run makes it once', () => {
    createSchedule(d(), draft, daily);
    // Linking the broadcast to its entry fails after the broadcast was written, as a crash at that moment would.
    db.exec("CREATE TEMP TRIGGER crash BEFORE UPDATE OF broadcast_id ON calendar_entries BEGIN SELECT RAISE(ABORT, 'crash'); END");
    time = new FakeTime(bj('2026-11-23T09:00'));
    const sch = scheduler();
    sch.start();
    expect(broadcasts()).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM broadcast_targets').pluck().get()).toBe(0);
    db.exec('DROP TRIGGER crash');
    sch.kick();
    expect(broadcasts()).toHaveLength(1);
    sch.kick();
    expect(broadcasts()).toHaveLength(1);
    sch.stop();
  });

  it('an occurrence the workspace no longer fits creates nothing, says why, and the schedule goes on', () => {
    const seg = saveSegment(db, { name: '北京', definition: { target: 'groups', condition: { op: 'and', rules: [{ field: 'city', op: 'eq', value: '北京' }] } } }, time.now());
    const s = createSchedule(d(), { ...draft, targeting: { segmentId: seg.id } }, daily);
    db.prepare("UPDATE groups SET city = '上海'").run();
    time = new FakeTime(bj('2026-11-23T09:00'));
    scheduler().start();
    expect(broadcasts()).toEqual([]);
    const [dto] = listSchedules(d());
    expect(dto).toMatchObject({ id: s.id, lastError: expect.stringContaining('没有选中任何群'), nextAt: isoOf('2026-11-24T08:30'), lastBroadcast: null });
  });

  it('a target whose text grew over its platform’s cap since is skipped with the reason, the rest go', () => {
    const vault = Vault.beside(path.join(t.dir, 'ws.db'));
    const g = insertGroup(db, { ...base, platform: 'wecom', name: '内部群', groupType: 'B', customFields: { 简介: '短' } }, time.now());
    addRobot({ db, locale: 'zh-CN', now: () => time.now(), vault }, { name: 'r', platform: 'wecom', groupId: g, credentials: { webhook: 'abcdef-123456' } });
    const s = createSchedule(d(), { ...draft, body: `${'群'.repeat(500)}{{group.简介}}` }, daily);
    db.prepare('UPDATE groups SET custom_fields = ? WHERE id = ?').run(JSON.stringify({ 简介: '长'.repeat(200) }), g);
    time = new FakeTime(bj('2026-11-23T09:00'));
    scheduler().start();
    const rows = db.prepare('SELECT group_id, status, reasons FROM broadcast_targets WHERE broadcast_id = ? ORDER BY group_id').all(schedule(s.id).lastBroadcast!.id) as { group_id: number; status: string; reasons: string }[];
    expect(rows.map((r) => [r.status, JSON.parse(r.reasons)])).toEqual([
      ['manual-pending', []],
      ['manual-pending', []],
      ['skipped', ['too_long']],
    ]);
  });
});

describe('recurring broadcasts across a restart of the core', () => {
  it('never creates the same occurrence twice: each start makes what is due once, a second start makes nothing', async () => {
    const dir = tmpDir();
    const dbPath = path.join(dir.dir, 'core.db');
    const clock = fixedClock('2026-11-23T00:00:00.000Z');
    const open = () => createCore({ dbPath, clock, settings: memorySettings(), outbox: true });
    const call = async <T>(core: ReturnType<typeof open>, method: string, params: unknown) => {
      const env = await core.call(method, params);
      if (!env.ok) throw new Error(`${method}: ${env.error.message}`);
      return env.value as T;
    };
    try {
      let core = open();
      await call(core, 'groups.create', { input: { platform: 'wechat', name: '北京群', groupType: 'C' } });
      await call(core, 'calendar.setSettings', { settings: { timeZone: 'Asia/Shanghai', scoreHours: 6 } });
      const s = await call<{ id: number; nextAt: string }>(core, 'broadcasts.createSchedule', { ...draft, rule: daily });
      core.close();
      clock.set(Date.parse(s.nextAt) + 60_000);
      // The app opens again after the occurrence: it is made on start.
      core = open();
      const first = await call<{ id: number }[]>(core, 'broadcasts.list', {});
      const [listed] = await call<{ lastBroadcast: { id: number } | null; nextAt: string }[]>(core, 'broadcasts.listSchedules', {});
      core.close();
      expect(first).toHaveLength(1);
      expect(listed!.lastBroadcast!.id).toBe(first[0]!.id);
      expect(Date.parse(listed!.nextAt)).toBe(Date.parse(s.nextAt) + 86_400_000);
      // And once more at the same moment: nothing new.
      core = open();
      expect(await call<unknown[]>(core, 'broadcasts.list', {})).toHaveLength(1);
      core.close();
    } finally {
      dir.cleanup();
    }
  });
});
