import type { Migration } from './index';

/**
 * Playbooks (剧本: 7-day activation, monthly plan …) and what applying one makes.
 *  - calendar_playbooks: the operator's own (the built-in ones are code, in the user's language).
 *  - calendar_runs: a playbook applied to a group from a start day; one per playbook and group, so
 *    re-applying replaces rather than doubles.
 *  - calendar_tasks: a run's dated checkboxes; `pick` names members on the task's day.
 *  - calendar_entries.run_id: the posts a run made.
 */
export const m0015: Migration = {
  version: 15,
  name: 'playbooks',
  up(db) {
    db.exec(`
      CREATE TABLE calendar_playbooks (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        steps TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE calendar_runs (
        id INTEGER PRIMARY KEY,
        playbook_key TEXT NOT NULL,
        playbook_name TEXT NOT NULL,
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        start_day TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (playbook_key, group_id)
      ) STRICT;
      CREATE TABLE calendar_tasks (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES calendar_runs (id) ON DELETE CASCADE,
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        owner TEXT NOT NULL DEFAULT '',
        pick TEXT,
        done_at INTEGER,
        done_by TEXT,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX calendar_tasks_run ON calendar_tasks (run_id, at);
      CREATE INDEX calendar_tasks_at ON calendar_tasks (at);
      ALTER TABLE calendar_entries ADD COLUMN run_id INTEGER REFERENCES calendar_runs (id) ON DELETE SET NULL;
      CREATE INDEX calendar_entries_run ON calendar_entries (run_id) WHERE run_id IS NOT NULL;
    `);
  },
};
