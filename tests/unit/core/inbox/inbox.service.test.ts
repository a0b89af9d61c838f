import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../electron/core/db/open';
import { migrate } from '../../../../electron/core/db/migrate';
import { insertGroup } from '../../../../electron/core/groups/groups.repo';
import { dropMessageIndexes, ensureMessageIndexes, ingestMessages, type IncomingMessage } from '../../../../electron/core/inbox/ingest.service';
import * as inbox from '../../../../electron/core/inbox/inbox.service';
import type { ServiceDeps } from '../../../../electron/core/service-deps';
import { rollbackBatch } from '../../../../electron/core/imports/imports.service';
import { normalizeText } from '../../../../electron/core/text/search-text';
import type { Platform } from '../../../../shared/domain/enums';
import type { MessageDto } from '../../../../shared/domain/message';
import { AppError } from '../../../../shared/errors';
import { tmpDir } from '../../../helpers/tmp';

let t: ReturnType<typeof tmpDir>;
let db: Db;
let d: ServiceDeps;
const T = Date.parse('2026-11-01T10:00:00Z');
const NOW = Date.parse('2026-11-10T12:00:00Z');
const base = { positioning: '', audience: '', city: '', owner: '', capacity: null, rules: '', welcomeText: '', lifecycleStage: 'healthy' as const };
let seq = 0;

function group(name: string, platform: Platform = 'qq'): number {
  return insertGroup(db, { ...base, platform, name, groupType: 'C' }, T);
}

function m(groupId: number, at: number, text: string, extra: Partial<IncomingMessage> = {}): IncomingMessage {
  seq++;
  return { groupId, sourceKey: `k${seq}`, sentAt: at, kind: 'text', text, sender: { platformUserId: 'u1', displayName: '小王' }, ...extra };
}

const list = (req: Partial<Parameters<typeof inbox.listMessages>[1]> = {}) => inbox.listMessages(d, { filter: {}, cursor: null, direction: 'older', limit: 100, ...req });
const search = (query: string, extra: { cursor?: string | null; limit?: number; filter?: Record<string, unknown> } = {}) =>
  inbox.searchMessages(d, { query, filter: extra.filter ?? {}, cursor: extra.cursor ?? null, limit: extra.limit ?? 50 });
const texts = (items: MessageDto[]) => items.map((x) => x.text);
const unreadOf = (groupId: number) => (db.prepare('SELECT unread_count AS n FROM groups WHERE id = ?').get(groupId) as { n: number }).n;

beforeEach(() => {
  t = tmpDir();
  db = openDatabase(path.join(t.dir, 'inbox.db'));
  migrate(db);
  d = { db, locale: 'zh-CN', now: () => NOW };
});
afterEach(() => {
  db.close();
  t.cleanup();
});

