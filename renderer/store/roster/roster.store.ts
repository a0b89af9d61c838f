import { create } from 'zustand';
import type { Res } from '../../../shared/api';
import type { Platform } from '../../../shared/domain/enums';
import type { FieldDefDto, LabelDto, MemberRowDto } from '../../../shared/domain/roster';
import type { SegmentDto } from '../../../shared/domain/segment';
import type { Events } from '../../../shared/events';
import { getApi } from '../../lib/api/client';
import { errorText } from '../../lib/errors';
import {
  bulkTargets,
  DEFAULT_ROSTER_SORT,
  EMPTY_ROSTER_FILTERS,
  moveCursor,
  NO_SELECTION,
  pruneFilters,
  selectRangeTo,
  toggleSelection,
  toRosterFilter,
  type RosterFilters,
  type RosterSelection,
  type RosterSort,
  selectionFilter,
} from './selectors';
import { addPage, EMPTY_WINDOW, endOf, PAGE, stillWanted, trimWindow, wantPage, type PageRequest, type RosterWindow } from './window';

export type BulkAction = { type: 'label'; labelId: number; on: boolean } | { type: 'field'; key: string; value: string | null };
export type ExportResult = Res<'roster.export'>;
export interface GroupOption {
  id: number;
  name: string;
  platform: Platform;
  archived: boolean;
}

interface RosterState {
  /** The Roster page is on screen: pushes reload only what someone is looking at. */
  active: boolean;
  filters: RosterFilters;
  /** What is typed in the search box; it becomes `filters.query` after a pause. */
  query: string;
  sort: RosterSort;

  /** The loaded run of rows (a few pages around what is on screen). */
  window: RosterWindow;
  /** The run's rows (kept alongside so components do not rebuild it). */
  items: MemberRowDto[];
  status: 'idle' | 'loading' | 'ready' | 'failed';
  error: string | null;
  loadingPage: boolean;
  /** Loading a further page failed; the loaded rows stay. */
  pageError: string | null;
  /** Bumped when the list is replaced: the table scrolls back to its top. */
  listKey: number;
  /** Members the filter selects (loaded after the first page; null while unknown). */
  count: number | null;

  selection: RosterSelection;
  anchorId: number | null;
  cursorId: number | null;

  groups: GroupOption[];
  labels: LabelDto[];
  fields: FieldDefDto[];
  segments: SegmentDto[];
  /** When the tags were computed: undefined until known, null when never. */
  asOf: string | null | undefined;

  mount(): void;
  unmount(): void;
  reload(opts?: { quiet?: boolean }): Promise<void>;
  /** Rows [first, last] are on screen: load the page they need, if any, and drop far ones. */
  ensureRows(first: number, last: number): Promise<void>;
  /** After a page failed: try the rows on screen again. */
  retryPage(): void;
  setQuery(query: string): void;
  submitQuery(): void;
  setFilters(patch: Partial<Omit<RosterFilters, 'query'>>): void;
  clearFilters(): void;
  setSort(sort: RosterSort): void;

  toggleSelect(id: number): void;
  selectRangeTo(id: number): void;
  /** The header checkbox: every loaded row, or none. */
  selectLoaded(on: boolean): void;
  selectAllMatching(): void;
  clearSelection(): void;
  setCursor(id: number | null): void;
  moveCursor(delta: number): number | null;

  loadGroups(): Promise<void>;
  loadLabels(): Promise<void>;
  loadFields(): Promise<void>;
  loadSegments(): Promise<void>;
  loadAsOf(): Promise<void>;

  /** Applies an action to the selection; resolves with how many members changed. */
  bulk(action: BulkAction): Promise<number>;
  createLabel(name: string, color: LabelDto['color']): Promise<LabelDto>;
  saveLabel(id: number, name: string, color: LabelDto['color']): Promise<LabelDto>;
  deleteLabel(id: number): Promise<void>;
  mergeLabels(from: number, into: number): Promise<LabelDto>;
  /** A member segment just saved (by the segment editor): listed, and made the filter. Never rejects. */
  showSegment(segment: SegmentDto): Promise<void>;
  deleteSegment(id: number): Promise<void>;
  /** Writes the filtered roster (or the all-selection) to a file and downloads it. */
  exportFiltered(format: 'csv' | 'xlsx'): Promise<ExportResult>;
  /** Exports the selection: the members ticked, or every match but those unticked. */
  exportSelection(format: 'csv' | 'xlsx'): Promise<ExportResult>;

