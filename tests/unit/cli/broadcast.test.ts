/** `qunzhu broadcast send|report` on the demo workspace, through the same core as the composer. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, UsageError } from '../../../electron/cli/main';
import { AppError } from '../../../shared/errors';
import { tmpDir } from '../../helpers/tmp';
import { createCore } from '../../../electron/core/create-core';

let t: ReturnType<typeof tmpDir>;
let db: string;
let receiver: http.Server;
const received: string[] = [];

beforeAll(async () => {
  t = tmpDir();
  db = path.join(t.dir, 'demo.db');
  expect(await run(['demo', '--db', db], () => {})).toBe(0);
  // A WeCom robot on one of the demo's WeCom groups, posting to a receiver on this machine.
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const core = createCore({ dbPath: db });
  const groups = (await core.call('groups.list', {})) as { ok: true; value: { id: number; name: string; platform: string }[] };
  const wecom = groups.value.find((g) => g.platform === 'wecom')!;
  const added = await core.call('connections.addRobot', { name: '通知机器人', platform: 'wecom', groupId: wecom.id, credentials: { webhook: 'cli-test-key-0001' }, baseUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}` });
  expect(added.ok).toBe(true);
  // No quiet hours: the robot sends now at whatever hour the tests run (the default 22:00–08:00
  // would hold the send until morning; the plan tests cover quiet hours).
  const rules = await core.call('broadcasts.setSettings', { settings: { perGroupPerDay: 2, quietStart: '00:00', quietEnd: '00:00', confirmOver: 50 } });
  expect(rules.ok).toBe(true);
  core.close();
});
afterAll(async () => {
  await new Promise<void>((r) => receiver.close(() => r()));
  t.cleanup();
});

async function cli(...args: string[]): Promise<unknown> {
  const out: string[] = [];
  expect(await run(['broadcast', ...args, '--db', db], (s) => out.push(s))).toBe(0);
  return JSON.parse(out.join('\n'));
}

describe('qunzhu broadcast', () => {
  it('--dry-run prints the plan: a mode, a cap decision and a planned time per group; nothing is stored or sent', async () => {
    const plan = (await cli('send', '--text', '{{group.name}}：今晚直播', '--all', '--dry-run')) as { dryRun: boolean; targets: { group: string; platform: string; mode: string; decision: string; plannedAt: string | null; text: string }[] };
    expect(plan.dryRun).toBe(true);
    expect(plan.targets.length).toBeGreaterThan(5);
    for (const x of plan.targets) {
      expect(['auto', 'owner-confirm', 'manual']).toContain(x.mode);
      expect(x.text).toBe(`${x.group}：今晚直播`);
      expect(x.decision === 'skip' ? x.plannedAt === null : typeof x.plannedAt === 'string').toBe(true);
    }
    expect(plan.targets.filter((x) => x.platform === 'wechat').every((x) => x.mode === 'manual')).toBe(true);
    expect(plan.targets.filter((x) => x.mode === 'auto')).toHaveLength(1);
    expect(received).toEqual([]);
    expect((await cli('send', '--text', 'x', '--all', '--dry-run')) as object).toBeTruthy();
  });

  it('sends through the robot, lists the manual checklist, and reports by id', async () => {
    const r = (await cli('send', '--text', '今晚 8 点直播', '--segment', '微信 C 端群', '--name', '直播预告')) as { id: number; counts: Record<string, number>; manual: { group: string; text: string }[] };
    expect(r.manual.length).toBeGreaterThan(0);
    expect(r.manual.every((m) => m.text === '今晚 8 点直播')).toBe(true);
    const all = (await cli('send', '--text', '全员通知', '--all')) as { id: number; counts: Record<string, number>; stillSending: number };
    expect(all.stillSending).toBe(0);
    expect(all.counts.sent).toBe(1);
    expect(received.some((b) => b.includes('全员通知'))).toBe(true);
    const report = (await cli('report', '--id', String(all.id))) as { broadcast: { name: string }; targets: { status: string }[] };
    expect(report.broadcast.name).toBe('全员通知');
    expect(report.targets.filter((x) => x.status === 'sent')).toHaveLength(1);
  });

  it('explains wrong targeting, a missing text and an unknown segment', async () => {
    await expect(run(['broadcast', 'send', '--db', db, '--text', 'x', '--all', '--group', '1'], () => {})).rejects.toThrow(AppError);
    await expect(run(['broadcast', 'send', '--db', db, '--all'], () => {})).rejects.toThrow(UsageError);
    await expect(run(['broadcast', 'send', '--db', db, '--text', 'x', '--segment', '没有这个分组'], () => {})).rejects.toThrow(/群分组/);
    await expect(run(['broadcast', 'report', '--db', db], () => {})).rejects.toThrow(UsageError);
  });

  it('--template sends a saved template or a starter by name, filled per group; it and --text exclude each other', async () => {
    type Plan = { targets: { group: string; platform: string; text: string; delivery: { format: string; content: string }; checks: { code: string }[] }[] };
    const course = (await cli('send', '--template', '今晚开课提醒', '--group', '北京运营交流群', '--group', 'Python 学习交流群', '--dry-run')) as Plan;
    expect(course.targets.map((x) => x.text)).toEqual([
      '今晚 8 点开课\n- 课程：社群运营实战营\n- 讲师：王芳\n\n请提前 5 分钟进直播间，北京运营交流群 的同学不见不散！',
      '今晚 8 点开课\n- 课程：Python 零基础 30 天\n- 讲师：张伟\n\n请提前 5 分钟进直播间，Python 学习交流群 的同学不见不散！',
    ]);
    expect(course.targets.every((x) => x.checks.some((c) => c.code === 'format_dropped'))).toBe(true);
    const brief = (await cli('send', '--template', '早报', '--all', '--dry-run')) as Plan;
    expect(brief.targets.length).toBeGreaterThan(5);
    expect(brief.targets.every((x) => x.delivery.content.includes(x.group))).toBe(true);
    await expect(run(['broadcast', 'send', '--db', db, '--text', 'x', '--template', '早报', '--all'], () => {})).rejects.toThrow(UsageError);
    await expect(run(['broadcast', 'send', '--db', db, '--template', '没有这个模板', '--all', '--dry-run'], () => {})).rejects.toThrow(/模板/);
  });
});
