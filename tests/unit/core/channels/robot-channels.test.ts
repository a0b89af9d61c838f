/**
 * The three robot channels against the loopback platform stand-in: request URLs and bodies,
 * signatures checked by an independent Python implementation, and how every kind of platform
 * answer or network failure becomes a SendOutcome.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SendingChannel, SendOutcome } from '../../../../electron/core/channels/channel';
import { createDingtalkRobot, dingtalkSign } from '../../../../electron/core/channels/dingtalk-robot';
import { createFeishuRobot, feishuSign, markdownToPostLines } from '../../../../electron/core/channels/feishu-robot';
import { createRobotChannel, ROBOT_PREVIEW, RobotConfigError } from '../../../../electron/core/channels/index';
import { maskSecret, redactSecrets } from '../../../../electron/core/channels/mask-secret';
import { createWecomRobot } from '../../../../electron/core/channels/wecom-robot';
import { jsonReply, loopbackPerTest, REPLIES } from '../../../helpers/loopback-robot';

const NOW = Date.parse('2026-11-10T12:00:00Z');
const clock = { now: () => NOW };

const WECOM_KEY = 'a3f1c2d4-5b6e-4f70-8a9b-0c1d2e3f4a5b';
const DING_TOKEN = '566cc69da782ec33e42541b09b08551f09fbe864eb8008112e994b43887aa6c1';
const DING_SECRET = 'SEC240d7bb4c0bafc62e7f3c4b1d9a8e6f5c4b3a2918d7e6f5a4b3c2d1e0f9a8b7c';
const FEISHU_TOKEN = 'f19c2a7e-0d4b-4c1e-9a3f-5b6c7d8e9f01';
const FEISHU_SECRET = 'zs0TqK8hV2mN4pR6sT8uW0';

const loop = loopbackPerTest(
  () => ({ wecom: [{ key: WECOM_KEY }], dingtalk: [{ accessToken: DING_TOKEN, secret: DING_SECRET }], feishu: [{ token: FEISHU_TOKEN, secret: FEISHU_SECRET }, { token: 'plain-hook-0001' }] }),
  () => clock,
);

const wecom = (key = WECOM_KEY, extra: { timeoutMs?: number } = {}) => createWecomRobot({ key }, { baseUrl: loop.robot.baseUrl, clock, ...extra });
const ding = (secret = DING_SECRET, accessToken = DING_TOKEN) => createDingtalkRobot({ accessToken, secret }, { baseUrl: loop.robot.baseUrl, clock });
/** `null`: a robot without 签名校验. */
const feishu = (secret: string | null = FEISHU_SECRET, token = FEISHU_TOKEN) => createFeishuRobot({ token, secret: secret ?? undefined }, { baseUrl: loop.robot.baseUrl, clock });

const last = () => loop.robot.received[loop.robot.received.length - 1]!;
const reason = (o: SendOutcome) => (o.status === 'sent' ? null : o.reason.code);

