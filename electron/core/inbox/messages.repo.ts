/**
 * Messages as the inbox reads them: one row shape, one converter, and the few lookups every
 * inbox query shares. Queries that page live in services/inbox.service.ts.
 */
import type { AttachmentDto, MessageDto } from '../../../shared/domain/message';
import type { MessageKind, Platform } from '../../../shared/domain/enums';
import { isoRequired } from '../clock';
import type { Db } from '../db/open';
import { MESSAGE_FLAG } from '../../../shared/domain/message';

export interface MessageRow {
  id: number;
  group_id: number;
  group_name: string;
  platform: Platform;
  sender_id: number | null;
  sender_name: string | null;
  sender_uid: string | null;
  sent_at: number;
  kind: MessageKind;
  text: string;
  reply_to_id: number | null;
  flags: number;
}

/** The columns of MessageRow, for `SELECT ${MESSAGE_COLUMNS} FROM messages m ${MESSAGE_JOINS}`. */
export const MESSAGE_COLUMNS = `m.id, m.group_id, g.name AS group_name, g.platform, m.sender_id, mb.display_name AS sender_name,
  mb.platform_user_id AS sender_uid, m.sent_at, m.kind, m.text, m.flags,
  CASE WHEN m.reply_to_key IS NULL THEN NULL ELSE (SELECT r.id FROM messages r WHERE r.group_id = m.group_id AND r.source_key = m.reply_to_key) END AS reply_to_id`;
export const MESSAGE_JOINS = 'JOIN groups g ON g.id = m.group_id LEFT JOIN members mb ON mb.id = m.sender_id';

export function toMessageDto(r: MessageRow, attachments: AttachmentDto[] = [], highlights: [number, number][] = []): MessageDto {
  return {
    id: r.id,
    groupId: r.group_id,
    groupName: r.group_name,
    platform: r.platform,
    sender: r.sender_id === null ? null : { id: r.sender_id, name: r.sender_name ?? '', platformUserId: r.sender_uid ?? '' },
    sentAt: isoRequired(r.sent_at),
    kind: r.kind,
    text: r.text,
    replyToId: r.reply_to_id,
    unread: (r.flags & MESSAGE_FLAG.unread) !== 0,
    starred: (r.flags & MESSAGE_FLAG.starred) !== 0,
    spam: (r.flags & MESSAGE_FLAG.spam) !== 0,
    question: (r.flags & MESSAGE_FLAG.question) !== 0,
    attachments,
    highlights,
  };
}

/** Attachments of the rows that have any (one query for a page). */
export function attachmentsOf(db: Db, rows: readonly MessageRow[]): Map<number, AttachmentDto[]> {
  const ids = rows.filter((r) => r.flags & MESSAGE_FLAG.attachments).map((r) => r.id);
  const out = new Map<number, AttachmentDto[]>();
  if (ids.length === 0) return out;
  const list = db
    .prepare(`SELECT message_id, kind, ref FROM message_attachments WHERE message_id IN (SELECT value FROM json_each(?)) ORDER BY message_id, seq`)
    .all(JSON.stringify(ids)) as { message_id: number; kind: AttachmentDto['kind']; ref: string }[];
  for (const a of list) {
    const cur = out.get(a.message_id);
    if (cur) cur.push({ kind: a.kind, ref: a.ref });
    else out.set(a.message_id, [{ kind: a.kind, ref: a.ref }]);
  }
  return out;
}

export function toDtos(db: Db, rows: readonly MessageRow[], highlights?: (r: MessageRow) => [number, number][]): MessageDto[] {
  const att = attachmentsOf(db, rows);
  return rows.map((r) => toMessageDto(r, att.get(r.id) ?? [], highlights ? highlights(r) : []));
}

export function getMessageRow(db: Db, id: number): MessageRow | undefined {
  return db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages m ${MESSAGE_JOINS} WHERE m.id = ?`).get(id) as MessageRow | undefined;
}

export function getMessageRows(db: Db, ids: readonly number[]): MessageRow[] {
  if (ids.length === 0) return [];
  return db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages m ${MESSAGE_JOINS} WHERE m.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as MessageRow[];
}
