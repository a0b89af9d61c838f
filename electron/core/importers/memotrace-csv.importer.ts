/**
 * MemoTrace (留痕) WeChat CSV: UTF-8 with BOM, CRLF, the header
 * `localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender`.
 *
 * The exporter has written the last three columns two ways. A per-chat export puts the
 * sender's remark, nickname and wxid there; the "export all" file puts the chat's remark and
 * nickname there and the sender's display name (我 for the exporting user) in `Sender`. A row
 * tells which by whether `Sender` looks like a wxid. Old private-chat exports stop after
 * `StrTime` (nine cells under the twelve-cell header).
 *
 * The WeChat helpers here (message types, system lines) are shared with the WeFlow importer.
 */
import type { MessageKind } from '../../../shared/domain/enums';
import { readCsvRows } from './generic-table.importer';
import { systemTimeZone, wallClockToUtc } from './local-time';
import { ContentKeys } from './source-key';
import { ImportError, type ImportAttachment, type ImportChat, type ImportEvent, type ImportItem, type ImportPerson, type Importer, type Position, type Probe, type ReadOptions } from './types';

// ───────────────────────────── WeChat, shared ─────────────────────────────

/** The exporting user when the export does not give their wxid. */
export const SELF_ID = 'self';
export const SELF_NAME = '我';

/** WeChat account ids: generated `wxid_…`, chosen ids (6–20 characters from a letter), official accounts. */
export function isWxid(s: string): boolean {
  return /^wxid_[0-9a-z_-]+$/i.test(s) || /^[a-z][-_a-z0-9]{5,19}$/i.test(s) || /^gh_[0-9a-f]+$/i.test(s) || s.endsWith('@chatroom');
}

export function chatKindOf(talker: string): ImportChat['kind'] {
  if (talker.endsWith('@chatroom')) return 'group';
  // MemoTrace writes the database's numeric talker id, which says nothing about the chat.
  if (/^\d*$/.test(talker)) return 'unknown';
  return 'private';
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(s: string): string {
  return s
    .replace(/^<!\[CDATA\[([^]*)\]\]>$/, '$1')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
      }
      return XML_ENTITIES[e.toLowerCase()] ?? m;
    });
}

/** The first `<tag>…</tag>` of an app message's XML, decoded. */
function xmlTag(xml: string, tag: string): string {
  const m = new RegExp(`<${tag}>([^]*?)</${tag}>`).exec(xml);
  return m ? decodeXml(m[1]!.trim()) : '';
}

function xmlAttr(xml: string, name: string): string {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(xml);
  return m ? decodeXml(m[1]!) : '';
}

const looksLikeXml = (s: string): boolean => /^\s*<(?:\?xml|msg|sysmsg|appmsg)\b/.test(s);

export interface WeChatContent {
  kind: MessageKind;
  text: string;
  attachments: ImportAttachment[];
}

/** Sub-types of app messages (type 49) that are not shared links. */
const APP_SUBTYPES: Record<number, MessageKind> = { 6: 'file', 8: 'sticker', 19: 'text', 57: 'text' };

/**
 * What a WeChat message is, from its type and sub-type, and its readable text: media rows
 * carry only XML descriptors, app messages a title (a link's, a file's name, a quote's reply).
 */
export function wechatContent(type: number, subType: number, content: string): WeChatContent {
  const xml = looksLikeXml(content);
  switch (type) {
    case 3:
      return { kind: 'image', text: xml ? '' : content, attachments: [] };
    case 34:
      return { kind: 'voice', text: xml ? '' : content, attachments: [] };
    case 43:
    case 62:
      return { kind: 'video', text: xml ? '' : content, attachments: [] };
    case 47:
      return { kind: 'sticker', text: xml ? '' : content, attachments: [] };
    case 49: {
      const sub = subType || Number(xmlTag(content, 'type')) || 5;
      const kind = APP_SUBTYPES[sub] ?? 'link';
      const title = xml ? xmlTag(content, 'title') : content;
      const url = xml ? xmlTag(content, 'url') : '';
      const attachments: ImportAttachment[] = kind === 'link' && url ? [{ kind: 'link', ref: url }] : kind === 'file' && title ? [{ kind: 'file', ref: title }] : [];
      return { kind, text: title, attachments };
    }
    case 48:
      return { kind: 'text', text: xml ? xmlAttr(content, 'poiname') || xmlAttr(content, 'label') : content, attachments: [] };
    default:
      // Other descriptors (contact cards, calls …) have no text worth keeping.
      return { kind: 'text', text: xml ? '' : content, attachments: [] };
  }
}

