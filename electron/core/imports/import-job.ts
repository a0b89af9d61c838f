/**
 * What one import job does, wherever it runs (a worker thread in the app, the calling thread in
 * tests): open its own connection to the workspace, detect the format, preview or import, and
 * report progress. The messages it posts are plain JSON.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ImportResultDto } from '../../../shared/api/imports';
import { iso, isoRequired } from '../clock';
import { openDatabase } from '../db/open';
import { acquireImportLock, ImportLockCancelled, type ImportLock } from '../db/import-lock';
import { dbAppError } from '../db/db-errors';
import { detectFormat, importerFor } from '../importers/registry';
import { ImportError, type ColumnMap, type ImportFormat } from '../importers/types';
import { previewTable } from '../importers/generic-table.importer';
import { headerSignature, rememberColumnMap } from './column-maps.repo';
import { importFile, previewFile, type ChatTarget } from './imports.service';
import { importErrorText } from './import-errors';
import type { Locale } from '../../../shared/domain/enums';

export interface ImportJobInput {
  dbPath: string;
  file: string;
  mode: 'preview' | 'import';
  format?: string;
  timeZone?: string;
  mapping?: Record<string, ChatTarget>;
  columnMap?: ColumnMap;
  nativeBinding?: string;
  /** The UI's language, for the words of a failure. */
  locale?: Locale;
}

/** An import's connection waits this long for another writer's lock (a roster job's commit, an index rebuild): off the UI's thread, waiting is harmless. */
export const IMPORT_BUSY_TIMEOUT_MS = 10 * 60_000;

export type ImportJobMessage =
  | { type: 'progress'; messages: number; events: number; bytesRead: number; totalBytes: number }
  /** Another import into the same workspace is running: this one waits its turn. */
  | { type: 'waiting' }
  | { type: 'finished'; result: ImportResultDto };

export async function runImportJob(input: ImportJobInput, post: (m: ImportJobMessage) => void, signal: AbortSignal): Promise<ImportResultDto> {
  const name = path.basename(input.file);
  let totalBytes = 0;
  let bytesRead = 0;
  let format = input.format ?? '';
  let result: ImportResultDto;
  // One import at a time per workspace (across processes): a second one waits here, saying so.
  let lock: ImportLock | null = null;
  if (input.mode === 'import') {
    try {
      lock = await acquireImportLock(input.dbPath, { signal, onWait: () => post({ type: 'waiting' }), ...(input.nativeBinding ? { nativeBinding: input.nativeBinding } : {}) });
    } catch (e) {
      if (!(e instanceof ImportLockCancelled)) throw e;
      const err = new ImportError(name, {}, 'cancelled', 'import cancelled');
      result = { file: input.file, format, status: 'cancelled', error: { reason: err.reason, message: input.locale ? importErrorText(input.locale, err) : err.message } };
      post({ type: 'finished', result });
      return result;
    }
  }
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(input.dbPath, { tempStore: 'file', busyTimeoutMs: IMPORT_BUSY_TIMEOUT_MS, ...(input.nativeBinding ? { nativeBinding: input.nativeBinding } : {}) });
  } catch (e) {
    lock?.release();
    throw e;
  }
  try {
    if (!fs.existsSync(input.file) || !fs.statSync(input.file).isFile()) throw new ImportError(name, {}, 'io', 'file not found');
    totalBytes = fs.statSync(input.file).size;
    const importer = input.format ? importerFor(input.format as ImportFormat) : (await detectFormat(input.file)).importer;
    format = importer.format;
    const common = {
      signal,
      onBytes: (b: number) => {
        bytesRead = b;
      },
      ...(input.timeZone ? { timeZone: input.timeZone } : {}),
      ...(input.columnMap ? { columnMap: input.columnMap } : {}),
    };
    const progress = (p: { messages: number; events: number }) => post({ type: 'progress', messages: p.messages, events: p.events, bytesRead, totalBytes });
    if (input.mode === 'preview') {
      const chats = await previewFile(db, importer, input.file, { ...common, onProgress: progress });
      result = {
        file: input.file,
        format,
        status: 'done',
        chats: chats.map((c) => ({ ...c, firstAt: iso(c.firstAt), lastAt: iso(c.lastAt), samples: c.samples.map((s) => ({ ...s, sentAt: isoRequired(s.sentAt) })) })),
      };
    } else {
      const s = await importFile(db, importer, input.file, { ...common, now: () => Date.now(), ...(input.locale ? { locale: input.locale } : {}), onProgress: progress, ...(input.mapping ? { mapping: input.mapping } : {}) });
      // A mapping that imported cleanly is offered again for the next file with the same header.
      if (s.status === 'done' && input.columnMap && (format === 'generic-csv' || format === 'generic-xlsx')) {
        const t = await previewTable({ path: input.file, name }, format);
        rememberColumnMap(db, headerSignature(format, t.headers), input.columnMap, Date.now());
      }
      result = {
        file: input.file,
        format,
        status: s.status,
        summary: { batchId: s.batchId, chats: s.chats, chatsSkipped: s.chatsSkipped, messagesAdded: s.messagesAdded, duplicates: s.duplicates, membersAdded: s.membersAdded, events: s.events, groupsCreated: s.groupsCreated },
        ...(s.error ? { error: s.error } : {}),
      };
    }
  } catch (e) {
    // Damage or a lock held too long is said as such (DB_CORRUPT, DB_BUSY), not as a file that cannot be read.
    const dbError = dbAppError(input.locale ?? 'zh-CN', e, input.dbPath);
    const err = e instanceof ImportError ? e : new ImportError(name, {}, 'io', (e as Error).message);
    result = { file: input.file, format, status: err.reason === 'cancelled' ? 'cancelled' : 'failed', error: { reason: err.reason, message: dbError ? dbError.message : input.locale ? importErrorText(input.locale, err) : err.message } };
  } finally {
    db.close();
    lock?.release();
  }
  post({ type: 'finished', result });
  return result;
}
