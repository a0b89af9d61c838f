/**
 * The cases themselves (`cases`, `case_tags`), the archive's search index (`case_search`) and
 * the archive's list. What a case's messages and participants hold is in case-messages.repo.ts.
 * Statements, row types and the row→DTO converter only; the rules are in cases.service.ts.
 */
import type { CaseConsent, CaseSummaryDto, CaseTags } from '../../../shared/api/cases';
import { iso, isoRequired } from '../clock';
import type { Db } from '../db/open';
import { inJson, jsonList } from '../db/sql';

export interface CaseRow {
  id: number;
  title: string;
  summary: string;
  group_id: number | null;
  group_name: string;
  first_at: number | null;
  last_at: number | null;
  created_at: number;
  updated_at: number;
}

export type CaseListRow = CaseRow & { message_count: number; participant_count: number; consent: CaseConsent };

export function toCaseSummaryDto(c: CaseRow, tags: CaseTags, messageCount: number, participantCount: number, consent: CaseConsent): CaseSummaryDto {
  return {
    id: c.id,
    title: c.title,
    summary: c.summary,
    tags,
    groupId: c.group_id,
    groupName: c.group_name,
    firstAt: iso(c.first_at),
    lastAt: iso(c.last_at),
    createdAt: isoRequired(c.created_at),
    updatedAt: isoRequired(c.updated_at),
    messageCount,
    participantCount,
    consent,
  };
}

// ---- one case ------------------------------------------------------------------------------

export function getCaseRow(db: Db, id: number): CaseRow | undefined {
  return db.prepare('SELECT id, title, summary, group_id, group_name, first_at, last_at, created_at, updated_at FROM cases WHERE id = ?').get(id) as CaseRow | undefined;
}

