/**
 * The segments' SQL: the compiler that turns a definition (AND/OR over rules, checked by the
 * contract's zod schema) into a SQL expression over `m` (members) or `g` (groups) with positional
 * parameters — so a segment is one indexed query wherever it is used: the roster, counts,
 * exports, inbox filters, broadcast targets — and the statements on the table `segments`.
 * Id lists travel as one JSON parameter (json_each), so a rule naming 5,000 groups is one bind.
 */
import { isCondition, type Condition, type GroupRule, type MemberRule, type SegmentDefinition, type SegmentDto } from '../../../shared/domain/segment';
import type { ActivityMetric } from '../../../shared/domain/segment';
import { isoRequired } from '../clock';
import type { Db } from '../db/open';
import { inJson } from '../db/sql';

export interface Predicate {
  sql: string;
  params: unknown[];
}

const METRIC_COLUMN: Record<ActivityMetric, string> = {
  messages: 'msg_count',
  n7: 'n7',
  n30: 'n30',
  n90: 'n90',
  days30: 'days30',
  repliesReceived: 'replies_received',
  repliesGiven: 'replies_given',
  mentionsReceived: 'mentions_received',
  answersGiven: 'answers_given',
  threadsStarted: 'threads_started',
};

const at = (iso: string | undefined) => (iso === undefined ? null : Date.parse(iso));

function compile<R>(c: Condition<R>, rule: (r: R, params: unknown[]) => string, params: unknown[]): string {
  if (c.rules.length === 0) return '1';
  const parts = c.rules.map((r) => (isCondition(r) ? compile(r, rule, params) : rule(r, params)));
  return `(${parts.join(c.op === 'and' ? ' AND ' : ' OR ')})`;
}

function memberRule(r: MemberRule, p: unknown[]): string {
  const groups = (ids: readonly number[] | undefined, col: string) => {
    if (!ids) return '';
    p.push(JSON.stringify(ids));
    return ` AND ${inJson(col)}`;
  };
  const not = (negate: boolean | undefined, sql: string) => (negate ? `NOT ${sql}` : sql);
  switch (r.field) {
    case 'tag': {
      p.push(JSON.stringify(r.tags));
      return not(r.negate, `EXISTS (SELECT 1 FROM member_tags t WHERE t.member_id = m.id AND ${inJson('t.tag')}${groups(r.groupIds, 't.group_id')})`);
    }
    case 'label':
      p.push(JSON.stringify(r.labelIds));
      return not(r.negate, `EXISTS (SELECT 1 FROM member_labels l WHERE l.member_id = m.id AND ${inJson('l.label_id')})`);
    case 'group':
      p.push(JSON.stringify(r.groupIds));
      return not(r.negate, `EXISTS (SELECT 1 FROM memberships s WHERE s.member_id = m.id AND ${inJson('s.group_id')}${r.includeLeft ? '' : ' AND s.left_at IS NULL'})`);
    case 'platform':
      p.push(JSON.stringify(r.platforms));
      return inJson('m.platform');
    case 'field': {
      p.push(r.key);
      const has = (cond: string) => `EXISTS (SELECT 1 FROM member_fields f WHERE f.member_id = m.id AND f.key = ? AND ${cond})`;
      if (r.op === 'empty') return `NOT ${has("f.value != ''")}`;
      if (r.op === 'notEmpty') return has("f.value != ''");
      p.push(r.value ?? '');
      return r.op === 'eq' ? has('f.value = ?') : has('instr(lower(f.value), lower(?)) > 0');
    }
    case 'activity': {
      const col = METRIC_COLUMN[r.metric];
      const cmp = r.op === 'gte' ? '>=' : '<=';
      if (!r.groupIds) {
        p.push(r.value);
        return `m.${col} ${cmp} ?`;
      }
      p.push(JSON.stringify(r.groupIds), r.value);
      return `(SELECT ifnull(sum(s.${col}), 0) FROM memberships s WHERE s.member_id = m.id AND ${inJson('s.group_id')}) ${cmp} ?`;
    }
    case 'lastMessage':
      if (r.op === 'never') return 'm.last_message_at IS NULL';
      p.push(at(r.date) ?? 0);
      return r.op === 'after' ? 'm.last_message_at > ?' : 'm.last_message_at < ?';
    case 'joined': {
      p.push(at(r.date));
      const cmp = r.op === 'after' ? '>' : '<';
      return `EXISTS (SELECT 1 FROM memberships s WHERE s.member_id = m.id AND s.joined_at ${cmp} ?${groups(r.groupIds, 's.group_id')})`;
    }
    case 'left': {
      let cond = 's.left_at IS NOT NULL';
      if (r.op !== 'any') {
        p.push(at(r.date) ?? 0);
        cond = `s.left_at ${r.op === 'after' ? '>' : '<'} ?`;
      }
      return `EXISTS (SELECT 1 FROM memberships s WHERE s.member_id = m.id AND ${cond}${groups(r.groupIds, 's.group_id')})`;
    }
  }
}

