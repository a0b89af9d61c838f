import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chatNameFromFileName, whatsappTxtImporter as wa } from '../../../../electron/core/importers/whatsapp-txt.importer';
import type { MessageKind } from '../../../../shared/domain/enums';
import { ContentKeys } from '../../../../electron/core/importers/source-key';
import type { ImportAttachment, ImportChat, ImportItem, Probe } from '../../../../electron/core/importers/types';
import { FIXTURES, cancelledError, importError, probeFile, readAll, streamMemory, tempFolder, writeChunked, writeRepeated } from '../../../helpers/importers';
import { entriesFromFolder, writeZip } from '../../../helpers/zip-writer';

const f = (name: string) => path.join(FIXTURES, 'whatsapp', name);
/** A wall-clock time in Asia/Shanghai, the zone the tests read with. */
const sh = (local: string) => Date.parse(`${local}+08:00`);
const person = (name: string) => ({ id: name, name });

/** Expected items for one chat, keyed the way the importer keys lines without ids. */
function chatItems(key: string) {
  const keys = new ContentKeys();
  return {
    chat: (name: string, kind: ImportChat['kind']): ImportItem => ({ type: 'chat', chat: { key, name, platform: 'whatsapp', kind } }),
    msg: (time: string, sender: string | null, text: string, extra: { kind?: MessageKind; attachments?: ImportAttachment[] } = {}) =>
      ({
        type: 'message',
        chatKey: key,
        sourceKey: keys.key(key, sh(time), sender ?? '', text),
        sentAt: sh(time),
        sender: sender === null ? null : person(sender),
        kind: extra.kind ?? (sender === null ? 'system' : 'text'),
        text,
        ...(extra.attachments ? { attachments: extra.attachments } : {}),
      }) as ImportItem,
    /** `line` is the system text as written, which keys the event; `detail` differs only for renames. */
    event: (time: string, event: string, members: string[], line: string, actor?: string, detail = line) =>
      ({ type: 'event', chatKey: key, sourceKey: keys.key(key, sh(time), '', line), at: sh(time), event, members: members.map(person), ...(actor ? { actor: person(actor) } : {}), detail }) as ImportItem,
    recall: (time: string, sender: string, detail: string) =>
      ({ type: 'event', chatKey: key, sourceKey: keys.key(key, sh(time), sender, `recall:${detail}`), at: sh(time), event: 'recall', members: [person(sender)], detail }) as ImportItem,
  };
}

const t = tempFolder();
const write = t.write;

