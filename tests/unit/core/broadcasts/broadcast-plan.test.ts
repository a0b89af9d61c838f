/** The broadcast plan with a fixed clock in Beijing time (UTC+8): modes, caps, quiet hours, locks, quotas. */
import { describe, expect, it } from 'vitest';
import { afterQuietHours, DEFAULT_CAPS, daysInMonth, planTargets, summarize, type TargetFacts } from '../../../../electron/core/broadcasts/broadcast-plan';

const BJ = 8 * 60;
/** A Beijing wall-clock time as epoch ms. */
const bj = (s: string) => Date.parse(`${s}+08:00`);
const NOON = bj('2026-11-23T12:00:00');
const MIN = 60_000;

const target = (groupId: number, platform: TargetFacts['platform'], extra: Partial<TargetFacts> = {}): TargetFacts => ({
  groupId,
  groupName: `群${groupId}`,
  platform,
  robot: null,
  earlier: [],
  ownerTasks: [],
  ...extra,
});
const plan = (targets: TargetFacts[], at = NOON, caps = DEFAULT_CAPS) => planTargets(targets, { at, caps, utcOffsetMin: BJ });

describe('broadcast plan', () => {
  it('gives each platform the mode it allows: robots send, WeCom customer groups need their owner, the rest is manual', () => {
    const robot = { id: 7, lockedUntil: null };
    const p = plan([
      target(1, 'wechat'),
      target(2, 'wechat', { robot }), // personal WeChat is never automated, whatever is configured
      target(3, 'wecom', { robot }),
      target(4, 'wecom'),
      target(5, 'dingtalk', { robot }),
      target(6, 'dingtalk'),
      target(7, 'feishu', { robot }),
      target(8, 'qq'),
      target(9, 'telegram'),
    ]);
    expect(p.map((t) => [t.groupId, t.mode, t.robotId])).toEqual([
      [1, 'manual', null],
      [2, 'manual', null],
      [3, 'auto', 7],
      [4, 'owner-confirm', null],
      [5, 'auto', 7],
      [6, 'manual', null],
      [7, 'auto', 7],
      [8, 'manual', null],
      [9, 'manual', null],
    ]);
    expect(p.every((t) => t.decision === 'send' && t.plannedAt === NOON && t.reasons.length === 0)).toBe(true);
  });

  it('moves anything inside quiet hours (22:00–08:00) to their end, across midnight or not', () => {
    expect(afterQuietHours(bj('2026-11-23T23:30:00'), DEFAULT_CAPS, BJ)).toBe(bj('2026-11-24T08:00:00'));
    expect(afterQuietHours(bj('2026-11-23T07:59:00'), DEFAULT_CAPS, BJ)).toBe(bj('2026-11-23T08:00:00'));
    expect(afterQuietHours(bj('2026-11-23T22:00:00'), DEFAULT_CAPS, BJ)).toBe(bj('2026-11-24T08:00:00'));
    expect(afterQuietHours(bj('2026-11-23T08:00:00'), DEFAULT_CAPS, BJ)).toBe(bj('2026-11-23T08:00:00'));
    expect(afterQuietHours(bj('2026-11-23T21:59:00'), DEFAULT_CAPS, BJ)).toBe(bj('2026-11-23T21:59:00'));
    const lunch = { ...DEFAULT_CAPS, quietStart: '12:00', quietEnd: '13:30' };
    expect(afterQuietHours(bj('2026-11-23T12:10:00'), lunch, BJ)).toBe(bj('2026-11-23T13:30:00'));
    expect(afterQuietHours(bj('2026-11-23T23:00:00'), { ...DEFAULT_CAPS, quietStart: '00:00', quietEnd: '00:00' }, BJ)).toBe(bj('2026-11-23T23:00:00'));
    const late = plan([target(1, 'wechat')], bj('2026-11-23T23:30:00'));
    expect(late[0]).toMatchObject({ decision: 'delay', reasons: ['quiet_hours'], plannedAt: bj('2026-11-24T08:00:00') });
  });

  it('skips a group that already had two broadcasts that local day; yesterday’s do not count, nor do today’s for a send moved to tomorrow', () => {
    const today = [bj('2026-11-23T08:30:00'), bj('2026-11-23T00:10:00')];
    const yesterday = [bj('2026-11-22T20:00:00'), bj('2026-11-22T23:59:00'), bj('2026-11-23T10:00:00')];
    const p = plan([target(1, 'qq', { earlier: today }), target(2, 'qq', { earlier: yesterday }), target(3, 'qq', { earlier: today.slice(0, 1) })]);
    expect(p.map((t) => [t.decision, t.reasons])).toEqual([
      ['skip', ['cap_per_day']],
      ['send', []],
      ['send', []],
    ]);
    expect(p[0]!.plannedAt).toBeNull();
    // At 23:30 the send falls to 08:00 tomorrow, where today's two do not count.
    expect(plan([target(1, 'qq', { earlier: today })], bj('2026-11-23T23:30:00'))[0]).toMatchObject({ decision: 'delay', plannedAt: bj('2026-11-24T08:00:00') });
    // A cap of 3 lets the third through.
    expect(plan([target(1, 'qq', { earlier: today })], NOON, { ...DEFAULT_CAPS, perGroupPerDay: 3 })[0]!.decision).toBe('send');
  });

  it('waits for a robot the platform locked, and for quiet hours if the lock ends inside them', () => {
    const p = plan([target(1, 'dingtalk', { robot: { id: 3, lockedUntil: NOON + 7 * MIN } }), target(2, 'dingtalk', { robot: { id: 4, lockedUntil: NOON - MIN } })]);
    expect(p[0]).toMatchObject({ decision: 'delay', reasons: ['robot_locked'], plannedAt: NOON + 7 * MIN });
    expect(p[1]).toMatchObject({ decision: 'send', plannedAt: NOON });
    const night = plan([target(1, 'dingtalk', { robot: { id: 3, lockedUntil: bj('2026-11-23T22:05:00') } })], bj('2026-11-23T21:58:00'));
    expect(night[0]).toMatchObject({ decision: 'delay', reasons: ['robot_locked'], plannedAt: bj('2026-11-24T08:00:00') });
  });

  it('keeps WeCom owner-confirm tasks within the month’s quota: as many per group as the month has days', () => {
    expect(daysInMonth(NOON, BJ)).toBe(30);
    expect(daysInMonth(bj('2026-12-31T23:00:00'), BJ)).toBe(31);
    expect(daysInMonth(bj('2027-02-10T12:00:00'), BJ)).toBe(28);
    const thisMonth = (n: number) => Array.from({ length: n }, (_, i) => bj('2026-11-01T09:00:00') + i * 3_600_000);
    const p = plan([
      target(1, 'wecom', { ownerTasks: thisMonth(30) }),
      target(2, 'wecom', { ownerTasks: thisMonth(29) }),
      // 29 this month and one late on 31 October, Beijing time: October's does not count.
      target(3, 'wecom', { ownerTasks: [...thisMonth(29), bj('2026-10-31T23:59:00')] }),
    ]);
    expect(p.map((t) => t.decision)).toEqual(['skip', 'send', 'send']);
    expect(p[0]!.reasons).toEqual(['quota_month']);
  });

  it('sums the plan per platform, mode and decision, leaving skipped targets out of the per-platform counts', () => {
    const today = [NOON - 3_600_000, NOON - 7_200_000];
    const s = summarize(plan([target(1, 'wechat'), target(2, 'wecom', { robot: { id: 1, lockedUntil: null } }), target(3, 'wecom'), target(4, 'qq', { earlier: today })]));
    expect(s).toEqual({
      total: 4,
      byPlatform: { wechat: 1, wecom: 2 },
      byMode: { auto: 1, 'owner-confirm': 1, manual: 1 },
      byDecision: { send: 3, delay: 0, skip: 1 },
    });
  });
});
