/**
 * The most active newcomers of a group at a moment: members who joined (or, where the export
 * has no join events, first spoke) in the `withinDays` before it and are still in the group,
 * ranked by their messages in the group since then. Owners and admins are not newcomers.
 * A playbook task such as "1v1 with the three most active newcomers" names them on its day.
 */
import type { Db } from '../db/open';

export function activeNewcomers(db: Db, groupId: number, at: number, withinDays: number, count: number): { id: number; name: string; messages: number }[] {
  const since = at - withinDays * 86_400_000;
  return db
    .prepare(
      `SELECT m.id, coalesce(nullif(ms.group_nickname, ''), m.display_name) AS name,
              (SELECT count(*) FROM messages x WHERE x.group_id = ms.group_id AND x.sender_id = ms.member_id AND x.kind <> 'system' AND x.sent_at >= ? AND x.sent_at < ?) AS messages
       FROM memberships ms JOIN members m ON m.id = ms.member_id
       WHERE ms.group_id = ? AND ms.role = 'member' AND (ms.left_at IS NULL OR ms.left_at > ?)
         AND coalesce(ms.joined_at, ms.first_message_at) BETWEEN ? AND ?
       ORDER BY messages DESC, m.id
       LIMIT ?`,
    )
    .all(since, at, groupId, at, since, at, count * 4)
    .filter((r) => (r as { messages: number }).messages > 0)
    .slice(0, count) as { id: number; name: string; messages: number }[];
}
