/**
 * The unified inbox: keyset pages over every group's messages (never OFFSET), search through
 * the FTS5 chunk index, context around a message, read/star/spam state with the groups'
 * maintained unread counters, and the unanswered-questions radar. The statements are in
 * messages.repo.ts and search.repo.ts.
 */
import type { AutoTag } from '../../../shared/domain/roster';
import type { InboxGroupDto, MessageDto, SenderCardDto } from '../../../shared/domain/message';
import type { ParsedReq } from '../../../shared/api';
import { SEARCH_COUNT_CAP } from '../../../shared/api/inbox';
import { isoRequired } from '../clock';
import type { Db } from '../db/open';
import { appError, t } from '../i18n/messages';
import type { ServiceDeps } from '../service-deps';
import { getSegment, groupIdsOf } from '../segments';
import * as messages from './messages.repo';
import { toDtos, type MessageRow, type MessageScope as Scope } from './messages.repo';
import * as search from './search.repo';
import { highlightRanges, matchesAll, parseQuery } from '../text/search-text';
import { MESSAGE_FLAG } from '../../../shared/domain/message';

type Filter = ParsedReq<'inbox.list'>['filter'];
interface Page {
  items: MessageDto[];
  next: string | null;
  first: string | null;
}

// ---- cursors -------------------------------------------------------------------------------

function timeCursor(r: { sent_at: number; id: number }): string {
  return `t${r.sent_at}.${r.id}`;
}

function parseTimeCursor(d: ServiceDeps, c: string): messages.TimeCursor {
  const m = /^t(-?\d{1,16})\.(\d{1,12})$/.exec(c);
  if (!m) throw appError(d.locale, 'BAD_REQUEST', { detail: t(d.locale, 'inbox.badCursor') });
  return { at: Number(m[1]), id: Number(m[2]) };
}

/** Search cursors name a row of the search index: its time in seconds and the message id. */
function searchCursor(r: { sent_at: number; id: number }): string {
  return `s${Math.floor(Math.max(r.sent_at, 0) / 1000)}.${r.id}`;
}

function parseSearchCursor(d: ServiceDeps, c: string): search.SearchCursor {
  const m = /^s(\d{1,11})\.(\d{1,10})$/.exec(c);
  if (!m) throw appError(d.locale, 'BAD_REQUEST', { detail: t(d.locale, 'inbox.badCursor') });
  return { sec: Number(m[1]), id: Number(m[2]) };
}

// ---- list ----------------------------------------------------------------------------------

/** The group ids a filter names (explicitly, by platform, by class or by a group segment); null when every group counts. */
function resolveGroups(db: Db, f: Scope): number[] | null {
  let ids: number[] | null = f.groupIds?.length ? [...new Set(f.groupIds)] : null;
  const narrow = (allowed: number[]) => {
    const set = new Set(allowed);
    ids = ids ? ids.filter((id) => set.has(id)) : allowed;
  };
  if (f.platforms?.length) narrow(messages.groupIdsOnPlatforms(db, f.platforms));
  if (f.groupClasses?.length) narrow(groupIdsOf(db, { op: 'and', rules: [{ field: 'class', classes: f.groupClasses }] }));
  if (f.groupSegmentId !== undefined) {
    const seg = getSegment(db, f.groupSegmentId);
    // A deleted segment selects nothing (the UI drops it from the filter on the next refresh).
    narrow(seg && seg.definition.target === 'groups' ? groupIdsOf(db, seg.definition.condition) : []);
  }
  return ids;
}

/** For query-plan tests: the plan of a list page (a single group's page when the filter names one). */
export function explainList(db: Db, f: Scope, direction: 'older' | 'newer' = 'older'): string[] {
  const groupIds = resolveGroups(db, f);
  return messages.explainPage(db, f, groupIds && groupIds.length <= 20 ? groupIds.slice(0, 1) : groupIds, direction);
}

const newestFirst = (a: MessageRow, b: MessageRow) => b.sent_at - a.sent_at || b.id - a.id;

