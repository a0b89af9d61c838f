import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MessageKind } from '../../../../shared/domain/enums';
import { qqTxtImporter as qq } from '../../../../electron/core/importers/qq-txt.importer';
import { ContentKeys } from '../../../../electron/core/importers/source-key';
import type { ImportAttachment, ImportChat, ImportItem, ImportPerson, Probe } from '../../../../electron/core/importers/types';
import { FIXTURES, cancelledError, importError, probeFile, readAll, streamMemory, tempFolder, writeChunked, writeRepeated } from '../../../helpers/importers';

const f = (name: string) => path.join(FIXTURES, 'qq', name);
/** A wall-clock time in Asia/Shanghai, the zone the tests read with. */
const sh = (local: string) => Date.parse(`${local}+08:00`);

const WANG = { id: '10001', name: '王芳' };
const LI = { id: '10002', name: '李强' };
const ZHANG = { id: '10003', name: '张伟' };

/** Expected items, keyed the way the importer keys messages without ids (one key sequence per file). */
function expected() {
  const keys = new ContentKeys();
  return {
    chat: (key: string, kind: ImportChat['kind']): ImportItem => ({ type: 'chat', chat: { key, name: key, platform: 'qq', kind } }),
    msg: (chatKey: string, time: string, sender: ImportPerson, text: string, kind: MessageKind = 'text', attachments?: ImportAttachment['kind'][]) =>
      ({ type: 'message', chatKey, sourceKey: keys.key(chatKey, sh(time), sender.id, text), sentAt: sh(time), sender, kind, text: kind === 'text' ? text : '', ...(attachments ? { attachments: attachments.map((k) => ({ kind: k, ref: '' })) } : {}) }) as ImportItem,
    event: (chatKey: string, time: string, event: 'join' | 'leave' | 'recall' | 'notice', members: ImportPerson[], text: string) =>
      ({ type: 'event', chatKey, sourceKey: keys.key(chatKey, sh(time), '10000', text), at: sh(time), event, members, detail: text }) as ImportItem,
  };
}

const t = tempFolder();
const write = t.write;

