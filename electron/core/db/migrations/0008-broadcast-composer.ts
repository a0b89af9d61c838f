import type { Migration } from './index';

/**
 * The broadcast composer (#6 items 2 and 6):
 *  - groups.custom_fields: the operator's own fields per group (a JSON object of strings), filled
 *    into broadcasts as {{group.<key>}}.
 *  - broadcast_targets.delivery_format / delivery_title: each target keeps exactly what its
 *    platform receives (text, markdown or a Feishu post, with the title where the platform has
 *    one), so the outbox sends what the plan previewed. Rows written before this have NULL and
 *    are sent as before, from the broadcast's format and title.
 *  - broadcast_templates: saved templates (the starter templates live in the code, per locale).
 *  - broadcast_schedules: recurring broadcasts. `draft` is the composer's draft without a time,
 *    `rule` when it recurs; `next_at` is the next occurrence (NULL while paused). The scheduler
 *    creates an occurrence's broadcast and moves `next_at` in one transaction, so a crash can
 *    never create the same occurrence twice.
 */
export const m0008: Migration = {
  version: 8,
  name: 'broadcast-composer',
  up(db) {
    db.exec(`
      ALTER TABLE groups ADD COLUMN custom_fields TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE broadcast_targets ADD COLUMN delivery_format TEXT CHECK (delivery_format IN ('text', 'markdown', 'post'));
      ALTER TABLE broadcast_targets ADD COLUMN delivery_title TEXT;
      CREATE TABLE broadcast_templates (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        format TEXT NOT NULL CHECK (format IN ('text', 'markdown')),
        title TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE broadcast_schedules (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        draft TEXT NOT NULL,
        rule TEXT NOT NULL,
        next_at INTEGER,
        paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
        last_run_at INTEGER,
        last_broadcast_id INTEGER REFERENCES broadcasts(id) ON DELETE SET NULL,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX broadcast_schedules_due ON broadcast_schedules (next_at) WHERE paused = 0;
    `);
  },
};
