/** The Connections page's pure pieces: reason wording, robot status, the robot form's requests and field errors. */
import { describe, expect, it } from 'vitest';
import channelSource from '../../../electron/core/channels/channel.ts?raw';
import type { RobotDto } from '../../../shared/api/connections';
import { connectionsApi } from '../../../shared/api/connections';
import { AppError } from '../../../shared/errors';
import { zhCN } from '../../../renderer/i18n/zh-CN';
import { en } from '../../../renderer/i18n/en';
import {
  EMPTY_ROBOT_FORM,
  REASON_CODES,
  reasonKey,
  robotFieldErrors,
  robotStatus,
  secretNeed,
  splitGroups,
  toAddRequest,
  toFormValues,
  toUpdateRequest,
  upsertRobot,
  type RobotFormValues,
} from '../../../renderer/store/connections/selectors';

const robot = (over: Partial<RobotDto> = {}): RobotDto => ({
  id: 1,
  name: '运营通知',
  platform: 'wecom',
  groupId: 3,
  groupName: '华东区代理商群',
  masked: 'b7e***b9',
  signed: false,
  baseUrl: null,
  paused: false,
  lockedUntil: null,
  lastTest: null,
  createdAt: '2026-11-01T08:00:00.000Z',
  ...over,
});

const form = (over: Partial<RobotFormValues>): RobotFormValues => ({ ...EMPTY_ROBOT_FORM, ...over });

