/**
 * The roster job's progress in the renderer: the percentage, the store that follows the core's
 * events (start, early endings, other windows' jobs, cancel), and the tag-rules preview where the
 * latest request wins. The transport is a fake driven by the test.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeApi } from '../../helpers/fake-api';
import { AppError } from '../../../shared/errors';
import { DEFAULT_THRESHOLDS } from '../../../shared/domain/roster';
import { RETAG_PHASES, type RetagProgressEvent, type RetagResultDto } from '../../../shared/events';
import { zhCN } from '../../../renderer/i18n/zh-CN';
import { en } from '../../../renderer/i18n/en';

const fake = createFakeApi();
vi.mock('../../../renderer/lib/api/client', () => ({ getApi: () => fake }));

const { outcomeOf, retagPercent, retagStep, useRetagJobStore } = await import('../../../renderer/store/roster/retag-job.store');
const { isSuperseded, useTagRulesStore } = await import('../../../renderer/store/roster/tag-rules.store');

const flush = () => new Promise((r) => setTimeout(r, 0));
const result: RetagResultDto = { counts: { new: 1, active: 2, silent: 3, 'at-risk': 4, kol: 5 }, classes: { 'high-value': 1, general: 2, spam: 0, dead: 1 }, asOf: '2026-11-23T08:00:00.000Z' };
const ev = (jobId: string, over: Partial<RetagProgressEvent> = {}): RetagProgressEvent => ({ jobId, phase: 'tags', done: 0, total: 3, status: 'running', ...over });

describe('retag progress percentage', () => {
  it('grows through the phases in order, stays under 100 until stored, and is 100 when done', () => {
    const steps: RetagProgressEvent[] = [
      ev('j', { phase: 'tags', done: 0, total: 3 }),
      ev('j', { phase: 'tags', done: 2, total: 3 }),
      ev('j', { phase: 'tags', done: 3, total: 3 }),
      ev('j', { phase: 'classes', done: 0, total: 1 }),
      ev('j', { phase: 'classes', done: 1, total: 1 }),
      ev('j', { phase: 'activity', done: 0, total: 9 }),
      ev('j', { phase: 'activity', done: 5, total: 9 }),
      ev('j', { phase: 'activity', done: 9, total: 9 }),
    ];
    const pct = steps.map(retagPercent);
    expect(pct[0]).toBe(0);
    expect(pct).toEqual([...pct].sort((a, b) => a - b));
    expect(pct[2]).toBeGreaterThan(pct[1]!);
    expect(Math.max(...pct)).toBeLessThan(100);
    expect(retagPercent(ev('j', { phase: 'activity', done: 9, total: 9, status: 'done' }))).toBe(100);
    expect(retagPercent(ev('j', { total: 0 }))).toBe(0);
    expect(RETAG_PHASES.map(retagStep)).toEqual([1, 2, 3]);
  });

  it('names every phase in both languages', () => {
    for (const p of RETAG_PHASES) {
      expect(zhCN.roster.retagJob.phases[p]).toBeTruthy();
      expect(en.roster.retagJob.phases[p]).toBeTruthy();
    }
  });

  it('reads the outcome off the last event only', () => {
    expect(outcomeOf(ev('j'))).toBeNull();
    expect(outcomeOf(ev('j', { status: 'done', result }))).toEqual({ status: 'done', result });
    expect(outcomeOf(ev('j', { status: 'cancelled' }))).toEqual({ status: 'cancelled' });
    expect(outcomeOf(ev('j', { status: 'failed', error: 'disk full' }))).toEqual({ status: 'failed', error: 'disk full' });
  });
});

describe('retag job store', () => {
  beforeEach(async () => {
    fake.pending = [];
    useRetagJobStore.setState({ job: null, starting: false, cancelling: false });
    useRetagJobStore.getState().subscribe();
    // The first subscription asks what runs now.
    const status = fake.pending.find((p) => p.method === 'roster.retagStatus');
    if (status) {
      fake.take('roster.retagStatus').resolve({ job: null });
      await flush();
    }
  });

  it('follows its job from start to done, and resolves with what was stored', async () => {
    const s = useRetagJobStore.getState();
    const outcome = s.start();
    expect(useRetagJobStore.getState().starting).toBe(true);
    fake.take('roster.startRetag').resolve({ jobId: 'j1' });
    await flush();
    expect(useRetagJobStore.getState()).toMatchObject({ starting: false, job: { jobId: 'j1', status: 'running' } });
    fake.emit('roster.retagProgress', ev('j1', { phase: 'classes', done: 1, total: 1 }));
    expect(useRetagJobStore.getState().job).toMatchObject({ phase: 'classes', done: 1 });
    fake.emit('roster.retagProgress', ev('j1', { phase: 'activity', done: 9, total: 9, status: 'done', result }));
    expect(await outcome).toEqual({ status: 'done', result });
    expect(useRetagJobStore.getState().job).toBeNull();
  });

  it('passes a past moment on, and catches a job that ended before the answer to start arrived', async () => {
    const outcome = useRetagJobStore.getState().start('2026-11-01T15:59:59.999Z');
    const call = fake.take('roster.startRetag');
    expect(call.req).toEqual({ asOf: '2026-11-01T15:59:59.999Z' });
    fake.emit('roster.retagProgress', ev('quick', { phase: 'tags', done: 1 }));
    fake.emit('roster.retagProgress', ev('quick', { phase: 'activity', done: 9, total: 9, status: 'cancelled' }));
    call.resolve({ jobId: 'quick' });
    expect(await outcome).toEqual({ status: 'cancelled' });
    expect(useRetagJobStore.getState().job).toBeNull();
  });

  it("shows another window's job, and cancels it through the core", async () => {
    fake.emit('roster.retagProgress', ev('other', { phase: 'tags', done: 2 }));
    expect(useRetagJobStore.getState().job).toMatchObject({ jobId: 'other', done: 2 });
    const cancelled = useRetagJobStore.getState().cancel();
    expect(useRetagJobStore.getState().cancelling).toBe(true);
    const call = fake.take('roster.cancelRetag');
    expect(call.req).toEqual({ jobId: 'other' });
    fake.emit('roster.retagProgress', ev('other', { phase: 'tags', done: 2, status: 'cancelled' }));
    call.resolve({ cancelled: true });
    expect(await cancelled).toBe(true);
    expect(useRetagJobStore.getState()).toMatchObject({ job: null, cancelling: false });
    // Nothing runs: nothing to cancel, and the core is not asked.
    expect(await useRetagJobStore.getState().cancel()).toBe(false);
    expect(fake.pending).toHaveLength(0);
  });

  it('refused because one runs already (CONFLICT): fails, and shows the running one', async () => {
    const outcome = useRetagJobStore.getState().start();
    fake.take('roster.startRetag').reject(new AppError('CONFLICT', '正在重新计算标签，请等它完成或取消后再试。'));
    await expect(outcome).rejects.toThrow('正在重新计算标签');
    expect(useRetagJobStore.getState().starting).toBe(false);
    fake.take('roster.retagStatus').resolve({ job: ev('running', { phase: 'activity', done: 3, total: 9 }) });
    await flush();
    expect(useRetagJobStore.getState().job).toMatchObject({ jobId: 'running', phase: 'activity' });
  });
});

describe('tag rules preview', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    fake.pending = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks again on each edit even while one runs; only the newest answer counts, a superseded one is ignored', async () => {
    const store = useTagRulesStore;
    store.getState().setDraft({ silentDays: 10 });
    await vi.advanceTimersByTimeAsync(400);
    const first = fake.take('roster.previewTags');
    expect(store.getState().previewing).toBe(true);
    store.getState().setDraft({ silentDays: 3 });
    await vi.advanceTimersByTimeAsync(400);
    const second = fake.take('roster.previewTags');
    expect(second.req).toEqual({ thresholds: { ...DEFAULT_THRESHOLDS, silentDays: 3 } });
    // The core stopped the first for the second.
    first.reject(new AppError('CANCELLED', '这次预览已被更新的预览取代。'));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState()).toMatchObject({ previewing: true, previewError: null });
    const counts = { new: 1, active: 2, silent: 30, 'at-risk': 0, kol: 4 };
    second.resolve(counts);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState()).toMatchObject({ preview: counts, previewing: false, previewError: null });
    expect(fake.pending).toHaveLength(0);

    // An older answer arriving after a newer one never replaces it.
    store.getState().setDraft({ silentDays: 20 });
    await vi.advanceTimersByTimeAsync(400);
    const older = fake.take('roster.previewTags');
    store.getState().setDraft({ silentDays: 25 });
    await vi.advanceTimersByTimeAsync(400);
    const newer = fake.take('roster.previewTags');
    const newest = { ...counts, silent: 25 };
    newer.resolve(newest);
    await vi.advanceTimersByTimeAsync(0);
    older.resolve({ ...counts, silent: 20 });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState()).toMatchObject({ preview: newest, previewing: false });
  });

  it("asks again when another window's preview stopped its only one; a real failure is shown", async () => {
    const store = useTagRulesStore;
    store.getState().setDraft({ kolMinPeople: 5 });
    await vi.advanceTimersByTimeAsync(400);
    fake.take('roster.previewTags').reject(new AppError('CANCELLED', 'superseded'));
    await vi.advanceTimersByTimeAsync(400);
    const again = fake.take('roster.previewTags');
    expect(again.req).toEqual({ thresholds: expect.objectContaining({ kolMinPeople: 5 }) });
    again.reject(new AppError('INTERNAL', '发生内部错误'));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState()).toMatchObject({ previewing: false, previewError: '发生内部错误' });
  });

  it('tells a superseded preview from a failure', () => {
    expect(isSuperseded(new AppError('CANCELLED', 'x'))).toBe(true);
    expect(isSuperseded(new AppError('CONFLICT', 'x'))).toBe(false);
    expect(isSuperseded(new Error('x'))).toBe(false);
  });
});