describe('inbox pages', () => {
  function seed(): { a: number; b: number; c: number } {
    const a = group('北京运营交流群');
    const b = group('上海读书会', 'wechat');
    const c = group('杭州电商群', 'telegram');
    const batch: IncomingMessage[] = [];
    // 300 messages; many share a timestamp, so the id must break ties for paging to be exact.
    for (let i = 0; i < 300; i++) batch.push(m([a, b, c][i % 3]!, T + Math.floor(i / 4) * 1000, `消息${i}`));
    ingestMessages(db, batch);
    return { a, b, c };
  }

  function walk(req: Partial<Parameters<typeof inbox.listMessages>[1]>, limit: number): MessageDto[] {
    const out: MessageDto[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 1000; guard++) {
      const page = list({ ...req, cursor, limit });
      out.push(...page.items);
      if (!page.next) break;
      cursor = page.next;
    }
    return out;
  }

  const newestFirst = (x: MessageDto[]) => [...x].sort((p, q) => q.sentAt.localeCompare(p.sentAt) || q.id - p.id);

  it('walks every message newest first with no gaps and no repeats, ties broken by id', () => {
    seed();
    const all = walk({}, 37);
    expect(all).toHaveLength(300);
    expect(new Set(all.map((x) => x.id)).size).toBe(300);
    expect(all).toEqual(newestFirst(all));
  });

  it('keeps paging exact while new messages arrive above the reader, and "newer" fetches just those', () => {
    const { a } = seed();
    const first = list({ limit: 50 });
    ingestMessages(db, [m(a, NOW, '新消息一'), m(a, NOW + 1, '新消息二')], { unread: true });
    const rest = walk({}, 50).slice(0); // a fresh walk sees 302
    expect(rest).toHaveLength(302);
    // Continuing the old walk from its cursor neither repeats nor skips.
    let cursor = first.next;
    const seen = first.items.map((x) => x.id);
    while (cursor) {
      const p = list({ cursor, limit: 50 });
      seen.push(...p.items.map((x) => x.id));
      cursor = p.next;
    }
    expect(seen).toHaveLength(300);
    expect(new Set(seen).size).toBe(300);
    const newer = list({ cursor: first.first, direction: 'newer', limit: 50 });
    expect(texts(newer.items)).toEqual(['新消息二', '新消息一']);
  });

  it('filters by one group, by a few groups (merged) and by platform, each exact', () => {
    const { a, b, c } = seed();
    expect(walk({ filter: { groupIds: [a] } }, 40).every((x) => x.groupId === a)).toBe(true);
    expect(walk({ filter: { groupIds: [a] } }, 40)).toHaveLength(100);
    const two = walk({ filter: { groupIds: [a, c] } }, 33);
    expect(two).toHaveLength(200);
    expect(two).toEqual(newestFirst(two));
    expect(new Set(two.map((x) => x.groupId))).toEqual(new Set([a, c]));
    const wechat = walk({ filter: { platforms: ['wechat'] } }, 45);
    expect(wechat).toHaveLength(100);
    expect(wechat.every((x) => x.groupId === b)).toBe(true);
    expect(list({ filter: { groupIds: [a], platforms: ['wechat'] } }).items).toEqual([]);
  });

  it('combines unread, question, attachment, spam and date filters', () => {
    const a = group('群A');
    ingestMessages(db, [m(a, T, '早上好'), m(a, T + 1000, '这个怎么报名？'), m(a, T + 2000, '[图片]', { kind: 'image', attachments: [{ kind: 'image', ref: 'IMG_1.jpg' }] })]);
    ingestMessages(db, [m(a, T + 3000, '有没有人知道发票怎么开'), m(a, T + 4000, '加我微信领资料')], { unread: true });
    const spamId = list().items.find((x) => x.text === '加我微信领资料')!.id;
    inbox.flagMessages(d, { ids: [spamId], spam: true });
    expect(texts(list().items)).toEqual(['有没有人知道发票怎么开', '[图片]', '这个怎么报名？', '早上好']);
    expect(texts(list({ filter: { includeSpam: true } }).items)).toHaveLength(5);
    expect(texts(list({ filter: { unreadOnly: true } }).items)).toEqual(['有没有人知道发票怎么开']);
    expect(texts(list({ filter: { questionsOnly: true } }).items)).toEqual(['有没有人知道发票怎么开', '这个怎么报名？']);
    expect(texts(list({ filter: { questionsOnly: true, unreadOnly: true } }).items)).toEqual(['有没有人知道发票怎么开']);
    const img = list({ filter: { hasAttachment: true } }).items;
    expect(img.map((x) => x.attachments)).toEqual([[{ kind: 'image', ref: 'IMG_1.jpg' }]]);
    expect(texts(list({ filter: { since: new Date(T + 1000).toISOString(), until: new Date(T + 3000).toISOString() } }).items)).toEqual(['[图片]', '这个怎么报名？']);
  });

  it('refuses a forged cursor with a clear error', () => {
    expect(() => list({ cursor: 'x; DROP TABLE messages' })).toThrowError(AppError);
    expect(() => search('天气', { cursor: 't1.1' })).toThrowError(/分页位置无效/);
  });

  it('uses the time indexes for pages (query plans)', () => {
    const { a } = seed();
    const plan = (f: Parameters<typeof inbox.explainList>[1]) => inbox.explainList(db, f).join('\n');
    expect(plan({})).toMatch(/USING INDEX messages_time/);
    expect(plan({ groupIds: [a] })).toMatch(/USING INDEX messages_group_time/);
    expect(plan({ unreadOnly: true })).toMatch(/USING INDEX messages_unread/);
    expect(plan({ groupIds: [a], unreadOnly: true })).toMatch(/USING INDEX messages_group_unread/);
    // A few groups: one indexed page per group, merged; many groups: the time index, filtered.
    expect(plan({ platforms: ['qq', 'wechat'] })).toMatch(/USING INDEX messages_group_time/);
    const many = Array.from({ length: 25 }, (_, i) => i + 1);
    expect(plan({ groupIds: many })).toMatch(/USING INDEX messages_time/);
    for (const f of [{}, { groupIds: [a] }, { unreadOnly: true }, { groupIds: many }, { questionsOnly: true }]) expect(plan(f)).not.toMatch(/TEMP B-TREE/);
  });
});

