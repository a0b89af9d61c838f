import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../electron/core/db/migrate';
import { migrations } from '../../../../../electron/core/db/migrations';
import { emptyDbPerTest } from '../../../../helpers/tmp';

const old = emptyDbPerTest();

describe('migration 0003 (inbox)', () => {
  it('indexes the messages a version-2 database already holds and flags their questions', () => {
    migrate(old.db, { list: migrations.slice(0, 2) });
    old.db.exec(`
      INSERT INTO groups (id, platform, name, group_type, created_at, updated_at) VALUES (1, 'qq', '老群', 'C', 0, 0);
      INSERT INTO messages (id, group_id, sent_at, kind, text, source_key) VALUES
        (1, 1, 1700000000000, 'text', '以前的社群消息', 'a'),
        (2, 1, 1700000001000, 'text', '这个怎么报名？', 'b'),
        (3, 1, 1700000002000, 'image', '', 'c');
    `);
    const r = migrate(old.db);
    expect(r.from).toBe(2);
    expect(r.backup).not.toBeNull();
    const ids = (q: string) => (old.db.prepare(`SELECT rowid & 2147483647 AS id FROM message_search WHERE message_search MATCH ? ORDER BY rowid DESC`).all(q) as { id: number }[]).map((x) => x.id);
    expect(ids('"社群"')).toEqual([1]);
    expect(ids('"报名"')).toEqual([2]);
    expect(old.db.prepare('SELECT id, flags FROM messages ORDER BY id').all()).toEqual([
      { id: 1, flags: 0 },
      { id: 2, flags: 8 },
      { id: 3, flags: 0 },
    ]);
    expect(old.db.prepare('SELECT unread_count, pinned FROM groups').get()).toEqual({ unread_count: 0, pinned: 0 });
    old.db.exec(`INSERT INTO message_search (message_search) VALUES ('integrity-check')`);
  });
});
