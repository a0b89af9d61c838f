import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { qceJsonImporter as qce } from '../../../../electron/core/importers/qce-json.importer';
import { ImportError, type ImportItem } from '../../../../electron/core/importers/types';
import { FIXTURES, importError, probeFile, probeOf, readAll, readUntilAborted, streamMemory, tempFolder, writeChunked } from '../../../helpers/importers';

const f = (name: string) => path.join(FIXTURES, 'qce', name);
const at = (iso: string) => Date.parse(iso);

const GROUP = '深圳宝妈团购群';
const CHEN = { id: '20002', name: '3栋-陈姐' };
const LIN = { id: '10001', name: '团长小林' };

const t = tempFolder();
const write = t.write;

const HEAD = '{"metadata": {"name": "QQChatExporter V5", "version": "5.0.0"}, "chatInfo": {"name": "测试群", "type": "group"}, "messages": [';
const msg = (seq: number, extra = '') =>
  `{"id": "73${seq}", "seq": "${seq}", "timestamp": ${1709294400000 + seq * 1000}, "sender": {"uid": "u_${seq % 50}", "uin": "${20000 + (seq % 50)}", "name": "成员${seq % 50}"}, "content": {"text": "第${seq}条"${extra}}, "recalled": false, "system": false}`;

const errorOf = (file: string) => importError(qce, file, {});