describe('WeCom group robot', () => {
  it('posts text to /cgi-bin/webhook/send?key=KEY with the documented body', async () => {
    const out = await wecom().send({ format: 'text', text: '今晚8点开团，@所有人' });
    expect(out).toEqual({ status: 'sent' });
    expect(last().rawUrl).toBe(`/cgi-bin/webhook/send?key=${WECOM_KEY}`);
    expect(last().body).toEqual({ msgtype: 'text', text: { content: '今晚8点开团，@所有人' } });
  });

  it('posts markdown with the title as a bold first line', async () => {
    const out = await wecom().send({ format: 'markdown', title: '开团通知', text: '> 时间：**20:00**' });
    expect(out.status).toBe('sent');
    expect(last().body).toEqual({ msgtype: 'markdown', markdown: { content: '**开团通知**\n> 时间：**20:00**' } });
  });

  it('reports an unknown key (93000) as a permanent credential failure', async () => {
    const out = await wecom('00000000-0000-0000-0000-000000000000').send({ format: 'text', text: 'hi' });
    expect(out).toMatchObject({ status: 'failed', permanent: true, code: 93000, reason: { code: 'invalid_credentials' } });
  });

  it('turns 45009 into a retry after a full minute', async () => {
    loop.robot.script.push(jsonReply(200, REPLIES.wecomFreq));
    expect(await wecom().send({ format: 'text', text: 'hi' })).toMatchObject({ status: 'retry', retryAfterMs: 60_000, reason: { code: 'rate_limited' } });
  });

  it('honours Retry-After on HTTP 429 exactly, in seconds and as an HTTP date', async () => {
    loop.robot.script.push(jsonReply(429, { errcode: 45009 }, { 'retry-after': '7' }));
    expect(await wecom().send({ format: 'text', text: 'a' })).toEqual({ status: 'retry', retryAfterMs: 7000, reason: { code: 'rate_limited', text: expect.any(String) } });
    loop.robot.script.push(jsonReply(429, {}, { 'retry-after': new Date(NOW + 93_000).toUTCString() }));
    expect(await wecom().send({ format: 'text', text: 'b' })).toMatchObject({ status: 'retry', retryAfterMs: 93_000 });
  });

  it('retries on 5xx, honouring Retry-After when the server gives one', async () => {
    loop.robot.script.push({ kind: 'reply', status: 502, body: '<html>bad gateway</html>' });
    expect(await wecom().send({ format: 'text', text: 'a' })).toMatchObject({ status: 'retry', retryAfterMs: 10_000, reason: { code: 'server_error' } });
    loop.robot.script.push({ kind: 'reply', status: 503, headers: { 'retry-after': '12' }, body: '' });
    expect(await wecom().send({ format: 'text', text: 'b' })).toMatchObject({ status: 'retry', retryAfterMs: 12_000, reason: { code: 'server_error' } });
  });

  it('marks a send uncertain when the connection drops after the platform received the body', async () => {
    loop.robot.script.push({ kind: 'reset' });
    const out = await wecom().send({ format: 'text', text: '可能已送达' });
    expect(out).toMatchObject({ status: 'uncertain', reason: { code: 'connection_lost' } });
    // The receiver really had the whole message: uncertain, not "nothing sent".
    expect(last().body).toEqual({ msgtype: 'text', text: { content: '可能已送达' } });
  });

  it('marks a send uncertain when the platform goes silent after receiving it', async () => {
    loop.robot.script.push({ kind: 'hang' });
    const out = await wecom(WECOM_KEY, { timeoutMs: 300 }).send({ format: 'text', text: 'x' });
    expect(out).toMatchObject({ status: 'uncertain', reason: { code: 'timeout' } });
    expect(loop.robot.received).toHaveLength(1);
  });

  it('retries when nothing could be sent because the connection was refused', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const out = await createWecomRobot({ key: WECOM_KEY }, { baseUrl: `http://127.0.0.1:${port}` }).send({ format: 'text', text: 'x' });
    expect(out).toMatchObject({ status: 'retry', reason: { code: 'network_error' } });
  });

  it('retries without sending when the caller aborted first', async () => {
    const ac = new AbortController();
    ac.abort();
    expect(await wecom().send({ format: 'text', text: 'x' }, ac.signal)).toMatchObject({ status: 'retry', retryAfterMs: 0, reason: { code: 'aborted' } });
    expect(loop.robot.received).toHaveLength(0);
  });

  it('treats an unreadable 200 as uncertain and an unexplained 404 as permanent', async () => {
    loop.robot.script.push({ kind: 'reply', status: 200, body: '<html>portal</html>' });
    expect(await wecom().send({ format: 'text', text: 'a' })).toMatchObject({ status: 'uncertain', reason: { code: 'unreadable_reply' } });
    loop.robot.script.push({ kind: 'reply', status: 404, body: 'not found' });
    expect(await wecom().send({ format: 'text', text: 'b' })).toMatchObject({ status: 'failed', permanent: true, code: 404, reason: { code: 'rejected' } });
  });

  it('refuses a message over the byte cap without sending it', async () => {
    // 683 Chinese characters are 2049 bytes: over the text cap, well under 2048 characters.
    const out = await wecom().send({ format: 'text', text: '群'.repeat(683) });
    expect(out).toMatchObject({ status: 'failed', permanent: true, reason: { code: 'too_long' } });
    expect(loop.robot.received).toHaveLength(0);
    expect(await wecom().send({ format: 'markdown', text: '群'.repeat(683) })).toEqual({ status: 'sent' });
  });
});

