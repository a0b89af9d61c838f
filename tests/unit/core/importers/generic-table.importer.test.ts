import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  genericCsvImporter as csv,
  genericXlsxImporter as xlsx,
  guessColumnMap,
  parseTableTime,
  previewTable,
} from '../../../../electron/core/importers/generic-table.importer';
import { memotraceCsvImporter } from '../../../../electron/core/importers/memotrace-csv.importer';
import { weflowJsonImporter } from '../../../../electron/core/importers/weflow-json.importer';
import { chatlabJsonImporter, chatlabJsonlImporter } from '../../../../electron/core/importers/chatlab.importer';
import { telegramJsonImporter } from '../../../../electron/core/importers/telegram-json.importer';
import { ContentKeys } from '../../../../electron/core/importers/source-key';
import { decodeHead, isUtf8 } from '../../../../electron/core/importers/text-input';
import type { ColumnMap, ImportItem, ImportPerson, Probe, ReadOptions } from '../../../../electron/core/importers/types';
import { FIXTURES, cancelledError, importError, probeFile, readAll, streamMemory, tempFolder, writeChunked } from '../../../helpers/importers';

const f = (name: string) => path.join(FIXTURES, 'generic', name);
const at = (iso: string) => Date.parse(iso);

const probeOf = (name: string, head: Buffer, zipEntries?: string[]): Probe => ({ name, head, text: head.length >= 4 && head.readUInt32LE(0) === 0x04034b50 ? '' : decodeHead(head), ...(zipEntries ? { zipEntries } : {}) });
const opts = (columnMap: ColumnMap, timeZone = 'Asia/Shanghai'): ReadOptions => ({ timeZone, columnMap });
const chat = (key: string): ImportItem => ({ type: 'chat', chat: { key, name: key, platform: 'other', kind: 'unknown' } });

/** Expected messages, keyed the way the importer keys rows without ids (in file order). */
function messages() {
  const keys = new ContentKeys();
  return (chatKey: string, iso: string, sender: ImportPerson, text: string) =>
    ({ type: 'message', chatKey, sourceKey: keys.key(chatKey, at(iso), sender.id, text), sentAt: at(iso), sender, kind: 'text', text }) as ImportItem;
}

const CN: ColumnMap = { time: '时间', senderName: '发送者', text: '内容' };
const XLSX_MAP: ColumnMap = { time: '发送时间', group: '群聊名称', senderName: '发送者昵称', senderId: '发送者QQ号', text: '消息内容' };

const t = tempFolder();
let workbook: string;
let badDateWorkbook: string;
beforeAll(async () => {
  // What an operator's own Excel log looks like: a real date cell, a serial number without a
  // date format, text dates, a unix time, rich text and a formula; a second sheet to ignore.
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('聊天记录');
  ws.addRow(['发送时间', '群聊名称', '发送者昵称', '发送者QQ号', '消息内容']);
  ws.addRow([new Date(Date.UTC(2024, 2, 1, 20, 0, 0)), '宝妈团购群', '小雨', 10001, '今晚八点开团']);
  ws.addRow([45352 + 1201 / 1440, '宝妈团购群', '阿梅', 10002, { richText: [{ text: '我要' }, { text: '两罐', font: { bold: true } }] }]);
  ws.addRow(['2024/3/1 20:02', '宝妈二群', '陈姐', null, { formula: '"公式"&"结果"', result: '公式结果' }]);
  ws.addRow([1709294580, '宝妈团购群', '小雨', 10001, 1234]);
  wb.addWorksheet('统计').addRow(['不应读取的第二张表']);
  workbook = path.join(t.dir, 'chat.xlsx');
  await wb.xlsx.writeFile(workbook);

  const bad = new ExcelJS.Workbook();
  const bs = bad.addWorksheet('Sheet1');
  bs.addRow(['时间', '发送者', '内容']);
  bs.addRow(['2024-03-01 20:00', '王芳', '正常']);
  bs.addRow(['上周五', '李强', '时间坏了']);
  badDateWorkbook = path.join(t.dir, 'bad-date.xlsx');
  await bad.xlsx.writeFile(badDateWorkbook);
});

