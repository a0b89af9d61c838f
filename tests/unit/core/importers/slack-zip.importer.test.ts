import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_SLACK_ENTRY_BYTES, slackZipImporter as slack } from '../../../../electron/core/importers/slack-zip.importer';
import { listZipEntries } from '../../../../electron/core/importers/zip-input';
import { decodeHead } from '../../../../electron/core/importers/text-input';
import { ImportError, type ImportItem, type Probe } from '../../../../electron/core/importers/types';
import { FIXTURES, cancelledError, importError, readAll, readUntilAborted, tempFolder } from '../../../helpers/importers';
import { entriesFromFolder, writeZip, type ZipEntrySpec } from '../../../helpers/zip-writer';

const WORKSPACE = path.join(FIXTURES, 'slack', 'workspace');
const at = (ts: string) => Math.floor(Number(ts) * 1000);

const WANG = { id: 'U01WANG', name: '芳姐' };
const LI = { id: 'U02LI', name: '李强' };
const ZHANG = { id: 'U03ZHANG', name: 'zhangwei' };

const t = tempFolder();
let workspaceZip: string;
beforeAll(() => {
  workspaceZip = writeZip(path.join(t.dir, 'Qunzhu Slack export Mar 1 2024 - Mar 2 2024.zip'), entriesFromFolder(WORKSPACE));
});

/** The workspace with some files replaced or added. */
function variant(name: string, changes: Record<string, string | Buffer | null>, prefix = ''): string {
  const specs: ZipEntrySpec[] = entriesFromFolder(WORKSPACE, prefix).filter((s) => !(String(s.name).slice(prefix.length) in changes));
  for (const [entry, data] of Object.entries(changes)) if (data !== null) specs.push({ name: prefix + entry, data });
  return writeZip(path.join(t.dir, name), specs);
}

const general = (ts: string, rest: Record<string, unknown>): ImportItem => ({ type: 'message', chatKey: 'C01GENERAL', sourceKey: ts, sentAt: at(ts), kind: 'text', ...rest }) as ImportItem;
const chat = (key: string, name: string, kind: 'group' | 'private' = 'group'): ImportItem => ({ type: 'chat', chat: { key, name, platform: 'slack', kind } });

describe('Slack export zip', () => {
  it('reads every conversation: channels, private channels, group DMs and DMs, day files in date order', async () => {
    const items = await readAll(slack, workspaceZip);
    expect(items).toEqual([
      chat('C01GENERAL', '#general'),
      // joins are events; the inviter is the actor
      { type: 'event', chatKey: 'C01GENERAL', sourceKey: '1709251200.000100', at: at('1709251200.000100'), event: 'join', members: [ZHANG], actor: WANG, detail: '@zhangwei has joined the channel' },
      // mentions resolve to display names (or real names), stay as @name in the text
      general('1709251260.000200', { sender: WANG, text: '欢迎 @zhangwei！请先看置顶的群规，有问题找 @李强', mentions: [ZHANG, LI] }),
      // a thread reply points at its parent; the parent (thread_ts == ts) does not point at itself
      general('1709251320.000300', { sender: ZHANG, text: '谢谢芳姐', replyToKey: '1709251260.000200' }),
      general('1709251380.000400', { sender: { id: 'B01BOT', name: '日报机器人' }, text: '今日新增成员：1' }),
      general('1709251440.000500', { sender: LI, kind: 'image', text: '', attachments: [{ kind: 'image', ref: 'https://files.slack.com/files-pri/T1-F01/tuangou.png' }] }),
      general('1709251500.000600', {
        sender: LI,
        text: '报价单见附件',
        attachments: [
          { kind: 'file', ref: 'https://files.slack.com/files-pri/T1-F02/baojia.pdf' },
          { kind: 'video', ref: '样品.mp4' },
        ],
      }),
      // markup: escapes undone, links as their URL, channel links by name, @here kept
      general('1709337600.000100', { sender: WANG, text: '价格 < 100 & 包邮 > 满 99，详情 https://example.com/tuangou，去 #运营交流 讨论 @here' }),
      general('1709337660.000200', { sender: WANG, kind: 'system', text: '@芳姐 set the channel topic: 每周三开团', mentions: [WANG] }),
      { type: 'event', chatKey: 'C01GENERAL', sourceKey: '1709337720.000300', at: at('1709337720.000300'), event: 'rename', members: [], actor: WANG, detail: '宝妈团购' },
      { type: 'event', chatKey: 'C01GENERAL', sourceKey: '1709337780.000400', at: at('1709337780.000400'), event: 'leave', members: [ZHANG], detail: '@zhangwei has left the channel' },
      // someone missing from users.json is named from the message's own profile
      general('1709337840.000500', { sender: { id: 'U09GONE', name: '已离职的同事' }, text: '我已经不在 users.json 里了' }),
      chat('C02OPS', '#运营交流'),
      { type: 'message', chatKey: 'C02OPS', sourceKey: '1709258400.000100', sentAt: at('1709258400.000100'), sender: LI, kind: 'text', text: '本周运营数据已更新' },
      chat('G01ADMIN', '#管理员'),
      { type: 'message', chatKey: 'G01ADMIN', sourceKey: '1709262000.000100', sentAt: at('1709262000.000100'), sender: WANG, kind: 'text', text: '私密频道：下周活动预算' },
      chat('G02MPIM', '芳姐、李强、zhangwei'),
      { type: 'message', chatKey: 'G02MPIM', sourceKey: '1709265600.000100', sentAt: at('1709265600.000100'), sender: ZHANG, kind: 'text', text: '三人小群' },
      chat('D01DM', '芳姐、李强', 'private'),
      { type: 'message', chatKey: 'D01DM', sourceKey: '1709269200.000100', sentAt: at('1709269200.000100'), sender: LI, kind: 'text', text: '私聊：明天请假' },
    ]);
  });

  it('positions name the day file and the message index', async () => {
    const items = await readAll(slack, workspaceZip, {}, true);
    const reply = items.find((i) => i.type === 'message' && i.sourceKey === '1709251320.000300');
    expect(reply && reply.type === 'message' ? reply.position : null).toEqual({ entry: 'general/2024-03-01.json', index: 2 });
  });

  it('reads an export re-zipped inside a folder', async () => {
    const file = variant('nested.zip', {}, 'slack-export/');
    const items = await readAll(slack, file);
    expect(items).toEqual(await readAll(slack, workspaceZip));
  });

  it('keeps the microseconds of ts out of the time but in the key', async () => {
    const file = variant('ts.zip', { 'general/2024-03-01.json': JSON.stringify([{ ts: '1709251200.999999', user: 'U01WANG', text: '精确到微秒' }]), 'general/2024-03-02.json': null });
    const items = await readAll(slack, file);
    expect(items[1]).toMatchObject({ sourceKey: '1709251200.999999', sentAt: 1709251200999 });
  });
});

