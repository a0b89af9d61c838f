/**
 * The one normalized stream every export format is read into. Importers only parse: they
 * yield chats, messages and membership events, in file order, and throw ImportError with the
 * file and position when the input is broken. Writing, de-duplication and undo are the import
 * service's job, so every format gets them the same way.
 */
import type { MessageKind, Platform } from '../../../shared/domain/enums';

export const IMPORT_FORMATS = [
  'telegram-json',
  'whatsapp-txt',
  'qq-txt',
  'qce-json',
  'discord-json',
  'slack-zip',
  'memotrace-csv',
  'weflow-json',
  'chatlab-json',
  'chatlab-jsonl',
  'generic-csv',
  'generic-xlsx',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Where in the input something is: a 1-based line, an entry of an archive, an array index, a byte offset. */
export interface Position {
  line?: number;
  entry?: string;
  index?: number;
  offset?: number;
}

export interface ImportPerson {
  /** The platform identity (QQ number, Telegram user id, wxid …); never a display name when an id exists. */
  id: string;
  name: string;
}

export interface ImportChat {
  /** Unique within the file; the platform chat id when the format has one. */
  key: string;
  name: string;
  platform: Platform;
  kind: 'group' | 'private' | 'channel' | 'unknown';
}

export interface ImportAttachment {
  kind: 'image' | 'file' | 'voice' | 'video' | 'sticker' | 'link' | 'other';
  /** File name or URL as written in the export (a reference; the file itself is not copied). */
  ref: string;
}

export interface ImportMessage {
  type: 'message';
  chatKey: string;
  /** Stable across re-exports of the same chat: the platform message id, or a hash of its content. */
  sourceKey: string;
  /** Unix milliseconds (UTC). */
  sentAt: number;
  sender: ImportPerson | null;
  kind: MessageKind;
  text: string;
  replyToKey?: string;
  mentions?: ImportPerson[];
  attachments?: ImportAttachment[];
  position: Position;
}

export interface ImportEvent {
  type: 'event';
  chatKey: string;
  sourceKey: string;
  at: number;
  /** `notice`: a group notice that no member sent (a file shared, 全员禁言 …), stored as an event, not a message. */
  event: 'join' | 'leave' | 'rename' | 'recall' | 'notice';
  /** Who joined/left/was renamed; null when the export does not say. */
  members: ImportPerson[];
  actor?: ImportPerson;
  /** The new name for a rename, the system text otherwise. */
  detail?: string;
  position: Position;
}

export type ImportItem = { type: 'chat'; chat: ImportChat } | ImportMessage | ImportEvent;

export interface ImportSource {
  /** Absolute path of the file on disk. */
  path: string;
  /** What to call it in messages (usually the base name). */
  name: string;
}

export interface ReadOptions {
  signal?: AbortSignal;
  /** Told how many bytes of the file have been read so far, for progress bars. */
  onBytes?: (bytesRead: number) => void;
  /** IANA zone for formats that write local times without an offset. Default: the system zone. */
  timeZone?: string;
  /** Generic CSV/XLSX: which column holds what. */
  columnMap?: ColumnMap;
}

export interface ColumnMap {
  time: string;
  group?: string;
  senderId?: string;
  senderName: string;
  text: string;
}

/** What detection gets to look at: the name, the first bytes, and for a zip its entry names. */
export interface Probe {
  name: string;
  head: Buffer;
  /** The head decoded as text (BOM and UTF-16 handled); '' for binary. */
  text: string;
  zipEntries?: string[];
}

export interface Importer {
  format: ImportFormat;
  /** The platform a chat of this format belongs to (generic formats: 'other' until mapped). */
  platform: Platform;
  /** 0 = not this format, 1 = certainly this format. */
  detect(probe: Probe): number;
  read(source: ImportSource, opts: ReadOptions): AsyncIterable<ImportItem>;
}

export type ImportErrorReason =
  | 'unsupported'
  | 'malformed'
  | 'truncated'
  | 'encoding'
  | 'bad-date'
  | 'too-large'
  | 'unsafe-archive'
  | 'cancelled'
  | 'io';

/** A clear failure naming the file and where in it; what the UI and CLI show the user. */
export class ImportError extends Error {
  readonly file: string;
  readonly position: Position;
  readonly reason: ImportErrorReason;
  readonly detail: string;
  /** No importer recognised the file at all (it is not a chat export), as opposed to a damaged one. */
  readonly notAnExport: boolean;
  constructor(file: string, position: Position, reason: ImportErrorReason, detail: string, o: { notAnExport?: boolean } = {}) {
    super(`${file}${describePosition(position)}: ${detail}`);
    this.name = 'ImportError';
    this.file = file;
    this.position = position;
    this.reason = reason;
    this.detail = detail;
    this.notAnExport = o.notAnExport ?? false;
  }
}

export function describePosition(p: Position): string {
  const parts: string[] = [];
  if (p.entry !== undefined) parts.push(`entry ${p.entry}`);
  if (p.line !== undefined) parts.push(`line ${p.line}`);
  if (p.index !== undefined) parts.push(`item ${p.index}`);
  if (p.offset !== undefined) parts.push(`byte ${p.offset}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
