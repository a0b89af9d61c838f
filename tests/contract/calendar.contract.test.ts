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

    const month = await s.ok<{ days: MonthDayDto[] }>('calendar.month', { from: '2026-12-01', to: '2026-12-31' });
    expect(month.days).toHaveLength(31);
    expect(month.days.every((x) => x.slots === 2 && x.filled === 0)).toBe(true);

    const day = await s.ok<{ slots: SlotDto[]; entries: EntryDto[] }>('calendar.range', { from: '2026-12-08', to: '2026-12-08' });
    expect(day.slots).toEqual([{ columnId: col.id, at: '2026-12-08T00:30:00.000Z', day: '2026-12-08', groups: 2, entryIds: [] }]);
    const e = await s.ok<EntryDto>('calendar.saveEntry', { columnId: col.id, at: day.slots[0]!.at, title: morning.template.title, body: morning.template.body });
    expect(e).toMatchObject({ status: 'draft', day: '2026-12-08', groups: 2, columnName: '早报', color: morning.color });
    const filled = await s.ok<{ days: MonthDayDto[] }>('calendar.month', { from: '2026-12-08', to: '2026-12-08' });
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

    const lanes = await s.ok<{ total: number; rows: LaneRowDto[] }>('calendar.lanes', { from: '2026-12-08', to: '2026-12-09', limit: 1 });
    expect(lanes.total).toBe(2);
    expect(lanes.rows).toHaveLength(1);
    expect(lanes.rows[0]!.days['2026-12-09']![0]).toMatchObject({ columnId: col.id, entryId: e.id, status: 'approved' });
    expect(lanes.rows[0]!.days['2026-12-08']![0]!.entryId).toBeNull();

    expect((await fail('calendar.month', { from: '2026-12-01', to: '2027-03-01' })).code).toBe('VALIDATION');
    expect(await s.ok('calendar.deleteColumn', { id: col.id })).toEqual({ deleted: 1, entriesRemoved: 1 });
    expect((await fail('calendar.getEntry', { id: e.id })).code).toBe('NOT_FOUND');
    expect(await s.ok('calendar.listColumns')).toEqual([]);
  });
});
