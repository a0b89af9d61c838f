/**
 * Case-study archives (#7): curated discussions with their redactions and consent. The store is
 * migration 0011; every case message is a snapshot of the message it was picked from (see there).
 *
 * What the editor and the exports see is computed here, on every read, by the pure redaction
 * engine (services/redaction.ts) over the case's texts: the visible messages first, so the first
 * person whose words are shown is 成员A, then the hidden ones (a QQ number labelled in a hidden
 * message is still redacted where it recurs), then the operator's own texts (title, summary,
 * annotations), which may name members too. Switched-off finding ids are stored per case; trimming
 * a message forgets the ones of that message, because its offsets changed and an old id could
 * otherwise switch off a new finding that happens to sit at the same offset.
 */
import type { Locale } from '../../../shared/domain/enums';
import type { AttachmentDto } from '../../../shared/domain/message';
import type { ParsedReq } from '../../../shared/api';
import type { CaseConsent, CaseDto, CaseMessageDto, CaseParticipantDto, CaseRedactionDto, CaseSettings, CaseSummaryDto, CaseTags, ConsentState, MissingConsentDto, RedactedTextDto } from '../../../shared/api/cases';
import { iso, isoRequired } from '../clock';
import type { Db } from '../db/open';
import { appError, t } from '../i18n/messages';
import { getMessageRows, type MessageRow } from '../inbox';
import { getMeta, setMeta } from '../db/meta.repo';
import { messageContext } from '../inbox';
import { redactCase, type CaseMessage, type CaseParticipant, type Redaction } from './redaction';
import { matchesAll, parseQuery, searchBody } from '../text/search-text';

export interface CaseDeps {
  db: Db;
  locale: Locale;
  now: () => number;
}

type Role = 'owner' | 'kol' | 'member';

