/**
 * Imports chat exports: preview (read the whole file, write nothing), import (write in chunks
 * tagged with a batch id), undo (remove exactly what a batch added) and recovery (a batch a
 * crash left 'running' is rolled back on the next open). Failures and cancels roll the batch
 * back the same way, so a failed import leaves the workspace as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { GroupType, Platform } from '../../../shared/domain/enums';
import type { Db } from '../db/open';
import { findGroupByExternalId, insertGroup } from '../groups';
import { ImportError, type ImportChat, type ImportEvent, type ImportFormat, type ImportMessage, type Importer, type ReadOptions } from '../importers/types';
import { rebuildActivity } from '../roster';
import { createIngestSession, dropMessageIndexes, ensureMessageIndexes, finishSession, ingestEvents, ingestMessages, type IncomingEvent, type IncomingMessage, type IncomingPerson } from '../inbox';

export type ChatTarget = { groupId: number } | { create: { name: string; platform: Platform; groupType: GroupType } } | 'skip';

export interface ImportOptions extends ReadOptions {
  /** Per chat key; chats not listed follow `auto`. */
  mapping?: Record<string, ChatTarget>;
  /** Every chat into one group: by id, or by name (found, or created as part of the batch). CLI --group. */
  intoGroup?: number | { name: string };
  now: () => number;
  onProgress?: (p: ImportProgress) => void;
  /** Messages per write transaction. */
  chunkSize?: number;
  /** Files at least this big load with message indexes dropped and rebuilt after. Default 64 MB. */
  bulkThresholdBytes?: number;
  /** Filled with where the time went (milliseconds): writing rows, and rebuilding indexes after a bulk load. */
  timing?: { storeMs: number; indexMs: number; activityMs?: number };
}

export interface ImportProgress {
  batchId: number;
  messages: number;
  events: number;
}

export interface ImportSummary {
  batchId: number;
  file: string;
  format: ImportFormat;
  status: 'done' | 'failed' | 'cancelled';
  chats: number;
  chatsSkipped: number;
  messagesAdded: number;
  duplicates: number;
  membersAdded: number;
  events: number;
  groupsCreated: number;
  error?: { reason: string; message: string };
}

const person = (p: { id: string; name: string }): IncomingPerson => ({ platformUserId: p.id, displayName: p.name || p.id });

function toIncoming(m: ImportMessage, groupId: number): IncomingMessage {
  const out: IncomingMessage = { groupId, sourceKey: m.sourceKey, sentAt: m.sentAt, kind: m.kind, text: m.text, sender: m.sender ? person(m.sender) : null };
  if (m.replyToKey) out.replyToKey = m.replyToKey;
  if (m.mentions?.length) out.mentions = m.mentions.map(person);
  if (m.attachments?.length) out.attachments = m.attachments;
  return out;
}

function toEvent(e: ImportEvent, groupId: number): IncomingEvent {
  const out: IncomingEvent = { groupId, sourceKey: e.sourceKey, at: e.at, kind: e.event, members: e.members.map(person) };
  if (e.actor) out.actor = person(e.actor);
  if (e.detail) out.detail = e.detail;
  return out;
}