describe('search', () => {
  let a: number;
  let b: number;
  beforeEach(() => {
    a = group('北京运营交流群');
    b = group('上海读书会', 'wechat');
    ingestMessages(db, [
      m(a, T + 1000, '今天天气不错'),
      m(a, T + 2000, '天，气都很好'), // punctuation between 天 and 气
      m(b, T + 3000, '天气预报说明天下雨', { sender: { platformUserId: 'u2', displayName: '李雷' } }),
      m(b, T + 4000, '买了iPhone15，拍照很好'),
      m(a, T + 5000, 'AB测，试CD'), // "测，试" must not match 测试
      m(a, T + 6000, '好'),
      m(a, T + 7000, '运营社群的方法论'),
    ]);
  });

  it('finds 1-, 2- and 3+-character Chinese queries, newest first, with highlights', () => {
    const two = search('天气');
    expect(texts(two.items)).toEqual(['天气预报说明天下雨', '今天天气不错']);
    expect(two.items[1]!.highlights).toEqual([[2, 4]]);
    expect(texts(search('天气不错').items)).toEqual(['今天天气不错']);
    expect(texts(search('好').items)).toEqual(['好', '买了iPhone15，拍照很好', '天，气都很好']);
    expect(texts(search('方法论').items)).toEqual(['运营社群的方法论']);
  });

  it('does not match across punctuation', () => {
    expect(texts(search('测试').items)).toEqual([]);
    expect(texts(search('天气都').items)).toEqual([]);
  });

  it('finds Latin words and numbers by word and prefix, mixed with Chinese', () => {
    expect(texts(search('iphone').items)).toEqual(['买了iPhone15，拍照很好']);
    expect(texts(search('IPH').items)).toEqual(['买了iPhone15，拍照很好']);
    expect(texts(search('了iPhone').items)).toEqual(['买了iPhone15，拍照很好']);
    expect(texts(search('iphone15 拍照').items)).toEqual(['买了iPhone15，拍照很好']);
  });

  it('applies from:, group:, dates and inbox filters', () => {
    expect(texts(search('天气 from:李雷').items)).toEqual(['天气预报说明天下雨']);
    expect(texts(search('天气 group:北京').items)).toEqual(['今天天气不错']);
    expect(texts(search('天气', { filter: { groupIds: [b] } }).items)).toEqual(['天气预报说明天下雨']);
    expect(texts(search(`天气 before:${new Date(T + 2000).toISOString()}`).items)).toEqual(['今天天气不错']);
    expect(texts(search('from:李雷').items)).toEqual(['天气预报说明天下雨']);
    expect(search('天气 from:没有这个人').items).toEqual([]);
  });

  it('pages with a cursor and counts lazily', () => {
    const many: IncomingMessage[] = [];
    for (let i = 0; i < 120; i++) many.push(m(a, T + 100_000 + i * 1000, `第${i}条社群活动`));
    ingestMessages(db, many);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p = search('活动', { cursor, limit: 50 });
      seen.push(...texts(p.items));
      cursor = p.next;
    } while (cursor);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    expect(seen[0]).toBe('第119条社群活动');
    expect(inbox.countSearch(d, { query: '活动', filter: {} })).toEqual({ count: 120, capped: false });
  });

  it('caps the count at 10,000', () => {
    const many: IncomingMessage[] = [];
    for (let i = 0; i < 10_050; i++) many.push(m(a, T + i, `群发${i}`));
    ingestMessages(db, many);
    expect(inbox.countSearch(d, { query: '群发', filter: {} })).toEqual({ count: 10_000, capped: true });
  });

  it('uses the FTS index in index order: no sort of all matches (query plan)', () => {
    const plan = inbox.explainSearch(d, '天气').join('\n');
    expect(plan).toMatch(/VIRTUAL TABLE INDEX/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });

  it('keeps the index current through updates, deletes and an undone import', () => {
    const id = search('方法论').items[0]!.id;
    db.prepare('UPDATE messages SET text = ? WHERE id = ?').run('换成新的内容', id);
    expect(search('方法论').items).toEqual([]);
    expect(search('新的内容').items.map((x) => x.id)).toEqual([id]);
    db.prepare('DELETE FROM messages WHERE id = ?').run(id);
    expect(search('新的内容').items).toEqual([]);
    db.prepare(`INSERT INTO import_batches (id, file_name, file_path, file_size, format, status, started_at) VALUES (7, 'x', 'x', 1, 'x', 'done', 0)`).run();
    ingestMessages(db, [m(a, T + 9000, '导入的独特内容')], { importBatchId: 7 });
    expect(search('独特').items).toHaveLength(1);
    rollbackBatch(db, 7);
    expect(search('独特').items).toEqual([]);
    db.exec(`INSERT INTO message_search (message_search) VALUES ('integrity-check')`);
  });

  it('indexes a bulk load (trigger dropped) in one pass after, and finishes the job after a crash', () => {
    dropMessageIndexes(db);
    ingestMessages(db, [m(a, T + 10_000, '批量导入的消息')]);
    expect(search('批量').items).toEqual([]); // not yet indexed
    db.close();
    db = openDatabase(path.join(t.dir, 'inbox.db'));
    d = { ...d, db };
    ensureMessageIndexes(db); // what opening a workspace does
    expect(texts(search('批量').items)).toEqual(['批量导入的消息']);
    ingestMessages(db, [m(a, T + 11_000, '之后的实时消息')]);
    expect(texts(search('实时').items)).toEqual(['之后的实时消息']);
    expect(db.prepare(`SELECT value FROM meta WHERE key = 'search_unindexed_after'`).get()).toBeUndefined();
  });
});

