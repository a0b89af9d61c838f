/**
 * The broadcasts page's pure pieces: progress and status counts of a broadcast, the delivery
 * report's filters, what an operator can do to each target, the words for the core's codes and
 * audit-log entries, and the throttle that keeps a burst of progress events to a few reloads.
 */
import { PLAN_REASONS, TARGET_STATUSES, type BroadcastRowDto, type ReportDto, type TargetDto, type TargetStatus } from '../../../shared/api/broadcasts';
import type { Platform } from '../../../shared/domain/enums';
import { reasonKey, type ReasonKey } from '../connections/selectors';

type Counts = Readonly<Record<string, number>>;
const n = (c: Counts, s: string): number => c[s] ?? 0;

/** The order statuses are listed in: what is moving, then what needs the operator, then what is over. */
export const STATUS_ORDER: readonly TargetStatus[] = ['sending', 'queued', 'uncertain', 'failed', 'manual-pending', 'awaiting-owner', 'sent', 'manual-done', 'skipped', 'cancelled'];

/** Statuses that wait for the operator: a failure, a send that may or may not have arrived, a task to do by hand. */
export const ATTENTION_STATUSES: readonly TargetStatus[] = ['failed', 'uncertain', 'manual-pending', 'awaiting-owner'];

/** What 取消剩余 stops (the core's cancelBroadcast): a send under way finishes and is reported. */
export const CANCELLABLE_STATUSES = ['queued', 'manual-pending', 'awaiting-owner'] as const satisfies readonly TargetStatus[];

export const isTargetStatus = (s: string): s is TargetStatus => (TARGET_STATUSES as readonly string[]).includes(s);

export interface Progress {
  /** Sent by a robot or ticked as sent by hand. */
  done: number;
  total: number;
  /** 0–100, rounded down: 100 only when every target is done. */
  percent: number;
  /** Targets that failed: the bar shows them as an exception. */
  failed: number;
}

export function progressOf(b: Pick<BroadcastRowDto, 'targets' | 'counts'>): Progress {
  const done = n(b.counts, 'sent') + n(b.counts, 'manual-done');
  const total = b.targets;
  return { done, total, percent: total > 0 ? Math.floor((done * 100) / total) : 0, failed: n(b.counts, 'failed') };
}

/** The non-zero counts in STATUS_ORDER; statuses this page does not know yet come last, as the core names them. */
export function statusSummary(counts: Counts): { status: string; n: number }[] {
  const known = STATUS_ORDER.filter((s) => n(counts, s) > 0).map((s) => ({ status: s as string, n: n(counts, s) }));
  const other = Object.keys(counts)
    .filter((s) => !isTargetStatus(s) && n(counts, s) > 0)
    .sort()
    .map((s) => ({ status: s, n: n(counts, s) }));
  return [...known, ...other];
}

export const attentionCount = (counts: Counts): number => ATTENTION_STATUSES.reduce((a, s) => a + n(counts, s), 0);

/** What 取消剩余 would stop, by kind, for the confirmation. */
export function cancellable(counts: Counts): { queued: number; manual: number; owner: number; total: number } {
  const queued = n(counts, 'queued');
  const manual = n(counts, 'manual-pending');
  const owner = n(counts, 'awaiting-owner');
  return { queued, manual, owner, total: queued + manual + owner };
}

/** Whether the broadcast-wide actions apply. A cancelled broadcast takes no more sends. */
export function broadcastActions(b: Pick<BroadcastRowDto, 'status' | 'counts'>): { retry: boolean; cancel: boolean } {
  const open = b.status !== 'cancelled';
  return { retry: open && n(b.counts, 'failed') > 0, cancel: open && cancellable(b.counts).total > 0 };
}

// ---- the report's filters ------------------------------------------------------------------

export type StatusFilter = 'all' | 'attention' | TargetStatus;

export interface TargetFilters {
  status: StatusFilter;
  platform: Platform | 'all';
  /** Part of a group's name. */
  query: string;
}

export const EMPTY_TARGET_FILTERS: TargetFilters = { status: 'all', platform: 'all', query: '' };

export const hasTargetFilters = (f: TargetFilters): boolean => f.status !== 'all' || f.platform !== 'all' || f.query.trim() !== '';

export function matchesStatus(status: TargetStatus, f: StatusFilter): boolean {
  if (f === 'all') return true;
  if (f === 'attention') return ATTENTION_STATUSES.includes(status);
  return status === f;
}

