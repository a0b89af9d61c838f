/** The inbox's pure pieces: the loaded window of keyset pages, selection, sidebar, text segments, requests. */
import { describe, expect, it } from 'vitest';
import type { MessagePage } from '../../../shared/api/inbox';
import type { InboxGroupDto, MessageDto } from '../../../shared/domain/message';
import {
  adjustUnread,
  countLabel,
  dayRange,
  EMPTY_INBOX_FILTERS,
  hasInboxFilters,
  moveCursor,
  normalizeRanges,
  safeHref,
  selectRange,
  sidebarSections,
  snippet,
  splitMinutes,
  textSegments,
  toggleSelected,
  toInboxFilter,
  unreadDeltas,
} from '../../../renderer/store/inbox/selectors';
import {
  appendOlder,
  EMPTY_WINDOW,
  fromHead,
  newerRequest,
  olderCursor,
  patchItems,
  prependNewer,
  removeItems,
  trimWindow,
  windowItems,
  windowSize,
  type ListWindow,
} from '../../../renderer/store/inbox/window';

const msg = (id: number, over: Partial<MessageDto> = {}): MessageDto => ({
  id,
  groupId: 1,
  groupName: '北京运营交流群',
  platform: 'wechat',
  sender: { id: 9, name: '王芳', platformUserId: 'u9' },
  sentAt: new Date(Date.UTC(2026, 0, 1) + id * 60_000).toISOString(),
  kind: 'text',
  text: `消息 ${id}`,
  replyToId: null,
  unread: false,
  starred: false,
  spam: false,
  question: false,
  attachments: [],
  highlights: [],
  ...over,
});

/**
 * A stand-in for the core's keyset pages with its cursor rules: a cursor names one message;
 * 'older' returns what is below it newest first, 'newer' what is above it (also newest first),
 * `first` names the first row in the direction of travel and `next` the last one (null at the end).
 */
class FakeInbox {
  ids: number[];
  constructor(n: number) {
    this.ids = Array.from({ length: n }, (_, i) => i + 1);
  }
  add(count: number): void {
    const top = Math.max(0, ...this.ids);
    for (let i = 1; i <= count; i++) this.ids.push(top + i);
  }
  list(cursor: string | null, direction: 'older' | 'newer', limit: number): MessagePage {
    const at = cursor === null ? null : Number(cursor.slice(1));
    const sorted = [...this.ids].sort((a, b) => (direction === 'older' ? b - a : a - b));
    const rows = sorted.filter((id) => at === null || (direction === 'older' ? id < at : id > at)).slice(0, limit);
    const next = rows.length === limit ? `c${rows[rows.length - 1]}` : null;
    const first = rows.length ? `c${rows[0]}` : null;
    if (direction === 'newer') rows.reverse();
    return { items: rows.map((id) => msg(id)), next, first };
  }
}

const ids = (w: ListWindow) => windowItems(w).map((m) => m.id);
const isNewestFirstWithoutGaps = (list: number[]) => list.every((id, i) => i === 0 || list[i - 1] === id + 1);