export function listMessages(d: ServiceDeps, req: { filter: Scope; cursor: string | null; direction: 'older' | 'newer'; limit: number }): Page {
  const cursor = req.cursor ? parseTimeCursor(d, req.cursor) : null;
  const groupIds = resolveGroups(d.db, req.filter);
  let rows: MessageRow[];
  if (groupIds && groupIds.length === 0) rows = [];
  else if (groupIds && groupIds.length > 1 && groupIds.length <= 20) {
    // A few groups: one indexed page per group, merged. Each group's own index is exact.
    rows = groupIds.flatMap((g) => messages.pageRows(d.db, req.filter, [g], cursor, req.direction, req.limit));
    rows.sort(req.direction === 'older' ? newestFirst : (a, b) => -newestFirst(a, b));
    rows = rows.slice(0, req.limit);
  } else rows = messages.pageRows(d.db, req.filter, groupIds, cursor, req.direction, req.limit);
  const last = rows[rows.length - 1];
  const next = rows.length === req.limit && last ? timeCursor(last) : null;
  const first = rows[0] ? timeCursor(rows[0]) : null;
  // Items are always newest first; cursors stay in the direction of travel.
  if (req.direction === 'newer') rows.reverse();
  return { items: toDtos(d.db, rows), next, first };
}

// ---- search --------------------------------------------------------------------------------

interface SearchPlan extends search.SearchQuery {
  terms: string[];
  empty: boolean;
}