describe('QQ message manager .txt', () => {
  const GROUP = '宝妈团购交流群';
  const basic = () => {
    const e = expected();
    return [
      e.chat(GROUP, 'group'),
      { ...e.msg(GROUP, '2019-08-12T08:43:38', WANG, '大家好，今天团购奶粉'), position: { line: 9 } },
      { ...e.msg(GROUP, '2019-08-12T08:44:02', LI, '收到\n几点开团？'), position: { line: 12 } },
      { ...e.msg(GROUP, '2019-08-12T10:05:10', WANG, '十点半'), position: { line: 16 } },
    ];
  };

  for (const name of ['utf8-bom-crlf.txt', 'utf8-no-bom-mixed-line-endings.txt', 'gbk.txt', 'utf16le.txt']) {
    it(`reads ${name} to the same items: header and blocks skipped, content until the next header, trailing blank lines dropped`, async () => {
      expect(await readAll(qq, f(name), { timeZone: 'Asia/Shanghai' }, true)).toEqual(basic());
    });
  }

  it('English-locale times with PM/AM and hours without a leading zero', async () => {
    const e = expected();
    const C = '跨境电商卖家群';
    expect(await readAll(qq, f('english-pm-unpadded-hours.txt'))).toEqual([
      e.chat(C, 'group'),
      e.msg(C, '2019-08-12T20:43:38', WANG, '晚上好'),
      e.msg(C, '2019-08-13T00:05:00', LI, '过了零点了'),
      e.msg(C, '2019-08-13T12:30:00', WANG, '中午十二点半'),
      e.msg(C, '2019-08-13T09:05:07', ZHANG, '早上九点'),
    ]);
  });

  it('the id in the last bracket is the identity: names change and may hold brackets; emails are ids too', async () => {
    const e = expected();
    const mail = 'liqiang@example.com';
    expect(await readAll(qq, f('email-sender-and-name-changes.txt'))).toEqual([
      e.chat(GROUP, 'group'),
      e.msg(GROUP, '2019-08-12T08:43:38', WANG, '我是王芳'),
      e.msg(GROUP, '2019-08-20T09:00:00', { id: '10001', name: '芳芳(团购负责人)' }, '改了群名片'),
      e.msg(GROUP, '2019-08-21T09:00:00', { id: '10001', name: '【管理员】芳姐' }, '又改了一次'),
      e.msg(GROUP, '2019-08-21T09:01:00', { id: mail, name: '李强' }, '我用邮箱登录的'),
      e.msg(GROUP, '2019-08-21T09:02:00', { id: mail, name: '强哥' }, '名字也改了'),
    ]);
  });

  it('one file, many chats: each 消息对象 starts a chat; folders with 群 are groups; blank lines inside a message stay', async () => {
    const e = expected();
    const C2 = '跨境电商卖家群';
    expect(await readAll(qq, f('many-chats-one-file.txt'))).toEqual([
      e.chat(GROUP, 'group'),
      e.msg(GROUP, '2019-08-12T08:43:38', WANG, '一群的消息'),
      e.chat(C2, 'group'),
      e.msg(C2, '2019-08-12T09:00:00', LI, '二群的消息\n\n第二段'),
      e.chat('张伟', 'unknown'),
      e.msg('张伟', '2019-08-12T09:30:00', ZHANG, '私聊的消息'),
      e.msg('张伟', '2019-08-12T09:31:00', WANG, '好的'),
    ]);
  });

  it('friend chats written without ids: the name stands in, and a dated line inside content is not a header', async () => {
    const e = expected();
    expect(await readAll(qq, f('friend-chat-names-without-ids.txt'))).toEqual([
      e.chat('张伟', 'unknown'),
      e.msg('张伟', '2013-01-23T18:25:35', { id: '张伟', name: '张伟' }, '在吗\n2013-01-23 18:25:35 这一行在消息里，不是新消息'),
      e.msg('张伟', '2013-01-23T18:26:01', { id: '王芳', name: '王芳' }, '在的'),
    ]);
  });

  it('系统消息(10000): joins, leaves and removals become events naming who by QQ number; recalls and other notices are system events too; [图片]/[表情] alone are media', async () => {
    const e = expected();
    expect(await readAll(qq, f('system-messages.txt'))).toEqual([
      e.chat(GROUP, 'group'),
      e.event(GROUP, '2019-08-12T08:00:00', 'join', [{ id: '10004', name: '赵磊' }], "'赵磊'(10004)加入本群。"),
      // Each token an attachment with no file behind it (the text export has none), so 有附件 finds them.
      e.msg(GROUP, '2019-08-12T08:01:00', WANG, '[图片]', 'image', ['image']),
      e.msg(GROUP, '2019-08-12T08:02:00', LI, '[表情]', 'sticker', ['sticker']),
      e.msg(GROUP, '2019-08-12T08:03:00', WANG, '看这个[图片]', 'text', ['image']),
      e.msg(GROUP, '2019-08-12T08:04:00', LI, '[图片][图片]', 'image', ['image', 'image']),
      e.event(GROUP, '2019-08-12T09:00:00', 'leave', [ZHANG], "'张伟'(10003)退出本群。"),
      e.event(GROUP, '2019-08-12T09:05:00', 'leave', [{ id: '10005', name: '孙丽' }], "'孙丽'(10005)被管理员移出本群。"),
      // A notice nobody sent is a system event, not a message.
      e.event(GROUP, '2019-08-12T09:10:00', 'notice', [], '管理员已开启全员禁言'),
      // a join that names nobody by number keeps only its text
      e.event(GROUP, '2019-08-12T09:20:00', 'join', [], '欢迎新人加入本群'),
    ]);
  });

  it('in a 24 h export, a name starting with "PM " stays a name', async () => {
    const file = write('pm-name.txt', '2019-08-12 20:43:38 PM 小王(10009)\n需求评审改到明天\n');
    const items = await readAll(qq, file);
    expect(items[1]).toMatchObject({ sentAt: sh('2019-08-12T20:43:38'), sender: { id: '10009', name: 'PM 小王' } });
  });

  it('a file of messages without the 消息对象 block is one chat named after the file', async () => {
    const file = write('导出的聊天.txt', '2019-08-12 8:43:38 王芳(10001)\r\n你好\r\n');
    const e = expected();
    expect(await readAll(qq, file)).toEqual([e.chat('导出的聊天', 'unknown'), e.msg('导出的聊天', '2019-08-12T08:43:38', WANG, '你好')]);
  });

  it('@名片 mentions resolve to senders already seen in that chat: longest name first, unknown names left as text', async () => {
    const e = expected();
    const C2 = '跨境电商卖家群';
    const FANGFANG = { id: '10006', name: '王芳芳' };
    const TOM_LEE = { id: '10007', name: 'Tom Lee' };
    const TOM = { id: '10008', name: 'Tom' };
    const FANGJIE = { id: '10001', name: '芳姐' };
    expect(await readAll(qq, f('mentions.txt'))).toEqual([
      e.chat(GROUP, 'group'),
      // 张伟 has not spoken yet: no identity is made up for the name
      e.msg(GROUP, '2019-08-12T09:00:00', WANG, '大家好 @张伟 在吗'),
      // "王芳 " fits; 王芳芳 would need "@王芳芳"
      { ...e.msg(GROUP, '2019-08-12T09:01:00', FANGFANG, '@王芳 几点开团？'), mentions: [WANG] },
      // 王芳 is a prefix of 王芳芳: the longer name wins; a name at the very end of the text counts
      { ...e.msg(GROUP, '2019-08-12T09:02:00', TOM_LEE, '@王芳芳，你也来吗？\n顺便问下@王芳'), mentions: [FANGFANG, WANG] },
      // names may hold spaces
      { ...e.msg(GROUP, '2019-08-12T09:03:00', TOM, '@Tom Lee see you'), mentions: [TOM_LEE] },
      // "@王芳芳芳" fits no known name (neither 王芳芳 nor 王芳 ends there); one person mentioned twice is listed once
      { ...e.msg(GROUP, '2019-08-12T09:04:00', LI, '@Tom: ok. @王芳芳芳 是谁？@王芳 @王芳'), mentions: [TOM, WANG] },
      e.msg(GROUP, '2019-08-12T09:05:00', ZHANG, '我来了'),
      // now 张伟 is known; an emoji after the name ends it
      { ...e.msg(GROUP, '2019-08-12T09:06:00', LI, '@张伟😀 欢迎'), mentions: [ZHANG] },
      e.msg(GROUP, '2019-08-12T09:07:00', FANGJIE, '改名了'),
      // the old and the new name are the same person, listed once under the name used first
      { ...e.msg(GROUP, '2019-08-12T09:08:00', LI, '@芳姐 @王芳 是同一个人'), mentions: [FANGJIE] },
      e.event(GROUP, '2019-08-12T09:09:00', 'notice', [], '管理员已开启全员禁言'),
      // the system sender is nobody to mention
      e.msg(GROUP, '2019-08-12T09:10:00', FANGFANG, '@系统消息 是什么'),
      e.chat(C2, 'group'),
      // names are per chat: 王芳 has not spoken in this one
      e.msg(C2, '2019-08-12T10:00:00', LI, '@王芳 你在这个群吗'),
    ]);
  });

  it('reads wall-clock times in the given zone', async () => {
    const items = await readAll(qq, f('utf8-bom-crlf.txt'), { timeZone: 'UTC' });
    expect((items[1] as { sentAt: number }).sentAt).toBe(Date.parse('2019-08-12T08:43:38Z'));
  });
});

