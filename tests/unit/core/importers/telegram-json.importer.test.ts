import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramJsonImporter as tg } from '../../../../electron/core/importers/telegram-json.importer';
import { ImportError } from '../../../../electron/core/importers/types';
import { decodeHead } from '../../../../electron/core/importers/text-input';
import { FIXTURES, readAll, readError } from '../../../helpers/importers';
import { tmpDir } from '../../../helpers/tmp';

const f = (name: string) => path.join(FIXTURES, 'telegram', name);
const at = (iso: string) => Date.parse(iso);

describe('Telegram Desktop JSON', () => {
  it('reads a current single-chat export: entity-array text, mentions, replies, media and service events', async () => {
    const items = await readAll(tg, f('single-chat-current-entities-service.json'));
    expect(items).toEqual([
      { type: 'chat', chat: { key: '1234567890', name: '北京运营交流群', platform: 'telegram', kind: 'group' } },
      { type: 'event', chatKey: '1234567890', sourceKey: '101', at: at('2024-03-01T01:00:00Z'), event: 'join', members: [], actor: { id: 'user1001', name: '王芳' }, detail: '李强、张伟' },
      {
        type: 'message',
        chatKey: '1234567890',
        sourceKey: '102',
        sentAt: at('2024-03-01T01:05:00Z'),
        sender: { id: 'user1001', name: '王芳' },
        kind: 'text',
        text: '欢迎 李强 和 @zhangwei！请先看群规。',
        mentions: [
          { id: 'user1002', name: '李强' },
          { id: '@zhangwei', name: 'zhangwei' },
        ],
      },
      { type: 'message', chatKey: '1234567890', sourceKey: '103', sentAt: at('2024-03-01T01:06:30Z'), sender: { id: 'user1002', name: '李强' }, kind: 'text', text: '谢谢群主，请问早报几点发？', replyToKey: '102' },
      { type: 'message', chatKey: '1234567890', sourceKey: '104', sentAt: at('2024-03-01T01:07:00Z'), sender: { id: 'user1001', name: '王芳' }, kind: 'image', text: '', attachments: [{ kind: 'image', ref: 'photos/photo_1@01-03-2024_09-07-00.jpg' }] },
      { type: 'message', chatKey: '1234567890', sourceKey: '105', sentAt: at('2024-03-01T01:08:00Z'), sender: { id: 'user1003', name: '张伟' }, kind: 'sticker', text: '', attachments: [{ kind: 'sticker', ref: 'stickers/sticker.webp' }] },
      { type: 'event', chatKey: '1234567890', sourceKey: '106', at: at('2024-03-01T02:00:00Z'), event: 'join', members: [{ id: 'user1004', name: '赵磊' }], actor: { id: 'user1004', name: '赵磊' } },
      { type: 'event', chatKey: '1234567890', sourceKey: '107', at: at('2024-03-01T03:00:00Z'), event: 'rename', members: [], actor: { id: 'user1001', name: '王芳' }, detail: '北京运营交流群（官方）' },
    ]);
  });

  it('reads a 2021 export: numeric from_id becomes user<id>, local dates use the given zone', async () => {
    const items = await readAll(tg, f('single-chat-2021-numeric-from-id.json'), { timeZone: 'Asia/Shanghai' });
    expect(items.slice(1)).toEqual([
      { type: 'message', chatKey: '987654321', sourceKey: '1', sentAt: at('2021-06-01T12:15:00Z'), sender: { id: 'user5001', name: '小陈' }, kind: 'text', text: '今晚八点直播讲装饰器' },
      { type: 'message', chatKey: '987654321', sourceKey: '2', sentAt: at('2021-06-01T12:16:10Z'), sender: { id: 'user5002', name: '小李' }, kind: 'text', text: '收到，准时到', replyToKey: '1' },
    ]);
    const utc = await readAll(tg, f('single-chat-2021-numeric-from-id.json'), { timeZone: 'UTC' });
    expect((utc[1] as { sentAt: number }).sentAt).toBe(at('2021-06-01T20:15:00Z'));
  });

  it('reads a full-account export: every chat, left chats too, each with its kind', async () => {
    const items = await readAll(tg, f('full-account-with-left-chats.json'));
    const chats = items.filter((i) => i.type === 'chat').map((i) => (i.type === 'chat' ? i.chat : null));
    expect(chats).toEqual([
      { key: '111', name: '跨境电商卖家群', platform: 'telegram', kind: 'group' },
      { key: '222', name: '王芳', platform: 'telegram', kind: 'private' },
      { key: '333', name: '已退出的老群', platform: 'telegram', kind: 'group' },
    ]);
    const texts = items.flatMap((i) => (i.type === 'message' ? [`${i.chatKey}:${i.text}`] : []));
    expect(texts).toEqual(['111:早报：物流涨价了', '222:私聊消息', '333:新年快乐']);
  });

  it('a truncated file fails with ImportError naming the file and the message it stopped in', async () => {
    const e = await readError(tg, f('truncated.json'));
    expect(e).toBeInstanceOf(ImportError);
    expect((e as ImportError).reason).toBe('truncated');
    expect((e as ImportError).file).toBe('truncated.json');
    expect((e as ImportError).position).toEqual({ index: 1 });
  });

  it('an impossible date fails with bad-date and the message index', async () => {
    const e = (await readError(tg, f('bad-date.json'))) as ImportError;
    expect(e).toBeInstanceOf(ImportError);
    expect(e.reason).toBe('bad-date');
    expect(e.position).toEqual({ index: 0 });
  });

  it('detects its own fixtures and not other JSON', () => {
    for (const name of ['single-chat-current-entities-service.json', 'single-chat-2021-numeric-from-id.json', 'full-account-with-left-chats.json']) {
      const head = fs.readFileSync(f(name));
      expect(tg.detect({ name, head, text: decodeHead(head) }), name).toBeGreaterThanOrEqual(0.8);
    }
    const other = Buffer.from('{"guild": {"id": "1"}, "channel": {"id": "2"}, "messages": [{"id": "3", "author": {"id": "4"}}]}');
    expect(tg.detect({ name: 'x.json', head: other, text: other.toString() })).toBe(0);
  });

  describe('large files', () => {
    let t: ReturnType<typeof tmpDir>;
    beforeAll(() => {
      t = tmpDir();
    });
    afterAll(() => t.cleanup());

    it('streams 200,000 messages with flat memory', async () => {
      const file = path.join(t.dir, 'big.json');
      const fd = fs.openSync(file, 'w');
      fs.writeSync(fd, '{"name": "大群", "type": "private_supergroup", "id": 9, "messages": [\n');
      const N = 200_000;
      let chunk = '';
      for (let i = 0; i < N; i++) {
        chunk += `{"id": ${i}, "type": "message", "date": "2024-03-01T20:15:00", "date_unixtime": "${1709295300 + i}", "from": "成员${i % 300}", "from_id": "user${i % 300}", "text": "第${i}条：社群运营的经验分享与讨论"}${i < N - 1 ? ',' : ''}\n`;
        if (chunk.length > 1 << 20) {
          fs.writeSync(fd, chunk);
          chunk = '';
        }
      }
      fs.writeSync(fd, `${chunk}]}\n`);
      fs.closeSync(fd);
      global.gc?.();
      const before = process.memoryUsage().heapUsed;
      let n = 0;
      let peak = 0;
      for await (const item of tg.read({ path: file, name: 'big.json' }, { timeZone: 'UTC' })) {
        if (item.type === 'message') n++;
        if (n % 20_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
      }
      expect(n).toBe(N);
      expect(peak).toBeLessThan(100 * 1024 * 1024);
    });
  });
});