export function insertCase(db: Db, c: { title: string; groupId: number | null; groupName: string }, now: number): number {
  return Number(db.prepare('INSERT INTO cases (title, group_id, group_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(c.title, c.groupId, c.groupName, now, now).lastInsertRowid);
}

export function setTitle(db: Db, id: number, title: string): void {
  db.prepare('UPDATE cases SET title = ? WHERE id = ?').run(title, id);
}

export function setSummary(db: Db, id: number, summary: string): void {
  db.prepare('UPDATE cases SET summary = ? WHERE id = ?').run(summary, id);
}

export function setGroup(db: Db, id: number, groupId: number | null, groupName: string): void {
  db.prepare('UPDATE cases SET group_id = ?, group_name = ? WHERE id = ?').run(groupId, groupName, id);
}

export function touchCase(db: Db, id: number, now: number): void {
  db.prepare('UPDATE cases SET updated_at = ? WHERE id = ?').run(now, id);
}

/** The date range from the case's messages, and updated_at. */
export function refreshDates(db: Db, id: number, now: number): void {
  db.prepare(
    `UPDATE cases SET first_at = (SELECT min(sent_at) FROM case_messages WHERE case_id = @id), last_at = (SELECT max(sent_at) FROM case_messages WHERE case_id = @id), updated_at = @now WHERE id = @id`,
  ).run({ id, now });
}

/** The name a case stores for its source group; undefined when there is no such group. */
export function groupName(db: Db, groupId: number): string | undefined {
  return db.prepare('SELECT name FROM groups WHERE id = ?').pluck().get(groupId) as string | undefined;
}

/** A copy of the case with everything in it (tags, messages, participants, switched-off findings); returns its id. */
export function copyCase(db: Db, from: CaseRow, title: string, now: number): number {
  const copy = Number(
    db
      .prepare('INSERT INTO cases (title, summary, group_id, group_name, first_at, last_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(title, from.summary, from.group_id, from.group_name, from.first_at, from.last_at, now, now).lastInsertRowid,
  );
  const params = { from: from.id, to: copy };
  db.prepare('INSERT INTO case_tags (case_id, kind, tag) SELECT @to, kind, tag FROM case_tags WHERE case_id = @from').run(params);
  db.prepare(
    `INSERT INTO case_messages (case_id, message_id, source_id, position, hidden, text_override, annotation, sender_id, sender_name, sent_at, kind, text, attachments)
           SELECT @to, message_id, source_id, position, hidden, text_override, annotation, sender_id, sender_name, sent_at, kind, text, attachments FROM case_messages WHERE case_id = @from`,
  ).run(params);
  // Consent was given for these words; the copy shows the same words, so it carries the record.
  db.prepare(
    `INSERT INTO case_participants (case_id, member_id, name, role, label, consent, consent_at, consent_note)
           SELECT @to, member_id, name, role, label, consent, consent_at, consent_note FROM case_participants WHERE case_id = @from`,
  ).run(params);
  db.prepare('INSERT INTO case_redactions (case_id, finding_id) SELECT @to, finding_id FROM case_redactions WHERE case_id = @from').run(params);
  return copy;
}

/** The case and its search row (the rest goes with the case by foreign key). */
export function deleteCase(db: Db, id: number): void {
  db.prepare('DELETE FROM case_search WHERE rowid = ?').run(id);
  db.prepare('DELETE FROM cases WHERE id = ?').run(id);
}

// ---- tags ----------------------------------------------------------------------------------

/** The tags of each case, in the order they were written. */
export function tagsOfCases(db: Db, caseIds: readonly number[]): Map<number, CaseTags> {
  const q = db.prepare('SELECT kind, tag FROM case_tags WHERE case_id = ? ORDER BY rowid');
  const out = new Map<number, CaseTags>();
  for (const id of caseIds) {
    const tags: CaseTags = { product: [], pain: [], outcome: [] };
    for (const r of q.all(id) as { kind: keyof CaseTags; tag: string }[]) tags[r.kind].push(r.tag);
    out.set(id, tags);
  }
  return out;
}

export function tagsOf(db: Db, caseId: number): CaseTags {
  return tagsOfCases(db, [caseId]).get(caseId)!;
}

export function replaceTags(db: Db, caseId: number, tags: CaseTags): void {
  db.prepare('DELETE FROM case_tags WHERE case_id = ?').run(caseId);
  const ins = db.prepare('INSERT OR IGNORE INTO case_tags (case_id, kind, tag) VALUES (?, ?, ?)');
  for (const kind of ['product', 'pain', 'outcome'] as const) for (const tag of tags[kind]) ins.run(caseId, kind, tag);
}

export function tagCounts(db: Db): { kind: 'product' | 'pain' | 'outcome'; tag: string; count: number }[] {
  return db.prepare('SELECT kind, tag, count(*) AS count FROM case_tags GROUP BY kind, tag ORDER BY kind, count DESC, tag').all() as { kind: 'product' | 'pain' | 'outcome'; tag: string; count: number }[];
}

/** Cases with a tag (any kind), oldest first: the order of an archive book. */
export function caseIdsWithTag(db: Db, tag: string): number[] {
  return db.prepare('SELECT DISTINCT c.id FROM cases c JOIN case_tags t ON t.case_id = c.id WHERE t.tag = ? ORDER BY c.created_at, c.id').pluck().all(tag) as number[];
}

// ---- the search index ----------------------------------------------------------------------

/** The operator's and the members' texts of one case, as stored. */
export interface SearchSources {
  title: string;
  summary: string;
  tags: string[];
  parts: { annotation: string; text: string }[];
}

/** Statements made once for reading the search sources of many cases. */
export function prepareSearchSources(db: Db): (caseId: number) => SearchSources | undefined {
  const head = db.prepare('SELECT title, summary FROM cases WHERE id = ?');
  const tags = db.prepare('SELECT tag FROM case_tags WHERE case_id = ?').pluck();
  const parts = db.prepare('SELECT annotation, ifnull(text_override, text) AS text FROM case_messages WHERE case_id = ? ORDER BY position');
  return (caseId) => {
    const c = head.get(caseId) as { title: string; summary: string } | undefined;
    if (!c) return undefined;
    return { ...c, tags: tags.all(caseId) as string[], parts: parts.all(caseId) as { annotation: string; text: string }[] };
  };
}

/** Replaces the case's search row; an empty body leaves it without one. */
export function replaceSearchRow(db: Db, caseId: number, body: string): void {
  db.prepare('DELETE FROM case_search WHERE rowid = ?').run(caseId);
  if (body) db.prepare('INSERT INTO case_search (rowid, body) VALUES (?, ?)').run(caseId, body);
}

/** Cases whose chunk index matches; each is still to be confirmed on its text. */
export function searchCandidates(db: Db, match: string): number[] {
  return db.prepare('SELECT rowid FROM case_search WHERE case_search MATCH ?').pluck().all(match) as number[];
}

// ---- the archive ---------------------------------------------------------------------------

/**
 * A case's consent state in SQL, over the participants with a visible message: the same rule as
 * the service's consentOf (see CaseConsent), so the list can filter and sort on it.
 */
const CONSENT_SQL = `(SELECT CASE WHEN sum(p.consent = 'declined') > 0 THEN 'declined' WHEN sum(p.consent != 'granted') > 0 THEN 'pending' ELSE 'granted' END
  FROM case_participants p WHERE p.case_id = c.id AND EXISTS (SELECT 1 FROM case_messages x WHERE x.case_id = c.id AND x.sender_id = p.member_id AND x.hidden = 0))`;

export interface CaseListFilter {
  limit: number;
  tag?: string | undefined;
  tagKind?: string | undefined;
  groupId?: number | undefined;
  consent?: CaseConsent | undefined;
  /** ms: cases whose last message is at or after. */
  since?: number | undefined;
  /** ms: cases whose first message is before. */
  until?: number | undefined;
  /** Only these cases (the confirmed search hits). */
  ids?: readonly number[] | undefined;
  /** Keyset: cases created before this one, newest first. */
  before?: { at: number; id: number } | undefined;
}

export function listCases(db: Db, f: CaseListFilter): CaseListRow[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: f.limit };
  if (f.tag !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM case_tags t WHERE t.case_id = c.id AND t.tag = @tag ${f.tagKind ? 'AND t.kind = @tagKind' : ''})`);
    params.tag = f.tag;
    if (f.tagKind) params.tagKind = f.tagKind;
  }
  if (f.groupId !== undefined) {
    where.push('c.group_id = @group');
    params.group = f.groupId;
  }
  if (f.consent !== undefined) {
    where.push(`ifnull(${CONSENT_SQL}, 'granted') = @consent`);
    params.consent = f.consent;
  }
  if (f.since !== undefined) {
    where.push('c.last_at >= @since');
    params.since = f.since;
  }
  if (f.until !== undefined) {
    where.push('c.first_at < @until');
    params.until = f.until;
  }
  if (f.ids !== undefined) {
    where.push(inJson('c.id', '@hits'));
    params.hits = jsonList(f.ids);
  }
  if (f.before) {
    where.push('(c.created_at, c.id) < (@cAt, @cId)');
    params.cAt = f.before.at;
    params.cId = f.before.id;
  }
  return db
    .prepare(
      `SELECT c.id, c.title, c.summary, c.group_id, c.group_name, c.first_at, c.last_at, c.created_at, c.updated_at,
              (SELECT count(*) FROM case_messages x WHERE x.case_id = c.id) AS message_count,
              (SELECT count(*) FROM case_participants x WHERE x.case_id = c.id) AS participant_count,
              ifnull(${CONSENT_SQL}, 'granted') AS consent
       FROM cases c ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY c.created_at DESC, c.id DESC LIMIT @limit`,
    )
    .all(params) as CaseListRow[];
}