describe('QQ errors', () => {
  it('an impossible date is bad-date with its line', async () => {
    const e = await importError(qq, f('bad-date.txt'));
    expect([e.file, e.reason, e.position]).toEqual(['bad-date.txt', 'bad-date', { line: 12 }]);
  });

  it('a text file with no QQ messages is unsupported', async () => {
    const e = await importError(qq, write('notes.txt', '今天的待办\n1. 发团购链接\n'));
    expect([e.file, e.reason]).toEqual(['notes.txt', 'unsupported']);
  });

  it('a missing file is an io ImportError', async () => {
    const e = await importError(qq, path.join(t.dir, 'missing.txt'));
    expect([e.file, e.reason]).toEqual(['missing.txt', 'io']);
  });

  it('a cancelled read', async () => {
    const e = await cancelledError(qq, f('utf8-bom-crlf.txt'));
    expect([e.file, e.reason]).toEqual(['utf8-bom-crlf.txt', 'cancelled']);
  });

  it('a single 100 MB line ends in too-large, not a crash', async () => {
    const file = writeRepeated(path.join(t.dir, 'huge-line.txt'), '2019-08-12 8:43:38 王芳(10001)\n', '长'.repeat(350_000), 100, '\n');
    const e = await importError(qq, file);
    expect([e.file, e.reason, e.position]).toEqual(['huge-line.txt', 'too-large', { line: 2 }]);
  });

  it('a message whose next header never comes (a damaged file) ends in too-large at the message', async () => {
    const file = writeRepeated(path.join(t.dir, 'endless.txt'), '2019-08-12 8:43:38 王芳(10001)\n', '没有消息头的续行，一行又一行\n'.repeat(50_000), 20);
    const e = await importError(qq, file);
    expect([e.reason, e.position]).toEqual(['too-large', { line: 1 }]);
  });
});