describe('generic CSV', () => {
  it('reads a table with Chinese headers: group column, sender id column, local times, a multi-line cell', async () => {
    const m = messages();
    const G = '宝妈团购群';
    expect(await readAll(csv, f('mapped-chinese-headers.csv'), opts({ time: '时间', group: '群名', senderName: '发送者', senderId: '微信号', text: '内容' }), true)).toEqual([
      chat(G),
      { ...m(G, '2024-03-01T12:00:00Z', { id: 'wxid_xiaoyu01', name: '小雨' }, '今晚八点开团'), position: { line: 2 } },
      { ...m(G, '2024-03-01T12:01:00Z', { id: 'wxid_amei02', name: '阿梅' }, '收到'), position: { line: 3 } },
      { ...m(G, '2024-03-01T12:02:30Z', { id: 'wxid_xiaoyu01', name: '小雨' }, '第一款：奶粉\n第二款：纸尿裤'), position: { line: 4 } },
    ]);
  });

  it('reads a GBK file (what Excel on Chinese Windows saves); without a group column the chat is the file', async () => {
    expect(isUtf8(fs.readFileSync(f('gbk-encoded.csv')))).toBe(false);
    const m = messages();
    const C = 'gbk-encoded';
    expect(await readAll(csv, f('gbk-encoded.csv'), opts({ time: '时间', senderName: '昵称', text: '消息' }))).toEqual([
      chat(C),
      m(C, '2024-03-01T12:00:00Z', { id: '王芳', name: '王芳' }, '欢迎大家，今晚团购'),
      m(C, '2024-03-01T12:01:00Z', { id: '李强', name: '李强' }, '收到！'),
    ]);
  });

  it('reads UTF-16LE with a BOM, tab-separated (Excel "Unicode text")', async () => {
    const m = messages();
    const C = 'utf16le-bom-tab-separated';
    expect(await readAll(csv, f('utf16le-bom-tab-separated.csv'), opts(CN))).toEqual([
      chat(C),
      m(C, '2024-03-01T12:00:00Z', { id: '王芳', name: '王芳' }, '用制表符分隔'),
      m(C, '2024-03-01T12:01:00Z', { id: '李强', name: '李强' }, '含,逗号'),
    ]);
  });

  it('reads unix seconds and milliseconds told apart by size; an empty id falls back to the name', async () => {
    const m = messages();
    const C = 'unix-seconds';
    expect(await readAll(csv, f('unix-seconds.csv'), opts({ time: 'time', senderName: 'sender', senderId: 'user id', text: 'message' }))).toEqual([
      chat(C),
      m(C, '2024-03-01T12:00:00Z', { id: 'u1001', name: 'Lily' }, '早上好'),
      m(C, '2024-03-01T12:01:00.123Z', { id: 'u1002', name: 'Tom' }, 'Good morning'),
      m(C, '2024-03-01T12:02:00Z', { id: 'Lily', name: 'Lily' }, '没有 id 的一行'),
    ]);
  });

  it('makes one chat per distinct group value; YYYY/M/D H:mm times are local to the chosen zone', async () => {
    const m = messages();
    const BJ = '北京运营群';
    const SH = '上海运营群';
    expect(await readAll(csv, f('two-groups.csv'), opts({ time: '日期', group: '群', senderName: '发送者', text: '内容' }))).toEqual([
      chat(BJ),
      m(BJ, '2024-03-01T12:00:00Z', { id: '王芳', name: '王芳' }, '北京这边今晚开会'),
      chat(SH),
      m(SH, '2024-03-01T12:05:00Z', { id: '李强', name: '李强' }, '上海收到'),
      m(BJ, '2024-03-01T01:05:00Z', { id: '张伟', name: '张伟' }, '早上好'),
      m(SH, '2024-03-02T00:00:00Z', { id: '李强', name: '李强' }, '周末愉快'),
    ]);
    const utc = await readAll(csv, f('two-groups.csv'), opts({ time: '日期', group: '群', senderName: '发送者', text: '内容' }, 'UTC'));
    expect((utc[1] as { sentAt: number }).sentAt).toBe(at('2024-03-01T20:00:00Z'));
  });

  it('reads ISO times with an offset the same in any zone', async () => {
    const m = messages();
    const C = 'iso-with-offset';
    const expected = [
      chat(C),
      m(C, '2024-03-01T12:00:00Z', { id: 'Alice', name: 'Alice' }, 'UTC time'),
      m(C, '2024-03-01T12:00:00Z', { id: '王芳', name: '王芳' }, '东八区'),
      m(C, '2024-03-01T12:00:00.250Z', { id: 'Bob', name: 'Bob' }, 'New York'),
    ];
    const map: ColumnMap = { time: 'Time', senderName: 'From', text: 'Text' };
    expect(await readAll(csv, f('iso-with-offset.csv'), opts(map))).toEqual(expected);
    expect(await readAll(csv, f('iso-with-offset.csv'), opts(map, 'America/New_York'))).toEqual(expected);
  });

  describe('errors name the file and the line', () => {
    it('without a column mapping the read is refused as unsupported', async () => {
      const e = await importError(csv, f('two-groups.csv'));
      expect([e.file, e.reason]).toEqual(['two-groups.csv', 'unsupported']);
      expect(e.message).toMatch(/column mapping/);
    });

    it('a mapped column missing from the header', async () => {
      const e = await importError(csv, f('two-groups.csv'), opts({ time: '时间', senderName: '发送者', text: '内容' }));
      expect([e.file, e.reason, e.position]).toEqual(['two-groups.csv', 'malformed', { line: 1 }]);
      expect(e.message).toContain('时间');
    });

    it('an impossible date', async () => {
      const e = await importError(csv, f('bad-date.csv'), opts(CN));
      expect([e.file, e.reason, e.position]).toEqual(['bad-date.csv', 'bad-date', { line: 3 }]);
    });

    it('a row with more cells than the header', async () => {
      const e = await importError(csv, f('bad-column-count.csv'), opts(CN));
      expect([e.file, e.reason, e.position]).toEqual(['bad-column-count.csv', 'malformed', { line: 3 }]);
    });

    it('a file cut off inside a quoted cell', async () => {
      const e = await importError(csv, f('truncated-quote.csv'), opts(CN));
      expect([e.file, e.reason, e.position]).toEqual(['truncated-quote.csv', 'truncated', { line: 3 }]);
    });

    it('a cell over 8 MB', async () => {
      const file = t.write('huge.csv', `时间,发送者,内容\n2024-03-01 20:00,王芳,正常\n2024-03-01 20:01,李强,${'x'.repeat(9 * 1024 * 1024)}\n`);
      const e = await importError(csv, file, opts(CN));
      expect([e.file, e.reason, e.position]).toEqual(['huge.csv', 'too-large', { line: 3 }]);
    });

    it('a cancelled read', async () => {
      const e = await cancelledError(csv, f('two-groups.csv'), opts({ time: '日期', senderName: '发送者', text: '内容' }));
      expect([e.file, e.reason]).toEqual(['two-groups.csv', 'cancelled']);
    });
  });

  it('streams 200,000 rows with flat memory', async () => {
    const N = 200_000;
    const file = writeChunked(path.join(t.dir, 'big.csv'), {
      head: '时间,群,发送者,内容\n',
      count: N,
      row: (i) => `${1709294400 + i},运营${i % 5}群,成员${i % 300},"第${i}条：社群运营的经验分享, 与讨论"\n`,
    });
    const { messages: n, peak } = await streamMemory(csv, file, opts({ time: '时间', group: '群', senderName: '发送者', text: '内容' }, 'UTC'), { every: 20_000 });
    expect(n).toBe(N);
    expect(peak).toBeLessThan(100 * 1024 * 1024);
  });
});

