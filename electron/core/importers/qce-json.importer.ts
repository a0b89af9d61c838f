/**
 * QQChatExporter (QCE) JSON: one chat per file, `{metadata, chatInfo, statistics, messages}`.
 * A person is their QQ number (uin) when the export has it, else QQNT's opaque uid; mentions
 * and replies are written with uids and message ids, so both are translated through what the
 * messages read so far have shown (bounded maps: memory stays flat on huge files).
 */
import type { MessageKind } from '../../../shared/domain/enums';
import { streamJson, type JsonPath } from './json-stream';
import { systemTimeZone, wallClockToUtc } from './local-time';
import { ContentKeys } from './source-key';
import { ImportError, type ImportAttachment, type ImportChat, type ImportItem, type ImportPerson, type Importer, type Position, type Probe, type ReadOptions } from './types';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Accounts QQ uses for its own notices; they are not members. */
const SYSTEM_UINS = new Set(['0', '10000', '1000000']);

/** Per-file memory of uid→uin and message id→key; oldest entries go first. */
const MEMORY_LIMIT = 100_000;

class Recent<V> {
  private readonly map = new Map<string, V>();
  get(k: string): V | undefined {
    return this.map.get(k);
  }
  set(k: string, v: V): void {
    this.map.delete(k);
    this.map.set(k, v);
    if (this.map.size > MEMORY_LIMIT) this.map.delete(this.map.keys().next().value!);
  }
}

const CHAT_KINDS: Record<string, ImportChat['kind']> = { group: 'group', private: 'private', friend: 'private', c2c: 'private', temp: 'private' };

/** Fields that, when an export has them, identify the chat better than its (renamable) name. */
const CHAT_ID_FIELDS = ['id', 'groupCode', 'groupId', 'peerUin', 'peerUid'];

const RESOURCE_KINDS: Record<string, ImportAttachment['kind']> = {
  image: 'image',
  pic: 'image',
  video: 'video',
  audio: 'voice',
  voice: 'voice',
  ptt: 'voice',
  file: 'file',
  market_face: 'sticker',
};

const JOINED = /加入了?[本该]?群/;
const LEFT = /(?:退出|离开|移出)了?[本该]?群/;
/** "申请加入" is a request awaiting approval, not a join. */
const REQUEST = /申请/;
/** Notices naming two people (inviter and invitee, admin and removed): the sender may be either. */
const TWO_PEOPLE = /邀请|被|移出/;

const MAX_TIME = Date.UTC(2100, 0, 1);

function timeOf(m: Json, tz: string): number | null {
  const ts = m.timestamp;
  if (ts !== undefined && ts !== null) {
    const n = typeof ts === 'number' ? ts : typeof ts === 'string' && /^\d+$/.test(ts.trim()) ? Number(ts) : NaN;
    // QCE writes milliseconds; a value this small can only be seconds.
    const ms = n < 1e11 ? n * 1000 : n;
    return Number.isFinite(ms) && ms > 0 && ms < MAX_TIME ? ms : null;
  }
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(str(m.time)?.trim() ?? '');
  if (!match) return null;
  return wallClockToUtc({ year: +match[1]!, month: +match[2]!, day: +match[3]!, hour: +match[4]!, minute: +match[5]!, second: match[6] ? +match[6] : 0 }, tz);
}

function attachmentsOf(content: Json | undefined): ImportAttachment[] {
  const out: ImportAttachment[] = [];
  const add = (type: string | undefined, ref: string | undefined) => {
    if (ref) out.push({ kind: RESOURCE_KINDS[type ?? ''] ?? 'other', ref });
  };
  const resources = list(content?.resources).map(obj);
  if (resources.length) {
    for (const r of resources) add(str(r?.type), str(r?.filename) || str(r?.fileName) || str(r?.url) || str(r?.localPath));
    return out;
  }
  // Older exports list media only among the elements.
  for (const e of list(content?.elements).map(obj)) {
    const type = str(e?.type);
    if (!type || !(type in RESOURCE_KINDS)) continue;
    const data = obj(e?.data);
    add(type, str(data?.filename) || str(data?.fileName) || str(data?.url) || str(data?.name));
  }
  return out;
}

function messageKind(attachments: ImportAttachment[]): MessageKind {
  const first = attachments[0]?.kind;
  if (first === undefined) return 'text';
  return first === 'other' ? 'file' : first;
}

const isMessages = (p: JsonPath) => p.length === 1 && p[0] === 'messages';
const wantScalar = (p: JsonPath) => p.length === 2 && p[0] === 'chatInfo';