describe('DingTalk custom robot', () => {
  it('signs every request in the query, and the independent Python signer agrees', async () => {
    const out = await ding().send({ format: 'text', text: '今日打卡' });
    expect(out).toEqual({ status: 'sent' });
    const r = last();
    expect(r.signatureOk).toBe(true);
    expect(r.rawUrl).toMatch(new RegExp(`^/robot/send\\?access_token=${DING_TOKEN}&timestamp=${NOW}&sign=[A-Za-z0-9%]+%3D$`));
    expect(r.body).toEqual({ msgtype: 'text', text: { content: '今日打卡' } });
  });

  it('sends markdown with a title, made from the first line when none is given', async () => {
    await ding().send({ format: 'markdown', title: '周报', text: '- 新增 **12** 人' });
    expect(last().body).toEqual({ msgtype: 'markdown', markdown: { title: '周报', text: '### 周报\n\n- 新增 **12** 人' } });
    await ding().send({ format: 'markdown', text: '## 本周活动\n周六爬山' });
    expect(last().body).toEqual({ msgtype: 'markdown', markdown: { title: '本周活动', text: '## 本周活动\n周六爬山' } });
    expect(last().signatureOk).toBe(true);
  });

  it('reports a wrong secret as a permanent signature failure', async () => {
    const out = await ding('SECwrongwrongwrongwrongwrongwrongwrong').send({ format: 'text', text: 'x' });
    expect(last().signatureOk).toBe(false);
    expect(out).toMatchObject({ status: 'failed', permanent: true, code: 310000, reason: { code: 'bad_signature' } });
  });

  it('reports an unknown access token as a permanent credential failure', async () => {
    const out = await ding(DING_SECRET, 'f'.repeat(64)).send({ format: 'text', text: 'x' });
    expect(out).toMatchObject({ status: 'failed', permanent: true, code: 300005, reason: { code: 'invalid_credentials' } });
  });

  it('reads 310000 by its message: keywords and IP whitelist are not signature problems', async () => {
    loop.robot.script.push(jsonReply(200, REPLIES.dingKeyword));
    expect(reason(await ding().send({ format: 'text', text: 'x' }))).toBe('keyword_missing');
    loop.robot.script.push(jsonReply(200, { errcode: 310000, errmsg: 'ip not in whitelist' }));
    expect(reason(await ding().send({ format: 'text', text: 'x' }))).toBe('ip_not_allowed');
  });

  it('locks for 10 minutes when DingTalk says the robot sent too fast', async () => {
    loop.robot.script.push(jsonReply(200, REPLIES.dingTooFast));
    expect(await ding().send({ format: 'text', text: 'x' })).toMatchObject({ status: 'retry', retryAfterMs: 600_000, reason: { code: 'rate_limited' } });
  });

  it('signs exactly like the Python reference for arbitrary secrets and timestamps', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom(...'SECabcdefXYZ0189+/=-_~!'.split('')), minLength: 1, maxLength: 70 }), fc.integer({ min: 1_500_000_000_000, max: 2_500_000_000_000 }), async (secret, ts) => {
        const ours = dingtalkSign(secret, ts);
        const theirs = await loop.oracle.dingtalk(secret, String(ts));
        expect(ours).toBe(theirs.sign);
        expect(encodeURIComponent(ours)).toBe(theirs.urlencoded);
      }),
      { numRuns: 60 },
    );
  });
});

