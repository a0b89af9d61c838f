import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../core/db/open';
import { dbAppError } from '../core/db/db-errors';
import { IMPORT_FORMATS, ImportError, type ColumnMap, type ImportFormat } from '../core/importers/types';
import { detectFormat, importerFor } from '../core/importers/registry';
import { previewTable, type TableFormat } from '../core/importers/generic-table.importer';
import { isValidTimeZone } from '../core/importers/local-time';
import { headerSignature, rememberColumnMap, rememberedColumnMap } from '../core/imports';
import { importFile } from '../core/imports';

export interface CliImportOptions {
  format?: string;
  group?: string;
  timeZone?: string;
  /** `--map time=COL,senderName=COL,text=COL[,group=COL][,senderId=COL]`: generic CSV/XLSX only. */
  map?: string;
}

type MapField = keyof ColumnMap;

/** The fields of a column map, in the order they are listed to the user; every field of ColumnMap, no other. */
const MAP_FIELDS = { time: true, group: false, senderId: false, senderName: true, text: true } as const satisfies Record<MapField, boolean>;
const FIELD_NAMES = Object.keys(MAP_FIELDS) as MapField[];
const REQUIRED = FIELD_NAMES.filter((f) => MAP_FIELDS[f]);

/** What `--map` asks for: per field, a header name as written in the file or a 1-based column number. */
export type ColumnMapOption = Partial<Record<MapField, string>>;

const isTable = (format: string): format is TableFormat => format === 'generic-csv' || format === 'generic-xlsx';

/** A `--map` problem, in Chinese and English like the CLI's other messages. */
const mapError = (zh: string, en: string) => new ImportError('--map', {}, 'unsupported', `${zh} / ${en}`);

/**
 * Reads `time=COL,group=COL,senderId=COL,senderName=COL,text=COL` (group and senderId optional).
 * Throws an ImportError naming the unknown, repeated or missing field.
 */
export function parseColumnMapOption(spec: string): ColumnMapOption {
  const fields = FIELD_NAMES.join(', ');
  const out: ColumnMapOption = {};
  const entries = spec.split(',').filter((e) => e.trim() !== '');
  if (entries.length === 0) throw mapError(`为空；格式为 ${FIELD_NAMES.map((f) => `${f}=列`).join(',')}`, `is empty; expected ${FIELD_NAMES.map((f) => `${f}=COL`).join(',')}`);
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const field = (eq < 0 ? entry : entry.slice(0, eq)).trim();
    const column = eq < 0 ? '' : entry.slice(eq + 1).trim();
    if (!(FIELD_NAMES as string[]).includes(field)) throw mapError(`未知字段“${field}”（可用字段：${fields}）`, `unknown field "${field}" (fields: ${fields})`);
    const f = field as MapField;
    if (out[f] !== undefined) throw mapError(`字段“${f}”出现了两次`, `the field "${f}" is given twice`);
    if (column === '') throw mapError(`字段“${f}”缺少列（写作 ${f}=表头名称 或 ${f}=列号）`, `the field "${f}" has no column (write ${f}=HEADER or ${f}=NUMBER)`);
    out[f] = column;
  }
  const missing = REQUIRED.filter((f) => out[f] === undefined);
  if (missing.length) throw mapError(`缺少字段 ${missing.join(', ')}（必填：${REQUIRED.join(', ')}）`, `missing ${missing.join(', ')} (required: ${REQUIRED.join(', ')})`);
  return out;
}

/**
 * The column map a table file is read with: `--map` resolved against the file's header row
 * (a header name wins over a column number that looks the same), or, without `--map`, the
 * map remembered for that header (by the Imports page or an earlier `--map`).
 */
async function tableColumnMap(db: Db, format: TableFormat, file: string, option: ColumnMapOption | undefined): Promise<{ map: ColumnMap; headers: string[] }> {
  const name = path.basename(file);
  const { headers } = await previewTable({ path: file, name }, format);
  if (!option) {
    const remembered = rememberedColumnMap(db, headerSignature(format, headers));
    if (remembered) return { map: remembered, headers };
    throw new ImportError(name, {}, 'unsupported', `没有列映射：请用 --map 指明各列 / no column mapping for this header: pass --map time=COL,senderName=COL,text=COL[,group=COL][,senderId=COL]`);
  }
  if (headers.length === 0) throw new ImportError(name, {}, 'malformed', '文件没有表头行 / the file has no header row');
  const columns = headers.filter(Boolean).join(', ');
  const column = (field: MapField, ref: string): string => {
    if (headers.includes(ref)) return ref;
    if (/^\d+$/.test(ref)) {
      const n = Number(ref);
      if (n < 1 || n > headers.length) throw new ImportError(name, {}, 'malformed', `--map ${field}=${ref}：没有第 ${ref} 列（文件共 ${headers.length} 列） / --map ${field}=${ref}: there is no column ${ref} (the file has ${headers.length})`);
      const header = headers[n - 1]!;
      const first = headers.indexOf(header);
      // The importer finds columns by header: an empty or repeated one cannot name this column.
      if (header === '' || first !== n - 1)
        throw new ImportError(name, {}, 'malformed', `--map ${field}=${ref}：第 ${ref} 列${header ? `的表头“${header}”与第 ${first + 1} 列重复` : '没有表头'} / --map ${field}=${ref}: column ${ref} ${header ? `has the same header "${header}" as column ${first + 1}` : 'has no header'}`);
      return header;
    }
    throw new ImportError(name, {}, 'malformed', `--map ${field}=${ref}：表头中没有“${ref}”列（现有列：${columns}） / --map ${field}=${ref}: no column "${ref}" in the header row (columns: ${columns})`);
  };
  const map: ColumnMap = { time: column('time', option.time!), senderName: column('senderName', option.senderName!), text: column('text', option.text!) };
  if (option.group !== undefined) map.group = column('group', option.group);
  if (option.senderId !== undefined) map.senderId = column('senderId', option.senderId);
  return { map, headers };
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
  const mapOption = o.map !== undefined ? parseColumnMapOption(o.map) : undefined;
  const results: CliImportResult[] = [];
  for (const file of files) {
    const abs = path.resolve(file);
    const base: CliImportResult = { file: abs, format: null, status: 'failed', chats: 0, messagesAdded: 0, duplicatesSkipped: 0, membersAdded: 0, systemEvents: 0, groupsCreated: 0, batchId: null, errors: [] };
    try {
      if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) throw new ImportError(path.basename(abs), {}, 'io', 'file not found');
      const importer = o.format ? importerFor(o.format as ImportFormat) : (await detectFormat(abs)).importer;
      base.format = importer.format;
      // --map concerns tables only; other formats say who sent what themselves.
      const table = isTable(importer.format) ? await tableColumnMap(db, importer.format, abs, mapOption) : null;
      const s = await importFile(db, importer, abs, {
        now: () => Date.now(),
        ...(o.timeZone ? { timeZone: o.timeZone } : {}),
        ...(o.group ? { intoGroup: { name: o.group } } : {}),
        ...(table ? { columnMap: table.map } : {}),
      });
      // Like the Imports page: a --map that imported cleanly is used again for files with this header.
      if (table && mapOption && s.status === 'done') rememberColumnMap(db, headerSignature(importer.format, table.headers), table.map, Date.now());
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
      const dbError = dbAppError('zh-CN', e, db.name);
      const err = e instanceof ImportError ? e : new ImportError(path.basename(abs), {}, 'io', dbError ? `${dbError.code}: ${dbError.message}` : (e as Error).message);
      results.push({ ...base, errors: [{ reason: err.reason, message: err.message }] });
    }
  }
  return results;
}
