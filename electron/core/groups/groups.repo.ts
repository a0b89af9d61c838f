import type { GroupInputParsed, GroupDto } from '../../../shared/domain/group';
import type { GroupType, LifecycleStage, Platform } from '../../../shared/domain/enums';
import { MESSAGE_FLAG } from '../../../shared/domain/message';
import { iso, isoRequired } from '../clock';
import type { Db } from '../db/open';
import { inJson, jsonList, LIKE_ESCAPE, likeContains } from '../db/sql';

export interface GroupRow {
  id: number;
  platform: string;
  external_id: string | null;
  name: string;
  positioning: string;
  audience: string;
  group_type: string;
  city: string;
  owner: string;
  capacity: number | null;
  rules: string;
  welcome_text: string;
  lifecycle_stage: string;
  custom_fields: string;
  archived_at: number | null;
  created_at: number;
  updated_at: number;
  member_count: number;
  message_count: number;
  last_message_at: number | null;
}

export function toGroupDto(r: GroupRow): GroupDto {
  return {
    id: r.id,
    platform: r.platform as Platform,
    externalId: r.external_id,
    name: r.name,
    positioning: r.positioning,
    audience: r.audience,
    groupType: r.group_type as GroupType,
    city: r.city,
    owner: r.owner,
    capacity: r.capacity,
    rules: r.rules,
    welcomeText: r.welcome_text,
    lifecycleStage: r.lifecycle_stage as LifecycleStage,
    customFields: parseCustomFields(r.custom_fields),
    archived: r.archived_at !== null,
    archivedAt: iso(r.archived_at),
    createdAt: isoRequired(r.created_at),
    updatedAt: isoRequired(r.updated_at),
    memberCount: r.member_count,
    messageCount: r.message_count,
    lastMessageAt: iso(r.last_message_at),
  };
}

/** The stored JSON object of custom fields; anything else reads as none. */
export function parseCustomFields(json: string): Record<string, string> {
  try {
    const v: unknown = JSON.parse(json);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return {};
    return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

export interface GroupFilter {
  query?: string | undefined;
  platforms?: readonly string[] | undefined;
  groupTypes?: readonly string[] | undefined;
  stages?: readonly string[] | undefined;
  archived: 'active' | 'archived' | 'all';
  /** A compiled group condition over `g` (segments.service groupPredicate). */
  where?: { sql: string; params: unknown[] } | undefined;
}


export function listGroups(db: Db, f: GroupFilter): GroupRow[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.archived === 'active') where.push('archived_at IS NULL');
  if (f.archived === 'archived') where.push('archived_at IS NOT NULL');
  const inList = (col: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return;
    where.push(`${col} IN (${values.map(() => '?').join(', ')})`);
    args.push(...values);
  };
  inList('platform', f.platforms);
  inList('group_type', f.groupTypes);
  inList('lifecycle_stage', f.stages);
  const q = f.query?.trim();
  if (q) {
    const like = likeContains(q);
    where.push(`(${['name', 'positioning', 'city', 'owner', 'external_id'].map((c) => `${c} LIKE ? ${LIKE_ESCAPE}`).join(' OR ')})`);
    args.push(like, like, like, like, like);
  }
  if (f.where) {
    where.push(f.where.sql);
    args.push(...f.where.params);
  }
  const sql = `SELECT * FROM groups g ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY last_message_at IS NULL, last_message_at DESC, id DESC`;
  return db.prepare(sql).all(...args) as GroupRow[];
}

export function getGroup(db: Db, id: number): GroupRow | undefined {
  return db.prepare('SELECT * FROM groups WHERE id = ?').get(id) as GroupRow | undefined;
}

export function findGroupByExternalId(db: Db, platform: string, externalId: string): GroupRow | undefined {
  return db.prepare('SELECT * FROM groups WHERE platform = ? AND external_id = ?').get(platform, externalId) as GroupRow | undefined;
}

const inputColumns = (i: GroupInputParsed) => ({
  platform: i.platform,
  external_id: i.externalId ? i.externalId : null,
  name: i.name,
  positioning: i.positioning,
  audience: i.audience,
  group_type: i.groupType,
  city: i.city,
  owner: i.owner,
  capacity: i.capacity,
  rules: i.rules,
  welcome_text: i.welcomeText,
  lifecycle_stage: i.lifecycleStage,
  // Absent on an update: the stored fields stay. An empty value is no value: the key is not kept.
  ...(i.customFields === undefined ? {} : { custom_fields: JSON.stringify(Object.fromEntries(Object.entries(i.customFields).filter(([, v]) => v !== ''))) }),
});

export function insertGroup(db: Db, input: GroupInputParsed, now: number): number {
  const cols = { custom_fields: '{}', ...inputColumns(input), created_at: now, updated_at: now };
  const names = Object.keys(cols);
  const info = db.prepare(`INSERT INTO groups (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`).run(cols);
  return Number(info.lastInsertRowid);
}

export function updateGroup(db: Db, id: number, input: GroupInputParsed, now: number): void {
  const cols = { ...inputColumns(input), updated_at: now };
  const sets = Object.keys(cols).map((n) => `${n} = @${n}`);
  db.prepare(`UPDATE groups SET ${sets.join(', ')} WHERE id = @id`).run({ ...cols, id });
}

export function setArchived(db: Db, id: number, archivedAt: number | null, now: number): void {
  db.prepare('UPDATE groups SET archived_at = ?, updated_at = ? WHERE id = ?').run(archivedAt, now, id);
}

export function countGroups(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM groups').get() as { n: number }).n;
}

/**
 * Recomputes the maintained counters of these groups from their rows: after rows were removed in
 * bulk (an undone import), where the incremental upkeep of ingest cannot follow.
 */
export function recountGroupCounters(db: Db, groupIds: readonly number[]): void {
  const recount = db.prepare(
    `UPDATE groups SET
         message_count = (SELECT count(*) FROM messages WHERE group_id = @id),
         unread_count = (SELECT count(*) FROM messages WHERE group_id = @id AND flags & ${MESSAGE_FLAG.unread}),
         last_message_at = (SELECT max(sent_at) FROM messages WHERE group_id = @id),
         member_count = (SELECT count(*) FROM memberships WHERE group_id = @id AND left_at IS NULL)
       WHERE id = @id`,
  );
  for (const id of groupIds) recount.run({ id });
}

/**
 * The lifecycle stage an import gives the groups it created, from how long ago their last message
 * was (an export can be years old): none yet → planning, within 30 days → healthy, within 90 →
 * declining, older → dormant. The operator can change it; group health refines it later.
 */
export function stageImportedGroups(db: Db, groupIds: readonly number[], now: number): void {
  if (groupIds.length === 0) return;
  const DAY = 86_400_000;
  db.prepare(
    `UPDATE groups SET lifecycle_stage = CASE
       WHEN last_message_at IS NULL THEN 'planning'
       WHEN last_message_at >= @d30 THEN 'healthy'
       WHEN last_message_at >= @d90 THEN 'declining'
       ELSE 'dormant' END
     WHERE ${inJson('id', '@ids')}`,
  ).run({ d30: now - 30 * DAY, d90: now - 90 * DAY, ids: jsonList(groupIds) });
}
