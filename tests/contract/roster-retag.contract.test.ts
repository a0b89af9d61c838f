/**
 * The re-tag as a background job, over both transports, on a workspace big enough that the job
 * is still running when a cancel arrives: progress by phase, cancel (nothing stored), one job at
 * a time, and the tag-rules preview where the latest request wins.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/errors';
import { DEFAULT_THRESHOLDS } from '../../shared/domain/roster';
import { RETAG_PHASES, type EventName, type RetagProgressEvent } from '../../shared/events';
import { integrityCheck, rosterState, writeBigWorkspace } from '../helpers/big-workspace';
import { tmpDir } from '../helpers/tmp';
import { callOk, coreOptions, T0, TRANSPORTS, until, type TestTransport } from '../helpers/transports';

const DAY = 86_400_000;
type Counts = Record<'new' | 'active' | 'silent' | 'at-risk' | 'kol', number>;

let template: ReturnType<typeof tmpDir>;
beforeAll(() => {
  template = tmpDir();
  // About two seconds of re-tag; tagged once three weeks earlier, so a re-tag now changes things.
  writeBigWorkspace(path.join(template.dir, 'big.db'), { groups: 30, members: 25_000, messages: 250_000, now: Date.parse(T0), taggedAt: Date.parse(T0) - 21 * DAY });
}, 120_000);
afterAll(() => template.cleanup());

describe.each(TRANSPORTS)('re-tag job over %s', (_name, make) => {
  let t: ReturnType<typeof tmpDir>;
  let api: TestTransport;
  let seen: { event: EventName; payload: unknown }[];
  const progress = () => seen.filter((x) => x.event === 'roster.retagProgress').map((x) => x.payload as RetagProgressEvent);
  const ok = <T>(method: string, params: unknown = {}) => callOk<T>(api, method, params);
  const db = () => api.core.workspaces.db;
  /** Calls `act` once, on the first progress event that `when` accepts. */
  let onProgress: ((e: RetagProgressEvent) => void) | null;

  beforeEach(async () => {
    t = tmpDir();
    fs.copyFileSync(path.join(template.dir, 'big.db'), path.join(t.dir, 'ws.db'));
    api = await make(coreOptions(t.dir));
    seen = [];
    onProgress = null;
    await api.on((event, payload) => {
      seen.push({ event, payload });
      if (event === 'roster.retagProgress') onProgress?.(payload as RetagProgressEvent);
    });
  });
  afterEach(async () => {
    const running = await ok<{ job: RetagProgressEvent | null }>('roster.retagStatus');
    if (running.job) await ok('roster.cancelRetag', { jobId: running.job.jobId });
    await api.close();
    t.cleanup();
  });

  it('reports progress in phase order, ends with done and its result, then roster.changed', async () => {
    const before = rosterState(db());
    const { jobId } = await ok<{ jobId: string }>('roster.startRetag');
    await until(() => progress().some((e) => e.status !== 'running'), 60_000);
    const events = progress();
    expect(events.every((e) => e.jobId === jobId)).toBe(true);
    const last = events.at(-1)!;
    expect(last.status).toBe('done');
    expect(events.slice(0, -1).every((e) => e.status === 'running')).toBe(true);
    // Every phase reported, in order; within a phase the steps only grow, up to its total.
    const order = events.map((e) => RETAG_PHASES.indexOf(e.phase));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(events.map((e) => e.phase))).toEqual(new Set(RETAG_PHASES));
    for (const phase of RETAG_PHASES) {
      const steps = events.filter((e) => e.phase === phase && e.status === 'running');
      expect(steps[0]!.done).toBe(0);
      expect(steps.at(-1)!.done).toBe(steps[0]!.total);
      expect(steps.map((e) => e.done)).toEqual([...steps.map((e) => e.done)].sort((a, b) => a - b));
    }
    // The result is what was stored, and the roster hears about it after the job's end.
    const stored = db().prepare('SELECT tag, count(*) AS n FROM member_tags GROUP BY tag').all() as { tag: keyof Counts; n: number }[];
    for (const { tag, n } of stored) expect(last.result!.counts[tag]).toBe(n);
    expect(last.result!.asOf).toBe(T0);
    expect(rosterState(db())).not.toBe(before);
    await until(() => seen.some((x) => x.event === 'roster.changed'));
    const doneAt = seen.findIndex((x) => x.event === 'roster.retagProgress' && (x.payload as RetagProgressEvent).status === 'done');
    expect(seen.findIndex((x) => x.event === 'roster.changed' && (x.payload as { reason: string }).reason === 'retag')).toBeGreaterThan(doneAt);
    expect(await ok('roster.retagStatus')).toEqual({ job: null });
  });

  it('cancelled while it writes, leaves tags, activity and classes exactly as they were', async () => {
    const before = rosterState(db());
    // Cancel as soon as the job enters its one write transaction (activity, then storing everything).
    let answer: Promise<Envelope<unknown>> | null = null;
    onProgress = (e) => {
      if (!answer && e.phase === 'activity' && e.status === 'running') answer = api.call('roster.cancelRetag', { jobId: e.jobId });
    };
    const { jobId } = await ok<{ jobId: string }>('roster.startRetag');
    await until(() => answer !== null, 60_000);
    expect(await answer).toEqual({ ok: true, value: { cancelled: true } });
    await until(() => progress().some((e) => e.status !== 'running'));
    const last = progress().at(-1)!;
    expect(last).toMatchObject({ jobId, status: 'cancelled', phase: 'activity' });
    expect(last.result).toBeUndefined();
    expect(progress().filter((e) => e.status !== 'running')).toHaveLength(1);
    expect(seen.some((x) => x.event === 'roster.changed')).toBe(false);
    expect(rosterState(db())).toBe(before);
    expect(integrityCheck(db())).toBe('ok');
    expect(await ok('roster.retagStatus')).toEqual({ job: null });
    // Cancelling again, or a job that is not running, changes nothing and says so.
    expect(await ok('roster.cancelRetag', { jobId })).toEqual({ cancelled: false });
    // The workspace is not locked, and the same job run to the end does change what was compared.
    await ok('roster.retag');
    expect(rosterState(db())).not.toBe(before);
    expect(integrityCheck(db())).toBe('ok');
  });

  it('runs one re-tag at a time: a second request gets CONFLICT; the awaitable one fails with CANCELLED when cancelled', async () => {
    let first: RetagProgressEvent | null = null;
    onProgress = (e) => (first ??= e);
    const waiting = api.call('roster.retag', {});
    await until(() => first !== null, 60_000);
    const jobId = first!.jobId;
    expect((await ok<{ job: RetagProgressEvent | null }>('roster.retagStatus')).job).toMatchObject({ jobId, status: 'running' });
    const second = await api.call('roster.startRetag', {});
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '正在重新计算标签，请等它完成或取消后再试。' } });
    const third = await api.call('roster.retag', { asOf: '2026-11-01T00:00:00Z' });
    expect(third).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await ok('roster.cancelRetag', { jobId })).toEqual({ cancelled: true });
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'CANCELLED', message: '重新计算标签已取消，标签、活跃度和群分类都没有改动。' } });
    // Only the first job ever reported.
    expect(new Set(progress().map((e) => e.jobId))).toEqual(new Set([jobId]));
    // Free again.
    const { jobId: next } = await ok<{ jobId: string }>('roster.startRetag');
    expect(next).not.toBe(jobId);
  });

  it('previews tags in a worker: the latest request wins, the one it replaced fails with CANCELLED', async () => {
    const strict = { ...DEFAULT_THRESHOLDS, silentDays: 3 };
    const order: string[] = [];
    const answered = <T>(name: string, p: Promise<T>) => p.then((r) => (order.push(name), r));
    const a = answered('a', api.call('roster.previewTags', { thresholds: DEFAULT_THRESHOLDS }));
    const b = answered('b', api.call('roster.previewTags', { thresholds: strict }));
    // The core keeps answering while a preview computes.
    const ws = answered('ws', api.call('workspace.current', {}));
    const [ra, rb] = await Promise.all([a, b, ws]);
    // Both were asked at once: whichever reached the core second won, the other was stopped.
    const cancelled = [ra, rb].filter((r) => !r.ok);
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    const won = (ra.ok ? ra : rb) as { ok: true; value: Counts };
    expect(order.indexOf('ws')).toBeLessThan(order.indexOf(won === ra ? 'a' : 'b'));
    const alone = await ok<Counts>('roster.previewTags', { thresholds: won === ra ? DEFAULT_THRESHOLDS : strict });
    expect(won.value).toEqual(alone);
    expect(alone.silent).toBeGreaterThan(0);
  });
});