describe('WhatsApp line formats', () => {
  it('Android, 24 h, DD/MM/YYYY; three senders make a group', async () => {
    const c = chatItems('android-24h-dd-mm-yyyy');
    expect(await readAll(wa, f('android-24h-dd-mm-yyyy.txt'), { timeZone: 'Asia/Shanghai' }, true)).toEqual([
      c.chat('android-24h-dd-mm-yyyy', 'group'),
      { ...c.msg('2022-07-21T09:15:00', '王芳', '大家早上好，今天的团购链接晚点发'), position: { line: 1 } },
      { ...c.msg('2022-07-21T09:16:00', '李强', '收到'), position: { line: 2 } },
      { ...c.msg('2022-07-21T22:05:00', '张伟', '请问明天几点开团？'), position: { line: 3 } },
    ]);
  });

  it('iOS, brackets with seconds; an ambiguous 03/08 is read day-first; two senders stay unknown', async () => {
    const c = chatItems('ios-brackets-seconds');
    expect(await readAll(wa, f('ios-brackets-seconds.txt'))).toEqual([
      c.chat('ios-brackets-seconds', 'unknown'),
      c.msg('2023-08-03T20:15:03', '王芳', '今晚八点直播讲社群运营'),
      c.msg('2023-08-03T20:15:47', '李强', '好的，准时到'),
    ]);
  });

  it('Chinese 12 h clock: 上午12:05 is 00:05, 下午12:30 is 12:30, 下午10:15 is 22:15; 凌晨, 中午, 晚上 too', async () => {
    const c = chatItems('chinese-xiawu-12h');
    expect(await readAll(wa, f('chinese-xiawu-12h.txt'))).toEqual([
      c.chat('chinese-xiawu-12h', 'unknown'),
      c.msg('2022-07-21T00:05:00', '王芳', '这么晚还没睡？'),
      c.msg('2022-07-21T09:30:00', '李强', '早'),
      c.msg('2022-07-21T12:30:00', '王芳', '午饭时间到'),
      c.msg('2022-07-21T22:15:00', '李强', '晚安'),
      c.msg('2022-07-22T01:10:00', '王芳', '失眠了'),
      c.msg('2022-07-22T12:10:00', '李强', '吃了吗'),
      c.msg('2022-07-22T13:20:00', '王芳', '刚吃完'),
      c.msg('2022-07-22T20:00:00', '李强', '开团啦'),
    ]);
  });

  it('US phones: month first (a second field over 12 decides it), AM/PM, a.m. and "p. m."', async () => {
    const c = chatItems('us-month-first-am-pm');
    expect(await readAll(wa, f('us-month-first-am-pm.txt'))).toEqual([
      c.chat('us-month-first-am-pm', 'unknown'),
      c.msg('2022-07-21T22:15:00', '王芳', '明天见'),
      c.msg('2022-07-22T00:05:00', '李强', '还在吗'),
      c.msg('2022-07-22T12:30:00', '王芳', '午饭吃了吗'),
      c.msg('2022-08-01T09:00:00', '李强', '早上好'),
      c.msg('2022-08-01T21:05:00', '王芳', '晚上好'),
    ]);
  });

  it('dotted dates with 2-digit years, and dashed dates without a comma', async () => {
    const c = chatItems('dots-2digit-year');
    expect(await readAll(wa, f('dots-2digit-year.txt'))).toEqual([
      c.chat('dots-2digit-year', 'unknown'),
      c.msg('2022-07-21T22:15:00', '王芳', '德国手机导出的格式'),
      c.msg('2022-07-22T08:00:00', '李强', '日期用点分隔，年份两位'),
    ]);
    const d = chatItems('dashes-no-comma');
    expect(await readAll(wa, f('dashes-no-comma.txt'))).toEqual([
      d.chat('dashes-no-comma', 'unknown'),
      d.msg('2022-07-21T22:15:00', '王芳', '荷兰手机导出的格式'),
      d.msg('2022-07-22T08:00:00', '李强', '日期用短横线，没有逗号'),
    ]);
  });

  it('U+200E and U+202F anywhere: stripped marks, narrow spaces before PM, phone-number senders, iOS notices from the chat itself', async () => {
    const c = chatItems('u200e-u202f');
    expect(await readAll(wa, f('u200e-u202f.txt'))).toEqual([
      c.chat('u200e-u202f', 'group'),
      c.msg('2022-07-21T22:15:03', '王芳', '你好'),
      c.msg('2022-07-21T22:16:00', '+86 138 0013 8000', '我是新来的'),
      c.msg('2022-07-21T22:17:00', '李强', '', { kind: 'image' }),
      c.event('2022-07-21T22:18:00', 'join', ['赵磊'], '王芳 added 赵磊', '王芳'),
      c.msg('2022-07-21T22:19:00', '王芳', '欢迎新人'),
    ]);
  });

  it('continuation lines join their message; system lines become events, system messages or nothing; out-of-order times stay in file order', async () => {
    const c = chatItems('continuation-and-system-lines');
    const items = await readAll(wa, f('continuation-and-system-lines.txt'), { timeZone: 'Asia/Shanghai' }, true);
    expect(items).toEqual([
      c.chat('continuation-and-system-lines', 'group'),
      // the encryption notice on line 1 is skipped
      { ...c.msg('2022-07-21T09:00:00', null, '王芳 created group "宝妈团购群"'), position: { line: 2 } },
      { ...c.event('2022-07-21T09:01:00', 'join', ['李强'], '王芳 added 李强', '王芳'), position: { line: 3 } },
      { ...c.event('2022-07-21T09:02:00', 'join', ['张伟'], "张伟 joined using this group's invite link"), position: { line: 4 } },
      { ...c.msg('2022-07-21T09:03:00', '王芳', '群规：\n1. 不发广告\n\n2. 不刷屏'), position: { line: 5 } },
      { ...c.event('2022-07-21T09:05:00', 'join', ['赵磊'], '赵磊 加入了群组'), position: { line: 10 } },
      { ...c.event('2022-07-21T09:06:00', 'leave', ['李强'], '李强 left'), position: { line: 11 } },
      { ...c.event('2022-07-21T09:07:00', 'leave', ['张伟'], '王芳 removed 张伟', '王芳'), position: { line: 12 } },
      // "You" is whoever exported the chat, whom the file never names: no actor
      { ...c.event('2022-07-21T09:08:00', 'join', ['孙丽', '周杰'], 'You added 孙丽 and 周杰'), position: { line: 13 } },
      { ...c.msg('2022-07-21T08:59:00', '李强', '手机时钟不准，这条比上一条早'), position: { line: 14 } },
      { ...c.event('2022-07-21T09:10:00', 'rename', [], '王芳 changed the subject from "宝妈团购群" to "宝妈团购二群"', '王芳', '宝妈团购二群'), position: { line: 15 } },
      { ...c.msg('2022-07-21T09:11:00', null, 'Your security code with 李强 changed. Tap to learn more.'), position: { line: 16 } },
    ]);
  });

  it('media placeholders in several languages become media kinds with empty text; captions and file names are kept', async () => {
    const c = chatItems('media-placeholders');
    const img = (ref: string): ImportAttachment[] => [{ kind: 'image', ref }];
    expect(await readAll(wa, f('media-placeholders.txt'))).toEqual([
      c.chat('media-placeholders', 'unknown'),
      c.msg('2022-07-21T10:00:00', '王芳', '', { kind: 'file' }),
      c.msg('2022-07-21T10:01:00', '李强', '', { kind: 'file' }),
      c.msg('2022-07-21T10:02:00', '王芳', '今天的团购清单', { kind: 'image', attachments: img('IMG-20220721-WA0001.jpg') }),
      c.msg('2022-07-21T10:03:00', '李强', '', { kind: 'image', attachments: img('00000012-PHOTO-2022-07-21-10-03-00.jpg') }),
      c.msg('2022-07-21T10:04:00', '王芳', '', { kind: 'image' }),
      c.msg('2022-07-21T10:05:00', '李强', '', { kind: 'video' }),
      c.msg('2022-07-21T10:06:00', '王芳', '', { kind: 'voice', attachments: [{ kind: 'voice', ref: 'PTT-20220721-WA0002.opus' }] }),
      c.msg('2022-07-21T10:07:00', '李强', '', { kind: 'sticker' }),
      c.msg('2022-07-21T10:08:00', '王芳', '', { kind: 'file', attachments: [{ kind: 'file', ref: '团购清单.pdf' }] }),
      c.recall('2022-07-21T10:09:00', '李强', 'This message was deleted'),
      c.msg('2022-07-21T10:10:00', '王芳', '', { kind: 'file' }),
      c.msg('2022-07-21T10:11:00', '李强', '', { kind: 'video', attachments: [{ kind: 'video', ref: '00000013-VIDEO-2022-07-21-10-11-00.mp4' }] }),
    ]);
  });

  it('names the chat from "WhatsApp Chat with X"; the key is still the file name', async () => {
    const c = chatItems('WhatsApp Chat with 王芳');
    expect(await readAll(wa, f('WhatsApp Chat with 王芳.txt'))).toEqual([
      c.chat('王芳', 'unknown'),
      c.msg('2022-07-21T09:15:00', '王芳', '你好，请问还有奶粉吗？'),
      c.msg('2022-07-21T09:16:00', '李强', '有的，明天发货'),
    ]);
    expect(chatNameFromFileName('WhatsApp Chat - 宝妈团购群')).toBe('宝妈团购群');
    expect(chatNameFromFileName('与王芳的 WhatsApp 聊天')).toBe('王芳');
    expect(chatNameFromFileName('WhatsApp Chat mit Li Qiang')).toBe('Li Qiang');
    expect(chatNameFromFileName('_chat')).toBeNull();
  });

  it('reads wall-clock times in the given zone', async () => {
    const items = await readAll(wa, f('ios-brackets-seconds.txt'), { timeZone: 'UTC' });
    expect((items[1] as { sentAt: number }).sentAt).toBe(Date.parse('2023-08-03T20:15:03Z'));
  });

  it('identical lines in the same minute stay two messages with different keys', async () => {
    const file = write('plus-one.txt', '21/07/2022, 09:15 - 王芳: +1\n21/07/2022, 09:15 - 王芳: +1\n');
    const items = await readAll(wa, file);
    const keys = items.flatMap((i) => (i.type === 'message' ? [i.sourceKey] : []));
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
  });
});

