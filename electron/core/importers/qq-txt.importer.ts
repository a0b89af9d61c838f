/**
 * PC QQ's message manager export (`.txt`, before QQNT): a header, then per chat a block of `=`
 * lines around `消息分组:` and `消息对象:`, then messages — a line `2019-08-12 8:43:38 名片(QQ号)`
 * followed by the content lines. One file can hold every chat of the account. Names change over
 * time; the number (or email) in the last bracket is the identity.
 *
 * Mentions are only text here (`@名片`): they are resolved against the names the chat's
 * senders have shown in their header lines so far, the longest name that fits winning.
 * A name nobody has spoken under stays plain text; no identity is made up for it.
 */
import path from 'node:path';
import type { MessageKind } from '../../../shared/domain/enums';
import { systemTimeZone, wallClockToUtc } from './local-time';
import { ContentKeys } from './source-key';
import { MAX_LINE_BYTES, readLines } from './text-input';
import { ImportError, type ImportAttachment, type ImportChat, type ImportItem, type ImportPerson, type ImportSource, type Importer, type Position, type Probe, type ReadOptions } from './types';

const HEADER = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})(?: ?([AaPp][Mm]))? (.*)$/;
const SEPARATOR = /^={20,}\s*$/;
const GROUP_LINE = /^消息分组[:：](.*)$/;
const OBJECT_LINE = /^消息对象[:：](.*)$/;
/** The last bracket group is the id: names may contain brackets of their own. */
const QQ_ID = /^(.*)\(([^()]*)\)\s*$/s;
const EMAIL_ID = /^(.*)<([^<>]*)>\s*$/s;

const SYSTEM_ID = '10000';
/** What QQ writes for a message that is only a picture, a sticker …, and what kind that makes it. */
const MEDIA_TOKENS: Record<string, MessageKind> = { 图片: 'image', 闪照: 'image', 表情: 'sticker', 语音: 'voice', 视频: 'video', 文件: 'file' };
const MEDIA_TOKEN = new RegExp(`\\[(${Object.keys(MEDIA_TOKENS).join('|')})\\]`, 'g');
const ONLY_MEDIA = new RegExp(`^(?:\\[(?:${Object.keys(MEDIA_TOKENS).join('|')})\\]\\s*)+$`);
/** Someone named with their number in a system notice: "'小王'(123456)". */
const NAMED_MEMBER = /['"“‘]?([^'"“”‘’()\s]*)['"”’]?\((\d{5,12})\)/g;

/** One message is at most this much text: an export missing its next header must not eat all memory. */
const MAX_MESSAGE_CHARS = MAX_LINE_BYTES;

interface Header {
  at: number;
  sender: ImportPerson;
}

function parseHeader(line: string, afterBreak: boolean, timeZone: string): Header | 'bad-date' | null {
  const m = HEADER.exec(line);
  if (!m) return null;
  let hour = +m[4]!;
  // "PM 小王" can be a name in a 24 h export: only a 12 h hour makes AM/PM a clock period.
  const period = hour >= 1 && hour <= 12 ? m[7]?.toUpperCase() : undefined;
  const rest = m[7] && !period ? `${m[7]} ${m[8]!}` : m[8]!;
  const id = QQ_ID.exec(rest) ?? EMAIL_ID.exec(rest);
  // Without a bracket only a line starting a block can be a header (friends' chats in some
  // builds); inside content it is just text that begins with a date.
  if (!id && (!afterBreak || rest.trim() === '')) return null;
  const name = (id ? id[1]! : rest).trim();
  const senderId = id ? id[2]!.trim() : name;
  if (period) hour = period === 'AM' ? hour % 12 : (hour % 12) + 12;
  const at = wallClockToUtc({ year: +m[1]!, month: +m[2]!, day: +m[3]!, hour, minute: +m[5]!, second: +m[6]! }, timeZone);
  if (at === null) return 'bad-date';
  return { at, sender: { id: senderId || name, name: name || senderId } };
}

/** What may follow a mentioned name: the end of the text, white space, punctuation or a symbol. */
const NAME_END = /[\s\p{P}\p{S}]/u;