describe('generic XLSX', () => {
  const map = XLSX_MAP;

  it('reads the first sheet: date cells and serial numbers as local wall-clock times, rich text, formulas, numbers', async () => {
    const m = messages();
    const A = '宝妈团购群';
    const B = '宝妈二群';
    expect(await readAll(xlsx, workbook, opts(map), true)).toEqual([
      chat(A),
      { ...m(A, '2024-03-01T12:00:00Z', { id: '10001', name: '小雨' }, '今晚八点开团'), position: { line: 2 } },
      { ...m(A, '2024-03-01T12:01:00Z', { id: '10002', name: '阿梅' }, '我要两罐'), position: { line: 3 } },
      chat(B),
      { ...m(B, '2024-03-01T12:02:00Z', { id: '陈姐', name: '陈姐' }, '公式结果'), position: { line: 4 } },
      { ...m(A, '2024-03-01T12:03:00Z', { id: '10001', name: '小雨' }, '1234'), position: { line: 5 } },
    ]);
  });

  it('date cells follow the chosen zone', async () => {
    const items = await readAll(xlsx, workbook, opts(map, 'UTC'));
    expect((items[1] as { sentAt: number }).sentAt).toBe(at('2024-03-01T20:00:00Z'));
    expect((items[2] as { sentAt: number }).sentAt).toBe(at('2024-03-01T20:01:00Z'));
  });

  it('an unreadable time names the row', async () => {
    const e = await importError(xlsx, badDateWorkbook, opts(CN));
    expect([e.file, e.reason, e.position]).toEqual(['bad-date.xlsx', 'bad-date', { line: 3 }]);
  });

  it('a truncated workbook', async () => {
    const file = path.join(t.dir, 'cut.xlsx');
    const bytes = fs.readFileSync(workbook);
    fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const e = await importError(xlsx, file, opts(map));
    expect([e.file, e.reason, e.position]).toEqual(['cut.xlsx', 'truncated', { offset: Math.floor(bytes.length / 2) }]);
  });

  it('a file that is not a workbook', async () => {
    const file = t.write('not-a-workbook.xlsx', '时间,发送者,内容\n');
    const e = await importError(xlsx, file, opts(CN));
    expect([e.file, e.reason, e.position]).toEqual(['not-a-workbook.xlsx', 'malformed', { offset: 0 }]);
  });

  it('a damaged entry names the entry, and does not leave the reader waiting', async () => {
    const bytes = Buffer.from(fs.readFileSync(workbook));
    const zip = await yauzl.openPromise(workbook, { lazyEntries: true, autoClose: false });
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== 'xl/worksheets/sheet1.xml') continue;
      const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
      for (let i = fileDataStart + 4; i < fileDataStart + entry.compressedSize - 4; i++) bytes[i] = bytes[i]! ^ 0x5a;
    }
    zip.close();
    const file = t.write('damaged.xlsx', bytes);
    const e = await importError(xlsx, file, opts(map));
    expect([e.file, e.reason, e.position]).toEqual(['damaged.xlsx', 'malformed', { entry: 'xl/worksheets/sheet1.xml' }]);
  });

  it('a cancelled read', async () => {
    const e = await cancelledError(xlsx, workbook, opts(map));
    expect([e.file, e.reason]).toEqual(['chat.xlsx', 'cancelled']);
  });

  it('streams 100,000 rows without keeping them', async () => {
    const file = path.join(t.dir, 'big.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
    const sheet = writer.addWorksheet('聊天');
    sheet.addRow(['时间', '群', '发送者', '内容']).commit();
    const N = 100_000;
    for (let i = 0; i < N; i++) sheet.addRow([new Date(Date.UTC(2024, 2, 1, 20, 0, i % 60)), `运营${i % 5}群`, `成员${i % 300}`, `第${i}条：社群运营的经验分享与讨论`]).commit();
    sheet.commit();
    await writer.commit();
    const { messages: n, peak } = await streamMemory(xlsx, file, opts({ time: '时间', group: '群', senderName: '发送者', text: '内容' }, 'UTC'), { every: 25_000 });
    expect(n).toBe(N);
    expect(peak).toBeLessThan(100 * 1024 * 1024);
  });

  it('without a column mapping the read is refused as unsupported', async () => {
    const e = await importError(xlsx, workbook);
    expect([e.file, e.reason]).toEqual(['chat.xlsx', 'unsupported']);
  });
});