interface CaseRow {
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

interface CaseMessageRow {
  message_id: number;
  source_id: number | null;
  position: number;
  hidden: number;
  text_override: string | null;
  annotation: string;
  sender_id: number | null;
  sender_name: string;
  sent_at: number;
  kind: string;
  text: string;
  attachments: string;
}

interface ParticipantRow {
  member_id: number;
  name: string;
  role: Role;
  label: string | null;
  consent: ConsentState;
  consent_at: number | null;
  consent_note: string;
}

// ---- reading -------------------------------------------------------------------------------

function mustCase(d: CaseDeps, id: number): CaseRow {
  const row = d.db.prepare('SELECT id, title, summary, group_id, group_name, first_at, last_at, created_at, updated_at FROM cases WHERE id = ?').get(id) as CaseRow | undefined;
  if (!row) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.case'), id });
  return row;
}

function caseMessages(db: Db, caseId: number): CaseMessageRow[] {
  return db
    .prepare('SELECT message_id, source_id, position, hidden, text_override, annotation, sender_id, sender_name, sent_at, kind, text, attachments FROM case_messages WHERE case_id = ? ORDER BY position, message_id')
    .all(caseId) as CaseMessageRow[];
}

function participants(db: Db, caseId: number): ParticipantRow[] {
  return db.prepare('SELECT member_id, name, role, label, consent, consent_at, consent_note FROM case_participants WHERE case_id = ? ORDER BY member_id').all(caseId) as ParticipantRow[];
}

function tagsOf(db: Db, caseId: number): CaseTags {
  const tags: CaseTags = { product: [], pain: [], outcome: [] };
  for (const r of db.prepare('SELECT kind, tag FROM case_tags WHERE case_id = ? ORDER BY rowid').all(caseId) as { kind: keyof CaseTags; tag: string }[]) tags[r.kind].push(r.tag);
  return tags;
}

/** Every name a member went by (display name, nicknames, group cards), for the name redactions. */
function aliasesOf(db: Db, memberId: number): string[] {
  return db
    .prepare(
      `SELECT display_name AS n FROM members WHERE id = @id
       UNION SELECT name FROM member_names WHERE member_id = @id
       UNION SELECT group_nickname FROM memberships WHERE member_id = @id AND group_nickname IS NOT NULL`,
    )
    .pluck()
    .all({ id: memberId }) as string[];
}

const effectiveText = (m: CaseMessageRow) => m.text_override ?? m.text;

/**
 * Rebuilds a redacted text with other replacements for some redactions (label overrides): the
 * offsets into the output move, the findings and their ids do not.
 */
function relabel(original: string, redactions: readonly Redaction[], replace: (r: Redaction) => string): { text: string; redactions: CaseRedactionDto[] } {
  let text = '';
  let cursor = 0;
  const out: CaseRedactionDto[] = [];
  for (const r of redactions) {
    const replacement = replace(r);
    text += original.slice(cursor, r.start);
    const outputStart = text.length;
    text += r.applied ? replacement : r.original;
    out.push({ id: r.id, kind: r.kind, original: r.original, replacement, start: r.start, end: r.end, applied: r.applied, outputStart, outputEnd: text.length });
    cursor = r.end;
  }
  return { text: text + original.slice(cursor), redactions: out };
}

const consentOf = (missing: readonly { consent: ConsentState }[]): CaseConsent => (missing.some((m) => m.consent === 'declined') ? 'declined' : missing.length ? 'pending' : 'granted');

/** The case as the editor and the exports see it. */
export function getCase(d: CaseDeps, id: number): CaseDto {
  const c = mustCase(d, id);
  const msgs = caseMessages(d.db, id);
  const parts = participants(d.db, id);
  const disabled = new Set(d.db.prepare('SELECT finding_id FROM case_redactions WHERE case_id = ?').pluck().all(id) as string[]);
  const people: CaseParticipant[] = parts.map((p) => ({ key: String(p.member_id), name: p.name, aliases: aliasesOf(d.db, p.member_id).filter((n) => n.trim() && n !== p.name), role: p.role }));
  const senderKey = (m: CaseMessageRow) => (m.sender_id === null ? 'unknown' : String(m.sender_id));
  const ordered = [...msgs.filter((m) => !m.hidden), ...msgs.filter((m) => m.hidden)];
  // The operator's texts ride along under the first speaker's key, so they never take a label.
  const ownKey = ordered[0] ? senderKey(ordered[0]) : (people[0]?.key ?? 'unknown');
  const own: CaseMessage[] = [
    { id: 'title', senderKey: ownKey, text: c.title },
    { id: 'summary', senderKey: ownKey, text: c.summary },
    ...ordered.filter((m) => m.annotation).map((m) => ({ id: `note-${m.message_id}`, senderKey: ownKey, text: m.annotation })),
  ];
  const input: CaseMessage[] = [...ordered.map((m) => ({ id: String(m.message_id), senderKey: senderKey(m), text: effectiveText(m) })), ...own];
  const result = redactCase({ messages: input, participants: people, locale: d.locale, disabled });
  const overrides = new Map(parts.filter((p) => p.label).map((p) => [String(p.member_id), p.label!]));
  const labelOf = (key: string) => overrides.get(key) ?? result.labels[key] ?? '';
  const keyOfLabel = new Map(Object.entries(result.labels).map(([k, v]) => [v, k]));
  const replace = (r: Redaction) => {
    if (r.kind !== 'name') return r.replacement;
    const key = keyOfLabel.get(r.replacement);
    return key === undefined ? r.replacement : labelOf(key);
  };
  const byId = new Map(result.messages.map((m, i) => [m.id, { redacted: m, text: input[i]!.text }]));
  const redacted = (rid: string, fallback: string): RedactedTextDto => {
    const r = byId.get(rid);
    return r ? relabel(r.text, r.redacted.redactions, replace) : { text: fallback, redactions: [] };
  };
  const shown = new Map<number, number>();
  for (const m of msgs) if (!m.hidden && m.sender_id !== null) shown.set(m.sender_id, (shown.get(m.sender_id) ?? 0) + 1);
  const participantDtos: CaseParticipantDto[] = parts.map((p) => ({
    memberId: p.member_id,
    name: p.name,
    role: p.role,
    label: labelOf(String(p.member_id)),
    labelOverride: p.label,
    consent: p.consent,
    consentAt: iso(p.consent_at),
    consentNote: p.consent_note,
    shownMessages: shown.get(p.member_id) ?? 0,
  }));
  const missingConsent: MissingConsentDto[] = participantDtos.filter((p) => p.shownMessages > 0 && p.consent !== 'granted').map((p) => ({ caseId: id, memberId: p.memberId, name: p.name, label: p.label, consent: p.consent }));
  const messages: CaseMessageDto[] = msgs.map((m) => {
    const r = redacted(String(m.message_id), effectiveText(m));
    return {
      messageId: m.message_id,
      position: m.position,
      hidden: m.hidden === 1,
      sourceDeleted: m.source_id === null,
      sender: { memberId: m.sender_id, name: m.sender_name, label: labelOf(senderKey(m)) },
      sentAt: isoRequired(m.sent_at),
      kind: m.kind,
      originalText: m.text,
      trimmedText: m.text_override,
      redactedText: r.text,
      redactions: r.redactions,
      annotation: m.annotation,
      redactedAnnotation: m.annotation ? redacted(`note-${m.message_id}`, m.annotation) : { text: '', redactions: [] },
      attachments: JSON.parse(m.attachments) as AttachmentDto[],
    };
  });
  return {
    ...summaryOf(c, tagsOf(d.db, id), msgs.length, parts.length, consentOf(missingConsent)),
    redactedTitle: redacted('title', c.title),
    redactedSummary: redacted('summary', c.summary),
    messages,
    participants: participantDtos,
    missingConsent,
  };
}

function summaryOf(c: CaseRow, tags: CaseTags, messageCount: number, participantCount: number, consent: CaseConsent): CaseSummaryDto {
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

// ---- writing -------------------------------------------------------------------------------

/** The picked messages, oldest first; a missing id is an error, system notices are left out. */
function pickMessages(d: CaseDeps, pick: { messageIds?: number[] | undefined; threadOf?: number | undefined }): MessageRow[] {
  let rows: MessageRow[];
  if (pick.threadOf !== undefined) {
    const ctx = messageContext(d, pick.threadOf, 0);
    rows = getMessageRows(d.db, [...ctx.chain, ctx.message, ...ctx.replies].map((m) => m.id));
  } else {
    const ids = [...new Set(pick.messageIds ?? [])];
    rows = getMessageRows(d.db, ids);
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.find((x) => !found.has(x));
    if (missing !== undefined) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.message'), id: missing });
  }
  return rows.filter((r) => r.kind !== 'system').sort((a, b) => a.sent_at - b.sent_at || a.id - b.id);
}

function attachmentsJson(db: Db, ids: readonly number[]): Map<number, AttachmentDto[]> {
  const out = new Map<number, AttachmentDto[]>();
  const rows = db.prepare('SELECT message_id, kind, ref FROM message_attachments WHERE message_id IN (SELECT value FROM json_each(?)) ORDER BY message_id, seq').all(JSON.stringify(ids)) as {
    message_id: number;
    kind: AttachmentDto['kind'];
    ref: string;
  }[];
  for (const a of rows) out.set(a.message_id, [...(out.get(a.message_id) ?? []), { kind: a.kind, ref: a.ref }]);
  return out;
}

/** Appends messages not yet in the case, in time order, after its last position; returns how many were added. */
function appendMessages(db: Db, caseId: number, rows: readonly MessageRow[]): number {
  const existing = new Set(db.prepare('SELECT message_id FROM case_messages WHERE case_id = ?').pluck().all(caseId) as number[]);
  const fresh = rows.filter((r) => !existing.has(r.id));
  let pos = ((db.prepare('SELECT max(position) FROM case_messages WHERE case_id = ?').pluck().get(caseId) as number | null) ?? -1) + 1;
  const att = attachmentsJson(
    db,
    fresh.map((r) => r.id),
  );
  const ins = db.prepare(
    `INSERT INTO case_messages (case_id, message_id, source_id, position, sender_id, sender_name, sent_at, kind, text, attachments)
     VALUES (@caseId, @id, @id, @pos, @senderId, @senderName, @sentAt, @kind, @text, @attachments)`,
  );
  for (const r of fresh) {
    ins.run({ caseId, id: r.id, pos: pos++, senderId: r.sender_id, senderName: r.sender_name ?? '', sentAt: r.sent_at, kind: r.kind, text: r.text, attachments: JSON.stringify(att.get(r.id) ?? []) });
  }
  const mentionRows = db
    .prepare('SELECT x.member_id, m.group_id FROM message_mentions x JOIN messages m ON m.id = x.message_id WHERE x.message_id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(fresh.map((r) => r.id))) as { member_id: number; group_id: number }[];
  const people = new Map<number, number>();
  for (const r of fresh) if (r.sender_id !== null && !people.has(r.sender_id)) people.set(r.sender_id, r.group_id);
  for (const m of mentionRows) if (!people.has(m.member_id)) people.set(m.member_id, m.group_id);
  addParticipants(db, caseId, people);
  return fresh.length;
}

/**
 * New participants with their role label from the roster: the group's owner is 群主, a KOL of the
 * group (auto tag or set by hand, minus a manual "off") is KOL, everyone else a member.
 */
function addParticipants(db: Db, caseId: number, people: ReadonlyMap<number, number>): void {
  const info = db.prepare(
    `SELECT mb.display_name AS name,
            (SELECT role FROM memberships WHERE group_id = @group AND member_id = @member) AS role,
            (EXISTS (SELECT 1 FROM member_tags WHERE group_id = @group AND member_id = @member AND tag = 'kol')
               AND NOT EXISTS (SELECT 1 FROM member_tag_overrides WHERE group_id = @group AND member_id = @member AND tag = 'kol' AND state = 'off'))
            OR EXISTS (SELECT 1 FROM member_tag_overrides WHERE group_id = @group AND member_id = @member AND tag = 'kol' AND state = 'on') AS kol
     FROM members mb WHERE mb.id = @member`,
  );
  const ins = db.prepare('INSERT OR IGNORE INTO case_participants (case_id, member_id, name, role) VALUES (?, ?, ?, ?)');
  for (const [member, group] of people) {
    const r = info.get({ member, group }) as { name: string; role: string | null; kol: number } | undefined;
    if (!r) continue;
    ins.run(caseId, member, r.name, r.role === 'owner' ? 'owner' : r.kol ? 'kol' : 'member');
  }
}

/**
 * After messages change: the derived date range, the participants (those no longer speaking or
 * mentioned go, unless consent was recorded for them), the search row and updated_at.
 */
function settle(d: CaseDeps, caseId: number): void {
  const db = d.db;
  db.prepare(
    `UPDATE cases SET first_at = (SELECT min(sent_at) FROM case_messages WHERE case_id = @id), last_at = (SELECT max(sent_at) FROM case_messages WHERE case_id = @id), updated_at = @now WHERE id = @id`,
  ).run({ id: caseId, now: d.now() });
  db.prepare(
    `DELETE FROM case_participants AS p WHERE p.case_id = @id AND p.consent = 'not-asked' AND p.consent_note = '' AND p.label IS NULL
       AND NOT EXISTS (SELECT 1 FROM case_messages m WHERE m.case_id = @id AND m.sender_id = p.member_id)
       AND NOT EXISTS (SELECT 1 FROM case_messages m JOIN message_mentions x ON x.message_id = m.source_id WHERE m.case_id = @id AND x.member_id = p.member_id)`,
  ).run({ id: caseId });
  reindex(db, caseId);
}

/** The text the archive search looks at. */
function searchTextOf(db: Db, caseId: number): string {
  const c = db.prepare('SELECT title, summary FROM cases WHERE id = ?').get(caseId) as { title: string; summary: string } | undefined;
  if (!c) return '';
  const tags = db.prepare('SELECT tag FROM case_tags WHERE case_id = ?').pluck().all(caseId) as string[];
  const parts = db.prepare('SELECT annotation, ifnull(text_override, text) AS text FROM case_messages WHERE case_id = ? ORDER BY position').all(caseId) as { annotation: string; text: string }[];
  return [c.title, c.summary, ...tags, ...parts.flatMap((p) => [p.annotation, p.text])].filter(Boolean).join('\n');
}

function reindex(db: Db, caseId: number): void {
  db.prepare('DELETE FROM case_search WHERE rowid = ?').run(caseId);
  const body = searchBody(searchTextOf(db, caseId));
  if (body) db.prepare('INSERT INTO case_search (rowid, body) VALUES (?, ?)').run(caseId, body);
}

function defaultTitle(d: CaseDeps, rows: readonly MessageRow[]): string {
  const first = rows[0]!;
  const date = new Date(first.sent_at + 8 * 3_600_000).toISOString().slice(0, 10);
  return t(d.locale, 'case.defaultTitle', { group: first.group_name, date }).slice(0, 200);
}

export function createCase(d: CaseDeps, req: ParsedReq<'cases.create'>): CaseDto {
  const id = d.db
    .transaction(() => {
      const rows = pickMessages(d, req);
      if (rows.length === 0) throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'case.noMessages') });
      const groups = new Set(rows.map((r) => r.group_id));
      const group = groups.size === 1 ? rows[0]! : null;
      const now = d.now();
      const caseId = Number(
        d.db
          .prepare('INSERT INTO cases (title, group_id, group_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
          .run(req.title ?? defaultTitle(d, rows), group?.group_id ?? null, group?.group_name ?? '', now, now).lastInsertRowid,
      );
      appendMessages(d.db, caseId, rows);
      settle(d, caseId);
      return caseId;
    })
    .immediate();
  return getCase(d, id);
}

function writeTags(db: Db, caseId: number, tags: CaseTags): void {
  db.prepare('DELETE FROM case_tags WHERE case_id = ?').run(caseId);
  const ins = db.prepare('INSERT OR IGNORE INTO case_tags (case_id, kind, tag) VALUES (?, ?, ?)');
  for (const kind of ['product', 'pain', 'outcome'] as const) for (const tag of tags[kind]) ins.run(caseId, kind, tag);
}

export function updateCase(d: CaseDeps, req: ParsedReq<'cases.update'>): CaseDto {
  d.db
    .transaction(() => {
      mustCase(d, req.id);
      if (req.title !== undefined) d.db.prepare('UPDATE cases SET title = ? WHERE id = ?').run(req.title, req.id);
      if (req.summary !== undefined) d.db.prepare('UPDATE cases SET summary = ? WHERE id = ?').run(req.summary, req.id);
      if (req.tags !== undefined) writeTags(d.db, req.id, req.tags);
      if (req.groupId !== undefined) {
        const name = req.groupId === null ? '' : (d.db.prepare('SELECT name FROM groups WHERE id = ?').pluck().get(req.groupId) as string | undefined);
        if (name === undefined) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.group'), id: req.groupId! });
        d.db.prepare('UPDATE cases SET group_id = ?, group_name = ? WHERE id = ?').run(req.groupId, name, req.id);
      }
      settle(d, req.id);
    })
    .immediate();
  return getCase(d, req.id);
}

export function addMessages(d: CaseDeps, req: ParsedReq<'cases.addMessages'>): CaseDto {
  d.db
    .transaction(() => {
      mustCase(d, req.id);
      appendMessages(d.db, req.id, pickMessages(d, req));
      settle(d, req.id);
    })
    .immediate();
  return getCase(d, req.id);
}

function mustContain(d: CaseDeps, caseId: number, messageIds: readonly number[]): void {
  const present = new Set(d.db.prepare('SELECT message_id FROM case_messages WHERE case_id = ?').pluck().all(caseId) as number[]);
  const missing = messageIds.find((m) => !present.has(m));
  if (missing !== undefined) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.caseMessage'), id: missing });
}

/** Forgets switched-off findings of these messages (their texts changed, so their offsets did). */
function forgetRedactions(db: Db, caseId: number, messageId: number): void {
  db.prepare("DELETE FROM case_redactions WHERE case_id = ? AND (finding_id LIKE ? || ':%' OR finding_id LIKE 'note-' || ? || ':%')").run(caseId, String(messageId), String(messageId));
}

export function removeMessages(d: CaseDeps, req: ParsedReq<'cases.removeMessages'>): CaseDto {
  d.db
    .transaction(() => {
      mustCase(d, req.id);
      mustContain(d, req.id, req.messageIds);
      const del = d.db.prepare('DELETE FROM case_messages WHERE case_id = ? AND message_id = ?');
      for (const m of req.messageIds) {
        del.run(req.id, m);
        forgetRedactions(d.db, req.id, m);
      }
      renumber(d.db, req.id);
      settle(d, req.id);
    })
    .immediate();
  return getCase(d, req.id);
}

function renumber(db: Db, caseId: number): void {
  const ids = db.prepare('SELECT message_id FROM case_messages WHERE case_id = ? ORDER BY position, message_id').pluck().all(caseId) as number[];
  const upd = db.prepare('UPDATE case_messages SET position = ? WHERE case_id = ? AND message_id = ?');
  ids.forEach((m, i) => upd.run(i, caseId, m));
}

export function reorderMessages(d: CaseDeps, req: ParsedReq<'cases.reorderMessages'>): CaseDto {
  d.db
    .transaction(() => {
      mustCase(d, req.id);
      const present = d.db.prepare('SELECT message_id FROM case_messages WHERE case_id = ?').pluck().all(req.id) as number[];
      const given = new Set(req.messageIds);
      if (given.size !== req.messageIds.length || given.size !== present.length || present.some((m) => !given.has(m))) {
        throw appError(d.locale, 'BAD_REQUEST', { detail: t(d.locale, 'case.badOrder') });
      }
      const upd = d.db.prepare('UPDATE case_messages SET position = ? WHERE case_id = ? AND message_id = ?');
      req.messageIds.forEach((m, i) => upd.run(i, req.id, m));
      settle(d, req.id);
    })
    .immediate();
  return getCase(d, req.id);
}

export function editMessage(d: CaseDeps, req: ParsedReq<'cases.editMessage'>): CaseDto {
  d.db
    .transaction(() => {
      mustCase(d, req.id);
      mustContain(d, req.id, [req.messageId]);
      const key = { c: req.id, m: req.messageId };
      if (req.hidden !== undefined) d.db.prepare('UPDATE case_messages SET hidden = @h WHERE case_id = @c AND message_id = @m').run({ ...key, h: req.hidden ? 1 : 0 });
      if (req.trimmedText !== undefined) {
        const before = d.db.prepare('SELECT ifnull(text_override, text) FROM case_messages WHERE case_id = @c AND message_id = @m').pluck().get(key) as string;
        d.db.prepare('UPDATE case_messages SET text_override = CASE WHEN @t IS NULL OR @t = text THEN NULL ELSE @t END WHERE case_id = @c AND message_id = @m').run({ ...key, t: req.trimmedText });
        const after = d.db.prepare('SELECT ifnull(text_override, text) FROM case_messages WHERE case_id = @c AND message_id = @m').pluck().get(key) as string;
        if (after !== before) d.db.prepare("DELETE FROM case_redactions WHERE case_id = ? AND finding_id LIKE ? || ':%'").run(req.id, String(req.messageId));
      }
      if (req.annotation !== undefined) {
        d.db.prepare('UPDATE case_messages SET annotation = @a WHERE case_id = @c AND message_id = @m').run({ ...key, a: req.annotation });
        d.db.prepare("DELETE FROM case_redactions WHERE case_id = ? AND finding_id LIKE 'note-' || ? || ':%'").run(req.id, String(req.messageId));
      }
      settle(d, req.id);
    })
    .immediate();
  return getCase(d, req.id);
}

export function setRedaction(d: CaseDeps, req: ParsedReq<'cases.setRedaction'>): CaseDto {
  d.db
    .transaction(() => {
      const current = getCase(d, req.id);
      const all = [
        ...current.messages.flatMap((m) => [...m.redactions, ...m.redactedAnnotation.redactions]),
        ...current.redactedTitle.redactions,
        ...current.redactedSummary.redactions,
      ];
      // Only ids the case has now: a stale id stored "off" could switch off a later finding.
      if (!all.some((r) => r.id === req.findingId)) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.redaction'), id: req.findingId });
      if (req.applied) d.db.prepare('DELETE FROM case_redactions WHERE case_id = ? AND finding_id = ?').run(req.id, req.findingId);
      else d.db.prepare('INSERT OR IGNORE INTO case_redactions (case_id, finding_id) VALUES (?, ?)').run(req.id, req.findingId);
      d.db.prepare('UPDATE cases SET updated_at = ? WHERE id = ?').run(d.now(), req.id);
    })
    .immediate();
  return getCase(d, req.id);
}

function mustParticipant(d: CaseDeps, caseId: number, memberId: number): void {
  if (!d.db.prepare('SELECT 1 FROM case_participants WHERE case_id = ? AND member_id = ?').get(caseId, memberId)) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.participant'), id: memberId });
}

export function setParticipant(d: CaseDeps, req: ParsedReq<'cases.setParticipant'>): CaseDto {
  d.db
    .transaction(() => {
      mustCase(d, req.id);
      mustParticipant(d, req.id, req.memberId);
      if (req.role !== undefined) d.db.prepare('UPDATE case_participants SET role = ? WHERE case_id = ? AND member_id = ?').run(req.role, req.id, req.memberId);
      if (req.label !== undefined) {
        // Two people with one label would read as one person in the document.
        if (req.label !== null) {
          const other = getCase(d, req.id).participants.find((p) => p.memberId !== req.memberId && p.label === req.label);
          if (other) throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'case.labelTaken', { label: req.label }) });
        }
        d.db.prepare('UPDATE case_participants SET label = ? WHERE case_id = ? AND member_id = ?').run(req.label, req.id, req.memberId);
      }
      d.db.prepare('UPDATE cases SET updated_at = ? WHERE id = ?').run(d.now(), req.id);
    })
    .immediate();
  return getCase(d, req.id);
}