export async function importFile(db: Db, importer: Importer, file: string, o: ImportOptions): Promise<ImportSummary> {
  const abs = path.resolve(file);
  const name = path.basename(abs);
  const size = fs.statSync(abs).size;
  const batchId = Number(
    db
      .prepare("INSERT INTO import_batches (file_name, file_path, file_size, format, status, started_at, owner_pid, heartbeat_at) VALUES (?, ?, ?, ?, 'running', ?, ?, ?)")
      .run(name, abs, size, importer.format, o.now(), process.pid, Date.now()).lastInsertRowid,
  );
  const summary: ImportSummary = { batchId, file: abs, format: importer.format, status: 'done', chats: 0, chatsSkipped: 0, messagesAdded: 0, duplicates: 0, membersAdded: 0, events: 0, groupsCreated: 0 };
  const chunkSize = o.chunkSize ?? 5000;
  const groupOf = new Map<string, number | null>();
  let messages: IncomingMessage[] = [];
  let events: IncomingEvent[] = [];

  let into: number | undefined = typeof o.intoGroup === 'number' ? o.intoGroup : undefined;
  const resolveChat = (chat: ImportChat): number | null => {
    if (into !== undefined) return into;
    if (typeof o.intoGroup === 'object') {
      const named = db.prepare('SELECT id FROM groups WHERE name = ? ORDER BY archived_at IS NOT NULL, id LIMIT 1').get(o.intoGroup.name) as { id: number } | undefined;
      into = named?.id ?? createGroup({ name: o.intoGroup.name, platform: chat.platform, groupType: 'C' }, chat.key);
      return into;
    }
    const target = o.mapping?.[chat.key];
    if (target === 'skip') return null;
    if (target && 'groupId' in target) return target.groupId;
    if (!target && chat.kind === 'private') return null;
    const existing = findGroupByExternalId(db, chat.platform, chat.key);
    if (existing && !target) return existing.id;
    const create = target && 'create' in target ? target.create : { name: chat.name, platform: chat.platform, groupType: 'C' as GroupType };
    return createGroup(create, chat.key);
  };
  const createGroup = (c: { name: string; platform: Platform; groupType: GroupType }, externalId: string | null): number => {
    const input = { platform: c.platform, name: (c.name.trim() || externalId || '?').slice(0, 100), groupType: c.groupType, positioning: '', audience: '', city: '', owner: '', capacity: null, rules: '', welcomeText: '', lifecycleStage: 'healthy' as const };
    const id = insertGroup(db, externalId && !findGroupByExternalId(db, c.platform, externalId) ? { ...input, externalId: externalId.slice(0, 200) } : input, o.now());
    db.prepare('UPDATE groups SET import_batch_id = ? WHERE id = ?').run(batchId, id);
    summary.groupsCreated++;
    return id;
  };

  const session = createIngestSession();
  const bulk = size >= (o.bulkThresholdBytes ?? 64 * 1024 * 1024);
  const timing = o.timing;
  const flush = db.transaction(() => {
    if (messages.length) {
      const r = ingestMessages(db, messages, { importBatchId: batchId, session });
      summary.messagesAdded += r.added;
      summary.duplicates += r.duplicates;
      summary.membersAdded += r.membersAdded;
    }
    if (events.length) {
      const r = ingestEvents(db, events, { importBatchId: batchId });
      summary.events += r.added;
      summary.membersAdded += r.membersAdded;
    }
    messages = [];
    events = [];
    heartbeat.run(Date.now(), batchId);
  });
  const heartbeat = db.prepare('UPDATE import_batches SET heartbeat_at = ? WHERE id = ?');

  try {
    if (bulk) dropMessageIndexes(db);
    for await (const item of importer.read({ path: abs, name }, o)) {
      if (o.signal?.aborted) throw new ImportError(name, {}, 'cancelled', 'import cancelled');
      if (item.type === 'chat') {
        if (!groupOf.has(item.chat.key)) {
          const id = db.transaction(() => resolveChat(item.chat))();
          groupOf.set(item.chat.key, id);
          if (id === null) summary.chatsSkipped++;
          else summary.chats++;
        }
        continue;
      }
      const groupId = groupOf.get(item.chatKey);
      if (groupId === undefined) throw new ImportError(name, item.position, 'malformed', `message before its chat (${item.chatKey})`);
      if (groupId === null) continue;
      if (item.type === 'message') messages.push(toIncoming(item, groupId));
      else events.push(toEvent(item, groupId));
      if (messages.length + events.length >= chunkSize) {
        const t0 = performance.now();
        flush.immediate();
        if (timing) timing.storeMs += performance.now() - t0;
        o.onProgress?.({ batchId, messages: summary.messagesAdded + summary.duplicates, events: summary.events });
      }
    }
    let t0 = performance.now();
    flush.immediate();
    const loaded = [...session.groups.keys()];
    finishSession(db, session);
    if (timing) timing.storeMs += performance.now() - t0;
    t0 = performance.now();
    if (bulk) ensureMessageIndexes(db);
    if (timing) timing.indexMs += performance.now() - t0;
    // The session skipped the live activity path: the loaded groups' activity is computed once, here.
    t0 = performance.now();
    if (loaded.length) rebuildActivity(db, { asOf: o.now(), groupIds: loaded });
    if (timing) timing.activityMs = (timing.activityMs ?? 0) + performance.now() - t0;
    finish(db, batchId, 'done', summary, null, o.now());
    return summary;
  } catch (e) {
    if (bulk) ensureMessageIndexes(db);
    const err = e instanceof ImportError ? e : new ImportError(name, {}, 'io', (e as Error).message);
    rollbackBatch(db, batchId);
    const status = err.reason === 'cancelled' ? 'cancelled' : 'failed';
    const failed: ImportSummary = { ...summary, status, chats: 0, messagesAdded: 0, duplicates: 0, membersAdded: 0, events: 0, groupsCreated: 0, error: { reason: err.reason, message: err.message } };
    finish(db, batchId, status, failed, err.message, o.now());
    return failed;
  }
}

