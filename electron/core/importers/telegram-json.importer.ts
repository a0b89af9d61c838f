/**
 * Telegram Desktop JSON exports (result.json): one chat `{name, type, id, messages}` or a whole
 * account `{chats: {list: [...]}, left_chats: {list: [...]}}`, in the 2021 shape (numeric
 * from_id, no date_unixtime) and the current one. Streamed: a multi-gigabyte export is read one
 * message at a time.
 */
import type { MessageKind } from '../../../shared/domain/enums';
import { streamJson, type JsonPath } from './json-stream';
import { systemTimeZone, wallClockToUtc } from './local-time';
import { ImportError, type ImportAttachment, type ImportChat, type ImportItem, type ImportPerson, type Importer, type Position, type Probe, type ReadOptions } from './types';

type Json = Record<string, unknown>;

const CHAT_KINDS: Record<string, ImportChat['kind']> = {
  private_group: 'group',
  private_supergroup: 'group',
  public_supergroup: 'group',
  personal_chat: 'private',
  bot_chat: 'private',
  saved_messages: 'private',
  public_channel: 'channel',
  private_channel: 'channel',
};

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** "user123" in current exports; a bare number in 2021 ones. */
function personId(v: unknown): string | undefined {
  if (typeof v === 'number') return `user${v}`;
  if (typeof v === 'string' && v) return /^\d+$/.test(v) ? `user${v}` : v;
  return undefined;
}

/** `text` is a string, or an array of strings and entity objects `{type, text}`. */
function flattenText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((p) => (typeof p === 'string' ? p : str((p as Json | null)?.text) ?? '')).join('');
  return '';
}

function mentionsOf(m: Json): ImportPerson[] {
  const entities = Array.isArray(m.text_entities) ? m.text_entities : Array.isArray(m.text) ? m.text : [];
  const out: ImportPerson[] = [];
  for (const e of entities as unknown[]) {
    if (!e || typeof e !== 'object') continue;
    const ent = e as Json;
    const text = str(ent.text) ?? '';
    const userId = personId(ent.user_id);
    if (ent.type === 'mention_name' && userId) out.push({ id: userId, name: text.replace(/^@/, '') });
    else if (ent.type === 'mention' && text) out.push({ id: text.startsWith('@') ? text : `@${text}`, name: text.replace(/^@/, '') });
  }
  return out;
}

function kindAndAttachments(m: Json): { kind: MessageKind; attachments: ImportAttachment[] } {
  const media = str(m.media_type);
  const file = str(m.file) ?? str(m.photo) ?? '';
  if (m.photo !== undefined) return { kind: 'image', attachments: [{ kind: 'image', ref: str(m.photo) ?? '' }] };
  if (media === 'sticker' || media === 'animation') return { kind: 'sticker', attachments: [{ kind: 'sticker', ref: file }] };
  if (media === 'voice_message' || media === 'audio_file') return { kind: 'voice', attachments: [{ kind: 'voice', ref: file }] };
  if (media === 'video_file' || media === 'video_message') return { kind: 'video', attachments: [{ kind: 'video', ref: file }] };
  if (m.file !== undefined) return { kind: 'file', attachments: [{ kind: 'file', ref: file }] };
  return { kind: 'text', attachments: [] };
}

function timeOf(m: Json, name: string, index: number, timeZone: string): number {
  const unix = str(m.date_unixtime);
  if (unix !== undefined && /^\d{1,12}$/.test(unix)) return Number(unix) * 1000;
  const d = str(m.date);
  const match = d ? /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(d) : null;
  const t = match
    ? wallClockToUtc({ year: +match[1]!, month: +match[2]!, day: +match[3]!, hour: +match[4]!, minute: +match[5]!, second: +match[6]! }, timeZone)
    : null;
  if (t === null) throw new ImportError(name, { index }, 'bad-date', `message has an impossible or missing date: ${JSON.stringify(d ?? null).slice(0, 40)}`);
  return t;
}

const SERVICE_EVENTS: Record<string, 'join' | 'leave' | 'rename'> = {
  invite_members: 'join',
  join_group_by_link: 'join',
  join_group_by_request: 'join',
  remove_members: 'leave',
  edit_group_title: 'rename',
};

/** Which chat a path of the export belongs to, e.g. ['chats','list',3,'messages'] → 'chats.3'. */
function chatSlot(path: JsonPath): string {
  return path.length >= 3 ? `${String(path[0])}.${String(path[2])}` : 'root';
}