export function setConsent(d: CaseDeps, req: ParsedReq<'cases.setConsent'>): CaseDto {
  d.db
    .transaction(() => {
      mustCase(d, req.id);
      mustParticipant(d, req.id, req.memberId);
      const at = req.at === undefined ? (req.consent === 'not-asked' ? null : d.now()) : req.at === null ? null : Date.parse(req.at);
      d.db
        .prepare('UPDATE case_participants SET consent = @consent, consent_at = @at, consent_note = ifnull(@note, consent_note) WHERE case_id = @c AND member_id = @m')
        .run({ consent: req.consent, at, note: req.note ?? null, c: req.id, m: req.memberId });
      d.db.prepare('UPDATE cases SET updated_at = ? WHERE id = ?').run(d.now(), req.id);
    })
    .immediate();
  return getCase(d, req.id);
}

export function duplicateCase(d: CaseDeps, req: ParsedReq<'cases.duplicate'>): CaseDto {
  const id = d.db
    .transaction(() => {
      const c = mustCase(d, req.id);
      const now = d.now();
      const title = req.title ?? t(d.locale, 'case.copyTitle', { title: c.title }).slice(0, 200);
      const copy = Number(
        d.db
          .prepare('INSERT INTO cases (title, summary, group_id, group_name, first_at, last_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(title, c.summary, c.group_id, c.group_name, c.first_at, c.last_at, now, now).lastInsertRowid,
      );
      const params = { from: req.id, to: copy };
      d.db.prepare('INSERT INTO case_tags (case_id, kind, tag) SELECT @to, kind, tag FROM case_tags WHERE case_id = @from').run(params);
      d.db
        .prepare(
          `INSERT INTO case_messages (case_id, message_id, source_id, position, hidden, text_override, annotation, sender_id, sender_name, sent_at, kind, text, attachments)
           SELECT @to, message_id, source_id, position, hidden, text_override, annotation, sender_id, sender_name, sent_at, kind, text, attachments FROM case_messages WHERE case_id = @from`,
        )
        .run(params);
      // Consent was given for these words; the copy shows the same words, so it carries the record.
      d.db
        .prepare(
          `INSERT INTO case_participants (case_id, member_id, name, role, label, consent, consent_at, consent_note)
           SELECT @to, member_id, name, role, label, consent, consent_at, consent_note FROM case_participants WHERE case_id = @from`,
        )
        .run(params);
      d.db.prepare('INSERT INTO case_redactions (case_id, finding_id) SELECT @to, finding_id FROM case_redactions WHERE case_id = @from').run(params);
      reindex(d.db, copy);
      return copy;
    })
    .immediate();
  return getCase(d, id);
}

export function deleteCase(d: CaseDeps, id: number): void {
  d.db
    .transaction(() => {
      mustCase(d, id);
      d.db.prepare('DELETE FROM case_search WHERE rowid = ?').run(id);
      d.db.prepare('DELETE FROM cases WHERE id = ?').run(id);
    })
    .immediate();
}

// ---- the archive ---------------------------------------------------------------------------

/** A case's consent state in SQL, over the participants with a visible message (see CaseConsent). */
const CONSENT_SQL = `(SELECT CASE WHEN sum(p.consent = 'declined') > 0 THEN 'declined' WHEN sum(p.consent != 'granted') > 0 THEN 'pending' ELSE 'granted' END
  FROM case_participants p WHERE p.case_id = c.id AND EXISTS (SELECT 1 FROM case_messages x WHERE x.case_id = c.id AND x.sender_id = p.member_id AND x.hidden = 0))`;

export function listCases(d: CaseDeps, req: ParsedReq<'cases.list'>): { items: CaseSummaryDto[]; next: string | null } {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: req.limit };
  if (req.tag !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM case_tags t WHERE t.case_id = c.id AND t.tag = @tag ${req.tagKind ? 'AND t.kind = @tagKind' : ''})`);
    params.tag = req.tag;
    if (req.tagKind) params.tagKind = req.tagKind;
  }
  if (req.groupId !== undefined) {
    where.push('c.group_id = @group');
    params.group = req.groupId;
  }
  if (req.consent !== undefined) {
    where.push(`ifnull(${CONSENT_SQL}, 'granted') = @consent`);
    params.consent = req.consent;
  }
  if (req.since !== undefined) {
    where.push('c.last_at >= @since');
    params.since = Date.parse(req.since);
  }
  if (req.until !== undefined) {
    where.push('c.first_at < @until');
    params.until = Date.parse(req.until);
  }
  const query = req.query?.trim() ? parseQuery(req.query) : null;
  if (query) {
    if (!query.match) return { items: [], next: null };
    // The inbox's search: the chunk index finds candidates, each is confirmed on its text.
    const candidates = d.db.prepare('SELECT rowid FROM case_search WHERE case_search MATCH ?').pluck().all(query.match) as number[];
    const hits = candidates.filter((id) => matchesAll(searchTextOf(d.db, id), query.terms));
    where.push('c.id IN (SELECT value FROM json_each(@hits))');
    params.hits = JSON.stringify(hits);
  }
  if (req.cursor) {
    const m = /^c(-?\d{1,16})\.(\d{1,12})$/.exec(req.cursor);
    if (!m) throw appError(d.locale, 'BAD_REQUEST', { detail: t(d.locale, 'inbox.badCursor') });
    where.push('(c.created_at, c.id) < (@cAt, @cId)');
    params.cAt = Number(m[1]);
    params.cId = Number(m[2]);
  }
  const rows = d.db
    .prepare(
      `SELECT c.id, c.title, c.summary, c.group_id, c.group_name, c.first_at, c.last_at, c.created_at, c.updated_at,
              (SELECT count(*) FROM case_messages x WHERE x.case_id = c.id) AS message_count,
              (SELECT count(*) FROM case_participants x WHERE x.case_id = c.id) AS participant_count,
              ifnull(${CONSENT_SQL}, 'granted') AS consent
       FROM cases c ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY c.created_at DESC, c.id DESC LIMIT @limit`,
    )
    .all(params) as (CaseRow & { message_count: number; participant_count: number; consent: CaseConsent })[];
  const last = rows[rows.length - 1];
  return {
    items: rows.map((r) => summaryOf(r, tagsOf(d.db, r.id), r.message_count, r.participant_count, r.consent)),
    next: rows.length === req.limit && last ? `c${last.created_at}.${last.id}` : null,
  };
}

export function caseTags(db: Db): { tags: { kind: 'product' | 'pain' | 'outcome'; tag: string; count: number }[] } {
  return { tags: db.prepare('SELECT kind, tag, count(*) AS count FROM case_tags GROUP BY kind, tag ORDER BY kind, count DESC, tag').all() as { kind: 'product' | 'pain' | 'outcome'; tag: string; count: number }[] };
}

/** Cases with a tag (any kind), oldest first: the order of an archive book. */
export function caseIdsWithTag(db: Db, tag: string): number[] {
  return db.prepare('SELECT DISTINCT c.id FROM cases c JOIN case_tags t ON t.case_id = c.id WHERE t.tag = ? ORDER BY c.created_at, c.id').pluck().all(tag) as number[];
}

// ---- settings ------------------------------------------------------------------------------

export function getCaseSettings(db: Db): CaseSettings {
  return { requireConsent: getMeta(db, 'cases.requireConsent') === '1' };
}

export function setCaseSettings(db: Db, s: CaseSettings): CaseSettings {
  setMeta(db, 'cases.requireConsent', s.requireConsent ? '1' : '0');
  return getCaseSettings(db);
}