function finish(db: Db, id: number, status: string, s: ImportSummary, error: string | null, now: number): void {
  db.prepare(
    `UPDATE import_batches SET status = ?, finished_at = ?, chats = ?, messages_added = ?, duplicates = ?, members_added = ?, events_added = ?, groups_created = ?, error = ?
     WHERE id = ?`,
  ).run(status, now, s.chats, s.messagesAdded, s.duplicates, s.membersAdded, s.events, s.groupsCreated, error, id);
}

/** Removes every row the batch added; counters of the groups it touched are recomputed. */
export function rollbackBatch(db: Db, batchId: number): void {
  db.transaction(() => {
    const groups = (db.prepare('SELECT DISTINCT group_id AS id FROM messages WHERE import_batch_id = ? UNION SELECT DISTINCT group_id FROM member_events WHERE import_batch_id = ? UNION SELECT id FROM groups WHERE import_batch_id = ?').all(batchId, batchId, batchId) as { id: number }[]).map((r) => r.id);
    db.prepare('DELETE FROM messages WHERE import_batch_id = ?').run(batchId);
    db.prepare('DELETE FROM member_events WHERE import_batch_id = ?').run(batchId);
    db.prepare('DELETE FROM member_names WHERE import_batch_id = ?').run(batchId);
    db.prepare(
      `DELETE FROM memberships WHERE import_batch_id = ?
         AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.group_id = memberships.group_id AND m.sender_id = memberships.member_id)
         AND NOT EXISTS (SELECT 1 FROM member_events e WHERE e.group_id = memberships.group_id AND e.member_id = memberships.member_id)`,
    ).run(batchId);
    db.prepare(
      `DELETE FROM members WHERE import_batch_id = ?
         AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.sender_id = members.id)
         AND NOT EXISTS (SELECT 1 FROM memberships s WHERE s.member_id = members.id)
         AND NOT EXISTS (SELECT 1 FROM message_mentions x WHERE x.member_id = members.id)
         AND NOT EXISTS (SELECT 1 FROM member_events e WHERE e.member_id = members.id OR e.actor_id = members.id)`,
    ).run(batchId);
    db.prepare('DELETE FROM groups WHERE import_batch_id = ? AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.group_id = groups.id) AND NOT EXISTS (SELECT 1 FROM member_events e WHERE e.group_id = groups.id)').run(batchId);
    const recount = db.prepare(
      `UPDATE groups SET
         message_count = (SELECT count(*) FROM messages WHERE group_id = @id),
         unread_count = (SELECT count(*) FROM messages WHERE group_id = @id AND flags & 1),
         last_message_at = (SELECT max(sent_at) FROM messages WHERE group_id = @id),
         member_count = (SELECT count(*) FROM memberships WHERE group_id = @id AND left_at IS NULL)
       WHERE id = @id`,
    );
    for (const id of groups) recount.run({ id });
    if (groups.length) rebuildActivity(db, { asOf: Date.now(), groupIds: groups });
  }).immediate();
}

