/**
 * Chat tables that follow no known exporter: a CSV or an Excel sheet with a header row, read
 * through the column mapping the user confirmed (time, sender, text; optionally group and
 * sender id). `previewTable` shows the first rows and a guessed mapping for that step.
 *
 * The streaming CSV reader here is shared with the MemoTrace importer: encoding from the
 * file's first bytes, csv-parse over the decoded text, the starting line of every record.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { parse, type CsvError, type Info } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import { systemTimeZone, wallClockToUtc } from './local-time';
import { ContentKeys } from './source-key';
import { decodeHead, detectEncoding, readHead, type TextEncoding } from './text-input';
import { ImportError, type ColumnMap, type ImportItem, type ImportSource, type Importer, type Probe, type ReadOptions } from './types';

/** Larger fields end the import: no chat message is that long, and memory must stay bounded. */
export const MAX_FIELD_BYTES = 8 * 1024 * 1024;

// ───────────────────────────── streaming CSV ─────────────────────────────

export interface CsvRow {
  cells: string[];
  /** 1-based line the record starts on (a quoted field may span several lines). */
  line: number;
}

const ICONV_NAMES: Record<TextEncoding, string> = { utf8: 'utf8', utf16le: 'utf16le', utf16be: 'utf16-be', gb18030: 'gb18030' };

/** The separator of the header line: Excel writes ';' or tab in some locales and "Unicode text" saves. */
export function guessDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', '\t', ';']) {
    let count = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

function firstLineOf(text: string): string {
  const end = text.search(/[\r\n]/);
  return end < 0 ? text : text.slice(0, end);
}

/**
 * The decoded text of a file with every line break made "\n". csv-parse counts a CRLF inside
 * a quoted field as two lines, so without this the line numbers in errors drift.
 */
async function* normalizedText(file: string, name: string, signal: AbortSignal | undefined): AsyncGenerator<string> {
  const { encoding, bom } = detectEncoding(readHead(file, 64 * 1024));
  const decoder = iconv.getDecoder(ICONV_NAMES[encoding]);
  const stream = fs.createReadStream(file, { start: bom, highWaterMark: 256 * 1024 });
  let heldCR = false;
  const normalize = (s: string): string => {
    let text = heldCR ? `\r${s}` : s;
    heldCR = text.endsWith('\r');
    if (heldCR) text = text.slice(0, -1);
    return text.replace(/\r\n?/g, '\n');
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw new ImportError(name, {}, 'cancelled', 'import cancelled');
      const text = normalize(decoder.write(chunk));
      if (text) yield text;
    }
    const rest = normalize(decoder.end() ?? '') + (heldCR ? '\n' : '');
    if (rest) yield rest;
  } finally {
    stream.destroy();
  }
}

function csvFailure(name: string, line: number, e: unknown): ImportError {
  if (e instanceof ImportError) return e;
  const code = (e as Partial<CsvError>).code;
  if (code === 'CSV_QUOTE_NOT_CLOSED') return new ImportError(name, { line }, 'truncated', 'the file ends inside a quoted field (an incomplete export?)');
  if (code === 'CSV_MAX_RECORD_SIZE') return new ImportError(name, { line }, 'too-large', 'a record is larger than 8 MB');
  if (typeof code === 'string' && code.startsWith('CSV_')) return new ImportError(name, { line }, 'malformed', `not valid CSV: ${(e as Error).message}`);
  if (code === 'INVALID_OPENING_QUOTE') return new ImportError(name, { line }, 'malformed', `not valid CSV: ${(e as Error).message}`);
  return new ImportError(name, { line }, 'io', (e as Error).message ?? String(e));
}

/**
 * The records of a CSV file, one at a time. Lines that are empty or only blanks are skipped;
 * the caller decides what a wrong number of cells means.
 */
