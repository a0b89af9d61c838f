/**
 * WhatsApp "Export chat" files: the `.txt` itself, or the `.zip` the phone shares (`_chat.txt`
 * or `WhatsApp Chat with X.txt` inside, next to the media). The line format follows the phone's
 * locale, so the parser accepts the family rather than one format: bracketed iOS lines and dashed
 * Android ones, any date separator, 2- or 4-digit years, 12 h clocks in several languages.
 *
 * Whether `03/04/2024` is March or April cannot be told from one line, so the file is read twice:
 * the first pass looks at every date (and at who writes, to tell groups from private chats), the
 * second yields the items. Both passes stream; memory stays flat.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MessageKind } from '../../../shared/domain/enums';
import { systemTimeZone, wallClockToUtc } from './local-time';
import { ContentKeys } from './source-key';
import { MAX_LINE_BYTES, readLines, type Line } from './text-input';
import { ZipArchive } from './zip-input';
import { ImportError, type ImportAttachment, type ImportChat, type ImportEvent, type ImportItem, type ImportMessage, type ImportPerson, type ImportSource, type Importer, type Position, type Probe, type ReadOptions } from './types';

// ---------------------------------------------------------------------------------------------
// Line headers

/**
 * Invisible direction marks WhatsApp scatters through its exports. One right after "Name: " is
 * kept for a moment: on iOS it marks a line the app wrote (media, system notices), not the user.
 */
const MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const MARKS_NOT_AFTER_COLON = /(?<!: )[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

// Periods written before the time (Chinese, Japanese, Korean) or after it (am/pm in many spellings).
const PERIOD_BEFORE = '上午|下午|凌晨|早上|中午|晚上|午前|午後|오전|오후';
const PERIOD_AFTER = '[aApP]\\.?\\s?[mM]\\.?|上午|下午|午前|午後';
// `\s` also matches U+202F and U+00A0, which newer exports put between the time and "PM".
const DATE = '(\\d{1,4})([./-])(\\d{1,2})\\2(\\d{1,4})\\.?';
const TIME = `(?:(${PERIOD_BEFORE})\\s*)?(\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2}))?(?:\\s*(${PERIOD_AFTER}))?`;
const BRACKETED = new RegExp(`^\\[${DATE},?\\s*${TIME}\\]\\s?(.*)$`, 's');
const DASHED = new RegExp(`^${DATE},?\\s*${TIME}\\s[-–]\\s(.*)$`, 's');

interface Header {
  /** The date's three numbers as written; which is the day is decided per file. */
  fields: [number, number, number];
  yearFirst: boolean;
  hour: number;
  minute: number;
  second?: number;
  period?: string;
  body: string;
}

function parseHeader(raw: string): Header | null {
  const line = raw.replace(MARKS_NOT_AFTER_COLON, '');
  const m = BRACKETED.exec(line) ?? DASHED.exec(line);
  if (!m) return null;
  const [, a = '', , b = '', c = '', before, hh = '', mm = '', ss, after, body = ''] = m;
  const yearFirst = a.length === 4;
  // A year is 4 digits in front, or 2 or 4 at the end; anything else is not a WhatsApp date.
  if (yearFirst ? c.length > 2 : a.length > 2 || (c.length !== 2 && c.length !== 4)) return null;
  const period = before ?? after;
  return {
    fields: [+a, +b, +c],
    yearFirst,
    hour: +hh,
    minute: +mm,
    ...(ss !== undefined ? { second: +ss } : {}),
    ...(period !== undefined ? { period: period.replace(/[\s.]/g, '').toLowerCase() } : {}),
    body,
  };
}

/** 24 h hour from a 12 h one, or null when the pair cannot be (13 PM). */
function hour24(hour: number, period: string | undefined): number | null {
  if (period === undefined) return hour;
  if (hour > 12) return null;
  switch (period) {
    case 'am':
    case '上午':
    case '凌晨':
    case '早上':
    case '午前':
    case '오전':
      return hour === 12 ? 0 : hour;
    case '中午':
      // 中午 spans noon: 中午12:30 is 12:30, 中午1:00 is 13:00.
      return hour >= 11 ? hour : hour + 12;
    case '晚上':
      // 晚上12点 is midnight.
      return hour === 12 ? 0 : hour + 12;
    default:
      return hour === 12 ? 12 : hour + 12;
  }
}

type DateOrder = 'day-first' | 'month-first';

function timeOf(h: Header, order: DateOrder, timeZone: string): number | null {
  const [a, b, c] = h.fields;
  const [year, month, day] = h.yearFirst ? [a, b, c] : order === 'day-first' ? [c, b, a] : [c, a, b];
  const hour = hour24(h.hour, h.period);
  if (hour === null) return null;
  return wallClockToUtc({ year: year < 100 ? 2000 + year : year, month, day, hour, minute: h.minute, ...(h.second !== undefined ? { second: h.second } : {}) }, timeZone);
}

// ---------------------------------------------------------------------------------------------
// What a line says

type MediaKind = Extract<MessageKind, 'image' | 'video' | 'voice' | 'sticker' | 'file'>;

/** "<Media omitted>" in the languages operators' phones are set to. */
const MEDIA_OMITTED =
  /^<(?:Media omitted|媒体已省略|媒體已略去|省略影音内容|省略影音內容|已省略媒体|Medien ausgeschlossen|Multimedia omitido|Archivo omitido|Médias omis|Mídia oculta|Arquivo de mídia oculto|Media omessi|Без медиафайлов|Media tidak disertakan|メディアなし|미디어 파일 생략됨)>$/i;
/** iOS: "image omitted", "图片已省略", "report.pdf • 3 pages document omitted". */
const IOS_OMITTED = /^(?:(.+?)\s*[•·]\s*.*?)?\b(image|photo|video|audio|sticker|GIF|document|Contact card) omitted$/i;
const IOS_OMITTED_ZH = /^(图片|照片|圖片|相片|视频|影片|視訊|音频|音訊|语音|贴图|貼圖|动态图|GIF|文档|文件|联系人名片|聯絡人名片)\s?(?:已省略|已忽略|已略去)$/;
/** Exports "with media": the file's name and a note that it is attached. */
const ANDROID_ATTACHED = /^(.+\.[A-Za-z0-9]{1,5}) \((?:file attached|文件附件|附件|已附加文件|archivo adjunto|Datei angehängt|fichier joint|arquivo anexado|file allegato)\)$/;
const IOS_ATTACHED = /^<(?:attached|附件|已附加|anexado|adjunto|Anhang|pièce jointe|allegato)\s?[:：]\s?(.+)>$/i;

function mediaKindOf(hint: string): MediaKind {
  if (/sticker|贴图|貼圖|STK-|\.webp$/i.test(hint)) return 'sticker';
  if (/video|视频|影片|視訊|gif|动态图|VID-|\.(mp4|mov|3gp)$/i.test(hint)) return 'video';
  if (/audio|voice|音频|音訊|语音|PTT-|AUD-|\.(opus|m4a|aac|mp3|ogg)$/i.test(hint)) return 'voice';
  if (/image|photo|图片|照片|圖片|相片|IMG-|\.(jpe?g|png|heic|gif)$/i.test(hint)) return 'image';
  return 'file';
}

interface Media {
  kind: MediaKind;
  attachment?: ImportAttachment;
}

function mediaOf(text: string): Media | null {
  const t = text.trim();
  if (MEDIA_OMITTED.test(t)) return { kind: 'file' };
  let m = IOS_OMITTED.exec(t);
  if (m) {
    const kind = mediaKindOf(m[2]!);
    return m[1] ? { kind, attachment: { kind, ref: m[1] } } : { kind };
  }
  m = IOS_OMITTED_ZH.exec(t);
  if (m) return { kind: mediaKindOf(m[1]!) };
  m = ANDROID_ATTACHED.exec(t) ?? IOS_ATTACHED.exec(t);
  if (m) {
    const ref = m[1]!.trim();
    const kind = mediaKindOf(ref);
    return { kind, attachment: { kind, ref } };
  }
  return null;
}

const DELETED = /^(?:This message was deleted|You deleted this message|此消息已删除|你删除了此消息|您删除了此消息|此訊息已刪除|你已刪除此訊息)\.?$/;
const ENCRYPTION = /end-to-end encrypted|端到端加密|端對端加密/;
/** "You" in system lines is whoever exported the chat, whose name those lines never give. */
const SELF = /^(?:You|you|你|您)$/;
const LIST_SEPARATOR = /\s*(?:,\s*|、|，|\sand\s|\s和\s)\s*/;

type SystemLine =
  | { kind: 'event'; event: ImportEvent['event']; members: string[]; actor?: string; detail?: string }
  | { kind: 'group-note' }
  | { kind: 'skip' };

const SYSTEM_PATTERNS: [RegExp, (m: RegExpExecArray) => SystemLine][] = [
  [/^(.+?) joined using (?:this group's|a group) invite link$/, (m) => ({ kind: 'event', event: 'join', members: [m[1]!] })],
  [/^(.+?) ?通过(?:此群组的)?邀请链接加入(?:了?群组)?$/, (m) => ({ kind: 'event', event: 'join', members: [m[1]!] })],
  [/^(.+?) ?(?:加入了群组|已加入群组|joined)$/, (m) => ({ kind: 'event', event: 'join', members: [m[1]!] })],
  [/^(.+?) added (.+)$/, (m) => ({ kind: 'event', event: 'join', members: m[2]!.split(LIST_SEPARATOR), actor: m[1]! })],
  [/^(.+?) ?添加了 ?(.+)$/, (m) => ({ kind: 'event', event: 'join', members: m[2]!.split(LIST_SEPARATOR), actor: m[1]! })],
  [/^(.+?) removed (.+)$/, (m) => ({ kind: 'event', event: 'leave', members: m[2]!.split(LIST_SEPARATOR), actor: m[1]! })],
  [/^(.+?) ?移除了 ?(.+)$/, (m) => ({ kind: 'event', event: 'leave', members: m[2]!.split(LIST_SEPARATOR), actor: m[1]! })],
  [/^(.+?) (?:left)$/, (m) => ({ kind: 'event', event: 'leave', members: [m[1]!] })],
  [/^(.+?) ?(?:已退出|退出了群组|已退出群组|离开了群组)$/, (m) => ({ kind: 'event', event: 'leave', members: [m[1]!] })],
  [/^(.+?) changed the (?:subject|group name) (?:from ".*" )?to "(.+)"$/, (m) => ({ kind: 'event', event: 'rename', members: [], actor: m[1]!, detail: m[2]! })],
  [/^(.+?) ?将群组名称(?:从“.*”)?(?:更改|修改)为“(.+)”$/, (m) => ({ kind: 'event', event: 'rename', members: [], actor: m[1]!, detail: m[2]! })],
  [/^.+? created (?:the )?group|^.+? ?创建了群组|^.+? changed (?:this group's icon|the group description)|^.+? ?更改了(?:此群组的图标|群组简介)/, () => ({ kind: 'group-note' })],
  [ENCRYPTION, () => ({ kind: 'skip' })],
];

function systemLine(text: string): SystemLine | null {
  for (const [re, build] of SYSTEM_PATTERNS) {
    const m = re.exec(text);
    if (m) return build(m);
  }
  return null;
}

/** A sender is whatever comes before the first ": ", unless that part is quoting something. */
const SENDER = /^([^"“”]+?): (.*)$/s;

type Body =
  | { kind: 'message'; sender: string; text: string; media: Media | null; deleted: boolean }
  | { kind: 'system'; text: string; parsed: SystemLine | null };

function parseBody(body: string, chatName: string | null): Body {
  const m = SENDER.exec(body);
  if (m) {
    const sender = m[1]!.replace(MARKS, '').trim();
    const markedByApp = /^[\u200e\u200f]/.test(m[2]!);
    const text = m[2]!.replace(MARKS, '');
    const media = mediaOf(text);
    const deleted = DELETED.test(text.trim());
    if (markedByApp && !media && !deleted) {
      // iOS writes group notices as lines "from" the chat itself.
      const parsed = systemLine(text);
      if (parsed || sender === chatName) return { kind: 'system', text, parsed };
    }
    return { kind: 'message', sender, text, media, deleted };
  }
  const text = body.replace(MARKS, '');
  return { kind: 'system', text, parsed: systemLine(text) };
}

// ---------------------------------------------------------------------------------------------
// Files

/** The other party or group, from the names WhatsApp gives the file ("WhatsApp Chat with 张三"). */
export function chatNameFromFileName(base: string): string | null {
  const m =
    /^WhatsApp[\s-]+Chat\s+(?:with|mit|con|avec|com|met|-|–)\s+(.+)$/i.exec(base) ??
    /^(?:Chat de WhatsApp con|Conversa do WhatsApp com|Discussion WhatsApp avec)\s+(.+)$/i.exec(base) ??
    /^与\s*(.+?)\s*的\s*WhatsApp\s*(?:聊天|对话)(?:记录)?$/i.exec(base) ??
    /^WhatsApp\s*(?:聊天|對話|对话)(?:记录|記錄)?\s*[-–]\s*(.+)$/i.exec(base);
  return m?.[1]?.trim() || null;
}

const stripExt = (name: string) => name.replace(/\.[^./\\]+$/, '');

/** The chat text inside an exported zip: `_chat.txt` (iOS), `WhatsApp Chat with X.txt` (Android), or the only .txt. */
function chatEntryOf(names: string[]): string | null {
  const texts = names.filter((n) => /\.txt$/i.test(n));
  const base = (n: string) => n.slice(n.lastIndexOf('/') + 1);
  return texts.find((n) => base(n) === '_chat.txt') ?? texts.find((n) => chatNameFromFileName(stripExt(base(n))) !== null) ?? (texts.length === 1 ? texts[0]! : null);
}

function isZipFile(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    return fs.readSync(fd, head, 0, 4, 0) === 4 && head.readUInt32LE(0) === 0x04034b50;
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads the chat text once per call; `pass` 0 and 1 share the progress bar half and half. */
type LineSource = (pass: 0 | 1) => AsyncIterable<Line>;

interface FileFacts {
  order: DateOrder;
  group: boolean;
}

/** First pass: which date field is the day, and whether this is a group. */
async function survey(lines: AsyncIterable<Line>, chatName: string | null): Promise<FileFacts> {
  let dayOver12 = false;
  let monthOver12 = false;
  let group = false;
  const senders = new Set<string>();
  for await (const { text } of lines) {
    const h = parseHeader(text);
    if (!h) continue;
    if (!h.yearFirst) {
      if (h.fields[0] > 12) dayOver12 = true;
      if (h.fields[1] > 12) monthOver12 = true;
    }
    if (group) continue;
    const body = parseBody(h.body, chatName);
    if (body.kind === 'message') {
      senders.add(body.sender);
      if (senders.size > 2) group = true;
    } else if (body.parsed && body.parsed.kind !== 'skip') group = true;
  }
  // A first field over 12 settles it even if some line also has a second field over 12: that
  // line is then an impossible date, reported as such.
  return { order: dayOver12 || !monthOver12 ? 'day-first' : 'month-first', group };
}

const person = (name: string): ImportPerson => ({ id: name, name });

async function* readChat(source: ImportSource, lineSource: LineSource, chat: ImportChat, chatName: string | null, opts: ReadOptions, entry: string | undefined): AsyncGenerator<ImportItem> {
  const tz = opts.timeZone ?? systemTimeZone();
  const facts = await survey(lineSource(0), chatName);
  yield { type: 'chat', chat: { ...chat, kind: facts.group ? 'group' : chat.kind } };

  const keys = new ContentKeys();
  const where = (line: number): Position => (entry !== undefined ? { entry, line } : { line });
  // A message is held until the next header shows it has no more continuation lines.
  let held: ImportMessage | null = null;
  let seenHeader = false;
  const release = (): ImportMessage | null => {
    const m = held;
    held = null;
    if (!m) return null;
    // WhatsApp trims what is sent, so blank lines at the end only separate it from the next one.
    m.text = m.text.replace(/\n+$/, '');
    m.sourceKey = keys.key(chat.key, m.sentAt, m.sender?.id ?? '', m.text);
    return m;
  };

  for await (const { text: raw, line } of lineSource(1)) {
    const h = parseHeader(raw);
    if (!h) {
      if (held) {
        const more = raw.replace(MARKS, '');
        // A caption under a media line is the message's text, not a second paragraph of nothing.
        held.text = held.text === '' && held.kind !== 'text' ? more : `${held.text}\n${more}`;
        // Without its next dated line a damaged file would otherwise pile up in one message.
        if (held.text.length > MAX_LINE_BYTES) throw new ImportError(source.name, held.position, 'too-large', `a message longer than ${Math.round(MAX_LINE_BYTES / 1024 / 1024)} MB: is the file damaged?`);
      } else if (!seenHeader && raw.replace(MARKS, '').trim() !== '') {
        throw new ImportError(source.name, where(line), 'malformed', 'not a WhatsApp chat line: the export should start with a dated line');
      }
      continue;
    }
    seenHeader = true;
    const out = release();
    if (out) yield out;
    const at = timeOf(h, facts.order, tz);
    if (at === null) throw new ImportError(source.name, where(line), 'bad-date', `impossible date or time: ${raw.slice(0, 40)}`);
    const position = where(line);
    const body = parseBody(h.body, chatName);

    if (body.kind === 'message') {
      const sender = person(body.sender);
      if (body.deleted) {
        yield { type: 'event', chatKey: chat.key, sourceKey: keys.key(chat.key, at, sender.id, `recall:${body.text}`), at, event: 'recall', members: [sender], detail: body.text, position };
        continue;
      }
      const media = body.media;
      held = {
        type: 'message',
        chatKey: chat.key,
        sourceKey: '',
        sentAt: at,
        sender,
        kind: media?.kind ?? 'text',
        text: media ? '' : body.text,
        ...(media?.attachment ? { attachments: [media.attachment] } : {}),
        position,
      };
      continue;
    }

    const parsed = body.parsed;
    if (parsed?.kind === 'skip') continue;
    if (parsed?.kind === 'event') {
      const members = parsed.members.map((n) => n.trim()).filter((n) => n !== '' && !SELF.test(n)).map(person);
      const actor = parsed.actor !== undefined && !SELF.test(parsed.actor) ? person(parsed.actor) : undefined;
      yield {
        type: 'event',
        chatKey: chat.key,
        sourceKey: keys.key(chat.key, at, '', body.text),
        at,
        event: parsed.event,
        members,
        ...(actor ? { actor } : {}),
        detail: parsed.detail ?? body.text,
        position,
      };
      continue;
    }
    held = { type: 'message', chatKey: chat.key, sourceKey: '', sentAt: at, sender: null, kind: 'system', text: body.text, position };
  }
  const last = release();
  if (last) yield last;
  if (!seenHeader) throw new ImportError(source.name, entry !== undefined ? { entry } : {}, 'unsupported', 'no WhatsApp chat lines found');
}

/** Splits the progress of two passes over `size` bytes into halves of one bar. */
function halves(onBytes: ReadOptions['onBytes'], size: number, pass: 0 | 1): { onBytes?: (n: number) => void } {
  return onBytes ? { onBytes: (n: number) => onBytes(Math.round((pass * size + n) / 2)) } : {};
}

async function* readWhatsApp(source: ImportSource, opts: ReadOptions): AsyncGenerator<ImportItem> {
  const signal = opts.signal ? { signal: opts.signal } : {};
  const key = stripExt(source.name);
  const size = fs.statSync(source.path).size;
  if (!isZipFile(source.path)) {
    const chatName = chatNameFromFileName(key);
    const chat: ImportChat = { key, name: chatName ?? key, platform: 'whatsapp', kind: 'unknown' };
    yield* readChat(source, (pass) => readLines(source.path, source.name, { ...signal, ...halves(opts.onBytes, size, pass) }), chat, chatName, opts, undefined);
    return;
  }
  const zip = await ZipArchive.open(source.path, source.name, signal);
  try {
    const entry = chatEntryOf(zip.names);
    if (!entry) throw new ImportError(source.name, {}, 'unsupported', 'no chat text (_chat.txt) in this zip: not a WhatsApp export');
    const chatName = chatNameFromFileName(key) ?? chatNameFromFileName(stripExt(path.posix.basename(entry)));
    const chat: ImportChat = { key, name: chatName ?? key, platform: 'whatsapp', kind: 'unknown' };
    yield* readChat(source, (pass) => zip.lines(entry, { ...signal, ...halves(opts.onBytes, size, pass) }), chat, chatName, opts, entry);
  } finally {
    zip.close();
  }
}

export const whatsappTxtImporter: Importer = {
  format: 'whatsapp-txt',
  platform: 'whatsapp',

  detect(p: Probe): number {
    if (p.zipEntries) {
      const bases = p.zipEntries.map((n) => n.slice(n.lastIndexOf('/') + 1));
      if (bases.includes('_chat.txt')) return 0.95;
      return bases.some((b) => /\.txt$/i.test(b) && chatNameFromFileName(stripExt(b)) !== null) ? 0.9 : 0;
    }
    // An export starts with a dated line; a second one nearby makes it certain.
    const lines = p.text.split(/\r\n|\r|\n/, 30).filter((l) => l.trim() !== '');
    if (!lines[0] || !parseHeader(lines[0])) return 0;
    return lines.slice(1).some((l) => parseHeader(l)) ? 0.9 : 0.7;
  },

  async *read(source: ImportSource, opts: ReadOptions): AsyncGenerator<ImportItem> {
    try {
      yield* readWhatsApp(source, opts);
    } catch (e) {
      if (e instanceof ImportError) throw e;
      const code = (e as NodeJS.ErrnoException | null)?.code;
      // Whatever we did not foresee still ends as an error naming the file, never a crash.
      throw new ImportError(source.name, {}, code ? 'io' : 'malformed', `${code ? 'cannot read the file' : 'unexpected content'}: ${e instanceof Error ? e.message : String(e)}`);
    }
  },
};
