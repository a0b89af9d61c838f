/**
 * The outbox with a picture for WeCom robots: two requests per target (the text, then the picture),
 * against the loopback WeCom receiver that checks the image message (base64 decodes, md5 matches,
 * JPG/PNG, ≤ 2 MB). The text is never sent twice and the picture never lost: a crash between the
 * two sends only the picture after the restart; a crash during either leaves that part uncertain;
 * a 5xx on the picture is retried; a permanent error fails the target with the text already out.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../electron/core/db/open';
import type { Vault } from '../../../../electron/core/secrets';
import { storeImage } from '../../../../electron/core/broadcasts/broadcast-images.service';
import { createBroadcast, report, resolveUncertain, retryFailed } from '../../../../electron/core/broadcasts/broadcasts.service';
import { Outbox, partKey, recoverOutbox } from '../../../../electron/core/broadcasts/outbox';
import { robotChannel } from '../../../../electron/core/connections/robots.service';
import { wecomRobotsPerTest } from '../../../helpers/robot-workspace';
import { drive, type FakeTime } from '../../../helpers/fake-time';
import { jsonReply, REPLIES, type Received } from '../../../helpers/loopback-robot';
import { solidPng } from '../../../helpers/png';

const T0 = Date.parse('2026-11-23T04:00:00Z'); // 12:00 in Beijing
const KEYS = ['b1b2c3d4-0000-4000-8000-000000000001', 'b1b2c3d4-0000-4000-8000-000000000002'];
const PNG = solidPng(12, 9, [240, 120, 0]);

const ws = wecomRobotsPerTest(KEYS, T0);
const loop = ws.loop;
let db: Db;
let time: FakeTime;
let vault: Vault;
let groups: number[];
let imageId: number;
beforeEach(() => {
  ({ db, time, vault, groups } = ws);
  imageId = storeImage({ db, locale: 'zh-CN', now: () => time.now() }, PNG, 'poster.png').id;
});

const deps = () => ({ db, locale: 'zh-CN' as const, now: () => time.now(), utcOffsetMin: 480 });
const broadcast = (ids = groups) => createBroadcast(deps(), { name: '海报', format: 'text', body: '{{group.name}}：今晚 8 点直播', targeting: { groupIds: ids }, imageId }).id;

function outbox(onChange?: () => void) {
  return new Outbox({ db, now: () => time.now(), timer: time, queueClock: time, concurrency: 1, pollMs: 1000, channelFor: (id) => robotChannel({ db, locale: 'zh-CN', now: () => time.now(), vault }, id), ...(onChange ? { onChange } : {}) });
}
const open = () => db.prepare("SELECT count(*) FROM broadcast_targets WHERE status IN ('queued', 'sending')").pluck().get() as number;
const row = (group: number) => db.prepare('SELECT status, parts_done, attempts, part_attempts, error_code, idem_key FROM broadcast_targets WHERE group_id = ?').get(group) as { status: string; parts_done: number; attempts: number; part_attempts: number; error_code: string | null; idem_key: string };
const keyOf = (r: Received) => new URL(r.rawUrl, 'http://x').searchParams.get('key');
/** What reached each robot, in order: 'text' or 'image' (a checked image only), or the raw msgtype. */
const kinds = (key: string) =>
  loop.robot.received
    .filter((r) => keyOf(r) === key)
    .map((r) => {
      const type = (r.body as { msgtype?: string }).msgtype;
      return type === 'image' ? (r.image ? 'image' : 'bad-image') : type;
    });

async function runToEnd(o: Outbox) {
  o.start();
  await drive(time, () => open() === 0 && o.busy === 0, () => o.busy > 0);
  await o.stop();
}