export async function* readCsvRows(source: ImportSource, o: { signal?: AbortSignal; delimiter?: string } = {}): AsyncGenerator<CsvRow> {
  const delimiter = o.delimiter ?? guessDelimiter(firstLineOf(decodeHead(readHead(source.path, 64 * 1024))));
  const parser = parse({ delimiter, record_delimiter: '\n', relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_FIELD_BYTES, info: true });
  const input = Readable.from(normalizedText(source.path, source.name, o.signal));
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  let lastEnd = 0;
  let lastEmpty = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      let inside = 0;
      for (const cell of record) for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) inside++;
      const line = info.lines - inside;
      lastEnd = info.lines;
      lastEmpty = info.empty_lines;
      if (o.signal?.aborted) throw new ImportError(source.name, { line }, 'cancelled', 'import cancelled');
      if (record.every((c) => c.trim() === '')) continue;
      yield { cells: record, line };
    }
  } catch (e) {
    // The failing record starts after the last good one and any empty lines since.
    const empty = (e as Partial<Info>).empty_lines;
    throw csvFailure(source.name, lastEnd + 1 + (typeof empty === 'number' ? Math.max(0, empty - lastEmpty) : 0), e);
  } finally {
    input.destroy();
    parser.destroy();
  }
}

// ───────────────────────────── streaming XLSX ─────────────────────────────

interface SheetRow {
  cells: unknown[];
  line: number;
}

/** More unpacked bytes than this is a zip bomb, not a chat log (and stays within 32-bit zip sizes). */
const MAX_WORKBOOK_BYTES = 2 * 1024 ** 3;
/** workbook.xml and its relationships are read whole to find the first sheet. */
const MAX_INDEX_BYTES = 16 * 1024 * 1024;

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

/** Where a relationship target points inside the archive (targets are relative to xl/ unless absolute). */
const partPath = (target: string): string => (target.startsWith('/') ? target.slice(1) : `xl/${target}`);

interface WorkbookParts {
  rels?: yauzl.Entry;
  workbook: yauzl.Entry;
  styles?: yauzl.Entry;
  sharedStrings?: yauzl.Entry;
  sheet: yauzl.Entry;
}

async function readSmallEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  if (entry.uncompressedSize > MAX_INDEX_BYTES) throw new Error(`${entry.fileName} is unexpectedly large`);
  const chunks: Buffer[] = [];
  for await (const chunk of (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** The parts the reader needs, found through the workbook's own relationships: the first sheet in tab order. */
async function findParts(zip: yauzl.ZipFile, name: string): Promise<WorkbookParts> {
  const entries = new Map<string, yauzl.Entry>();
  for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
  const workbook = entries.get('xl/workbook.xml');
  if (!workbook) throw new ImportError(name, {}, 'malformed', 'not an Excel workbook (no xl/workbook.xml inside)');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  const targets = new Map<string, { type: string; path: string }>();
  if (rels) {
    for (const tag of (await readSmallEntry(zip, rels)).match(/<(?:\w+:)?Relationship\b[^>]*>/g) ?? []) {
      const id = attr(tag, 'Id');
      const target = attr(tag, 'Target');
      if (id && target) targets.set(id, { type: attr(tag, 'Type') ?? '', path: partPath(target) });
    }
  }
  const byType = (suffix: string) => [...targets.values()].find((t) => t.type.endsWith(suffix))?.path;
  const firstSheetTag = /<(?:\w+:)?sheet\b[^>]*>/.exec(await readSmallEntry(zip, workbook))?.[0];
  const firstSheetId = firstSheetTag && /\s(?:\w+:)?id="([^"]*)"/.exec(firstSheetTag)?.[1];
  const named = firstSheetId ? targets.get(firstSheetId)?.path : undefined;
  // Without usable relationships, the lowest-numbered worksheet is the first one.
  const fallback = [...entries.keys()]
    .filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n))
    .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)?.[1] ?? Infinity) - Number(/(\d+)\.xml$/.exec(b)?.[1] ?? Infinity))[0];
  const sheet = entries.get((named && entries.has(named) && named.startsWith('xl/worksheets/') ? named : fallback) ?? '');
  if (!sheet) throw new ImportError(name, {}, 'malformed', 'the workbook has no worksheet');
  const styles = entries.get(byType('/styles') ?? 'xl/styles.xml');
  const sharedStrings = entries.get(byType('/sharedStrings') ?? 'xl/sharedStrings.xml');
  return { workbook, sheet, ...(rels ? { rels } : {}), ...(styles ? { styles } : {}), ...(sharedStrings ? { sharedStrings } : {}) };
}

