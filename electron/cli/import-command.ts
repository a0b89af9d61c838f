import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../core/db/open';
import { IMPORT_FORMATS, ImportError, type ImportFormat } from '../core/importers/types';
import { detectFormat, importerFor } from '../core/importers/registry';
import { isValidTimeZone } from '../core/importers/local-time';
import { importFile } from '../core/services/import.service';

export interface CliImportOptions {
  format?: string;
  group?: string;
  timeZone?: string;
}

export interface CliImportResult {
  file: string;
  format: string | null;
  status: 'done' | 'failed' | 'cancelled';
  chats: number;
  messagesAdded: number;
  duplicatesSkipped: number;
  membersAdded: number;
  systemEvents: number;
  groupsCreated: number;
  batchId: number | null;
  errors: { reason: string; message: string }[];
}

export async function runImports(db: Db, files: string[], o: CliImportOptions): Promise<CliImportResult[]> {
  if (o.format && !(IMPORT_FORMATS as readonly string[]).includes(o.format)) {
    throw new ImportError(o.format, {}, 'unsupported', `unknown format; one of: ${IMPORT_FORMATS.join(', ')}`);
  }
  if (o.timeZone && !isValidTimeZone(o.timeZone)) throw new ImportError(o.timeZone, {}, 'unsupported', 'unknown time zone (e.g. Asia/Shanghai)');
  const results: CliImportResult[] = [];
  for (const file of files) {
    const abs = path.resolve(file);
    const base: CliImportResult = { file: abs, format: null, status: 'failed', chats: 0, messagesAdded: 0, duplicatesSkipped: 0, membersAdded: 0, systemEvents: 0, groupsCreated: 0, batchId: null, errors: [] };
    try {
      if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) throw new ImportError(path.basename(abs), {}, 'io', 'file not found');
      const importer = o.format ? importerFor(o.format as ImportFormat) : (await detectFormat(abs)).importer;
      base.format = importer.format;
      const s = await importFile(db, importer, abs, {
        now: () => Date.now(),
        ...(o.timeZone ? { timeZone: o.timeZone } : {}),
        ...(o.group ? { intoGroup: { name: o.group } } : {}),
      });
      results.push({
        ...base,
        status: s.status,
        chats: s.chats,
        messagesAdded: s.messagesAdded,
        duplicatesSkipped: s.duplicates,
        membersAdded: s.membersAdded,
        systemEvents: s.events,
        groupsCreated: s.groupsCreated,
        batchId: s.batchId,
        errors: s.error ? [s.error] : [],
      });
    } catch (e) {
      const err = e instanceof ImportError ? e : new ImportError(path.basename(abs), {}, 'io', (e as Error).message);
      results.push({ ...base, errors: [{ reason: err.reason, message: err.message }] });
    }
  }
  return results;
}