function groupRule(r: GroupRule, p: unknown[]): string {
  switch (r.field) {
    case 'platform':
      p.push(JSON.stringify(r.platforms));
      return inJson('g.platform');
    case 'type':
      p.push(JSON.stringify(r.types));
      return inJson('g.group_type');
    case 'city':
      p.push(r.value);
      return r.op === 'eq' ? 'g.city = ?' : 'instr(lower(g.city), lower(?)) > 0';
    case 'class':
      p.push(JSON.stringify(r.classes));
      return inJson('ifnull(g.class_override, g.class)');
    case 'stage':
      p.push(JSON.stringify(r.stages));
      return inJson('g.lifecycle_stage');
    case 'name':
      p.push(r.contains);
      return 'instr(lower(g.name), lower(?)) > 0';
    case 'members':
      p.push(r.value);
      return `g.member_count ${r.op === 'gte' ? '>=' : '<='} ?`;
    case 'ids':
      p.push(JSON.stringify(r.groupIds));
      return inJson('g.id');
  }
}

export function memberPredicate(c: Condition<MemberRule>): Predicate {
  const params: unknown[] = [];
  return { sql: compile(c, memberRule, params), params };
}

export function groupPredicate(c: Condition<GroupRule>): Predicate {
  const params: unknown[] = [];
  return { sql: compile(c, groupRule, params), params };
}

export function countSegment(db: Db, def: SegmentDefinition): number {
  if (def.target === 'members') {
    const p = memberPredicate(def.condition);
    return db.prepare(`SELECT count(*) FROM members m WHERE ${p.sql}`).pluck().get(...p.params) as number;
  }
  const p = groupPredicate(def.condition);
  return db.prepare(`SELECT count(*) FROM groups g WHERE g.archived_at IS NULL AND ${p.sql}`).pluck().get(...p.params) as number;
}

/** The ids of the live (not archived) groups a group condition selects. */
export function groupIdsOf(db: Db, c: Condition<GroupRule>): number[] {
  const p = groupPredicate(c);
  return db.prepare(`SELECT g.id FROM groups g WHERE g.archived_at IS NULL AND ${p.sql} ORDER BY g.id`).pluck().all(...p.params) as number[];
}

// ---- saved segments --------------------------------------------------------------------------

interface SegmentRow {
  id: number;
  target: string;
  name: string;
  definition: string;
  created_at: number;
  updated_at: number;
}

const toDto = (r: SegmentRow): SegmentDto => ({ id: r.id, name: r.name, definition: JSON.parse(r.definition) as SegmentDefinition, createdAt: isoRequired(r.created_at), updatedAt: isoRequired(r.updated_at) });

export function listSegments(db: Db, target?: 'members' | 'groups'): SegmentDto[] {
  const rows = (target ? db.prepare('SELECT * FROM segments WHERE target = ? ORDER BY name').all(target) : db.prepare('SELECT * FROM segments ORDER BY target, name').all()) as SegmentRow[];
  return rows.map(toDto);
}

export function getSegment(db: Db, id: number): SegmentDto | null {
  const r = db.prepare('SELECT * FROM segments WHERE id = ?').get(id) as SegmentRow | undefined;
  return r ? toDto(r) : null;
}

/** Creates, or replaces the one with `id`. A name is unique per target (segments.service checks it first). */
export function saveSegment(db: Db, s: { id?: number | undefined; name: string; definition: SegmentDefinition }, now: number): SegmentDto {
  const json = JSON.stringify(s.definition);
  const id =
    s.id === undefined
      ? Number(db.prepare('INSERT INTO segments (target, name, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(s.definition.target, s.name, json, now, now).lastInsertRowid)
      : (db.prepare('UPDATE segments SET target = ?, name = ?, definition = ?, updated_at = ? WHERE id = ?').run(s.definition.target, s.name, json, now, s.id), s.id);
  return getSegment(db, id)!;
}

/** False when there was no such segment. */
export function deleteSegment(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM segments WHERE id = ?').run(id).changes > 0;
}
