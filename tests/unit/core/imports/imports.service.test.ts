import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../electron/core/db/open';
import { migrate } from '../../../../electron/core/db/migrate';
import { telegramJsonImporter as tg } from '../../../../electron/core/importers/telegram-json.importer';
import { qqTxtImporter } from '../../../../electron/core/importers/qq-txt.importer';
import { MESSAGE_FLAG } from '../../../../shared/domain/message';
import { qqGroupExport } from '../../../fixtures/generators/qq-group';
import { importFile, recoverInterruptedImports, undoBatch } from '../../../../electron/core/imports/imports.service';
import { FIXTURES } from '../../../helpers/importers';
import { SEARCH_KEY_SQL } from '../../../../electron/core/db/migrations/0003-inbox';
import { tmpDir } from '../../../helpers/tmp';

const fixture = (n: string) => path.join(FIXTURES, 'telegram', n);
const TABLES = ['groups', 'members', 'member_names', 'memberships', 'messages', 'message_mentions', 'member_events'];
const counts = (db: Db) => Object.fromEntries(TABLES.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));
const opts = { now: () => Date.parse('2026-11-23T00:00:00Z'), timeZone: 'Asia/Shanghai' };
const DAY = 86_400_000;

let t: ReturnType<typeof tmpDir>;
let db: Db;
beforeEach(() => {
  t = tmpDir();
  db = openDatabase(path.join(t.dir, 'w.db'));
  migrate(db);
});
afterEach(() => {
  db.close();
  t.cleanup();
});

/** A chat export with messages 1..n, the way a later re-export of the same chat looks. */
function exportWith(n: number, file = path.join(t.dir, `export-${n}.json`)): string {
  const messages = Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    type: 'message',
    date: '2024-03-01T10:00:00',
    date_unixtime: String(1709258400 + i * 60),
    from: i % 2 ? '李强' : '王芳',
    from_id: i % 2 ? 'user2' : 'user1',
    text: `第${i + 1}条`,
  }));
  fs.writeFileSync(file, JSON.stringify({ name: '增量群', type: 'private_supergroup', id: 77, messages }));
  return file;
}

