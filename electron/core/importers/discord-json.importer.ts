/**
 * DiscordChatExporter JSON: one channel per file, `{guild, channel, messages}`. Ids are string
 * snowflakes and timestamps carry their offset, so nothing here depends on the local zone
 * (except a timestamp written without an offset, read in opts.timeZone). Streamed like every
 * JSON export: only one message is in memory at a time.
 */
import type { MessageKind } from '../../../shared/domain/enums';
import { streamJson, type JsonPath } from './json-stream';
import { systemTimeZone, wallClockToUtc, type WallClock } from './local-time';
import { ImportError, type ImportAttachment, type ImportChat, type ImportItem, type ImportPerson, type Importer, type Position, type Probe, type ReadOptions } from './types';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Message types that are people talking; slash-command invocations included. */
const MESSAGE_TYPES = new Set(['Default', 'Reply', 'ChatInputCommand', 'ContextMenuCommand']);

/** DiscordChatExporter puts direct messages under a pseudo-guild with id "0". */
const DM_GUILD_ID = '0';

function chatKind(type: string | undefined): ImportChat['kind'] {
  if (!type) return 'unknown';
  if (type === 'DirectGroupTextChat') return 'group';
  if (type.startsWith('Direct')) return 'private';
  if (/News|Announcement/.test(type)) return 'channel';
  if (type.startsWith('Guild')) return 'group';
  return 'unknown';
}

function person(v: unknown): ImportPerson | null {
  const p = obj(v);
  const id = str(p?.id);
  if (!p || !id) return null;
  // The server nickname is what other members see in that server.
  return { id, name: str(p.nickname) || str(p.name) || id };
}

function attachmentKind(fileName: string): ImportAttachment['kind'] {
  const ext = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'heic', 'avif'].includes(ext)) return 'image';
  if (['mp4', 'mov', 'webm', 'mkv', 'avi', 'm4v'].includes(ext)) return 'video';
  if (['mp3', 'ogg', 'oga', 'opus', 'wav', 'm4a', 'aac', 'flac'].includes(ext)) return 'voice';
  return 'file';
}

function attachmentsOf(m: Json): ImportAttachment[] {
  const out: ImportAttachment[] = [];
  for (const a of list(m.attachments).map(obj)) {
    const ref = str(a?.url) || str(a?.fileName);
    if (ref) out.push({ kind: attachmentKind(str(a?.fileName) || ref), ref });
  }
  for (const s of list(m.stickers).map(obj)) {
    const ref = str(s?.sourceUrl) || str(s?.name);
    if (ref) out.push({ kind: 'sticker', ref });
  }
  return out;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** The wall clock read as UTC, or null for a day or time that does not exist. Cheaper than going through a zone. */
function utcOf(w: WallClock): number | null {
  const t = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second ?? 0);
  const d = new Date(t);
  const same = d.getUTCFullYear() === w.year && d.getUTCMonth() === w.month - 1 && d.getUTCDate() === w.day && d.getUTCHours() === w.hour && d.getUTCMinutes() === w.minute;
  return same && w.year >= 1970 && w.year <= 2100 && (w.second ?? 0) <= 59 ? t : null;
}

/** Unix ms, or null for a timestamp that is malformed or names a day that does not exist. */
function parseTimestamp(s: string, timeZone: string): number | null {
  const m = TIMESTAMP.exec(s.trim());
  if (!m) return null;
  const wall = { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: m[6] ? +m[6] : 0 };
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const offset = m[8];
  if (!offset) {
    const t = wallClockToUtc(wall, timeZone);
    return t === null ? null : t + ms;
  }
  const t = utcOf(wall);
  if (t === null) return null;
  if (offset === 'Z') return t + ms;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return t + ms - sign * minutes * 60_000;
}

const isMessages = (p: JsonPath) => p.length === 1 && p[0] === 'messages';
const wantScalar = (p: JsonPath) => p.length === 2 && (p[0] === 'guild' || p[0] === 'channel');