/**
 * The names senders of one chat have shown so far, each pointing at the last identity seen
 * under it. Lookups go by length, longest first, so "@王芳芳" is 王芳芳 when both 王芳 and 王芳芳
 * have spoken, and 王芳 only when the text goes on "@王芳 …".
 */
class MentionNames {
  private readonly byName = new Map<string, ImportPerson>();
  /** The distinct name lengths (UTF-16 units), longest first. */
  private lengths: number[] = [];

  see(person: ImportPerson): void {
    const name = person.name;
    if (!name || this.byName.get(name)?.id === person.id) return;
    this.byName.set(name, { id: person.id, name });
    if (!this.lengths.includes(name.length)) this.lengths = [...this.lengths, name.length].sort((a, b) => b - a);
  }

  /** The people `text` mentions with `@name`, each once, in the order they are first mentioned. */
  resolve(text: string): ImportPerson[] {
    if (this.byName.size === 0) return [];
    const found = new Map<string, ImportPerson>();
    for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      const start = at + 1;
      for (const length of this.lengths) {
        const end = start + length;
        if (end > text.length) continue;
        const who = this.byName.get(text.slice(start, end));
        if (!who || (end < text.length && !NAME_END.test(String.fromCodePoint(text.codePointAt(end)!)))) continue;
        if (!found.has(who.id)) found.set(who.id, who);
        break;
      }
    }
    return [...found.values()];
  }
}

interface Held {
  chatKey: string;
  at: number;
  sender: ImportPerson;
  /** The chat's sender names, this message's sender included. */
  names: MentionNames;
  lines: string[];
  chars: number;
  position: Position;
}

async function* readQq(source: ImportSource, opts: ReadOptions): AsyncGenerator<ImportItem> {
  const tz = opts.timeZone ?? systemTimeZone();
  const keys = new ContentKeys();
  const announced = new Set<string>();
  const names = new Map<string, MentionNames>();
  let folder = '';
  let chatKey: string | null = null;
  let held: Held | null = null;
  // Header lines follow a blank line, a separator or the start of the file.
  let afterBreak = true;
  let afterSeparator = false;
  let sawMessage = false;

  function chat(key: string): ImportItem | null {
    if (announced.has(key)) return null;
    announced.add(key);
    const kind: ImportChat['kind'] = /群|讨论组/.test(folder) ? 'group' : 'unknown';
    return { type: 'chat', chat: { key, name: key, platform: 'qq', kind } };
  }

  for await (const { text: raw, line } of readLines(source.path, source.name, { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.onBytes ? { onBytes: opts.onBytes } : {}) })) {
    const text = line === 1 ? raw.replace(/^\ufeff/, '') : raw;

    if (SEPARATOR.test(text)) {
      if (held) yield finish(held, keys);
      held = null;
      afterBreak = afterSeparator = true;
      continue;
    }
    if (afterSeparator) {
      afterSeparator = false;
      const g = GROUP_LINE.exec(text);
      if (g) {
        folder = g[1]!.trim();
        continue;
      }
      const o = OBJECT_LINE.exec(text);
      if (o) {
        chatKey = o[1]!.trim() || folder || '消息对象';
        const c = chat(chatKey);
        if (c) yield c;
        continue;
      }
    }

    const h = parseHeader(text, afterBreak, tz);
    if (h === 'bad-date') throw new ImportError(source.name, { line }, 'bad-date', `impossible date or time: ${text.slice(0, 40)}`);
    if (h) {
      if (held) yield finish(held, keys);
      if (chatKey === null) {
        // A single chat saved without its 消息对象 block: the file is the chat.
        chatKey = path.basename(source.name).replace(/\.[^.]+$/, '');
        const c = chat(chatKey);
        if (c) yield c;
      }
      let chatNames = names.get(chatKey);
      if (!chatNames) names.set(chatKey, (chatNames = new MentionNames()));
      if (h.sender.id !== SYSTEM_ID) chatNames.see(h.sender);
      held = { chatKey, at: h.at, sender: h.sender, names: chatNames, lines: [], chars: 0, position: { line } };
      sawMessage = true;
      afterBreak = false;
      continue;
    }

    afterBreak = text.trim() === '';
    if (held) {
      held.chars += text.length + 1;
      if (held.chars > MAX_MESSAGE_CHARS) throw new ImportError(source.name, held.position, 'too-large', `a message longer than ${Math.round(MAX_MESSAGE_CHARS / 1024 / 1024)} MB: is the file damaged?`);
      held.lines.push(text);
    }
    // Text outside any message is the file's own header (消息记录…) or blank padding.
  }
  if (held) yield finish(held, keys);
  if (!sawMessage && announced.size === 0) throw new ImportError(source.name, {}, 'unsupported', 'no QQ messages found (expected lines like "2019-08-12 8:43:38 名片(QQ号)")');
}