function planSearch(d: ServiceDeps, query: string, filter: Filter): SearchPlan {
  const q = parseQuery(query);
  const scope: Scope = { ...filter };
  let empty = false;
  if (q.from) {
    scope.senderIds = search.sendersNamed(d.db, q.from);
    if (scope.senderIds.length === 0) empty = true;
  }
  const dateOf = (s: string) => {
    const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00` : s);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  };
  if (q.after) {
    const at = dateOf(q.after);
    if (at && (!scope.since || at > scope.since)) scope.since = at;
  }
  if (q.before) {
    const at = dateOf(q.before);
    if (at && (!scope.until || at < scope.until)) scope.until = at;
  }
  let groupIds = resolveGroups(d.db, scope);
  if (q.group) {
    const named = search.groupsNamed(d.db, q.group);
    groupIds = groupIds ? groupIds.filter((id) => named.includes(id)) : named;
  }
  if (groupIds && groupIds.length === 0) empty = true;
  return { match: q.match, terms: q.terms, scope, groupIds, empty };
}

export function searchMessages(d: ServiceDeps, req: ParsedReq<'search.messages'>): Page & { terms: string[] } {
  const plan = planSearch(d, req.query, req.filter);
  if (plan.empty) return { items: [], next: null, first: null, terms: plan.terms };
  if (!plan.match) {
    // Only filters (from:, group:, dates): the inbox list of that scope.
    if (!plan.scope.senderIds && !plan.groupIds && !plan.scope.since && !plan.scope.until) return { items: [], next: null, first: null, terms: [] };
    if (req.cursor && !req.cursor.startsWith('t')) throw appError(d.locale, 'BAD_REQUEST', { detail: t(d.locale, 'inbox.badCursor') });
    const page = listMessages(d, { filter: { ...plan.scope, groupIds: plan.groupIds ?? undefined, platforms: undefined }, cursor: req.cursor, direction: 'older', limit: req.limit });
    return { ...page, terms: [] };
  }
  const cursor = req.cursor ? parseSearchCursor(d, req.cursor) : null;
  const batches = search.prepareSearchBatches(d.db, plan);
  const accepted: MessageRow[] = [];
  let at = cursor ?? search.SEARCH_TOP;
  let exhausted = false;
  // The chunk index can line up chunks across punctuation; each candidate is confirmed on its
  // text, and a page keeps reading until it has `limit` confirmed rows or the index ends.
  while (accepted.length < req.limit) {
    const batch = Math.max(50, (req.limit - accepted.length) * 2);
    const rows = batches(at, batch);
    for (const r of rows) {
      at = { sec: Math.floor(Math.max(r.sent_at, 0) / 1000), id: r.id };
      if (matchesAll(r.text, plan.terms)) accepted.push(r);
      if (accepted.length === req.limit) break;
    }
    if (rows.length < batch) {
      exhausted = accepted.length < req.limit || rows[rows.length - 1]?.id === at.id;
      break;
    }
  }
  const last = accepted[accepted.length - 1];
  const next = !exhausted && last ? searchCursor(last) : null;
  return {
    items: toDtos(d.db, accepted, (r) => highlightRanges(r.text, plan.terms)),
    next,
    first: accepted[0] ? searchCursor(accepted[0]) : null,
    terms: plan.terms,
  };
}

/** For query-plan tests. */
export function explainSearch(d: ServiceDeps, query: string, filter: Filter = {}): string[] {
  return search.explainSearchPage(d.db, planSearch(d, query, filter));
}

export function countSearch(d: ServiceDeps, req: ParsedReq<'search.count'>): { count: number; capped: boolean } {
  const plan = planSearch(d, req.query, req.filter);
  if (plan.empty || !plan.match) return { count: 0, capped: false };
  const n = search.countMatches(d.db, plan, SEARCH_COUNT_CAP + 1);
  return { count: Math.min(n, SEARCH_COUNT_CAP), capped: n > SEARCH_COUNT_CAP };
}

// ---- one message, its context, its sender ------------------------------------------------

function mustRow(d: ServiceDeps, id: number): MessageRow {
  const row = messages.getMessageRow(d.db, id);
  if (!row) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.message'), id });
  return row;
}

export function getMessage(d: ServiceDeps, id: number): MessageDto {
  return toDtos(d.db, [mustRow(d, id)])[0]!;
}

export function messageContext(d: ServiceDeps, id: number, around: number) {
  const row = mustRow(d, id);
  const scope: Scope = { groupIds: [row.group_id], includeSpam: true };
  const before = messages.pageRows(d.db, scope, [row.group_id], { at: row.sent_at, id: row.id }, 'older', around).reverse();
  const after = messages.pageRows(d.db, scope, [row.group_id], { at: row.sent_at, id: row.id }, 'newer', around);
  // The chain of replied-to messages, oldest first (bounded: a cycle in bad data must not loop).
  const chain: MessageRow[] = [];
  const seen = new Set<number>([row.id]);
  for (let cur = row; cur.reply_to_id !== null && chain.length < 50 && !seen.has(cur.reply_to_id); ) {
    seen.add(cur.reply_to_id);
    const parent = messages.getMessageRow(d.db, cur.reply_to_id);
    if (!parent) break;
    chain.unshift(parent);
    cur = parent;
  }
  const replies = messages.replyRows(d.db, row.group_id, row.id);
  const [message] = toDtos(d.db, [row]);
  return { message: message!, before: toDtos(d.db, before), after: toDtos(d.db, after), chain: toDtos(d.db, chain), replies: toDtos(d.db, replies) };
}

export function senderCard(d: ServiceDeps, memberId: number): SenderCardDto {
  const m = messages.getSender(d.db, memberId);
  if (!m) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.member'), id: memberId });
  const groups = messages.senderGroups(d.db, memberId);
  const nicknames = messages.senderNicknames(d.db, memberId);
  const recent = messages.recentBySender(d.db, memberId);
  return {
    id: m.id,
    platform: m.platform,
    platformUserId: m.platform_user_id,
    name: m.display_name,
    firstSeenAt: isoRequired(m.first_seen_at),
    lastSeenAt: isoRequired(m.last_seen_at),
    nicknames,
    groups,
    recent: toDtos(d.db, recent),
  };
}

// ---- sidebar, read state, flags ------------------------------------------------------------

export function inboxGroups(d: ServiceDeps): { groups: InboxGroupDto[]; unread: number } {
  const groups = messages.inboxGroups(d.db);
  let unread = 0;
  for (const g of groups) unread += g.unread;
  return { groups, unread };
}

export function markMessages(d: ServiceDeps, req: ParsedReq<'inbox.mark'>): { changed: number; groupIds: number[] } {
  const db = d.db;
  return db.transaction(() => {
    let changed: number;
    let groupIds: number[];
    if ('ids' in req) {
      groupIds = messages.groupsToMark(db, req.ids, req.read);
      changed = messages.markByIds(db, req.ids, req.read);
    } else {
      let upTo: messages.TimeCursor | null = null;
      if (req.upToId) {
        const row = mustRow(d, req.upToId);
        upTo = { at: row.sent_at, id: row.id };
      }
      changed = messages.markInGroup(db, req.groupId, req.read, upTo);
      groupIds = changed ? [req.groupId] : [];
    }
    messages.recountUnread(db, groupIds);
    return { changed, groupIds };
  }).immediate();
}

export function flagMessages(d: ServiceDeps, req: ParsedReq<'inbox.flag'>): { changed: number; groupIds: number[] } {
  const db = d.db;
  return db.transaction(() => {
    let setBits = 0;
    let clearBits = 0;
    for (const [value, bit] of [
      [req.starred, MESSAGE_FLAG.starred],
      [req.spam, MESSAGE_FLAG.spam],
    ] as const) {
      if (value === true) setBits |= bit;
      if (value === false) clearBits |= bit;
    }
    if (!setBits && !clearBits) return { changed: 0, groupIds: [] };
    const groupIds = messages.groupsOfMessages(db, req.ids);
    const changed = messages.setFlagBits(db, req.ids, setBits, clearBits);
    return { changed, groupIds };
  }).immediate();
}

export function pinGroup(d: ServiceDeps, groupId: number, pinned: boolean): void {
  if (messages.setGroupPinned(d.db, groupId, pinned) === 0) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.group'), id: groupId });
}

// ---- unanswered questions ------------------------------------------------------------------

/**
 * Questions (the question flag, or any message that @-mentions a staff member) from members who
 * are not staff of the group, older than the answer window, that nobody answered within it. Staff
 * (owner/admin) answer by replying to the question, @-mentioning the asker, or writing without
 * quoting anything (staff often answer that way); a KOL of the group answers only by replying to
 * the question or @-mentioning the asker (KOLs chat about other things too). Ranked by the
 * group's value class (high-value first, dead last), then by the asker's tag in that group (KOL,
 * new, active, at-risk, the rest), then newest first; `sort: 'newest'` drops the ranking.
 */
export function unanswered(d: ServiceDeps, req: ParsedReq<'inbox.unanswered'>) {
  const now = d.now();
  const within = req.withinMinutes * 60_000;
  const rows = messages.unansweredRows(d.db, { since: now - req.days * 86_400_000, latest: now - within, within, limit: req.limit, groupIds: req.groupIds, sort: req.sort });
  const dtos = toDtos(d.db, rows);
  return {
    items: dtos.map((m, i) => {
      const r = rows[i]!;
      return { ...m, waitingMinutes: Math.floor((now - r.sent_at) / 60_000), askerRole: r.asker_role, askerTags: JSON.parse(r.asker_tags) as AutoTag[], groupClass: r.group_class };
    }),
  };
}

// ---- reply ---------------------------------------------------------------------------------

/** No connector sends yet: a reply is a copy-ready text quoting the message, for the group's own client. */
export function replyText(d: ServiceDeps, id: number, text: string) {
  const row = mustRow(d, id);
  const excerpt = Array.from(row.text.replace(/\s+/g, ' ').trim()).slice(0, 40).join('');
  const who = row.sender_name ?? '';
  const quote = d.locale === 'zh-CN' ? `「${who}：${excerpt}${excerpt.length < row.text.trim().length ? '…' : ''}」\n- - - - - - - - - - - - - - -\n` : `"${who}: ${excerpt}${excerpt.length < row.text.trim().length ? '…' : ''}"\n---\n`;
  return { mode: 'manual' as const, copyText: `${row.text.trim() ? quote : ''}${text}`, groupName: row.group_name, platform: row.platform };
}