describe('search agrees with a plain substring scan (property)', () => {
  it('for random Chinese texts with punctuation and random queries', () => {
    const alphabet = ['天', '气', '好', '不', '错', '，', ' ', '。'];
    const textArb = fc.array(fc.constantFrom(...alphabet), { minLength: 0, maxLength: 12 }).map((x) => x.join(''));
    const queryArb = fc.array(fc.constantFrom('天', '气', '好', '不', '错'), { minLength: 1, maxLength: 4 }).map((x) => x.join(''));
    fc.assert(
      fc.property(fc.array(textArb, { minLength: 1, maxLength: 25 }), queryArb, (docs, query) => {
        db.exec('DELETE FROM messages');
        const g = (db.prepare('SELECT id FROM groups LIMIT 1').get() as { id: number } | undefined)?.id ?? group('性质测试群');
        ingestMessages(db, docs.map((text, i) => m(g, T + i * 1000, text)));
        const got = search(query, { limit: 200 }).items.map((x) => x.text).sort();
        const want = docs.filter((x) => normalizeText(x).includes(query)).sort();
        expect(got).toEqual(want);
      }),
      { numRuns: 150 },
    );
  });
});

describe('read state and flags', () => {
  it('marks single messages, a range and a whole group, keeping the counters right', () => {
    const a = group('群A');
    const b = group('群B');
    ingestMessages(db, [m(a, T, 'a1'), m(a, T + 1, 'a2'), m(a, T + 2, 'a3'), m(b, T + 3, 'b1')], { unread: true });
    expect([unreadOf(a), unreadOf(b)]).toEqual([3, 1]);
    expect(inbox.inboxGroups(d).unread).toBe(4);
    const ids = Object.fromEntries(list().items.map((x) => [x.text, x.id]));
    expect(inbox.markMessages(d, { ids: [ids.a1!, ids.b1!], read: true })).toEqual({ changed: 2, groupIds: expect.arrayContaining([a, b]) });
    expect([unreadOf(a), unreadOf(b)]).toEqual([2, 0]);
    expect(inbox.markMessages(d, { ids: [ids.a1!], read: true }).changed).toBe(0);
    expect(inbox.markMessages(d, { groupId: a, upToId: ids.a2!, read: true }).changed).toBe(1);
    expect(unreadOf(a)).toBe(1);
    expect(inbox.markMessages(d, { groupId: a, read: false }).changed).toBe(2);
    expect(unreadOf(a)).toBe(3);
    expect(inbox.markMessages(d, { groupId: a, read: true }).changed).toBe(3);
    expect(inbox.inboxGroups(d).unread).toBe(0);
  });

  it('stars and flags spam, and pins groups first in the sidebar', () => {
    const a = group('群A');
    const b = group('群B');
    ingestMessages(db, [m(a, T, 'x'), m(b, T + 1, 'y')]);
    const id = list().items[0]!.id;
    expect(inbox.flagMessages(d, { ids: [id], starred: true }).changed).toBe(1);
    expect(inbox.flagMessages(d, { ids: [id], starred: true }).changed).toBe(0);
    expect(list({ filter: { starredOnly: true } }).items.map((x) => x.id)).toEqual([id]);
    inbox.pinGroup(d, a, true);
    expect(inbox.inboxGroups(d).groups.map((g) => [g.name, g.pinned])).toEqual([
      ['群A', true],
      ['群B', false],
    ]);
    expect(() => inbox.pinGroup(d, 999, true)).toThrowError(/找不到群/);
  });
});