export function undoBatch(db: Db, batchId: number, now: number): boolean {
  const row = db.prepare('SELECT status FROM import_batches WHERE id = ?').get(batchId) as { status: string } | undefined;
  if (!row || row.status !== 'done') return false;
  rollbackBatch(db, batchId);
  db.prepare("UPDATE import_batches SET status = 'undone', finished_at = ? WHERE id = ?").run(now, batchId);
  return true;
}

const STALE_MS = 2 * 60_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A batch still 'running' whose process is gone (or silent for minutes) was cut off by a crash:
 * roll it back. A batch another live process is writing right now is left alone.
 */
export function recoverInterruptedImports(db: Db, now: number): number[] {
  const rows = db.prepare("SELECT id, owner_pid, heartbeat_at FROM import_batches WHERE status = 'running'").all() as { id: number; owner_pid: number | null; heartbeat_at: number | null }[];
  const ids = rows
    .filter((r) => r.owner_pid === null || !processAlive(r.owner_pid) || (r.heartbeat_at ?? 0) < Date.now() - STALE_MS)
    .map((r) => r.id);
  for (const id of ids) {
    rollbackBatch(db, id);
    db.prepare("UPDATE import_batches SET status = 'failed', finished_at = ?, error = 'interrupted (the app stopped during the import); rolled back' WHERE id = ?").run(now, id);
  }
  return ids;
}

export function hasRunningImport(db: Db): boolean {
  return db.prepare("SELECT 1 FROM import_batches WHERE status = 'running' LIMIT 1").get() !== undefined;
}

export interface PreviewChat {
  key: string;
  name: string;
  platform: string;
  kind: ImportChat['kind'];
  messages: number;
  events: number;
  senders: number;
  firstAt: number | null;
  lastAt: number | null;
  samples: { sentAt: number; sender: string; text: string }[];
  existingGroupId: number | null;
}

/**
 * Reads the whole file and writes nothing: what an import would find, per chat. Sender counts
 * use a set of ids per chat, which stays small next to the messages themselves.
 */
export async function previewFile(db: Db, importer: Importer, file: string, o: ReadOptions & { onProgress?: (p: { messages: number; events: number }) => void } = {}): Promise<PreviewChat[]> {
  const abs = path.resolve(file);
  const chats = new Map<string, PreviewChat & { ids: Set<string> }>();
  let messages = 0;
  let events = 0;
  for await (const item of importer.read({ path: abs, name: path.basename(abs) }, o)) {
    if (item.type === 'chat') {
      if (!chats.has(item.chat.key)) {
        const existing = findGroupByExternalId(db, item.chat.platform, item.chat.key);
        chats.set(item.chat.key, { ...item.chat, messages: 0, events: 0, senders: 0, firstAt: null, lastAt: null, samples: [], existingGroupId: existing?.id ?? null, ids: new Set() });
      }
      continue;
    }
    const c = chats.get(item.chatKey);
    if (!c) continue;
    const at = item.type === 'message' ? item.sentAt : item.at;
    c.firstAt = c.firstAt === null ? at : Math.min(c.firstAt, at);
    c.lastAt = c.lastAt === null ? at : Math.max(c.lastAt, at);
    if (item.type === 'event') {
      c.events++;
      events++;
    } else {
      c.messages++;
      messages++;
      if (item.sender) c.ids.add(item.sender.id);
      if (c.samples.length < 5 && item.text) c.samples.push({ sentAt: item.sentAt, sender: item.sender?.name ?? '', text: item.text.slice(0, 200) });
    }
    if ((messages + events) % 5000 === 0) o.onProgress?.({ messages, events });
  }
  return [...chats.values()].map(({ ids, ...c }) => ({ ...c, senders: ids.size }));
}

export function listBatches(db: Db, limit: number): ImportBatchRow[] {
  return db.prepare('SELECT * FROM import_batches ORDER BY id DESC LIMIT ?').all(limit) as ImportBatchRow[];
}

export interface ImportBatchRow {
  id: number;
  file_name: string;
  format: string;
  status: 'running' | 'done' | 'failed' | 'cancelled' | 'undone';
  started_at: number;
  finished_at: number | null;
  chats: number;
  messages_added: number;
  duplicates: number;
  members_added: number;
  events_added: number;
  groups_created: number;
  error: string | null;
}