describe('inbox window: keyset pages', () => {
  it('starts from the head page: top reached, end reached only when there is no next page', () => {
    const core = new FakeInbox(250);
    const w = fromHead(core.list(null, 'older', 100));
    expect(ids(w).slice(0, 3)).toEqual([250, 249, 248]);
    expect(w.topReached).toBe(true);
    expect(w.endReached).toBe(false);
    expect(olderCursor(w)).toBe('c151');
    expect(fromHead(new FakeInbox(5).list(null, 'older', 100)).endReached).toBe(true);
    expect(fromHead({ items: [], next: null, first: null })).toEqual(EMPTY_WINDOW);
  });

  it('appends older pages without repeating messages and stops at the oldest', () => {
    const core = new FakeInbox(250);
    let w = fromHead(core.list(null, 'older', 100));
    w = appendOlder(w, core.list(olderCursor(w), 'older', 100));
    w = appendOlder(w, core.list(olderCursor(w), 'older', 100));
    expect(windowSize(w)).toBe(250);
    expect(isNewestFirstWithoutGaps(ids(w))).toBe(true);
    expect(w.endReached).toBe(true);
    expect(olderCursor(w)).toBeNull();

    // A page that overlaps what is loaded (the same request answered twice) adds nothing twice.
    const core2 = new FakeInbox(300);
    let v = fromHead(core2.list(null, 'older', 100));
    const page = core2.list(olderCursor(v), 'older', 100);
    v = appendOlder(v, page);
    v = appendOlder(v, page);
    expect(new Set(ids(v)).size).toBe(windowSize(v));
    expect(windowSize(v)).toBe(200);
    expect(olderCursor(v)).toBe('c101'); // moved on, so the next request is not the same one again
  });

  it('prepends newer pages above the reader and counts what is new', () => {
    const core = new FakeInbox(120);
    let w = fromHead(core.list(null, 'older', 100));
    core.add(30);
    const req = newerRequest(w)!;
    expect(req).toEqual({ cursor: 'c120', replaceTop: false });
    const r = prependNewer(w, core.list(req.cursor, 'newer', 100), req.cursor, req.replaceTop);
    w = r.window;
    expect(r.added).toBe(30);
    expect(ids(w).slice(0, 2)).toEqual([150, 149]);
    expect(isNewestFirstWithoutGaps(ids(w))).toBe(true);
    expect(w.topReached).toBe(true);
  });

  it('loads a top chunk that reached the top again from where it was loaded, keeping no duplicates', () => {
    const core = new FakeInbox(120);
    let w = fromHead(core.list(null, 'older', 100));
    core.add(10);
    let req = newerRequest(w)!;
    w = prependNewer(w, core.list(req.cursor, 'newer', 100), req.cursor, req.replaceTop).window;
    // That page reached the top, so it has no cursor for its newest message: it is reloaded from its own start.
    req = newerRequest(w)!;
    expect(req).toEqual({ cursor: 'c120', replaceTop: true });
    core.add(5);
    const r = prependNewer(w, core.list(req.cursor, 'newer', 100), req.cursor, req.replaceTop);
    expect(r.added).toBe(5);
    expect(windowSize(r.window)).toBe(115);
    expect(ids(r.window)[0]).toBe(135);
    expect(isNewestFirstWithoutGaps(ids(r.window))).toBe(true);
    // Nothing new: the same window, still at the top.
    const again = newerRequest(r.window)!;
    const same = prependNewer(r.window, core.list(again.cursor, 'newer', 100), again.cursor, again.replaceTop);
    expect(same.added).toBe(0);
    expect(ids(same.window)).toEqual(ids(r.window));
  });

  it('when more arrived than a page holds, the top is not reached and the next request continues upwards', () => {
    const core = new FakeInbox(100);
    let w = fromHead(core.list(null, 'older', 100));
    core.add(250);
    const req = newerRequest(w)!;
    w = prependNewer(w, core.list(req.cursor, 'newer', 100), req.cursor, req.replaceTop).window;
    expect(w.topReached).toBe(false);
    expect(ids(w)[0]).toBe(200);
    expect(newerRequest(w)).toEqual({ cursor: 'c200', replaceTop: false });
    expect(isNewestFirstWithoutGaps(ids(w))).toBe(true);
  });

  it('drops far pages to stay within the window, and can load them again from the new edge', () => {
    const core = new FakeInbox(2000);
    let w = fromHead(core.list(null, 'older', 100));
    // The reader goes down: pages above are dropped.
    for (let i = 0; i < 10; i++) w = trimWindow(appendOlder(w, core.list(olderCursor(w), 'older', 100)), 'bottom', 500);
    expect(windowSize(w)).toBeLessThanOrEqual(500);
    expect(w.topReached).toBe(false);
    expect(ids(w)[0]).toBe(1400); // 11 pages loaded, the newest 6 dropped
    expect(ids(w).at(-1)).toBe(901);
    expect(isNewestFirstWithoutGaps(ids(w))).toBe(true);
    // ...and back up: the dropped pages come back exactly, and pages below are dropped in turn.
    for (let i = 0; i < 20 && !w.topReached; i++) {
      const req = newerRequest(w)!;
      expect(req.replaceTop).toBe(false);
      w = trimWindow(prependNewer(w, core.list(req.cursor, 'newer', 100), req.cursor, false).window, 'top', 500);
    }
    expect(ids(w)[0]).toBe(2000);
    expect(w.topReached).toBe(true);
    expect(w.endReached).toBe(false);
    expect(windowSize(w)).toBeLessThanOrEqual(500);
    expect(isNewestFirstWithoutGaps(ids(w))).toBe(true);
    // Down again from the new bottom edge joins without a gap.
    w = appendOlder(w, core.list(olderCursor(w), 'older', 100));
    expect(isNewestFirstWithoutGaps(ids(w))).toBe(true);
  });

  it('never drops the chunk nearest the reader, nor one whose exposed edge has no cursor', () => {
    const core = new FakeInbox(300);
    const w = fromHead(core.list(null, 'older', 300));
    expect(trimWindow(w, 'bottom', 100)).toBe(w);
    // A top chunk that reached the top has no `newer` cursor: the chunk below cannot become the top... but it may be dropped from below.
    let v = fromHead(new FakeInbox(100).list(null, 'older', 100));
    const c2 = new FakeInbox(100);
    c2.add(50);
    const req = newerRequest(v)!;
    v = prependNewer(v, c2.list(req.cursor, 'newer', 100), req.cursor, false).window;
    expect(v.chunks[0]!.newer).toBeNull();
    const dropTop = trimWindow(v, 'bottom', 60);
    expect(windowSize(dropTop)).toBe(100); // the top chunk went; the next one has its own newer cursor
    expect(dropTop.topReached).toBe(false);
    const dropBottom = trimWindow(v, 'top', 60);
    expect(ids(dropBottom)).toEqual(ids(v).slice(0, 50));
    expect(dropBottom.endReached).toBe(false);
  });

  it('patches and removes loaded messages in place', () => {
    const core = new FakeInbox(10);
    const w = fromHead(core.list(null, 'older', 100));
    const read = patchItems(w, (m) => m.id === 3, { unread: true });
    expect(windowItems(read).find((m) => m.id === 3)!.unread).toBe(true);
    expect(patchItems(w, () => false, { unread: true })).toBe(w);
    const gone = removeItems(w, new Set([10, 5]));
    expect(ids(gone)).toEqual([9, 8, 7, 6, 4, 3, 2, 1]);
    expect(newerRequest(gone)).toEqual(newerRequest(w)); // cursors stay
  });
});

