/**
 * Slack workspace exports (`.zip`): `channels.json` (and `groups.json`, `mpims.json`, `dms.json`
 * when the export includes private conversations), `users.json`, and one folder per conversation
 * with a JSON array per day. A message's `ts` is both its id and its time; replies point at their
 * thread's parent through `thread_ts`. Day files are small, so each is parsed whole, but capped.
 */
import path from 'node:path';
import type { MessageKind } from '../../../shared/domain/enums';
import { ZipArchive } from './zip-input';
import { ImportError, type ImportAttachment, type ImportChat, type ImportItem, type ImportPerson, type ImportSource, type Importer, type Position, type Probe, type ReadOptions } from './types';

type Json = Record<string, unknown>;

/** No day file or list of a real workspace comes near this; a bigger one is damage or abuse. */
export const MAX_SLACK_ENTRY_BYTES = 64 * 1024 * 1024;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

/** The lists, in the order their conversations are read, and what kind of chat each holds. */
const LISTS: { file: string; kind: ImportChat['kind']; folderById: boolean }[] = [
  { file: 'channels.json', kind: 'group', folderById: false },
  { file: 'groups.json', kind: 'group', folderById: false },
  { file: 'mpims.json', kind: 'group', folderById: false },
  // Direct messages live in folders named by the conversation id: they have no name.
  { file: 'dms.json', kind: 'private', folderById: true },
];

const JOIN = new Set(['channel_join', 'group_join']);
const LEAVE = new Set(['channel_leave', 'group_leave']);
const RENAME = new Set(['channel_name', 'group_name']);
/** Notices Slack writes into the conversation; kept as system messages. */
const NOTICES = new Set(['channel_topic', 'channel_purpose', 'channel_archive', 'channel_unarchive', 'group_topic', 'group_purpose', 'group_archive', 'group_unarchive', 'pinned_item', 'unpinned_item', 'bot_add', 'bot_remove', 'reminder_add']);

interface Conversation {
  chat: ImportChat;
  folder: string;
}

class SlackReader {
  private readonly users = new Map<string, string>();
  private readonly channelNames = new Map<string, string>();
  private prefix = '';

  constructor(
    private readonly zip: ZipArchive,
    private readonly source: ImportSource,
    private readonly opts: ReadOptions,
  ) {}

  async *read(): AsyncGenerator<ImportItem> {
    const root = this.zip.names.filter((n) => path.posix.basename(n) === 'channels.json').sort((a, b) => a.length - b.length)[0];
    if (root === undefined) throw new ImportError(this.source.name, {}, 'unsupported', 'no channels.json in this zip: not a Slack export');
    // A re-zipped export keeps everything under one folder.
    this.prefix = root.slice(0, root.length - 'channels.json'.length);
    await this.loadUsers();
    const conversations = await this.loadConversations();
    const byFolder = this.dayFilesByFolder();
    for (const c of conversations) {
      yield { type: 'chat', chat: c.chat };
      for (const entry of byFolder.get(c.folder) ?? []) yield* this.readDay(c.chat.key, entry);
    }
  }