function localHeader(fileName: string, size: number, crc: number): Buffer {
  const nameBytes = Buffer.from(fileName, 'utf8');
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4); // version needed: 2.0
  h.writeUInt32LE(crc >>> 0, 14);
  h.writeUInt32LE(size, 18); // stored: compressed size = size
  h.writeUInt32LE(size, 22);
  h.writeUInt16LE(nameBytes.length, 26);
  return Buffer.concat([h, nameBytes]);
}

function endOfArchive(): Buffer {
  const e = Buffer.alloc(22);
  e.writeUInt32LE(0x06054b50, 0);
  return e;
}

/**
 * ExcelJS's streaming reader reads a zip front to back and copies every worksheet it meets
 * before the shared strings into a temporary file, and its unzip layer can wait forever on a
 * damaged entry. So the workbook is opened here through its central directory (yauzl reports
 * damage as errors), and only the parts the reader needs are passed on, unpacked and in the
 * order it wants: relationships, workbook, styles, shared strings, then the first sheet.
 * Errors end the stream; `failed` rejects with them, since ExcelJS never hears of them.
 */
async function* repackedWorkbook(zip: yauzl.ZipFile, parts: WorkbookParts, name: string, signal: AbortSignal | undefined): AsyncGenerator<Buffer> {
  let total = 0;
  const copy = async function* (entry: yauzl.Entry, as: string): AsyncGenerator<Buffer> {
    const position = { entry: entry.fileName };
    total += entry.uncompressedSize;
    if (total > MAX_WORKBOOK_BYTES) throw new ImportError(name, position, 'unsafe-archive', 'the workbook unpacks to more than 2 GB');
    yield localHeader(as, entry.uncompressedSize, entry.crc32);
    let crc = 0;
    try {
      for await (const chunk of (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>) {
        if (signal?.aborted) throw new ImportError(name, position, 'cancelled', 'import cancelled');
        crc = zlib.crc32(chunk, crc);
        yield chunk;
      }
    } catch (e) {
      if (e instanceof ImportError) throw e;
      throw new ImportError(name, position, 'malformed', `the workbook is damaged: ${(e as Error).message}`);
    }
    if (crc >>> 0 !== entry.crc32 >>> 0) throw new ImportError(name, position, 'malformed', 'the workbook is damaged: a checksum does not match');
  };
  const made = function* (as: string, xml: string): Generator<Buffer> {
    const data = Buffer.from(XML_HEADER + xml);
    yield localHeader(as, data.length, zlib.crc32(data));
    yield data;
  };
  // The reader streams a sheet directly only once it has relationships and shared strings.
  if (parts.rels) yield* copy(parts.rels, 'xl/_rels/workbook.xml.rels');
  else yield* made('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>');
  yield* copy(parts.workbook, 'xl/workbook.xml');
  if (parts.styles) yield* copy(parts.styles, 'xl/styles.xml');
  if (parts.sharedStrings) yield* copy(parts.sharedStrings, 'xl/sharedStrings.xml');
  else yield* made('xl/sharedStrings.xml', '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>');
  yield* copy(parts.sheet, 'xl/worksheets/sheet1.xml');
  yield endOfArchive();
}

async function openZip(source: ImportSource): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.openPromise(source.path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false });
  } catch (e) {
    const head = readHead(source.path, 4);
    // A zip is read from its directory at the very end: a cut-off copy has none.
    if (head.length === 4 && head.readUInt32LE(0) === 0x04034b50)
      throw new ImportError(source.name, { offset: fs.statSync(source.path).size }, 'truncated', `the workbook ends early (an incomplete copy?): ${(e as Error).message}`);
    throw new ImportError(source.name, { offset: 0 }, 'malformed', 'not an Excel workbook (.xlsx files are zip archives)');
  }
}