describe('QQChatExporter JSON', () => {
  it('reads a group: group card over nickname, uin over uid, mentions by uid, replies by message id, media; skips @全体成员', async () => {
    const items = await readAll(qce, f('group-mentions-reply-media.json'));
    const base = { chatKey: GROUP };
    expect(items).toEqual([
      { type: 'chat', chat: { key: GROUP, name: GROUP, platform: 'qq', kind: 'group' } },
      { type: 'message', ...base, sourceKey: '5001', sentAt: at('2024-03-01T12:00:00Z'), sender: CHEN, kind: 'text', text: '今天的草莓还有吗？' },
      { type: 'message', ...base, sourceKey: '5002', sentAt: at('2024-03-01T12:01:00Z'), sender: LIN, kind: 'text', text: '@3栋-陈姐 还有二十份，@全体成员 需要的接龙', replyToKey: '5001', mentions: [CHEN] },
      { type: 'message', ...base, sourceKey: '5003', sentAt: at('2024-03-01T12:02:00Z'), sender: LIN, kind: 'image', text: '[图片]', attachments: [{ kind: 'image', ref: '草莓实拍.jpg' }] },
      { type: 'message', ...base, sourceKey: '5004', sentAt: at('2024-03-01T12:03:00Z'), sender: LIN, kind: 'file', text: '[文件: 三月团购价目表.xlsx]', attachments: [{ kind: 'file', ref: '三月团购价目表.xlsx' }] },
      { type: 'message', ...base, sourceKey: '5005', sentAt: at('2024-03-01T12:04:00Z'), sender: CHEN, kind: 'sticker', text: '[比心]', attachments: [{ kind: 'sticker', ref: 'https://gxh.vip.qq.com/club/item/parcel/item/ab/abc123/raw300.gif' }] },
      { type: 'message', ...base, sourceKey: '5006', sentAt: at('2024-03-01T12:10:00Z'), sender: { id: 'u_BBBBbbbb', name: '新来的小王' }, kind: 'text', text: '接龙 +1' },
    ]);
  });

  it('turns recalls into recall events and join/leave notices into events; other notices stay system messages', async () => {
    const items = await readAll(qce, f('recalled-and-system-join-leave.json'));
    const base = { chatKey: GROUP };
    expect(items).toEqual([
      { type: 'chat', chat: { key: GROUP, name: GROUP, platform: 'qq', kind: 'group' } },
      { type: 'event', ...base, sourceKey: '6001', at: at('2024-03-01T13:00:00Z'), event: 'join', members: [{ id: '30003', name: '刘阿姨' }], detail: '刘阿姨 加入了群聊' },
      // an invite names two people, and the sender may be either: kept as text only
      { type: 'event', ...base, sourceKey: '6002', at: at('2024-03-01T13:01:00Z'), event: 'join', members: [], detail: '团长小林 邀请 周周 加入了群聊' },
      { type: 'event', ...base, sourceKey: '6003', at: at('2024-03-01T13:02:00Z'), event: 'recall', members: [{ id: '30003', name: '5栋-刘阿姨' }], detail: '发错群了，不好意思' },
      { type: 'event', ...base, sourceKey: '6004', at: at('2024-03-01T13:03:00Z'), event: 'leave', members: [{ id: '30003', name: '刘阿姨' }], detail: '刘阿姨 退出了群聊' },
      { type: 'message', ...base, sourceKey: '6005', sentAt: at('2024-03-01T13:04:00Z'), sender: null, kind: 'system', text: '群主已开启“全员禁言”' },
      { type: 'message', ...base, sourceKey: '6006', sentAt: at('2024-03-01T13:05:00Z'), sender: { id: '40004', name: '路人甲' }, kind: 'system', text: '路人甲 申请加入群聊' },
    ]);
  });

  it('reads a private chat: keys from seq, else id, else content; times in ms, seconds, strings, or local wall clock', async () => {
    const items = await readAll(qce, f('private-chat-keys-and-time-fallbacks.json'), { timeZone: 'Asia/Shanghai' });
    const base = { chatKey: '陈姐' };
    const chen = { id: '20002', name: '陈姐' };
    expect(items.slice(0, 4)).toEqual([
      { type: 'chat', chat: { key: '陈姐', name: '陈姐', platform: 'qq', kind: 'private' } },
      { type: 'message', ...base, sourceKey: '7340000000000000201', sentAt: at('2024-03-01T12:00:00Z'), sender: chen, kind: 'text', text: '没有 seq，用 id 当键；时间戳是字符串' },
      { type: 'message', ...base, sourceKey: '77', sentAt: at('2024-03-01T12:01:00Z'), sender: LIN, kind: 'text', text: '时间戳是秒' },
      { type: 'message', ...base, sourceKey: '78', sentAt: at('2024-03-01T12:02:00Z'), sender: chen, kind: 'text', text: '只有本地时间' },
    ]);
    const last = items[4] as ImportItem & { type: 'message' };
    expect({ ...last, sourceKey: 'h' }).toEqual({ type: 'message', ...base, sourceKey: 'h', sentAt: at('2024-03-01T12:03:00Z'), sender: chen, kind: 'text', text: '既没有 seq 也没有 id' });
    expect(last.sourceKey).toMatch(/^h:/);
    // the content key is stable across reads, so a re-import adds nothing
    const again = await readAll(qce, f('private-chat-keys-and-time-fallbacks.json'), { timeZone: 'Asia/Shanghai' });
    expect((again[4] as { sourceKey: string }).sourceKey).toBe(last.sourceKey);
    // the wall-clock-only message follows the zone it is read in
    const utc = await readAll(qce, f('private-chat-keys-and-time-fallbacks.json'), { timeZone: 'UTC' });
    expect((utc[3] as { sentAt: number }).sentAt).toBe(at('2024-03-01T20:02:00Z'));
  });

  it('keys the chat by an id field when the export has one', async () => {
    const file = write('with-id.json', `{"chatInfo": {"name": "测试群", "type": "group", "groupCode": "123456789"}, "messages": [${msg(1)}]}`);
    const items = await readAll(qce, file);
    expect(items[0]).toEqual({ type: 'chat', chat: { key: '123456789', name: '测试群', platform: 'qq', kind: 'group' } });
    expect((items[1] as { chatKey: string }).chatKey).toBe('123456789');
  });

  it('a mention of someone not yet seen speaking keeps their uid; mentions written with a uin use it', async () => {
    const mentions = ', "mentions": [{"uid": "u_unknown", "name": "@路人"}, {"uid": "u_x", "uin": "55555", "name": "小五"}]';
    const items = await readAll(qce, write('mentions.json', `${HEAD}${msg(1, mentions)}]}`));
    expect((items[1] as { mentions: unknown }).mentions).toEqual([
      { id: 'u_unknown', name: '路人' },
      { id: '55555', name: '小五' },
    ]);
  });

  it('reports bytes read for progress, up to the file size', async () => {
    const reported: number[] = [];
    await readAll(qce, f('recalled-and-system-join-leave.json'), { timeZone: 'UTC', onBytes: (n) => reported.push(n) });
    expect(reported.at(-1)).toBe(fs.statSync(f('recalled-and-system-join-leave.json')).size);
  });

  it('keeps the index of each message as its position', async () => {
    const items = await readAll(qce, f('recalled-and-system-join-leave.json'), {}, true);
    expect(items.flatMap((i: ImportItem) => (i.type === 'chat' ? [] : [i.position]))).toEqual([0, 1, 2, 3, 4, 5].map((index) => ({ index })));
  });

  it('detects its own fixtures and not Telegram or Discord JSON', () => {
    for (const name of ['group-mentions-reply-media.json', 'recalled-and-system-join-leave.json', 'private-chat-keys-and-time-fallbacks.json']) {
      expect(qce.detect(probeFile(f(name))), name).toBeGreaterThanOrEqual(0.9);
    }
    for (const dir of ['telegram', 'discord']) {
      for (const name of fs.readdirSync(path.join(FIXTURES, dir))) expect(qce.detect(probeFile(path.join(FIXTURES, dir, name))), `${dir}/${name}`).toBe(0);
    }
    const cut = fs.readFileSync(f('group-mentions-reply-media.json')).subarray(0, 300);
    expect(qce.detect(probeOf('x.json', cut))).toBeGreaterThanOrEqual(0.9);
  });

  describe('broken input fails with an ImportError naming the file and where', () => {
    it('truncated file', async () => {
      const e = await errorOf(f('truncated.json'));
      expect(e.reason).toBe('truncated');
      expect(e.file).toBe('truncated.json');
      expect(e.position).toEqual({ index: 2 });
    });

    it('impossible date (no timestamp, and the wall clock says February 30th 25:00)', async () => {
      const e = await errorOf(f('bad-date.json'));
      expect(e.reason).toBe('bad-date');
      expect(e.file).toBe('bad-date.json');
      expect(e.position).toEqual({ index: 1 });
    });

    it('a timestamp that is not a time', async () => {
      const e = await errorOf(write('ts-text.json', `${HEAD}${msg(1)}, {"seq": "2", "timestamp": "昨天", "content": {"text": "?"}}]}`));
      expect([e.reason, e.position]).toEqual(['bad-date', { index: 1 }]);
    });

    it('not JSON at all', async () => {
      const e = await errorOf(write('not-json.json', '消息记录（此消息记录为文本格式，不支持重新导入）'));
      expect(e.reason).toBe('malformed');
      expect(e.file).toBe('not-json.json');
      expect(e.position).toEqual({ index: 0 });
    });

    it('JSON of another shape: no messages array (e.g. a chunked export manifest)', async () => {
      const e = await errorOf(write('manifest.json', '{"metadata": {"name": "QQChatExporter V5"}, "chatInfo": {"name": "测试群", "type": "group"}, "chunked": {"format": "jsonl", "chunks": []}}'));
      expect(e.reason).toBe('unsupported');
      expect(e.file).toBe('manifest.json');
    });

    it('a message that is not an object', async () => {
      const e = await errorOf(write('number-message.json', `${HEAD}${msg(1)}, 42]}`));
      expect([e.reason, e.position]).toEqual(['malformed', { index: 1 }]);
    });

    it('a text value over 8 MB', async () => {
      const huge = '哈'.repeat(9 * 1024 * 1024);
      const e = await errorOf(write('huge.json', `${HEAD}${msg(1)}, {"seq": "2", "content": {"text": "${huge}"}}]}`));
      expect(e.reason).toBe('too-large');
      expect(e.file).toBe('huge.json');
      expect(e.position).toEqual({ index: 1 });
    });

    it('cancelled through the signal', async () => {
      const file = write('many.json', `${HEAD}${Array.from({ length: 50 }, (_, i) => msg(i)).join(',')}]}`);
      const { error, seen } = await readUntilAborted(qce, file, 3, { opts: { timeZone: 'UTC' } });
      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).reason).toBe('cancelled');
      expect((error as ImportError).position).toEqual({ index: 3 });
      expect(seen).toBe(3);
    });
  });

  it('streams a large chat with flat memory', async () => {
    const N = 100_000;
    // each message replies to the one before it and mentions a member by uid
    const extra = (i: number) => `, "elements": [{"type": "reply", "data": {"referencedMessageId": "73${i - 1}"}}], "mentions": [{"uid": "u_7", "name": "@成员7"}]`;
    const file = writeChunked(path.join(t.dir, 'big.json'), { head: HEAD, count: N, row: (i) => `${i ? ',' : ''}${msg(i, extra(i))}\n`, tail: ']}' });
    const { messages: n, peak } = await streamMemory(qce, file, { timeZone: 'UTC' }, {
      every: 10_000,
      collect: false,
      onItem: (item, count) => {
        if (item.type === 'message' && count === N) expect([item.replyToKey, item.mentions]).toEqual([String(N - 2), [{ id: '20007', name: '成员7' }]]);
      },
    });
    expect(n).toBe(N);
    expect(peak).toBeLessThan(100 * 1024 * 1024);
  });
});
