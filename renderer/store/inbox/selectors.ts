/** The inbox's pure pieces: requests from filters, selection ranges, sidebar sections, text segments. */
import type { InboxFilter } from '../../../shared/api/inbox';
import { PLATFORMS, type GroupClass, type Platform } from '../../../shared/domain/enums';
import type { AutoTag } from '../../../shared/domain/roster';
import type { InboxGroupDto, MessageDto } from '../../../shared/domain/message';

export interface InboxFilters {
  platforms: Platform[];
  unreadOnly: boolean;
  questionsOnly: boolean;
  starredOnly: boolean;
  hasAttachment: boolean;
  includeSpam: boolean;
  /** [since, until): ISO instants, until exclusive. */
  range: [string, string] | null;
  /** Senders with one of these tags in the message's group. */
  senderTags: AutoTag[];
  groupClasses: GroupClass[];
  /** A saved group segment. */
  groupSegmentId: number | null;
}

export const EMPTY_INBOX_FILTERS: InboxFilters = {
  platforms: [],
  unreadOnly: false,
  questionsOnly: false,
  starredOnly: false,
  hasAttachment: false,
  includeSpam: false,
  range: null,
  senderTags: [],
  groupClasses: [],
  groupSegmentId: null,
};

/** The contract's filter for these filters and the sidebar's group; unset ones are left out. */
export function toInboxFilter(f: InboxFilters, groupId: number | null): InboxFilter {
  const out: InboxFilter = {};
  if (groupId !== null) out.groupIds = [groupId];
  if (f.platforms.length) out.platforms = f.platforms;
  if (f.unreadOnly) out.unreadOnly = true;
  if (f.questionsOnly) out.questionsOnly = true;
  if (f.starredOnly) out.starredOnly = true;
  if (f.hasAttachment) out.hasAttachment = true;
  if (f.includeSpam) out.includeSpam = true;
  if (f.range) {
    out.since = f.range[0];
    out.until = f.range[1];
  }
  if (f.senderTags.length) out.senderTags = f.senderTags;
  if (f.groupClasses.length) out.groupClasses = f.groupClasses;
  if (f.groupSegmentId !== null) out.groupSegmentId = f.groupSegmentId;
  return out;
}

/** True when the list may be empty because of filters rather than because there are no messages. */
export function hasInboxFilters(f: InboxFilters, groupId: number | null): boolean {
  return groupId !== null || f.platforms.length > 0 || f.unreadOnly || f.questionsOnly || f.starredOnly || f.hasAttachment || f.includeSpam || f.range !== null || f.senderTags.length > 0 || f.groupClasses.length > 0 || f.groupSegmentId !== null;
}

/** A picked day range as [start of the first day, start of the day after the last) in the reader's zone. */
export function dayRange(first: Date, last: Date): [string, string] {
  const a = new Date(first.getFullYear(), first.getMonth(), first.getDate());
  const b = new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1);
  return a <= b ? [a.toISOString(), b.toISOString()] : [new Date(b.getTime() - 86_400_000).toISOString(), new Date(a.getTime() + 86_400_000).toISOString()];
}

// ---- selection -----------------------------------------------------------------------------

/**
 * Shift-click: everything between the anchor and the target (both included) joins the
 * selection. Without an anchor still loaded, only the target does.
 */
export function selectRange(items: readonly MessageDto[], selected: ReadonlySet<number>, anchorId: number | null, targetId: number): Set<number> {
  const out = new Set(selected);
  const to = items.findIndex((m) => m.id === targetId);
  if (to < 0) return out;
  const from = anchorId === null ? -1 : items.findIndex((m) => m.id === anchorId);
  if (from < 0) {
    out.add(targetId);
    return out;
  }
  const [a, b] = from <= to ? [from, to] : [to, from];
  for (let i = a; i <= b; i++) out.add(items[i]!.id);
  return out;
}

export function toggleSelected(selected: ReadonlySet<number>, id: number): Set<number> {
  const out = new Set(selected);
  if (out.has(id)) out.delete(id);
  else out.add(id);
  return out;
}

/** j/k: the id `delta` rows away from the cursor, clamped to the list; the first row when there is no cursor. */
export function moveCursor(items: readonly MessageDto[], cursorId: number | null, delta: number): number | null {
  if (items.length === 0) return null;
  const at = cursorId === null ? -1 : items.findIndex((m) => m.id === cursorId);
  if (at < 0) return items[0]!.id;
  return items[Math.max(0, Math.min(items.length - 1, at + delta))]!.id;
}

/** Selected ids that are still loaded, in list order (what a bulk action acts on). */
export function selectedInOrder(items: readonly MessageDto[], selected: ReadonlySet<number>): MessageDto[] {
  return selected.size === 0 ? [] : items.filter((m) => selected.has(m.id));
}

// ---- sidebar -------------------------------------------------------------------------------

export interface SidebarSection {
  key: 'pinned' | Platform;
  groups: InboxGroupDto[];
  unread: number;
}

/** Pinned groups first, then one section per platform in the app's platform order; the core's order inside each. */
export function sidebarSections(groups: readonly InboxGroupDto[]): SidebarSection[] {
  const pinned = groups.filter((g) => g.pinned);
  const sections: SidebarSection[] = [];
  if (pinned.length) sections.push({ key: 'pinned', groups: pinned, unread: pinned.reduce((n, g) => n + g.unread, 0) });
  for (const p of PLATFORMS) {
    const list = groups.filter((g) => !g.pinned && g.platform === p);
    if (list.length) sections.push({ key: p, groups: list, unread: list.reduce((n, g) => n + g.unread, 0) });
  }
  return sections;
}