describe('previewTable', () => {
  it('shows a CSV header, the first 20 rows and a guessed mapping', async () => {
    const file = path.join(t.dir, 'thirty.csv');
    const rows = Array.from({ length: 30 }, (_, i) => `2024-03-01 20:${String(i).padStart(2, '0')},北京运营群,成员${i},第${i}条`);
    fs.writeFileSync(file, ['时间,群名,昵称,内容', ...rows].join('\n'));
    const p = await previewTable({ path: file, name: 'thirty.csv' }, 'generic-csv');
    expect(p.headers).toEqual(['时间', '群名', '昵称', '内容']);
    expect(p.rows).toHaveLength(20);
    expect(p.rows[0]).toEqual(['2024-03-01 20:00', '北京运营群', '成员0', '第0条']);
    expect(p.guess).toEqual({ time: '时间', group: '群名', senderName: '昵称', text: '内容' });
  });

  it('shows an XLSX sheet as text: dates as wall-clock time, empty cells as empty strings', async () => {
    const p = await previewTable({ path: workbook, name: 'chat.xlsx' }, 'generic-xlsx');
    expect(p.headers).toEqual(['发送时间', '群聊名称', '发送者昵称', '发送者QQ号', '消息内容']);
    expect(p.rows).toEqual([
      ['2024-03-01 20:00:00', '宝妈团购群', '小雨', '10001', '今晚八点开团'],
      [String(45352 + 1201 / 1440), '宝妈团购群', '阿梅', '10002', '我要两罐'],
      ['2024/3/1 20:02', '宝妈二群', '陈姐', '', '公式结果'],
      ['1709294580', '宝妈团购群', '小雨', '10001', '1234'],
    ]);
    expect(p.guess).toEqual(XLSX_MAP);
  });
});