describe('inbox selection', () => {
  const items = [msg(5), msg(4), msg(3), msg(2), msg(1)];
  it('selects a range between the anchor and the target in either direction, keeping what was selected', () => {
    expect([...selectRange(items, new Set(), 4, 2)].sort()).toEqual([2, 3, 4]);
    expect([...selectRange(items, new Set([1]), 2, 5)].sort()).toEqual([1, 2, 3, 4, 5]);
    expect([...selectRange(items, new Set(), null, 3)]).toEqual([3]);
    expect([...selectRange(items, new Set(), 99, 3)]).toEqual([3]); // the anchor was dropped from the window
    expect([...selectRange(items, new Set([4]), 4, 99)]).toEqual([4]);
  });
  it('toggles single messages and moves the cursor within the list', () => {
    expect([...toggleSelected(new Set([1, 2]), 2)]).toEqual([1]);
    expect([...toggleSelected(new Set([1]), 2)]).toEqual([1, 2]);
    expect(moveCursor(items, null, 1)).toBe(5);
    expect(moveCursor(items, 5, 1)).toBe(4);
    expect(moveCursor(items, 1, 1)).toBe(1);
    expect(moveCursor(items, 5, -1)).toBe(5);
    expect(moveCursor([], null, 1)).toBeNull();
  });
});

describe('inbox sidebar', () => {
  const g = (id: number, platform: InboxGroupDto['platform'], unread: number, pinned = false): InboxGroupDto => ({ id, name: `群${id}`, platform, pinned, unread, messageCount: 10, lastMessageAt: null });
  it('puts pinned groups first, then platforms in the app order', () => {
    const s = sidebarSections([g(1, 'qq', 2), g(2, 'wechat', 3), g(3, 'qq', 0, true), g(4, 'wechat', 1)]);
    expect(s.map((x) => x.key)).toEqual(['pinned', 'wechat', 'qq']);
    expect(s[1]!.groups.map((x) => x.id)).toEqual([2, 4]);
    expect(s[1]!.unread).toBe(4);
  });
  it('moves counters by what actually changed state', () => {
    const list = [msg(1, { unread: true, groupId: 1 }), msg(2, { unread: false, groupId: 1 }), msg(3, { unread: true, groupId: 2 })];
    const d = unreadDeltas(list, true);
    expect([...d]).toEqual([
      [1, -1],
      [2, -1],
    ]);
    const r = adjustUnread([g(1, 'qq', 5), g(2, 'qq', 0), g(3, 'qq', 7)], d);
    expect(r.groups.map((x) => x.unread)).toEqual([4, 0, 7]);
    expect(r.unread).toBe(11);
    expect([...unreadDeltas(list, false)]).toEqual([[1, 1]]);
  });
});

