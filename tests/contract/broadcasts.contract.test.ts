/**
 * Broadcasts over both transports on the demo workspace, with two robot groups posting to the
 * loopback WeCom/DingTalk receiver: plan (the dry run), the second confirmation, create, the
 * outbox sending the robot targets, the manual checklist, cancel, retry, the report and its export.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PlanDto, ReportDto, TargetDto } from '../../shared/api/broadcasts';
import type { RobotDto } from '../../shared/api/connections';
import { TRANSPORTS, transportPerTest, until } from '../helpers/transports';
import { loopbackPerTest } from '../helpers/loopback-robot';
import { downloadFile } from '../../electron/core/downloads';

const WECOM_KEY = 'b7e2d1c0-9f8e-4d7c-a6b5-c4d3e2f1a0b9';
const DING_TOKEN = 'c0ffee'.repeat(10) + 'beef';
const DING_SECRET = 'SEC9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c';

const loop = loopbackPerTest(() => ({ wecom: [{ key: WECOM_KEY }], dingtalk: [{ accessToken: DING_TOKEN, secret: DING_SECRET }] }));

describe.each(TRANSPORTS)('broadcasts contract over %s', (_name, make) => {
  const s = transportPerTest(make, { demo: true });

  const fail = async (method: string, params: unknown) => {
    const env = await s.api.call(method, params);
    if (env.ok) throw new Error(`${method} should have failed`);
    return env.error;
  };

  it('plans, asks again over the threshold, sends through the robots, keeps a manual checklist, reports and exports', async () => {
    const groups = await s.ok<{ id: number; name: string; platform: string }[]>('groups.list');
    const wecom = groups.find((g) => g.platform === 'wecom')!;
    const ding = groups.find((g) => g.platform === 'dingtalk')!;
    const wechat = groups.find((g) => g.platform === 'wechat')!;
    await s.ok<RobotDto>('connections.addRobot', { name: '企微机器人', platform: 'wecom', groupId: wecom.id, credentials: { webhook: WECOM_KEY }, baseUrl: loop.robot.baseUrl });
    await s.ok<RobotDto>('connections.addRobot', { name: '钉钉机器人', platform: 'dingtalk', groupId: ding.id, credentials: { webhook: DING_TOKEN, secret: DING_SECRET }, baseUrl: loop.robot.baseUrl });

    const draft = { name: '直播预告', body: '{{group.name}}：今晚 8 点直播，不见不散', targeting: { groupIds: [wecom.id, ding.id, wechat.id] } };
    const plan = await s.ok<PlanDto>('broadcasts.plan', draft);
    expect(plan.targets.map((x) => [x.groupId, x.mode])).toEqual(
      expect.arrayContaining([
        [wecom.id, 'auto'],
        [ding.id, 'auto'],
        [wechat.id, 'manual'],
      ]),
    );
    expect(plan.targets.find((x) => x.groupId === wechat.id)!.text).toBe(`${wechat.name}：今晚 8 点直播，不见不散`);
    // The dry run stored nothing: only the demo's own broadcast of last week is there.
    expect((await s.ok<{ name: string }[]>('broadcasts.list')).map((b) => b.name)).toEqual(['本周直播预告']);

    // Over the threshold (lowered to 2 here) the count must be confirmed.
    await s.ok('broadcasts.setSettings', { settings: { perGroupPerDay: 2, quietStart: '00:00', quietEnd: '00:00', confirmOver: 2 } });
    const ask = await fail('broadcasts.create', draft);
    expect(ask.code).toBe('CONFIRM_NEEDED');
    expect(ask.message).toContain('3 个群');
    const { id } = await s.ok<{ id: number }>('broadcasts.create', { ...draft, confirmTargets: 3 });

    // The outbox sends the two robot targets on its own.
    await until(() => loop.robot.received.length === 2, 10_000);
    let report = await s.ok<ReportDto>('broadcasts.report', { id });
    for (let i = 0; i < 50 && report.targets.filter((x) => x.status === 'sent').length < 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      report = await s.ok<ReportDto>('broadcasts.report', { id });
    }
    const byGroup = new Map(report.targets.map((x) => [x.groupId, x]));
    expect(byGroup.get(wecom.id)!.status).toBe('sent');
    expect(byGroup.get(ding.id)!.status).toBe('sent');
    expect(loop.robot.received.find((r) => r.platform === 'dingtalk')!.signatureOk).toBe(true);
    expect(byGroup.get(wechat.id)!.status).toBe('manual-pending');

    // The manual one is ticked by hand, with who.
    const ticked = await s.ok<TargetDto>('broadcasts.markManual', { targetId: byGroup.get(wechat.id)!.id, done: true, by: '小王' });
    expect(ticked).toMatchObject({ status: 'manual-done', doneBy: '小王' });
    expect((await fail('broadcasts.markManual', { targetId: byGroup.get(wecom.id)!.id, done: true })).code).toBe('CONFLICT');

    report = await s.ok<ReportDto>('broadcasts.report', { id });
    expect(report.broadcast.counts).toEqual({ sent: 2, 'manual-done': 1 });
    expect(report.log.map((l) => l.action)).toEqual(expect.arrayContaining(['created', 'sent', 'manual-done']));

    const file = await s.ok<{ fileId: string; rows: number; name: string }>('broadcasts.exportReport', { id, format: 'csv' });
    expect(file.rows).toBe(3);
    const csv = fs.readFileSync(downloadFile(file.fileId)!.path, 'utf8');
    expect(csv).toContain('已手动发送');
    expect(csv).toContain('小王');
    expect(csv).not.toContain(WECOM_KEY);
  });

  it('the demo holds last week’s broadcast in every mode, and two sample robots that are paused', async () => {
    const [demo] = await s.ok<{ id: number; status: string }[]>('broadcasts.list');
    expect(demo!.status).toBe('done');
    const report = await s.ok<ReportDto>('broadcasts.report', { id: demo!.id });
    expect(new Set(report.targets.map((x) => x.status))).toEqual(new Set(['sent', 'manual-done', 'manual-pending', 'awaiting-owner']));
    expect(report.targets.filter((x) => x.mode === 'auto').map((x) => x.platform).sort()).toEqual(['dingtalk', 'feishu']);
    const { robots } = await s.ok<{ robots: RobotDto[] }>('connections.list');
    expect(robots.map((r) => [r.platform, r.paused, r.baseUrl])).toEqual([
      ['dingtalk', true, 'http://127.0.0.1:9'],
      ['feishu', true, 'http://127.0.0.1:9'],
    ]);
  });

  it('cancel stops what has not gone; a third broadcast to a group the same day is skipped by the cap', async () => {
    const groups = await s.ok<{ id: number; platform: string }[]>('groups.list');
    const wechat = groups.filter((g) => g.platform === 'wechat').map((g) => g.id);
    await s.ok('broadcasts.setSettings', { settings: { perGroupPerDay: 2, quietStart: '00:00', quietEnd: '00:00', confirmOver: 50 } });
    const draft = { name: '通知', body: '今晚直播', targeting: { groupIds: wechat } };
    const a = await s.ok<{ id: number }>('broadcasts.create', draft);
    expect((await s.ok<{ cancelled: number }>('broadcasts.cancel', { id: a.id })).cancelled).toBe(wechat.length);
    // A cancelled broadcast does not count against the cap.
    await s.ok('broadcasts.create', draft);
    await s.ok('broadcasts.create', draft);
    const third = await s.ok<PlanDto>('broadcasts.plan', draft);
    expect(third.summary.byDecision.skip).toBe(wechat.length);
    expect(third.targets.every((x) => x.reasons.includes('cap_per_day'))).toBe(true);
    const list = await s.ok<{ id: number; status: string }[]>('broadcasts.list');
    expect(list.find((b) => b.id === a.id)!.status).toBe('cancelled');
    expect((await fail('broadcasts.plan', { ...draft, targeting: { groupIds: wechat, all: true } })).code).toBe('VALIDATION');
  });
});