function finish(m: Held, keys: ContentKeys): ImportItem {
  const lines = m.lines;
  while (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
  const text = lines.join('\n');
  const sourceKey = keys.key(m.chatKey, m.at, m.sender.id, text);
  const base = { chatKey: m.chatKey, sourceKey, position: m.position };

  if (m.sender.id === SYSTEM_ID) {
    const event = /加入本群|加入了本群/.test(text) ? 'join' : /退出本群|退出了本群|移出本群|移出了本群/.test(text) ? 'leave' : null;
    const members = [...text.matchAll(NAMED_MEMBER)].map((g) => ({ id: g[2]!, name: g[1] || g[2]! }));
    if (event) return { type: 'event', ...base, at: m.at, event, members, detail: text };
    // Nobody sent these: a recall, a file shared, 全员禁言 … are system events, not messages.
    return { type: 'event', ...base, at: m.at, event: /撤回/.test(text) ? 'recall' : 'notice', members, detail: text };
  }
  // The text export holds no files, only their tokens: each becomes an attachment without a
  // reference, so 有附件 finds the message and the inbox can say what it was.
  const attachments: ImportAttachment[] = [...text.matchAll(MEDIA_TOKEN)].map((t) => ({ kind: MEDIA_TOKENS[t[1]!] as ImportAttachment['kind'], ref: '' }));
  const withAttachments = attachments.length ? { attachments } : {};
  const token = ONLY_MEDIA.test(text) ? /\[(.+?)\]/.exec(text)?.[1] : undefined;
  const kind = token !== undefined ? (MEDIA_TOKENS[token] ?? 'text') : 'text';
  if (kind !== 'text') return { type: 'message', ...base, sentAt: m.at, sender: m.sender, kind, text: '', ...withAttachments };
  const mentions = m.names.resolve(text);
  return { type: 'message', ...base, sentAt: m.at, sender: m.sender, kind, text, ...(mentions.length ? { mentions } : {}), ...withAttachments };
}

export const qqTxtImporter: Importer = {
  format: 'qq-txt',
  platform: 'qq',

  detect(p: Probe): number {
    if (p.zipEntries) return 0;
    const t = p.text.replace(/^\ufeff/, '');
    if (/^\s*消息记录（此消息记录为文本格式/.test(t)) return 0.95;
    if (/^消息对象[:：]/m.test(t) && /^={20,}\s*$/m.test(t)) return 0.9;
    const first = t.split(/\r\n|\r|\n/, 20).find((l) => l.trim() !== '');
    if (first && HEADER.test(first)) {
      const rest = HEADER.exec(first)![8]!;
      if (QQ_ID.test(rest) || EMAIL_ID.test(rest)) return 0.7;
    }
    return 0;
  },

  async *read(source: ImportSource, opts: ReadOptions): AsyncGenerator<ImportItem> {
    try {
      yield* readQq(source, opts);
    } catch (e) {
      if (e instanceof ImportError) throw e;
      const code = (e as NodeJS.ErrnoException | null)?.code;
      throw new ImportError(source.name, {}, code ? 'io' : 'malformed', `${code ? 'cannot read the file' : 'unexpected content'}: ${e instanceof Error ? e.message : String(e)}`);
    }
  },
};