  /** The core's 'roster.changed' push. */
  changed(e: Events['roster.changed']): void;
  /** Another workspace (or new content in this one): start afresh. */
  workspaceChanged(switched: boolean): void;
}

/** A quiet refresh reloads at most this many pages of the run in place. */
const QUIET_PAGES = 10;
const SEARCH_DEBOUNCE_MS = 300;
const CHANGED_DEBOUNCE_MS = 200;

// Every replacement of the list takes a number; answers for an older one are dropped.
let gen = 0;
let searchTimer: ReturnType<typeof setTimeout> | null = null;
let changedTimer: ReturnType<typeof setTimeout> | null = null;
let pendingReasons = new Set<Events['roster.changed']['reason']>();
let stale = true;
// The rows last reported on screen: where paging goes on after a page arrives.
let onScreen = { first: 0, last: 0 };

export const useRosterStore = create<RosterState>((set, get) => {
  const filter = () => toRosterFilter(get().filters);

  const loadCount = async (mine: number) => {
    try {
      const { count } = await getApi().call('roster.count', { filter: filter() });
      if (mine === gen) set({ count });
    } catch {
      // The total is a hint; the rows are what matter and they are on screen.
    }
  };

  const withWindow = (window: RosterWindow) => ({ window, items: window.items });
  const fetchPage = (req: PageRequest) =>
    getApi().call('roster.list', { filter: filter(), sort: get().sort, cursor: req.cursor ?? null, at: req.cursor === undefined ? req.at : 0, limit: PAGE });

  const replaceFilters = (filters: RosterFilters) => {
    set({ filters, selection: NO_SELECTION, anchorId: null });
    void get().reload();
  };

  return {
    active: false,
    filters: EMPTY_ROSTER_FILTERS,
    query: '',
    sort: DEFAULT_ROSTER_SORT,
    window: EMPTY_WINDOW,
    items: [],
    status: 'idle',
    error: null,
    loadingPage: false,
    pageError: null,
    listKey: 0,
    count: null,
    selection: NO_SELECTION,
    anchorId: null,
    cursorId: null,
    groups: [],
    labels: [],
    fields: [],
    segments: [],
    asOf: undefined,

    mount() {
      set({ active: true });
      // Fresh on every visit (and after a workspace switch); pushes keep it current while shown.
      void get().loadGroups();
      void get().loadLabels();
      void get().loadFields();
      void get().loadSegments();
      if (stale || get().status !== 'ready') {
        stale = false;
        void get().reload();
      } else void get().reload({ quiet: true });
      if (get().asOf === undefined) void get().loadAsOf();
    },

    unmount() {
      set({ active: false });
    },

    async reload({ quiet = false } = {}) {
      const mine = ++gen;
      const old = get().window;
      quiet = quiet && get().status === 'ready';
      set({ status: quiet ? 'ready' : 'loading', error: null, pageError: null, loadingPage: false });
      try {
        // A quiet refresh (after a bulk action, a re-tag) reloads the run the reader is looking at, in place, so
        // the table does not jump back to the top under them. A fresh list starts at the head.
        let w: RosterWindow = { ...EMPTY_WINDOW, starts: quiet ? old.starts : new Map() };
        const first: PageRequest = quiet ? { at: old.base, cursor: old.base === 0 ? null : old.starts.get(old.base) } : { at: 0, cursor: null };
        const pages = quiet ? Math.min(QUIET_PAGES, Math.max(1, Math.ceil(old.items.length / PAGE))) : 1;
        for (let i = 0; i < pages && mine === gen; i++) {
          const req: PageRequest = i === 0 ? first : { at: endOf(w), cursor: w.next };
          w = addPage(w, req, await fetchPage(req));
          if (!w.next) break;
        }
        if (mine !== gen) return;
        // A quiet refresh keeps what was selected and where the cursor is, if those rows are still here.
        const keep = (id: number | null) => (quiet && id !== null && w.items.some((m) => m.id === id) ? id : null);
        set({
          ...withWindow(w),
          status: 'ready',
          listKey: quiet ? get().listKey : get().listKey + 1,
          count: w.base === 0 && w.next === null ? w.items.length : quiet ? get().count : null,
          cursorId: keep(get().cursorId),
          ...(quiet ? {} : { selection: NO_SELECTION, anchorId: null }),
        });
        if (w.next !== null || w.base > 0) void loadCount(mine);
        if (quiet) void get().ensureRows(onScreen.first, onScreen.last);
      } catch (e) {
        if (mine === gen) set({ status: 'failed', error: errorText(e) });
      }
    },

    async ensureRows(first, last) {
      onScreen = { first, last };
      const s = get();
      if (s.loadingPage || s.pageError || s.status !== 'ready') return;
      const req = wantPage(s.window, first, last);
      if (!req) {
        const trimmed = trimWindow(s.window, first, last);
        if (trimmed !== s.window) set(withWindow(trimmed));
        return;
      }
      const mine = gen;
      set({ loadingPage: true });
      try {
        const page = await fetchPage(req);
        if (mine !== gen) return;
        const w = get().window;
        if (page.items.length === 0 && req.at > 0) {
          // Past the end: the list shrank since it was counted. Count again; the table shortens.
          set({ loadingPage: false, count: endOf(w) > 0 && w.next === null ? endOf(w) : req.at });
          void loadCount(mine);
          return;
        }
        set({ ...withWindow(stillWanted(w, req) ? trimWindow(addPage(w, req, page), onScreen.first, onScreen.last) : w), loadingPage: false });
        // The reader may have moved on meanwhile: carry on with what is on screen now.
        void get().ensureRows(onScreen.first, onScreen.last);
      } catch (e) {
        if (mine === gen) set({ loadingPage: false, pageError: errorText(e) });
      }
    },

    retryPage() {
      set({ pageError: null });
      void get().ensureRows(onScreen.first, onScreen.last);
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
      const q = get().query.trim().slice(0, 100);
      if (q === get().filters.query) return;
      replaceFilters({ ...get().filters, query: q });
    },

    setFilters(patch) {
      replaceFilters({ ...get().filters, ...patch });
    },

    clearFilters() {
      if (searchTimer) clearTimeout(searchTimer);
      searchTimer = null;
      set({ query: '' });
      replaceFilters(EMPTY_ROSTER_FILTERS);
    },

    setSort(sort) {
      set({ sort });
      void get().reload();
    },

    toggleSelect(id) {
      set({ selection: toggleSelection(get().selection, id), anchorId: id, cursorId: id });
    },

    selectRangeTo(id) {
      set({ selection: selectRangeTo(get().selection, get().items, get().anchorId, id), anchorId: id, cursorId: id });
    },

    selectLoaded(on) {
      set({ selection: on ? { all: false, ids: new Set(get().items.map((m) => m.id)) } : NO_SELECTION, anchorId: null });
    },

    selectAllMatching() {
      set({ selection: { all: true, ids: new Set() } });
    },

    clearSelection() {
      set({ selection: NO_SELECTION, anchorId: null });
    },

    setCursor(id) {
      set({ cursorId: id });
    },

    moveCursor(delta) {
      const id = moveCursor(get().items, get().cursorId, delta);
      set({ cursorId: id });
      return id;
    },

    async loadGroups() {
      try {
        const groups = await getApi().call('groups.list', { archived: 'all' });
        const options = groups.map((g) => ({ id: g.id, name: g.name, platform: g.platform, archived: g.archived }));
        set({ groups: options });
        const pruned = pruneFilters(get().filters, { groupIds: options.map((g) => g.id) });
        if (pruned !== get().filters) replaceFilters(pruned);
      } catch {
        // The picker stays empty; the roster itself still loads.
      }
    },

    async loadLabels() {
      try {
        const labels = await getApi().call('roster.labels', {});
        set({ labels });
        const pruned = pruneFilters(get().filters, { labelIds: labels.map((l) => l.id) });
        if (pruned !== get().filters) replaceFilters(pruned);
      } catch {
        // shown as "no labels"; the next change retries
      }
    },

    async loadFields() {
      try {
        set({ fields: await getApi().call('roster.fields', {}) });
      } catch {
        // the built-in columns still show
      }
    },

    async loadSegments() {
      try {
        const segments = await getApi().call('segments.list', { target: 'members' });
        set({ segments });
        const pruned = pruneFilters(get().filters, { segmentIds: segments.map((s) => s.id) });
        if (pruned !== get().filters) replaceFilters(pruned);
      } catch {
        // the picker stays as it was
      }
    },

    async loadAsOf() {
      // The contract reports the tags' moment with a member's detail: any member will do.
      try {
        const first = get().items[0] ?? (await getApi().call('roster.list', { limit: 1 })).items[0];
        if (!first) return set({ asOf: null });
        const d = await getApi().call('roster.get', { id: first.id });
        set({ asOf: d.asOf });
      } catch {
        // unknown: the banner waits for the next re-tag
      }
    },

    async bulk(action) {
      const targets = bulkTargets(get().selection, filter());
      if (!targets) return 0;
      const { changed } = await getApi().call('roster.bulk', { targets, action });
      // The 'roster.changed' push refreshes the rows and the label counts.
      return changed;
    },

    async createLabel(name, color) {
      const label = await getApi().call('roster.saveLabel', { name, color });
      await get().loadLabels();
      return label;
    },

    async saveLabel(id, name, color) {
      const label = await getApi().call('roster.saveLabel', { id, name, color });
      await get().loadLabels();
      return label;
    },

    async deleteLabel(id) {
      await getApi().call('roster.deleteLabel', { id });
      await get().loadLabels();
      void get().reload({ quiet: true });
    },

    async mergeLabels(from, into) {
      const label = await getApi().call('roster.mergeLabels', { from, into });
      await get().loadLabels();
      void get().reload({ quiet: true });
      return label;
    },

    async showSegment(segment) {
      await get().loadSegments(); // never rejects: a failed list keeps the picker as it was
      // The saved segment becomes the filter: the operator sees who it selects at once.
      replaceFilters({ ...get().filters, segmentId: segment.id });
    },

    async deleteSegment(id) {
      await getApi().call('segments.delete', { id });
      await get().loadSegments();
    },

    async exportFiltered(format) {
      const r = await getApi().call('roster.export', { filter: filter(), sort: get().sort, format });
      await getApi().download(r.fileId, r.name);
      return r;
    },

    async exportSelection(format) {
      const s = get();
      const r = await getApi().call('roster.export', { filter: selectionFilter(s.selection, filter()), sort: s.sort, format });
      await getApi().download(r.fileId, r.name);
      return r;
    },

    changed(e) {
      pendingReasons.add(e.reason);
      if (!get().active) {
        stale = true;
        if (e.reason === 'retag') set({ asOf: undefined });
        return;
      }
      if (changedTimer) clearTimeout(changedTimer);
      changedTimer = setTimeout(() => {
        changedTimer = null;
        const reasons = pendingReasons;
        pendingReasons = new Set();
        if (reasons.has('labels') || reasons.has('fields')) void get().loadLabels();
        if (reasons.has('fields')) void get().loadFields();
        if (reasons.has('retag')) void get().loadAsOf();
        void get().reload({ quiet: true });
      }, CHANGED_DEBOUNCE_MS);
    },

    workspaceChanged(switched) {
      stale = true;
      if (!switched) {
        if (get().active) get().mount();
        return;
      }
      gen++;
      set({ filters: EMPTY_ROSTER_FILTERS, query: '', ...withWindow(EMPTY_WINDOW), status: 'idle', count: null, selection: NO_SELECTION, anchorId: null, cursorId: null, groups: [], labels: [], segments: [], asOf: undefined });
      if (get().active) get().mount();
    },
  };
});
