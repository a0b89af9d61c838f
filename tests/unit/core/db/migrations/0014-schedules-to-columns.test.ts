import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../electron/core/db/migrate';
import { migrations } from '../../../../../electron/core/db/migrations';
import { listColumns, runDue } from '../../../../../electron/core/calendar/calendar.service';
import { listRecurring } from '../../../../../electron/core/calendar/recurring.service';
import { emptyDbPerTest } from '../../../../helpers/tmp';

const old = emptyDbPerTest();
const bj = (s: string) => Date.parse(`${s}+08:00`);

describe('migration 0014 (recurring broadcasts become calendar columns)', () => {
  it('moves every schedule to an auto-send column with its draft, rule, pause and last broadcast; the waiting slot is still made', () => {
    migrate(old.db, { list: migrations.slice(0, 13) });
    old.db.prepare("INSERT INTO meta (key, value) VALUES ('calendar_settings', ?)").run(JSON.stringify({ timeZone: 'Asia/Shanghai', scoreHours: 6 }));
    const created = bj('2026-11-20T10:00');
    old.db.exec(`
      INSERT INTO groups (id, platform, name, group_type, created_at, updated_at) VALUES (1, 'wechat', '北京群', 'C', 0, 0);
      INSERT INTO broadcasts (id, name, format, title, body, targeting, scheduled_at, status, created_at, updated_at) VALUES (7, '早报', 'text', '', '早', '{"all":true}', ${bj('2026-11-22T08:30')}, 'done', 0, 0);
    `);
    const ins = old.db.prepare('INSERT INTO broadcast_schedules (name, draft, rule, next_at, paused, last_run_at, last_broadcast_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const draft = (body: string, targeting: object) => JSON.stringify({ name: 'x', format: 'markdown', title: '标题', body, targeting });
    ins.run('早报', draft('{{group.name}} 早上好', { all: true }), JSON.stringify({ every: 'day', time: '08:30' }), bj('2026-11-23T08:30'), 0, bj('2026-11-22T08:30'), 7, created, created);
    ins.run('早报', draft('第二个早报', { groupIds: [1] }), JSON.stringify({ every: 'week', time: '20:00', weekdays: [3, 1] }), null, 1, null, null, created, created);
    ins.run('月报', draft('月底复盘', { all: true, excludeGroupIds: [2] }), JSON.stringify({ every: 'month', time: '21:00', monthDay: 31 }), bj('2026-11-30T21:00'), 0, null, null, created, created);

    expect(migrate(old.db).from).toBe(13);
    expect(old.db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'broadcast_schedules'").pluck().get()).toBe(0);
    const d = { db: old.db, locale: 'zh-CN' as const, now: () => bj('2026-11-23T08:00') };
    const cols = listColumns(d);
    expect(cols.map((c) => [c.name, c.pattern, c.autoSend, c.paused, c.startDay, c.target])).toEqual([
      ['早报', { kind: 'daily', time: '08:30' }, true, false, '2026-11-20', { all: true }],
      ['早报 2', { kind: 'some-weekdays', time: '20:00', weekdays: [1, 3] }, true, true, '2026-11-20', { groupIds: [1] }],
      ['月报', { kind: 'month-day', time: '21:00', monthDay: -1 }, true, false, '2026-11-20', { all: true, excludeGroupIds: [2] }],
    ]);
    expect(cols[0]!.template).toEqual({ format: 'markdown', title: '标题', body: '{{group.name}} 早上好' });
    const listed = listRecurring(d);
    expect(listed.find((s) => s.name === '早报')).toMatchObject({ rule: { every: 'day', time: '08:30' }, lastBroadcast: { id: 7 }, lastRunAt: new Date(bj('2026-11-22T08:30')).toISOString(), nextAt: new Date(bj('2026-11-23T08:30')).toISOString() });
    expect(listed.find((s) => s.name === '月报')!.rule).toEqual({ every: 'month', time: '21:00', monthDay: 31 });
    // The slot the schedule was waiting for is made, once; nothing earlier is made up.
    const at0830 = { ...d, now: () => bj('2026-11-23T08:31') };
    expect(runDue(at0830)).toHaveLength(1);
    expect(runDue(at0830)).toHaveLength(0);
    expect(old.db.prepare('SELECT scheduled_at FROM broadcasts WHERE id <> 7').pluck().all()).toEqual([bj('2026-11-23T08:30')]);
  });
});
