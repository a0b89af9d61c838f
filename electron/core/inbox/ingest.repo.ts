/**
 * The ingest path's statements: members by platform identity, nickname history, memberships,
 * messages with their mentions and attachments, membership events, the groups' counters, and
 * the secondary indexes (and search trigger) a large import drops while it loads.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open';
import { SEARCH_INSERT_TRIGGER, SEARCH_KEY_SQL } from '../db/migrations/0003-inbox';

export interface IngestStatements {
  groupPlatform: Statement<[number], { platform: string }>;
  findMember: Statement<[string, string], { id: number; display_name: string; first_seen_at: number; last_seen_at: number }>;
  insertMember: Statement<[string, string, string, number, number, number | null]>;
  touchMember: Statement<[{ name: string; first: number; last: number; id: number; nameAt: number }]>;
  upsertName: Statement<[number, number | null, string, number, number, number | null]>;
  upsertMembership: Statement<[number, number, string, number, number | null]>;
  insertMessage: Statement<[number, number | null, number, string, string, string | null, string, number | null, number]>;
  insertMention: Statement<[number, number]>;
  membershipJoined: Statement<[number, number], { joined_at: number | null }>;
  initMentions: Statement<[{ g: number; m: number }]>;
  insertAttachment: Statement<[number, number, string, string]>;
  updateGroupCounters: Statement<[{ id: number; added: number; unread: number; last: number }]>;
  recountMembers: Statement<[{ id: number }]>;
}

const cache = new WeakMap<Db, IngestStatements>();

/**
 * The ingest path's statements, prepared once per database handle and reused by every batch
 * and every session: ingestMessages runs them per message, so nothing on that path prepares.
 */
export function ingestStatements(db: Db): IngestStatements {
  let s = cache.get(db);
  if (s) return s;
  s = {
    groupPlatform: db.prepare('SELECT platform FROM groups WHERE id = ?'),
    findMember: db.prepare('SELECT id, display_name, first_seen_at, last_seen_at FROM members WHERE platform = ? AND platform_user_id = ?'),
    insertMember: db.prepare('INSERT INTO members (platform, platform_user_id, display_name, first_seen_at, last_seen_at, import_batch_id) VALUES (?, ?, ?, ?, ?, ?)'),
    touchMember: db.prepare(
      `UPDATE members SET
         display_name = CASE WHEN @nameAt >= last_seen_at THEN @name ELSE display_name END,
         first_seen_at = min(first_seen_at, @first),
         last_seen_at = max(last_seen_at, @last)
       WHERE id = @id`,
    ),
    upsertName: db.prepare(
      `INSERT INTO member_names (member_id, group_id, name, first_seen_at, last_seen_at, import_batch_id) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (member_id, ifnull(group_id, 0), name) DO UPDATE SET
         first_seen_at = min(first_seen_at, excluded.first_seen_at),
         last_seen_at = max(last_seen_at, excluded.last_seen_at)`,
    ),
    upsertMembership: db.prepare(
      `INSERT INTO memberships (group_id, member_id, role, joined_at, import_batch_id) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (group_id, member_id) DO UPDATE SET joined_at = min(ifnull(joined_at, excluded.joined_at), excluded.joined_at)`,
    ),
    insertMessage: db.prepare(
      `INSERT INTO messages (group_id, sender_id, sent_at, kind, text, reply_to_key, source_key, import_batch_id, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (group_id, source_key) DO NOTHING`,
    ),
    insertMention: db.prepare('INSERT OR IGNORE INTO message_mentions (message_id, member_id) VALUES (?, ?)'),
    membershipJoined: db.prepare('SELECT joined_at FROM memberships WHERE group_id = ? AND member_id = ?'),
    initMentions: db.prepare(
      `UPDATE memberships SET mentions_received = (SELECT count(*) FROM message_mentions x JOIN messages m ON m.id = x.message_id
         WHERE x.member_id = @m AND m.group_id = @g AND (m.sender_id IS NULL OR m.sender_id != @m))
       WHERE group_id = @g AND member_id = @m`,
    ),
    insertAttachment: db.prepare('INSERT OR IGNORE INTO message_attachments (message_id, seq, kind, ref) VALUES (?, ?, ?, ?)'),
    updateGroupCounters: db.prepare(
      `UPDATE groups SET
         message_count = message_count + @added,
         unread_count = unread_count + @unread,
         last_message_at = CASE WHEN @added > 0 THEN max(ifnull(last_message_at, @last), @last) ELSE last_message_at END
       WHERE id = @id`,
    ),
    // Only for groups whose memberships this call wrote: counting a group's members per chunk
    // for every group it touched dominated bulk imports of many groups.
    recountMembers: db.prepare('UPDATE groups SET member_count = (SELECT count(*) FROM memberships WHERE group_id = @id AND left_at IS NULL) WHERE id = @id'),
  };
  cache.set(db, s);
  return s;
}

