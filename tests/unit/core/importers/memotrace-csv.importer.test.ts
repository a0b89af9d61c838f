import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memotraceCsvImporter as mt, wechatSystemEvent } from '../../../../electron/core/importers/memotrace-csv.importer';
import { weflowJsonImporter } from '../../../../electron/core/importers/weflow-json.importer';
import { chatlabJsonImporter, chatlabJsonlImporter } from '../../../../electron/core/importers/chatlab.importer';
import { genericCsvImporter, genericXlsxImporter } from '../../../../electron/core/importers/generic-table.importer';
import { telegramJsonImporter } from '../../../../electron/core/importers/telegram-json.importer';
import { ContentKeys } from '../../../../electron/core/importers/source-key';
import type { ImportItem } from '../../../../electron/core/importers/types';
import { FIXTURES, cancelledError, importError, probeFile, readAll, streamMemory, tempFolder, writeChunked } from '../../../helpers/importers';

const f = (name: string) => path.join(FIXTURES, 'wechat', name);
const at = (iso: string) => Date.parse(iso);

const G = '20240301888@chatroom';
const groupChat = { type: 'chat', chat: { key: G, name: G, platform: 'wechat', kind: 'group' } };
const HEADER = 'localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender';
const SELF = { id: 'self', name: '我' };

const t = tempFolder();

/** A MemoTrace-shaped file in the temp folder, BOM and CRLF like the real exporter. */
function memotraceFile(name: string, rows: string[]): string {
  return t.write(name, `\uFEFF${[HEADER, ...rows].join('\r\n')}\r\n`);
}

