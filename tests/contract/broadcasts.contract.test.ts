/**
 * Broadcasts over both transports on the demo workspace, with two robot groups posting to the
 * loopback WeCom/DingTalk receiver: plan (the dry run), the second confirmation, create, the
 * outbox sending the robot targets, the manual checklist, cancel, retry, the report and its export.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImageDto, PlanDto, ReportDto, ScheduleDto, TargetDto, TemplateDto, VariableDto } from '../../shared/api/broadcasts';
import type { GroupDto } from '../../shared/domain/group';
import type { RobotDto } from '../../shared/api/connections';
import { T0, TRANSPORTS, transportPerTest, until } from '../helpers/transports';
import { loopbackPerTest } from '../helpers/loopback-robot';
import { downloadFile } from '../../electron/core/files/downloads';
import { solidPng } from '../helpers/png';

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

  /** The names on the broadcasts list: the demo's own (last week's, and its calendar's past posts), then what a test makes. */
  const names = async () => (await s.ok<{ name: string }[]>('broadcasts.list', { limit: 500 })).map((b) => b.name);

  it('plans, asks again over the threshold, sends through the robots, keeps a manual checklist, reports and exports', async () => {
    const demoBroadcasts = await names();
    expect(demoBroadcasts).toContain('本周直播预告');
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
    // The dry run stored nothing: only the demo's own broadcasts are there.
    expect(await names()).toEqual(demoBroadcasts);

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

  it('a broadcast to one WeChat group by hand is 已完成 once that group is ticked, in the list and the report', async () => {
    const groups = await s.ok<{ id: number; platform: string }[]>('groups.list');
    const wechat = groups.find((g) => g.platform === 'wechat')!;
    await s.ok('broadcasts.setSettings', { settings: { perGroupPerDay: 5, quietStart: '00:00', quietEnd: '00:00', confirmOver: 50 } });
    const { id } = await s.ok<{ id: number }>('broadcasts.create', { name: '只发一个群', body: '今晚直播', targeting: { groupIds: [wechat.id] } });
    const status = async () => (await s.ok<{ id: number; status: string }[]>('broadcasts.list')).find((b) => b.id === id)!.status;
    const [target] = (await s.ok<ReportDto>('broadcasts.report', { id })).targets;
    expect(target!.status).toBe('manual-pending');
    await s.ok<TargetDto>('broadcasts.markManual', { targetId: target!.id, done: true, by: '小王' });
    expect(await status()).toBe('done');
    expect((await s.ok<ReportDto>('broadcasts.report', { id })).broadcast.status).toBe('done');
  });

  it('the demo holds last week’s broadcast in every mode, and two sample robots that are paused', async () => {
    const demo = (await s.ok<{ id: number; name: string; status: string }[]>('broadcasts.list', { limit: 500 })).find((b) => b.name === '本周直播预告');
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

  it('custom group fields fill {{group.<key>}}, the insert menu lists them, each target shows what it receives and its checks, and an over-long text is refused', async () => {
    const groups = await s.ok<GroupDto[]>('groups.list');
    const bj = groups.find((g) => g.name === '北京运营交流群')!;
    const wecom = groups.find((g) => g.platform === 'wecom')!;
    expect(bj.customFields).toEqual({ 讲师: '王芳', 课程: '社群运营实战营' });
    // An update that leaves customFields out keeps them; one that sends them replaces them.
    const { id: _id, memberCount: _m, messageCount: _n, lastMessageAt: _l, archived: _a, archivedAt: _aa, createdAt: _c, updatedAt: _u, customFields: _cf, externalId, ...rest } = wecom;
    const input = { ...rest, ...(externalId ? { externalId } : {}) };
    expect((await s.ok<GroupDto>('groups.update', { id: wecom.id, input: { ...input, owner: '李总' } })).customFields).toEqual({});
    expect((await s.ok<GroupDto>('groups.update', { id: wecom.id, input: { ...input, customFields: { 讲师: '李强', 助教: '小周' } } })).customFields).toEqual({ 讲师: '李强', 助教: '小周' });
    const bad = await fail('groups.update', { id: wecom.id, input: { ...input, customFields: { 'a.b': 'x' } } });
    expect(bad.code).toBe('VALIDATION');
    expect(bad.fields![0]!.path).toMatch(/^input\.customFields/);

    const vars = await s.ok<VariableDto[]>('broadcasts.variables');
    expect(vars.map((v) => v.token)).toEqual(['{{group.name}}', '{{group.city}}', '{{group.owner}}', '{{date}}', '{{group.助教}}', '{{group.讲师}}', '{{group.课程}}']);
    expect(vars.find((v) => v.name === 'group.讲师')).toEqual({ name: 'group.讲师', token: '{{group.讲师}}', label: '讲师', builtin: false, groups: 4 });

    await s.ok<RobotDto>('connections.addRobot', { name: '企微机器人', platform: 'wecom', groupId: wecom.id, credentials: { webhook: WECOM_KEY }, baseUrl: loop.robot.baseUrl });
    const draft = { name: '开课', format: 'markdown', title: '今晚开课', body: '**讲师**：{{group.讲师}}', targeting: { groupIds: [bj.id, wecom.id] } };
    const plan = await s.ok<PlanDto>('broadcasts.plan', draft);
    const of = (id: number) => plan.targets.find((x) => x.groupId === id)!;
    expect(of(wecom.id)).toMatchObject({ mode: 'auto', text: '**今晚开课**\n**讲师**：李强', delivery: { format: 'markdown', content: '**今晚开课**\n**讲师**：李强' }, checks: [] });
    expect(of(bj.id)).toMatchObject({ mode: 'manual', delivery: { format: 'text', content: '今晚开课\n讲师：王芳' }, checks: [{ code: 'format_dropped', level: 'warning' }] });
    expect(plan.summary).toMatchObject({ withErrors: 0, withWarnings: 1 });
    expect((await fail('broadcasts.plan', { ...draft, body: '{{group.班主任}}' })).fields![0]!.message).toContain('{{group.班主任}}');

    const long = { ...draft, format: 'text', title: '', body: '群'.repeat(700) };
    expect((await s.ok<PlanDto>('broadcasts.plan', long)).targets.find((x) => x.groupId === wecom.id)!.checks).toEqual([{ code: 'too_long', level: 'error', limit: 2048, actual: 2100, unit: 'bytes' }]);
    const refused = await fail('broadcasts.create', long);
    expect(refused.code).toBe('VALIDATION');
    expect(refused.message).toBe('有 1 个群的内容超过了平台的长度上限，请缩短后再发送（计划里标出了这些群和各自的上限）。');
    const { id } = await s.ok<{ id: number }>('broadcasts.create', draft);
    await until(() => loop.robot.received.length === 1, 10_000);
    expect(loop.robot.received[0]!.body).toEqual({ msgtype: 'markdown', markdown: { content: '**今晚开课**\n**讲师**：李强' } });
    expect((await s.ok<ReportDto>('broadcasts.report', { id })).targets.map((x) => x.text).sort()).toEqual(['**今晚开课**\n**讲师**：李强', '今晚开课\n讲师：王芳']);
  });

  it('templates: the saved ones and the starters in the user’s language; save, rename, a duplicate name refused, delete', async () => {
    const list = await s.ok<TemplateDto[]>('broadcasts.listTemplates');
    expect(list.filter((x) => !x.builtin).map((x) => x.name).sort()).toEqual(['今晚开课提醒', '每周复盘']);
    expect(list.filter((x) => x.builtin).map((x) => [x.name, x.time])).toEqual([
      ['早报', '08:30'],
      ['话题互动', '14:00'],
      ['案例分享', '20:00'],
      ['活动通知', null],
      ['新群欢迎+群规', null],
    ]);
    // Every starter plans cleanly against the demo's groups: its variables all exist.
    for (const x of list) await s.ok<PlanDto>('broadcasts.plan', { name: x.name, format: x.format, title: x.title, body: x.body, targeting: { all: true } });

    const saved = await s.ok<TemplateDto>('broadcasts.saveTemplate', { name: '直播预告', format: 'markdown', title: '今晚直播', body: '**{{group.name}}** 今晚 8 点直播' });
    expect(saved).toMatchObject({ id: expect.any(Number), key: `saved:${saved.id}`, builtin: false, name: '直播预告', format: 'markdown', title: '今晚直播', time: null });
    const renamed = await s.ok<TemplateDto>('broadcasts.saveTemplate', { id: saved.id, name: '直播预告（周四）', body: '周四 8 点直播' });
    expect(renamed).toMatchObject({ id: saved.id, name: '直播预告（周四）', format: 'text', title: '', body: '周四 8 点直播' });
    const dup = await fail('broadcasts.saveTemplate', { name: '每周复盘', body: 'x' });
    expect(dup.code).toBe('CONFLICT');
    expect(dup.message).toContain('每周复盘');
    expect((await s.ok<TemplateDto[]>('broadcasts.listTemplates'))[0]!.id).toBe(saved.id);
    expect(await s.ok('broadcasts.deleteTemplate', { id: saved.id })).toEqual({ deleted: 1 });
    expect((await fail('broadcasts.deleteTemplate', { id: saved.id })).code).toBe('NOT_FOUND');
    expect((await fail('broadcasts.saveTemplate', { id: saved.id, name: 'x', body: 'x' })).code).toBe('NOT_FOUND');

    await s.ok('settings.update', { locale: 'en' });
    const en = await s.ok<TemplateDto[]>('broadcasts.listTemplates');
    expect(en.filter((x) => x.builtin).map((x) => x.name)).toEqual(['Morning brief', 'Topic of the day', 'Case share', 'Event notice', 'Welcome + rules']);
    for (const x of en.filter((y) => y.builtin)) await s.ok<PlanDto>('broadcasts.plan', { name: x.name, format: x.format, title: x.title, body: x.body, targeting: { all: true } });
    expect((await s.ok<VariableDto[]>('broadcasts.variables'))[0]!.label).toBe('Group name');
  });

  it('recurring broadcasts: the same second confirmation as a broadcast, listed with the next occurrence, paused, resumed and deleted; the demo’s is paused', async () => {
    const demoBroadcasts = await names();
    const [demo] = await s.ok<ScheduleDto[]>('broadcasts.listSchedules');
    expect(demo).toMatchObject({ name: '每日早报', paused: true, nextAt: null, rule: { every: 'day', time: '08:30' }, lastBroadcast: null, draft: { format: 'markdown', title: '早报 · {{date}}' } });

    await s.ok('broadcasts.setSettings', { settings: { perGroupPerDay: 2, quietStart: '22:00', quietEnd: '08:00', confirmOver: 3 } });
    const req = { name: '周报', body: '{{group.name}} 本周回顾', targeting: { all: true }, rule: { every: 'week', time: '20:00', weekdays: [5, 1, 5] } };
    const ask = await fail('broadcasts.createSchedule', req);
    expect(ask.code).toBe('CONFIRM_NEEDED');
    expect(ask.message).toContain('12 个群');
    expect((await fail('broadcasts.createSchedule', { ...req, rule: { every: 'week', time: '20:00' }, confirmTargets: 12 })).code).toBe('VALIDATION');
    expect((await fail('broadcasts.createSchedule', { ...req, body: '{{group.班主任}}', confirmTargets: 12 })).code).toBe('VALIDATION');
    expect((await fail('broadcasts.createSchedule', { ...req, imageId: 1, confirmTargets: 12 })).code).toBe('VALIDATION');
    const made = await s.ok<ScheduleDto>('broadcasts.createSchedule', { ...req, confirmTargets: 12 });
    // T0 is Monday 2026-11-23, 08:00 UTC; the core runs in the machine's zone, so only the weekday and rule are checked here.
    expect(made).toMatchObject({ name: '周报', paused: false, rule: { every: 'week', time: '20:00', weekdays: [1, 5] }, draft: { name: '周报', format: 'text', body: '{{group.name}} 本周回顾' }, lastRunAt: null });
    expect(Date.parse(made.nextAt!)).toBeGreaterThan(Date.parse(T0));
    expect((await s.ok<ScheduleDto[]>('broadcasts.listSchedules')).map((x) => x.id)).toEqual([made.id, demo!.id]);
    expect(await s.ok<ScheduleDto>('broadcasts.setSchedulePaused', { id: made.id, paused: true })).toMatchObject({ paused: true, nextAt: null });
    expect((await s.ok<ScheduleDto>('broadcasts.setSchedulePaused', { id: made.id, paused: false })).nextAt).toBe(made.nextAt);
    expect(await s.ok('broadcasts.deleteSchedule', { id: made.id })).toEqual({ deleted: 1 });
    expect((await fail('broadcasts.setSchedulePaused', { id: made.id, paused: true })).code).toBe('NOT_FOUND');
    // Nothing was sent by any of it.
    expect(await names()).toEqual(demoBroadcasts);
  });

  it('a picture: added from an uploaded file (checked by its bytes), posted by the WeCom robot after the text, left out for DingTalk with a warning, kept for the manual group', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qz-img-'));
    try {
      const png = solidPng(30, 20, [0, 160, 80]);
      fs.writeFileSync(path.join(dir, 'poster.png'), png);
      fs.writeFileSync(path.join(dir, 'notes.png'), 'plain text, named like a picture');
      const img = await s.ok<ImageDto>('broadcasts.addImage', { path: path.join(dir, 'poster.png') });
      expect(img).toEqual({ id: expect.any(Number), mime: 'image/png', size: png.length, md5: crypto.createHash('md5').update(png).digest('hex') });
      const bad = await fail('broadcasts.addImage', { path: path.join(dir, 'notes.png') });
      expect(bad.code).toBe('VALIDATION');
      expect(bad.message).toContain('不是 JPG 或 PNG 图片');
      expect((await s.ok<{ dataUrl: string }>('broadcasts.image', { id: img.id })).dataUrl).toBe(`data:image/png;base64,${png.toString('base64')}`);

      const groups = await s.ok<{ id: number; platform: string }[]>('groups.list');
      const wecom = groups.find((g) => g.platform === 'wecom')!;
      const ding = groups.find((g) => g.platform === 'dingtalk')!;
      const wechat = groups.find((g) => g.platform === 'wechat')!;
      await s.ok<RobotDto>('connections.addRobot', { name: '企微机器人', platform: 'wecom', groupId: wecom.id, credentials: { webhook: WECOM_KEY }, baseUrl: loop.robot.baseUrl });
      await s.ok<RobotDto>('connections.addRobot', { name: '钉钉机器人', platform: 'dingtalk', groupId: ding.id, credentials: { webhook: DING_TOKEN, secret: DING_SECRET }, baseUrl: loop.robot.baseUrl });
      await s.ok('broadcasts.setSettings', { settings: { perGroupPerDay: 2, quietStart: '00:00', quietEnd: '00:00', confirmOver: 50 } });
      const draft = { name: '海报', body: '今晚 8 点直播，海报见下图', targeting: { groupIds: [wecom.id, ding.id, wechat.id] }, imageId: img.id };

      const plan = await s.ok<PlanDto>('broadcasts.plan', draft);
      const of = (id: number) => plan.targets.find((x) => x.groupId === id)!;
      expect(of(wecom.id)).toMatchObject({ mode: 'auto', delivery: { image: img }, checks: [] });
      expect(of(wechat.id)).toMatchObject({ mode: 'manual', delivery: { image: img }, checks: [] });
      expect(of(ding.id).delivery.image).toBeUndefined();
      expect(of(ding.id).checks).toEqual([{ code: 'image_unsupported', level: 'warning' }]);
      expect((await fail('broadcasts.plan', { ...draft, imageId: img.id + 1000 })).code).toBe('NOT_FOUND');

      const { id } = await s.ok<{ id: number }>('broadcasts.create', draft);
      await until(() => loop.robot.received.length === 3, 10_000);
      let report = await s.ok<ReportDto>('broadcasts.report', { id });
      for (let i = 0; i < 50 && report.targets.filter((x) => x.status === 'sent').length < 2; i++) {
        await new Promise((r) => setTimeout(r, 50));
        report = await s.ok<ReportDto>('broadcasts.report', { id });
      }
      // WeCom: the text, then the picture that the receiver decoded to the same bytes; DingTalk: the text only.
      const wecomGot = loop.robot.received.filter((r) => r.platform === 'wecom');
      expect(wecomGot.map((r) => (r.body as { msgtype: string }).msgtype)).toEqual(['text', 'image']);
      expect(wecomGot[1]!.image!.bytes.equals(png)).toBe(true);
      expect(loop.robot.received.filter((r) => r.platform === 'dingtalk').map((r) => (r.body as { msgtype: string }).msgtype)).toEqual(['text']);
      expect(report.broadcast.image).toEqual(img);
      const byGroup = new Map(report.targets.map((x) => [x.groupId, x]));
      expect([wecom.id, ding.id, wechat.id].map((g) => [byGroup.get(g)!.status, byGroup.get(g)!.image, byGroup.get(g)!.partsDone])).toEqual([
        ['sent', true, 2],
        ['sent', false, 1],
        ['manual-pending', true, 0],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