describe('reason codes', () => {
  it('lists exactly the core’s ReasonCode union', () => {
    const union = /export type ReasonCode =([\s\S]*?);/.exec(channelSource)?.[1] ?? '';
    const codes = [...union.matchAll(/\|\s*'([a-z_]+)'/g)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(10);
    expect([...REASON_CODES].sort()).toEqual([...codes].sort());
  });

  it('has a sentence for every code in both languages, and one for codes it does not know', () => {
    for (const code of [...REASON_CODES, 'keyword_missing_feishu', 'unknown'] as const) {
      expect(zhCN.connections.reason[code], code).toMatch(/\S/);
      expect(en.connections.reason[code], code).toMatch(/\S/);
    }
    expect(zhCN.connections.reason.invalid_credentials).toBe('Webhook 地址无效或机器人已被删除');
    expect(zhCN.connections.reason.keyword_missing).toBe('钉钉安全设置要求关键词：请改用“加签”，或把“群主”加为关键词');
  });

  it('picks the platform’s advice for the keyword rule and the generic line for anything unknown', () => {
    expect(reasonKey('keyword_missing', 'dingtalk')).toBe('keyword_missing');
    expect(reasonKey('keyword_missing', 'feishu')).toBe('keyword_missing_feishu');
    expect(reasonKey('bad_signature', 'feishu')).toBe('bad_signature');
    expect(reasonKey('something_new', 'wecom')).toBe('unknown');
    expect(reasonKey(null, 'wecom')).toBe('unknown');
    // Object.prototype's names are not codes.
    expect(reasonKey('toString', 'wecom')).toBe('unknown');
  });
});

describe('robot status', () => {
  const now = Date.parse('2026-11-01T08:00:00.000Z');
  it('is active, paused, or locked until a time still ahead', () => {
    expect(robotStatus(robot(), now)).toEqual({ kind: 'active' });
    expect(robotStatus(robot({ paused: true }), now)).toEqual({ kind: 'paused' });
    const until = '2026-11-01T08:10:00.000Z';
    expect(robotStatus(robot({ lockedUntil: until }), now)).toEqual({ kind: 'locked', until });
    // The page stayed open past the lock: active again without a reload.
    expect(robotStatus(robot({ lockedUntil: until }), now + 11 * 60_000)).toEqual({ kind: 'active' });
    expect(robotStatus(robot({ lockedUntil: until, paused: true }), now)).toEqual({ kind: 'paused' });
  });
});

describe('the robot list', () => {
  it('keeps the core’s order (name, then id) when a robot is added or renamed', () => {
    const list = [robot({ id: 1, name: 'B' }), robot({ id: 2, name: 'D' })];
    expect(upsertRobot(list, robot({ id: 3, name: 'C' })).map((r) => r.id)).toEqual([1, 3, 2]);
    expect(upsertRobot(list, robot({ id: 2, name: 'A' })).map((r) => [r.id, r.name])).toEqual([
      [2, 'A'],
      [1, 'B'],
    ]);
    expect(upsertRobot(list, robot({ id: 4, name: 'B' })).map((r) => r.id)).toEqual([1, 4, 2]);
    expect(list.map((r) => r.id)).toEqual([1, 2]); // not mutated
  });

  it('offers the groups on the robot’s platform first', () => {
    const groups = [
      { id: 1, name: '北京运营交流群', platform: 'wechat' },
      { id: 2, name: '华东区代理商群', platform: 'wecom' },
      { id: 3, name: '运营中心内部通知群', platform: 'dingtalk' },
    ];
    expect(splitGroups(groups, 'wecom')).toEqual({ same: [groups[1]], other: [groups[0], groups[2]] });
    expect(splitGroups(groups, 'feishu').same).toEqual([]);
  });
});

describe('the robot form', () => {
  const webhook = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=b7e2d1c0-9f8e-4d7c-a6b5-c4d3e2f1a0b9';

  it('builds an add request the contract accepts, trimmed, with no group as null', () => {
    const req = toAddRequest(form({ platform: 'wecom', name: '  运营通知 ', webhook: ` ${webhook} ` }));
    expect(req).toEqual({ name: '运营通知', platform: 'wecom', groupId: null, credentials: { webhook } });
    expect(connectionsApi['connections.addRobot'].req.safeParse(req).success).toBe(true);
  });

  it('sends a secret only where the platform has one, and a receiver only when given', () => {
    expect(toAddRequest(form({ platform: 'wecom', name: 'x', webhook: 'k', secret: 'SEC123' })).credentials).toEqual({ webhook: 'k' });
    expect(toAddRequest(form({ platform: 'dingtalk', name: 'x', webhook: 't', secret: ' SEC123 ' })).credentials).toEqual({ webhook: 't', secret: 'SEC123' });
    expect(toAddRequest(form({ platform: 'feishu', name: 'x', webhook: 't', secret: '  ' })).credentials).toEqual({ webhook: 't' });
    expect(toAddRequest(form({ platform: 'wecom', name: 'x', webhook: 'k', groupId: 7, baseUrl: ' http://127.0.0.1:9/ ' }))).toMatchObject({ groupId: 7, baseUrl: 'http://127.0.0.1:9/' });
    expect(toAddRequest(form({ platform: 'wecom', name: 'x', webhook: 'k', baseUrl: '   ' }))).not.toHaveProperty('baseUrl');
    expect(() => toAddRequest(form({ name: 'x', webhook: 'k' }))).toThrow();
    // The form hands over only the fields on screen: no secret field for WeCom, no advanced receiver.
    expect(toAddRequest({ platform: 'wecom', name: 'x', webhook: 'k' })).toEqual({ name: 'x', platform: 'wecom', groupId: null, credentials: { webhook: 'k' } });
    expect(secretNeed('dingtalk')).toBe('required');
    expect(secretNeed('feishu')).toBe('optional');
    expect(secretNeed('wecom')).toBe('none');
  });

  it('edits only what changed; credentials only when replacing them; the old secret is never in the form', () => {
    const r = robot({ platform: 'feishu', signed: true });
    const values = toFormValues(r);
    expect(values).toMatchObject({ name: r.name, groupId: 3, webhook: '', secret: '', replace: false });
    expect(toUpdateRequest(r, values)).toEqual({ id: 1 });
    expect(toUpdateRequest(r, { name: r.name, groupId: 3 })).toEqual({ id: 1 });
    expect(toUpdateRequest(r, { ...values, name: ' 新名字 ', groupId: undefined })).toEqual({ id: 1, name: '新名字', groupId: null });
    expect(toUpdateRequest(r, { ...values, replace: true, webhook: 'tok', secret: 's3cret' })).toEqual({ id: 1, credentials: { webhook: 'tok', secret: 's3cret' } });
    // Replacing a Feishu robot's credentials with no secret turns signing off.
    expect(toUpdateRequest(r, { ...values, replace: true, webhook: 'tok' })).toEqual({ id: 1, credentials: { webhook: 'tok' } });
    expect(toFormValues(robot({ groupId: null, groupName: null })).groupId).toBeUndefined();
    expect(connectionsApi['connections.updateRobot'].req.safeParse(toUpdateRequest(r, { ...values, name: 'n', groupId: undefined })).success).toBe(true);
  });

  it('places the core’s field errors on the fields shown, and returns the rest', () => {
    const e = new AppError('VALIDATION', '请检查填写的内容', [
      { path: 'credentials.webhook', message: '请粘贴钉钉自定义机器人的 Webhook 地址' },
      { path: 'credentials.secret', message: '钉钉机器人需要“加签”密钥' },
      { path: 'baseUrl', message: '接收地址必须是 http(s) 地址' },
      { path: 'somethingElse', message: '别的问题' },
    ]);
    const placed = robotFieldErrors(e, ['name', 'webhook', 'secret']);
    expect(placed.fields).toEqual([
      { name: ['webhook'], errors: ['请粘贴钉钉自定义机器人的 Webhook 地址'] },
      { name: ['secret'], errors: ['钉钉机器人需要“加签”密钥'] },
    ]);
    expect(placed.unplaced).toEqual(['接收地址必须是 http(s) 地址', '别的问题']);
    expect(robotFieldErrors(new Error('boom'), ['name'])).toEqual({ fields: [], unplaced: [] });
    expect(robotFieldErrors(new AppError('SECRETS_LOCKED', '桌面应用'), ['name'])).toEqual({ fields: [], unplaced: [] });
  });
});
