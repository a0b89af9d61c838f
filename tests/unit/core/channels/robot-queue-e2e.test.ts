/**
 * End to end: messages go through the rate queue and the real HTTP channel to the loopback
 * platform, with one fake clock shared by queue, signer and receiver. The receiver judges the
 * limits on its own arrival times, as the platforms do, and refuses anything over them.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { SendOutcome } from '../../../../electron/core/channels/channel';
import { createRobotChannel } from '../../../../electron/core/channels/index';
import { createChannelQueue } from '../../../../electron/core/channels/rate-queue';
import { drive, FakeTime, maxInWindow } from '../../../helpers/fake-time';
import { jsonReply, loopbackPerTest, REPLIES } from '../../../helpers/loopback-robot';

const NOW = Date.parse('2026-11-10T09:59:30Z');
const WECOM_KEY = 'b7e2d1c0-9f8e-4d7c-a6b5-c4d3e2f1a0b9';
const DING_TOKEN = 'c0ffee'.repeat(10) + 'beef';
const DING_SECRET = 'SEC9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c';
const FEISHU_TOKEN = '3d2c1b0a-9f8e-4d7c-b6a5-f4e3d2c1b0a9';
const FEISHU_SECRET = 'Lk3Jh5Gf7Ds9Aq1Wz';

let time: FakeTime;
beforeEach(() => {
  time = new FakeTime(NOW);
});
const loop = loopbackPerTest(
  () => ({ wecom: [{ key: WECOM_KEY }], dingtalk: [{ accessToken: DING_TOKEN, secret: DING_SECRET }], feishu: [{ token: FEISHU_TOKEN, secret: FEISHU_SECRET }] }),
  () => time,
);

const configs = () => ({
  wecom: { platform: 'wecom', key: WECOM_KEY, baseUrl: loop.robot.baseUrl },
  dingtalk: { platform: 'dingtalk', accessToken: DING_TOKEN, secret: DING_SECRET, baseUrl: loop.robot.baseUrl },
  feishu: { platform: 'feishu', token: FEISHU_TOKEN, secret: FEISHU_SECRET, baseUrl: loop.robot.baseUrl },
});

async function pushThrough(platform: keyof ReturnType<typeof configs>, texts: string[]) {
  const channel = createRobotChannel(configs()[platform], { clock: time });
  const queue = createChannelQueue(channel, { clock: time, timer: time });
  const outcomes: SendOutcome[] = [];
  texts.forEach((text, i) => void queue.enqueue({ format: 'text', text }).then((o) => (outcomes[i] = o)));
  await drive(
    time,
    () => outcomes.filter(Boolean).length === texts.length,
    () => queue.status().sending,
  );
  return { channel, outcomes };
}

const contentOf = (body: unknown): string => {
  const b = body as { text?: { content: string }; content?: { text: string } };
  return b.text?.content ?? b.content?.text ?? '';
};

describe('45 messages through the queue to the loopback platform', () => {
  const texts = Array.from({ length: 45 }, (_, i) => `第${i + 1}条：今晚团购链接`);

  it.each(['wecom', 'dingtalk', 'feishu'] as const)('%s: all sent, in order, never over the limit the receiver measures', async (platform) => {
    const { channel, outcomes } = await pushThrough(platform, texts);
    expect(outcomes.map((o) => o.status)).toEqual(texts.map(() => 'sent'));
    expect(loop.robot.received.map((r) => contentOf(r.body))).toEqual(texts);
    expect(loop.robot.overLimit).toEqual([]);

    const robotId = loop.robot.received[0]!.robot;
    const arrivals = loop.robot.arrivalsOf(robotId);
    expect(arrivals).toHaveLength(45);
    for (const l of channel.limits) expect(maxInWindow(arrivals, l.windowMs)).toBeLessThanOrEqual(l.max);
    if (platform !== 'wecom') expect(loop.robot.received.every((r) => r.signatureOk === true)).toBe(true);

    // Throttling really happened: 45 sends at 20/min cannot fit in less than two full windows, and
    // at 5/s no faster than 8 seconds; yet the queue wastes no whole window either.
    const span = arrivals[44]! - arrivals[0]!;
    if (platform === 'feishu') expect(span).toBeGreaterThanOrEqual(8_000);
    else expect(span).toBeGreaterThanOrEqual(120_000);
    expect(span).toBeLessThan(platform === 'feishu' ? 11_000 : 180_000);
  });
});

describe('platform pushback through the queue', () => {
  it('DingTalk "send too fast" (130101) locks the robot for exactly 10 minutes, then the same message goes first', async () => {
    // Another tool already spent this robot's quota: the platform refuses the 5th request.
    const texts = Array.from({ length: 8 }, (_, i) => `消息${i + 1}`);
    const channel = createRobotChannel(configs().dingtalk, { clock: time });
    const queue = createChannelQueue(channel, { clock: time, timer: time });
    loop.robot.scriptAt.set(5, jsonReply(200, REPLIES.dingTooFast));
    const outcomes: SendOutcome[] = [];
    texts.forEach((text, i) => void queue.enqueue({ format: 'text', text }).then((o) => (outcomes[i] = o)));
    await drive(
      time,
      () => outcomes.filter(Boolean).length === texts.length,
      () => queue.status().sending,
    );

    expect(outcomes.every((o) => o.status === 'sent')).toBe(true);
    const got = loop.robot.received.map((r) => [contentOf(r.body), r.at - NOW]);
    expect(got.slice(3, 7)).toEqual([
      ['消息4', 0],
      ['消息5', 0],
      ['消息5', 600_000],
      ['消息6', 600_000],
    ]);
    expect(loop.robot.received).toHaveLength(9);
  });

  it('Feishu HTTP 429 with Retry-After: the next request arrives exactly that many seconds later', async () => {
    const channel = createRobotChannel(configs().feishu, { clock: time });
    const queue = createChannelQueue(channel, { clock: time, timer: time });
    loop.robot.script.push(jsonReply(429, { code: 99991400, msg: 'request trigger frequency limit' }, { 'retry-after': '7', 'x-ogw-ratelimit-reset': '52' }));
    const outcomes: SendOutcome[] = [];
    ['一', '二'].forEach((text, i) => void queue.enqueue({ format: 'text', text }).then((o) => (outcomes[i] = o)));
    await drive(
      time,
      () => outcomes.filter(Boolean).length === 2,
      () => queue.status().sending,
    );
    expect(loop.robot.received.map((r) => [contentOf(r.body), r.at - NOW])).toEqual([
      ['一', 0],
      ['一', 7000],
      ['二', 7000],
    ]);
    expect(loop.robot.received.slice(1).every((r) => r.signatureOk)).toBe(true);
  });

  it('WeCom bad key: the first failure halts the queue instead of burning through the backlog', async () => {
    const channel = createRobotChannel({ ...configs().wecom, key: 'ffffffff-0000-4000-8000-000000000000' }, { clock: time });
    const queue = createChannelQueue(channel, { clock: time, timer: time });
    const outcomes: SendOutcome[] = [];
    ['a', 'b', 'c'].forEach((text, i) => void queue.enqueue({ format: 'text', text }).then((o) => (outcomes[i] = o)));
    await drive(
      time,
      () => outcomes[0] !== undefined && !queue.status().sending,
      () => queue.status().sending,
    );
    expect(outcomes[0]).toMatchObject({ status: 'failed', code: 93000, reason: { code: 'invalid_credentials' } });
    expect(queue.status()).toMatchObject({ queued: 2, halted: { code: 'invalid_credentials' } });
    expect(loop.robot.received).toHaveLength(1);
  });
});