describe('Slack errors', () => {
  const err = async (file: string) => {
    const e = await importError(slack, file);
    return [e.file, e.reason, e.position];
  };

  it('a day file that is not JSON', async () => {
    expect(await err(variant('bad-json.zip', { 'general/2024-03-02.json': '[{"ts": "1709337600.000100", "text": "断了' }))).toEqual(['bad-json.zip', 'malformed', { entry: 'general/2024-03-02.json' }]);
  });

  it('a day file that is not an array', async () => {
    expect(await err(variant('not-array.zip', { 'general/2024-03-02.json': '{"messages": []}' }))).toEqual(['not-array.zip', 'malformed', { entry: 'general/2024-03-02.json' }]);
  });

  it('a message without ts', async () => {
    expect(await err(variant('no-ts.zip', { 'general/2024-03-02.json': '[{"ts": "1709337600.000100", "text": "好"}, {"user": "U01WANG", "text": "没有 ts"}]' }))).toEqual(['no-ts.zip', 'malformed', { entry: 'general/2024-03-02.json', index: 1 }]);
  });

  it('a conversation without an id', async () => {
    expect(await err(variant('no-id.zip', { 'channels.json': '[{"name": "general"}]' }))).toEqual(['no-id.zip', 'malformed', { entry: 'channels.json', index: 0 }]);
  });

  it('a zip without channels.json is not a Slack export', async () => {
    expect(await err(variant('no-channels.zip', { 'channels.json': null }))).toEqual(['no-channels.zip', 'unsupported', {}]);
  });

  it('a day file over 64 MB is too large', async () => {
    // Stored, not deflated: a repetitive file this big would (rightly) be refused as a zip bomb first.
    const big = Buffer.alloc(MAX_SLACK_ENTRY_BYTES + 1024, 0x20);
    big.write('[', 0);
    big.write(']', big.length - 1);
    const specs = [...entriesFromFolder(WORKSPACE).filter((s) => s.name !== 'general/2024-03-02.json'), { name: 'general/2024-03-02.json', data: big, method: 'store' as const }];
    expect(await err(writeZip(path.join(t.dir, 'huge-day.zip'), specs))).toEqual(['huge-day.zip', 'too-large', { entry: 'general/2024-03-02.json' }]);
  });

  it('hostile zips are refused before anything is read', async () => {
    expect(await err(variant('evil.zip', { '../../evil.json': '[]' }))).toEqual(['evil.zip', 'unsafe-archive', { entry: '../../evil.json' }]);
  });

  it('a file that is not a zip', async () => {
    const file = t.write('not.zip', '[]');
    expect(await err(file)).toEqual(['not.zip', 'malformed', {}]);
  });

  it('a cancelled read', async () => {
    const e = await cancelledError(slack, workspaceZip);
    expect([e.file, e.reason]).toEqual([path.basename(workspaceZip), 'cancelled']);
  });

  it('cancelling midway stops at the next entry', async () => {
    const { error } = await readUntilAborted(slack, workspaceZip, 2, { counting: 'chat' });
    expect(error).toBeInstanceOf(ImportError);
    const e = error as ImportError;
    expect([e.reason, e.position]).toEqual(['cancelled', { entry: '运营交流/2024-03-01.json' }]);
  });
});

describe('Slack detection', () => {
  const zipProbe = (zipEntries: string[]): Probe => ({ name: 'x.zip', head: Buffer.from('PK\x03\x04'), text: '', zipEntries });

  it('a zip with channels.json and users.json side by side', async () => {
    expect(slack.detect(zipProbe(await listZipEntries(workspaceZip, 'w.zip')))).toBeGreaterThanOrEqual(0.9);
    expect(slack.detect(zipProbe(['export/channels.json', 'export/users.json']))).toBeGreaterThanOrEqual(0.9);
    expect(slack.detect(zipProbe(['channels.json']))).toBe(0);
    expect(slack.detect(zipProbe(['a/channels.json', 'b/users.json']))).toBe(0);
    expect(slack.detect(zipProbe(['_chat.txt', '00000012-PHOTO.jpg']))).toBe(0);
  });

  it('never a text file, WhatsApp or QQ included', () => {
    for (const dir of ['whatsapp', 'qq']) {
      for (const name of fs.readdirSync(path.join(FIXTURES, dir))) {
        const file = path.join(FIXTURES, dir, name);
        if (fs.statSync(file).isDirectory()) continue;
        const head = fs.readFileSync(file);
        expect(slack.detect({ name, head, text: decodeHead(head) }), `${dir}/${name}`).toBe(0);
      }
    }
  });
});