describe('importFile', () => {
  it('creates the group from the chat, adds members by id and counts everything', async () => {
    const s = await importFile(db, tg, fixture('single-chat-current-entities-service.json'), opts);
    expect(s).toMatchObject({ status: 'done', chats: 1, messagesAdded: 4, duplicates: 0, groupsCreated: 1, events: 3 });
    const g = db.prepare('SELECT platform, external_id, name, message_count, member_count FROM groups').get();
    expect(g).toEqual({ platform: 'telegram', external_id: '1234567890', name: '北京运营交流群', message_count: 4, member_count: 4 });
    const batch = db.prepare('SELECT status, messages_added, format FROM import_batches').get();
    expect(batch).toEqual({ status: 'done', messages_added: 4, format: 'telegram-json' });
  });

  it('an overlapping later export adds only the new messages; the same file again adds nothing', async () => {
    const first = await importFile(db, tg, exportWith(10), opts);
    expect(first.messagesAdded).toBe(10);
    const later = await importFile(db, tg, exportWith(15), opts);
    expect(later).toMatchObject({ messagesAdded: 5, duplicates: 10, groupsCreated: 0 });
    const again = await importFile(db, tg, exportWith(15), opts);
    expect(again).toMatchObject({ messagesAdded: 0, duplicates: 15 });
    expect(db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 15 });
    expect(db.prepare('SELECT count(*) AS n FROM groups').get()).toEqual({ n: 1 });
  });

  it('skips private chats unless mapped, and maps a chat into an existing group when asked', async () => {
    const s = await importFile(db, tg, fixture('full-account-with-left-chats.json'), opts);
    expect(s).toMatchObject({ chats: 2, chatsSkipped: 1, messagesAdded: 2 });
    const db2 = openDatabase(path.join(t.dir, 'w2.db'));
    migrate(db2);
    try {
      db2.prepare("INSERT INTO groups (platform, name, group_type, created_at, updated_at) VALUES ('telegram', '我的群', 'C', 0, 0)").run();
      const mapped = await importFile(db2, tg, fixture('full-account-with-left-chats.json'), { ...opts, mapping: { '111': { groupId: 1 }, '333': 'skip' } });
      expect(mapped).toMatchObject({ chats: 1, chatsSkipped: 2, messagesAdded: 1, groupsCreated: 0 });
      expect(db2.prepare('SELECT group_id, text FROM messages').all()).toEqual([{ group_id: 1, text: '早报：物流涨价了' }]);
    } finally {
      db2.close();
    }
  });

  it('a broken file leaves the database exactly as it was, and says which file and where', async () => {
    await importFile(db, tg, exportWith(3), opts);
    const before = counts(db);
    const s = await importFile(db, tg, fixture('truncated.json'), opts);
    expect(s.status).toBe('failed');
    expect(s.error).toEqual({ reason: 'truncated', message: 'truncated.json (item 1): the file ends in the middle of the JSON (an incomplete export?)' });
    expect(counts(db)).toEqual(before);
    expect(db.prepare('SELECT status FROM import_batches ORDER BY id DESC LIMIT 1').get()).toEqual({ status: 'failed' });
  });

  it('a failure after several committed chunks still leaves nothing of the batch', async () => {
    const file = exportWith(50);
    const broken = path.join(t.dir, 'broken-late.json');
    fs.writeFileSync(broken, fs.readFileSync(file, 'utf8').replace('"第45条"', '"第45条", "date_unixtime": "x", "date": "2024-13-45T99:00:00"'));
    const before = counts(db);
    const s = await importFile(db, tg, broken, { ...opts, chunkSize: 10 });
    expect(s.status).toBe('failed');
    expect(s.error?.reason).toBe('bad-date');
    expect(counts(db)).toEqual(before);
  });

  it('cancel stops the import and removes what it wrote', async () => {
    const ac = new AbortController();
    const s = await importFile(db, tg, exportWith(100), { ...opts, chunkSize: 10, signal: ac.signal, onProgress: (p) => p.messages >= 20 && ac.abort() });
    expect(s.status).toBe('cancelled');
    expect(counts(db).messages).toBe(0);
    expect(counts(db).groups).toBe(0);
  });

  it('undo removes exactly what a batch added, leaving earlier batches alone', async () => {
    const first = await importFile(db, tg, exportWith(10), opts);
    const afterFirst = counts(db);
    const second = await importFile(db, tg, exportWith(15), opts);
    expect(undoBatch(db, second.batchId, opts.now())).toBe(true);
    expect(counts(db)).toEqual(afterFirst);
    expect(db.prepare('SELECT message_count FROM groups').get()).toEqual({ message_count: 10 });
    expect(undoBatch(db, second.batchId, opts.now())).toBe(false);
    expect(undoBatch(db, first.batchId, opts.now())).toBe(true);
    expect(counts(db)).toEqual(Object.fromEntries(TABLES.map((x) => [x, 0])));
  });

  it('a batch a crashed process left running is rolled back on the next open', async () => {
    await importFile(db, tg, exportWith(5), opts);
    const before = counts(db);
    // What a kill -9 mid-import leaves: a 'running' batch whose process is gone, and its rows.
    const dead = 2 ** 22 + 12345;
    db.prepare("INSERT INTO import_batches (id, file_name, file_path, file_size, format, status, started_at, owner_pid, heartbeat_at) VALUES (99, 'x.json', '/x.json', 1, 'telegram-json', 'running', 0, ?, ?)").run(dead, Date.now());
    db.prepare("INSERT INTO messages (group_id, sent_at, kind, text, source_key, import_batch_id) VALUES (1, 0, 'text', '半截', 'half-1', 99)").run();
    expect(recoverInterruptedImports(db, opts.now())).toEqual([99]);
    expect(counts(db)).toEqual(before);
    expect(db.prepare('SELECT status FROM import_batches WHERE id = 99').get()).toEqual({ status: 'failed' });
    // A batch of a live process (this one, writing right now) is left alone.
    db.prepare("INSERT INTO import_batches (id, file_name, file_path, file_size, format, status, started_at, owner_pid, heartbeat_at) VALUES (100, 'y.json', '/y.json', 1, 'telegram-json', 'running', 0, ?, ?)").run(process.pid, Date.now());
    expect(recoverInterruptedImports(db, opts.now())).toEqual([]);
  });

  it('a large file loads with message indexes deferred and ends with every index back', async () => {
    const s = await importFile(db, tg, exportWith(30), { ...opts, bulkThresholdBytes: 1 });
    expect(s.messagesAdded).toBe(30);
    const indexes = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('messages', 'message_mentions')").all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['messages_time', 'messages_group_time', 'messages_sender_time', 'message_mentions_member']));
  });
});

