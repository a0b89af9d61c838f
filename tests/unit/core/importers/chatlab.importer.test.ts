import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chatlabJsonImporter as json, chatlabJsonlImporter as jsonl, platformOf } from '../../../../electron/core/importers/chatlab.importer';
import { memotraceCsvImporter } from '../../../../electron/core/importers/memotrace-csv.importer';
import { weflowJsonImporter } from '../../../../electron/core/importers/weflow-json.importer';
import { telegramJsonImporter } from '../../../../electron/core/importers/telegram-json.importer';
import { ContentKeys } from '../../../../electron/core/importers/source-key';
import { FIXTURES, cancelledError, importError, probeFile, probeOf, readAll, tempFolder } from '../../../helpers/importers';

const f = (name: string) => path.join(FIXTURES, 'chatlab', name);
const at = (iso: string) => Date.parse(iso);
const minute = (n: number) => at('2024-03-01T12:00:00Z') + n * 60_000;

const t = tempFolder();

describe('ChatLab JSON', () => {
  it('reads a group: mapped platform, names from the message or else the members table, replies, system lines and recalls', async () => {
    const K = '735812946';
    const amei = { id: '10002', name: '阿梅' };
    expect(await readAll(json, f('group.json'))).toEqual([
      { type: 'chat', chat: { key: K, name: '杭州宝妈交流群', platform: 'qq', kind: 'group' } },
      { type: 'message', chatKey: K, sourceKey: 'm1', sentAt: minute(0), sender: { id: '10001', name: '群主-小雨' }, kind: 'text', text: '今晚团购奶粉，八点开始' },
      { type: 'message', chatKey: K, sourceKey: 'm2', sentAt: minute(1), sender: amei, kind: 'text', text: '我要两罐', replyToKey: 'm1' },
      { type: 'message', chatKey: K, sourceKey: 'm3', sentAt: minute(2), sender: { id: '10003', name: '陈姐（团购）' }, kind: 'image', text: '[图片]' },
      { type: 'message', chatKey: K, sourceKey: 'm4', sentAt: minute(3), sender: amei, kind: 'sticker', text: '[表情]' },
      { type: 'event', chatKey: K, sourceKey: 'm5', at: minute(4), event: 'join', members: [], detail: '"小雨"邀请"小林"加入了群聊' },
      { type: 'event', chatKey: K, sourceKey: 'm6', at: minute(5), event: 'recall', members: [], actor: { id: '10003', name: '陈姐' }, detail: '陈姐撤回了一条消息' },
      { type: 'message', chatKey: K, sourceKey: 'm7', sentAt: minute(6), sender: amei, kind: 'text', text: '阿梅拍了拍小雨' },
      { type: 'message', chatKey: K, sourceKey: 'm8', sentAt: minute(7), sender: { id: '10001', name: '小雨' }, kind: 'link', text: 'https://example.cn/tuangou' },
      { type: 'message', chatKey: K, sourceKey: 'm9', sentAt: minute(8), sender: null, kind: 'system', text: '群公告：本周六线下聚会' },
    ]);
  });

  it('reads older writers: id/replyTo, a platform we do not know, millisecond and string timestamps, null content, no ids at all', async () => {
    const K = 'name:和小周的对话';
    const keys = new ContentKeys();
    expect(await readAll(json, f('other-platform-legacy-fields.json'))).toEqual([
      { type: 'chat', chat: { key: K, name: '和小周的对话', platform: 'other', kind: 'private' } },
      { type: 'message', chatKey: K, sourceKey: 'a1', sentAt: minute(0), sender: { id: 'u_zhou', name: '小周' }, kind: 'text', text: '周末一起爬山吗' },
      { type: 'message', chatKey: K, sourceKey: 'a2', sentAt: minute(1), sender: { id: 'u_me', name: '我' }, kind: 'text', text: '好呀', replyToKey: 'a1' },
      { type: 'message', chatKey: K, sourceKey: keys.key(K, minute(2), 'u_zhou', ''), sentAt: minute(2), sender: { id: 'u_zhou', name: '小周' }, kind: 'voice', text: '' },
    ]);
  });

  it('maps platform names onto ours', () => {
    expect(['wechat', 'QQ', 'telegram', 'discord', 'whatsapp', 'slack', 'weixin', 'feishu', 'line', 'mixed', '', undefined].map(platformOf)).toEqual([
      'wechat',
      'qq',
      'telegram',
      'discord',
      'whatsapp',
      'slack',
      'wechat',
      'feishu',
      'other',
      'other',
      'other',
      'other',
    ]);
  });

  describe('errors name the file and the message index', () => {
    it('a truncated file', async () => {
      const e = await importError(json, f('truncated.json'));
      expect([e.file, e.reason, e.position]).toEqual(['truncated.json', 'truncated', { index: 1 }]);
    });

    it('an unreadable timestamp', async () => {
      const e = await importError(json, f('bad-date.json'));
      expect([e.file, e.reason, e.position]).toEqual(['bad-date.json', 'bad-date', { index: 1 }]);
    });

    it('not JSON at all', async () => {
      const file = t.write('garbage.json', '{"chatlab": {"version": "0.0.2"}, "messages": [{"sender": "1",, }]}');
      const e = await importError(json, file);
      expect([e.file, e.reason]).toEqual(['garbage.json', 'malformed']);
      expect(e.position.index).toBe(0);
    });

    it('a cancelled read', async () => {
      const e = await cancelledError(json, f('group.json'));
      expect([e.file, e.reason]).toEqual(['group.json', 'cancelled']);
    });
  });
});