describe('outbox: a picture after the text', () => {
  it('sends the text, then the picture with its md5, to each WeCom robot; the log names the part that went first', async () => {
    const id = broadcast();
    await runToEnd(outbox());
    for (const key of KEYS) expect(kinds(key)).toEqual(['text', 'image']);
    const images = loop.robot.received.filter((r) => r.image);
    expect(images.map((r) => r.image!.bytes.equals(PNG))).toEqual([true, true]);
    expect(images.map((r) => (r.body as { image: { md5: string } }).image.md5)).toEqual([report(deps(), id).broadcast.image!.md5, report(deps(), id).broadcast.image!.md5]);
    for (const g of groups) expect(row(g)).toMatchObject({ status: 'sent', parts_done: 2, attempts: 2, error_code: null });
    // The text's own request first, then the picture: never interleaved per robot.
    const texts = loop.robot.received.filter((r) => (r.body as { msgtype: string }).msgtype === 'text');
    expect(texts.map((r) => (r.body as { text: { content: string } }).text.content)).toEqual(['内部群1：今晚 8 点直播', '内部群2：今晚 8 点直播']);
    const log = db.prepare('SELECT action, detail FROM broadcast_log WHERE broadcast_id = ? AND target_id IS NOT NULL ORDER BY id').all(id) as { action: string; detail: string }[];
    expect(log.filter((l) => l.action === 'part-sent').map((l) => l.detail)).toEqual(groups.map((g) => partKey(row(g).idem_key, 0)));
    expect(log.filter((l) => l.action === 'sent')).toHaveLength(2);
    expect(partKey('qz-1-2-abc', 1)).toBe('qz-1-2-abc#image');
    expect(db.prepare('SELECT status FROM broadcasts WHERE id = ?').pluck().get(id)).toBe('done');
  });

  it('after a crash between the two requests, only the picture is sent: the text does not go twice', async () => {
    broadcast([groups[0]!]);
    // The first outbox "dies" right after the text's outcome is committed, before the picture is claimed.
    const first = outbox(() => void first.stop());
    first.start();
    await drive(time, () => row(groups[0]!).parts_done === 1 && first.busy === 0, () => first.busy > 0);
    await first.stop();
    expect(row(groups[0]!)).toMatchObject({ status: 'queued', parts_done: 1 });
    expect(kinds(KEYS[0]!)).toEqual(['text']);

    expect(recoverOutbox(db, time.now())).toBe(0); // nothing was under way
    await runToEnd(outbox());
    expect(kinds(KEYS[0]!)).toEqual(['text', 'image']);
    expect(row(groups[0]!)).toMatchObject({ status: 'sent', parts_done: 2 });
  });

  it('retries a 5xx on the picture after a pause, sending the picture only', async () => {
    loop.robot.scriptAt.set(2, { kind: 'reply', status: 502, headers: { 'content-type': 'text/html' }, body: '<html>bad gateway</html>' });
    broadcast([groups[0]!]);
    await runToEnd(outbox());
    expect(kinds(KEYS[0]!)).toEqual(['text', 'bad-image', 'image']);
    const [, failedAt, retriedAt] = loop.robot.received.map((r) => r.at);
    expect(retriedAt! - failedAt!).toBeGreaterThanOrEqual(5_000);
    expect(row(groups[0]!)).toMatchObject({ status: 'sent', parts_done: 2, attempts: 3 });
  });

  it('a permanent error on the picture fails the target with the reason, and the report says the text went out; retry sends the picture only', async () => {
    loop.robot.scriptAt.set(2, jsonReply(200, REPLIES.wecomBadImage));
    const id = broadcast([groups[0]!]);
    await runToEnd(outbox());
    expect(kinds(KEYS[0]!)).toEqual(['text', 'bad-image']);
    expect(row(groups[0]!)).toMatchObject({ status: 'failed', parts_done: 1, error_code: 'rejected' });
    const target = report(deps(), id).targets[0]!;
    expect(target).toMatchObject({ status: 'failed', image: true, partsDone: 1, error: { code: 'rejected', text: expect.stringContaining('40009') } });

    expect(retryFailed(deps(), id, '运营者')).toBe(1);
    await runToEnd(outbox());
    expect(kinds(KEYS[0]!)).toEqual(['text', 'bad-image', 'image']);
    expect(row(groups[0]!)).toMatchObject({ status: 'sent', parts_done: 2 });
  });

  it('a crash during either request leaves that part uncertain; the operator’s answer sends what is left, never the text again', async () => {
    const id = broadcast();
    const [a, b] = groups as [number, number];
    // a: the text was under way when the app died. b: the text arrived, the picture was under way.
    db.prepare("UPDATE broadcast_targets SET status = 'sending', attempts = 1, part_attempts = 1 WHERE group_id = ?").run(a);
    db.prepare("UPDATE broadcast_targets SET status = 'sending', parts_done = 1, attempts = 2, part_attempts = 1 WHERE group_id = ?").run(b);
    expect(recoverOutbox(db, time.now())).toBe(2);
    const targets = new Map(report(deps(), id).targets.map((x) => [x.groupId, x]));
    expect([targets.get(a), targets.get(b)].map((x) => [x!.status, x!.partsDone])).toEqual([
      ['uncertain', 0],
      ['uncertain', 1],
    ]);

    // a's text did arrive: its picture is still owed and goes now. b's picture did not: sent again, alone.
    expect(resolveUncertain(deps(), targets.get(a)!.id, 'sent', '运营者')).toMatchObject({ status: 'queued', partsDone: 1 });
    expect(resolveUncertain(deps(), targets.get(b)!.id, 'resend', '运营者')).toMatchObject({ status: 'queued', partsDone: 1 });
    await runToEnd(outbox());
    expect(kinds(KEYS[0]!)).toEqual(['image']);
    expect(kinds(KEYS[1]!)).toEqual(['image']);
    expect([row(a), row(b)].map((r) => [r.status, r.parts_done])).toEqual([
      ['sent', 2],
      ['sent', 2],
    ]);
    // An uncertain picture confirmed by the operator closes the target.
    db.prepare("UPDATE broadcast_targets SET status = 'uncertain', parts_done = 1 WHERE group_id = ?").run(b);
    expect(resolveUncertain(deps(), targets.get(b)!.id, 'sent', '运营者')).toMatchObject({ status: 'sent', partsDone: 2 });
  });
});
