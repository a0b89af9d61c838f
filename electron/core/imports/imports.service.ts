/**
 * Imports chat exports: preview (read the whole file, write nothing), import (write in chunks
 * tagged with a batch id), undo (remove exactly what a batch added) and recovery (a batch a
 * crash left 'running' is rolled back on the next open). Failures and cancels roll the batch
 * back the same way, so a failed import leaves the workspace as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ImportBatchDto, InspectResultDto } from '../../../shared/api/imports';
import type { GroupType, Locale, Platform } from '../../../shared/domain/enums';
import { AppError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { dbAppError } from '../db/db-errors';
import { appError, t } from '../i18n/messages';
import type { ServiceDeps } from '../service-deps';
import { findGroupByExternalId, insertGroup, recountGroupCounters, stageImportedGroups } from '../groups';
import { detectFormat } from '../importers/registry';
import { previewTable } from '../importers/generic-table.importer';
import { ImportError, type ImportChat, type ImportEvent, type ImportFormat, type ImportMessage, type Importer, type ReadOptions } from '../importers/types';
import { rebuildActivity } from '../roster';
import { importErrorText } from './import-errors';
import { createIngestSession, createMessageIndexes, deferSearchIndex, dropMessageIndexes, ensureMessageIndexes, finishSession, ingestEvents, ingestMessages, type IncomingEvent, type IncomingMessage, type IncomingPerson } from '../inbox';
import { headerSignature, rememberedColumnMap } from './column-maps.repo';
import * as repo from './imports.repo';

export type ChatTarget = { groupId: number } | { create: { name: string; platform: Platform; groupType: GroupType } } | 'skip';

export interface ImportOptions extends ReadOptions {
  /** Per chat key; chats not listed follow `auto`. */
  mapping?: Record<string, ChatTarget>;
  /** Every chat into one group: by id, or by name (found, or created as part of the batch). CLI --group. */
  intoGroup?: number | { name: string };
  now: () => number;
  onProgress?: (p: ImportProgress) => void;
  /** Failures are worded in this language (the UI's); without it, the importer's own message (CLI). */
  locale?: Locale;
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
  const batchId = repo.insertRunningBatch(db, { fileName: name, filePath: abs, fileSize: size, format: importer.format, startedAt: o.now(), ownerPid: process.pid, heartbeatAt: Date.now() });
  const summary: ImportSummary = { batchId, file: abs, format: importer.format, status: 'done', chats: 0, chatsSkipped: 0, messagesAdded: 0, duplicates: 0, membersAdded: 0, events: 0, groupsCreated: 0 };
  const chunkSize = o.chunkSize ?? 5000;
  const groupOf = new Map<string, number | null>();
  let messages: IncomingMessage[] = [];
  let events: IncomingEvent[] = [];

  let into: number | undefined = typeof o.intoGroup === 'number' ? o.intoGroup : undefined;
  const resolveChat = (chat: ImportChat): number | null => {
    if (into !== undefined) return into;
    if (typeof o.intoGroup === 'object') {
      into = repo.groupIdByName(db, o.intoGroup.name) ?? createGroup({ name: o.intoGroup.name, platform: chat.platform, groupType: 'C' }, chat.key);
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
  const created: number[] = [];
  const createGroup = (c: { name: string; platform: Platform; groupType: GroupType }, externalId: string | null): number => {
    const input = { platform: c.platform, name: (c.name.trim() || externalId || '?').slice(0, 100), groupType: c.groupType, positioning: '', audience: '', city: '', owner: '', capacity: null, rules: '', welcomeText: '', lifecycleStage: 'healthy' as const };
    const id = insertGroup(db, externalId && !findGroupByExternalId(db, c.platform, externalId) ? { ...input, externalId: externalId.slice(0, 200) } : input, o.now());
    repo.tagGroupWithBatch(db, id, batchId);
    summary.groupsCreated++;
    created.push(id);
    return id;
  };

  const session = createIngestSession();
  const bulk = size >= (o.bulkThresholdBytes ?? 64 * 1024 * 1024);
  const timing = o.timing;
  const heartbeat = repo.prepareHeartbeat(db);
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
    heartbeat(batchId, Date.now());
  });

  try {
    // Either way the search index is built once at the end, over the batch's messages, not row by
    // row; a bulk import also drops the other message indexes while it loads.
    if (bulk) dropMessageIndexes(db);
    else deferSearchIndex(db);
    for await (const item of importer.read({ path: abs, name }, o)) {
      if (o.signal?.aborted) throw new ImportError(name, {}, 'cancelled', 'import cancelled');
      if (item.type === 'chat') {
        if (!groupOf.has(item.chat.key)) {
          // IMMEDIATE: it reads before it writes, and a read transaction cannot wait for the write lock (SQLITE_BUSY at once).
          const id = db.transaction(() => resolveChat(item.chat)).immediate();
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
    ensureMessageIndexes(db);
    if (timing) timing.indexMs += performance.now() - t0;
    // The session skipped the live activity path: the loaded groups' activity is computed once, here.
    t0 = performance.now();
    if (loaded.length) rebuildActivity(db, { asOf: o.now(), groupIds: loaded });
    // A group made from a ten-year-old export is not 健康: its stage follows its last message.
    stageImportedGroups(db, created, o.now());
    if (timing) timing.activityMs = (timing.activityMs ?? 0) + performance.now() - t0;
    repo.finishBatch(db, batchId, 'done', summary, null, o.now());
    return summary;
  } catch (e) {
    // The batch's rows are deleted through the message indexes (a bulk import rebuilds them first);
    // its messages were never indexed for search, so they are deleted before the index catches up.
    if (bulk) ensureMessageIndexes(db);
    rollbackBatch(db, batchId);
    if (!bulk) ensureMessageIndexes(db);
    const err = e instanceof ImportError ? e : new ImportError(name, {}, 'io', (e as Error).message);
    const status = err.reason === 'cancelled' ? 'cancelled' : 'failed';
    // Damage, or a lock another writer held too long, in the user's words (DB_CORRUPT, DB_BUSY).
    const dbError = dbAppError(o.locale ?? 'zh-CN', e, db.name);
    const message = dbError ? dbError.message : o.locale ? importErrorText(o.locale, err) : err.message;
    const failed: ImportSummary = { ...summary, status, chats: 0, messagesAdded: 0, duplicates: 0, membersAdded: 0, events: 0, groupsCreated: 0, error: { reason: err.reason, message } };
    repo.finishBatch(db, batchId, status, failed, message, o.now());
    return failed;
  }
}

/** Removes every row the batch added; counters of the groups it touched are recomputed. */
export function rollbackBatch(db: Db, batchId: number): void {
  db.transaction(() => {
    const groups = repo.groupsTouchedByBatch(db, batchId);
    repo.deleteBatchRows(db, batchId);
    recountGroupCounters(db, groups);
    if (groups.length) rebuildActivity(db, { asOf: Date.now(), groupIds: groups });
  }).immediate();
}

/** Only a finished batch can be undone (false otherwise: running, failed, cancelled or undone already). */
export function undoBatch(db: Db, batchId: number, now: number): boolean {
  if (repo.getBatch(db, batchId)?.status !== 'done') return false;
  rollbackBatch(db, batchId);
  repo.markBatchUndone(db, batchId, now);
  return true;
}

/** The user's undo: the batch as it is afterwards, or why it cannot be undone. */
export function undoImport(d: ServiceDeps, batchId: number): ImportBatchDto {
  if (!repo.getBatch(d.db, batchId)) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.importBatch'), id: batchId });
  if (!undoBatch(d.db, batchId, d.now())) throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'imports.undoNotDone') });
  return repo.toBatchDto(repo.getBatch(d.db, batchId)!);
}

