/**
 * A workspace big enough that a re-tag runs for a good while (hundreds of thousands of messages),
 * written with a few INSERT … SELECT statements in about a second, not through the ingest path.
 * Every member speaks in their own group (a few in two), every tenth message replies to one
 * three before it, every thirteenth is a question; texts are empty, so the search index is not
 * involved. It has been re-tagged once, as of `taggedAt`, so it holds tags, activity and classes
 * that a re-tag as of a later moment would change.
 */
import { migrate } from '../../electron/core/db/migrate';
import { openDatabase, type Db } from '../../electron/core/db/open';
import { runRosterJobOn } from '../../electron/core/roster/roster-job';

const DAY = 86_400_000;

export interface BigWorkspaceOptions {
  groups: number;
  members: number;
  messages: number;
  /** Messages are spread over the 90 days before this moment. */
  now: number;
  /** The moment of the first re-tag. */
  taggedAt: number;
}

export function writeBigWorkspace(file: string, o: BigWorkspaceOptions): void {
  const db = openDatabase(file);
  try {
    migrate(db);
    const p = { G: o.groups, M: o.members, N: o.messages, now: o.now, span: 90 * DAY };
    db.transaction(() => {
      db.prepare(
        `WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < @G)
         INSERT INTO groups (id, name, platform, group_type, created_at, updated_at) SELECT i, '大群' || i, 'qq', 'C', @now - @span, @now - @span FROM c`,
      ).run(p);
      db.prepare(
        `WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < @M)
         INSERT INTO members (id, platform, platform_user_id, display_name, first_seen_at, last_seen_at) SELECT i, 'qq', 'big' || i, '成员' || i, @now - @span, @now FROM c`,
      ).run(p);
      db.prepare(`INSERT INTO memberships (group_id, member_id, joined_at) SELECT (id % @G) + 1, id, @now - @span + (id % 90) * ${DAY} FROM members`).run(p);
      db.prepare(`INSERT OR IGNORE INTO memberships (group_id, member_id, joined_at) SELECT ((id * 3) % @G) + 1, id, NULL FROM members WHERE id % 7 = 0`).run(p);
      db.prepare('UPDATE groups SET member_count = (SELECT count(*) FROM memberships WHERE group_id = groups.id)').run();
      // Member m is in group (m % G) + 1, so group g's senders are g - 1 + G·k; a heavy head of talkers.
      db.prepare(
        `WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < @N)
         INSERT INTO messages (id, group_id, sender_id, sent_at, kind, text, reply_to_key, source_key, flags)
         SELECT i, g, g - 1 + @G * (1 + (i * i) % max(1, (@M / @G - 1) / (1 + (i % 5)))), @now - (i * 7919 % @span), 'image', '',
           CASE WHEN i % 10 = 0 THEN 'k' || (i - 3) END, 'k' || i, CASE WHEN i % 13 = 0 THEN 8 ELSE 0 END
         FROM (SELECT i, (i % @G) + 1 AS g FROM c)`,
      ).run(p);
      db.prepare('INSERT INTO message_mentions (message_id, member_id) SELECT id, sender_id + @G FROM messages WHERE id % 17 = 0 AND sender_id + @G <= @M').run(p);
    })();
    runRosterJobOn(db, o.taggedAt);
  } finally {
    db.close();
  }
}

/** What a re-tag writes: tags, activity per membership and member, classes and the activity moment, as one comparable string. */
export function rosterState(db: Db): string {
  const parts = [
    db.prepare("SELECT group_concat(group_id || ':' || member_id || ':' || tag || ':' || source || ':' || evidence, '|') FROM (SELECT * FROM member_tags ORDER BY group_id, member_id, tag)").pluck().get(),
    db.prepare("SELECT group_concat(x, '|') FROM (SELECT group_id || ':' || member_id || ':' || msg_count || ':' || ifnull(last_message_at, '') || ':' || n7 || ':' || n30 || ':' || n90 || ':' || days30 || ':' || replies_received || ':' || mentions_received AS x FROM memberships ORDER BY group_id, member_id)").pluck().get(),
    db.prepare("SELECT group_concat(x, '|') FROM (SELECT id || ':' || msg_count || ':' || n7 || ':' || n30 || ':' || n90 || ':' || days30 || ':' || group_count || ':' || mentions_received AS x FROM members ORDER BY id)").pluck().get(),
    db.prepare("SELECT group_concat(id || ':' || ifnull(class, '') || ':' || class_reasons, '|') FROM (SELECT * FROM groups ORDER BY id)").pluck().get(),
    db.prepare("SELECT value FROM meta WHERE key = 'activity_as_of'").pluck().get(),
  ];
  return parts.map(String).join('\n');
}

export function integrityCheck(db: Db): string {
  return String(db.pragma('integrity_check', { simple: true }));
}
