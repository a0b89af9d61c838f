import type { Db } from './open';

/** Small per-workspace key/value facts (name, demo flag, welcome state). */
export function getMeta(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function workspaceCounts(db: Db): { groups: number; members: number; messages: number } {
  // Messages are read from the maintained group counters rather than counted.
  return db
    .prepare(
      `SELECT (SELECT count(*) FROM groups) AS groups,
              (SELECT count(*) FROM members) AS members,
              (SELECT ifnull(sum(message_count), 0) FROM groups) AS messages`,
    )
    .get() as { groups: number; members: number; messages: number };
}
