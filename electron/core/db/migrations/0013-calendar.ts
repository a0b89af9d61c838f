import type { Migration } from './index';

/**
 * The content calendar.
 *  - calendar_columns: a column (栏目): its groups (`targeting`, the broadcasts' targeting JSON,
 *    re-read at every slot), its slots (`pattern` as the operator chose it and the `rrule` it is
 *    stored as, from `start_day` in the operator's zone), a default template, an owner.
 *    `auto_send` columns send the template at every slot by themselves; `done_until` is the last
 *    slot the scheduler has dealt with for them, so a crash never makes one slot twice.
 *  - calendar_entries: a post planned for a slot (or a one-off time). `targeting` NULL means the
 *    column's groups at the slot, minus the groups with their own entry (`solo_group_id`) in that
 *    slot. Once its broadcast is made (`broadcast_id`), what happened is read from the broadcast's
 *    targets. `column_name` and `color` are kept for when the column is deleted.
 */
export const m0013: Migration = {
  version: 13,
  name: 'calendar',
  up(db) {
    db.exec(`
      CREATE TABLE calendar_columns (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        color TEXT NOT NULL,
        targeting TEXT NOT NULL,
        pattern TEXT NOT NULL,
        rrule TEXT NOT NULL,
        start_day TEXT NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('text', 'markdown')),
        title TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        owner TEXT NOT NULL DEFAULT '',
        auto_send INTEGER NOT NULL DEFAULT 0 CHECK (auto_send IN (0, 1)),
        paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
        done_until INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE calendar_entries (
        id INTEGER PRIMARY KEY,
        column_id INTEGER REFERENCES calendar_columns (id) ON DELETE SET NULL,
        column_name TEXT NOT NULL DEFAULT '',
        color TEXT NOT NULL,
        at INTEGER NOT NULL,
        targeting TEXT,
        solo_group_id INTEGER REFERENCES groups (id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('idea', 'draft', 'approved', 'skipped', 'missed')),
        missed_reason TEXT CHECK (missed_reason IN ('not-approved', 'app-closed', 'no-targets')),
        format TEXT NOT NULL CHECK (format IN ('text', 'markdown')),
        title TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        image_id INTEGER REFERENCES broadcast_images (id) ON DELETE SET NULL,
        owner TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        broadcast_id INTEGER REFERENCES broadcasts (id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX calendar_entries_at ON calendar_entries (at);
      CREATE INDEX calendar_entries_column ON calendar_entries (column_id, at);
      CREATE INDEX calendar_entries_due ON calendar_entries (at) WHERE broadcast_id IS NULL AND status IN ('idea', 'draft', 'approved');
      CREATE INDEX calendar_entries_broadcast ON calendar_entries (broadcast_id) WHERE broadcast_id IS NOT NULL;
    `);
  },
};