describe('MemoTrace CSV', () => {
  it('reads a group export with a BOM and CRLF: messages, self, and system lines as join/leave/rename/recall events', async () => {
    expect(await readAll(mt, f('memotrace-bom-group-and-system.csv'))).toEqual([
      groupChat,
      { type: 'event', chatKey: G, sourceKey: '1001', at: at('2024-03-01T12:00:00Z'), event: 'join', members: [], detail: '"王芳"邀请"李强"加入了群聊' },
      { type: 'message', chatKey: G, sourceKey: '1002', sentAt: at('2024-03-01T12:05:00Z'), sender: { id: 'wxid_liqiang01', name: '强哥' }, kind: 'text', text: '大家好，我是李强，做跨境电商的' },
      { type: 'message', chatKey: G, sourceKey: '1003', sentAt: at('2024-03-01T12:06:00Z'), sender: { id: 'wxid_wangfang88', name: '王芳' }, kind: 'text', text: '欢迎！请先看群公告' },
      { type: 'event', chatKey: G, sourceKey: '1004', at: at('2024-03-01T12:07:00Z'), event: 'join', members: [], detail: '"赵磊"通过扫描二维码加入群聊' },
      { type: 'message', chatKey: G, sourceKey: '1005', sentAt: at('2024-03-01T12:08:00Z'), sender: { id: 'zhaolei_2024', name: '赵磊' }, kind: 'text', text: '老师好' },
      { type: 'event', chatKey: G, sourceKey: '1006', at: at('2024-03-01T12:10:00Z'), event: 'leave', members: [], actor: SELF, detail: '你将"赵磊"移出了群聊' },
      { type: 'event', chatKey: G, sourceKey: '1007', at: at('2024-03-01T12:11:00Z'), event: 'rename', members: [], actor: SELF, detail: '北京跨境电商交流群' },
      { type: 'event', chatKey: G, sourceKey: '1008', at: at('2024-03-01T12:12:00Z'), event: 'recall', members: [], detail: '"李强" 撤回了一条消息' },
      { type: 'message', chatKey: G, sourceKey: '1009', sentAt: at('2024-03-01T12:13:00Z'), sender: null, kind: 'system', text: '"李强"与群里其他人都不是朋友关系，请注意隐私安全' },
      { type: 'message', chatKey: G, sourceKey: '1010', sentAt: at('2024-03-01T12:14:00Z'), sender: SELF, kind: 'text', text: '今晚8点直播，记得来' },
    ]);
  });

  it('maps media and app message types; XML descriptors give titles, links and file names, not raw XML', async () => {
    const zw = { id: 'wxid_zhangwei7', name: '张伟' };
    const m = (n: number, rest: object) => ({ type: 'message', chatKey: G, sourceKey: String(2001 + n), sentAt: at('2024-03-01T12:00:00Z') + n * 10_000, sender: zw, ...rest });
    expect(await readAll(mt, f('memotrace-media-types.csv'))).toEqual([
      groupChat,
      m(0, { kind: 'image', text: '' }),
      m(1, { kind: 'voice', text: '' }),
      m(2, { kind: 'video', text: '' }),
      m(3, { kind: 'sticker', text: '' }),
      m(4, { kind: 'link', text: '2024 跨境物流报告', attachments: [{ kind: 'link', ref: 'https://example.cn/report?id=7&from=wx' }] }),
      m(5, { kind: 'file', text: '活动报名表.xlsx', attachments: [{ kind: 'file', ref: '活动报名表.xlsx' }] }),
      m(6, { sender: { id: 'wxid_wangfang88', name: '王芳' }, kind: 'text', text: '同意，下周见' }),
      m(7, { kind: 'link', text: '拼团小程序' }),
      m(8, { kind: 'text', text: 'SOHO现代城' }),
    ]);
  });

  it('splits a file holding two TalkerIds into two chats; a private chat is named after the other party', async () => {
    const items = await readAll(mt, f('memotrace-two-chats.csv'));
    expect(items).toEqual([
      { type: 'chat', chat: { key: '55667788@chatroom', name: '55667788@chatroom', platform: 'wechat', kind: 'group' } },
      { type: 'message', chatKey: '55667788@chatroom', sourceKey: '3001', sentAt: at('2024-03-01T12:00:00Z'), sender: { id: 'wxid_liqiang01', name: '李强' }, kind: 'text', text: '群里有人做欧洲站吗' },
      { type: 'chat', chat: { key: 'wxid_friend_chen', name: '陈老师', platform: 'wechat', kind: 'private' } },
      { type: 'message', chatKey: 'wxid_friend_chen', sourceKey: '3001', sentAt: at('2024-03-01T12:00:30Z'), sender: { id: 'wxid_friend_chen', name: '陈老师' }, kind: 'text', text: '王老师，课件发我一份' },
      { type: 'message', chatKey: '55667788@chatroom', sourceKey: '3002', sentAt: at('2024-03-01T12:01:00Z'), sender: { id: 'wxid_wangfang88', name: '王芳' }, kind: 'text', text: '我在做，可以交流' },
      { type: 'message', chatKey: 'wxid_friend_chen', sourceKey: '3002', sentAt: at('2024-03-01T12:01:30Z'), sender: { id: 'wxid_wangfang88', name: '王芳' }, kind: 'text', text: '好的，稍等' },
    ]);
  });

  it('reads the "export all" layout: Remark/NickName name the chat, Sender is a display name and 我 is the exporting user', async () => {
    expect(await readAll(mt, f('memotrace-export-all-layout.csv'))).toEqual([
      { type: 'chat', chat: { key: '12', name: '运营一群', platform: 'wechat', kind: 'unknown' } },
      { type: 'message', chatKey: '12', sourceKey: '1', sentAt: at('2024-03-01T12:00:00Z'), sender: { id: '李强', name: '李强' }, kind: 'text', text: '早上好' },
      { type: 'message', chatKey: '12', sourceKey: '2', sentAt: at('2024-03-01T12:01:00Z'), sender: SELF, kind: 'text', text: '早' },
      { type: 'chat', chat: { key: '35', name: '陈老师', platform: 'wechat', kind: 'unknown' } },
      { type: 'message', chatKey: '35', sourceKey: '1', sentAt: at('2024-03-01T12:02:00Z'), sender: { id: '陈晨', name: '陈晨' }, kind: 'text', text: '在吗' },
    ]);
  });

  it('keeps quoted fields with line breaks, commas and doubled quotes, and reports the line each record starts on', async () => {
    const items = await readAll(mt, f('memotrace-quoted-multiline.csv'), { timeZone: 'Asia/Shanghai' }, true);
    expect(items).toEqual([
      groupChat,
      { type: 'message', chatKey: G, sourceKey: '4001', sentAt: at('2024-03-01T12:00:00Z'), sender: { id: 'wxid_liqiang01', name: '李强' }, kind: 'text', text: '第一行\n第二行，含逗号, 和"引号"', position: { line: 2 } },
      { type: 'message', chatKey: G, sourceKey: '4002', sentAt: at('2024-03-01T12:01:00Z'), sender: { id: 'zhaolei_2024', name: '赵磊' }, kind: 'text', text: '收到', position: { line: 4 } },
      { type: 'message', chatKey: G, sourceKey: '4003', sentAt: at('2024-03-01T12:02:00Z'), sender: { id: 'wxid_wangfang88', name: '王芳' }, kind: 'text', text: '群规：\n1. 不发广告\n2. 不刷屏', position: { line: 5 } },
      { type: 'message', chatKey: G, sourceKey: '4004', sentAt: at('2024-03-01T12:03:00Z'), sender: { id: 'wxid_liqiang01', name: '李强' }, kind: 'text', text: '好的', position: { line: 8 } },
    ]);
  });

  it('reads old private-chat exports whose rows stop after StrTime (nine cells under the twelve-cell header)', async () => {
    expect(await readAll(mt, f('memotrace-private-nine-columns.csv'))).toEqual([
      { type: 'chat', chat: { key: 'wxid_friend_chen', name: 'wxid_friend_chen', platform: 'wechat', kind: 'private' } },
      { type: 'message', chatKey: 'wxid_friend_chen', sourceKey: '5001', sentAt: at('2024-03-01T12:00:00Z'), sender: { id: 'wxid_friend_chen', name: 'wxid_friend_chen' }, kind: 'text', text: '周末有空吗' },
      { type: 'message', chatKey: 'wxid_friend_chen', sourceKey: '5002', sentAt: at('2024-03-01T12:01:00Z'), sender: SELF, kind: 'text', text: '有，周六下午' },
    ]);
  });

  it('without a localId the key is a content hash: identical "+1"s stay two messages, and a re-read gives the same keys', async () => {
    const keys = new ContentKeys();
    const t0 = at('2024-03-01T12:00:00Z');
    const expected: ImportItem[] = [
      groupChat as ImportItem,
      { type: 'message', chatKey: G, sourceKey: keys.key(G, t0, 'wxid_liqiang01', '+1'), sentAt: t0, sender: { id: 'wxid_liqiang01', name: '李强' }, kind: 'text', text: '+1' } as ImportItem,
      { type: 'message', chatKey: G, sourceKey: keys.key(G, t0, 'wxid_liqiang01', '+1'), sentAt: t0, sender: { id: 'wxid_liqiang01', name: '李强' }, kind: 'text', text: '+1' } as ImportItem,
      { type: 'message', chatKey: G, sourceKey: keys.key(G, t0 + 5000, 'zhaolei_2024', '+1'), sentAt: t0 + 5000, sender: { id: 'zhaolei_2024', name: '赵磊' }, kind: 'text', text: '+1' } as ImportItem,
    ];
    const first = await readAll(mt, f('memotrace-missing-localid.csv'));
    expect(first).toEqual(expected);
    const sourceKeys = first.flatMap((i) => (i.type === 'message' ? [i.sourceKey] : []));
    expect(new Set(sourceKeys).size).toBe(3);
    expect(await readAll(mt, f('memotrace-missing-localid.csv'))).toEqual(first);
  });

  it('CreateTime is absolute; without it StrTime is read as wall-clock time in the chosen zone', async () => {
    const file = memotraceFile('strtime-only.csv', [`1,${G},1,0,0,,2,早,2024-03-01 20:00:00,,李强,wxid_liqiang01`]);
    const sentAt = async (timeZone: string) => ((await readAll(mt, file, { timeZone }))[1] as { sentAt: number }).sentAt;
    expect(await sentAt('Asia/Shanghai')).toBe(at('2024-03-01T12:00:00Z'));
    expect(await sentAt('UTC')).toBe(at('2024-03-01T20:00:00Z'));
    const both = await readAll(mt, f('memotrace-bom-group-and-system.csv'), { timeZone: 'UTC' });
    expect((both[2] as { sentAt: number }).sentAt).toBe(at('2024-03-01T12:05:00Z'));
  });

  describe('system lines', () => {
    it.each([
      ['"王芳"邀请"李强"加入了群聊', { event: 'join', members: [] }],
      ['“王芳”邀请“李强”、“张伟”加入了群聊', { event: 'join', members: [] }],
      ['"李四"邀请你加入了群聊', { event: 'join', members: [SELF] }],
      ['你邀请"李强"加入了群聊', { event: 'join', members: [], actor: SELF }],
      ['"王五"通过扫描"王芳"分享的二维码加入群聊', { event: 'join', members: [] }],
      ['你通过扫描二维码加入群聊', { event: 'join', members: [SELF] }],
      ['你被"王芳"移出群聊', { event: 'leave', members: [SELF] }],
      ['"李强"退出了群聊', { event: 'leave', members: [] }],
      ['你撤回了一条消息', { event: 'recall', members: [], actor: SELF }],
      ['<sysmsg type="revokemsg"><revokemsg><session>1@chatroom</session><replacemsg><![CDATA["张三" 撤回了一条消息]]></replacemsg></revokemsg></sysmsg>', { event: 'recall', members: [], detail: '"张三" 撤回了一条消息' }],
    ])('%s', (line, expected) => {
      expect(wechatSystemEvent(line)).toMatchObject(expected);
      expect(wechatSystemEvent(line)?.members).toEqual(expected.members);
    });

    it('leaves other notices alone', () => {
      expect(wechatSystemEvent('以下为新消息')).toBeNull();
      expect(wechatSystemEvent('你已添加了陈晨，现在可以开始聊天了。')).toBeNull();
    });
  });

  describe('errors name the file and the line', () => {
    it('a row with the wrong number of columns', async () => {
      const e = await importError(mt, f('memotrace-bad-column-count.csv'));
      expect([e.file, e.reason, e.position]).toEqual(['memotrace-bad-column-count.csv', 'malformed', { line: 3 }]);
    });

    it('an impossible time', async () => {
      const e = await importError(mt, f('memotrace-bad-date.csv'));
      expect([e.file, e.reason, e.position]).toEqual(['memotrace-bad-date.csv', 'bad-date', { line: 3 }]);
    });

    it('a file cut off inside a quoted field is truncated, at the line its record starts', async () => {
      const e = await importError(mt, f('memotrace-truncated-quote.csv'));
      expect([e.file, e.reason, e.position]).toEqual(['memotrace-truncated-quote.csv', 'truncated', { line: 3 }]);
    });

    it('a field over 8 MB', async () => {
      const file = memotraceFile('huge-field.csv', [`1,${G},1,0,0,1709294400,2,正常,2024-03-01 20:00:00,,李强,wxid_liqiang01`, `2,${G},1,0,0,1709294460,2,"${'长'.repeat(3 * 1024 * 1024)}",2024-03-01 20:01:00,,李强,wxid_liqiang01`]);
      const e = await importError(mt, file);
      expect([e.file, e.reason, e.position]).toEqual(['huge-field.csv', 'too-large', { line: 3 }]);
    });

    it('a CSV that is not a MemoTrace export', async () => {
      const file = t.write('other.csv', 'localId,StrContent\n1,你好\n');
      const e = await importError(mt, file);
      expect([e.file, e.reason, e.position]).toEqual(['other.csv', 'malformed', { line: 1 }]);
      expect(e.message).toContain('TalkerId');
    });

    it('a cancelled read stops with reason cancelled', async () => {
      const e = await cancelledError(mt, f('memotrace-bom-group-and-system.csv'));
      expect([e.file, e.reason]).toEqual(['memotrace-bom-group-and-system.csv', 'cancelled']);
    });
  });

  it('detects MemoTrace files by their header and nothing else', () => {
    const own = fs.readdirSync(path.join(FIXTURES, 'wechat')).filter((n) => n.startsWith('memotrace-'));
    for (const name of own) expect(mt.detect(probeFile(f(name))), name).toBeGreaterThanOrEqual(0.9);
    const others = [
      f('weflow-group.json'),
      path.join(FIXTURES, 'chatlab', 'group.json'),
      path.join(FIXTURES, 'chatlab', 'group.jsonl'),
      path.join(FIXTURES, 'generic', 'mapped-chinese-headers.csv'),
      path.join(FIXTURES, 'telegram', 'single-chat-current-entities-service.json'),
    ];
    for (const file of others) expect(mt.detect(probeFile(file)), file).toBe(0);
    // The other importers leave MemoTrace files alone (the generic CSV one only bids its 0.1).
    const p = probeFile(f('memotrace-bom-group-and-system.csv'));
    for (const other of [weflowJsonImporter, chatlabJsonImporter, chatlabJsonlImporter, genericXlsxImporter, telegramJsonImporter]) expect(other.detect(p), other.format).toBe(0);
    expect(genericCsvImporter.detect(p)).toBe(0.1);
  });

  it('streams 200,000 rows with flat memory', async () => {
    const N = 200_000;
    const file = writeChunked(path.join(t.dir, 'big.csv'), {
      head: `\uFEFF${HEADER}\r\n`,
      count: N,
      row: (i) => `${i + 1},${G},1,0,${i % 7 === 0 ? 1 : 0},${1709294400 + i},2,"第${i}条：社群运营的经验分享, 与讨论",2024-03-01 20:00:00,,成员${i % 300},wxid_member${i % 300}\r\n`,
    });
    const { messages: n, peak } = await streamMemory(mt, file, { timeZone: 'UTC' }, { every: 20_000 });
    expect(n).toBe(N);
    expect(peak).toBeLessThan(100 * 1024 * 1024);
  });
});