describe('Feishu custom robot', () => {
  it('puts timestamp (seconds) and sign in the JSON body, and the Python signer agrees', async () => {
    const out = await feishu().send({ format: 'text', text: '新成员请看群公告' });
    expect(out).toEqual({ status: 'sent' });
    const r = last();
    expect(r.rawUrl).toBe(`/open-apis/bot/v2/hook/${FEISHU_TOKEN}`);
    expect(r.signatureOk).toBe(true);
    expect(r.body).toEqual({ timestamp: String(NOW / 1000), sign: expect.any(String), msg_type: 'text', content: { text: '新成员请看群公告' } });
  });

  it('sends no signature fields when the robot has no secret', async () => {
    expect(await feishu(null, 'plain-hook-0001').send({ format: 'text', text: 'hi' })).toEqual({ status: 'sent' });
    expect(last().body).toEqual({ msg_type: 'text', content: { text: 'hi' } });
  });

  it('sends markdown as a post: plain lines (a post shows no bold), safe links made into link elements, others left as text', async () => {
    await feishu().send({ format: 'markdown', title: '活动', text: '**报名**：[表单](https://example.com/f?a=1) 截止周五\n[x](javascript:alert(1))' });
    const body = last().body as { msg_type: string; content: unknown };
    expect(body.msg_type).toBe('post');
    expect(body.content).toEqual({
      post: {
        zh_cn: {
          title: '活动',
          content: [
            [
              { tag: 'text', text: '报名：' },
              { tag: 'a', text: '表单', href: 'https://example.com/f?a=1' },
              { tag: 'text', text: ' 截止周五' },
            ],
            [{ tag: 'text', text: 'x javascript:alert(1)' }],
          ],
        },
      },
    });
    expect(last().signatureOk).toBe(true);
  });

  it('reports a wrong secret (19021) as a permanent signature failure', async () => {
    const out = await feishu('wrong-secret-wrong-secret').send({ format: 'text', text: 'x' });
    expect(last().signatureOk).toBe(false);
    expect(out).toMatchObject({ status: 'failed', permanent: true, code: 19021, reason: { code: 'bad_signature' } });
  });

  it('reports an unknown hook token (19001) as a permanent credential failure', async () => {
    const out = await feishu(null, 'deleted-hook-token').send({ format: 'text', text: 'x' });
    expect(out).toMatchObject({ status: 'failed', permanent: true, code: 19001, reason: { code: 'invalid_credentials' } });
  });

  it('maps 9499 to an invalid message and 11232 to a retry, using x-ogw-ratelimit-reset when present', async () => {
    loop.robot.script.push(jsonReply(200, REPLIES.feishuBadRequest));
    expect(await feishu().send({ format: 'text', text: 'x' })).toMatchObject({ status: 'failed', code: 9499, reason: { code: 'invalid_message' } });
    loop.robot.script.push(jsonReply(200, REPLIES.feishuFreq, { 'x-ogw-ratelimit-reset': '3' }));
    expect(await feishu().send({ format: 'text', text: 'x' })).toMatchObject({ status: 'retry', retryAfterMs: 3000, reason: { code: 'rate_limited' } });
    loop.robot.script.push(jsonReply(200, REPLIES.feishuFreq));
    expect(await feishu().send({ format: 'text', text: 'x' })).toMatchObject({ status: 'retry', retryAfterMs: 60_000 });
    loop.robot.script.push(jsonReply(400, { code: 99991400, msg: 'request trigger frequency limit' }, { 'x-ogw-ratelimit-reset': '52' }));
    expect(await feishu().send({ format: 'text', text: 'x' })).toMatchObject({ status: 'retry', retryAfterMs: 52_000 });
  });

  it('signs exactly like the Python reference for arbitrary secrets and timestamps', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom(...'abcXYZ0189+/=-_~!'.split('')), minLength: 1, maxLength: 40 }), fc.integer({ min: 1_500_000_000, max: 2_500_000_000 }), async (secret, ts) => {
        expect(feishuSign(secret, ts)).toBe(await loop.oracle.feishu(secret, String(ts)));
      }),
      { numRuns: 60 },
    );
  });
});

describe('post lines', () => {
  it('keeps empty lines and text around several links', () => {
    expect(markdownToPostLines('a\n\n[1](http://x) [2](https://y)')).toEqual([
      [{ tag: 'text', text: 'a' }],
      [{ tag: 'text', text: '' }],
      [
        { tag: 'a', text: '1', href: 'http://x' },
        { tag: 'text', text: ' ' },
        { tag: 'a', text: '2', href: 'https://y' },
      ],
    ]);
  });
});