/** The rows of the first worksheet; ExcelJS's streaming reader keeps only one row at a time. */
export async function* readXlsxRows(source: ImportSource, signal: AbortSignal | undefined): AsyncGenerator<SheetRow> {
  const zip = await openZip(source);
  let feed: Readable | null = null;
  let sheets: AsyncGenerator<ExcelJS.stream.xlsx.WorksheetReader> | null = null;
  let rows: AsyncGenerator<ExcelJS.Row> | null = null;
  let broken = false;
  let line = 0;
  try {
    const parts = await findParts(zip, source.name).catch((e: unknown) => {
      throw e instanceof ImportError ? e : new ImportError(source.name, {}, 'malformed', `the workbook is damaged: ${(e as Error).message}`);
    });
    feed = Readable.from(repackedWorkbook(zip, parts, source.name, signal), { objectMode: false });
    // Each wait on ExcelJS also ends when the feed fails. (Racing one long-lived promise
    // instead would keep a reaction per row alive until the end of the file.)
    let failure: Error | null = null;
    let failWaiting: ((e: Error) => void) | null = null;
    feed.on('error', (e) => {
      broken = true;
      failure = e;
      failWaiting?.(e);
    });
    const step = <T>(p: Promise<T>): Promise<T> =>
      failure
        ? Promise.reject(failure)
        : new Promise<T>((resolve, reject) => {
            failWaiting = reject;
            p.then(resolve, reject);
          });
    // Styles are needed to tell a date cell from a number; hyperlinks and the rest are not.
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(feed, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
    sheets = reader[Symbol.asyncIterator]();
    const first = await step(sheets.next());
    if (first.done) return;
    rows = first.value[Symbol.asyncIterator]();
    for (;;) {
      const next = await step(rows.next());
      if (next.done) break;
      line = next.value.number;
      if (signal?.aborted) throw new ImportError(source.name, { line }, 'cancelled', 'import cancelled');
      // row.values is sparse and 1-based: column A is index 1, empty cells are holes.
      const values = next.value.values as unknown[];
      yield { cells: Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => values[i + 1]), line };
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError(source.name, { line: line + 1 }, 'malformed', `not a readable Excel workbook: ${(e as Error).message ?? String(e)}`);
  } finally {
    // After a failed feed ExcelJS waits for data that never comes; otherwise let it close.
    if (!broken) {
      await rows?.return(undefined).catch(() => undefined);
      await sheets?.return(undefined).catch(() => undefined);
    }
    feed?.destroy();
    zip.close();
  }
}

/** What a cell shows, as text. Dates are written as their wall-clock time. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) {
    const w = wallClockOfDate(v);
    if (!w) return '';
    const p = (n: number) => String(n).padStart(2, '0');
    return `${w.year}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}:${p(w.second)}`;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return o.richText.map((r) => cellText((r as { text?: unknown }).text)).join('');
    if ('result' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    if (typeof o.error === 'string') return o.error;
  }
  return '';
}

// ───────────────────────────── times ─────────────────────────────

const EARLIEST = Date.UTC(1990, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);
const DAY_MS = 86_400_000;
/** Days from Excel's (1900 system) day 0 to 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25_569;

/** ExcelJS hands out dates as if the sheet's wall-clock time were UTC; rounded to the second to undo float error. */
function wallClockOfDate(d: Date): { year: number; month: number; day: number; hour: number; minute: number; second: number } | null {
  const t = d.getTime();
  if (!Number.isFinite(t)) return null;
  const r = new Date(Math.round(t / 1000) * 1000);
  return { year: r.getUTCFullYear(), month: r.getUTCMonth() + 1, day: r.getUTCDate(), hour: r.getUTCHours(), minute: r.getUTCMinutes(), second: r.getUTCSeconds() };
}

const inRange = (ms: number): number | null => (Number.isFinite(ms) && ms >= EARLIEST && ms < LATEST ? ms : null);

const ISO_WITH_OFFSET = /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;
const LOCAL_DATE_TIME = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T ]\s*|\s+)(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:\.\d+)?)?$/;

