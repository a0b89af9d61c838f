import { create } from 'zustand';
import type { Res } from '../../../shared/api';
import type { MessagePage } from '../../../shared/api/inbox';
import type { InboxGroupDto, MessageDto } from '../../../shared/domain/message';
import type { Events } from '../../../shared/events';
import { getApi } from '../../lib/api/client';
import type { SegmentDto } from '../../../shared/domain/segment';
import { errorText } from '../../lib/errors';
import { useInboxDetailStore } from './detail.store';
import {
  adjustUnread,
  EMPTY_INBOX_FILTERS,
  moveCursor,
  selectRange,
  toggleSelected,
  toInboxFilter,
  unreadDeltas,
  type InboxFilters,
} from './selectors';
import {
  appendOlder,
  EMPTY_WINDOW,
  fromHead,
  MAX_WINDOW,
  newerRequest,
  olderCursor,
  patchItems,
  prependNewer,
  removeItems,
  trimWindow,
  windowItems,
  windowSize,
  type ListWindow,
} from './window';

export type InboxTab = 'all' | 'unanswered';
export type UnansweredItem = Res<'inbox.unanswered'>['items'][number];
export type UnansweredSort = 'priority' | 'newest';
export type ReplyResult = Res<'inbox.reply'>;
type Flags = { starred?: boolean; spam?: boolean };

interface InboxState {
  /** The Inbox page is on screen: pushes reload only what someone is looking at. */
  active: boolean;
  tab: InboxTab;
  groupId: number | null;
  filters: InboxFilters;
  /** What is typed in the search box. */
  query: string;
  /** The query the list shows results for; '' = the plain inbox. */
  activeQuery: string;

  window: ListWindow;
  /** The window's items, newest first (kept alongside so components do not rebuild it). */
  items: MessageDto[];
  /** Bumped when the list is replaced (new filter or query): the list scrolls back to the top. */
  listKey: number;
  status: 'idle' | 'loading' | 'ready' | 'failed';
  error: string | null;
  loadingOlder: boolean;
  loadingNewer: boolean;
  /** Loading a further page failed; the loaded rows stay. */
  pageError: string | null;
  /** Search: the terms the core matched, the lazily loaded count, and whether the window is full. */
  terms: string[];
  count: { count: number; capped: boolean } | null;
  searchFull: boolean;
  /** Messages that arrived above the reader since they last saw the top. */
  fresh: number;

  cursorId: number | null;
  anchorId: number | null;
  selected: ReadonlySet<number>;

  groups: InboxGroupDto[];
  totalUnread: number;
  groupsLoaded: boolean;
  groupsError: string | null;

  unanswered: { items: UnansweredItem[]; loading: boolean; error: string | null; loaded: boolean; withinMinutes: number; sort: UnansweredSort };
  /** The message the reply dialog is open for. */
  replyTo: MessageDto | null;

  mount(): void;
  unmount(): void;
  reload(opts?: { quiet?: boolean }): Promise<void>;
  loadOlder(): Promise<void>;
  loadNewer(opts?: { live?: boolean }): Promise<void>;
  /** The core's 'inbox.changed' push. */
  changed(e: Events['inbox.changed']): void;
  /**
   * The workspace changed: another one (`switched`) starts the inbox afresh; the same one with
   * new content (demo loaded, import finished) fills an empty list and refreshes the counters.
   */
  workspaceChanged(switched: boolean): void;
  loadGroups(): Promise<void>;
  /** Saved group segments, for the segment filter. */
  groupSegments: SegmentDto[];
  loadGroupSegments(): Promise<void>;
  setTab(tab: InboxTab): void;
  setGroup(groupId: number | null): void;
  setFilters(patch: Partial<InboxFilters>): void;
  clearFilters(): void;
  setQuery(query: string): void;
  submitQuery(): void;
  seenTop(): void;

  setCursor(id: number | null): void;
  moveCursor(delta: number): number | null;
  toggleSelect(id: number): void;
  selectRangeTo(id: number): void;
  clearSelection(): void;

  mark(ids: number[], read: boolean): Promise<void>;
  markGroup(groupId: number, read: boolean): Promise<number>;
  flag(ids: number[], flags: Flags): Promise<void>;
  pin(groupId: number, pinned: boolean): Promise<void>;
  reply(id: number, text: string): Promise<ReplyResult>;
  openReply(m: MessageDto): void;
  closeReply(): void;

  loadUnanswered(opts?: { quiet?: boolean }): Promise<void>;
  setWithinMinutes(minutes: number): void;
  setUnansweredSort(sort: UnansweredSort): void;
}

const PAGE = 100;
const SEARCH_PAGE = 50;
const SEARCH_DEBOUNCE_MS = 300;
const CHANGED_DEBOUNCE_MS = 150;