describe('WhatsApp zips', () => {
  it('reads _chat.txt from an iOS zip, names the chat from the zip, positions carry the entry', async () => {
    const file = writeZip(path.join(t.dir, 'WhatsApp Chat - 宝妈团购群.zip'), entriesFromFolder(f('chat-in-zip')));
    const c = chatItems('WhatsApp Chat - 宝妈团购群');
    expect(await readAll(wa, file, { timeZone: 'Asia/Shanghai' }, true)).toEqual([
      // the group's own notices ("created group") say it is a group, with only two people talking
      c.chat('宝妈团购群', 'group'),
      { ...c.msg('2022-07-21T09:00:05', null, '王芳 created group “宝妈团购群”'), position: { entry: '_chat.txt', line: 2 } },
      { ...c.msg('2022-07-21T09:01:00', '王芳', '欢迎大家'), position: { entry: '_chat.txt', line: 3 } },
      { ...c.msg('2022-07-21T09:02:00', '李强', '', { kind: 'image', attachments: [{ kind: 'image', ref: '00000012-PHOTO-2022-07-21-09-02-00.jpg' }] }), position: { entry: '_chat.txt', line: 4 } },
      { ...c.msg('2022-07-21T09:03:00', '李强', '这是今天的样品\n第二行说明'), position: { entry: '_chat.txt', line: 5 } },
    ]);
  });

  it('reads "WhatsApp Chat with X.txt" from an Android zip in a folder, named from the entry', async () => {
    const file = writeZip(path.join(t.dir, 'export.zip'), [
      { name: 'WhatsApp Chat with 王芳/IMG-20220721-WA0001.jpg', data: 'jpeg' },
      { name: 'WhatsApp Chat with 王芳/WhatsApp Chat with 王芳.txt', data: fs.readFileSync(f('WhatsApp Chat with 王芳.txt')) },
    ]);
    const items = await readAll(wa, file);
    expect(items[0]).toEqual({ type: 'chat', chat: { key: 'export', name: '王芳', platform: 'whatsapp', kind: 'unknown' } });
    expect(items.slice(1).map((i) => (i.type === 'message' ? i.text : ''))).toEqual(['你好，请问还有奶粉吗？', '有的，明天发货']);
  });

  it('a zip without chat text is unsupported; a bad date inside names the entry and line; hostile zips are refused', async () => {
    const none = writeZip(path.join(t.dir, 'photos.zip'), [
      { name: 'a.jpg', data: 'x' },
      { name: 'b.txt', data: 'x' },
      { name: 'c.txt', data: 'y' },
    ]);
    let e = await importError(wa, none);
    expect([e.file, e.reason, e.position]).toEqual(['photos.zip', 'unsupported', {}]);

    const bad = writeZip(path.join(t.dir, 'bad.zip'), [{ name: '_chat.txt', data: fs.readFileSync(f('bad-date-31-02.txt')) }]);
    e = await importError(wa, bad);
    expect([e.file, e.reason, e.position]).toEqual(['bad.zip', 'bad-date', { entry: '_chat.txt', line: 2 }]);

    const evil = writeZip(path.join(t.dir, 'evil.zip'), [
      { name: '_chat.txt', data: '21/07/2022, 09:15 - 王芳: hi\n' },
      { name: '../../evil.txt', data: 'x' },
    ]);
    e = await importError(wa, evil);
    expect([e.file, e.reason, e.position]).toEqual(['evil.zip', 'unsafe-archive', { entry: '../../evil.txt' }]);
  });
});

