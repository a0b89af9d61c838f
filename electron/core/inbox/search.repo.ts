/**
 * Search statements: the FTS5 chunk index `message_search` (its rowid is the message's time in
 * seconds << 31 | the message id, see migration 0003, so index order is time order), and the
 * name lookups behind `from:` and `group:`. The query language and the confirmation of each
 * candidate on its text are in inbox.service.ts and text/search-text.ts.
 */
import type { Db } from '../db/open';
import { LIKE_ESCAPE, likeContains } from '../db/sql';
import { MESSAGE_COLUMNS, MESSAGE_JOINS, scopeSql, type MessageRow, type MessageScope } from './messages.repo';

/** The message-id bits of a search rowid. */
export const ID_MASK = 2147483647;

/** A search position: the time in seconds and the message id of a row of the index. */
export type SearchCursor = { sec: number; id: number };

/** The newest position, for a search from the top. */
export const SEARCH_TOP: SearchCursor = { sec: 2 ** 31 - 1, id: ID_MASK };

/** Member ids a `from:` value names: display name, any nickname they used, or platform id. */
export function sendersNamed(db: Db, who: string): number[] {
  const like = likeContains(who);
  return (
    db
      .prepare(
        `SELECT id FROM members WHERE display_name LIKE @like ${LIKE_ESCAPE} OR platform_user_id = @who
         UNION SELECT member_id FROM member_names WHERE name LIKE @like ${LIKE_ESCAPE} LIMIT 5000`,
      )
      .all({ like, who }) as { id: number }[]
  ).map((r) => r.id);
}

/** Group ids a `group:` value names: part of the name, or the platform's group id. */
export function groupsNamed(db: Db, name: string): number[] {
  return (db.prepare(`SELECT id FROM groups WHERE name LIKE ? ${LIKE_ESCAPE} OR external_id = ? LIMIT 5000`).all(likeContains(name), name) as { id: number }[]).map((r) => r.id);
}

/** A search as SQL sees it: the FTS match expression and the scope it is narrowed to. */
export interface SearchQuery {
  match: string | null;
  scope: MessageScope;
  groupIds: number[] | null;
}

function searchSql(q: SearchQuery, columns: string): { sql: string; params: Record<string, unknown> } {
  const { where, params } = scopeSql(q.scope, q.groupIds);
  // Date bounds go on the index key too, so the index itself skips out-of-range rows.
  if (q.scope.since) {
    where.push('s.rowid >= (@sinceSec << 31)');
    params.sinceSec = Math.floor(Math.max(Date.parse(q.scope.since), 0) / 1000);
  }
  if (q.scope.until) {
    where.push('s.rowid < ((@untilSec + 1) << 31)');
    params.untilSec = Math.floor(Math.max(Date.parse(q.scope.until), 0) / 1000);
  }
  const sql = `SELECT ${columns} FROM message_search s JOIN messages m ON m.id = (s.rowid & ${ID_MASK}) ${MESSAGE_JOINS}
    WHERE message_search MATCH @match ${where.length ? `AND ${where.join(' AND ')}` : ''}`;
  return { sql, params: { ...params, match: q.match } };
}

/**
 * Candidates below a position, newest first, in batches: prepared once per search and read
 * batch after batch while the caller confirms candidates on their text.
 */
export function prepareSearchBatches(db: Db, q: SearchQuery): (below: SearchCursor, batch: number) => MessageRow[] {
  const { sql, params } = searchSql(q, `${MESSAGE_COLUMNS}`);
  const stmt = db.prepare(`${sql} AND s.rowid < ((@cSec << 31) | @cId) ORDER BY s.rowid DESC LIMIT @batch`);
  return (below, batch) => stmt.all({ ...params, cSec: below.sec, cId: below.id, batch }) as MessageRow[];
}

/** Index matches of a search, counted up to `upTo`. */
export function countMatches(db: Db, q: SearchQuery, upTo: number): number {
  const { sql, params } = searchSql(q, '1');
  return (db.prepare(`SELECT count(*) AS n FROM (${sql} LIMIT ${upTo})`).get(params) as { n: number }).n;
}

/** The query plan of a search page, for query-plan tests. */
export function explainSearchPage(db: Db, q: SearchQuery): string[] {
  const { sql, params } = searchSql(q, 'm.id');
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql} ORDER BY s.rowid DESC LIMIT 50`).all(params) as { detail: string }[]).map((r) => r.detail);
}