export const isWechatSystemType = (type: number): boolean => type === 10000 || type === 10002;

/** System lines put names in ASCII or Chinese quotes; 你 is the exporting user. */
const NAME = String.raw`(你|["“][^"”]*["”])`;
const SYSTEM_LINES: { re: RegExp; event: ImportEvent['event']; actor?: number; member?: number; detail?: number }[] = [
  { re: new RegExp(`^${NAME}\\s*邀请\\s*${NAME}.*加入了?群聊`), event: 'join', actor: 1, member: 2 },
  { re: new RegExp(`^${NAME}\\s*通过扫描.*二维码加入群聊`), event: 'join', member: 1 },
  { re: new RegExp(`^${NAME}\\s*(?:通过.*)?加入了?群聊`), event: 'join', member: 1 },
  { re: new RegExp(`^${NAME}\\s*将\\s*${NAME}\\s*移出了?群聊`), event: 'leave', actor: 1, member: 2 },
  { re: new RegExp(`^${NAME}\\s*被\\s*${NAME}\\s*移出了?群聊`), event: 'leave', actor: 2, member: 1 },
  { re: new RegExp(`^${NAME}\\s*(?:已)?退出了?群聊`), event: 'leave', member: 1 },
  { re: new RegExp(`^${NAME}\\s*修改群名为\\s*["“](.*)["”]`), event: 'rename', actor: 1, detail: 2 },
  { re: new RegExp(`^${NAME}\\s*撤回了一条消息`), event: 'recall', actor: 1 },
];

/** The readable line of a notice: XML notices (type 10002) carry it in `replacemsg` or `template`; links are dropped. */
function systemText(raw: string): string {
  const line = looksLikeXml(raw) ? xmlTag(raw, 'replacemsg') || xmlTag(raw, 'template') : raw;
  return line.replace(/<[^>]*>/g, '').trim();
}

export interface WeChatSystemEvent {
  event: ImportEvent['event'];
  members: ImportPerson[];
  actor?: ImportPerson;
  detail: string;
}

/**
 * A membership event from a WeChat system line, or null for other notices. The lines name
 * people only by display name, and names are not identities, so only 你 (the exporting user)
 * becomes a person; the line itself is kept as the event's detail.
 */
export function wechatSystemEvent(raw: string): WeChatSystemEvent | null {
  const text = systemText(raw);
  for (const line of SYSTEM_LINES) {
    const m = line.re.exec(text);
    if (!m) continue;
    const self = (i: number | undefined): ImportPerson | undefined => (i !== undefined && m[i] === '你' ? { id: SELF_ID, name: SELF_NAME } : undefined);
    const member = self(line.member);
    const actor = self(line.actor);
    return { event: line.event, members: member ? [member] : [], ...(actor ? { actor } : {}), detail: line.detail !== undefined ? m[line.detail]! : text };
  }
  return null;
}

/** An event item from a system line, or a 'system' message when the line is some other notice. */
export function wechatSystemItem(chatKey: string, sourceKey: string, at: number, content: string, position: Position): ImportItem {
  const ev = wechatSystemEvent(content);
  if (ev) return { type: 'event', chatKey, sourceKey, at, ...ev, position };
  return { type: 'message', chatKey, sourceKey, sentAt: at, sender: null, kind: 'system', text: systemText(content), position };
}

// ───────────────────────────── MemoTrace CSV ─────────────────────────────

const REQUIRED = ['TalkerId', 'Type', 'IsSender', 'StrContent'] as const;
const OPTIONAL = ['localId', 'SubType', 'CreateTime', 'StrTime', 'Remark', 'NickName', 'Sender'] as const;
type Column = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];

/** Cells in old private-chat exports, which stop after StrTime. */
const SHORT_ROW = 9;

function headerCells(text: string): string[] {
  const line = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/, 1)[0] ?? '';
  return line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

