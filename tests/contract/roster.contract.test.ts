/** Roster tag thresholds, preview and re-tag over both transports, on the demo workspace. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, type TagThresholds } from '../../shared/domain/roster';
import { TRANSPORTS, transportPerTest } from '../helpers/transports';

type Counts = Record<'new' | 'active' | 'silent' | 'at-risk' | 'kol', number>;

describe.each(TRANSPORTS)('roster contract over %s', (_name, make) => {
  const s = transportPerTest(make, { demo: true });
  const ok = s.ok;

  it('keeps thresholds per workspace, previews counts, and re-tags with the stored ones', async () => {
    expect(await ok<TagThresholds>('roster.thresholds')).toEqual(DEFAULT_THRESHOLDS);
    const base = await ok<Counts>('roster.previewTags', { thresholds: DEFAULT_THRESHOLDS });
    expect(base.active).toBeGreaterThan(0);
    expect(base.silent).toBeGreaterThan(0); // the demo's members who joined and never spoke
    expect(base.new).toBeGreaterThan(0);
    // A shorter silence window can only make more members silent.
    const stricter = await ok<Counts>('roster.previewTags', { thresholds: { ...DEFAULT_THRESHOLDS, silentDays: 3 } });
    expect(stricter.silent).toBeGreaterThan(base.silent);
    const saved = await ok<TagThresholds>('roster.setThresholds', { thresholds: { ...DEFAULT_THRESHOLDS, silentDays: 3 } });
    expect(saved.silentDays).toBe(3);
    expect((await ok<TagThresholds>('roster.thresholds')).silentDays).toBe(3);
    const r = await ok<{ counts: Counts; asOf: string }>('roster.retag');
    expect(r.counts).toEqual(stricter);
    // As of a date before the demo began, nobody is a member yet.
    const past = await ok<{ counts: Counts }>('roster.retag', { asOf: '2020-01-01T00:00:00Z' });
    expect(Object.values(past.counts).every((n) => n === 0)).toBe(true);
  });

  it('lists members by keyset, filters KOLs of one group, opens one with evidence, labels in bulk, saves a segment, exports', async () => {
    const groups = await ok<{ id: number; name: string }[]>('groups.list');
    const g = groups.find((x) => x.name === '北京运营交流群')!;
    const kols = await ok<{ items: { id: number; tags: string[] }[]; next: string | null }>('roster.list', { filter: { groupIds: [g.id], tags: ['kol'] } });
    expect(kols.items.length).toBeGreaterThan(0);
    expect(kols.items.every((m) => m.tags.includes('kol'))).toBe(true);
    const detail = await ok<{ tags: { tag: string; groupId: number; evidence: Record<string, unknown> }[]; sparkline: unknown[] }>('roster.get', { id: kols.items[0]!.id });
    const evidence = detail.tags.find((x) => x.tag === 'kol' && x.groupId === g.id)!.evidence;
    expect(evidence.people).toBeGreaterThanOrEqual(3);
    expect(detail.sparkline).toHaveLength(90);

    const first = await ok<{ items: { id: number }[]; next: string }>('roster.list', { limit: 3, sort: { by: 'name', dir: 'asc' } });
    const second = await ok<{ items: { id: number }[] }>('roster.list', { limit: 3, sort: { by: 'name', dir: 'asc' }, cursor: first.next });
    expect(second.items.map((x) => x.id).some((id) => first.items.some((f) => f.id === id))).toBe(false);

    const label = await ok<{ id: number }>('roster.saveLabel', { name: '契约测试', color: 'cyan' });
    const three = first.items.map((x) => x.id);
    expect(await ok('roster.bulk', { targets: { ids: three }, action: { type: 'label', labelId: label.id, on: true } })).toEqual({ changed: 3 });
    const definition = { target: 'members', condition: { op: 'and', rules: [{ field: 'label', labelIds: [label.id] }] } };
    expect(await ok('segments.count', { definition })).toEqual({ count: 3 });
    const seg = await ok<{ id: number }>('segments.save', { name: '契约分组', definition });
    expect((await ok<{ count: number }>('roster.count', { filter: { segmentId: seg.id } })).count).toBe(3);
    const dup = await s.api.call('segments.save', { name: '契约分组', definition });
    expect(dup).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const file = await ok<{ fileId: string; rows: number; name: string }>('roster.export', { filter: { segmentId: seg.id }, format: 'csv' });
    expect(file.rows).toBe(3);
    expect(file.name).toMatch(/\.csv$/);
  });

  it('refuses thresholds out of range with a field error', async () => {
    const bad = await s.api.call('roster.setThresholds', { thresholds: { ...DEFAULT_THRESHOLDS, kolTopPercent: 0 } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
