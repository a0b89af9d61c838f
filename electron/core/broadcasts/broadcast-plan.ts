/**
 * The execution plan of a broadcast: for every target group, what its platform allows (a robot
 * sends it, the group owner confirms a WeCom task, or the operator sends it by hand from a
 * checklist), and what the caps decide (send at the planned time, delay it, or skip it) with the
 * reasons. Pure: the service gathers the facts from the store, tests pass them by hand with a
 * fixed clock. Nothing here sends anything.
 *
 * Rules (issue #6, handbook domain.md):
 *  - auto: an active robot posts into the group (WeCom internal, DingTalk, Feishu groups).
 *  - owner-confirm: a WeCom group without a robot is a customer group; the admin's broadcast
 *    becomes a task its owner confirms, at most as many per group per month as the month has days.
 *  - manual: personal WeChat (never automated), QQ/Telegram/others without a bot.
 *  - per-group cap: at most `perGroupPerDay` broadcasts to one group on one local day (skip).
 *  - quiet hours: nothing planned inside them; a send falls to their end (delay).
 *  - a robot the platform locked (DingTalk's 10 minutes) waits for the lock (delay); a paused
 *    robot does not count, so the group falls back to its next mode.
 */
import type { Platform } from '../../../shared/domain/enums';

export type DeliveryMode = 'auto' | 'owner-confirm' | 'manual';
/** too_long is never decided here: a scheduled occurrence skips a target whose text is over its platform's cap. */
export type PlanReason = 'cap_per_day' | 'quota_month' | 'quiet_hours' | 'robot_locked' | 'too_long';

export interface PlanCaps {
  perGroupPerDay: number;
  /** "HH:MM" local; start after end means the hours wrap midnight (22:00–08:00). Equal: none. */
  quietStart: string;
  quietEnd: string;
}

export const DEFAULT_CAPS: PlanCaps = { perGroupPerDay: 2, quietStart: '22:00', quietEnd: '08:00' };

export interface TargetFacts {
  groupId: number;
  groupName: string;
  platform: Platform;
  /** The group's active (not paused) robot, if any, and until when the platform locked it. */
  robot: { id: number; lockedUntil: number | null } | null;
  /** Broadcasts already planned or sent to this group, by planned time (ms). */
  earlier: number[];
  /** Owner-confirm tasks already created for this group, by creation time (ms). */
  ownerTasks: number[];
}

export interface PlannedTarget {
  groupId: number;
  groupName: string;
  platform: Platform;
  mode: DeliveryMode;
  robotId: number | null;
  decision: 'send' | 'delay' | 'skip';
  reasons: PlanReason[];
  /** When it goes (auto), becomes a task (owner-confirm) or is due on the checklist (manual); null when skipped. */
  plannedAt: number | null;
}

export interface PlanOptions {
  /** When the broadcast should go: now, or a scheduled moment. */
  at: number;
  caps: PlanCaps;
  /** Minutes east of UTC for local days and quiet hours (the operator's zone). */
  utcOffsetMin: number;
}

const MIN = 60_000;
const DAY = 86_400_000;

const minutesOf = (hhmm: string): number => {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`not a time of day: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
};

/** Local day number (days since the epoch in the operator's zone). */
const localDay = (t: number, offsetMin: number) => Math.floor((t + offsetMin * MIN) / DAY);

/** If `t` falls inside quiet hours, the moment they end; else `t`. */
export function afterQuietHours(t: number, caps: PlanCaps, offsetMin: number): number {
  const start = minutesOf(caps.quietStart);
  const end = minutesOf(caps.quietEnd);
  if (start === end) return t;
  const local = t + offsetMin * MIN;
  const dayStart = Math.floor(local / DAY) * DAY;
  const minute = (local - dayStart) / MIN;
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return t;
  // The end is today (early morning, or a same-day window) or tomorrow (late evening).
  const endLocal = dayStart + end * MIN + (start > end && minute >= start ? DAY : 0);
  return endLocal - offsetMin * MIN;
}

/** Days in the local month of `t`: WeCom's owner-confirm quota per group. */
export function daysInMonth(t: number, offsetMin: number): number {
  const d = new Date(t + offsetMin * MIN);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

const sameLocalMonth = (a: number, b: number, offsetMin: number) => {
  const x = new Date(a + offsetMin * MIN);
  const y = new Date(b + offsetMin * MIN);
  return x.getUTCFullYear() === y.getUTCFullYear() && x.getUTCMonth() === y.getUTCMonth();
};

export function modeOf(f: Pick<TargetFacts, 'platform' | 'robot'>): DeliveryMode {
  if (f.platform === 'wechat') return 'manual';
  if (f.robot) return 'auto';
  if (f.platform === 'wecom') return 'owner-confirm';
  return 'manual';
}

export function planTargets(targets: readonly TargetFacts[], o: PlanOptions): PlannedTarget[] {
  return targets.map((f) => {
    const mode = modeOf(f);
    const base = { groupId: f.groupId, groupName: f.groupName, platform: f.platform, mode, robotId: mode === 'auto' ? f.robot!.id : null };
    const reasons: PlanReason[] = [];
    let at = afterQuietHours(o.at, o.caps, o.utcOffsetMin);
    if (at !== o.at) reasons.push('quiet_hours');
    if (mode === 'auto' && f.robot!.lockedUntil !== null && f.robot!.lockedUntil > at) {
      at = afterQuietHours(f.robot!.lockedUntil, o.caps, o.utcOffsetMin);
      reasons.push('robot_locked');
    }
    const day = localDay(at, o.utcOffsetMin);
    if (f.earlier.filter((t) => localDay(t, o.utcOffsetMin) === day).length >= o.caps.perGroupPerDay) {
      return { ...base, decision: 'skip', reasons: ['cap_per_day', ...reasons], plannedAt: null };
    }
    if (mode === 'owner-confirm' && f.ownerTasks.filter((t) => sameLocalMonth(t, at, o.utcOffsetMin)).length >= daysInMonth(at, o.utcOffsetMin)) {
      return { ...base, decision: 'skip', reasons: ['quota_month', ...reasons], plannedAt: null };
    }
    return { ...base, decision: reasons.length ? 'delay' : 'send', reasons, plannedAt: at };
  });
}

/** Counts for the plan's summary: per platform and mode, and how many each cap skipped or delayed. */
export function summarize(plan: readonly PlannedTarget[]) {
  const byPlatform: Partial<Record<Platform, number>> = {};
  const byMode: Record<DeliveryMode, number> = { auto: 0, 'owner-confirm': 0, manual: 0 };
  const byDecision = { send: 0, delay: 0, skip: 0 };
  for (const t of plan) {
    byDecision[t.decision]++;
    if (t.decision === 'skip') continue;
    byPlatform[t.platform] = (byPlatform[t.platform] ?? 0) + 1;
    byMode[t.mode]++;
  }
  return { total: plan.length, byPlatform, byMode, byDecision };
}
