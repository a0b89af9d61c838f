/** groups.list narrowed by a saved group segment, over both transports, on the demo workspace; checked against direct SQL. */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { GroupDto } from '../../shared/domain/group';
import type { SegmentDto } from '../../shared/domain/segment';
import { TRANSPORTS, transportPerTest } from '../helpers/transports';

describe.each(TRANSPORTS)('group segments in groups.list over %s', (_name, make) => {
  const s = transportPerTest(make, { demo: true });
  const ok = s.ok;

  /** The ids a direct query on the workspace file gives (a second, read-only connection). */
  const direct = (where: string, ...params: unknown[]): number[] => {
    const db = new Database(path.join(s.dir, 'ws.db'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(`SELECT id FROM groups WHERE ${where} ORDER BY id`).pluck().all(...params) as number[];
    } finally {
      db.close();
    }
  };
  const ids = async (req: unknown) => (await ok<GroupDto[]>('groups.list', req)).map((g) => g.id).sort((a, b) => a - b);

  it('a saved group segment filters the list to exactly the groups direct SQL gives, and agrees with its count', async () => {
    const definition = { target: 'groups', condition: { op: 'and', rules: [{ field: 'type', types: ['C'] }, { field: 'platform', platforms: ['wechat'] }] } };
    const seg = await ok<SegmentDto>('segments.save', { name: 'C端微信群', definition });
    const want = direct("archived_at IS NULL AND group_type = 'C' AND platform = 'wechat'");
    const all = await ids({});
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(all.length);
    expect(await ids({ segmentId: seg.id })).toEqual(want);
    expect(await ok('segments.count', { definition })).toEqual({ count: want.length });

    // With the other filters it is one more AND; the archived scope still applies.
    const beijing = direct("archived_at IS NULL AND group_type = 'C' AND platform = 'wechat' AND city = '北京'");
    expect(beijing.length).toBeGreaterThan(0);
    expect(await ids({ segmentId: seg.id, query: '北京' })).toEqual(direct("archived_at IS NULL AND group_type = 'C' AND platform = 'wechat' AND (name LIKE '%北京%' OR positioning LIKE '%北京%' OR city LIKE '%北京%' OR owner LIKE '%北京%' OR external_id LIKE '%北京%')"));
    expect(await ids({ segmentId: seg.id, platforms: ['qq'] })).toEqual([]);
    await ok('groups.archive', { id: want[0] });
    expect(await ids({ segmentId: seg.id })).toEqual(want.slice(1));
    expect(await ids({ segmentId: seg.id, archived: 'archived' })).toEqual([want[0]]);
    expect(await ids({ segmentId: seg.id, archived: 'all' })).toEqual(want);
  });

  it('OR over a city, a member count, a name and specific groups matches direct SQL', async () => {
    const [first] = await ids({});
    const definition = {
      target: 'groups',
      condition: {
        op: 'or',
        rules: [
          { field: 'city', op: 'contains', value: '上海' },
          { field: 'members', op: 'gte', value: 43 },
          { field: 'name', contains: 'python' }, // case-insensitive, like the core's instr(lower())
          { field: 'ids', groupIds: [first] },
        ],
      },
    };
    const seg = await ok<SegmentDto>('segments.save', { name: '上海或大群', definition });
    const want = direct("archived_at IS NULL AND (city LIKE '%上海%' OR member_count >= 43 OR lower(name) LIKE '%python%' OR id = ?)", first);
    expect(want.length).toBeGreaterThan(1);
    expect(await ids({ segmentId: seg.id })).toEqual(want);
  });

  it('refuses an unknown segment and a member segment with NOT_FOUND in the user language', async () => {
    const members = (await ok<SegmentDto[]>('segments.list', { target: 'members' }))[0]!;
    expect(members).toBeDefined();
    for (const segmentId of [members.id, 9999]) {
      const env = await s.api.call('groups.list', { segmentId });
      expect(env).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      if (!env.ok) expect(env.error.message).toBe(`找不到分组筛选（编号 ${segmentId}）。`);
    }
    await ok('settings.update', { locale: 'en' });
    const env = await s.api.call('groups.list', { segmentId: 9999 });
    expect(env.ok).toBe(false);
    if (!env.ok) expect(env.error.message).toMatch(/9999/);
    if (!env.ok) expect(env.error.message).not.toMatch(/\p{Script=Han}/u);
    // Not a positive integer: a validation error at the boundary, not a query.
    expect(await s.api.call('groups.list', { segmentId: 0 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