export const telegramJsonImporter: Importer = {
  format: 'telegram-json',
  platform: 'telegram',

  detect(p: Probe): number {
    const t = p.text;
    if (!t.trimStart().startsWith('{')) return 0;
    if (/"chats"\s*:\s*\{\s*"about"|"chats"\s*:\s*\{[^]*?"list"\s*:/.test(t) && /"messages"|"personal_information"|"list"/.test(t)) return 0.9;
    if (/"messages"\s*:\s*\[/.test(t) && /"date_unixtime"|"from_id"|"text_entities"/.test(t) && /"type"\s*:\s*"(message|service)"/.test(t)) return 0.95;
    if (/"type"\s*:\s*"(private_supergroup|public_supergroup|private_group|personal_chat)"/.test(t)) return 0.8;
    return 0;
  },

  async *read(source, opts: ReadOptions): AsyncGenerator<ImportItem> {
    const tz = opts.timeZone ?? systemTimeZone();
    const meta = new Map<string, { name?: string; type?: string; id?: string }>();
    let chatKey = '';
    let sawMessages = false;
    let position: Position = {};
    const isMessages = (p: JsonPath) =>
      (p.length === 1 && p[0] === 'messages') || (p.length === 4 && (p[0] === 'chats' || p[0] === 'left_chats') && p[1] === 'list' && p[3] === 'messages');
    const wantScalar = (p: JsonPath) => {
      const last = p[p.length - 1];
      return (last === 'name' || last === 'type' || last === 'id') && (p.length === 1 || (p.length === 4 && p[1] === 'list'));
    };
    try {
      for await (const ev of streamJson(source.path, source.name, isMessages, { wantScalar, ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.onBytes ? { onBytes: opts.onBytes } : {}) })) {
        if (ev.kind === 'scalar') {
          const slot = chatSlot(ev.path);
          const m = meta.get(slot) ?? {};
          const key = ev.path[ev.path.length - 1] as 'name' | 'type' | 'id';
          m[key] = str(ev.value) ?? '';
          meta.set(slot, m);
          continue;
        }
        if (ev.kind === 'arrayStart') {
          sawMessages = true;
          const m = meta.get(chatSlot(ev.path)) ?? {};
          chatKey = m.id ?? (m.name ? `name:${m.name}` : `chat:${chatSlot(ev.path)}`);
          const chat: ImportChat = { key: chatKey, name: m.name ?? chatKey, platform: 'telegram', kind: CHAT_KINDS[m.type ?? ''] ?? 'unknown' };
          yield { type: 'chat', chat };
          continue;
        }
        position = { index: ev.index };
        const m = ev.value as Json | null;
        if (!m || typeof m !== 'object' || Array.isArray(m)) throw new ImportError(source.name, { index: ev.index }, 'malformed', 'a message is not an object');
        const id = str(m.id);
        if (id === undefined) throw new ImportError(source.name, { index: ev.index }, 'malformed', 'a message has no id');
        const at = timeOf(m, source.name, ev.index, tz);
        if (m.type === 'service') {
          const action = str(m.action) ?? '';
          const event = SERVICE_EVENTS[action];
          if (!event) continue;
          const actorId = personId(m.actor_id);
          const actor: ImportPerson | undefined = actorId ? { id: actorId, name: str(m.actor) ?? actorId } : undefined;
          // Joins by link are the actor joining. Invites and removals list members by name only;
          // names are not identities, so they are kept as the event's text, not as members, except
          // the actor's own name: that is how Telegram writes someone joining a public group or
          // leaving on their own, the commonest joins and leaves there are.
          const byLink = action === 'join_group_by_link' || action === 'join_group_by_request';
          const names = (Array.isArray(m.members) ? m.members : []).map((n) => str(n) ?? '').filter((n) => n !== '');
          const members: ImportPerson[] = actor && (byLink || names.includes(actor.name)) ? [actor] : [];
          const named = names.filter((n) => !members.length || n !== actor?.name).join('、');
          yield {
            type: 'event',
            chatKey,
            sourceKey: id,
            at,
            event,
            members,
            ...(actor ? { actor } : {}),
            ...(event === 'rename' && str(m.title) ? { detail: str(m.title)! } : named ? { detail: named } : {}),
            position,
          };
          continue;
        }
        if (m.type !== 'message') continue;
        const senderId = personId(m.from_id);
        const sender: ImportPerson | null = senderId ? { id: senderId, name: str(m.from) ?? senderId } : null;
        const { kind, attachments } = kindAndAttachments(m);
        const mentions = mentionsOf(m);
        const reply = str(m.reply_to_message_id);
        yield {
          type: 'message',
          chatKey,
          sourceKey: id,
          sentAt: at,
          sender,
          kind,
          text: flattenText(m.text),
          ...(reply ? { replyToKey: reply } : {}),
          ...(mentions.length ? { mentions } : {}),
          ...(attachments.length ? { attachments } : {}),
          position,
        };
      }
    } catch (e) {
      if (e instanceof ImportError) throw e;
      // A shape we did not foresee must still surface as a clear import error, not a crash.
      throw new ImportError(source.name, position, 'malformed', `unexpected content: ${(e as Error).message ?? String(e)}`);
    }
    if (!sawMessages) throw new ImportError(source.name, {}, 'unsupported', 'no "messages" array: not a Telegram Desktop JSON export');
  },
};
