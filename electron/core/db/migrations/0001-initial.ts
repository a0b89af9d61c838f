import type { Migration } from './index';

/**
 * The first schema. Times are INTEGER unix milliseconds (compact, fast to compare and to page
 * by); the contract turns them into ISO strings. Counters on groups are maintained by the
 * services that write messages and memberships, so lists never count rows.
 */
export const m0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE groups (
        id INTEGER PRIMARY KEY,
        platform TEXT NOT NULL,
        external_id TEXT,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        positioning TEXT NOT NULL DEFAULT '',
        audience TEXT NOT NULL DEFAULT '',
        group_type TEXT NOT NULL CHECK (group_type IN ('B', 'C')),
        city TEXT NOT NULL DEFAULT '',
        owner TEXT NOT NULL DEFAULT '',
        capacity INTEGER CHECK (capacity IS NULL OR capacity > 0),
        rules TEXT NOT NULL DEFAULT '',
        welcome_text TEXT NOT NULL DEFAULT '',
        lifecycle_stage TEXT NOT NULL DEFAULT 'planning',
        archived_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        member_count INTEGER NOT NULL DEFAULT 0,
        message_count INTEGER NOT NULL DEFAULT 0,
        last_message_at INTEGER
      ) STRICT;
      CREATE UNIQUE INDEX groups_platform_external ON groups (platform, external_id) WHERE external_id IS NOT NULL;
      CREATE INDEX groups_archived_name ON groups (archived_at, name);

      CREATE TABLE members (
        id INTEGER PRIMARY KEY,
        platform TEXT NOT NULL,
        platform_user_id TEXT NOT NULL,
        display_name TEXT NOT NULL,
        first_seen_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        UNIQUE (platform, platform_user_id)
      ) STRICT;

      -- Nickname history: one row per distinct name a member used (in a group, or globally when group_id is NULL).
      CREATE TABLE member_names (
        id INTEGER PRIMARY KEY,
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        group_id INTEGER REFERENCES groups (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        first_seen_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX member_names_unique ON member_names (member_id, ifnull(group_id, 0), name);

      CREATE TABLE memberships (
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member')),
        group_nickname TEXT,
        joined_at INTEGER,
        left_at INTEGER,
        PRIMARY KEY (group_id, member_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX memberships_member ON memberships (member_id);

      CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        sender_id INTEGER REFERENCES members (id),
        sent_at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('text', 'image', 'file', 'voice', 'video', 'sticker', 'link', 'system')),
        text TEXT NOT NULL DEFAULT '',
        -- The replied-to message by its source key, so a reply may arrive before its target.
        reply_to_key TEXT,
        source_key TEXT NOT NULL,
        UNIQUE (group_id, source_key)
      ) STRICT;
      CREATE INDEX messages_time ON messages (sent_at, id);
      CREATE INDEX messages_group_time ON messages (group_id, sent_at, id);
      CREATE INDEX messages_sender_time ON messages (sender_id, sent_at);

      CREATE TABLE message_mentions (
        message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        PRIMARY KEY (message_id, member_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX message_mentions_member ON message_mentions (member_id);
    `);
  },
};