export const discordJsonImporter: Importer = {
  format: 'discord-json',
  platform: 'discord',

  detect(p: Probe): number {
    const t = p.text.trimStart();
    if (!t.startsWith('{')) return 0;
    if (!/"guild"\s*:\s*\{/.test(t) || !/"channel"\s*:\s*\{/.test(t)) return 0;
    return /"author"\s*:|"messages"\s*:/.test(t) ? 0.95 : 0.6;
  },

  async *read(source, opts: ReadOptions): AsyncGenerator<ImportItem> {
    const tz = opts.timeZone ?? systemTimeZone();
    const guild: Record<string, string> = {};
    const channel: Record<string, string> = {};
    let chatKey: string | null = null;
    let position: Position = {};
    try {
      const events = streamJson(source.path, source.name, isMessages, { wantScalar, ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.onBytes ? { onBytes: opts.onBytes } : {}) });
      for await (const ev of events) {
        if (ev.kind === 'scalar') {
          const into = ev.path[0] === 'guild' ? guild : channel;
          const value = str(ev.value);
          if (value !== undefined) into[String(ev.path[1])] = value;
          continue;
        }
        if (ev.kind === 'arrayStart') {
          if (!channel.id) throw new ImportError(source.name, {}, 'unsupported', 'no channel id before the messages: not a DiscordChatExporter JSON export');
          chatKey = channel.id;
          const channelName = channel.name || channel.id;
          const inGuild = guild.id !== undefined && guild.id !== DM_GUILD_ID && guild.name;
          const chat: ImportChat = { key: chatKey, name: inGuild ? `${guild.name} / #${channelName}` : channelName, platform: 'discord', kind: chatKind(channel.type) };
          yield { type: 'chat', chat };
          continue;
        }
        position = { index: ev.index };
        // The stream hands over messages in batches: stop at the next message, not the next batch.
        if (opts.signal?.aborted) throw new ImportError(source.name, position, 'cancelled', 'import cancelled');
        const item = toItem(ev.value, chatKey!, source.name, position, tz);
        if (item) yield item;
      }
    } catch (e) {
      if (e instanceof ImportError) throw e;
      // A shape we did not foresee must still surface as a clear import error, not a crash.
      throw new ImportError(source.name, position, 'malformed', `unexpected content: ${(e as Error).message ?? String(e)}`);
    }
    if (chatKey === null) throw new ImportError(source.name, {}, 'unsupported', 'no "messages" array: not a DiscordChatExporter JSON export');
  },
};

function toItem(value: unknown, chatKey: string, file: string, position: Position, tz: string): ImportItem | null {
  const m = obj(value);
  if (!m) throw new ImportError(file, position, 'malformed', 'a message is not an object');
  const id = str(m.id);
  if (!id) throw new ImportError(file, position, 'malformed', 'a message has no id');
  const stamp = str(m.timestamp);
  const at = stamp === undefined ? null : parseTimestamp(stamp, tz);
  if (at === null) throw new ImportError(file, position, 'bad-date', `message ${id} has an impossible or missing timestamp: ${JSON.stringify(stamp ?? null).slice(0, 40)}`);
  const type = str(m.type) ?? 'Default';
  const author = person(m.author);
  const text = str(m.content) ?? '';
  const mentions = list(m.mentions)
    .map(person)
    .filter((p): p is ImportPerson => p !== null);

  if (type === 'GuildMemberJoin') return { type: 'event', chatKey, sourceKey: id, at, event: 'join', members: author ? [author] : [], position };
  if (type === 'RecipientAdd' || type === 'RecipientRemove') {
    // In a group DM the author adds or removes the mentioned user; leaving on one's own has no mention.
    const members = mentions.length ? mentions : author ? [author] : [];
    const actor = author && !members.some((p) => p.id === author.id) ? { actor: author } : {};
    return { type: 'event', chatKey, sourceKey: id, at, event: type === 'RecipientAdd' ? 'join' : 'leave', members, ...actor, position };
  }
  if (type === 'ChannelNameChange') return { type: 'event', chatKey, sourceKey: id, at, event: 'rename', members: [], ...(author ? { actor: author } : {}), ...(text ? { detail: text } : {}), position };
  if (!MESSAGE_TYPES.has(type)) return null;

  const attachments = attachmentsOf(m);
  const first = attachments[0]?.kind;
  const kind: MessageKind = first === undefined ? 'text' : first === 'other' ? 'file' : first;
  const ref = obj(m.reference);
  const refChannel = str(ref?.channelId);
  // A reference into another channel (a crosspost) is not a reply within this chat.
  const replyTo = ref && (!refChannel || refChannel === chatKey) ? str(ref.messageId) : undefined;
  return {
    type: 'message',
    chatKey,
    sourceKey: id,
    sentAt: at,
    sender: author,
    kind,
    text,
    ...(replyTo ? { replyToKey: replyTo } : {}),
    ...(mentions.length ? { mentions } : {}),
    ...(attachments.length ? { attachments } : {}),
    position,
  };
}