describe('context, sender card and reply', () => {
  it('shows the timeline around a message, its reply chain and its replies', () => {
    const a = group('群A');
    ingestMessages(db, [
      m(a, T, '第一条', { sourceKey: 'r1' }),
      m(a, T + 1000, '回复第一条', { sourceKey: 'r2', replyToKey: 'r1', sender: { platformUserId: 'u2', displayName: '小李' } }),
      m(a, T + 2000, '回复第二条', { sourceKey: 'r3', replyToKey: 'r2' }),
      m(a, T + 3000, '另一条回复第二条', { sourceKey: 'r4', replyToKey: 'r2' }),
      m(a, T + 4000, '最后一条', { sourceKey: 'r5' }),
    ]);
    const id = list().items.find((x) => x.text === '回复第一条')!.id;
    const c = inbox.messageContext(d, id, 1);
    expect(texts(c.before)).toEqual(['第一条']);
    expect(texts(c.after)).toEqual(['回复第二条']);
    expect(texts(c.chain)).toEqual(['第一条']);
    expect(texts(c.replies)).toEqual(['回复第二条', '另一条回复第二条']);
    expect(c.message.replyToId).toBe(c.chain[0]!.id);
    const deep = inbox.messageContext(d, list().items.find((x) => x.text === '回复第二条')!.id, 0);
    expect(texts(deep.chain)).toEqual(['第一条', '回复第一条']);
    const card = inbox.senderCard(d, c.message.sender!.id);
    expect(card).toMatchObject({ name: '小李', platformUserId: 'u2', nicknames: ['小李'], groups: [{ id: a, name: '群A', role: 'member', left: false }] });
    expect(texts(card.recent)).toEqual(['回复第一条']);
    const r = inbox.replyText(d, id, '收到，谢谢');
    expect(r).toEqual({ mode: 'manual', copyText: '「小李：回复第一条」\n- - - - - - - - - - - - - - -\n收到，谢谢', groupName: '群A', platform: 'qq' });
  });
});

