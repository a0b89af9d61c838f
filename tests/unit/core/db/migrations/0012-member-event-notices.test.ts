import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../electron/core/db/migrate';
import { migrations } from '../../../../../electron/core/db/migrations';
import { emptyDbPerTest } from '../../../../helpers/tmp';

const old = emptyDbPerTest();

describe('migration 0012 (member event notices)', () => {
  it('keeps every event with its id, takes notices from then on, and still refuses an unknown kind', () => {
    migrate(old.db, { list: migrations.slice(0, 11) });
    old.db.exec(`
      INSERT INTO groups (id, platform, name, group_type, created_at, updated_at) VALUES (1, 'qq', '老群', 'C', 0, 0);
      INSERT INTO members (id, platform, platform_user_id, display_name, first_seen_at, last_seen_at) VALUES (1, 'qq', '10001', '王芳', 0, 0);
      INSERT INTO member_events (id, group_id, member_id, kind, at, detail, source_key) VALUES (7, 1, 1, 'join', 100, '''王芳''(10001)加入本群。', 'a#0');
      INSERT INTO member_events (id, group_id, member_id, kind, at, detail, source_key) VALUES (8, 1, NULL, 'recall', 200, '王芳撤回了一条消息', 'b#0');
    `);
    expect(() => old.db.exec("INSERT INTO member_events (group_id, kind, at, source_key) VALUES (1, 'notice', 300, 'c#0')")).toThrow(/CHECK/);
    migrate(old.db);
    expect(old.db.prepare('SELECT id, member_id, kind, at, detail FROM member_events ORDER BY id').all()).toEqual([
      { id: 7, member_id: 1, kind: 'join', at: 100, detail: "'王芳'(10001)加入本群。" },
      { id: 8, member_id: null, kind: 'recall', at: 200, detail: '王芳撤回了一条消息' },
    ]);
    old.db.exec("INSERT INTO member_events (group_id, kind, at, detail, source_key) VALUES (1, 'notice', 300, '管理员已开启全员禁言', 'c#0')");
    expect(() => old.db.exec("INSERT INTO member_events (group_id, kind, at, source_key) VALUES (1, 'dance', 400, 'd#0')")).toThrow(/CHECK/);
    // The same source key is still refused twice in a group, and the indexes are back.
    expect(() => old.db.exec("INSERT INTO member_events (group_id, kind, at, source_key) VALUES (1, 'notice', 500, 'c#0')")).toThrow(/UNIQUE/);
    expect(old.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'member_events' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all()).toEqual(['member_events_import_batch', 'member_events_member']);
    expect(old.db.pragma('foreign_key_check')).toEqual([]);
  });
});
