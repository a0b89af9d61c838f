/**
 * The broadcasts page in the renderer: progress and status counts, the report's filters, what
 * each target offers, the words for the core's codes and log entries, the throttle, and the
 * list and report stores following the core's events. The transport is a fake driven by the test.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeApi } from '../../helpers/fake-api';
import { PLAN_REASONS, TARGET_STATUSES, type BroadcastRowDto, type ReportDto, type TargetDto } from '../../../shared/api/broadcasts';
import { en } from '../../../renderer/i18n/en';
import { zhCN } from '../../../renderer/i18n/zh-CN';

const fake = createFakeApi();
vi.mock('../../../renderer/lib/api/client', () => ({ getApi: () => fake }));
vi.mock('../../../renderer/store/workspace/workspace.store', () => ({ useWorkspaceStore: { getState: () => ({ current: { id: 'ws-a' } }) } }));

const sel = await import('../../../renderer/store/broadcasts/selectors');
const { useBroadcastListStore, LIST_RELOAD_MS } = await import('../../../renderer/store/broadcasts/list.store');
const { useBroadcastReportStore, REPORT_RELOAD_MS } = await import('../../../renderer/store/broadcasts/report.store');

const flush = () => new Promise((r) => setImmediate(r));

const target = (over: Partial<TargetDto> = {}): TargetDto => ({
  id: 1,
  groupId: 1,
  groupName: '北京运营交流群',
  platform: 'wechat',
  mode: 'manual',
  status: 'manual-pending',
  reasons: [],
  plannedAt: '2026-11-21T02:00:00.000Z',
  sentAt: null,
  attempts: 0,
  error: null,
  doneBy: null,
  doneAt: null,
  text: '【北京运营交流群】周四晚 8 点直播',
  image: false,
  partsDone: 0,
  ...over,
});

const row = (over: Partial<BroadcastRowDto> = {}): BroadcastRowDto => ({
  id: 7,
  name: '本周直播预告',
  status: 'sending',
  scheduledAt: '2026-11-21T02:00:00.000Z',
  createdAt: '2026-11-21T01:00:00.000Z',
  targets: 12,
  counts: { sent: 2, 'manual-done': 5, 'manual-pending': 3, 'awaiting-owner': 2 },
  ...over,
});

const TARGETS: TargetDto[] = [
  target({ id: 1, groupName: '运营中心内部通知群', platform: 'dingtalk', mode: 'auto', status: 'sent', sentAt: '2026-11-21T02:00:02.000Z' }),
  target({ id: 2, groupName: '深圳跨境电商卖家群', platform: 'wechat', status: 'manual-pending' }),
  target({ id: 3, groupName: '成都读书会', platform: 'wechat', status: 'manual-done', doneBy: '王芳' }),
  target({ id: 4, groupName: '华东区代理商群', platform: 'wecom', mode: 'owner-confirm', status: 'awaiting-owner' }),
  target({ id: 5, groupName: '内容组选题会', platform: 'feishu', mode: 'auto', status: 'uncertain', error: { code: 'connection_lost', text: 'socket hang up' } }),
  target({ id: 6, groupName: 'Python 学习交流群', platform: 'qq', status: 'skipped', reasons: ['cap_per_day'] }),
  target({ id: 7, groupName: 'Growth Lab', platform: 'dingtalk', mode: 'auto', status: 'failed', error: { code: 'invalid_credentials', text: 'token is not exist' } }),
];

const report = (over: Partial<ReportDto['broadcast']> = {}, targets = TARGETS): ReportDto => {
  const counts: Record<string, number> = {};
  for (const t of targets) counts[t.status] = (counts[t.status] ?? 0) + 1;
  return { broadcast: { ...row({ counts, targets: targets.length }), format: 'text', title: '', body: '【{{group.name}}】周四晚 8 点直播', image: null, ...over }, targets, log: [] };
};

describe('progress and status counts', () => {
  it('counts sent and sent-by-hand as done, of every target, rounding down', () => {
    expect(sel.progressOf(row())).toEqual({ done: 7, total: 12, percent: 58, failed: 0 });
    expect(sel.progressOf(row({ targets: 3, counts: { sent: 2, 'manual-done': 1 } })).percent).toBe(100);
    // 199 of 200 is not "100%".
    expect(sel.progressOf(row({ targets: 200, counts: { sent: 199, failed: 1 } }))).toEqual({ done: 199, total: 200, percent: 99, failed: 1 });
    expect(sel.progressOf(row({ targets: 0, counts: {} })).percent).toBe(0);
  });

  it('lists non-zero counts in a fixed order, statuses it does not know last', () => {
    expect(sel.statusSummary({ sent: 2, 'manual-pending': 3, queued: 0, failed: 1, 'future-status': 4 })).toEqual([
      { status: 'failed', n: 1 },
      { status: 'manual-pending', n: 3 },
      { status: 'sent', n: 2 },
      { status: 'future-status', n: 4 },
    ]);
  });

  it('knows every status and plan reason of the contract, with words for each in both languages', () => {
    expect([...sel.STATUS_ORDER].sort()).toEqual([...TARGET_STATUSES].sort());
    for (const s of TARGET_STATUSES) {
      expect(zhCN.broadcasts.target[s], s).toMatch(/\S/);
      expect(en.broadcasts.target[s], s).toMatch(/\S/);
    }
    for (const r of PLAN_REASONS) {
      expect(zhCN.broadcasts.planReason[r], r).toMatch(/\S/);
      expect(en.broadcasts.planReason[r], r).toMatch(/\S/);
    }
    expect(zhCN.broadcasts.target).toMatchObject({ uncertain: '待确认', 'manual-pending': '待手动发送', 'awaiting-owner': '待群主确认', 'manual-done': '已手动发送' });
    expect(zhCN.broadcasts.mode).toEqual({ auto: '自动', 'owner-confirm': '群主确认', manual: '手动' });
    for (const a of sel.LOG_ACTIONS) {
      expect(zhCN.broadcasts.log[a], a).toMatch(/\S/);
      expect(en.broadcasts.log[a], a).toMatch(/\S/);
    }
  });

  it('needs attention for failures, uncertain sends and tasks by hand or by the owner', () => {
    expect(sel.attentionCount(row().counts)).toBe(5);
    expect(sel.attentionCount({ sent: 4, cancelled: 2, skipped: 1 })).toBe(0);
    expect(sel.attentionCount({ failed: 1, uncertain: 2 })).toBe(3);
  });

  it('cancel stops the queued, the manual and the owner tasks; retry needs failures; a cancelled broadcast takes neither', () => {
    expect(sel.cancellable({ queued: 4, 'manual-pending': 3, 'awaiting-owner': 2, sending: 1, sent: 9 })).toEqual({ queued: 4, manual: 3, owner: 2, total: 9 });
    expect(sel.broadcastActions(row())).toEqual({ retry: false, cancel: true });
    expect(sel.broadcastActions(row({ counts: { failed: 2, sent: 3 } }))).toEqual({ retry: true, cancel: false });
    expect(sel.broadcastActions(row({ status: 'cancelled', counts: { failed: 2, 'manual-pending': 1 } }))).toEqual({ retry: false, cancel: false });
  });
});

describe('the report’s filters', () => {
  const f = (over: Partial<import('../../../renderer/store/broadcasts/selectors').TargetFilters>) => ({ ...sel.EMPTY_TARGET_FILTERS, ...over });
  const names = (ts: TargetDto[]) => ts.map((t) => t.groupName);

  it('filters by status, by "needs action", by platform and by part of the group name, together', () => {
    expect(sel.filterTargets(TARGETS, sel.EMPTY_TARGET_FILTERS)).toHaveLength(TARGETS.length);
    expect(names(sel.filterTargets(TARGETS, f({ status: 'manual-pending' })))).toEqual(['深圳跨境电商卖家群']);
    expect(names(sel.filterTargets(TARGETS, f({ status: 'attention' })))).toEqual(['深圳跨境电商卖家群', '华东区代理商群', '内容组选题会', 'Growth Lab']);
    expect(names(sel.filterTargets(TARGETS, f({ platform: 'wechat' })))).toEqual(['深圳跨境电商卖家群', '成都读书会']);
    expect(names(sel.filterTargets(TARGETS, f({ platform: 'wechat', status: 'manual-done' })))).toEqual(['成都读书会']);
    expect(names(sel.filterTargets(TARGETS, f({ query: ' growth ' })))).toEqual(['Growth Lab']);
    expect(names(sel.filterTargets(TARGETS, f({ query: '读书', platform: 'qq' })))).toEqual([]);
    expect(sel.hasTargetFilters(sel.EMPTY_TARGET_FILTERS)).toBe(false);
    expect(sel.hasTargetFilters(f({ query: '  ' }))).toBe(false);
    expect(sel.hasTargetFilters(f({ platform: 'qq' }))).toBe(true);
  });

  it('offers only the statuses and platforms present, with counts', () => {
    expect(sel.statusChoices(TARGETS)).toEqual([
      { value: 'all', n: 7 },
      { value: 'attention', n: 4 },
      { value: 'uncertain', n: 1 },
      { value: 'failed', n: 1 },
      { value: 'manual-pending', n: 1 },
      { value: 'awaiting-owner', n: 1 },
      { value: 'sent', n: 1 },
      { value: 'manual-done', n: 1 },
      { value: 'skipped', n: 1 },
    ]);
    // Nothing needs action: no such choice.
    expect(sel.statusChoices([TARGETS[0]!]).map((c) => c.value)).toEqual(['all', 'sent']);
    expect(sel.platformChoices(TARGETS)).toEqual([
      { value: 'dingtalk', n: 2 },
      { value: 'wechat', n: 2 },
      { value: 'feishu', n: 1 },
      { value: 'qq', n: 1 },
      { value: 'wecom', n: 1 },
    ]);
  });
});

describe('what a target offers', () => {
  it('copy and tick for manual and owner tasks, undo once ticked, resolve for uncertain, nothing for robots’ sends', () => {
    expect(sel.targetActions({ mode: 'manual', status: 'manual-pending' }, 'done')).toEqual(['copy', 'markSent']);
    expect(sel.targetActions({ mode: 'owner-confirm', status: 'awaiting-owner' }, 'sending')).toEqual(['copy', 'markSent']);
    expect(sel.targetActions({ mode: 'manual', status: 'manual-done' }, 'done')).toEqual(['copy', 'undo']);
    expect(sel.targetActions({ mode: 'auto', status: 'uncertain' }, 'sending')).toEqual(['resolveSent', 'resend']);
    for (const status of ['queued', 'sending', 'sent', 'failed', 'skipped', 'cancelled'] as const) expect(sel.targetActions({ mode: 'auto', status }, 'sending'), status).toEqual([]);
    expect(sel.targetActions({ mode: 'manual', status: 'cancelled' }, 'cancelled')).toEqual([]);
  });

  it('after a cancel: nothing is sent again and no tick is taken back', () => {
    expect(sel.targetActions({ mode: 'auto', status: 'uncertain' }, 'cancelled')).toEqual(['resolveSent']);
    expect(sel.targetActions({ mode: 'manual', status: 'manual-done' }, 'cancelled')).toEqual(['copy']);
  });

  it('says why: the send’s reason in words, the outbox’s interruption, or the caps that skipped it', () => {
    expect(sel.targetNote(TARGETS[6]!)).toEqual({ kind: 'error', key: 'invalid_credentials', text: 'token is not exist' });
    expect(sel.targetNote(target({ status: 'uncertain', error: { code: 'interrupted', text: 'the app stopped' } }))).toMatchObject({ kind: 'error', key: 'interrupted' });
    expect(sel.targetNote(target({ platform: 'feishu', status: 'failed', error: { code: 'keyword_missing', text: '' } }))).toMatchObject({ key: 'keyword_missing_feishu' });
    expect(sel.targetNote(target({ status: 'failed', error: { code: 'brand_new_code', text: 'x' } }))).toMatchObject({ key: 'unknown' });
    expect(sel.targetNote(TARGETS[5]!)).toEqual({ kind: 'plan', reasons: ['cap_per_day'] });
    // A retry that then went through leaves no error on screen.
    expect(sel.targetNote(target({ status: 'sent', error: { code: 'rate_limited', text: '' } }))).toBeNull();
    expect(sel.targetNote(TARGETS[1]!)).toBeNull();
    expect(zhCN.broadcasts.interrupted).toMatch(/可能已经送达/);
  });
});

describe('the audit log', () => {
  it('reads counts and reasons off the core’s details, and marks the app’s own sends', () => {
    expect(sel.logLine({ actor: '王芳', action: 'created', detail: '{"total":12,"byPlatform":{}}' })).toEqual({ action: 'created', byApp: false, count: 12, reason: null });
    expect(sel.logLine({ actor: '王芳', action: 'created', detail: 'not json' }).count).toBeNull();
    expect(sel.logLine({ actor: 'outbox', action: 'failed', detail: 'invalid_credentials' })).toEqual({ action: 'failed', byApp: true, count: null, reason: 'invalid_credentials' });
    expect(sel.logLine({ actor: 'outbox', action: 'sent', detail: '' })).toEqual({ action: 'sent', byApp: true, count: null, reason: null });
    expect(sel.logLine({ actor: '运营者', action: 'cancelled', detail: '3' }).count).toBe(3);
    expect(sel.logLine({ actor: '运营者', action: 'retry-failed', detail: '' }).count).toBeNull();
    expect(sel.logLine({ actor: '运营者', action: 'archived', detail: '' }).action).toBe('other');
  });

  it('shows the newest first without changing the core’s list', () => {
    const log = [{ n: 1 }, { n: 2 }, { n: 3 }];
    expect(sel.newestFirst(log)).toEqual([{ n: 3 }, { n: 2 }, { n: 1 }]);
    expect(log[0]).toEqual({ n: 1 });
  });
});

describe('an action’s answer in the report', () => {
  it('replaces the target and moves the broadcast’s counts along', () => {
    const r = report();
    const next = sel.withTarget(r, { ...TARGETS[1]!, status: 'manual-done', doneBy: '运营者' });
    expect(next.targets[1]).toMatchObject({ status: 'manual-done', doneBy: '运营者' });
    expect(next.broadcast.counts['manual-done']).toBe(2);
    expect(next.broadcast.counts['manual-pending']).toBeUndefined();
    expect(r.broadcast.counts['manual-pending']).toBe(1);
    // A target of another report leaves it as it is.
    expect(sel.withTarget(r, target({ id: 999 }))).toBe(r);
  });
});

describe('throttle', () => {
  afterEach(() => vi.useRealTimers());

  it('runs at once, folds a burst into one more run at the end of the pause, and stops when cancelled', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const th = sel.throttle(fn, 1000);
    th.call();
    expect(fn).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 50; i++) th.call();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(2);
    // Quiet for a whole pause: the next call runs at once again.
    vi.advanceTimersByTime(1000);
    th.call();
    expect(fn).toHaveBeenCalledTimes(3);
    th.call();
    th.cancel();
    vi.advanceTimersByTime(5000);
    expect(fn).toHaveBeenCalledTimes(3);
  });
});

describe('list store', () => {
  beforeEach(() => {
    fake.pending = [];
    fake.listeners.clear();
    useBroadcastListStore.setState({ items: [], loading: false, loaded: false, error: null });
  });
  afterEach(() => vi.useRealTimers());

  it('loads, and keeps only the newest answer', async () => {
    const first = useBroadcastListStore.getState().load();
    const second = useBroadcastListStore.getState().load();
    expect(useBroadcastListStore.getState().loading).toBe(true);
    const [a, b] = [fake.take('broadcasts.list'), fake.take('broadcasts.list')];
    b.resolve([row({ id: 2, name: '新的' })]);
    a.resolve([row({ id: 1, name: '旧的' })]);
    await Promise.all([first, second]);
    expect(useBroadcastListStore.getState()).toMatchObject({ loading: false, loaded: true, error: null });
    expect(useBroadcastListStore.getState().items.map((x) => x.name)).toEqual(['新的']);
  });

  it('keeps the core’s message when the list cannot be read', async () => {
    const p = useBroadcastListStore.getState().load();
    fake.take('broadcasts.list').reject(new Error('数据库被占用'));
    await p;
    expect(useBroadcastListStore.getState()).toMatchObject({ loaded: true, error: '数据库被占用' });
  });

  it('reloads quietly on progress, at most once a second, and stops listening when unwatched', () => {
    vi.useFakeTimers();
    const off = useBroadcastListStore.getState().watch();
    for (let i = 0; i < 30; i++) fake.emit('broadcast.progress', { broadcastId: 1 });
    expect(fake.count('broadcasts.list')).toBe(1);
    expect(useBroadcastListStore.getState().loading).toBe(false); // quiet: no spinner
    vi.advanceTimersByTime(LIST_RELOAD_MS);
    expect(fake.count('broadcasts.list')).toBe(2);
    fake.emit('workspace.changed', { id: 'ws-b' });
    vi.advanceTimersByTime(LIST_RELOAD_MS);
    expect(fake.count('broadcasts.list')).toBe(3);
    off();
    fake.emit('broadcast.progress', { broadcastId: 1 });
    vi.advanceTimersByTime(LIST_RELOAD_MS * 3);
    expect(fake.count('broadcasts.list')).toBe(3);
  });
});

describe('report store', () => {
  beforeEach(() => {
    fake.pending = [];
    fake.downloads = [];
    fake.listeners.clear();
    useBroadcastReportStore.getState().close();
  });
  afterEach(() => vi.useRealTimers());

  const openWith = async (r = report()) => {
    useBroadcastReportStore.getState().open(r.broadcast.id);
    const call = fake.take('broadcasts.report');
    expect(call.req).toEqual({ id: r.broadcast.id });
    call.resolve(r);
    await flush();
  };

  it('opens a report, and drops an answer for one the user has left', async () => {
    useBroadcastReportStore.getState().open(7);
    expect(useBroadcastReportStore.getState()).toMatchObject({ openId: 7, loading: true, report: null });
    const late = fake.take('broadcasts.report');
    useBroadcastReportStore.getState().close();
    late.resolve(report());
    await flush();
    expect(useBroadcastReportStore.getState()).toMatchObject({ openId: null, report: null });
    await openWith();
    expect(useBroadcastReportStore.getState().report?.targets).toHaveLength(TARGETS.length);
  });

  it('ticks a manual target: its row changes at once, then the report (with its log line) is read again', async () => {
    await openWith();
    const done = useBroadcastReportStore.getState().markManual(2, true);
    expect(useBroadcastReportStore.getState().busy[2]).toBe('markSent');
    const call = fake.take('broadcasts.markManual');
    expect(call.req).toEqual({ targetId: 2, done: true });
    call.resolve({ ...TARGETS[1]!, status: 'manual-done', doneBy: '运营者', doneAt: '2026-11-23T08:00:00.000Z' });
    await done;
    const s = useBroadcastReportStore.getState();
    expect(s.busy[2]).toBeUndefined();
    expect(s.report?.targets.find((t) => t.id === 2)).toMatchObject({ status: 'manual-done', doneBy: '运营者' });
    expect(s.report?.broadcast.counts['manual-done']).toBe(2);
    expect(fake.count('broadcasts.report')).toBe(1);
  });

  it('passes the core’s refusal on, clears the busy flag and leaves the row as it was', async () => {
    await openWith();
    const p = useBroadcastReportStore.getState().resolveUncertain(5, 'resend');
    expect(useBroadcastReportStore.getState().busy[5]).toBe('resend');
    const call = fake.take('broadcasts.resolveUncertain');
    expect(call.req).toEqual({ targetId: 5, resolution: 'resend' });
    call.reject(new Error('这个群已经不是待确认状态'));
    await expect(p).rejects.toThrow('这个群已经不是待确认状态');
    const s = useBroadcastReportStore.getState();
    expect(s.busy[5]).toBeUndefined();
    expect(s.report?.targets.find((t) => t.id === 5)?.status).toBe('uncertain');
  });

  it('retries the failed, cancels the rest and exports the open broadcast, then downloads the file', async () => {
    await openWith();
    const retried = useBroadcastReportStore.getState().retryFailed();
    expect(useBroadcastReportStore.getState().running).toBe('retry');
    const retry = fake.take('broadcasts.retryFailed');
    expect(retry.req).toEqual({ id: 7 });
    retry.resolve({ requeued: 1 });
    expect(await retried).toBe(1);
    expect(useBroadcastReportStore.getState().running).toBeNull();
    expect(fake.count('broadcasts.report')).toBe(1); // read again to show the queued row

    const cancelled = useBroadcastReportStore.getState().cancel();
    const cancel = fake.take('broadcasts.cancel');
    expect(cancel.req).toEqual({ id: 7 });
    cancel.resolve({ cancelled: 3 });
    expect(await cancelled).toBe(3);

    const exported = useBroadcastReportStore.getState().exportReport('xlsx');
    expect(useBroadcastReportStore.getState().running).toBe('export');
    const exp = fake.take('broadcasts.exportReport');
    expect(exp.req).toEqual({ id: 7, format: 'xlsx' });
    exp.resolve({ fileId: 'f1', name: '群发报告-7-202611230800.xlsx', rows: 7 });
    expect(await exported).toEqual({ name: '群发报告-7-202611230800.xlsx', rows: 7 });
    expect(fake.downloads).toEqual([{ fileId: 'f1', name: '群发报告-7-202611230800.xlsx' }]);
    expect(useBroadcastReportStore.getState().running).toBeNull();
  });

  it('reloads on its own broadcast’s progress only, throttled, and closes for another workspace', async () => {
    await openWith();
    vi.useFakeTimers();
    const off = useBroadcastReportStore.getState().watch();
    fake.emit('broadcast.progress', { broadcastId: 99 });
    expect(fake.count('broadcasts.report')).toBe(0);
    for (let i = 0; i < 20; i++) fake.emit('broadcast.progress', { broadcastId: 7 });
    expect(fake.count('broadcasts.report')).toBe(1);
    vi.advanceTimersByTime(REPORT_RELOAD_MS);
    expect(fake.count('broadcasts.report')).toBe(2);
    fake.emit('workspace.changed', { id: 'ws-b' });
    expect(useBroadcastReportStore.getState().openId).toBeNull();
    off();
  });
});
