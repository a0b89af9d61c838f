import type { Migration } from './index';

/** Activity columns kept on both memberships (per group) and members (across groups). */
export const ACTIVITY_COLUMNS = [
  'msg_count',
  'first_message_at',
  'last_message_at',
  'n7',
  'n30',
  'n90',
  'days30',
  'replies_received',
  'replies_given',
  'mentions_received',
  'answers_given',
  'threads_started',
] as const;

const activityColumns = (table: string) =>
  ACTIVITY_COLUMNS.map((c) => `ALTER TABLE ${table} ADD COLUMN ${c} INTEGER${c.endsWith('_at') ? '' : ' NOT NULL DEFAULT 0'};`).join('\n');

/**
 * The roster: members across groups with their activity, the operator's own tags, fields and
 * notes, saved segments, and each group's computed class.
 *
 * - Activity lives in columns on memberships and members (adding a column with a default is
 *   free in SQLite, and every member has a row to sort and filter on). Counts over windows
 *   (n7/n30/n90, days30) are as of `meta.activity_as_of` plus the messages that arrived since;
 *   the re-tag job recomputes everything (services/activity.service.ts).
 * - Labels are the operator's tags (coloured, renameable, mergeable), per person across groups.
 * - Custom fields are key/value per member; field_defs lists them (city, industry, company and
 *   the six join motives are built in).
 * - Segments are saved filters (JSON rules, compiled to SQL by services/segments.service.ts).
 */
export const m0005: Migration = {
  version: 5,
  name: 'roster-members',
  up(db) {
    db.exec(`
      ${activityColumns('memberships')}
      ${activityColumns('members')}
      ALTER TABLE members ADD COLUMN group_count INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX members_n30 ON members (n30, id);
      -- Roster sort orders, each a keyset (value, id); "never spoke" sorts as 0.
      CREATE INDEX members_last_message ON members (ifnull(last_message_at, 0), id);
      CREATE INDEX members_name ON members (display_name, id);
      CREATE INDEX members_msg_count ON members (msg_count, id);
      CREATE INDEX members_first_seen ON members (first_seen_at, id);

      ALTER TABLE groups ADD COLUMN class TEXT CHECK (class IS NULL OR class IN ('high-value', 'general', 'spam', 'dead'));
      ALTER TABLE groups ADD COLUMN class_reasons TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE groups ADD COLUMN class_override TEXT CHECK (class_override IS NULL OR class_override IN ('high-value', 'general', 'spam', 'dead'));

      CREATE TABLE labels (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) BETWEEN 1 AND 40),
        color TEXT NOT NULL DEFAULT 'blue',
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE member_labels (
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        label_id INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
        set_at INTEGER NOT NULL,
        PRIMARY KEY (member_id, label_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX member_labels_label ON member_labels (label_id, member_id);

      CREATE TABLE field_defs (
        key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 40),
        label TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('text', 'choice')),
        options TEXT NOT NULL DEFAULT '[]',
        builtin INTEGER NOT NULL DEFAULT 0,
        position INTEGER NOT NULL
      ) STRICT;
      INSERT INTO field_defs (key, label, kind, options, builtin, position) VALUES
        ('city', '', 'text', '[]', 1, 1),
        ('industry', '', 'text', '[]', 1, 2),
        ('company', '', 'text', '[]', 1, 3),
        ('motive', '', 'choice', '["relationship","work","social","learning","promotion","life"]', 1, 4);
      CREATE TABLE member_fields (
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        key TEXT NOT NULL REFERENCES field_defs (key) ON DELETE CASCADE ON UPDATE CASCADE,
        value TEXT NOT NULL CHECK (length(value) <= 500),
        PRIMARY KEY (member_id, key)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX member_fields_value ON member_fields (key, value);

      CREATE TABLE member_notes (
        id INTEGER PRIMARY KEY,
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX member_notes_member ON member_notes (member_id, created_at);

      CREATE TABLE segments (
        id INTEGER PRIMARY KEY,
        target TEXT NOT NULL CHECK (target IN ('members', 'groups')),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
        definition TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (target, name)
      ) STRICT;
    `);
  },
};