export function filterTargets(targets: readonly TargetDto[], f: TargetFilters): TargetDto[] {
  const q = f.query.trim().toLowerCase();
  return targets.filter((t) => matchesStatus(t.status, f.status) && (f.platform === 'all' || t.platform === f.platform) && (!q || t.groupName.toLowerCase().includes(q)));
}

/** The status filter's choices that have targets, with their counts (attention first when there is any). */
export function statusChoices(targets: readonly TargetDto[]): { value: StatusFilter; n: number }[] {
  const by = new Map<TargetStatus, number>();
  for (const t of targets) by.set(t.status, (by.get(t.status) ?? 0) + 1);
  const attention = ATTENTION_STATUSES.reduce((a, s) => a + (by.get(s) ?? 0), 0);
  return [
    { value: 'all' as StatusFilter, n: targets.length },
    ...(attention > 0 ? [{ value: 'attention' as StatusFilter, n: attention }] : []),
    ...STATUS_ORDER.filter((s) => by.has(s)).map((s) => ({ value: s as StatusFilter, n: by.get(s)! })),
  ];
}

/** The platforms of the report's targets, most targets first, with their counts. */
export function platformChoices(targets: readonly TargetDto[]): { value: Platform; n: number }[] {
  const by = new Map<Platform, number>();
  for (const t of targets) by.set(t.platform, (by.get(t.platform) ?? 0) + 1);
  return [...by].map(([value, count]) => ({ value, n: count })).sort((a, b) => b.n - a.n || (a.value < b.value ? -1 : 1));
}

// ---- what can be done to one target --------------------------------------------------------

export type TargetAction = 'copy' | 'copyImage' | 'markSent' | 'undo' | 'resolveSent' | 'resend';

/**
 * Manual and owner-confirm tasks are copied and ticked (and unticked); an uncertain send is
 * resolved by the operator who looked in the group. After a cancel nothing is sent again, and a
 * tick is not taken back (the task it would reopen was cancelled). When the broadcast has a
 * picture (`hasImage`), the checklist copies it too, and a robot that cannot post pictures
 * (DingTalk, Feishu: `image` false) offers it for sending by hand.
 */
export function targetActions(t: Pick<TargetDto, 'mode' | 'status'> & Partial<Pick<TargetDto, 'image'>>, broadcastStatus: BroadcastRowDto['status'], hasImage = false): TargetAction[] {
  const open = broadcastStatus !== 'cancelled';
  const withImage = (actions: TargetAction[]): TargetAction[] => (hasImage && t.image ? [actions[0]!, 'copyImage', ...actions.slice(1)] : actions);
  if (t.mode !== 'auto') {
    if (t.status === 'manual-pending' || t.status === 'awaiting-owner') return withImage(['copy', 'markSent']);
    if (t.status === 'manual-done') return withImage(open ? ['copy', 'undo'] : ['copy']);
  }
  const byHand: TargetAction[] = hasImage && t.mode === 'auto' && t.image === false && t.status !== 'skipped' && t.status !== 'cancelled' ? ['copyImage'] : [];
  if (t.status === 'uncertain') return [...byHand, ...(open ? (['resolveSent', 'resend'] as const) : (['resolveSent'] as const))];
  return byHand;
}

/**
 * What became of the picture for a robot target, when the status alone does not say: the text
 * went and the picture failed, may have arrived, or waits; or this robot cannot post one at all.
 */
export type ImageNote = 'textOnly' | 'imageUncertain' | 'imageQueued' | 'byHand';

export function imageNote(t: Pick<TargetDto, 'mode' | 'status' | 'image' | 'partsDone'>, hasImage: boolean): ImageNote | null {
  if (!hasImage || t.mode !== 'auto' || t.status === 'skipped' || t.status === 'cancelled') return null;
  if (!t.image) return 'byHand';
  if (t.partsDone !== 1) return null;
  if (t.status === 'failed') return 'textOnly';
  if (t.status === 'uncertain') return 'imageUncertain';
  return t.status === 'queued' || t.status === 'sending' ? 'imageQueued' : null;
}

// ---- words for the core's codes ------------------------------------------------------------

/** A failed or uncertain send's reason: a ReasonCode (the Connections catalogue), the outbox's own 'interrupted', or unknown. */
export type SendReasonKey = ReasonKey | 'interrupted';

export function sendReasonKey(code: string | null | undefined, platform: Platform): SendReasonKey {
  if (code === 'interrupted') return 'interrupted';
  // Only Feishu's keyword rule reads differently; every other platform gets the common sentence.
  return reasonKey(code, platform === 'feishu' ? 'feishu' : 'wecom');
}