describe('WhatsApp errors', () => {
  it('an impossible date (31/02/2023) is bad-date with its line', async () => {
    const e = await importError(wa, f('bad-date-31-02.txt'));
    expect([e.file, e.reason, e.position]).toEqual(['bad-date-31-02.txt', 'bad-date', { line: 2 }]);
  });

  it('when both fields exceed 12 somewhere, day-first wins and the other line is the bad date', async () => {
    const file = write('conflict.txt', '21/07/2022, 09:15 - 王芳: 日在前\n07/21/2022, 09:16 - 李强: 月在前\n');
    const e = await importError(wa, file);
    expect([e.reason, e.position]).toEqual(['bad-date', { line: 2 }]);
  });

  it('an hour that a 12 h clock cannot show (13 PM) is a bad date', async () => {
    const file = write('13pm.txt', '7/21/22, 1:15 PM - 王芳: 好\n7/21/22, 13:15 PM - 李强: 坏\n');
    const e = await importError(wa, file);
    expect([e.reason, e.position]).toEqual(['bad-date', { line: 2 }]);
  });

  it('text before the first dated line is not a WhatsApp export', async () => {
    const e = await importError(wa, f('not-a-chat.txt'));
    expect([e.file, e.reason, e.position]).toEqual(['not-a-chat.txt', 'malformed', { line: 1 }]);
  });

  it('an empty file has no chat lines', async () => {
    const e = await importError(wa, write('empty.txt', ''));
    expect([e.file, e.reason]).toEqual(['empty.txt', 'unsupported']);
  });

  it('a missing file is an io ImportError', async () => {
    const e = await importError(wa, path.join(t.dir, 'missing.txt'));
    expect([e.file, e.reason]).toEqual(['missing.txt', 'io']);
  });

  it('a cancelled read', async () => {
    const e = await cancelledError(wa, f('android-24h-dd-mm-yyyy.txt'));
    expect([e.file, e.reason]).toEqual(['android-24h-dd-mm-yyyy.txt', 'cancelled']);
  });

  it('a single 100 MB line ends in too-large, not a crash', async () => {
    const file = writeRepeated(path.join(t.dir, 'huge-line.txt'), '21/07/2022, 09:15 - 王芳: 正常\n21/07/2022, 09:16 - 李强: ', 'x'.repeat(1024 * 1024), 100, '\n');
    const e = await importError(wa, file);
    expect([e.file, e.reason, e.position]).toEqual(['huge-line.txt', 'too-large', { line: 2 }]);
  });

  it('a message that never ends (millions of continuation lines) ends in too-large at its first line', async () => {
    const file = writeRepeated(path.join(t.dir, 'endless.txt'), '21/07/2022, 09:15 - 王芳: 开始\n', '没有日期的续行，一行又一行\n'.repeat(50_000), 20);
    const e = await importError(wa, file);
    expect([e.reason, e.position]).toEqual(['too-large', { line: 1 }]);
  });
});

