import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../electron/core/db/migrate';
import { migrations } from '../../../../../electron/core/db/migrations';
import { SEARCH_AUTOMERGE } from '../../../../../electron/core/db/migrations/0010-search-automerge';
import { emptyDbPerTest } from '../../../../helpers/tmp';

const old = emptyDbPerTest();

describe('migration 0010 (search automerge)', () => {
  it('stores the merge setting in the search index of an existing workspace, and search still finds old and new messages', () => {
    migrate(old.db, { list: migrations.slice(0, 9) });
    const automerge = () => old.db.prepare("SELECT v FROM message_search_config WHERE k = 'automerge'").pluck().get();
    expect(automerge()).toBeUndefined(); // FTS5's default (4) is not stored
    old.db.exec(`
      INSERT INTO groups (id, platform, name, group_type, created_at, updated_at) VALUES (1, 'qq', '老群', 'C', 0, 0);
      INSERT INTO messages (id, group_id, sent_at, kind, text, source_key) VALUES (1, 1, 1700000000000, 'text', '以前的社群消息', 'a');
    `);
    migrate(old.db);
    expect(automerge()).toBe(SEARCH_AUTOMERGE);
    old.db.exec("INSERT INTO messages (id, group_id, sent_at, kind, text, source_key) VALUES (2, 1, 1700000001000, 'text', '新的社群消息', 'b')");
    const hits = old.db.prepare("SELECT rowid & 2147483647 FROM message_search WHERE message_search MATCH '\"社群\"' ORDER BY rowid DESC").pluck().all();
    expect(hits).toEqual([2, 1]);
  });
});