/**
 * UTC milliseconds for a time cell, or null when it is not a time: ISO with an offset, a
 * local `YYYY-MM-DD HH:mm[:ss]` or `YYYY/M/D H:mm` in `timeZone`, unix seconds or
 * milliseconds (told apart by size), and in workbooks date cells and serial day numbers.
 */
export function parseTableTime(v: unknown, timeZone: string, o: { excelSerial?: boolean } = {}): number | null {
  if (v instanceof Date) {
    const w = wallClockOfDate(v);
    return w ? inRange(wallClockToUtc(w, timeZone) ?? NaN) : null;
  }
  if (typeof v === 'number') {
    // Serial day numbers stay below a million until the year 4637; unix times are far larger.
    if (o.excelSerial && v > 0 && v < 1e6) return parseTableTime(new Date((v - EXCEL_EPOCH_DAYS) * DAY_MS), timeZone);
    return inRange(v >= 1e11 ? v : v * 1000);
  }
  if (v && typeof v === 'object' && 'result' in v) return parseTableTime((v as { result: unknown }).result, timeZone, o);
  const s = cellText(v).trim();
  if (/^\d+(?:\.\d+)?$/.test(s)) {
    const n = Number(s);
    return inRange(n >= 1e11 ? n : n * 1000);
  }
  const iso = ISO_WITH_OFFSET.exec(s);
  if (iso) {
    const [, y, mo, d, h, mi, sec, frac, zone] = iso;
    const local = wallClockToUtc({ year: +y!, month: +mo!, day: +d!, hour: +h!, minute: +mi!, second: sec ? +sec : 0 }, 'UTC');
    if (local === null) return null;
    let offset = 0;
    if (zone!.toUpperCase() !== 'Z') {
      const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone!)!;
      offset = (m[1] === '-' ? -1 : 1) * (+m[2]! * 60 + (m[3] ? +m[3] : 0)) * 60_000;
    }
    return inRange(local - offset + (frac ? Number(frac.padEnd(3, '0')) : 0));
  }
  const local = LOCAL_DATE_TIME.exec(s);
  if (local) {
    const [, y, mo, d, h, mi, sec] = local;
    return inRange(wallClockToUtc({ year: +y!, month: +mo!, day: +d!, hour: +h!, minute: +mi!, second: sec ? +sec : 0 }, timeZone) ?? NaN);
  }
  return null;
}

// ───────────────────────────── column guess ─────────────────────────────

type Field = keyof ColumnMap;

/** Header names that certainly mean a field, compared lower-cased without spaces, '_' or '-'. */
const EXACT: Record<Field, string[]> = {
  time: ['时间', '日期', '发送时间', '消息时间', '日期时间', 'time', 'date', 'datetime', 'timestamp', 'senttime', 'sentat', 'createdat', 'createtime'],
  group: ['群', '群名', '群名称', '群聊', '群组', '群聊名称', '会话', 'group', 'groupname', 'chat', 'chatname', 'channel', 'room'],
  senderId: ['id', 'qq', 'qq号', '微信号', 'wxid', 'uid', 'uin', 'userid', 'senderid', 'memberid', 'fromid', '用户id', '账号'],
  senderName: ['发送者', '发送人', '昵称', '群昵称', '用户名', '成员', 'sender', 'name', 'from', 'author', 'nickname', 'username', 'sendername', 'user'],
  text: ['内容', '消息', '消息内容', '文本', '聊天内容', 'text', 'content', 'message', 'body', 'msg'],
};