describe('the search index in a chunked import (#17 item 8)', () => {
  const trigger = () => db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'trigger' AND name = 'messages_search_insert'").pluck().get() as number;
  const indexed = () => db.prepare('SELECT count(*) FROM message_search').pluck().get() as number;
  /** Messages with text that have no search row under their key. */
  const missing = () => db.prepare(`SELECT count(*) FROM messages m WHERE m.text != '' AND NOT EXISTS (SELECT 1 FROM message_search s WHERE s.rowid = ${SEARCH_KEY_SQL('m')})`).pluck().get() as number;
  const mark = () => db.prepare("SELECT value FROM meta WHERE key = 'search_unindexed_after'").pluck().get() as string | undefined;

  it('is built once at the end, not row by row, and then finds every message; live writes after it are indexed again', async () => {
    await importFile(db, tg, exportWith(5), opts);
    expect(indexed()).toBe(5);
    const during: { trigger: number; indexed: number }[] = [];
    const s = await importFile(db, tg, exportWith(60), { ...opts, chunkSize: 10, onProgress: () => during.push({ trigger: trigger(), indexed: indexed() }) });
    expect(s.messagesAdded).toBe(55);
    // While it loads, committed chunks wait for the index (the per-row trigger made this path 2.7× slower).
    expect(during.length).toBeGreaterThan(2);
    expect(during.every((d) => d.trigger === 0 && d.indexed === 5)).toBe(true);
    expect(trigger()).toBe(1);
    expect(mark()).toBeUndefined();
    expect(indexed()).toBe(60);
    expect(missing()).toBe(0);
    db.prepare("INSERT INTO messages (group_id, sent_at, kind, text, source_key) VALUES (1, 1, 'text', '后来的消息', 'live-1')").run();
    expect(indexed()).toBe(61);
  });

  it('a failed or cancelled import leaves the index as it was, with the trigger back', async () => {
    await importFile(db, tg, exportWith(5), opts);
    const ac = new AbortController();
    const s = await importFile(db, tg, exportWith(100), { ...opts, chunkSize: 10, signal: ac.signal, onProgress: (p) => p.messages >= 30 && ac.abort() });
    expect(s.status).toBe('cancelled');
    expect(indexed()).toBe(5);
    expect(trigger()).toBe(1);
    expect(mark()).toBeUndefined();
    db.exec("INSERT INTO message_search (message_search, rank) VALUES ('integrity-check', 0)");
  });
});

describe('a realistic QQ group export (tests/fixtures/generators/qq-group.ts)', () => {
  it('stores what people said as messages and every 系统消息 line as a system event: joins, recalls, file notices', async () => {
    const qq = qqGroupExport({ end: opts.now() - DAY, senders: 40, messages: 500 });
    const file = path.join(t.dir, 'qq_group.txt');
    fs.writeFileSync(file, qq.text);
    const s = await importFile(db, qqTxtImporter, file, opts);
    expect(s).toMatchObject({ status: 'done', messagesAdded: qq.memberMessages, events: qq.joins + qq.recalls + qq.fileNotices, groupsCreated: 1 });
    expect(qq.recalls + qq.fileNotices).toBeGreaterThan(0);
    const kinds = db.prepare('SELECT kind, count(*) AS n FROM member_events GROUP BY kind ORDER BY kind').all();
    const want: [string, number][] = [['join', qq.joins], ['notice', qq.fileNotices], ['recall', qq.recalls]];
    expect(kinds).toEqual(want.filter(([, n]) => n > 0).map(([kind, n]) => ({ kind, n })));
    expect(db.prepare("SELECT count(*) FROM messages WHERE kind = 'system'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT message_count FROM groups').pluck().get()).toBe(qq.memberMessages);
    // Pictures and stickers are found by 有附件 (an attachment each, without a file behind it).
    expect(db.prepare(`SELECT count(*) FROM messages WHERE kind IN ('image', 'sticker') AND (flags & ${MESSAGE_FLAG.attachments}) != 0`).pluck().get()).toBe(qq.pictures + qq.stickers);
  });

  it('gives a new group the stage its last message says: 健康 when recent, 衰退 after two months, 休眠 when years old', async () => {
    const write = (name: string, end: number, group: string) => {
      const file = path.join(t.dir, name);
      fs.writeFileSync(file, qqGroupExport({ end, senders: 10, messages: 50, group }).text);
      return file;
    };
    await importFile(db, qqTxtImporter, write('recent.txt', opts.now() - 2 * DAY, '新群'), opts);
    await importFile(db, qqTxtImporter, write('quiet.txt', opts.now() - 60 * DAY, '变冷的群'), opts);
    await importFile(db, qqTxtImporter, write('old.txt', Date.parse('2016-05-01T10:00:00Z'), '十年前的群'), opts);
    const stages = Object.fromEntries((db.prepare('SELECT name, lifecycle_stage AS s FROM groups').all() as { name: string; s: string }[]).map((r) => [r.name, r.s]));
    expect(stages).toEqual({ 新群: 'healthy', 变冷的群: 'declining', 十年前的群: 'dormant' });
  });
});
