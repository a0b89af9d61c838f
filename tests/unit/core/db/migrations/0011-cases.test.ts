import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../electron/core/db/migrate';
import { migrations } from '../../../../../electron/core/db/migrations';
import { emptyDbPerTest } from '../../../../helpers/tmp';

const old = emptyDbPerTest();

describe('migration 0011 (cases)', () => {
  it('adds the case tables to an existing workspace; deleting a message or group elsewhere keeps the case', () => {
    migrate(old.db, { list: migrations.slice(0, 10) });
    old.db.exec(`
      INSERT INTO groups (id, platform, name, group_type, created_at, updated_at) VALUES (1, 'qq', '老群', 'C', 0, 0);
      INSERT INTO members (id, platform, platform_user_id, display_name, first_seen_at, last_seen_at) VALUES (1, 'qq', '1', '张三', 0, 0);
      INSERT INTO messages (id, group_id, sender_id, sent_at, kind, text, source_key) VALUES (1, 1, 1, 1700000000000, 'text', '以前的社群消息', 'a');
    `);
    migrate(old.db, { list: migrations.slice(0, 11) });
    expect(old.db.pragma('user_version', { simple: true })).toBe(11);
    const strict = old.db.prepare("SELECT name FROM pragma_table_list WHERE name LIKE 'case%' AND strict = 1 ORDER BY name").pluck().all();
    expect(strict).toEqual(['case_messages', 'case_participants', 'case_redactions', 'case_tags', 'cases']);
    old.db.exec(`
      INSERT INTO cases (id, title, group_id, group_name, created_at, updated_at) VALUES (1, '案例', 1, '老群', 0, 0);
      INSERT INTO case_messages (case_id, message_id, source_id, position, sender_id, sender_name, sent_at, kind, text) VALUES (1, 1, 1, 0, 1, '张三', 1700000000000, 'text', '以前的社群消息');
      INSERT INTO case_participants (case_id, member_id, name, consent) VALUES (1, 1, '张三', 'granted');
      INSERT INTO case_redactions (case_id, finding_id) VALUES (1, '1:0:name');
    `);
    // The message goes: the case keeps its snapshot, only the live link is cleared.
    old.db.prepare('DELETE FROM messages WHERE id = 1').run();
    expect(old.db.prepare('SELECT message_id, source_id, text FROM case_messages').get()).toEqual({ message_id: 1, source_id: null, text: '以前的社群消息' });
    // The group goes: the case keeps the name it had.
    old.db.prepare('DELETE FROM groups WHERE id = 1').run();
    expect(old.db.prepare('SELECT group_id, group_name FROM cases').get()).toEqual({ group_id: null, group_name: '老群' });
    expect(old.db.prepare('SELECT consent FROM case_participants').pluck().get()).toBe('granted');
    // The case goes: everything of it goes with it.
    old.db.prepare('DELETE FROM cases WHERE id = 1').run();
    for (const table of ['case_messages', 'case_participants', 'case_redactions', 'case_tags']) expect(old.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
    expect(old.db.pragma('foreign_key_check')).toEqual([]);
  });
});
