/**
 * The ChatLab interchange format, which several exporters (WeFlow among them) can write:
 *   JSON  `{chatlab{version}, meta{name, platform, type, groupId?}, members[…], messages[…]}`
 *   JSONL a header line `{_type:"header", chatlab, meta}`, then member and message lines.
 * A message is `{sender, accountName?, groupNickname?, timestamp (s), type (number), content,
 * platformMessageId?, replyToMessageId?}`; older writers used `id` and `replyTo`. Lines without
 * `_type` are told apart by their fields. Both are streamed.
 */
import { PLATFORMS, type MessageKind, type Platform } from '../../../shared/domain/enums';
import { streamJson, type JsonPath } from './json-stream';
import { wechatSystemItem } from './memotrace-csv.importer';
import { ContentKeys } from './source-key';
import { readLines, type Line } from './text-input';
import { ImportError, type ImportChat, type ImportItem, type ImportPerson, type Importer, type Position, type Probe, type ReadOptions } from './types';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '');

/** ChatLab's numeric message types; the gaps (location, red packets, calls …) read as text. */
const TYPE_KINDS: Record<number, MessageKind> = { 0: 'text', 1: 'image', 2: 'voice', 3: 'video', 4: 'file', 5: 'sticker', 7: 'link', 24: 'link', 80: 'system' };
const TYPE_NAMES: Record<string, number> = { text: 0, image: 1, voice: 2, video: 3, file: 4, emoji: 5, sticker: 5, link: 7, share: 24, system: 80, recall: 81 };
const SYSTEM = 80;
const RECALL = 81;

/** The platform a ChatLab file names, as one of ours ('mixed' for merged files, and the rest, are 'other'). */
export function platformOf(v: unknown): Platform {
  const s = str(v).trim().toLowerCase();
  if (s === 'weixin') return 'wechat';
  return (PLATFORMS as readonly string[]).includes(s) ? (s as Platform) : 'other';
}

