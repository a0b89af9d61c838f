import type { Migration } from './index';

/**
 * Import batches. Every row an import adds carries its batch id, so a batch can be undone
 * exactly, and a batch interrupted by a crash (status still 'running' at the next open) is
 * rolled back before anything reads it.
 */
export const m0002: Migration = {
  version: 2,
  name: 'imports',
  up(db) {
    db.exec(`
      CREATE TABLE import_batches (
        id INTEGER PRIMARY KEY,
        file_name TEXT NOT NULL,
        file_path TEXT NOT NULL,
        file_size INTEGER NOT NULL,
        format TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled', 'undone')),
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        -- Which process runs the batch and when it last wrote: recovery leaves a live import alone.
        owner_pid INTEGER,
        heartbeat_at INTEGER,
        chats INTEGER NOT NULL DEFAULT 0,
        messages_added INTEGER NOT NULL DEFAULT 0,
        duplicates INTEGER NOT NULL DEFAULT 0,
        members_added INTEGER NOT NULL DEFAULT 0,
        events_added INTEGER NOT NULL DEFAULT 0,
        groups_created INTEGER NOT NULL DEFAULT 0,
        error TEXT
      ) STRICT;

      ALTER TABLE groups ADD COLUMN import_batch_id INTEGER REFERENCES import_batches (id);
      ALTER TABLE members ADD COLUMN import_batch_id INTEGER REFERENCES import_batches (id);
      ALTER TABLE member_names ADD COLUMN import_batch_id INTEGER REFERENCES import_batches (id);
      ALTER TABLE memberships ADD COLUMN import_batch_id INTEGER REFERENCES import_batches (id);
      ALTER TABLE messages ADD COLUMN import_batch_id INTEGER REFERENCES import_batches (id);
      CREATE INDEX groups_import_batch ON groups (import_batch_id) WHERE import_batch_id IS NOT NULL;
      CREATE INDEX members_import_batch ON members (import_batch_id) WHERE import_batch_id IS NOT NULL;
      CREATE INDEX member_names_import_batch ON member_names (import_batch_id) WHERE import_batch_id IS NOT NULL;
      CREATE INDEX memberships_import_batch ON memberships (import_batch_id) WHERE import_batch_id IS NOT NULL;
      CREATE INDEX messages_import_batch ON messages (import_batch_id) WHERE import_batch_id IS NOT NULL;

      -- Membership events from exports and connectors: joins, leaves, renames, recalls.
      CREATE TABLE member_events (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        member_id INTEGER REFERENCES members (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('join', 'leave', 'rename', 'recall')),
        at INTEGER NOT NULL,
        actor_id INTEGER REFERENCES members (id) ON DELETE SET NULL,
        detail TEXT NOT NULL DEFAULT '',
        source_key TEXT NOT NULL,
        import_batch_id INTEGER REFERENCES import_batches (id),
        UNIQUE (group_id, source_key)
      ) STRICT;
      CREATE INDEX member_events_member ON member_events (member_id, at);
      CREATE INDEX member_events_import_batch ON member_events (import_batch_id) WHERE import_batch_id IS NOT NULL;

      -- Column mappings of generic CSV/XLSX sources, remembered per header signature.
      CREATE TABLE import_column_maps (
        signature TEXT PRIMARY KEY,
        column_map TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