describe('unanswered questions', () => {
  it('lists member questions no staff answered within the window', () => {
    const a = group('群A');
    const staff = { platformUserId: 'boss', displayName: '群主', role: 'owner' as const };
    const asker = (n: string) => ({ platformUserId: n, displayName: n });
    const H = 3_600_000;
    const t0 = NOW - 10 * H;
    ingestMessages(db, [
      m(a, t0 - 60_000, '群规在这里', { sender: staff }),
      m(a, t0, '怎么报名？', { sourceKey: 'q1', sender: asker('甲') }), // answered by a staff reply to it
      m(a, t0 + 10 * 60_000, '可以在小程序报名', { sender: staff, replyToKey: 'q1' }),
      m(a, t0 + H, '发票怎么开？', { sourceKey: 'q2', sender: asker('乙') }), // staff replied to someone else only
      m(a, t0 + H + 60_000, '欢迎新朋友', { sender: staff, replyToKey: 'q1' }),
      m(a, t0 + 2 * H, '有没有回放', { sender: asker('丙') }), // answered by an @-mention of the asker
      m(a, t0 + 2 * H + 60_000, '@丙 有的', { sender: staff, replyToKey: 'zzz', mentions: [asker('丙')] }),
      m(a, t0 + 3 * H, '谁能推荐工具？', { sender: asker('丁') }), // answered only after the window
      m(a, t0 + 6 * H, '推荐用表格', { sender: staff }),
      m(a, t0 + 5.5 * H, '今天几点开始？', { sender: staff }), // staff's own question
      m(a, NOW - 30 * 60_000, '刚刚问的问题？', { sender: asker('戊') }), // still inside the window
      m(a, t0 + 7 * H, '@群主 麻烦看下私信', { sender: asker('己'), mentions: [staff] }), // no question mark, but asks staff
      m(a, t0 + 7 * H + 1000, '@乙 你好', { sender: asker('庚'), mentions: [asker('乙')] }), // mentions a member: not a question
    ]);
    const r = inbox.unanswered(d, { withinMinutes: 120, days: 7, limit: 100, sort: 'priority' });
    expect(r.items.map((x) => [x.text, x.waitingMinutes, x.askerRole])).toEqual([
      ['@群主 麻烦看下私信', 3 * 60, 'member'],
      ['谁能推荐工具？', 7 * 60, 'member'],
      ['发票怎么开？', 9 * 60, 'member'],
    ]);
  });

  it('a KOL of the group answers by replying or @-mentioning; the rest ranks by group value, then by who asked', () => {
    const hv = group('高价值群');
    const dead = group('沉寂群');
    const plain = group('普通群');
    const H = 3_600_000;
    const t0 = NOW - 10 * H;
    const who = (n: string) => ({ platformUserId: n, displayName: n });
    ingestMessages(db, [
      m(hv, t0, '怎么开发票？', { sourceKey: 'k1', sender: who('甲') }), // a KOL replies to it: answered
      m(hv, t0 + 60_000, '看置顶公告', { sender: who('老张'), replyToKey: 'k1' }),
      m(hv, t0 + H, '有没有回放？', { sender: who('乙') }), // the KOL only chats: not an answer
      m(hv, t0 + H + 60_000, '今天天气不错', { sender: who('老张') }),
      m(hv, t0 + 2 * H, '哪里下载课件？', { sourceKey: 'self', sender: who('老张') }), // the KOL asks, nobody answers
      m(hv, t0 + 2 * H + 60_000, '我自己找到了', { sender: who('老张'), replyToKey: 'self' }), // answering oneself does not count
      m(dead, t0 + 3 * H, '还有人吗？', { sender: who('丙') }),
      m(plain, t0 + 4 * H, '怎么加入？', { sender: who('丁') }),
      m(plain, t0 + 5 * H, '怎么退出？', { sender: who('戊') }),
    ]);
    const id = (uid: string) => (db.prepare('SELECT id FROM members WHERE platform_user_id = ?').get(uid) as { id: number }).id;
    const tag = (g: number, uid: string, t: string) => db.prepare("INSERT INTO member_tags (group_id, member_id, tag, source) VALUES (?, ?, ?, 'auto')").run(g, id(uid), t);
    tag(hv, '老张', 'kol');
    tag(plain, '丁', 'new');
    db.prepare("UPDATE groups SET class = 'high-value' WHERE id = ?").run(hv);
    db.prepare("UPDATE groups SET class = 'dead' WHERE id = ?").run(dead);
    db.prepare("UPDATE groups SET class = 'general' WHERE id = ?").run(plain);

    const ranked = inbox.unanswered(d, { withinMinutes: 120, days: 7, limit: 100, sort: 'priority' }).items;
    expect(ranked.map((x) => [x.text, x.groupClass, x.askerTags])).toEqual([
      ['哪里下载课件？', 'high-value', ['kol']],
      ['有没有回放？', 'high-value', []],
      ['怎么加入？', 'general', ['new']],
      ['怎么退出？', 'general', []],
      ['还有人吗？', 'dead', []],
    ]);
    const newest = inbox.unanswered(d, { withinMinutes: 120, days: 7, limit: 100, sort: 'newest' }).items;
    expect(newest.map((x) => x.text)).toEqual(['怎么退出？', '怎么加入？', '还有人吗？', '哪里下载课件？', '有没有回放？']);
    // The operator's own class wins over the computed one.
    db.prepare("UPDATE groups SET class_override = 'high-value' WHERE id = ?").run(dead);
    expect(inbox.unanswered(d, { withinMinutes: 120, days: 7, limit: 100, sort: 'priority' }).items.map((x) => x.text).slice(0, 3)).toEqual(['哪里下载课件？', '还有人吗？', '有没有回放？']);
  });
});