describe('WhatsApp streaming', () => {
  it('reads 300,000 lines in two passes with flat memory, continuation lines included', async () => {
    const N = 100_000; // three lines each: the dated line and two continuation lines
    const file = writeChunked(path.join(t.dir, 'big.txt'), {
      count: N,
      row: (i) => `21/07/2022, ${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} - 成员${i % 300}: 第${i}条：社群运营经验分享\n第二行\n第三行\n`,
    });
    let progress = 0;
    const { messages: n, peak } = await streamMemory(wa, file, { timeZone: 'UTC', onBytes: (b) => (progress = b) }, {
      every: 10_000,
      onItem: (item, count) => {
        if (item.type === 'chat') expect(item.chat.kind).toBe('group');
        if (item.type === 'message' && count === 1) expect(item.text).toBe('第0条：社群运营经验分享\n第二行\n第三行');
      },
    });
    expect(n).toBe(N);
    expect(peak).toBeLessThan(100 * 1024 * 1024);
    // two passes share one progress bar
    expect(progress).toBe(fs.statSync(file).size);
    // No timing is asserted; the generous limit only keeps a busy machine from failing it.
  }, 180_000);
});

describe('WhatsApp detection', () => {
  it('recognises every line-format fixture, not text that merely starts elsewhere', () => {
    for (const name of fs.readdirSync(f('.'))) {
      if (!name.endsWith('.txt')) continue;
      const score = wa.detect(probeFile(f(name)));
      if (name === 'not-a-chat.txt') expect(score, name).toBe(0);
      else expect(score, name).toBeGreaterThanOrEqual(0.7);
    }
  });

  it('recognises zips by _chat.txt or a "WhatsApp Chat with" text', () => {
    const zip: Probe = { name: 'x.zip', head: Buffer.from('PK\x03\x04'), text: '' };
    expect(wa.detect({ ...zip, zipEntries: ['_chat.txt', '00000012-PHOTO.jpg'] })).toBeGreaterThanOrEqual(0.9);
    expect(wa.detect({ ...zip, zipEntries: ['WhatsApp Chat with 王芳.txt', 'IMG-1.jpg'] })).toBeGreaterThanOrEqual(0.9);
    expect(wa.detect({ ...zip, zipEntries: ['channels.json', 'users.json', 'general/2024-03-01.json'] })).toBe(0);
    expect(wa.detect({ ...zip, zipEntries: ['notes.txt'] })).toBe(0);
  });

  it('does not claim other formats', () => {
    for (const dir of ['qq', 'telegram', 'discord', 'qce', 'wechat', 'chatlab', 'generic']) {
      const folder = path.join(FIXTURES, dir);
      if (!fs.existsSync(folder)) continue;
      for (const name of fs.readdirSync(folder)) {
        const file = path.join(folder, name);
        if (fs.statSync(file).isDirectory()) continue;
        expect(wa.detect(probeFile(file)), `${dir}/${name}`).toBe(0);
      }
    }
  });
});
