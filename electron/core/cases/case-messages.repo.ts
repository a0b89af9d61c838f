/**
 * What is inside a case: its message snapshots (`case_messages`), its switched-off findings
 * (`case_redactions`) and its participants (`case_participants`), plus the reads of the inbox's
 * and the roster's tables a snapshot is taken from (attachments, mentions, a member's names and
 * role). Statements only; which messages go in, who takes which role and when findings are
 * forgotten is decided in cases.service.ts.
 */
import type { ConsentState } from '../../../shared/api/cases';
import type { AttachmentDto } from '../../../shared/domain/message';
import type { Db } from '../db/open';
import { inJson, jsonList } from '../db/sql';

export type Role = 'owner' | 'kol' | 'member';

export interface CaseMessageRow {
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

export interface ParticipantRow {
  member_id: number;
  name: string;
  role: Role;
  label: string | null;
  consent: ConsentState;
  consent_at: number | null;
  consent_note: string;
}

/** A message as it is copied into a case. */
export interface NewCaseMessage {
  messageId: number;
  position: number;
  senderId: number | null;
  senderName: string;
  sentAt: number;
  kind: string;
  text: string;
  attachments: AttachmentDto[];
}

// ---- messages ------------------------------------------------------------------------------

export function caseMessages(db: Db, caseId: number): CaseMessageRow[] {
  return db
    .prepare('SELECT message_id, source_id, position, hidden, text_override, annotation, sender_id, sender_name, sent_at, kind, text, attachments FROM case_messages WHERE case_id = ? ORDER BY position, message_id')
    .all(caseId) as CaseMessageRow[];
}

/** The ids of the case's messages, in no particular order. */
export function caseMessageIds(db: Db, caseId: number): number[] {
  return db.prepare('SELECT message_id FROM case_messages WHERE case_id = ?').pluck().all(caseId) as number[];
}

/** The ids of the case's messages in their order. */
export function orderedMessageIds(db: Db, caseId: number): number[] {
  return db.prepare('SELECT message_id FROM case_messages WHERE case_id = ? ORDER BY position, message_id').pluck().all(caseId) as number[];
}

/** The last position used, or null for a case without messages. */
export function lastPosition(db: Db, caseId: number): number | null {
  return db.prepare('SELECT max(position) FROM case_messages WHERE case_id = ?').pluck().get(caseId) as number | null;
}

export function insertCaseMessages(db: Db, caseId: number, rows: readonly NewCaseMessage[]): void {
  const ins = db.prepare(
    `INSERT INTO case_messages (case_id, message_id, source_id, position, sender_id, sender_name, sent_at, kind, text, attachments)
     VALUES (@caseId, @id, @id, @pos, @senderId, @senderName, @sentAt, @kind, @text, @attachments)`,
  );
  for (const r of rows) {
    ins.run({ caseId, id: r.messageId, pos: r.position, senderId: r.senderId, senderName: r.senderName, sentAt: r.sentAt, kind: r.kind, text: r.text, attachments: JSON.stringify(r.attachments) });
  }
}

/** Deletes these messages from the case with their switched-off findings (text and annotation). */
export function deleteCaseMessages(db: Db, caseId: number, messageIds: readonly number[]): void {
  const del = db.prepare('DELETE FROM case_messages WHERE case_id = ? AND message_id = ?');
  const forget = db.prepare("DELETE FROM case_redactions WHERE case_id = ? AND (finding_id LIKE ? || ':%' OR finding_id LIKE 'note-' || ? || ':%')");
  for (const m of messageIds) {
    del.run(caseId, m);
    forget.run(caseId, String(m), String(m));
  }
}

/** Positions 0, 1, 2 … in the order given. */
export function setPositions(db: Db, caseId: number, messageIds: readonly number[]): void {
  const upd = db.prepare('UPDATE case_messages SET position = ? WHERE case_id = ? AND message_id = ?');
  messageIds.forEach((m, i) => upd.run(i, caseId, m));
}

export function setHidden(db: Db, caseId: number, messageId: number, hidden: boolean): void {
  db.prepare('UPDATE case_messages SET hidden = @h WHERE case_id = @c AND message_id = @m').run({ c: caseId, m: messageId, h: hidden ? 1 : 0 });
}

/** The message's text as the case shows it (trimmed, or the original). */
export function shownText(db: Db, caseId: number, messageId: number): string {
  return db.prepare('SELECT ifnull(text_override, text) FROM case_messages WHERE case_id = @c AND message_id = @m').pluck().get({ c: caseId, m: messageId }) as string;
}

/** Stores a trimmed text; the original text itself (or null) clears the trim. */
export function setTrimmedText(db: Db, caseId: number, messageId: number, text: string | null): void {
  db.prepare('UPDATE case_messages SET text_override = CASE WHEN @t IS NULL OR @t = text THEN NULL ELSE @t END WHERE case_id = @c AND message_id = @m').run({ c: caseId, m: messageId, t: text });
}

export function setAnnotation(db: Db, caseId: number, messageId: number, annotation: string): void {
  db.prepare('UPDATE case_messages SET annotation = @a WHERE case_id = @c AND message_id = @m').run({ c: caseId, m: messageId, a: annotation });
}

// ---- switched-off findings -----------------------------------------------------------------

export function disabledFindings(db: Db, caseId: number): string[] {
  return db.prepare('SELECT finding_id FROM case_redactions WHERE case_id = ?').pluck().all(caseId) as string[];
}

export function enableFinding(db: Db, caseId: number, findingId: string): void {
  db.prepare('DELETE FROM case_redactions WHERE case_id = ? AND finding_id = ?').run(caseId, findingId);
}

export function disableFinding(db: Db, caseId: number, findingId: string): void {
  db.prepare('INSERT OR IGNORE INTO case_redactions (case_id, finding_id) VALUES (?, ?)').run(caseId, findingId);
}

/** Forgets the switched-off findings in a message's text (ids `<message>:…`). */
export function forgetTextFindings(db: Db, caseId: number, messageId: number): void {
  db.prepare("DELETE FROM case_redactions WHERE case_id = ? AND finding_id LIKE ? || ':%'").run(caseId, String(messageId));
}

/** Forgets the switched-off findings in a message's annotation (ids `note-<message>:…`). */
export function forgetNoteFindings(db: Db, caseId: number, messageId: number): void {
  db.prepare("DELETE FROM case_redactions WHERE case_id = ? AND finding_id LIKE 'note-' || ? || ':%'").run(caseId, String(messageId));
}

// ---- participants --------------------------------------------------------------------------

export function participants(db: Db, caseId: number): ParticipantRow[] {
  return db.prepare('SELECT member_id, name, role, label, consent, consent_at, consent_note FROM case_participants WHERE case_id = ? ORDER BY member_id').all(caseId) as ParticipantRow[];
}

export function hasParticipant(db: Db, caseId: number, memberId: number): boolean {
  return db.prepare('SELECT 1 FROM case_participants WHERE case_id = ? AND member_id = ?').get(caseId, memberId) !== undefined;
}

export function setParticipantRole(db: Db, caseId: number, memberId: number, role: Role): void {
  db.prepare('UPDATE case_participants SET role = ? WHERE case_id = ? AND member_id = ?').run(role, caseId, memberId);
}

export function setParticipantLabel(db: Db, caseId: number, memberId: number, label: string | null): void {
  db.prepare('UPDATE case_participants SET label = ? WHERE case_id = ? AND member_id = ?').run(label, caseId, memberId);
}

/** A null note keeps the stored one. */
export function setParticipantConsent(db: Db, caseId: number, memberId: number, consent: ConsentState, at: number | null, note: string | null): void {
  db.prepare('UPDATE case_participants SET consent = @consent, consent_at = @at, consent_note = ifnull(@note, consent_note) WHERE case_id = @c AND member_id = @m').run({ consent, at, note, c: caseId, m: memberId });
}

/**
 * Drops the participants who neither speak nor are mentioned in the case's messages any more,
 * unless something was recorded for them (consent, a note, a label).
 */
export function dropSilentParticipants(db: Db, caseId: number): void {
  db.prepare(
    `DELETE FROM case_participants AS p WHERE p.case_id = @id AND p.consent = 'not-asked' AND p.consent_note = '' AND p.label IS NULL
       AND NOT EXISTS (SELECT 1 FROM case_messages m WHERE m.case_id = @id AND m.sender_id = p.member_id)
       AND NOT EXISTS (SELECT 1 FROM case_messages m JOIN message_mentions x ON x.message_id = m.source_id WHERE m.case_id = @id AND x.member_id = p.member_id)`,
  ).run({ id: caseId });
}

/** What the roster knows of a member in a group, for the participant's role. */
export interface RosterFacts {
  name: string;
  role: string | null;
  kol: number;
}

/** Statements made once for adding a batch of participants. */
export function prepareParticipantStatements(db: Db): {
  rosterFacts(member: number, group: number): RosterFacts | undefined;
  insert(caseId: number, member: number, name: string, role: Role): void;
} {
  // KOL: the auto tag or one set by hand, minus a manual "off".
  const info = db.prepare(
    `SELECT mb.display_name AS name,
            (SELECT role FROM memberships WHERE group_id = @group AND member_id = @member) AS role,
            (EXISTS (SELECT 1 FROM member_tags WHERE group_id = @group AND member_id = @member AND tag = 'kol')
               AND NOT EXISTS (SELECT 1 FROM member_tag_overrides WHERE group_id = @group AND member_id = @member AND tag = 'kol' AND state = 'off'))
            OR EXISTS (SELECT 1 FROM member_tag_overrides WHERE group_id = @group AND member_id = @member AND tag = 'kol' AND state = 'on') AS kol
     FROM members mb WHERE mb.id = @member`,
  );
  const ins = db.prepare('INSERT OR IGNORE INTO case_participants (case_id, member_id, name, role) VALUES (?, ?, ?, ?)');
  return {
    rosterFacts: (member, group) => info.get({ member, group }) as RosterFacts | undefined,
    insert: (caseId, member, name, role) => {
      ins.run(caseId, member, name, role);
    },
  };
}

// ---- read from the inbox and the roster ----------------------------------------------------

/**
 * The attachments of these messages, for their snapshots. Read by message id, not through the
 * inbox's attachment flag: a snapshot is kept for good, so it takes whatever is stored.
 */
export function messageAttachments(db: Db, ids: readonly number[]): Map<number, AttachmentDto[]> {
  const out = new Map<number, AttachmentDto[]>();
  const rows = db.prepare(`SELECT message_id, kind, ref FROM message_attachments WHERE ${inJson('message_id')} ORDER BY message_id, seq`).all(jsonList(ids)) as {
    message_id: number;
    kind: AttachmentDto['kind'];
    ref: string;
  }[];
  for (const a of rows) out.set(a.message_id, [...(out.get(a.message_id) ?? []), { kind: a.kind, ref: a.ref }]);
  return out;
}

/** Who these messages @-mention, with the group they were mentioned in. */
export function mentionedMembers(db: Db, messageIds: readonly number[]): { member_id: number; group_id: number }[] {
  return db
    .prepare(`SELECT x.member_id, m.group_id FROM message_mentions x JOIN messages m ON m.id = x.message_id WHERE ${inJson('x.message_id')}`)
    .all(jsonList(messageIds)) as { member_id: number; group_id: number }[];
}

/** Every name each member went by (display name, nicknames, group cards), for the name redactions. */
export function memberAliases(db: Db, memberIds: readonly number[]): Map<number, string[]> {
  const q = db
    .prepare(
      `SELECT display_name AS n FROM members WHERE id = @id
       UNION SELECT name FROM member_names WHERE member_id = @id
       UNION SELECT group_nickname FROM memberships WHERE member_id = @id AND group_nickname IS NOT NULL`,
    )
    .pluck();
  return new Map(memberIds.map((id) => [id, q.all({ id }) as string[]]));
}