describe('guessColumnMap', () => {
  it.each([
    [['时间', '群名', '发送者', '微信号', '内容'], { time: '时间', group: '群名', senderName: '发送者', senderId: '微信号', text: '内容' }],
    [['日期', '群', '昵称', 'QQ号', '消息'], { time: '日期', group: '群', senderName: '昵称', senderId: 'QQ号', text: '消息' }],
    [['Time', 'Chat', 'From', 'User ID', 'Message'], { time: 'Time', group: 'Chat', senderName: 'From', senderId: 'User ID', text: 'Message' }],
    [['date', 'sender', 'content'], { time: 'date', senderName: 'sender', text: 'content' }],
    [['Group Name', 'Sent At', 'Sender Name', 'Sender_ID', 'Message Text'], { time: 'Sent At', group: 'Group Name', senderName: 'Sender Name', senderId: 'Sender_ID', text: 'Message Text' }],
    // the message's own id is not the sender's; a column that fits nothing stays unmapped
    [['消息ID', '发送时间', '发送者ID', '群昵称', '消息内容', '备注'], { time: '发送时间', senderId: '发送者ID', senderName: '群昵称', text: '消息内容' }],
    [['a', 'b'], {}],
  ])('%j', (headers, expected) => {
    expect(guessColumnMap(headers)).toEqual(expected);
  });
});