export type PlanReason = (typeof PLAN_REASONS)[number];
export const isPlanReason = (s: string): s is PlanReason => (PLAN_REASONS as readonly string[]).includes(s);

/** What to say under a target's status: the send's error when it has one, otherwise why the plan skipped or moved it. */
export type TargetNote = { kind: 'error'; key: SendReasonKey; text: string } | { kind: 'plan'; reasons: (PlanReason | string)[] } | null;

export function targetNote(t: Pick<TargetDto, 'status' | 'error' | 'reasons' | 'platform'>): TargetNote {
  if (t.error && t.status !== 'sent' && t.status !== 'cancelled') return { kind: 'error', key: sendReasonKey(t.error.code, t.platform), text: t.error.text };
  if (t.reasons.length > 0) return { kind: 'plan', reasons: [...t.reasons] };
  return null;
}

// ---- the audit log -------------------------------------------------------------------------

export const LOG_ACTIONS = ['created', 'part-sent', 'sent', 'failed', 'uncertain', 'retry', 'manual-done', 'manual-undone', 'resolved-sent', 'resolved-resend', 'retry-failed', 'cancelled'] as const;
export type LogAction = (typeof LOG_ACTIONS)[number];
export type LogEntry = ReportDto['log'][number];

export interface LogLine {
  /** The catalogue key; 'other' for an action this page does not know (shown as the core names it). */
  action: LogAction | 'other';
  /** 'outbox' is the app's own sender. */
  byApp: boolean;
  /** Groups a broadcast went to (created), targets requeued (retry-failed) or stopped (cancelled). */
  count: number | null;
  /** The send's reason code (failed, uncertain, retry). */
  reason: string | null;
}

export function logLine(e: Pick<LogEntry, 'actor' | 'action' | 'detail'>): LogLine {
  const action = (LOG_ACTIONS as readonly string[]).includes(e.action) ? (e.action as LogAction) : 'other';
  let count: number | null = null;
  let reason: string | null = null;
  if (action === 'created') {
    try {
      const total = (JSON.parse(e.detail) as { total?: unknown }).total;
      count = typeof total === 'number' ? total : null;
    } catch {
      count = null;
    }
  } else if (action === 'retry-failed' || action === 'cancelled') {
    count = /^\d+$/.test(e.detail) ? Number(e.detail) : null;
  } else if (action === 'failed' || action === 'uncertain' || action === 'retry') {
    reason = e.detail || null;
  }
  return { action, byApp: e.actor === 'outbox', count, reason };
}

/** The log as shown: newest first (the core keeps it oldest first). */
export const newestFirst = <T>(log: readonly T[]): T[] => [...log].reverse();

// ---- keeping the report current ------------------------------------------------------------

/** The report with one target replaced (an action's answer), the broadcast's counts moved along. */
export function withTarget(r: ReportDto, t: TargetDto): ReportDto {
  const i = r.targets.findIndex((x) => x.id === t.id);
  if (i < 0) return r;
  const before = r.targets[i]!.status;
  const targets = r.targets.slice();
  targets[i] = t;
  if (before === t.status) return { ...r, targets };
  const counts = { ...r.broadcast.counts, [t.status]: n(r.broadcast.counts, t.status) + 1 };
  const left = n(counts, before) - 1;
  if (left > 0) counts[before] = left;
  else delete counts[before];
  return { ...r, broadcast: { ...r.broadcast, counts }, targets };
}

export interface TimerApi {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemTimer: TimerApi = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };

/**
 * At most one run per `ms`: the first call runs at once, calls during the pause make one more
 * run at its end (so the last change is always shown). A robot sending 20 a minute, or a bulk
 * tick, ends up as a few reloads, not one per target.
 */
export function throttle(fn: () => void, ms: number, timer: TimerApi = systemTimer): { call(): void; cancel(): void } {
  let handle: unknown;
  let waiting = false;
  let pending = false;
  const open = () => {
    handle = undefined;
    if (pending) {
      pending = false;
      fn();
      waiting = true;
      handle = timer.setTimeout(open, ms);
    } else waiting = false;
  };
  return {
    call() {
      if (waiting) {
        pending = true;
        return;
      }
      fn();
      waiting = true;
      handle = timer.setTimeout(open, ms);
    },
    cancel() {
      if (handle !== undefined) timer.clearTimeout(handle);
      handle = undefined;
      waiting = false;
      pending = false;
    },
  };
}
