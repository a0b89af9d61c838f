import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { weflowJsonImporter as wf } from '../../../../electron/core/importers/weflow-json.importer';
import { memotraceCsvImporter } from '../../../../electron/core/importers/memotrace-csv.importer';
import { chatlabJsonImporter, chatlabJsonlImporter } from '../../../../electron/core/importers/chatlab.importer';
import { telegramJsonImporter } from '../../../../electron/core/importers/telegram-json.importer';
import { ContentKeys } from '../../../../electron/core/importers/source-key';
import { FIXTURES, cancelledError, importError, probeFile, probeOf, readAll, tempFolder } from '../../../helpers/importers';

const f = (name: string) => path.join(FIXTURES, 'wechat', name);
const at = (iso: string) => Date.parse(iso);

const t = tempFolder();

describe('WeFlow / EchoTrace JSON', () => {
  it('reads a group export: session name, Chinese type names, self, and system lines as events', async () => {
    const G = '38123456789@chatroom';
    const lq = { id: 'wxid_liqiang01', name: '李强' };
    const zl = { id: 'zhaolei_2024', name: '赵磊' };
    const minute = (n: number) => at('2024-03-01T12:00:00Z') + n * 60_000;
    expect(await readAll(wf, f('weflow-group.json'))).toEqual([
      { type: 'chat', chat: { key: G, name: '卖家群（华东）', platform: 'wechat', kind: 'group' } },
      { type: 'event', chatKey: G, sourceKey: '1', at: minute(0), event: 'join', members: [], detail: '"王芳"邀请"李强"加入了群聊' },
      { type: 'message', chatKey: G, sourceKey: '2', sentAt: minute(1), sender: lq, kind: 'text', text: '大家好，我是李强' },
      { type: 'message', chatKey: G, sourceKey: '3', sentAt: minute(2), sender: { id: 'wxid_wangfang88', name: '王芳' }, kind: 'image', text: '[图片]' },
      { type: 'message', chatKey: G, sourceKey: '4', sentAt: minute(3), sender: lq, kind: 'text', text: '同意，周三见' },
      { type: 'event', chatKey: G, sourceKey: '5', at: minute(4), event: 'recall', members: [], detail: '"李强" 撤回了一条消息' },
      { type: 'message', chatKey: G, sourceKey: '6', sentAt: minute(5), sender: zl, kind: 'sticker', text: '[动画表情]' },
      { type: 'message', chatKey: G, sourceKey: '7', sentAt: minute(6), sender: zl, kind: 'link', text: '[链接] 2024 跨境物流报告' },
      // sent "by" the group itself: a notice, not a member talking
      { type: 'message', chatKey: G, sourceKey: '8', sentAt: minute(7), sender: null, kind: 'system', text: '群公告已更新' },
    ]);
  });

  it('is lenient on missing fields: no localId (content keys), no type, isSend without a username, string and millisecond times, numeric types', async () => {
    const C = 'wxid_friend_chen';
    const chen = { id: C, name: '陈晨' };
    const keys = new ContentKeys();
    const t0 = at('2024-03-01T12:00:00Z');
    expect(await readAll(wf, f('weflow-lenient-missing-fields.json'))).toEqual([
      { type: 'chat', chat: { key: C, name: '陈晨', platform: 'wechat', kind: 'private' } },
      { type: 'message', chatKey: C, sourceKey: keys.key(C, t0, C, '在吗'), sentAt: t0, sender: chen, kind: 'text', text: '在吗' },
      { type: 'message', chatKey: C, sourceKey: keys.key(C, t0 + 60_000, 'self', '在的'), sentAt: t0 + 60_000, sender: { id: 'self', name: '我' }, kind: 'text', text: '在的' },
      { type: 'message', chatKey: C, sourceKey: keys.key(C, t0 + 120_000, C, '明天见'), sentAt: t0 + 120_000, sender: { id: C, name: C }, kind: 'text', text: '明天见' },
      { type: 'message', chatKey: C, sourceKey: keys.key(C, t0 + 180_000, C, ''), sentAt: t0 + 180_000, sender: chen, kind: 'image', text: '' },
    ]);
  });

  it('without a usable createTime, formattedTime is read as wall-clock time in the chosen zone', async () => {
    const file = t.write('formatted-time.json', JSON.stringify({ session: { wxid: '1@chatroom' }, messages: [{ localId: 1, formattedTime: '2024-03-01 20:00:00', senderUsername: 'wxid_liqiang01', content: '早' }] }));
    const sentAt = async (timeZone: string) => ((await readAll(wf, file, { timeZone }))[1] as { sentAt: number }).sentAt;
    expect(await sentAt('Asia/Shanghai')).toBe(at('2024-03-01T12:00:00Z'));
    expect(await sentAt('UTC')).toBe(at('2024-03-01T20:00:00Z'));
  });

  it('without a session the chat is named after the file', async () => {
    const file = t.write('导出的聊天.json', JSON.stringify({ messages: [{ localId: 1, createTime: 1709294400, senderUsername: 'wxid_liqiang01', senderDisplayName: '李强', content: '你好' }] }));
    const items = await readAll(wf, file);
    expect(items[0]).toEqual({ type: 'chat', chat: { key: '导出的聊天', name: '导出的聊天', platform: 'wechat', kind: 'unknown' } });
    expect(items).toHaveLength(2);
  });

  describe('errors name the file and the message index', () => {
    it('a truncated file', async () => {
      const e = await importError(wf, f('weflow-truncated.json'));
      expect([e.file, e.reason, e.position]).toEqual(['weflow-truncated.json', 'truncated', { index: 1 }]);
    });

    it('an unreadable createTime', async () => {
      const e = await importError(wf, f('weflow-bad-date.json'));
      expect([e.file, e.reason, e.position]).toEqual(['weflow-bad-date.json', 'bad-date', { index: 1 }]);
    });

    it('a message that is not an object', async () => {
      const file = t.write('not-object.json', JSON.stringify({ session: { wxid: '1@chatroom' }, messages: [{ createTime: 1709294400, senderUsername: 'a', content: 'x' }, '坏'] }));
      const e = await importError(wf, file);
      expect([e.file, e.reason, e.position]).toEqual(['not-object.json', 'malformed', { index: 1 }]);
    });

    it('a text over 8 MB', async () => {
      const file = t.write('huge.json', JSON.stringify({ session: { wxid: '1@chatroom' }, messages: [{ createTime: 1709294400, senderUsername: 'a', content: 'x'.repeat(9 * 1024 * 1024) }] }));
      const e = await importError(wf, file);
      expect([e.file, e.reason, e.position]).toEqual(['huge.json', 'too-large', { index: 0 }]);
    });

    it('a cancelled read', async () => {
      const e = await cancelledError(wf, f('weflow-group.json'));
      expect([e.file, e.reason]).toEqual(['weflow-group.json', 'cancelled']);
    });
  });

  it('detects WeFlow files, even when a big avatar pushes the messages out of the probe, and nothing else', () => {
    for (const name of ['weflow-group.json', 'weflow-lenient-missing-fields.json']) expect(wf.detect(probeFile(f(name))), name).toBeGreaterThanOrEqual(0.9);
    const bigAvatar = Buffer.from(`{"weflow": {"version": "1.3.2"}, "session": {"wxid": "1@chatroom", "avatar": "data:image/png;base64,${'A'.repeat(70_000)}"}, "messages": []}`);
    expect(wf.detect(probeOf('群.json', bigAvatar.subarray(0, 65536)))).toBeGreaterThanOrEqual(0.9);

    for (const file of [path.join(FIXTURES, 'chatlab', 'group.json'), path.join(FIXTURES, 'chatlab', 'group.jsonl'), f('memotrace-bom-group-and-system.csv'), path.join(FIXTURES, 'telegram', 'single-chat-current-entities-service.json')])
      expect(wf.detect(probeFile(file)), file).toBe(0);
    const p = probeFile(f('weflow-group.json'));
    for (const other of [memotraceCsvImporter, chatlabJsonImporter, chatlabJsonlImporter, telegramJsonImporter]) expect(other.detect(p), other.format).toBe(0);
  });
});
