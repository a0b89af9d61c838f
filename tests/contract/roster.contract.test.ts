/** Roster tag thresholds, preview and re-tag over both transports, on the demo workspace. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, type TagThresholds } from '../../shared/domain/roster';
import { tmpDir } from '../helpers/tmp';
import { callOk, coreOptions, TRANSPORTS, type TestTransport } from '../helpers/transports';

type Counts = Record<'new' | 'active' | 'silent' | 'at-risk' | 'kol', number>;

describe.each(TRANSPORTS)('roster contract over %s', (_name, make) => {
  let t: ReturnType<typeof tmpDir>;
  let api: TestTransport;
  const ok = <T>(method: string, params: unknown = {}) => callOk<T>(api, method, params);

  beforeEach(async () => {
    t = tmpDir();
    api = await make(coreOptions(t.dir));
    await ok('workspace.createDemo');
  });
  afterEach(async () => {
    await api.close();
    t.cleanup();
  });

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

  it('refuses thresholds out of range with a field error', async () => {
    const bad = await api.call('roster.setThresholds', { thresholds: { ...DEFAULT_THRESHOLDS, kolTopPercent: 0 } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
