/**
 * WeFlow / EchoTrace WeChat JSON: `{weflow?, session{wxid, displayName?, remark?, nickname?,
 * type?}, messages[{localId?, createTime, senderUsername, senderDisplayName, isSend?, type?,
 * content}], avatars?}`. Exporter versions differ in which optional fields they write, so every
 * one of them may be missing. Streamed: one message in memory at a time.
 */
import type { MessageKind } from '../../../shared/domain/enums';
import { streamJson, type JsonPath } from './json-stream';
import { systemTimeZone, wallClockToUtc } from './local-time';
import { chatKindOf, isWechatSystemType, SELF_ID, SELF_NAME, wechatContent, wechatSystemItem } from './memotrace-csv.importer';
import { ContentKeys } from './source-key';
import { ImportError, type ImportChat, type ImportItem, type ImportPerson, type Importer, type Probe, type ReadOptions } from './types';

type Json = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '');

/** WeFlow names message types in Chinese; anything unlisted is read as text. */
const TYPE_NAMES: Record<string, MessageKind> = {
  文本消息: 'text',
  图片消息: 'image',
  语音消息: 'voice',
  视频消息: 'video',
  文件消息: 'file',
  动画表情: 'sticker',
  卡片式链接: 'link',
  图文消息: 'link',
  小程序分享: 'link',
  视频号直播卡片: 'link',
  引用消息: 'text',
  系统消息: 'system',
};

const SESSION_FIELDS = new Set(['wxid', 'displayName', 'remark', 'nickname', 'type']);

const EARLIEST = Date.UTC(1990, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

/** createTime (unix seconds), else formattedTime, the same moment as local wall-clock text. */
function timeOf(m: Json, tz: string): number | null {
  const v = m.createTime;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+(?:\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
  // A value this large can only be milliseconds.
  const ms = n >= 1e11 ? n : n * 1000;
  if (Number.isFinite(ms) && ms >= EARLIEST && ms < LATEST) return Math.round(ms);
  const w = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(str(m.formattedTime).trim());
  return w ? wallClockToUtc({ year: +w[1]!, month: +w[2]!, day: +w[3]!, hour: +w[4]!, minute: +w[5]!, second: w[6] ? +w[6] : 0 }, tz) : null;
}

function kindOf(m: Json): { kind: MessageKind; text: string } {
  const content = str(m.content);
  if (typeof m.type === 'string') return { kind: TYPE_NAMES[m.type] ?? 'text', text: content };
  // Older exports give WeChat's numeric type instead of a name.
  if (typeof m.type === 'number') {
    if (isWechatSystemType(m.type)) return { kind: 'system', text: content };
    const c = wechatContent(m.type, Number(m.subType) || 0, content);
    return { kind: c.kind, text: c.text };
  }
  return { kind: 'text', text: content };
}

function chatOf(session: Map<string, string>, fallback: string): ImportChat {
  const wxid = session.get('wxid') ?? '';
  const key = wxid || fallback;
  const name = session.get('displayName') || session.get('remark') || session.get('nickname') || key;
  const type = session.get('type');
  const kind: ImportChat['kind'] = type === '群聊' ? 'group' : type === '私聊' ? 'private' : wxid ? chatKindOf(wxid) : 'unknown';
  return { key, name, platform: 'wechat', kind };
}

export const weflowJsonImporter: Importer = {
  format: 'weflow-json',
  platform: 'wechat',

  detect(p: Probe): number {
    const t = p.text;
    if (!t.trimStart().startsWith('{') || !/"session"\s*:/.test(t)) return 0;
    // A group's avatar can push the messages out of the probed head; the weflow block cannot.
    if (/"senderUsername"\s*:/.test(t) || /"weflow"\s*:\s*\{/.test(t)) return 0.9;
    return 0;
  },

  async *read(source, opts: ReadOptions): AsyncGenerator<ImportItem> {
    const tz = opts.timeZone ?? systemTimeZone();
    const keys = new ContentKeys();
    const session = new Map<string, string>();
    const fileStem = source.name.replace(/\.[^.]*$/, '') || source.name;
    let chat: ImportChat | null = null;
    const isMessages = (p: JsonPath) => p.length === 1 && p[0] === 'messages';
    const wantScalar = (p: JsonPath) => p.length === 2 && p[0] === 'session' && SESSION_FIELDS.has(String(p[1]));
    for await (const ev of streamJson(source.path, source.name, isMessages, { wantScalar, ...(opts.signal ? { signal: opts.signal } : {}) })) {
      if (ev.kind === 'scalar') {
        session.set(String(ev.path[1]), str(ev.value));
        continue;
      }
      if (ev.kind === 'arrayStart') {
        chat = chatOf(session, fileStem);
        yield { type: 'chat', chat };
        continue;
      }
      // Elements only follow their array's start, so the chat is known here.
      if (!chat) continue;
      const position = { index: ev.index };
      const m = ev.value as Json | null;
      if (!m || typeof m !== 'object' || Array.isArray(m)) throw new ImportError(source.name, position, 'malformed', 'a message is not an object');
      const at = timeOf(m, tz);
      if (at === null) throw new ImportError(source.name, position, 'bad-date', `message has an impossible or missing createTime: ${JSON.stringify(m.createTime ?? null).slice(0, 40)}`);

      const { kind, text } = kindOf(m);
      const localId = str(m.localId);
      const username = str(m.senderUsername);
      // isSend null, or the chat itself as sender, marks a notice rather than a person talking.
      const system = kind === 'system' || (m.isSend === null && !username) || (username !== '' && username === chat.key && chat.kind === 'group');
      if (system) {
        yield wechatSystemItem(chat.key, localId || keys.key(chat.key, at, '', text), at, text, position);
        continue;
      }
      const id = username || (m.isSend === 1 ? SELF_ID : '');
      const sender: ImportPerson | null = id ? { id, name: str(m.senderDisplayName) || (id === SELF_ID ? SELF_NAME : id) } : null;
      yield { type: 'message', chatKey: chat.key, sourceKey: localId || keys.key(chat.key, at, id, text), sentAt: at, sender, kind, text, position };
    }
  },
};