const EARLIEST = Date.UTC(1990, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

/** CreateTime (unix seconds) when it is usable, else StrTime, the same moment as local wall-clock text. */
function timeOf(createTime: string, strTime: string, tz: string): number | null {
  if (/^\d{9,13}$/.test(createTime)) {
    const n = Number(createTime);
    const ms = n >= 1e11 ? n : n * 1000;
    if (ms >= EARLIEST && ms < LATEST) return ms;
  }
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(strTime);
  return m ? wallClockToUtc({ year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: m[6] ? +m[6] : 0 }, tz) : null;
}

export const memotraceCsvImporter: Importer = {
  format: 'memotrace-csv',
  platform: 'wechat',

  detect(p: Probe): number {
    const cells = headerCells(p.text);
    return cells.includes('localId') && cells.includes('TalkerId') && cells.includes('StrContent') ? 0.95 : 0;
  },

  async *read(source, opts: ReadOptions): AsyncGenerator<ImportItem> {
    const tz = opts.timeZone ?? systemTimeZone();
    const keys = new ContentKeys();
    const chats = new Set<string>();
    let col: Partial<Record<Column, number>> | null = null;
    let width = 0;
    for await (const row of readCsvRows(source, { delimiter: ',', ...(opts.signal ? { signal: opts.signal } : {}) })) {
      const position = { line: row.line };
      if (!col) {
        const header = row.cells.map((c) => c.trim());
        const missing = REQUIRED.filter((c) => !header.includes(c));
        if (missing.length || !(header.includes('CreateTime') || header.includes('StrTime')))
          throw new ImportError(source.name, position, 'malformed', `not a MemoTrace export: the header lacks ${missing.length ? missing.join(', ') : 'CreateTime'}`);
        col = Object.fromEntries([...REQUIRED, ...OPTIONAL].map((c) => [c, header.indexOf(c)]).filter(([, i]) => (i as number) >= 0));
        width = header.length;
        continue;
      }
      const cells = row.cells;
      if (cells.length !== width && !(cells.length === SHORT_ROW && width > SHORT_ROW))
        throw new ImportError(source.name, position, 'malformed', `expected ${width} columns like the header, found ${cells.length}`);
      const get = (c: Column): string => {
        const i = col![c];
        return i === undefined ? '' : (cells[i] ?? '').trim();
      };

      const talker = get('TalkerId');
      if (!talker) throw new ImportError(source.name, position, 'malformed', 'a message has no TalkerId');
      const at = timeOf(get('CreateTime'), get('StrTime'), tz);
      if (at === null) throw new ImportError(source.name, position, 'bad-date', `message has an impossible or missing time: ${JSON.stringify(get('CreateTime') || get('StrTime')).slice(0, 40)}`);

      const isSelf = get('IsSender') === '1';
      const senderCell = get('Sender');
      const remarkOrNick = get('Remark') || get('NickName');
      // A non-wxid Sender means the "export all" layout: Remark/NickName describe the chat.
      const columnsDescribeChat = senderCell !== '' && !isWxid(senderCell);
      const group = chatKindOf(talker) === 'group';

      if (!chats.has(talker)) {
        chats.add(talker);
        const otherParty = !group && !isSelf;
        const name = (columnsDescribeChat || otherParty ? remarkOrNick : '') || talker;
        yield { type: 'chat', chat: { key: talker, name, platform: 'wechat', kind: chatKindOf(talker) } };
      }

      const type = Number(get('Type'));
      const content = cells[col.StrContent!] ?? '';
      const localId = get('localId');
      if (isWechatSystemType(type)) {
        yield wechatSystemItem(talker, localId || keys.key(talker, at, '', content), at, content, position);
        continue;
      }

      let sender: ImportPerson | null;
      if (senderCell && !columnsDescribeChat) sender = { id: senderCell, name: remarkOrNick || senderCell };
      else if (isSelf) sender = { id: SELF_ID, name: senderCell || SELF_NAME };
      else if (senderCell) sender = { id: !group && isWxid(talker) ? talker : senderCell, name: senderCell };
      // Nothing about the sender: in a one-to-one chat that is the other party.
      else sender = !group && isWxid(talker) ? { id: talker, name: remarkOrNick || talker } : null;

      const { kind, text, attachments } = wechatContent(type, Number(get('SubType')) || 0, content);
      yield {
        type: 'message',
        chatKey: talker,
        sourceKey: localId || keys.key(talker, at, sender?.id ?? '', content),
        sentAt: at,
        sender,
        kind,
        text,
        ...(attachments.length ? { attachments } : {}),
        position,
      };
    }
  },
};