describe('the preview is what the robot sends', () => {
  const msg = { format: 'markdown' as const, title: '直播预告', text: '## 周四 20:00\n**主题**：社群拉新\n报名：[表单](https://f.cn/x)' };

  it('each platform builds its request from the same delivery the plan previews, and sendDelivery sends a stored one unchanged', async () => {
    const cases: [keyof typeof ROBOT_PREVIEW, () => SendingChannel, (body: unknown) => unknown][] = [
      ['wecom', () => wecom(), (b) => (b as { markdown: { content: string } }).markdown.content],
      ['dingtalk', () => ding(), (b) => (b as { markdown: { title: string; text: string } }).markdown],
      ['feishu', () => feishu(), (b) => (b as { content: { post: { zh_cn: unknown } } }).content.post.zh_cn],
    ];
    const previews = Object.fromEntries(cases.map(([p]) => [p, ROBOT_PREVIEW[p].delivery(msg)]));
    expect(previews).toEqual({
      wecom: { format: 'markdown', content: '**直播预告**\n## 周四 20:00\n**主题**：社群拉新\n报名：[表单](https://f.cn/x)' },
      dingtalk: { format: 'markdown', title: '直播预告', content: '### 直播预告\n\n## 周四 20:00\n**主题**：社群拉新\n报名：[表单](https://f.cn/x)' },
      feishu: { format: 'post', title: '直播预告', content: '周四 20:00\n主题：社群拉新\n报名：[表单](https://f.cn/x)' },
    });
    const expected = {
      wecom: previews.wecom!.content,
      dingtalk: { title: '直播预告', text: previews.dingtalk!.content },
      feishu: { title: '直播预告', content: markdownToPostLines(previews.feishu!.content) },
    };
    for (const [platform, make, part] of cases) {
      expect(await make().send(msg), platform).toEqual({ status: 'sent' });
      expect(part(last().body), platform).toEqual(expected[platform]);
      // What the outbox stored is sent as it is: the same request again.
      expect(await make().sendDelivery(previews[platform]!), platform).toEqual({ status: 'sent' });
      expect(part(last().body), platform).toEqual(expected[platform]);
    }
  });

  it('measures as the platform counts, and send() refuses what the preview flags, before any request', async () => {
    const long = { format: 'text' as const, text: '群'.repeat(683) }; // 2049 bytes
    expect(ROBOT_PREVIEW.wecom.size(ROBOT_PREVIEW.wecom.delivery(long))).toEqual({ limit: 2048, actual: 2049, unit: 'bytes' });
    expect(ROBOT_PREVIEW.wecom.size(ROBOT_PREVIEW.wecom.delivery({ ...long, format: 'markdown' }))).toEqual({ limit: 4096, actual: 2049, unit: 'bytes' });
    const before = loop.robot.received.length;
    expect(await wecom().send(long)).toMatchObject({ status: 'failed', reason: { code: 'too_long' } });
    expect(loop.robot.received.length).toBe(before);
    // Feishu caps the whole body (envelope and escapes too), and the preview counts a signature's room.
    const feishuSize = ROBOT_PREVIEW.feishu.size(ROBOT_PREVIEW.feishu.delivery({ format: 'text', text: 'a"'.repeat(6_000) }));
    expect(feishuSize.limit).toBe(20 * 1024);
    expect(feishuSize.actual).toBeGreaterThan(18_000);
    // A post handed to a robot of another platform is refused, never posted half-understood.
    expect(await wecom().sendDelivery({ format: 'post', content: 'x' })).toMatchObject({ status: 'failed', reason: { code: 'invalid_message' } });
  });
});