export function importHistory(d: ServiceDeps, limit: number): ImportBatchDto[] {
  return repo.listBatches(d.db, limit).map(repo.toBatchDto);
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
 * A batch still 'running' whose process is gone (or silent for minutes) was cut off by a crash.
 * A batch another live process is writing right now is left alone.
 */
export function interruptedImports(db: Db): number[] {
  return repo
    .runningBatches(db)
    .filter((r) => r.owner_pid === null || !processAlive(r.owner_pid) || (r.heartbeat_at ?? 0) < Date.now() - STALE_MS)
    .map((r) => r.id);
}

/** How many messages rolling back the interrupted imports has to delete (the workspace decides from it whether to do that in the background). */
export function interruptedImportMessages(db: Db): { batches: number[]; messages: number } {
  const batches = interruptedImports(db);
  return { batches, messages: batches.length ? repo.batchMessageCount(db, batches) : 0 };
}

export interface RollbackProgress {
  /** Messages deleted so far, of `total`. */
  done: number;
  total: number;
}

/**
 * Rolls the interrupted imports back: their messages in transactions of `chunk` rows, saying how
 * far it is after each (a kill meanwhile leaves the batch 'running', so the next open carries on),
 * then the rest of what each batch added, and the batch is marked interrupted.
 */
export function recoverInterruptedImports(db: Db, now: number, o: { onProgress?: (p: RollbackProgress) => void; chunk?: number } = {}): number[] {
  const ids = interruptedImports(db);
  if (!ids.length) return ids;
  // A bulk import killed while loading left the message indexes dropped: the deletes need them.
  createMessageIndexes(db);
  const total = repo.batchMessageCount(db, ids);
  const chunk = db.transaction((id: number) => repo.deleteBatchMessagesChunk(db, id, o.chunk ?? 5000));
  let done = 0;
  o.onProgress?.({ done, total });
  for (const id of ids) {
    for (let n = chunk.immediate(id); n > 0; n = chunk.immediate(id)) {
      done += n;
      o.onProgress?.({ done: Math.min(done, total), total });
    }
    rollbackBatch(db, id);
    repo.markBatchInterrupted(db, id, now);
  }
  return ids;
}

export function hasRunningImport(db: Db): boolean {
  return repo.hasRunningBatch(db);
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

/**
 * What a dropped file is, before anything is read in full: its format and, for a generic table,
 * its header and first rows with the column map remembered for that header (or a guess).
 */
export async function inspectFile(d: ServiceDeps, file: string): Promise<InspectResultDto> {
  const abs = path.resolve(file);
  const name = path.basename(abs);
  try {
    if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) throw new ImportError(name, {}, 'io', 'file not found');
    const { importer } = await detectFormat(abs);
    if (importer.format !== 'generic-csv' && importer.format !== 'generic-xlsx') return { format: importer.format };
    const table = await previewTable({ path: abs, name }, importer.format);
    const remembered = rememberedColumnMap(d.db, headerSignature(importer.format, table.headers));
    return { format: importer.format, table: { headers: table.headers, rows: table.rows, map: remembered ?? table.guess, remembered: !!remembered } };
  } catch (e) {
    if (e instanceof ImportError) throw new AppError('BAD_REQUEST', importErrorText(d.locale, e));
    throw e;
  }
}