describe.each(TRANSPORTS)('leaving a workspace while it re-tags, over %s', (_name, make) => {
  let t: ReturnType<typeof tmpDir>;
  let api: TestTransport;
  afterEach(async () => {
    await api.close();
    t.cleanup();
  });

  it('stops its re-tag and tag preview: the old workspace keeps its tags, the new one is free to re-tag', async () => {
    t = tmpDir();
    const bigFile = path.join(t.dir, 'workspaces', 'big', 'qunzhu.db');
    fs.mkdirSync(path.dirname(bigFile), { recursive: true });
    fs.copyFileSync(path.join(template.dir, 'big.db'), bigFile);
    api = await make(coreOptions(t.dir, 'managed'));
    const ok = <T>(method: string, params: unknown = {}) => callOk<T>(api, method, params);
    await ok('workspace.switch', { id: 'big' });
    const before = rosterState(api.core.workspaces.db);

    const events: RetagProgressEvent[] = [];
    let leaving: Promise<unknown> | null = null;
    let preview: Promise<Envelope<unknown>> | null = null;
    await api.on((event, payload) => {
      if (event !== 'roster.retagProgress') return;
      events.push(payload as RetagProgressEvent);
      // Mid-job (before its write transaction), with a tag preview running too: the user moves on.
      if (!leaving && (payload as RetagProgressEvent).phase === 'classes') {
        preview = api.call('roster.previewTags', { thresholds: DEFAULT_THRESHOLDS });
        leaving = ok('workspace.create', { name: '第二个工作区' });
      }
    });
    const { jobId } = await ok<{ jobId: string }>('roster.startRetag');
    await until(() => leaving !== null, 60_000);
    await leaving;
    expect(api.core.workspaces.id).not.toBe('big');

    // The job ended as cancelled, before the switch answered; the preview was stopped.
    expect(events.at(-1)).toMatchObject({ jobId, status: 'cancelled' });
    expect(events.filter((e) => e.status !== 'running')).toHaveLength(1);
    expect(await preview).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await ok('roster.retagStatus')).toEqual({ job: null });

    // The new workspace can re-tag at once; the old one is exactly as it was.
    await ok('roster.retag');
    await ok('workspace.switch', { id: 'big' });
    expect(rosterState(api.core.workspaces.db)).toBe(before);
    expect(integrityCheck(api.core.workspaces.db)).toBe('ok');
  });
});