export interface EventStatements {
  insertEvent: Statement<[number, number | null, string, number, number | null, string, string, number | null]>;
  join: Statement<[number, number, number, number | null]>;
  leave: Statement<[number, number, number, number]>;
  counters: Statement<[{ id: number }]>;
}

/** The statements of one ingestEvents call (prepared once per call, run per event). */
export function prepareEventStatements(db: Db): EventStatements {
  const insertEvent = db.prepare(
    `INSERT INTO member_events (group_id, member_id, kind, at, actor_id, detail, source_key, import_batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (group_id, source_key) DO NOTHING`,
  );
  const join = db.prepare(
    `INSERT INTO memberships (group_id, member_id, role, joined_at, import_batch_id) VALUES (?, ?, 'member', ?, ?)
     ON CONFLICT (group_id, member_id) DO UPDATE SET
       joined_at = min(ifnull(joined_at, excluded.joined_at), excluded.joined_at),
       left_at = CASE WHEN left_at IS NOT NULL AND left_at < excluded.joined_at THEN NULL ELSE left_at END`,
  );
  const leave = db.prepare('UPDATE memberships SET left_at = max(ifnull(left_at, 0), ?) WHERE group_id = ? AND member_id = ? AND (joined_at IS NULL OR joined_at <= ?)');
  const counters = db.prepare('UPDATE groups SET member_count = (SELECT count(*) FROM memberships WHERE group_id = @id AND left_at IS NULL) WHERE id = @id');
  return { insertEvent, join, leave, counters };
}

/**
 * Secondary indexes on messages that a large import drops while loading and rebuilds after:
 * building an index once over sorted data is far cheaper than updating it row by row.
 * Keep these definitions equal to the migrations that created them; ensureMessageIndexes puts
 * back any that a crash mid-import left missing.
 */
export const DEFERRABLE_INDEXES: Record<string, string> = {
  messages_time: 'CREATE INDEX IF NOT EXISTS messages_time ON messages (sent_at, id)',
  messages_group_time: 'CREATE INDEX IF NOT EXISTS messages_group_time ON messages (group_id, sent_at, id)',
  messages_sender_time: 'CREATE INDEX IF NOT EXISTS messages_sender_time ON messages (sender_id, sent_at)',
  message_mentions_member: 'CREATE INDEX IF NOT EXISTS message_mentions_member ON message_mentions (member_id)',
  messages_import_batch: 'CREATE INDEX IF NOT EXISTS messages_import_batch ON messages (import_batch_id) WHERE import_batch_id IS NOT NULL',
  messages_reply: 'CREATE INDEX IF NOT EXISTS messages_reply ON messages (group_id, reply_to_key) WHERE reply_to_key IS NOT NULL',
};

/**
 * Drops the deferrable indexes and the search insert trigger, and marks in meta the highest
 * message id at that moment (a mark already there is kept: it is the older, wider one).
 */
export function dropDeferrableIndexes(db: Db): void {
  for (const name of Object.keys(DEFERRABLE_INDEXES)) db.exec(`DROP INDEX IF EXISTS ${name}`);
  dropSearchTrigger(db);
}

/**
 * Drops only the search insert trigger and marks the highest message id (as above): the messages
 * written from here on are indexed for search in one statement by restoreDeferrableIndexes. The
 * per-row trigger is what makes a chunked import slow (measured: 2.7× the bulk path's time).
 */
export function dropSearchTrigger(db: Db): void {
  db.exec('DROP TRIGGER IF EXISTS messages_search_insert');
  db.prepare(`INSERT INTO meta (key, value) VALUES ('search_unindexed_after', (SELECT ifnull(max(id), 0) FROM messages)) ON CONFLICT (key) DO NOTHING`).run();
}

/** Creates any missing deferrable index (the search index is left as it is). */
export function createDeferrableIndexes(db: Db): void {
  for (const sql of Object.values(DEFERRABLE_INDEXES)) db.exec(sql);
}

/** Creates any missing deferrable index, indexes for search every message above the mark (and clears it), and puts the search trigger back. */
export function restoreDeferrableIndexes(db: Db): void {
  createDeferrableIndexes(db);
  const mark = db.prepare(`SELECT value FROM meta WHERE key = 'search_unindexed_after'`).get() as { value: string } | undefined;
  if (mark) {
    db.prepare(`INSERT OR REPLACE INTO message_search (rowid, body) SELECT ${SEARCH_KEY_SQL('m')}, qz_search_body(m.text) FROM messages m WHERE m.id > ? AND m.text != ''`).run(Number(mark.value));
    db.prepare(`DELETE FROM meta WHERE key = 'search_unindexed_after'`).run();
  }
  db.exec(SEARCH_INSERT_TRIGGER);
}
