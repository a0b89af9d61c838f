/**
 * The few reads the demo's case archive needs to find its cast and its messages (tables of the
 * groups, roster and inbox areas, read only; no area offers these lookups because only the demo
 * looks things up by a group's name or a made-up source key).
 */
import type { Db } from '../db/open';
import { inJson, jsonList } from '../db/sql';

export interface CastRow {
  platform_user_id: string;
  display_name: string;
}

export function groupIdByName(db: Db, name: string): number | undefined {
  return db.prepare('SELECT id FROM groups WHERE name = ?').pluck().get(name) as number | undefined;
}

export function groupOwner(db: Db, groupId: number): CastRow | undefined {
  return db
    .prepare("SELECT mb.platform_user_id, mb.display_name FROM memberships s JOIN members mb ON mb.id = s.member_id WHERE s.group_id = ? AND s.role = 'owner' LIMIT 1")
    .get(groupId) as CastRow | undefined;
}

/** The two members (not staff) of the group who wrote the most, busiest first. */
export function twoBusiestMembers(db: Db, groupId: number): CastRow[] {
  return db
    .prepare(
      `SELECT mb.platform_user_id, mb.display_name FROM messages m JOIN members mb ON mb.id = m.sender_id JOIN memberships s ON s.group_id = m.group_id AND s.member_id = mb.id
       WHERE m.group_id = ? AND s.role = 'member' GROUP BY mb.id ORDER BY count(*) DESC, mb.id LIMIT 2`,
    )
    .all(groupId) as CastRow[];
}

/** The ids of the group's messages with these source keys, oldest first. */
export function messageIdsBySourceKey(db: Db, groupId: number, sourceKeys: readonly string[]): number[] {
  return db
    .prepare(`SELECT id FROM messages WHERE group_id = ? AND ${inJson('source_key')} ORDER BY sent_at, id`)
    .pluck()
    .all(groupId, jsonList(sourceKeys)) as number[];
}