describe('parseTableTime', () => {
  const sh = 'Asia/Shanghai';
  it.each([
    ['2024-03-01 20:00', at('2024-03-01T12:00:00Z')],
    ['2024-03-01 20:00:05', at('2024-03-01T12:00:05Z')],
    ['2024/3/1 9:05:30', at('2024-03-01T01:05:30Z')],
    ['2024年3月1日 20:00', at('2024-03-01T12:00:00Z')],
    ['2024-03-01T20:00:00+0800', at('2024-03-01T12:00:00Z')],
    ['2024-03-01T12:00:00z', at('2024-03-01T12:00:00Z')],
    ['1709294400', at('2024-03-01T12:00:00Z')],
    ['1709294400123', at('2024-03-01T12:00:00.123Z')],
    [1709294400, at('2024-03-01T12:00:00Z')],
    ['2024-02-30 10:00', null],
    ['2024-03-01 24:00', null],
    ['昨天', null],
    ['', null],
    ['20240301', null],
  ])('%j', (input, expected) => {
    expect(parseTableTime(input, sh)).toBe(expected);
  });

  it('reads workbook dates and serial numbers as wall-clock time, and serials only from workbooks', () => {
    expect(parseTableTime(new Date(Date.UTC(2024, 2, 1, 20, 0, 0)), sh)).toBe(at('2024-03-01T12:00:00Z'));
    // ExcelJS's float error: 19:59:59.9996 is 20:00
    expect(parseTableTime(new Date(Date.UTC(2024, 2, 1, 19, 59, 59, 999.6)), sh)).toBe(at('2024-03-01T12:00:00Z'));
    expect(parseTableTime(45352.5, sh, { excelSerial: true })).toBe(at('2024-03-01T04:00:00Z'));
    expect(parseTableTime(45352.5, sh)).toBeNull();
    expect(parseTableTime('2024-07-01 12:00', 'America/New_York')).toBe(at('2024-07-01T16:00:00Z'));
  });
});

describe('generic detection', () => {
  it('bids low on any CSV with a header row and on workbooks, and stays out of other formats', () => {
    for (const name of ['mapped-chinese-headers.csv', 'gbk-encoded.csv', 'utf16le-bom-tab-separated.csv', 'two-groups.csv', 'unix-seconds.csv']) {
      expect(csv.detect(probeFile(f(name))), name).toBe(0.1);
      expect(xlsx.detect(probeFile(f(name))), name).toBe(0);
    }
    expect(csv.detect(probeOf('one-column.csv', Buffer.from('hello\nworld\n')))).toBe(0);
    expect(csv.detect(probeOf('empty.csv', Buffer.alloc(0)))).toBe(0);
    expect(csv.detect(probeFile(path.join(FIXTURES, 'chatlab', 'group.json')))).toBe(0);

    const zipHead = fs.readFileSync(workbook).subarray(0, 65536);
    expect(xlsx.detect(probeOf('chat.xlsx', zipHead))).toBe(0.1);
    expect(xlsx.detect(probeOf('export', zipHead, ['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']))).toBe(0.1);
    expect(xlsx.detect(probeOf('export.zip', zipHead, ['result.json']))).toBe(0);
    expect(xlsx.detect(probeOf('fake.xlsx', Buffer.from('时间,发送者\n')))).toBe(0);
    expect(csv.detect(probeOf('chat.xlsx', zipHead))).toBe(0);

    for (const name of ['mapped-chinese-headers.csv', 'two-groups.csv', 'gbk-encoded.csv'])
      for (const other of [memotraceCsvImporter, weflowJsonImporter, chatlabJsonImporter, chatlabJsonlImporter, telegramJsonImporter]) expect(other.detect(probeFile(f(name))), `${other.format} on ${name}`).toBe(0);
  });
});