describe('ChatLab JSONL', () => {
  it('reads header, comment, member and message lines, with or without _type', async () => {
    const K = '38123456789@chatroom';
    expect(await readAll(jsonl, f('group.jsonl'), { timeZone: 'Asia/Shanghai' }, true)).toEqual([
      { type: 'chat', chat: { key: K, name: '跨境卖家交流群', platform: 'wechat', kind: 'group' } },
      { type: 'message', chatKey: K, sourceKey: '101', sentAt: minute(0), sender: { id: 'wxid_wangfang88', name: '王芳' }, kind: 'text', text: '欢迎新朋友', position: { line: 6 } },
      { type: 'message', chatKey: K, sourceKey: '102', sentAt: minute(1), sender: { id: 'wxid_liqiang01', name: '强哥' }, kind: 'text', text: '谢谢群主', replyToKey: '101', position: { line: 7 } },
      { type: 'message', chatKey: K, sourceKey: '103', sentAt: minute(2), sender: { id: 'wxid_liqiang01', name: '李强' }, kind: 'file', text: '报价单.pdf', position: { line: 8 } },
      { type: 'event', chatKey: K, sourceKey: '104', at: minute(3), event: 'leave', members: [], detail: '"王芳"将"李强"移出了群聊', position: { line: 9 } },
    ]);
  });

  it('messages before any header still get a chat, named after the file', async () => {
    const file = t.write('无头文件.jsonl', '{"sender":"u1","timestamp":1709294400,"type":0,"content":"你好","platformMessageId":"x1"}\n');
    expect(await readAll(jsonl, file)).toEqual([
      { type: 'chat', chat: { key: '无头文件', name: '无头文件', platform: 'other', kind: 'unknown' } },
      { type: 'message', chatKey: '无头文件', sourceKey: 'x1', sentAt: minute(0), sender: { id: 'u1', name: 'u1' }, kind: 'text', text: '你好' },
    ]);
  });

  describe('errors name the file and the line', () => {
    it('a cut-off last line is truncated', async () => {
      const e = await importError(jsonl, f('truncated.jsonl'));
      expect([e.file, e.reason, e.position]).toEqual(['truncated.jsonl', 'truncated', { line: 3 }]);
    });

    it('a broken line in the middle is malformed', async () => {
      const e = await importError(jsonl, f('broken-line.jsonl'));
      expect([e.file, e.reason, e.position]).toEqual(['broken-line.jsonl', 'malformed', { line: 3 }]);
    });

    it('a line that is not an object', async () => {
      const file = t.write('array-line.jsonl', '{"_type":"header","chatlab":{},"meta":{"name":"群"}}\n[1,2]\n');
      const e = await importError(jsonl, file);
      expect([e.file, e.reason, e.position]).toEqual(['array-line.jsonl', 'malformed', { line: 2 }]);
    });

    it('an unreadable timestamp', async () => {
      const file = t.write('bad-time.jsonl', '{"_type":"header","chatlab":{},"meta":{"name":"群"}}\n{"_type":"message","sender":"u1","timestamp":"明天","type":0,"content":"x"}\n');
      const e = await importError(jsonl, file);
      expect([e.file, e.reason, e.position]).toEqual(['bad-time.jsonl', 'bad-date', { line: 2 }]);
    });

    it('a line over 8 MB', async () => {
      const file = t.write('huge.jsonl', `{"_type":"header","chatlab":{},"meta":{"name":"群"}}\n{"_type":"message","sender":"u1","timestamp":1709294400,"type":0,"content":"${'x'.repeat(9 * 1024 * 1024)}"}\n`);
      const e = await importError(jsonl, file);
      expect([e.file, e.reason, e.position]).toEqual(['huge.jsonl', 'too-large', { line: 2 }]);
    });

    it('a cancelled read', async () => {
      const e = await cancelledError(jsonl, f('group.jsonl'));
      expect([e.file, e.reason]).toEqual(['group.jsonl', 'cancelled']);
    });
  });
});

