import type { Migration } from './index';

/**
 * Group notices become events of their own kind: a QQ export's 系统消息 lines that are neither
 * joins nor leaves (a file shared, 全员禁言 switched on …) are not messages anybody sent, so they
 * no longer count as messages; they are stored and counted as system events, as recalls already
 * are. SQLite cannot widen a CHECK in place: the table is rebuilt with the same rows and ids.
 */
export const m0012: Migration = {
  version: 12,
  name: 'member-event-notices',
  up(db) {
    db.exec(`
      CREATE TABLE member_events_next (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        member_id INTEGER REFERENCES members (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('join', 'leave', 'rename', 'recall', 'notice')),
        at INTEGER NOT NULL,
        actor_id INTEGER REFERENCES members (id) ON DELETE SET NULL,
        detail TEXT NOT NULL DEFAULT '',
        source_key TEXT NOT NULL,
        import_batch_id INTEGER REFERENCES import_batches (id),
        UNIQUE (group_id, source_key)
      ) STRICT;
      INSERT INTO member_events_next (id, group_id, member_id, kind, at, actor_id, detail, source_key, import_batch_id)
        SELECT id, group_id, member_id, kind, at, actor_id, detail, source_key, import_batch_id FROM member_events;
      DROP TABLE member_events;
      ALTER TABLE member_events_next RENAME TO member_events;
      CREATE INDEX member_events_member ON member_events (member_id, at);
      CREATE INDEX member_events_import_batch ON member_events (import_batch_id) WHERE import_batch_id IS NOT NULL;
    `);
  },
};