  private async json(entry: string): Promise<unknown> {
    const bytes = await this.zip.readEntry(entry, {
      maxBytes: MAX_SLACK_ENTRY_BYTES,
      ...(this.opts.signal ? { signal: this.opts.signal } : {}),
      ...(this.opts.onBytes ? { onBytes: this.opts.onBytes } : {}),
    });
    try {
      return JSON.parse(bytes.toString('utf8').replace(/^\ufeff/, ''));
    } catch (e) {
      throw new ImportError(this.source.name, { entry }, 'malformed', `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async list(file: string): Promise<{ entry: string; items: Json[] } | null> {
    const entry = this.prefix + file;
    if (!this.zip.has(entry)) return null;
    const value = await this.json(entry);
    if (!Array.isArray(value)) throw new ImportError(this.source.name, { entry }, 'malformed', 'expected a JSON array');
    return {
      entry,
      items: value.map((v, index) => {
        const o = obj(v);
        if (!o) throw new ImportError(this.source.name, { entry, index }, 'malformed', 'an item is not an object');
        return o;
      }),
    };
  }

  private async loadUsers(): Promise<void> {
    const users = await this.list('users.json');
    for (const u of users?.items ?? []) {
      const id = str(u.id);
      const profile = obj(u.profile) ?? {};
      const name = str(profile.display_name) ?? str(profile.real_name) ?? str(u.real_name) ?? str(u.name);
      if (id && name) this.users.set(id, name);
    }
  }

  private async loadConversations(): Promise<Conversation[]> {
    const out: Conversation[] = [];
    for (const { file, kind, folderById } of LISTS) {
      const list = await this.list(file);
      for (const [index, c] of (list?.items ?? []).entries()) {
        const id = str(c.id);
        const name = str(c.name);
        if (!id) throw new ImportError(this.source.name, { entry: list!.entry, index }, 'malformed', 'a conversation has no id');
        if (name) this.channelNames.set(id, name);
        const memberNames = (Array.isArray(c.members) ? c.members : []).map((m) => this.users.get(String(m)) ?? String(m));
        const label = file === 'channels.json' || file === 'groups.json' ? `#${name ?? id}` : memberNames.length ? memberNames.join('、') : (name ?? id);
        const folder = folderById ? id : (name ?? id);
        out.push({ chat: { key: id, name: label, platform: 'slack', kind }, folder });
      }
    }
    return out;
  }

  /** Day files grouped by conversation folder, oldest day first (the names are ISO dates). */
  private dayFilesByFolder(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const n of this.zip.names) {
      if (!n.startsWith(this.prefix)) continue;
      const m = /^(.+)\/\d{4}-\d{2}-\d{2}\.json$/.exec(n.slice(this.prefix.length));
      if (!m) continue;
      const days = out.get(m[1]!) ?? [];
      days.push(n);
      out.set(m[1]!, days);
    }
    for (const days of out.values()) days.sort();
    return out;
  }

  private async *readDay(chatKey: string, entry: string): AsyncGenerator<ImportItem> {
    const day = await this.json(entry);
    if (!Array.isArray(day)) throw new ImportError(this.source.name, { entry }, 'malformed', 'a day file should hold a JSON array of messages');
    for (const [index, v] of day.entries()) {
      const m = obj(v);
      if (!m) throw new ImportError(this.source.name, { entry, index }, 'malformed', 'a message is not an object');
      const item = this.item(chatKey, m, { entry, index });
      if (item) yield item;
    }
  }

  private person(id: string, fallback?: string): ImportPerson {
    return { id, name: this.users.get(id) ?? fallback ?? id };
  }

  private senderOf(m: Json): ImportPerson | null {
    const user = str(m.user);
    if (m.subtype === 'bot_message' || (!user && str(m.bot_id))) {
      const username = str(m.username) ?? str(obj(m.bot_profile)?.name);
      const id = str(m.bot_id) ?? (username ? `bot:${username}` : undefined);
      return id ? { id, name: username ?? id } : null;
    }
    if (!user) return null;
    const profile = obj(m.user_profile);
    return this.person(user, str(profile?.display_name) ?? str(profile?.real_name));
  }

  private item(chatKey: string, m: Json, position: Position): ImportItem | null {
    const ts = str(m.ts);
    if (!ts || !/^\d{1,12}(\.\d{1,9})?$/.test(ts)) throw new ImportError(this.source.name, position, 'malformed', 'a message has no valid "ts"');
    const at = slackTime(ts);
    const subtype = str(m.subtype);
    const sender = this.senderOf(m);
    const { text, mentions } = this.render(typeof m.text === 'string' ? m.text : '');

    if (subtype && (JOIN.has(subtype) || LEAVE.has(subtype) || RENAME.has(subtype))) {
      const event = JOIN.has(subtype) ? 'join' : LEAVE.has(subtype) ? 'leave' : 'rename';
      const inviter = str(m.inviter);
      const newName = str(m.name);
      return {
        type: 'event',
        chatKey,
        sourceKey: ts,
        at,
        event,
        members: event !== 'rename' && sender ? [sender] : [],
        ...(event === 'rename' && sender ? { actor: sender } : inviter ? { actor: this.person(inviter) } : {}),
        ...(event === 'rename' && newName ? { detail: newName } : text ? { detail: text } : {}),
        position,
      };
    }

    const attachments = filesOf(m.files);
    const kind: MessageKind = subtype && NOTICES.has(subtype) ? 'system' : text === '' && attachments[0] ? messageKindOf(attachments[0]) : 'text';
    const thread = str(m.thread_ts);
    return {
      type: 'message',
      chatKey,
      sourceKey: ts,
      sentAt: at,
      sender,
      kind,
      text,
      ...(thread && thread !== ts ? { replyToKey: thread } : {}),
      ...(mentions.length ? { mentions } : {}),
      ...(attachments.length ? { attachments } : {}),
      position,
    };
  }

  /** Slack's markup to plain text: `<@U1>` → `@name` (and a mention), `<#C1|general>` → `#general`, links to their URL. */
  private render(raw: string): { text: string; mentions: ImportPerson[] } {
    const mentions = new Map<string, ImportPerson>();
    const text = raw.replace(/<([^<>]*)>/g, (_whole, inner: string) => {
      const bar = inner.indexOf('|');
      const target = bar < 0 ? inner : inner.slice(0, bar);
      const label = bar < 0 ? undefined : unescapeSlack(inner.slice(bar + 1));
      if (target.startsWith('@')) {
        const who = this.person(target.slice(1), label?.replace(/^@/, ''));
        mentions.set(who.id, who);
        return `@${who.name}`;
      }
      if (target.startsWith('#')) return `#${label ?? this.channelNames.get(target.slice(1)) ?? target.slice(1)}`;
      if (target.startsWith('!')) {
        const special = target.slice(1);
        if (label) return label;
        return /^(here|channel|everyone)$/.test(special) ? `@${special}` : `<${special}>`;
      }
      return unescapeSlack(target.replace(/^mailto:/, ''));
    });
    // What remains escaped is the user's own "&", "<" and ">".
    return { text: unescapeSlack(text), mentions: [...mentions.values()] };
  }
}