describe('QQ streaming', () => {
  it('reads a 300,000-line file with flat memory', async () => {
    const SEP = '='.repeat(64);
    const MESSAGES = 100_000; // three lines each: header, content, blank
    const file = writeChunked(path.join(t.dir, 'big.txt'), {
      head: `\ufeff消息记录（此消息记录为文本格式，不支持重新导入）\r\n\r\n${SEP}\r\n消息分组:我的QQ群\r\n${SEP}\r\n消息对象:大群\r\n${SEP}\r\n\r\n`,
      count: MESSAGES,
      row: (i) => {
        const s = i % 86_400;
        return `2019-08-12 ${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')} 成员${i % 500}(${20000 + (i % 500)})\r\n第${i}条：社群运营的经验分享与讨论\r\n\r\n`;
      },
    });
    const { messages: n, peak } = await streamMemory(qq, file, { timeZone: 'UTC' }, { every: 10_000 });
    expect(n).toBe(MESSAGES);
    expect(peak).toBeLessThan(100 * 1024 * 1024);
    // No timing is asserted; the generous limit only keeps a busy machine from failing it.
  }, 180_000);
});

describe('QQ detection', () => {

  it('recognises every fixture, whatever its encoding', () => {
    for (const name of fs.readdirSync(f('.'))) expect(qq.detect(probeFile(f(name))), name).toBeGreaterThanOrEqual(0.9);
  });

  it('recognises a bare message header line with a QQ number or email', () => {
    const text = '2019-08-12 8:43:38 王芳(10001)\n你好\n';
    expect(qq.detect({ name: 'x.txt', head: Buffer.from(text), text })).toBeGreaterThanOrEqual(0.7);
  });

  it('does not claim WhatsApp, Slack or the other formats', () => {
    for (const dir of ['whatsapp', 'telegram', 'discord', 'qce', 'wechat', 'chatlab', 'generic']) {
      const folder = path.join(FIXTURES, dir);
      if (!fs.existsSync(folder)) continue;
      for (const name of fs.readdirSync(folder)) {
        const file = path.join(folder, name);
        if (fs.statSync(file).isDirectory()) continue;
        expect(qq.detect(probeFile(file)), `${dir}/${name}`).toBe(0);
      }
    }
    const zip: Probe = { name: 'x.zip', head: Buffer.from('PK\x03\x04'), text: '', zipEntries: ['_chat.txt'] };
    expect(qq.detect(zip)).toBe(0);
  });
});