/** Fragments that suggest a field inside longer headers, tried in this order. */
const PARTIAL: [Field, RegExp][] = [
  ['time', /时间|日期|time|date/],
  // "消息ID" is the message's id, not the sender's
  ['senderId', /^(?!.*(?:消息|message|msg)).*(?:qq(?!群)|微信号|wxid|账号|(?:^|[^a-z])(?:user|sender|member|from)?id$)/],
  ['senderName', /发送者|发送人|昵称|用户名|sender|nickname|author|from/],
  ['text', /内容|消息|文本|text|content|message/],
  ['group', /群|group|chat|channel|room/],
];

const normalizeHeader = (h: string): string => h.trim().toLowerCase().replace(/[\s_-]+/g, '');

/** A first guess at the column mapping from the header names, Chinese or English. */
export function guessColumnMap(headers: readonly string[]): Partial<ColumnMap> {
  const guess: Partial<ColumnMap> = {};
  const used = new Set<number>();
  const take = (field: Field, i: number) => {
    if (guess[field] !== undefined || used.has(i)) return;
    guess[field] = headers[i]!;
    used.add(i);
  };
  headers.forEach((h, i) => {
    const n = normalizeHeader(h);
    for (const field of Object.keys(EXACT) as Field[]) if (EXACT[field].includes(n)) take(field, i);
  });
  headers.forEach((h, i) => {
    if (used.has(i)) return;
    const lower = h.trim().toLowerCase();
    const hit = PARTIAL.find(([field, re]) => guess[field] === undefined && re.test(lower));
    if (hit) take(hit[0], i);
  });
  return guess;
}

// ───────────────────────────── preview ─────────────────────────────

export type TableFormat = 'generic-csv' | 'generic-xlsx';

export interface TablePreview {
  headers: string[];
  /** The first rows after the header, as text. */
  rows: string[][];
  guess: Partial<ColumnMap>;
}

const PREVIEW_ROWS = 20;

function rowsOf(source: ImportSource, format: TableFormat, signal?: AbortSignal): AsyncGenerator<{ cells: unknown[]; line: number }> {
  return format === 'generic-xlsx' ? readXlsxRows(source, signal) : readCsvRows(source, signal ? { signal } : {});
}

/** The header and first rows of a table, and a guessed mapping, for the column-mapping step. */
export async function previewTable(source: ImportSource, format: TableFormat): Promise<TablePreview> {
  let headers: string[] | null = null;
  const rows: string[][] = [];
  for await (const row of rowsOf(source, format)) {
    const cells = row.cells.map(cellText);
    if (!headers) headers = cells.map((c) => c.trim());
    else rows.push(cells);
    if (rows.length >= PREVIEW_ROWS) break;
  }
  const h = headers ?? [];
  return { headers: h, rows, guess: guessColumnMap(h) };
}

// ───────────────────────────── reading ─────────────────────────────

interface Columns {
  width: number;
  time: number;
  text: number;
  senderName: number;
  senderId?: number;
  group?: number;
}

function resolveColumns(headers: string[], map: ColumnMap, name: string, line: number): Columns {
  const trimmed = headers.map((h) => h.trim());
  const find = (label: string, header: string): number => {
    const i = trimmed.indexOf(header.trim());
    if (i < 0) throw new ImportError(name, { line }, 'malformed', `the ${label} column "${header}" is not in the header row (columns: ${trimmed.filter(Boolean).join(', ')})`);
    return i;
  };
  const cols: Columns = { width: headers.length, time: find('time', map.time), text: find('text', map.text), senderName: find('sender name', map.senderName) };
  if (map.senderId) cols.senderId = find('sender id', map.senderId);
  if (map.group) cols.group = find('group', map.group);
  return cols;
}