describe('inbox text', () => {
  it('wraps highlights and makes only http(s) addresses links', () => {
    const text = '看这个 https://example.com/a?b=1。还有javascript:alert(1) 选品';
    const segs = textSegments(text, [[text.indexOf('选品'), text.indexOf('选品') + 2]]);
    expect(segs.filter((s) => s.href).map((s) => s.href)).toEqual(['https://example.com/a?b=1']);
    expect(segs.find((s) => s.mark)).toEqual({ text: '选品', mark: true, href: null });
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,<b>')).toBeNull();
    expect(safeHref('http://x.cn/')).toBe('http://x.cn/');
  });
  it('keeps untrusted markup as text and handles overlapping or out-of-range highlights', () => {
    const text = '<img src=x onerror=alert(1)>选品选品';
    const segs = textSegments(text, [
      [29, 31],
      [28, 30],
      [40, 50],
    ]);
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs.filter((s) => s.mark).map((s) => s.text)).toEqual(['选品选']);
    expect(normalizeRanges([[5, 2]], 10)).toEqual([]);
    expect(normalizeRanges([[0, 2], [2, 4]], 10)).toEqual([[0, 4]]);
  });
  it('a highlight inside a link stays both marked and linked', () => {
    const text = 'https://shop.cn/选品';
    const segs = textSegments('see https://shop.cn/xp now', [[20, 22]]);
    expect(segs.find((s) => s.mark)).toEqual({ text: 'xp', mark: true, href: 'https://shop.cn/xp' });
    // Chinese after an address ends the address.
    expect(textSegments(text, []).find((s) => s.href)?.text).toBe('https://shop.cn/');
  });
  it('cuts a one-line snippet shortly before a match deep in a long message', () => {
    const text = `${'前'.repeat(100)}\n选品后面`;
    const s = snippet(text, [[101, 103]], 10);
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.text.includes('\n')).toBe(false);
    const [a, b] = s.highlights[0]!;
    expect(s.text.slice(a, b)).toBe('选品');
    expect(snippet('短消息 选品', [[4, 6]])).toEqual({ text: '短消息 选品', highlights: [[4, 6]] });
  });
  it('keeps every highlight on its word in a long multi-line message (blank lines, CRLF, tabs)', () => {
    const text = `今天分享一下经验：\r\n\r\n第一，开学前一周就把群规发出来。\n\n\t第二，每天固定时间发早报，时间长了大家会养成习惯。\n\n最后，附上我们学校上学期的活动时间表，学校的老师也很支持。`;
    const ranges: [number, number][] = [];
    for (let i = text.indexOf('学校'); i >= 0; i = text.indexOf('学校', i + 1)) ranges.push([i, i + 2]);
    expect(ranges).toHaveLength(2);
    const s = snippet(text, ranges, 10);
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.highlights.map(([a, b]) => s.text.slice(a, b))).toEqual(['学校', '学校']);
  });
});

describe('inbox requests and labels', () => {
  it('sends only the filters that are set, with the sidebar group', () => {
    expect(toInboxFilter(EMPTY_INBOX_FILTERS, null)).toEqual({});
    expect(hasInboxFilters(EMPTY_INBOX_FILTERS, null)).toBe(false);
    const f = { ...EMPTY_INBOX_FILTERS, platforms: ['qq' as const], unreadOnly: true, includeSpam: true, range: ['2026-01-01T00:00:00.000Z', '2026-01-08T00:00:00.000Z'] as [string, string] };
    expect(toInboxFilter(f, 7)).toEqual({ groupIds: [7], platforms: ['qq'], unreadOnly: true, includeSpam: true, since: '2026-01-01T00:00:00.000Z', until: '2026-01-08T00:00:00.000Z' });
    expect(hasInboxFilters(EMPTY_INBOX_FILTERS, 3)).toBe(true);
    const roster = { ...EMPTY_INBOX_FILTERS, senderTags: ['kol' as const], groupClasses: ['dead' as const], groupSegmentId: 4 };
    expect(toInboxFilter(roster, null)).toEqual({ senderTags: ['kol'], groupClasses: ['dead'], groupSegmentId: 4 });
    expect(hasInboxFilters({ ...EMPTY_INBOX_FILTERS, groupSegmentId: 4 }, null)).toBe(true);
    expect(hasInboxFilters({ ...EMPTY_INBOX_FILTERS, senderTags: ['new'] }, null)).toBe(true);
  });
  it('turns picked days into [first day, day after the last) in local time', () => {
    const [since, until] = dayRange(new Date(2026, 0, 5, 15), new Date(2026, 0, 7, 1));
    expect(new Date(since).getTime()).toBe(new Date(2026, 0, 5).getTime());
    expect(new Date(until).getTime()).toBe(new Date(2026, 0, 8).getTime());
  });
  it('words counts and waits', () => {
    const fmt = (n: number) => n.toLocaleString('en');
    expect(countLabel({ count: 197, capped: false }, 50, false, fmt)).toEqual({ key: 'about', n: '197' });
    expect(countLabel({ count: 10000, capped: true }, 50, false, fmt)).toEqual({ key: 'capped', n: '10,000+' });
    expect(countLabel(null, 50, false, fmt)).toBeNull(); // still counting
    expect(countLabel({ count: 9, capped: false }, 7, true, fmt)).toEqual({ key: 'exact', n: '7' }); // all loaded: exact
    expect(countLabel({ count: 3, capped: false }, 50, false, fmt)).toEqual({ key: 'about', n: '50' }); // never below what is shown
    expect(splitMinutes(1530)).toEqual({ d: 1, h: 1, m: 30 });
    expect(splitMinutes(-5)).toEqual({ d: 0, h: 0, m: 0 });
  });
});
