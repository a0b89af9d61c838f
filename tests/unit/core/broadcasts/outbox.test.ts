/**
 * The outbox against the loopback WeCom receiver, on a fake clock: the platform's wait is kept
 * to the millisecond, permanent failures are not retried, a target left `sending` by a crash
 * becomes uncertain and is not sent again, a cancelled broadcast sends nothing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../electron/core/db/open';
import type { Vault } from '../../../../electron/core/secrets';
import { createBroadcast } from '../../../../electron/core/broadcasts/broadcasts.service';
import { Outbox } from '../../../../electron/core/broadcasts/outbox';
import { robotChannel } from '../../../../electron/core/connections/robots.service';
import { wecomRobotsPerTest } from '../../../helpers/robot-workspace';
import { drive, type FakeTime } from '../../../helpers/fake-time';
import { jsonReply, REPLIES } from '../../../helpers/loopback-robot';

const T0 = Date.parse('2026-11-23T04:00:00Z'); // 12:00 in Beijing
const KEYS = ['a1b2c3d4-0000-4000-8000-000000000001', 'a1b2c3d4-0000-4000-8000-000000000002', 'a1b2c3d4-0000-4000-8000-000000000003'];

const ws = wecomRobotsPerTest(KEYS, T0);
const loop = ws.loop;
let db: Db;
let time: FakeTime;
let vault: Vault;
let groups: number[];
beforeEach(() => {
  ({ db, time, vault, groups } = ws);
});

const broadcast = () => createBroadcast({ db, locale: 'zh-CN', now: () => time.now(), utcOffsetMin: 480 }, { name: '通知', format: 'text', body: '{{group.name}}（{{group.city}}）：今晚 8 点直播', targeting: { groupIds: groups } }).id;

function outbox() {
  return new Outbox({ db, now: () => time.now(), timer: time, queueClock: time, concurrency: 1, pollMs: 1000, channelFor: (id) => robotChannel({ db, locale: 'zh-CN', now: () => time.now(), vault }, id) });
}
const statuses = (id: number) => db.prepare('SELECT group_id, status, attempts, error_code FROM broadcast_targets WHERE broadcast_id = ? ORDER BY group_id').all(id);
const open = () => db.prepare("SELECT count(*) FROM broadcast_targets WHERE status IN ('queued', 'sending')").pluck().get() as number;

describe('outbox', () => {
  it('waits exactly as long as the platform asked, does not retry a permanent failure, and sends each group its own text', async () => {
    loop.robot.scriptAt.set(1, jsonReply(429, { errcode: 45009, errmsg: 'api freq out of limit' }, { 'retry-after': '7' }));
    loop.robot.scriptAt.set(2, jsonReply(200, REPLIES.wecomInvalidKey));
    const id = broadcast();
    const o = outbox();
    o.start();
    await drive(time, () => open() === 0 && o.busy === 0, () => o.busy > 0);
    await o.stop();
    expect(statuses(id)).toEqual([
      { group_id: groups[0], status: 'sent', attempts: 2, error_code: null },
      { group_id: groups[1], status: 'failed', attempts: 1, error_code: 'invalid_credentials' },
      { group_id: groups[2], status: 'sent', attempts: 1, error_code: null },
    ]);
    const keyOf = (r: { rawUrl: string }) => new URL(r.rawUrl, 'http://x').searchParams.get('key');
    expect(loop.robot.received.map((r) => [keyOf(r), r.at - T0])).toEqual([
      [KEYS[0], 0],
      [KEYS[1], 0],
      [KEYS[2], 0],
      [KEYS[0], 7000],
    ]);
    expect(JSON.stringify(loop.robot.received[3]!.body)).toContain('内部群1（北京）：今晚 8 点直播');
    // The lock is remembered for a restart.
    expect(db.prepare('SELECT locked_until FROM robots WHERE group_id = ?').pluck().get(groups[0])).toBe(T0 + 7000);
    expect(db.prepare('SELECT status FROM broadcasts WHERE id = ?').pluck().get(id)).toBe('done');
    expect(db.prepare('SELECT action FROM broadcast_log WHERE broadcast_id = ? ORDER BY id').pluck().all(id)).toEqual(['created', 'retry', 'failed', 'sent', 'sent']);
  });

  it('after a crash, a target left sending is uncertain and never sent again; a cancelled broadcast sends nothing', async () => {
    const id = broadcast();
    db.prepare("UPDATE broadcast_targets SET status = 'sending', attempts = 1 WHERE group_id = ?").run(groups[0]);
    const other = broadcast();
    db.prepare("UPDATE broadcasts SET status = 'cancelled' WHERE id = ?").run(other);
    const o = outbox();
    o.start();
    await drive(time, () => db.prepare("SELECT count(*) FROM broadcast_targets WHERE broadcast_id = ? AND status IN ('queued', 'sending')").pluck().get(id) === 0 && o.busy === 0, () => o.busy > 0);
    await o.stop();
    expect(statuses(id).map((r) => (r as { status: string }).status)).toEqual(['uncertain', 'sent', 'sent']);
    expect(loop.robot.received).toHaveLength(2);
    expect(statuses(other).every((r) => (r as { status: string }).status === 'queued')).toBe(true);
  });

  it('sends each target exactly the delivery stored with it; a row stored before deliveries were kept goes out as it did then', async () => {
    const id = createBroadcast(
      { db, locale: 'zh-CN', now: () => time.now(), utcOffsetMin: 480 },
      { name: '开课', format: 'markdown', title: '开课', body: '**今晚 8 点**：{{group.city}}', targeting: { groupIds: groups.slice(0, 2) } },
    ).id;
    const stored = db.prepare('SELECT text FROM broadcast_targets WHERE broadcast_id = ? ORDER BY group_id').pluck().all(id) as string[];
    expect(stored).toEqual(['**开课**\n**今晚 8 点**：北京', '**开课**\n**今晚 8 点**：北京']);
    // The second row as a version-7 database holds it: the body only, no delivery columns.
    db.prepare("UPDATE broadcast_targets SET text = '**今晚 8 点**：北京', delivery_format = NULL WHERE broadcast_id = ? AND group_id = ?").run(id, groups[1]);
    const o = outbox();
    o.start();
    await drive(time, () => open() === 0 && o.busy === 0, () => o.busy > 0);
    await o.stop();
    // The old row is built from the broadcast's format and title, as the outbox did before: the same message.
    expect(loop.robot.received.map((r) => r.body)).toEqual(stored.map((content) => ({ msgtype: 'markdown', markdown: { content } })));
  });
});