function tooLarge(text: string): boolean {
  return text.length * 3 > MAX_FIELD_BYTES && Buffer.byteLength(text) > MAX_FIELD_BYTES;
}

async function* readTable(source: ImportSource, opts: ReadOptions, format: TableFormat): AsyncGenerator<ImportItem> {
  const map = opts.columnMap;
  if (!map) throw new ImportError(source.name, {}, 'unsupported', 'a column mapping is needed first: which column holds the time, the sender and the text');
  const tz = opts.timeZone ?? systemTimeZone();
  const keys = new ContentKeys();
  const chats = new Set<string>();
  // Without a group column the whole file is one chat, named after the file.
  const fileChat = path.basename(source.name, path.extname(source.name)) || source.name;
  let cols: Columns | null = null;
  for await (const row of rowsOf(source, format, opts.signal)) {
    const position = { line: row.line };
    if (!cols) {
      cols = resolveColumns(row.cells.map(cellText), map, source.name, row.line);
      continue;
    }
    if (format === 'generic-csv' && row.cells.length !== cols.width)
      throw new ImportError(source.name, position, 'malformed', `expected ${cols.width} columns like the header, found ${row.cells.length}`);
    const texts = row.cells.map(cellText);
    if (texts.every((t) => t.trim() === '')) continue;
    if (texts.some(tooLarge)) throw new ImportError(source.name, position, 'too-large', 'a cell is larger than 8 MB');
    const rawTime = row.cells[cols.time];
    const sentAt = parseTableTime(rawTime, tz, { excelSerial: format === 'generic-xlsx' });
    if (sentAt === null) throw new ImportError(source.name, position, 'bad-date', `not a time: ${JSON.stringify(cellText(rawTime).slice(0, 40))}`);

    const group = cols.group !== undefined ? (texts[cols.group] ?? '').trim() : '';
    const chatKey = group || fileChat;
    if (!chats.has(chatKey)) {
      chats.add(chatKey);
      yield { type: 'chat', chat: { key: chatKey, name: chatKey, platform: 'other', kind: 'unknown' } };
    }
    const name = (texts[cols.senderName] ?? '').trim();
    const id = (cols.senderId !== undefined ? (texts[cols.senderId] ?? '').trim() : '') || name;
    const text = texts[cols.text] ?? '';
    yield {
      type: 'message',
      chatKey,
      sourceKey: keys.key(chatKey, sentAt, id, text),
      sentAt,
      sender: id ? { id, name: name || id } : null,
      kind: 'text',
      text,
      position,
    };
  }
}

function csvHeaderCells(text: string): number {
  const line = firstLineOf(text.replace(/^\uFEFF/, ''));
  if (!line.trim()) return 0;
  const d = guessDelimiter(line);
  return line.split(d).filter((c) => c.trim()).length;
}

export const genericCsvImporter: Importer = {
  format: 'generic-csv',
  platform: 'other',
  // Any table could be a chat log; a known exporter's own importer should always win.
  detect(p: Probe): number {
    return /\.(csv|tsv)$/i.test(p.name) && csvHeaderCells(p.text) >= 2 ? 0.1 : 0;
  },
  read(source, opts) {
    return readTable(source, opts, 'generic-csv');
  },
};

export const genericXlsxImporter: Importer = {
  format: 'generic-xlsx',
  platform: 'other',
  detect(p: Probe): number {
    if (p.zipEntries?.includes('xl/workbook.xml')) return 0.1;
    const isZip = p.head.length >= 4 && p.head.readUInt32LE(0) === 0x04034b50;
    return isZip && /\.xlsx$/i.test(p.name) ? 0.1 : 0;
  },
  read(source, opts) {
    return readTable(source, opts, 'generic-xlsx');
  },
};
