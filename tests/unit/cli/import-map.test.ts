import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run, UsageError } from '../../../electron/cli/main';
import { parseColumnMapOption } from '../../../electron/cli/import-command';
import { createCore } from '../../../electron/core/create-core';
import { headerSignature, rememberColumnMap } from '../../../electron/core/imports/column-maps.repo';
import { tmpDir } from '../../helpers/tmp';

const root = path.resolve(__dirname, '../../..');
const HEADER = '时间,群名,QQ号,昵称,内容';
const ROWS = ['2024-03-01 09:00:00,宝妈团购群,10001,王芳,大家好', '2024-03-01 09:01:00,宝妈团购群,10002,李强,收到', '2024-03-01 09:02:00,跨境电商群,10001,王芳,"你好,世界"'];

let t: ReturnType<typeof tmpDir>;
let db: string;
beforeEach(() => {
  t = tmpDir();
  db = path.join(t.dir, 'cli.db');
});
afterEach(() => t.cleanup());

const csv = (name: string, lines: string[]) => {
  const file = path.join(t.dir, name);
  fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return file;
};

/** Runs `qunzhu ARGS` in this process: the exit code and the JSON lines it printed. */
async function qunzhu(...args: string[]): Promise<{ code: number | 'serving'; lines: Record<string, unknown>[] }> {
  const printed: string[] = [];
  const code = await run(args, (s) => printed.push(s));
  return { code, lines: printed.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const error = (line: Record<string, unknown> | undefined) => (line?.errors as { reason: string; message: string }[])[0]!;

describe('qunzhu import --map', () => {
  it('maps header names: one group per group column value, senders by their id column', async () => {
    const file = csv('chat.csv', [HEADER, ...ROWS]);
    const r = await qunzhu('import', file, '--db', db, '--format', 'generic-csv', '--tz', 'Asia/Shanghai', '--map', 'time=时间,group=群名,senderId=QQ号,senderName=昵称,text=内容');
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([
      { file, format: 'generic-csv', status: 'done', chats: 2, messagesAdded: 3, duplicatesSkipped: 0, membersAdded: 2, systemEvents: 0, groupsCreated: 2, batchId: expect.any(Number) as number, errors: [] },
    ]);
    expect((await qunzhu('stats', '--db', db)).lines[0]).toMatchObject({ groups: 2, members: 2, messages: 3 });
  });

  it('maps 1-based column numbers, and the format is detected from a .csv name', async () => {
    const file = csv('导出.csv', [HEADER, ...ROWS]);
    // no group column: the file is one chat; no sender id column: the name is the id
    const r = await qunzhu('import', file, '--db', db, '--map', 'time=1,senderName=4,text=5');
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([expect.objectContaining({ format: 'generic-csv', status: 'done', chats: 1, messagesAdded: 3, duplicatesSkipped: 0, membersAdded: 2, groupsCreated: 1, errors: [] })]);
  });

  it('a header name wins over a column number written the same way', async () => {
    const file = csv('numbers.csv', ['1,2,3', '2024-03-01 09:00:00,王芳,大家好']);
    const r = await qunzhu('import', file, '--db', db, '--map', 'time=1,senderName=2,text=3');
    expect(r.lines[0]).toMatchObject({ status: 'done', messagesAdded: 1 });
  });

  it('without --map, the mapping remembered for the header applies; a --map that imported cleanly is remembered', async () => {
    const first = csv('first.csv', [HEADER, ...ROWS]);
    const core = createCore({ dbPath: db });
    try {
      // what the Imports page stores after a mapped import
      rememberColumnMap(core.workspaces.db, headerSignature('generic-csv', HEADER.split(',')), { time: '时间', group: '群名', senderId: 'QQ号', senderName: '昵称', text: '内容' }, Date.now());
    } finally {
      core.close();
    }
    const a = await qunzhu('import', first, '--db', db, '--format', 'generic-csv');
    expect(a.lines[0]).toMatchObject({ status: 'done', chats: 2, messagesAdded: 3, membersAdded: 2, groupsCreated: 2, errors: [] });

    // a different header, mapped once by number, then imported again without --map
    const other = ['发送时间,群聊,发送人,消息内容', '2024-03-02 10:00:00,新群,赵磊,第一条'];
    const b = await qunzhu('import', csv('other.csv', other), '--db', db, '--map', 'time=1,group=2,senderName=3,text=4');
    expect(b.lines[0]).toMatchObject({ status: 'done', messagesAdded: 1, groupsCreated: 1 });
    const c = await qunzhu('import', csv('other-later.csv', [...other, '2024-03-02 10:05:00,新群,赵磊,第二条']), '--db', db);
    expect(c.code).toBe(0);
    expect(c.lines[0]).toMatchObject({ status: 'done', messagesAdded: 1, duplicatesSkipped: 1, groupsCreated: 0, errors: [] });
  });

  it('without --map and nothing remembered, the file fails and says to pass --map', async () => {
    const r = await qunzhu('import', csv('chat.csv', [HEADER, ...ROWS]), '--db', db, '--format', 'generic-csv');
    expect(r.code).toBe(1);
    expect(r.lines[0]).toMatchObject({ status: 'failed', messagesAdded: 0, batchId: null });
    expect(error(r.lines[0])).toEqual({ reason: 'unsupported', message: expect.stringContaining('--map time=COL') as string });
  });

  it('a column the file does not have fails that file, naming the column in Chinese and English, and adds nothing', async () => {
    const file = csv('chat.csv', [HEADER, ...ROWS]);
    const byName = await qunzhu('import', file, '--db', db, '--map', 'time=时间,senderName=发送者,text=内容');
    expect(byName.code).toBe(1);
    expect(byName.lines[0]).toMatchObject({ status: 'failed', messagesAdded: 0 });
    expect(error(byName.lines[0])).toEqual({
      reason: 'malformed',
      message: 'chat.csv: --map senderName=发送者：表头中没有“发送者”列（现有列：时间, 群名, QQ号, 昵称, 内容） / --map senderName=发送者: no column "发送者" in the header row (columns: 时间, 群名, QQ号, 昵称, 内容)',
    });
    const byNumber = await qunzhu('import', file, '--db', db, '--map', 'time=1,senderName=4,text=9');
    expect(error(byNumber.lines[0]).message).toBe('chat.csv: --map text=9：没有第 9 列（文件共 5 列） / --map text=9: there is no column 9 (the file has 5)');
    const noHeader = await qunzhu('import', csv('blank-header.csv', ['时间,,内容', '2024-03-01 09:00:00,王芳,你好']), '--db', db, '--map', 'time=1,senderName=2,text=3');
    expect(error(noHeader.lines[0]).message).toContain('column 2 has no header');
    expect((await qunzhu('stats', '--db', db)).lines[0]).toMatchObject({ groups: 0, messages: 0 });
  });

  it('--map is ignored for formats that name their senders themselves', async () => {
    const telegram = path.join(root, 'tests/fixtures/imports/telegram/single-chat-current-entities-service.json');
    const r = await qunzhu('import', telegram, '--db', db, '--map', 'time=1,senderName=2,text=3');
    expect(r.lines[0]).toMatchObject({ format: 'telegram-json', status: 'done', messagesAdded: 4 });
  });
});

describe('--map usage errors', () => {
  const bad = async (map: string) => {
    const e = (await run(['import', path.join(t.dir, 'any.csv'), '--db', db, '--map', map], () => undefined).catch((x: unknown) => x)) as Error;
    expect(e).toBeInstanceOf(UsageError);
    return e.message.split('\n')[0];
  };

  it('names the unknown, repeated or missing field, in Chinese and English, before the database is created', async () => {
    expect(await bad('time=时间,sender=昵称,text=内容')).toBe('--map: 未知字段“sender”（可用字段：time, group, senderId, senderName, text） / unknown field "sender" (fields: time, group, senderId, senderName, text)');
    expect(await bad('time=时间,senderName=昵称,text=内容,time=1')).toBe('--map: 字段“time”出现了两次 / the field "time" is given twice');
    expect(await bad('time=时间,senderName=,text=内容')).toBe('--map: 字段“senderName”缺少列（写作 senderName=表头名称 或 senderName=列号） / the field "senderName" has no column (write senderName=HEADER or senderName=NUMBER)');
    expect(await bad('time=时间,group=群名')).toBe('--map: 缺少字段 senderName, text（必填：time, senderName, text） / missing senderName, text (required: time, senderName, text)');
    expect(await bad('')).toMatch(/^--map: 为空.* \/ is empty; expected time=COL,group=COL,senderId=COL,senderName=COL,text=COL$/);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('parses every field of the column map, trimming around names and columns', () => {
    expect(parseColumnMapOption(' time = 发送 时间 ,group=2, senderId=QQ号,senderName=昵称,text=内容,')).toEqual({ time: '发送 时间', group: '2', senderId: 'QQ号', senderName: '昵称', text: '内容' });
  });

  it('the command exits with 2 and prints the message', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'qunzhu.cjs'), 'import', 'x.csv', '--db', db, '--map', 'when=1,senderName=2,text=3'], {
      encoding: 'utf8',
      env: { ...process.env, QUNZHU_FROM_SOURCE: '1' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--map: 未知字段“when”');
    expect(r.stderr).toContain('unknown field "when"');
    expect(fs.existsSync(db)).toBe(false);
  });
});