export const qceJsonImporter: Importer = {
  format: 'qce-json',
  platform: 'qq',

  detect(p: Probe): number {
    const t = p.text.trimStart();
    if (!t.startsWith('{') || !/"chatInfo"\s*:\s*\{/.test(t)) return 0;
    if (/QQChatExporter|qq-chat-exporter/i.test(t)) return 0.98;
    if (/"metadata"\s*:\s*\{/.test(t)) return 0.95;
    return /"messages"\s*:\s*\[/.test(t) ? 0.7 : 0.4;
  },

  async *read(source, opts: ReadOptions): AsyncGenerator<ImportItem> {
    const reader = new QceReader(source.name, opts.timeZone ?? systemTimeZone());
    let position: Position = {};
    try {
      const events = streamJson(source.path, source.name, isMessages, { wantScalar, ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.onBytes ? { onBytes: opts.onBytes } : {}) });
      for await (const ev of events) {
        if (ev.kind === 'scalar') {
          reader.chatInfo(String(ev.path[1]), ev.value);
        } else if (ev.kind === 'arrayStart') {
          yield { type: 'chat', chat: reader.chat() };
        } else {
          position = { index: ev.index };
          // The stream hands over messages in batches: stop at the next message, not the next batch.
          if (opts.signal?.aborted) throw new ImportError(source.name, position, 'cancelled', 'import cancelled');
          const item = reader.message(ev.value, position);
          if (item) yield item;
        }
      }
    } catch (e) {
      if (e instanceof ImportError) throw e;
      // A shape we did not foresee must still surface as a clear import error, not a crash.
      throw new ImportError(source.name, position, 'malformed', `unexpected content: ${(e as Error).message ?? String(e)}`);
    }
    if (reader.chatKey === null) throw new ImportError(source.name, {}, 'unsupported', 'no "messages" array: not a QQChatExporter single-file JSON export');
  },
};

class QceReader {
  chatKey: string | null = null;
  private readonly info: Record<string, string> = {};
  private readonly uinByUid = new Recent<string>();
  private readonly keyById = new Recent<string>();
  private readonly contentKeys = new ContentKeys();

  constructor(
    private readonly file: string,
    private readonly tz: string,
  ) {}

  chatInfo(field: string, value: unknown): void {
    const s = str(value);
    if (s !== undefined) this.info[field] = s;
  }

  chat(): ImportChat {
    const name = this.info.name || this.file.replace(/\.json$/i, '');
    const idField = CHAT_ID_FIELDS.find((f) => this.info[f]);
    // Without an id the name is all there is; other QQ formats key a chat by name too.
    this.chatKey = idField ? this.info[idField]! : name;
    return { key: this.chatKey, name, platform: 'qq', kind: CHAT_KINDS[this.info.type ?? ''] ?? 'unknown' };
  }

  private sender(v: unknown): ImportPerson | null {
    const s = obj(v);
    if (!s) return null;
    const uin = str(s.uin)?.trim();
    const uid = str(s.uid)?.trim();
    if (uin && uid && !SYSTEM_UINS.has(uin)) this.uinByUid.set(uid, uin);
    const id = uin && uin !== '0' ? uin : uid;
    if (!id || SYSTEM_UINS.has(id)) return null;
    // The group card is the name people see in that group; the QQ nickname is the fallback.
    return { id, name: str(s.groupCard) || str(s.name) || str(s.nickname) || id };
  }

  private mentions(content: Json | undefined): ImportPerson[] {
    let raw = list(content?.mentions).map(obj);
    if (!raw.length) {
      raw = list(content?.elements)
        .map(obj)
        .filter((e) => e?.type === 'at')
        .map((e) => obj(e?.data));
    }
    const out = new Map<string, ImportPerson>();
    for (const m of raw) {
      if (!m || m.type === 'all' || m.uid === 'all') continue; // @全体成员 is not a person
      const uin = str(m.uin)?.trim();
      const uid = str(m.uid)?.trim();
      const id = (uin && uin !== '0' ? uin : undefined) ?? (uid ? (this.uinByUid.get(uid) ?? uid) : undefined);
      if (!id || SYSTEM_UINS.has(id)) continue;
      out.set(id, { id, name: (str(m.name) ?? '').replace(/^@/, '') || id });
    }
    return [...out.values()];
  }

  private replyTo(content: Json | undefined): string | undefined {
    for (const e of list(content?.elements).map(obj)) {
      if (e?.type !== 'reply') continue;
      const data = obj(e.data);
      const ref = str(data?.referencedMessageId) || str(data?.messageId);
      return ref ? this.keyById.get(ref) : undefined;
    }
    return undefined;
  }

  message(value: unknown, position: Position): ImportItem | null {
    const m = obj(value);
    if (!m) throw new ImportError(this.file, position, 'malformed', 'a message is not an object');
    const chatKey = this.chatKey!;
    const at = timeOf(m, this.tz);
    if (at === null) throw new ImportError(this.file, position, 'bad-date', `a message has an impossible or missing time: ${JSON.stringify(m.timestamp ?? m.time ?? null).slice(0, 40)}`);
    const content = obj(m.content);
    const text = str(content?.text) ?? '';
    const sender = this.sender(m.sender);
    const seq = str(m.seq);
    const id = str(m.id);
    const sourceKey = seq || id || this.contentKeys.key(chatKey, at, sender?.id ?? '', text);
    if (id) this.keyById.set(id, sourceKey);

    if (m.recalled === true) {
      return { type: 'event', chatKey, sourceKey, at, event: 'recall', members: sender ? [sender] : [], ...(text ? { detail: text } : {}), position };
    }
    if (m.system === true) {
      const event = REQUEST.test(text) ? null : JOINED.test(text) ? 'join' : LEFT.test(text) ? 'leave' : null;
      if (event) {
        // Only a notice about the sender alone ("张三 加入了群聊") says who; otherwise the text is kept.
        const members = sender && !TWO_PEOPLE.test(text) ? [sender] : [];
        return { type: 'event', chatKey, sourceKey, at, event, members, ...(text ? { detail: text } : {}), position };
      }
      return { type: 'message', chatKey, sourceKey, sentAt: at, sender, kind: 'system', text, position };
    }

    const attachments = attachmentsOf(content);
    const mentions = this.mentions(content);
    const reply = this.replyTo(content);
    return {
      type: 'message',
      chatKey,
      sourceKey,
      sentAt: at,
      sender,
      kind: messageKind(attachments),
      text,
      ...(reply ? { replyToKey: reply } : {}),
      ...(mentions.length ? { mentions } : {}),
      ...(attachments.length ? { attachments } : {}),
      position,
    };
  }
}