function unescapeSlack(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** "1709280000.000200" → Unix ms; parsed from the digits, since a float would round the microseconds. */
function slackTime(ts: string): number {
  const [sec = '0', frac = ''] = ts.split('.');
  return Number(sec) * 1000 + Math.floor(Number(frac.padEnd(3, '0').slice(0, 3)));
}

function filesOf(v: unknown): ImportAttachment[] {
  if (!Array.isArray(v)) return [];
  const out: ImportAttachment[] = [];
  for (const f of v) {
    const file = obj(f);
    if (!file) continue;
    const mime = str(file.mimetype) ?? '';
    const kind: ImportAttachment['kind'] = mime.startsWith('image/') ? 'image' : mime.startsWith('video/') ? 'video' : mime.startsWith('audio/') ? 'voice' : 'file';
    out.push({ kind, ref: str(file.url_private) ?? str(file.permalink) ?? str(file.name) ?? str(file.title) ?? str(file.id) ?? '' });
  }
  return out;
}

function messageKindOf(a: ImportAttachment): MessageKind {
  return a.kind === 'other' ? 'file' : a.kind;
}

export const slackZipImporter: Importer = {
  format: 'slack-zip',
  platform: 'slack',

  detect(p: Probe): number {
    const names = p.zipEntries;
    if (!names) return 0;
    const dirs = (file: string) => new Set(names.filter((n) => path.posix.basename(n) === file).map((n) => path.posix.dirname(n)));
    const users = dirs('users.json');
    return [...dirs('channels.json')].some((d) => users.has(d)) ? 0.95 : 0;
  },

  async *read(source: ImportSource, opts: ReadOptions): AsyncGenerator<ImportItem> {
    let zip: ZipArchive | null = null;
    try {
      zip = await ZipArchive.open(source.path, source.name, opts.signal ? { signal: opts.signal } : {});
      yield* new SlackReader(zip, source, opts).read();
    } catch (e) {
      if (e instanceof ImportError) throw e;
      // Whatever we did not foresee still ends as an error naming the file, never a crash.
      throw new ImportError(source.name, {}, 'malformed', `unexpected content: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      zip?.close();
    }
  },
};
