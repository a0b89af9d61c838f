import type { Migration } from './index';

/**
 * Broadcasts and their outbox. A broadcast is written in one transaction with one row per target
 * group (the outbox), each with its own idempotency key, so nothing planned is ever lost.
 *
 * Target statuses: queued → sending → sent | failed | uncertain (auto, by a robot);
 * awaiting-owner (WeCom customer groups: the owner confirms a task); manual-pending → manual-done
 * (a checklist the operator works through); skipped (a cap); cancelled.
 * A row is set to `sending`, durably, right before its request leaves; a row still `sending`
 * when the outbox starts again may have reached the group and becomes `uncertain` for the
 * operator to resolve — it is never sent again on its own.
 */
export const m0007: Migration = {
  version: 7,
  name: 'broadcasts',
  up(db) {
    db.exec(`
      CREATE TABLE broadcasts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('text', 'markdown')),
        title TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL,
        targeting TEXT NOT NULL,
        scheduled_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('scheduled', 'sending', 'done', 'cancelled')),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE broadcast_targets (
        id INTEGER PRIMARY KEY,
        broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
        group_id INTEGER NOT NULL REFERENCES groups(id),
        mode TEXT NOT NULL CHECK (mode IN ('auto', 'owner-confirm', 'manual')),
        robot_id INTEGER REFERENCES robots(id) ON DELETE SET NULL,
        idem_key TEXT NOT NULL UNIQUE,
        text TEXT NOT NULL,
        planned_at INTEGER,
        status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'skipped', 'uncertain', 'manual-pending', 'manual-done', 'awaiting-owner', 'cancelled')),
        reasons TEXT NOT NULL DEFAULT '[]',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        error_code TEXT,
        error_text TEXT,
        sent_at INTEGER,
        done_by TEXT,
        done_at INTEGER,
        updated_at INTEGER NOT NULL,
        UNIQUE (broadcast_id, group_id)
      ) STRICT;
      CREATE INDEX broadcast_targets_due ON broadcast_targets (next_attempt_at) WHERE status = 'queued';
      CREATE INDEX broadcast_targets_sending ON broadcast_targets (id) WHERE status = 'sending';
      CREATE INDEX broadcast_targets_group ON broadcast_targets (group_id, planned_at);
      CREATE TABLE broadcast_log (
        id INTEGER PRIMARY KEY,
        broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
        target_id INTEGER REFERENCES broadcast_targets(id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT ''
      ) STRICT;
      CREATE INDEX broadcast_log_broadcast ON broadcast_log (broadcast_id, at);
    `);
  },
};
