import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discordJsonImporter as dc } from '../../../../electron/core/importers/discord-json.importer';
import { ImportError, type ImportItem } from '../../../../electron/core/importers/types';
import { FIXTURES, importError, probeFile, readAll, readUntilAborted, streamMemory, tempFolder, writeChunked } from '../../../helpers/importers';

const f = (name: string) => path.join(FIXTURES, 'discord', name);
const at = (iso: string) => Date.parse(iso);

const GUILD_CHANNEL = '990011223344556677';
const WANG = { id: '700000000000000001', name: '王芳' };
const LI = { id: '700000000000000002', name: 'liqiang' };
const ZHAO = { id: '700000000000000003', name: '赵磊' };

const t = tempFolder();
const write = t.write;

const HEAD = '{"guild": {"id": "1", "name": "测试服"}, "channel": {"id": "2", "type": "GuildTextChat", "name": "闲聊"}, "messages": [';
const msg = (id: number, extra = '') => `{"id": "${id}", "type": "Default", "timestamp": "2024-03-01T20:15:00+08:00", "content": "第${id}条", "author": {"id": "9", "name": "测试"}${extra}}`;

const errorOf = (file: string) => importError(dc, file, {});

describe('DiscordChatExporter JSON', () => {
  it('reads a guild channel: join, nickname over name, mentions, replies, attachments, stickers, bots; skips pins and crosspost references', async () => {
    const items = await readAll(dc, f('guild-channel-reply-mentions-attachments.json'));
    const base = { chatKey: GUILD_CHANNEL };
    expect(items).toEqual([
      { type: 'chat', chat: { key: GUILD_CHANNEL, name: '出海运营者联盟 / #闲聊', platform: 'discord', kind: 'group' } },
      { type: 'event', ...base, sourceKey: '1213000000000000001', at: at('2024-03-01T12:00:00Z'), event: 'join', members: [ZHAO] },
      { type: 'message', ...base, sourceKey: '1213000000000000002', sentAt: at('2024-03-01T12:15:00.123Z'), sender: WANG, kind: 'text', text: '欢迎 @赵磊 加入！有问题可以问 @李强', mentions: [ZHAO, LI] },
      {
        type: 'message',
        ...base,
        sourceKey: '1213000000000000003',
        sentAt: at('2024-03-01T12:16:30Z'),
        sender: ZHAO,
        kind: 'file',
        text: '谢谢！这是我们的选品表',
        replyToKey: '1213000000000000002',
        mentions: [WANG],
        attachments: [{ kind: 'file', ref: 'https://cdn.discordapp.com/attachments/990011223344556677/1/选品表.xlsx' }],
      },
      { type: 'message', ...base, sourceKey: '1213000000000000004', sentAt: at('2024-03-01T12:18:00Z'), sender: LI, kind: 'image', text: '', attachments: [{ kind: 'image', ref: '出海运营者联盟 - 闲聊 [990011223344556677].json_Files/仓库照片-5A3F1.jpg' }] },
      { type: 'message', ...base, sourceKey: '1213000000000000005', sentAt: at('2024-03-01T12:19:00Z'), sender: ZHAO, kind: 'sticker', text: '', attachments: [{ kind: 'sticker', ref: 'https://media.discordapp.net/stickers/816087792291282944.png' }] },
      { type: 'message', ...base, sourceKey: '1213000000000000007', sentAt: at('2024-03-01T12:21:00Z'), sender: { id: '700000000000000009', name: '汇率机器人' }, kind: 'text', text: '今日汇率：1 美元 = 7.19 人民币' },
      { type: 'message', ...base, sourceKey: '1213000000000000008', sentAt: at('2024-03-01T12:22:00Z'), sender: WANG, kind: 'text', text: '转自公告频道：下周一开直播' },
    ]);
  });

  it('reads a group DM: no guild in the name, recipients added and leaving, channel renamed', async () => {
    const items = await readAll(dc, f('group-dm-recipients-rename.json'));
    const base = { chatKey: '550000000000000001' };
    const liqiang = { id: '700000000000000002', name: '李强' };
    expect(items).toEqual([
      { type: 'chat', chat: { key: '550000000000000001', name: '选品小分队', platform: 'discord', kind: 'group' } },
      { type: 'event', ...base, sourceKey: '1214000000000000001', at: at('2024-03-01T01:00:00Z'), event: 'join', members: [liqiang], actor: WANG },
      { type: 'event', ...base, sourceKey: '1214000000000000002', at: at('2024-03-01T01:01:00Z'), event: 'rename', members: [], actor: WANG, detail: '选品小分队' },
      { type: 'message', ...base, sourceKey: '1214000000000000003', sentAt: at('2024-03-01T01:02:00Z'), sender: WANG, kind: 'text', text: '这周的爆款清单发一下' },
      { type: 'event', ...base, sourceKey: '1214000000000000004', at: at('2024-03-01T01:30:00Z'), event: 'leave', members: [liqiang] },
    ]);
  });

  it('reads timestamps with any offset; one without an offset is local to the given zone', async () => {
    const items = await readAll(dc, f('timestamps-offsets-and-no-offset.json'), { timeZone: 'Asia/Shanghai' });
    expect(items[0]).toEqual({ type: 'chat', chat: { key: '990011223344550000', name: '出海运营者联盟 / #公告', platform: 'discord', kind: 'channel' } });
    const times = items.flatMap((i) => (i.type === 'message' ? [new Date(i.sentAt).toISOString()] : []));
    expect(times).toEqual(['2024-03-01T12:15:00.000Z', '2024-03-01T12:15:00.500Z', '2024-03-01T12:15:00.000Z', '2024-03-01T12:16:00.000Z']);
    const utc = await readAll(dc, f('timestamps-offsets-and-no-offset.json'), { timeZone: 'UTC' });
    expect((utc[4] as { sentAt: number }).sentAt).toBe(at('2024-03-01T20:16:00Z'));
  });

  it('reports bytes read for progress, up to the file size', async () => {
    const reported: number[] = [];
    await readAll(dc, f('group-dm-recipients-rename.json'), { timeZone: 'UTC', onBytes: (n) => reported.push(n) });
    expect(reported.at(-1)).toBe(fs.statSync(f('group-dm-recipients-rename.json')).size);
  });

  it('keeps the index of each message as its position', async () => {
    const items = await readAll(dc, f('group-dm-recipients-rename.json'), {}, true);
    expect(items.flatMap((i: ImportItem) => (i.type === 'chat' ? [] : [i.position]))).toEqual([{ index: 0 }, { index: 1 }, { index: 2 }, { index: 3 }]);
  });

  it('detects its own fixtures and not Telegram or QQChatExporter JSON', () => {
    for (const name of ['guild-channel-reply-mentions-attachments.json', 'group-dm-recipients-rename.json', 'timestamps-offsets-and-no-offset.json']) {
      expect(dc.detect(probeFile(f(name))), name).toBeGreaterThanOrEqual(0.9);
    }
    for (const dir of ['telegram', 'qce']) {
      for (const name of fs.readdirSync(path.join(FIXTURES, dir))) expect(dc.detect(probeFile(path.join(FIXTURES, dir, name))), `${dir}/${name}`).toBe(0);
    }
    const text = 'id,name\n1,张三\n';
    expect(dc.detect({ name: 'a.csv', head: Buffer.from(text), text })).toBe(0);
  });

  describe('broken input fails with an ImportError naming the file and where', () => {
    it('truncated file', async () => {
      const e = await errorOf(f('truncated.json'));
      expect(e.reason).toBe('truncated');
      expect(e.file).toBe('truncated.json');
      expect(e.position).toEqual({ index: 1 });
    });

    it('impossible date (February 30th)', async () => {
      const e = await errorOf(f('bad-date.json'));
      expect(e.reason).toBe('bad-date');
      expect(e.file).toBe('bad-date.json');
      expect(e.position).toEqual({ index: 1 });
    });

    it('not JSON at all', async () => {
      const e = await errorOf(write('not-json.json', '这不是 JSON 文件'));
      expect(e.reason).toBe('malformed');
      expect(e.file).toBe('not-json.json');
      expect(e.position).toEqual({ index: 0 });
    });

    it('JSON of another shape: no messages array', async () => {
      const e = await errorOf(write('other-shape.json', '{"guild": {"id": "1"}, "channel": {"id": "2"}, "data": []}'));
      expect(e.reason).toBe('unsupported');
      expect(e.file).toBe('other-shape.json');
    });

    it('messages before any channel id', async () => {
      const e = await errorOf(write('no-channel.json', `{"messages": [${msg(1)}]}`));
      expect(e.reason).toBe('unsupported');
    });

    it('a message that is not an object, or has no id', async () => {
      let e = await errorOf(write('string-message.json', `${HEAD}${msg(1)}, "你好"]}`));
      expect([e.reason, e.position]).toEqual(['malformed', { index: 1 }]);
      e = await errorOf(write('no-id.json', `${HEAD}${msg(1)}, {"type": "Default", "timestamp": "2024-03-01T20:15:00+08:00"}]}`));
      expect([e.reason, e.position]).toEqual(['malformed', { index: 1 }]);
    });

    it('a text value over 8 MB', async () => {
      const huge = '啊'.repeat(9 * 1024 * 1024);
      const e = await errorOf(write('huge.json', `${HEAD}${msg(1)}, {"id": "2", "type": "Default", "content": "${huge}"}]}`));
      expect(e.reason).toBe('too-large');
      expect(e.file).toBe('huge.json');
      expect(e.position).toEqual({ index: 1 });
    });

    it('cancelled through the signal', async () => {
      const file = write('many.json', `${HEAD}${Array.from({ length: 50 }, (_, i) => msg(i)).join(',')}]}`);
      const { error, seen } = await readUntilAborted(dc, file, 3, { opts: { timeZone: 'UTC' } });
      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).reason).toBe('cancelled');
      expect((error as ImportError).position).toEqual({ index: 3 });
      expect(seen).toBe(3);
    });
  });

  it('streams a large channel with flat memory', async () => {
    const N = 100_000;
    const file = writeChunked(path.join(t.dir, 'big.json'), { head: HEAD, count: N, row: (i) => `${i ? ',' : ''}${msg(i, ', "mentions": [{"id": "8", "name": "群主"}], "attachments": []')}\n`, tail: ']}' });
    const { messages: n, peak } = await streamMemory(dc, file, { timeZone: 'UTC' }, { every: 10_000, collect: false });
    expect(n).toBe(N);
    expect(peak).toBeLessThan(100 * 1024 * 1024);
  });
});