/** Applies a read-state change to the sidebar's counters before the core's fresh numbers arrive. */
export function adjustUnread(groups: readonly InboxGroupDto[], deltas: ReadonlyMap<number, number>): { groups: InboxGroupDto[]; unread: number } {
  let unread = 0;
  const out = groups.map((g) => {
    const d = deltas.get(g.id) ?? 0;
    const next = d ? { ...g, unread: Math.max(0, g.unread + d) } : g;
    unread += next.unread;
    return next;
  });
  return { groups: out, unread };
}

/** Per group: how its unread count changes when these messages become read (or unread). */
export function unreadDeltas(messages: readonly MessageDto[], read: boolean): Map<number, number> {
  const out = new Map<number, number>();
  for (const m of messages) {
    if (m.unread !== read) continue; // already in that state: no change
    out.set(m.groupId, (out.get(m.groupId) ?? 0) + (read ? -1 : 1));
  }
  return out;
}

// ---- text ----------------------------------------------------------------------------------

export interface TextSegment {
  text: string;
  mark: boolean;
  /** An http(s) address when this piece is (part of) a link; never any other scheme. */
  href: string | null;
}

// Stops at spaces, quotes, CJK punctuation and Chinese characters (chat text runs straight on after a link).
const URL_RE = /\bhttps?:\/\/[^\s<>"'\u3000-\u303f\u4e00-\u9fff\uff01-\uff0f\uff1a-\uff20]+/gi;

/** Only http(s) addresses become links; anything else (javascript:, data:, file:) stays text. */
export function safeHref(raw: string): string | null {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function linkRanges(text: string): { start: number; end: number; href: string }[] {
  const out: { start: number; end: number; href: string }[] = [];
  for (const m of text.matchAll(URL_RE)) {
    // A sentence's closing punctuation is not part of the address.
    const raw = m[0].replace(/[.,;:!?)\]]+$/, '');
    const href = safeHref(raw);
    if (href) out.push({ start: m.index, end: m.index + raw.length, href });
  }
  return out;
}

/** Highlight ranges sorted, clamped to the text and merged where they touch or overlap. */
export function normalizeRanges(ranges: readonly (readonly [number, number])[], length: number): [number, number][] {
  const sorted = ranges
    .map(([a, b]) => [Math.max(0, Math.min(a, length)), Math.max(0, Math.min(b, length))] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/**
 * Untrusted text cut into plain, highlighted and link pieces, for rendering as text nodes
 * (React escapes them; nothing is ever parsed as HTML). Highlights are [start, end) UTF-16
 * offsets, as the contract gives them.
 */
export function textSegments(text: string, highlights: readonly (readonly [number, number])[], withLinks = true): TextSegment[] {
  const marks = normalizeRanges(highlights, text.length);
  const links = withLinks ? linkRanges(text) : [];
  const cuts = new Set<number>([0, text.length]);
  for (const [a, b] of marks) cuts.add(a).add(b);
  for (const l of links) cuts.add(l.start).add(l.end);
  const points = [...cuts].sort((a, b) => a - b);
  const out: TextSegment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const mark = marks.some(([x, y]) => a >= x && b <= y);
    const href = links.find((l) => a >= l.start && b <= l.end)?.href ?? null;
    const prev = out[out.length - 1];
    if (prev && prev.mark === mark && prev.href === href) prev.text += text.slice(a, b);
    else out.push({ text: text.slice(a, b), mark, href });
  }
  return out;
}

/**
 * A one-line excerpt that starts shortly before the first match, so a match deep in a long
 * message is still on screen; highlights are shifted to match. Newlines become spaces.
 */
export function snippet(text: string, highlights: readonly (readonly [number, number])[], lead = 16): { text: string; highlights: [number, number][] } {
  // One space per character, never one per run: the highlights are offsets into `text`.
  const flat = text.replace(/[\r\n\t]/g, ' ');
  const marks = normalizeRanges(highlights, flat.length);
  const first = marks[0]?.[0] ?? 0;
  if (first <= lead + 8) return { text: flat, highlights: marks };
  let start = first - lead;
  // Never cut a surrogate pair in half.
  if (/[\udc00-\udfff]/.test(flat[start] ?? '')) start--;
  return { text: `…${flat.slice(start)}`, highlights: marks.map(([a, b]) => [a - start + 1, b - start + 1]) };
}

/**
 * "约 N 条" / "10,000+ 条" / "共 N 条": the search count's shape, for i18n to word. The core
 * counts index candidates (some fail the final text check), so its number is approximate;
 * once every result is loaded, the loaded number is exact.
 */
export function countLabel(c: { count: number; capped: boolean } | null, loaded: number, complete: boolean, format: (n: number) => string): { key: 'capped' | 'about' | 'exact'; n: string } | null {
  if (complete) return { key: 'exact', n: format(loaded) };
  if (!c) return null;
  return c.capped ? { key: 'capped', n: `${format(c.count)}+` } : { key: 'about', n: format(Math.max(c.count, loaded)) };
}

/** Minutes as [days, hours, minutes] for "等了 1 天 3 小时". */
export function splitMinutes(total: number): { d: number; h: number; m: number } {
  const t = Math.max(0, Math.floor(total));
  return { d: Math.floor(t / 1440), h: Math.floor((t % 1440) / 60), m: t % 60 };
}