describe('secrets stay out of every outcome, label and error', () => {
  const channels = (): [string, SendingChannel, string[]][] => [
    ['wecom', wecom(), [WECOM_KEY]],
    ['dingtalk', ding(), [DING_TOKEN, DING_SECRET]],
    ['feishu', feishu(), [FEISHU_TOKEN, FEISHU_SECRET]],
  ];

  it('masks keys, tokens, secrets and signatures even when the platform quotes the request back', async () => {
    for (const [name, ch, secrets] of channels()) {
      loop.robot.script.push({ kind: 'echo-error' });
      const out = await ch.send({ format: 'text', text: 'hello' });
      expect(out.status, name).toBe('failed');
      const r = last();
      // The reply really did quote the secrets, so the outcome had something to leak.
      expect(r.answer).toBe('echo-error');
      const signature = name === 'dingtalk' ? decodeURIComponent(r.rawUrl.split('sign=')[1]!) : name === 'feishu' ? (r.body as { sign: string }).sign : null;
      const serialized = JSON.stringify(out) + ch.label;
      for (const s of [...secrets, ...(signature ? [signature, encodeURIComponent(signature)] : [])]) expect(serialized, `${name} leaks ${maskSecret(s)}`).not.toContain(s);
      expect(serialized).toContain(maskSecret(secrets[0]!));
    }
  });

  it('keeps secrets out of network-failure outcomes', async () => {
    for (const [name, ch, secrets] of channels()) {
      loop.robot.script.push({ kind: 'reset' });
      const out = await ch.send({ format: 'text', text: 'hello' });
      expect(out.status, name).toBe('uncertain');
      for (const s of secrets) expect(JSON.stringify(out)).not.toContain(s);
    }
  });

  it('keeps secrets out of configuration errors', () => {
    const badKey = 'has spaces and-a-secret-part 1234567890';
    let err: unknown;
    try {
      createRobotChannel({ platform: 'wecom', key: badKey });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RobotConfigError);
    const text = `${(err as Error).message} ${JSON.stringify((err as RobotConfigError).issues)} ${(err as Error).stack}`;
    expect(text).toContain('key');
    expect(text).not.toContain('and-a-secret-part');
    expect(() => createRobotChannel({ platform: 'dingtalk', accessToken: DING_TOKEN, secret: 'SEC with space', baseUrl: loop.robot.baseUrl })).toThrow(/secret may only contain/);
  });

  it('masks only enough to tell robots apart', () => {
    expect(maskSecret(WECOM_KEY)).toBe('a3f***5b');
    expect(maskSecret('short')).toBe('***');
    expect(redactSecrets(`u?key=${encodeURIComponent('a+b/c=secret')}&x`, ['a+b/c=secret'])).toBe('u?key=a+b***et&x');
  });
});

describe('createRobotChannel', () => {
  it('builds each platform from validated settings and uses the given base URL', async () => {
    const w = createRobotChannel({ platform: 'wecom', key: ` ${WECOM_KEY} `, baseUrl: loop.robot.baseUrl }, { clock });
    const d = createRobotChannel({ platform: 'dingtalk', accessToken: DING_TOKEN, secret: DING_SECRET, baseUrl: `${loop.robot.baseUrl}/` }, { clock });
    const f = createRobotChannel({ platform: 'feishu', token: 'plain-hook-0001', secret: '', baseUrl: loop.robot.baseUrl }, { clock });
    expect([w.kind, d.kind, f.kind]).toEqual(['wecom-robot', 'dingtalk-robot', 'feishu-robot']);
    expect(d.limits).toEqual([{ max: 20, windowMs: 60_000 }]);
    expect(f.limits).toEqual([
      { max: 100, windowMs: 60_000 },
      { max: 5, windowMs: 1_000 },
    ]);
    for (const ch of [w, d, f]) expect(await ch.send({ format: 'text', text: 'hi' })).toEqual({ status: 'sent' });
    // An empty Feishu secret means "signing off", not "sign with an empty key".
    expect(last().body).toEqual({ msg_type: 'text', content: { text: 'hi' } });
  });

  it('rejects unknown platforms, missing fields, and base URLs that could carry a query', () => {
    expect(() => createRobotChannel({ platform: 'telegram', token: 'x' })).toThrow(RobotConfigError);
    expect(() => createRobotChannel({ platform: 'dingtalk', accessToken: DING_TOKEN })).toThrow(/secret/);
    expect(() => createRobotChannel({ platform: 'wecom', key: WECOM_KEY, baseUrl: 'http://127.0.0.1:1/?x=1' })).toThrow(/baseUrl/);
    expect(() => createRobotChannel({ platform: 'wecom', key: WECOM_KEY, baseUrl: 'file:///etc/passwd' })).toThrow(/baseUrl/);
    expect(() => createRobotChannel({ platform: 'feishu', token: 'https://open.feishu.cn/open-apis/bot/v2/hook/abc' })).toThrow(/not the whole webhook address/);
  });
});
