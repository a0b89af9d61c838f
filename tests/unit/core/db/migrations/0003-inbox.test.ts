import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../../electron/core/db/open';
import { migrate } from '../../../../../electron/core/db/migrate';
import { migrations } from '../../../../../electron/core/db/migrations';
import { tmpDir } from '../../../../helpers/tmp';

let t: ReturnType<typeof tmpDir>;
let db: Db;
beforeEach(() => {
  t = tmpDir();
  db = openDatabase(path.join(t.dir, 'old.db'));
});
afterEach(() => {
  db.close();
  t.cleanup();
});

describe('migration 0003 (inbox)', () => {
  it('indexes the messages a version-2 database already holds and flags their questions', () => {
    migrate(db, { list: migrations.slice(0, 2) });
    db.exec(`
      INSERT INTO groups (id, platform, name, group_type, created_at, updated_at) VALUES (1, 'qq', '老群', 'C', 0, 0);
      INSERT INTO messages (id, group_id, sent_at, kind, text, source_key) VALUES
        (1, 1, 1700000000000, 'text', '以前的社群消息', 'a'),
        (2, 1, 1700000001000, 'text', '这个怎么报名？', 'b'),
        (3, 1, 1700000002000, 'image', '', 'c');
    `);
    const r = migrate(db);
    expect(r.from).toBe(2);
    expect(r.backup).not.toBeNull();
    const ids = (q: string) => (db.prepare(`SELECT rowid & 2147483647 AS id FROM message_search WHERE message_search MATCH ? ORDER BY rowid DESC`).all(q) as { id: number }[]).map((x) => x.id);
    expect(ids('"社群"')).toEqual([1]);
    expect(ids('"报名"')).toEqual([2]);
    expect(db.prepare('SELECT id, flags FROM messages ORDER BY id').all()).toEqual([
      { id: 1, flags: 0 },
      { id: 2, flags: 8 },
      { id: 3, flags: 0 },
    ]);
    expect(db.prepare('SELECT unread_count, pinned FROM groups').get()).toEqual({ unread_count: 0, pinned: 0 });
    db.exec(`INSERT INTO message_search (message_search) VALUES ('integrity-check')`);
  });
});
