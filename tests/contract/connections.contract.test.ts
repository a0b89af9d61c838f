/**
 * Group robots as connections, over both transports, against the loopback platform receiver
 * (signatures checked by an independent Python implementation): add from a pasted webhook
 * address, test, pause, remove — and the key never leaves the core, in replies or on disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RobotDto } from '../../shared/api/connections';
import { TRANSPORTS, transportPerTest } from '../helpers/transports';
import { loopbackPerTest } from '../helpers/loopback-robot';

const WECOM_KEY = 'b7e2d1c0-9f8e-4d7c-a6b5-c4d3e2f1a0b9';
const DING_TOKEN = 'c0ffee'.repeat(10) + 'beef';
const DING_SECRET = 'SEC9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c';

const loop = loopbackPerTest(() => ({ wecom: [{ key: WECOM_KEY }], dingtalk: [{ accessToken: DING_TOKEN, secret: DING_SECRET }] }));

describe.each(TRANSPORTS)('connections contract over %s', (_name, make) => {
  const s = transportPerTest(make, { demo: true });

  const fail = async (method: string, params: unknown) => {
    const env = await s.api.call(method, params);
    if (env.ok) throw new Error(`${method} should have failed`);
    return env.error;
  };

  it('adds a WeCom robot from its pasted webhook address, tests it, pauses and removes it; the key is only ever masked', async () => {
    const groups = await s.ok<{ id: number; name: string }[]>('groups.list');
    const g = groups[0]!;
    const added = await s.ok<RobotDto>('connections.addRobot', {
      name: '运营通知机器人',
      platform: 'wecom',
      groupId: g.id,
      credentials: { webhook: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}` },
      baseUrl: loop.robot.baseUrl,
    });
    expect(added).toMatchObject({ name: '运营通知机器人', platform: 'wecom', groupId: g.id, groupName: g.name, paused: false, signed: false, lastTest: null });
    expect(added.masked).toBe('b7e***b9');

    const tested = await s.ok<{ ok: boolean; code: string | null; robot: RobotDto }>('connections.testRobot', { id: added.id });
    expect(tested.ok).toBe(true);
    expect(tested.robot.lastTest).toMatchObject({ ok: true, reason: null });
    expect(loop.robot.received).toHaveLength(1);
    expect(loop.robot.received[0]!.rawUrl).toContain(`key=${WECOM_KEY}`);
    expect(JSON.stringify(loop.robot.received[0]!.body)).toContain('连接测试');

    const paused = await s.ok<RobotDto>('connections.pauseRobot', { id: added.id, paused: true });
    expect(paused.paused).toBe(true);
    const list = await s.ok<{ robots: RobotDto[]; vault: { backend: string; locked: boolean } }>('connections.list');
    // The demo's two paused sample robots, and this one.
    expect(list.robots.filter((r) => !r.name.startsWith('示例')).map((r) => r.id)).toEqual([added.id]);
    expect(list.vault).toEqual({ backend: 'file', locked: false });

    // Nothing the core answers carries the key, and the database file holds it only sealed.
    expect(JSON.stringify([added, tested, paused, list])).not.toContain(WECOM_KEY);
    s.api.core.workspaces.db.pragma('wal_checkpoint(TRUNCATE)');
    const dbBytes = fs.readFileSync(s.api.core.workspaces.dbPath);
    expect(dbBytes.includes(Buffer.from(WECOM_KEY))).toBe(false);
    expect(dbBytes.includes(Buffer.from('运营通知机器人'))).toBe(true); // the search above can find text
    const keyFile = path.join(path.dirname(s.api.core.workspaces.dbPath), 'secrets.key');
    if (process.platform !== 'win32') expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);

    await s.ok('connections.removeRobot', { id: added.id });
    expect((await s.ok<{ robots: RobotDto[] }>('connections.list')).robots.map((r) => r.id)).not.toContain(added.id);
    expect((await fail('connections.testRobot', { id: added.id })).code).toBe('NOT_FOUND');
  });

  it('a DingTalk robot needs its signing secret; with it, the test message arrives signed', async () => {
    const base = { name: '钉钉通知', platform: 'dingtalk', baseUrl: loop.robot.baseUrl };
    const noSecret = await fail('connections.addRobot', { ...base, credentials: { webhook: `https://oapi.dingtalk.com/robot/send?access_token=${DING_TOKEN}` } });
    expect(noSecret.code).toBe('VALIDATION');
    expect(noSecret.fields).toEqual([{ path: 'credentials.secret', message: expect.stringContaining('加签') }]);

    const added = await s.ok<RobotDto>('connections.addRobot', { ...base, credentials: { webhook: DING_TOKEN, secret: DING_SECRET } });
    expect(added.signed).toBe(true);
    expect(JSON.stringify(added)).not.toContain(DING_SECRET.slice(3, 20));
    const tested = await s.ok<{ ok: boolean }>('connections.testRobot', { id: added.id });
    expect(tested.ok).toBe(true);
    expect(loop.robot.received[0]!.signatureOk).toBe(true);

    // New credentials replace the sealed ones; a wrong secret now fails the test with a reason code.
    await s.ok('connections.updateRobot', { id: added.id, credentials: { webhook: DING_TOKEN, secret: `SEC${'0'.repeat(64)}` } });
    const bad = await s.ok<{ ok: boolean; code: string; robot: RobotDto }>('connections.testRobot', { id: added.id });
    expect(bad.ok).toBe(false);
    expect(bad.code).toBe('bad_signature');
    expect(bad.robot.lastTest).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('explains a pasted address of the wrong kind, an unknown group and a bad receiver in the user’s language', async () => {
    const wrong = await fail('connections.addRobot', { name: 'x', platform: 'wecom', credentials: { webhook: 'https://open.feishu.cn/open-apis/bot/v2/hook/abc' } });
    expect(wrong.fields).toEqual([{ path: 'credentials.webhook', message: expect.stringContaining('企业微信') }]);
    expect(JSON.stringify(wrong)).not.toContain('abc');
    const quoted = await fail('connections.addRobot', { name: 'x', platform: 'wecom', credentials: { webhook: 'key with spaces' } });
    expect(quoted.fields?.[0]?.path).toBe('credentials.webhook');
    expect((await fail('connections.addRobot', { name: 'x', platform: 'wecom', groupId: 99_999, credentials: { webhook: WECOM_KEY } })).code).toBe('NOT_FOUND');
    const receiver = await fail('connections.addRobot', { name: 'x', platform: 'wecom', credentials: { webhook: WECOM_KEY }, baseUrl: 'ftp://example.com' });
    expect(receiver.fields?.[0]?.path).toBe('baseUrl');
  });

  it('an address with a bad %-escape is a field error in the user’s language, not INTERNAL, for every kind of robot (#17 item 7)', async () => {
    const bad = {
      feishu: 'https://open.feishu.cn/open-apis/bot/v2/hook/x%E0%A4%A',
      wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x%E0%A4%A',
      dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=x%E0%A4%A',
    };
    for (const [platform, webhook] of Object.entries(bad)) {
      const e = await fail('connections.addRobot', { name: 'x', platform, credentials: { webhook, secret: DING_SECRET } });
      expect(e.code, platform).toBe('VALIDATION');
      expect(e.fields).toEqual([{ path: 'credentials.webhook', message: expect.stringContaining('无法识别这个 Webhook 地址') }]);
    }
    await s.ok('settings.update', { locale: 'en' });
    const en = await fail('connections.addRobot', { name: 'x', platform: 'feishu', credentials: { webhook: bad.feishu } });
    expect(en.fields).toEqual([{ path: 'credentials.webhook', message: expect.stringContaining('cannot be read') }]);
  });

  it('secrets sealed by the desktop app’s keychain are reported locked here, not guessed around', async () => {
    const keyFile = path.join(path.dirname(s.api.core.workspaces.dbPath), 'secrets.key');
    fs.writeFileSync(keyFile, JSON.stringify({ v: 1, kind: 'os', key: 'c2VhbGVkIGJ5IHRoZSBPUw==' }), { mode: 0o600 });
    expect((await s.ok<{ vault: { locked: boolean; backend: string } }>('connections.list')).vault).toEqual({ backend: 'os', locked: true });
    const locked = await fail('connections.addRobot', { name: 'x', platform: 'wecom', credentials: { webhook: WECOM_KEY } });
    expect(locked.code).toBe('SECRETS_LOCKED');
    expect(locked.message).toContain('桌面应用');
  });
});