describe('inbox filters from the roster', () => {
  it('sender tags count in the message group; group classes and group segments narrow the groups', () => {
    const a = group('北京运营交流群');
    const b = group('上海读书会', 'wechat');
    const kol = { platformUserId: 'k', displayName: '老张' };
    ingestMessages(db, [m(a, T, 'A 群里老张说', { sender: kol }), m(b, T + 1, 'B 群里老张说', { sender: kol }), m(a, T + 2, '别人说')]);
    const kolId = (db.prepare("SELECT id FROM members WHERE platform_user_id = 'k'").get() as { id: number }).id;
    // KOL in group A only.
    db.prepare("INSERT INTO member_tags (group_id, member_id, tag, source) VALUES (?, ?, 'kol', 'auto')").run(a, kolId);
    expect(texts(list({ filter: { senderTags: ['kol'] } }).items)).toEqual(['A 群里老张说']);
    expect(texts(list({ filter: { senderTags: ['active'] } }).items)).toEqual([]);
    db.prepare("UPDATE groups SET class = 'dead' WHERE id = ?").run(b);
    db.prepare("UPDATE groups SET class = 'general' WHERE id = ?").run(a);
    expect(texts(list({ filter: { groupClasses: ['dead'] } }).items)).toEqual(['B 群里老张说']);
    db.prepare("UPDATE groups SET class_override = 'dead' WHERE id = ?").run(a);
    expect(list({ filter: { groupClasses: ['general'] } }).items).toEqual([]);
    const seg = Number(
      db.prepare("INSERT INTO segments (target, name, definition, created_at, updated_at) VALUES ('groups', '微信群', ?, 0, 0)").run(JSON.stringify({ target: 'groups', condition: { op: 'and', rules: [{ field: 'platform', platforms: ['wechat'] }] } })).lastInsertRowid,
    );
    expect(texts(list({ filter: { groupSegmentId: seg } }).items)).toEqual(['B 群里老张说']);
    expect(texts(search('老张', { filter: { groupSegmentId: seg } }).items)).toEqual(['B 群里老张说']);
    expect(list({ filter: { groupSegmentId: seg + 99 } }).items).toEqual([]);
  });
});