const EARLIEST = Date.UTC(1990, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

function timeOf(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+(?:\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
  // timestamp is seconds; a value this large can only be milliseconds.
  const ms = n >= 1e11 ? n : n * 1000;
  return Number.isFinite(ms) && ms >= EARLIEST && ms < LATEST ? Math.round(ms) : null;
}

function typeOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return /^\d+$/.test(v.trim()) ? Number(v) : (TYPE_NAMES[v.trim().toLowerCase()] ?? 0);
  return 0;
}

interface Meta {
  name?: string;
  platform?: string;
  type?: string;
  groupId?: string;
}

function chatOf(meta: Meta, fileStem: string): ImportChat {
  const key = meta.groupId || (meta.name ? `name:${meta.name}` : fileStem);
  const kind: ImportChat['kind'] = meta.type === 'group' ? 'group' : meta.type === 'private' ? 'private' : 'unknown';
  return { key, name: meta.name || key, platform: platformOf(meta.platform), kind };
}

/** Display names by platform id, from the members table. */
type Names = Map<string, string>;

function addMember(names: Names, v: unknown): void {
  const m = obj(v);
  const id = str(m?.platformId);
  if (!m || !id) return;
  const name = str(m.groupNickname) || str(m.accountName);
  if (name) names.set(id, name);
}

/** One message as an item; `name` and `position` are for errors. */
function itemOf(v: unknown, chat: ImportChat, names: Names, keys: ContentKeys, name: string, position: Position): ImportItem {
  const m = obj(v);
  if (!m) throw new ImportError(name, position, 'malformed', 'a message is not an object');
  const at = timeOf(m.timestamp);
  if (at === null) throw new ImportError(name, position, 'bad-date', `message has an impossible or missing timestamp: ${JSON.stringify(m.timestamp ?? null).slice(0, 40)}`);
  const type = typeOf(m.type);
  const text = str(m.content);
  const id = str(m.platformMessageId) || str(m.id);
  const senderId = str(m.sender);
  // The name at the time of the message is the better record; the members table fills gaps.
  const sender: ImportPerson | null = senderId ? { id: senderId, name: str(m.groupNickname) || str(m.accountName) || names.get(senderId) || senderId } : null;

  if (type === SYSTEM) return wechatSystemItem(chat.key, id || keys.key(chat.key, at, '', text), at, text, position);
  if (type === RECALL) {
    return { type: 'event', chatKey: chat.key, sourceKey: id || keys.key(chat.key, at, senderId, text), at, event: 'recall', members: [], ...(sender ? { actor: sender } : {}), ...(text ? { detail: text } : {}), position };
  }
  const reply = str(m.replyToMessageId) || str(m.replyTo);
  return {
    type: 'message',
    chatKey: chat.key,
    sourceKey: id || keys.key(chat.key, at, senderId, text),
    sentAt: at,
    sender,
    kind: TYPE_KINDS[type] ?? 'text',
    text,
    ...(reply ? { replyToKey: reply } : {}),
    position,
  };
}

type Shape = 'json' | 'jsonl';

/** JSONL when the first line is a whole JSON object with more lines after it. */
function shapeOf(text: string): Shape | null {
  const t = text.replace(/^\uFEFF/, '');
  if (!t.trimStart().startsWith('{') || !/"chatlab"\s*:\s*\{|"_type"\s*:\s*"header"/.test(t)) return null;
  const nl = t.indexOf('\n');
  const first = nl < 0 ? t : t.slice(0, nl);
  // A header whose avatar does not fit in the probe still starts like this.
  if (/^\s*\{\s*"_type"\s*:\s*"header"/.test(first)) return 'jsonl';
  if (nl < 0 || !t.slice(nl + 1).trim()) return 'json';
  try {
    return obj(JSON.parse(first)) ? 'jsonl' : 'json';
  } catch {
    return 'json';
  }
}

const stemOf = (name: string): string => name.replace(/\.[^.]*$/, '') || name;

export const chatlabJsonImporter: Importer = {
  format: 'chatlab-json',
  platform: 'other',

  detect(p: Probe): number {
    return shapeOf(p.text) === 'json' ? 0.95 : 0;
  },

  async *read(source, opts: ReadOptions): AsyncGenerator<ImportItem> {
    const meta: Meta = {};
    const names: Names = new Map();
    const keys = new ContentKeys();
    let chat: ImportChat | null = null;
    const isTarget = (p: JsonPath) => p.length === 1 && (p[0] === 'members' || p[0] === 'messages');
    const wantScalar = (p: JsonPath) => p.length === 2 && p[0] === 'meta';
    for await (const ev of streamJson(source.path, source.name, isTarget, { wantScalar, ...(opts.signal ? { signal: opts.signal } : {}) })) {
      if (ev.kind === 'scalar') {
        const field = String(ev.path[1]);
        if (field === 'name' || field === 'platform' || field === 'type' || field === 'groupId') meta[field] = str(ev.value);
        continue;
      }
      if (ev.path[0] === 'members') {
        if (ev.kind === 'element') addMember(names, ev.value);
        continue;
      }
      if (ev.kind === 'arrayStart') {
        chat ??= chatOf(meta, stemOf(source.name));
        yield { type: 'chat', chat };
        continue;
      }
      yield itemOf(ev.value, chat ?? chatOf(meta, stemOf(source.name)), names, keys, source.name, { index: ev.index });
    }
  },
};

type LineKind = 'header' | 'member' | 'message' | null;

function lineKind(o: Json): LineKind {
  const t = o._type;
  if (t === 'header' || t === 'member' || t === 'message') return t;
  if (t !== undefined) return null;
  if ('chatlab' in o || 'meta' in o) return 'header';
  if ('sender' in o || 'timestamp' in o) return 'message';
  if ('platformId' in o) return 'member';
  return null;
}

export const chatlabJsonlImporter: Importer = {
  format: 'chatlab-jsonl',
  platform: 'other',

  detect(p: Probe): number {
    return shapeOf(p.text) === 'jsonl' ? 0.95 : 0;
  },

  async *read(source, opts: ReadOptions): AsyncGenerator<ImportItem> {
    const names: Names = new Map();
    const keys = new ContentKeys();
    let chat: ImportChat | null = null;

    function* handle(line: Line, last: boolean): Generator<ImportItem> {
      const text = line.text.trim();
      // '#' lines are comments in the format's own rules.
      if (!text || text.startsWith('#')) return;
      const position = { line: line.line };
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        // A broken last line is where a copy or an export stopped.
        if (last) throw new ImportError(source.name, position, 'truncated', 'the last line is cut off (an incomplete export?)');
        throw new ImportError(source.name, position, 'malformed', `not valid JSON: ${(e as Error).message}`);
      }
      const o = obj(value);
      if (!o) throw new ImportError(source.name, position, 'malformed', 'a line is not a JSON object');
      const kind = lineKind(o);
      if (kind === 'header') {
        if (chat) return;
        const m = obj(o.meta) ?? {};
        chat = chatOf({ name: str(m.name), platform: str(m.platform), type: str(m.type), groupId: str(m.groupId) }, stemOf(source.name));
        yield { type: 'chat', chat };
      } else if (kind === 'member') {
        addMember(names, o);
      } else if (kind === 'message') {
        if (!chat) {
          chat = chatOf({}, stemOf(source.name));
          yield { type: 'chat', chat };
        }
        yield itemOf(o, chat, names, keys, source.name, position);
      }
    }

    // One line is held back so the last one can be recognised when it fails to parse.
    let held: Line | null = null;
    for await (const line of readLines(source.path, source.name, opts.signal ? { signal: opts.signal } : {})) {
      if (held) yield* handle(held, false);
      held = line;
    }
    if (held) yield* handle(held, true);
  },
};