// Every replacement of the list takes a number; answers for an older one are dropped.
let gen = 0;
let groupsSeq = 0;
let unansweredSeq = 0;
let searchTimer: ReturnType<typeof setTimeout> | null = null;
let changedTimer: ReturnType<typeof setTimeout> | null = null;
let pendingNewer = false;
let stale = true;

function withWindow(w: ListWindow): { window: ListWindow; items: MessageDto[] } {
  return { window: w, items: windowItems(w) };
}

export const useInboxStore = create<InboxState>((set, get) => {
  const filter = () => toInboxFilter(get().filters, get().groupId);

  const fetchPage = (cursor: string | null, direction: 'older' | 'newer'): Promise<MessagePage> => {
    const s = get();
    if (s.activeQuery) return getApi().call('search.messages', { query: s.activeQuery, filter: filter(), cursor, limit: SEARCH_PAGE });
    return getApi().call('inbox.list', { filter: filter(), cursor, direction, limit: PAGE });
  };

  const loadCount = async (mine: number) => {
    const s = get();
    try {
      const count = await getApi().call('search.count', { query: s.activeQuery, filter: filter() });
      if (mine === gen) set({ count });
    } catch {
      // The count is a hint; the results are what matter and they are on screen.
    }
  };

  const applyToLoaded = (ids: ReadonlySet<number>, patch: Partial<Pick<MessageDto, 'unread' | 'starred' | 'spam'>>) => {
    set(withWindow(patchItems(get().window, (m) => ids.has(m.id), patch)));
    useInboxDetailStore.getState().patch(ids, patch);
  };

  return {
    active: false,
    tab: 'all',
    groupId: null,
    filters: EMPTY_INBOX_FILTERS,
    query: '',
    activeQuery: '',
    window: EMPTY_WINDOW,
    items: [],
    listKey: 0,
    status: 'idle',
    error: null,
    loadingOlder: false,
    loadingNewer: false,
    pageError: null,
    terms: [],
    count: null,
    searchFull: false,
    fresh: 0,
    cursorId: null,
    anchorId: null,
    selected: new Set(),
    groups: [],
    totalUnread: 0,
    groupsLoaded: false,
    groupsError: null,
    groupSegments: [],
    unanswered: { items: [], loading: false, error: null, loaded: false, withinMinutes: 120, sort: 'priority' },
    replyTo: null,

    mount() {
      set({ active: true });
      // Fresh on every visit (and after a workspace switch); pushes keep it current while shown.
      if (stale || get().status !== 'ready') {
        stale = false;
        void get().reload();
        void get().loadGroups();
        void get().loadGroupSegments();
        if (get().tab === 'unanswered') void get().loadUnanswered();
      } else {
        void get().loadGroups();
        // Group segments may have been saved or deleted on the Groups page since the last visit.
        void get().loadGroupSegments();
        void get().loadNewer({ live: true });
      }
    },

    unmount() {
      set({ active: false });
    },

    async reload({ quiet = false } = {}) {
      const mine = ++gen;
      set({ status: quiet && get().status === 'ready' ? 'ready' : 'loading', error: null, pageError: null, loadingOlder: false, loadingNewer: false });
      try {
        const page = await fetchPage(null, 'older');
        if (mine !== gen) return;
        const search = !!get().activeQuery;
        const w = fromHead(page);
        const keepCursor = get().cursorId !== null && page.items.some((m) => m.id === get().cursorId);
        set({
          ...withWindow(w),
          status: 'ready',
          listKey: get().listKey + 1,
          terms: search ? ((page as Res<'search.messages'>).terms ?? []) : [],
          count: null,
          searchFull: false,
          fresh: 0,
          selected: new Set(),
          anchorId: null,
          cursorId: keepCursor ? get().cursorId : null,
        });
        if (search && page.items.length > 0) void loadCount(mine);
        else if (search) set({ count: { count: 0, capped: false } });
      } catch (e) {
        if (mine === gen) set({ status: 'failed', error: errorText(e) });
      }
    },

    async loadOlder() {
      const s = get();
      if (s.loadingOlder || s.status !== 'ready') return;
      const cursor = olderCursor(s.window);
      if (!cursor) return;
      // Search pages only go down: dropping the top would lose the way back, so a search stops at the window's size.
      if (s.activeQuery && windowSize(s.window) >= MAX_WINDOW) {
        if (!s.searchFull) set({ searchFull: true });
        return;
      }
      const mine = gen;
      set({ loadingOlder: true, pageError: null });
      try {
        const page = await fetchPage(cursor, 'older');
        if (mine !== gen) return;
        // The window moved on meanwhile (pages dropped): this page no longer joins it.
        if (olderCursor(get().window) !== cursor) return set({ loadingOlder: false });
        let w = appendOlder(get().window, page);
        if (!get().activeQuery) w = trimWindow(w, 'bottom');
        set({ ...withWindow(w), loadingOlder: false });
      } catch (e) {
        if (mine === gen) set({ loadingOlder: false, pageError: errorText(e) });
      }
    },

    async loadNewer({ live = false } = {}) {
      const s = get();
      if (s.activeQuery || s.loadingNewer || s.status !== 'ready') return;
      // Scrolling up pages towards the top; a push only extends a window that shows the top.
      if (s.window.topReached !== live) return;
      const req = newerRequest(s.window);
      if (!req) {
        // Nothing loaded yet (an empty inbox): the first page is the whole answer.
        if (live && s.window.chunks.length === 0) await get().reload({ quiet: true });
        return;
      }
      const mine = gen;
      set({ loadingNewer: true, pageError: null });
      try {
        const page = await getApi().call('inbox.list', { filter: filter(), cursor: req.cursor, direction: 'newer', limit: PAGE });
        if (mine !== gen) return;
        const now = newerRequest(get().window);
        if (!now || now.cursor !== req.cursor || now.replaceTop !== req.replaceTop) return set({ loadingNewer: false });
        const { window, added } = prependNewer(get().window, page, req.cursor, req.replaceTop);
        set({ ...withWindow(trimWindow(window, 'top')), loadingNewer: false, fresh: live ? get().fresh + added : get().fresh });
      } catch (e) {
        if (mine === gen) set({ loadingNewer: false, pageError: errorText(e) });
      }
    },

    changed(e) {
      if (e.reason === 'ingest' || e.reason === 'import') pendingNewer = true;
      if (!get().active) {
        // Read state changes do not make a list stale; new messages do.
        if (pendingNewer) stale = true;
        pendingNewer = false;
        return;
      }
      if (changedTimer) clearTimeout(changedTimer);
      changedTimer = setTimeout(() => {
        changedTimer = null;
        void get().loadGroups();
        if (pendingNewer) {
          pendingNewer = false;
          void get().loadNewer({ live: true });
          if (get().tab === 'unanswered') void get().loadUnanswered({ quiet: true });
        }
      }, CHANGED_DEBOUNCE_MS);
    },

    workspaceChanged(switched) {
      if (!switched) {
        if (!get().active) {
          stale = true;
          return;
        }
        void get().loadGroups();
        // New messages in a list that is being read arrive through 'inbox.changed' without moving it.
        if (get().window.chunks.length === 0) void get().reload({ quiet: true });
        return;
      }
      stale = true;
      gen++;
      // Another workspace: nothing of this one's search or filters (its groups, its segments) carries over.
      set({ groupId: null, groups: [], totalUnread: 0, groupsLoaded: false, selected: new Set(), cursorId: null, anchorId: null, replyTo: null, unanswered: { ...get().unanswered, items: [], loaded: false }, query: '', activeQuery: '', terms: [], count: null, filters: EMPTY_INBOX_FILTERS, groupSegments: [] });
      useInboxDetailStore.getState().close();
      if (get().active) get().mount();
    },

    async loadGroupSegments() {
      try {
        const groupSegments = await getApi().call('segments.list', { target: 'groups' });
        const f = get().filters;
        // A segment deleted elsewhere leaves the filter.
        const keep = f.groupSegmentId === null || groupSegments.some((x) => x.id === f.groupSegmentId);
        set({ groupSegments });
        if (!keep) get().setFilters({ groupSegmentId: null });
      } catch {
        // The filter simply offers no segments; the list itself is unaffected.
      }
    },
    async loadGroups() {
      const mine = ++groupsSeq;
      try {
        const r = await getApi().call('inbox.groups', {});
        if (mine !== groupsSeq) return;
        // A group that disappeared (archived) cannot stay the filter.
        const groupGone = get().groupId !== null && !r.groups.some((g) => g.id === get().groupId);
        set({ groups: r.groups, totalUnread: r.unread, groupsLoaded: true, groupsError: null });
        if (groupGone) get().setGroup(null);
      } catch (e) {
        if (mine === groupsSeq) set({ groupsError: errorText(e), groupsLoaded: true });
      }
    },

    setTab(tab) {
      set({ tab });
      if (tab === 'unanswered') void get().loadUnanswered({ quiet: get().unanswered.loaded });
    },

    setGroup(groupId) {
      if (groupId === get().groupId) return;
      set({ groupId });
      void get().reload();
      if (get().tab === 'unanswered') void get().loadUnanswered();
    },

    setFilters(patch) {
      set({ filters: { ...get().filters, ...patch } });
      void get().reload();
    },

    clearFilters() {
      set({ filters: EMPTY_INBOX_FILTERS, groupId: null });
      void get().reload();
    },

    setQuery(query) {
      set({ query });
      if (searchTimer) clearTimeout(searchTimer);
      searchTimer = setTimeout(() => {
        searchTimer = null;
        get().submitQuery();
      }, SEARCH_DEBOUNCE_MS);
    },

    submitQuery() {
      if (searchTimer) clearTimeout(searchTimer);
      searchTimer = null;
      const q = get().query.trim().slice(0, 500);
      if (q === get().activeQuery) return;
      set({ activeQuery: q, count: null, terms: [] });
      if (get().tab !== 'all') set({ tab: 'all' });
      void get().reload();
    },

    seenTop() {
      if (get().fresh) set({ fresh: 0 });
    },

    setCursor(id) {
      set({ cursorId: id });
    },

    moveCursor(delta) {
      const id = moveCursor(get().items, get().cursorId, delta);
      set({ cursorId: id });
      return id;
    },

    toggleSelect(id) {
      set({ selected: toggleSelected(get().selected, id), anchorId: id, cursorId: id });
    },

    selectRangeTo(id) {
      const s = get();
      set({ selected: selectRange(s.items, s.selected, s.anchorId ?? s.cursorId, id), anchorId: s.anchorId ?? id, cursorId: id });
    },

    clearSelection() {
      set({ selected: new Set(), anchorId: null });
    },

    async mark(ids, read) {
      if (ids.length === 0) return;
      const touched = get().items.filter((m) => ids.includes(m.id));
      await getApi().call('inbox.mark', { ids, read });
      applyToLoaded(new Set(ids), { unread: !read });
      // Counters move at once; the core's own numbers follow.
      const counters = adjustUnread(get().groups, unreadDeltas(touched, read));
      set({ groups: counters.groups, totalUnread: counters.unread });
      void get().loadGroups();
    },

    async markGroup(groupId, read) {
      const { changed } = await getApi().call('inbox.mark', { groupId, read });
      set(withWindow(patchItems(get().window, (m) => m.groupId === groupId, { unread: !read })));
      const ids = new Set(get().items.filter((m) => m.groupId === groupId).map((m) => m.id));
      useInboxDetailStore.getState().patch(ids, { unread: !read });
      await get().loadGroups();
      return changed;
    },

    async flag(ids, flags) {
      if (ids.length === 0) return;
      await getApi().call('inbox.flag', { ids, ...flags });
      const idSet = new Set(ids);
      const patch: Partial<Pick<MessageDto, 'starred' | 'spam'>> = {};
      if (flags.starred !== undefined) patch.starred = flags.starred;
      if (flags.spam !== undefined) patch.spam = flags.spam;
      applyToLoaded(idSet, patch);
      // Spam is hidden unless asked for: what was just flagged leaves the list, as the filter says.
      if (flags.spam === true && !get().filters.includeSpam) {
        const selected = new Set([...get().selected].filter((id) => !idSet.has(id)));
        set({ ...withWindow(removeItems(get().window, idSet)), selected });
      }
      // Starred only: un-starring keeps the row until the next load, so the reader can undo it.
    },

    async pin(groupId, pinned) {
      await getApi().call('inbox.pin', { groupId, pinned });
      set({ groups: get().groups.map((g) => (g.id === groupId ? { ...g, pinned } : g)) });
      await get().loadGroups();
    },

    reply(id, text) {
      return getApi().call('inbox.reply', { id, text });
    },

    openReply(m) {
      set({ replyTo: m });
    },

    closeReply() {
      set({ replyTo: null });
    },

    async loadUnanswered({ quiet = false } = {}) {
      const mine = ++unansweredSeq;
      const u = get().unanswered;
      set({ unanswered: { ...u, loading: !quiet || !u.loaded, error: null } });
      const groupId = get().groupId;
      try {
        const r = await getApi().call('inbox.unanswered', { withinMinutes: u.withinMinutes, days: 7, limit: 200, sort: u.sort, ...(groupId !== null ? { groupIds: [groupId] } : {}) });
        if (mine === unansweredSeq) set({ unanswered: { ...get().unanswered, items: r.items, loading: false, loaded: true, error: null } });
      } catch (e) {
        if (mine === unansweredSeq) set({ unanswered: { ...get().unanswered, loading: false, loaded: true, error: errorText(e) } });
      }
    },

    setWithinMinutes(minutes) {
      set({ unanswered: { ...get().unanswered, withinMinutes: minutes } });
      void get().loadUnanswered();
    },

    setUnansweredSort(sort) {
      set({ unanswered: { ...get().unanswered, sort } });
      void get().loadUnanswered();
    },
  };
});
