/**
 * The calendar over both transports on the demo workspace: settings, starter columns, a column's
 * month filled per day, a day's slots with their gaps, entries saved, approved (the second
 * confirmation over the threshold), moved and refused in the user's words, lanes, and a column
 * deleted with its unsent entries.
 */
import { describe, expect, it } from 'vitest';
import type { ColumnDto, ColumnStarter, EntryDto, LaneRowDto, MonthDayDto, SlotDto } from '../../shared/api/calendar';
import { TRANSPORTS, transportPerTest } from '../helpers/transports';

describe.each(TRANSPORTS)('calendar contract over %s', (_name, make) => {
  const s = transportPerTest(make, { demo: true });
  const fail = async (method: string, params: unknown) => {
    const env = await s.api.call(method, params);
    if (env.ok) throw new Error(`${method} should have failed`);
    return env.error;
  };

  it('plans a month of a column, fills a gap, approves, moves, shows lanes and deletes', async () => {
    await s.ok('calendar.setSettings', { settings: { timeZone: 'Asia/Shanghai', scoreHours: 6 } });
    expect(await s.ok('calendar.settings')).toEqual({ timeZone: 'Asia/Shanghai', scoreHours: 6 });
    const starters = await s.ok<ColumnStarter[]>('calendar.starterColumns');
    expect(starters.map((x) => x.name)).toEqual(['早报', '话题', '案例', '活动']);
    const groups = (await s.ok<{ id: number; name: string }[]>('groups.list')).slice(0, 2);
    const morning = starters[0]!;
    const col = await s.ok<ColumnDto>('calendar.saveColumn', { name: morning.name, color: morning.color, target: { groupIds: groups.map((g) => g.id) }, pattern: morning.pattern, template: morning.template, startDay: '2026-12-01', owner: '小李' });
    expect(col).toMatchObject({ groups: 2, rrule: 'FREQ=DAILY;BYHOUR=8;BYMINUTE=30;BYSECOND=0', owner: '小李' });
    expect((await fail('calendar.saveColumn', { name: '早报', color: '#000000', target: { groupIds: [groups[0]!.id] }, pattern: { kind: 'daily', time: '09:00' } })).message).toContain('已有名为“早报”的栏目');
    const bad = await fail('calendar.saveColumn', { name: '坏', color: 'red', target: { groupIds: [1] }, pattern: { kind: 'daily', time: '25:00' } });
    expect(bad.code).toBe('VALIDATION');
    expect(bad.fields?.map((f) => f.path).sort()).toEqual(['color', 'pattern.time']);

    // The demo has columns of its own: the views are narrowed to this one.
    const only = { columnIds: [col.id] };
    const month = await s.ok<{ days: MonthDayDto[] }>('calendar.month', { from: '2026-12-01', to: '2026-12-31', filter: only });
    expect(month.days).toHaveLength(31);
    expect(month.days.every((x) => x.slots === 2 && x.filled === 0)).toBe(true);

    const day = await s.ok<{ slots: SlotDto[]; entries: EntryDto[] }>('calendar.range', { from: '2026-12-08', to: '2026-12-08', filter: only });
    expect(day.slots).toEqual([{ columnId: col.id, at: '2026-12-08T00:30:00.000Z', day: '2026-12-08', groups: 2, entryIds: [] }]);
    const e = await s.ok<EntryDto>('calendar.saveEntry', { columnId: col.id, at: day.slots[0]!.at, title: morning.template.title, body: morning.template.body });
    expect(e).toMatchObject({ status: 'draft', day: '2026-12-08', groups: 2, columnName: '早报', color: morning.color });
    const filled = await s.ok<{ days: MonthDayDto[] }>('calendar.month', { from: '2026-12-08', to: '2026-12-08', filter: only });
    expect(filled.days[0]).toMatchObject({ slots: 2, filled: 2, entries: 1, statuses: { draft: 1 } });

    // Over the threshold the number of groups must be repeated, as for broadcasts.
    await s.ok('broadcasts.setSettings', { settings: { perGroupPerDay: 2, quietStart: '22:00', quietEnd: '08:00', confirmOver: 1 } });
    const ask = await fail('calendar.approveEntry', { id: e.id });
    expect(ask.code).toBe('CONFIRM_NEEDED');
    expect((await s.ok<EntryDto>('calendar.approveEntry', { id: e.id, confirmTargets: 2 })).status).toBe('approved');
    expect((await fail('calendar.saveEntry', { id: e.id, columnId: col.id, at: e.at, body: '改' })).message).toContain('撤回批准');
    const plan = await s.ok<{ targets: { groupId: number; text: string }[] }>('calendar.planEntry', { id: e.id });
    expect(plan.targets.map((x) => x.groupId).sort()).toEqual(groups.map((g) => g.id).sort());
    expect(plan.targets[0]!.text).not.toContain('{{group.name}}');

    const moved = await s.ok<{ entry: EntryDto; summary: { total: number } }>('calendar.moveEntry', { id: e.id, at: '2026-12-09T00:30:00.000Z' });
    expect(moved.entry).toMatchObject({ day: '2026-12-09', status: 'approved' });
    expect(moved.summary.total).toBe(2);

    const lanes = await s.ok<{ total: number; rows: LaneRowDto[] }>('calendar.lanes', { from: '2026-12-08', to: '2026-12-09', limit: 1, filter: only });
    expect(lanes.total).toBe(2);
    expect(lanes.rows).toHaveLength(1);
    expect(lanes.rows[0]!.days['2026-12-09']![0]).toMatchObject({ columnId: col.id, entryId: e.id, status: 'approved' });
    expect(lanes.rows[0]!.days['2026-12-08']![0]!.entryId).toBeNull();

    expect((await fail('calendar.month', { from: '2026-12-01', to: '2027-03-01' })).code).toBe('VALIDATION');
    expect(await s.ok('calendar.deleteColumn', { id: col.id })).toEqual({ deleted: 1, entriesRemoved: 1 });
    expect((await fail('calendar.getEntry', { id: e.id })).code).toBe('NOT_FOUND');
    expect((await s.ok<ColumnDto[]>('calendar.listColumns')).map((c) => c.id)).not.toContain(col.id);
  });

  it('the demo’s calendar is alive: columns in its groups, past posts sent, the next ones drafted or approved, a 7-day activation under way', async () => {
    // T0 is 2026-11-23 16:00 in Shanghai, the demo's "now".
    const cols = await s.ok<ColumnDto[]>('calendar.listColumns');
    expect(cols.map((c) => [c.name, c.autoSend, c.paused]).sort()).toEqual([['案例', false, false], ['活动', false, false], ['每日早报', true, true], ['话题', false, false]].sort());
    const r = await s.ok<{ slots: SlotDto[]; entries: EntryDto[] }>('calendar.range', { from: '2026-11-09', to: '2026-12-07' });
    const byStatus = (st: string) => r.entries.filter((e) => e.status === st);
    const past = r.entries.filter((e) => e.day < '2026-11-23');
    const future = r.entries.filter((e) => e.day > '2026-11-23');
    expect(past.length).toBeGreaterThan(10);
    expect(past.every((e) => ['sent', 'partly-sent', 'sending', 'skipped'].includes(e.status))).toBe(true);
    expect(past.filter((e) => e.broadcastId !== null).length).toBeGreaterThan(8);
    expect(byStatus('skipped').length).toBeGreaterThan(0);
    expect(future.every((e) => e.status === 'draft' || e.status === 'approved')).toBe(true);
    expect(byStatus('approved').map((e) => e.columnName).sort()).toEqual(['案例', '活动', '话题']);
    // Nothing on the demo's today, so the operator's first broadcast has the day's caps free.
    expect(r.entries.filter((e) => e.day === '2026-11-23' && e.broadcastId !== null)).toEqual([]);
    const [run] = await s.ok<{ playbookName: string; groupName: string; startDay: string; tasks: Record<string, number>; posts: Record<string, number> }[]>('calendar.listRuns');
    expect(run).toMatchObject({ playbookName: '新群7日激活', groupName: '深圳跨境电商卖家群', startDay: '2026-11-21', tasks: { done: 1, due: 0, overdue: 0, upcoming: 2 } });
    expect((run!.posts.draft ?? 0) + Object.entries(run!.posts).filter(([k]) => k !== 'draft').reduce((n, [, v]) => n + v, 0)).toBe(5);
    expect(run!.posts.draft).toBe(3);
  });
});
