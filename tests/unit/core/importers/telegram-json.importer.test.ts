import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { telegramJsonImporter as tg } from '../../../../electron/core/importers/telegram-json.importer';
import { ImportError } from '../../../../electron/core/importers/types';
import { FIXTURES, importError, probeOf, readAll, readUntilAborted, streamMemory, tempFolder, writeChunked } from '../../../helpers/importers';

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
    const e = await importError(tg, f('truncated.json'));
    expect(e.reason).toBe('truncated');
    expect(e.file).toBe('truncated.json');
    expect(e.position).toEqual({ index: 1 });
  });

  it('an impossible date fails with bad-date and the message index', async () => {
    const e = await importError(tg, f('bad-date.json'));
    expect(e.reason).toBe('bad-date');
    expect(e.position).toEqual({ index: 0 });
  });

  it('detects its own fixtures and not other JSON', () => {
    for (const name of ['single-chat-current-entities-service.json', 'single-chat-2021-numeric-from-id.json', 'full-account-with-left-chats.json', 'service-self-join-leave-by-name.json']) {
      expect(tg.detect(probeOf(name, fs.readFileSync(f(name)))), name).toBeGreaterThanOrEqual(0.8);
    }
    const other = Buffer.from('{"guild": {"id": "1"}, "channel": {"id": "2"}, "messages": [{"id": "3", "author": {"id": "4"}}]}');
    expect(tg.detect({ name: 'x.json', head: other, text: other.toString() })).toBe(0);
    for (const dir of ['discord', 'qce']) {
      for (const name of fs.readdirSync(path.join(FIXTURES, dir))) {
        expect(tg.detect(probeOf(name, fs.readFileSync(path.join(FIXTURES, dir, name)))), `${dir}/${name}`).toBe(0);
      }
    }
  });

  it('maps a member named like the actor to the actor: self-joins in public groups and leaving on one\'s own; skips other actions', async () => {
    const items = await readAll(tg, f('service-self-join-leave-by-name.json'));
    const base = { chatKey: '1555000111' };
    const sun = { id: 'user2001', name: '孙丽' };
    const zhou = { id: 'user2002', name: '周杰' };
    const admin = { id: 'user2009', name: '群管理' };
    expect(items).toEqual([
      { type: 'chat', chat: { key: '1555000111', name: '上海跨境电商交流（公开群）', platform: 'telegram', kind: 'group' } },
      { type: 'event', ...base, sourceKey: '201', at: at('2024-03-02T02:00:00Z'), event: 'join', members: [sun], actor: sun },
      // the actor joined and brought someone known only by name; a deleted account's null name is dropped
      { type: 'event', ...base, sourceKey: '202', at: at('2024-03-02T02:05:00Z'), event: 'join', members: [zhou], actor: zhou, detail: '吴敏' },
      { type: 'event', ...base, sourceKey: '204', at: at('2024-03-02T04:00:00Z'), event: 'leave', members: [sun], actor: sun },
      { type: 'event', ...base, sourceKey: '205', at: at('2024-03-02T04:30:00Z'), event: 'leave', members: [], actor: admin, detail: '发广告的' },
    ]);
  });

  describe('dates and broken input', () => {
    const t = tempFolder();
    const write = t.write;

    const HEAD = '{"name": "测试群", "type": "private_supergroup", "id": 7, "messages": [';
    const msg = (id: number, extra = '') => `{"id": ${id}, "type": "message", "date": "2024-03-01T20:15:00", "from": "甲", "from_id": "user1", "text": "第${id}条"${extra}}`;
    const errorOf = async (file: string) => {
      const e = await importError(tg, file, {});
      expect(e.file).toBe(path.basename(file));
      return e;
    };

    it('a local date without date_unixtime is read in the given zone; date_unixtime wins when present', async () => {
      const file = write('dates.json', `${HEAD}${msg(1)}, ${msg(2, ', "date_unixtime": "1709251200"')}]}`);
      const sh = await readAll(tg, file, { timeZone: 'Asia/Shanghai' });
      expect((sh[1] as { sentAt: number }).sentAt).toBe(at('2024-03-01T12:15:00Z'));
      expect((sh[2] as { sentAt: number }).sentAt).toBe(at('2024-03-01T00:00:00Z'));
      const ny = await readAll(tg, file, { timeZone: 'America/New_York' });
      expect((ny[1] as { sentAt: number }).sentAt).toBe(at('2024-03-02T01:15:00Z'));
      expect((ny[2] as { sentAt: number }).sentAt).toBe(at('2024-03-01T00:00:00Z'));
    });

    it('not JSON at all → malformed', async () => {
      const e = await errorOf(write('not-json.json', '这不是导出文件'));
      expect([e.reason, e.position]).toEqual(['malformed', { index: 0 }]);
    });

    it('JSON of another shape (no messages anywhere) → unsupported', async () => {
      const e = await errorOf(write('other.json', '{"about": "导出说明", "contacts": {"about": "", "list": []}}'));
      expect(e.reason).toBe('unsupported');
    });

    it('a message that is not an object → malformed, with its index', async () => {
      const e = await errorOf(write('not-object.json', `${HEAD}${msg(1)}, [1, 2]]}`));
      expect([e.reason, e.position]).toEqual(['malformed', { index: 1 }]);
    });

    it('a text value over 8 MB → too-large, with its index', async () => {
      const e = await errorOf(write('huge.json', `${HEAD}${msg(1)}, {"id": 2, "type": "message", "text": "${'长'.repeat(9 * 1024 * 1024)}"}]}`));
      expect([e.reason, e.position]).toEqual(['too-large', { index: 1 }]);
    });

    it('an aborted signal ends the read with cancelled', async () => {
      const file = write('many.json', `${HEAD}${Array.from({ length: 5000 }, (_, i) => msg(i)).join(',')}]}`);
      const { error, seen } = await readUntilAborted(tg, file, 3, { opts: { timeZone: 'UTC' } });
      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).reason).toBe('cancelled');
      expect((error as ImportError).file).toBe('many.json');
      expect(seen).toBeLessThan(5000);
    });
  });

  describe('large files', () => {
    const t = tempFolder();

    it('streams 200,000 messages with flat memory', async () => {
      const N = 200_000;
      const file = writeChunked(path.join(t.dir, 'big.json'), {
        head: '{"name": "大群", "type": "private_supergroup", "id": 9, "messages": [\n',
        count: N,
        row: (i) =>
          `{"id": ${i}, "type": "message", "date": "2024-03-01T20:15:00", "date_unixtime": "${1709295300 + i}", "from": "成员${i % 300}", "from_id": "user${i % 300}", "text": "第${i}条：社群运营的经验分享与讨论"}${i < N - 1 ? ',' : ''}\n`,
        tail: ']}\n',
      });
      const { messages: n, peak } = await streamMemory(tg, file, { timeZone: 'UTC' }, { every: 20_000, collect: false });
      expect(n).toBe(N);
      expect(peak).toBeLessThan(100 * 1024 * 1024);
    });
  });
});