describe('ChatLab detection', () => {
  it('tells JSON from JSONL by whether the first line is a whole object with more lines after it', () => {
    expect(json.detect(probeFile(f('group.json')))).toBeGreaterThanOrEqual(0.9);
    expect(jsonl.detect(probeFile(f('group.json')))).toBe(0);
    expect(jsonl.detect(probeFile(f('group.jsonl')))).toBeGreaterThanOrEqual(0.9);
    expect(json.detect(probeFile(f('group.jsonl')))).toBe(0);

    // minified JSON on one line is still JSON
    const minified = Buffer.from(`${JSON.stringify(JSON.parse(fs.readFileSync(f('group.json'), 'utf8')))}\n`);
    expect(json.detect(probeOf('m.json', minified))).toBeGreaterThanOrEqual(0.9);
    expect(jsonl.detect(probeOf('m.json', minified))).toBe(0);

    // a JSONL header too long for the probe (an embedded avatar) is still a header
    const longHeader = Buffer.from(`{"_type":"header","chatlab":{"version":"0.0.2"},"meta":{"name":"群","groupAvatar":"data:image/png;base64,${'A'.repeat(70_000)}"}}\n`).subarray(0, 65536);
    expect(jsonl.detect(probeOf('big.jsonl', longHeader))).toBeGreaterThanOrEqual(0.9);
    expect(json.detect(probeOf('big.jsonl', longHeader))).toBe(0);
  });

  it('does not fire on other formats, and they do not fire on ChatLab files', () => {
    const others = [
      path.join(FIXTURES, 'wechat', 'weflow-group.json'),
      path.join(FIXTURES, 'wechat', 'memotrace-bom-group-and-system.csv'),
      path.join(FIXTURES, 'generic', 'mapped-chinese-headers.csv'),
      path.join(FIXTURES, 'telegram', 'single-chat-current-entities-service.json'),
      path.join(FIXTURES, 'telegram', 'full-account-with-left-chats.json'),
    ];
    for (const file of others) {
      expect(json.detect(probeFile(file)), file).toBe(0);
      expect(jsonl.detect(probeFile(file)), file).toBe(0);
    }
    for (const name of ['group.json', 'group.jsonl', 'other-platform-legacy-fields.json'])
      for (const other of [memotraceCsvImporter, weflowJsonImporter, telegramJsonImporter]) expect(other.detect(probeFile(f(name))), `${other.format} on ${name}`).toBe(0);
  });
});
