import { create } from 'zustand';
import type { Res } from '../../../shared/api';
import type { Platform } from '../../../shared/domain/enums';
import type { FieldDefDto, LabelDto, MemberRowDto } from '../../../shared/domain/roster';
import type { SegmentDefinition, SegmentDto } from '../../../shared/domain/segment';
import type { Events } from '../../../shared/events';
import i18n from '../../i18n';
import { getApi, saveBlob } from '../../lib/api/client';
import { errorText } from '../../lib/errors';
import {
  appendPage,
  bulkTargets,
  selectedRowsCsv,
  DEFAULT_ROSTER_SORT,
  EMPTY_ROSTER_FILTERS,
  MAX_LOADED,
  moveCursor,
  NO_SELECTION,
  pruneFilters,
  selectRangeTo,
  toggleSelection,
  toRosterFilter,
  type RosterFilters,
  type RosterSelection,
  type RosterSort,
  isBuiltinField,
  isMotive,
} from './selectors';

export type BulkAction = { type: 'label'; labelId: number; on: boolean } | { type: 'field'; key: string; value: string | null };
export type RetagResult = Res<'roster.retag'>;
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

  items: MemberRowDto[];
  next: string | null;
  status: 'idle' | 'loading' | 'ready' | 'failed';
  error: string | null;
  loadingMore: boolean;
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
  retagging: boolean;

  mount(): void;
  unmount(): void;
  reload(opts?: { quiet?: boolean }): Promise<void>;
  loadMore(): Promise<void>;
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
  saveSegment(name: string, definition: SegmentDefinition, id?: number): Promise<SegmentDto>;
  deleteSegment(id: number): Promise<void>;
  countDefinition(definition: SegmentDefinition): Promise<number>;
  /** Writes the filtered roster (or the all-selection) to a file and downloads it. */
  exportFiltered(format: 'csv' | 'xlsx'): Promise<ExportResult>;
  /**
   * Exports the selection: an all-selection is the filter (the core writes CSV or XLSX); members
   * ticked one by one are written here as CSV from their loaded rows, since the contract's
   * export takes a filter and no filter names members by id.
   */
  exportSelection(format: 'csv' | 'xlsx'): Promise<{ rows: number; name: string }>;
  retag(asOf?: string): Promise<RetagResult>;

  /** The core's 'roster.changed' push. */
  changed(e: Events['roster.changed']): void;
  /** Another workspace (or new content in this one): start afresh. */
  workspaceChanged(switched: boolean): void;
}

const PAGE = 200;
const MAX_PAGE = 500;
const QUIET_MAX = 2000;
const SEARCH_DEBOUNCE_MS = 300;
const CHANGED_DEBOUNCE_MS = 200;

// Every replacement of the list takes a number; answers for an older one are dropped.
let gen = 0;
let searchTimer: ReturnType<typeof setTimeout> | null = null;
let changedTimer: ReturnType<typeof setTimeout> | null = null;
let pendingReasons = new Set<Events['roster.changed']['reason']>();
let stale = true;

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

  const replaceFilters = (filters: RosterFilters) => {
    set({ filters, selection: NO_SELECTION, anchorId: null });
    void get().reload();
  };

  return {
    active: false,
    filters: EMPTY_ROSTER_FILTERS,
    query: '',
    sort: DEFAULT_ROSTER_SORT,
    items: [],
    next: null,
    status: 'idle',
    error: null,
    loadingMore: false,
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
    retagging: false,

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
      set({ status: quiet && get().status === 'ready' ? 'ready' : 'loading', error: null, pageError: null, loadingMore: false });
      try {
        // A quiet refresh (after a bulk action, a re-tag) reloads as many rows as the reader had, up to a few pages,
        // so the table does not jump back to the top under them.
        const want = quiet ? Math.min(Math.max(get().items.length, PAGE), QUIET_MAX) : PAGE;
        let page = await getApi().call('roster.list', { filter: filter(), sort: get().sort, cursor: null, limit: Math.min(want, MAX_PAGE) });
        while (page.next && page.items.length < want && mine === gen) {
          const more = await getApi().call('roster.list', { filter: filter(), sort: get().sort, cursor: page.next, limit: Math.min(want - page.items.length, MAX_PAGE) });
          page = { items: appendPage(page.items, more.items), next: more.next };
        }
        if (mine !== gen) return;
        // A quiet refresh keeps what was selected and where the cursor is, if those rows are still here.
        const keep = (id: number | null) => (quiet && id !== null && page.items.some((m) => m.id === id) ? id : null);
        set({
          items: page.items,
          next: page.next,
          status: 'ready',
          listKey: quiet ? get().listKey : get().listKey + 1,
          count: page.next === null ? page.items.length : quiet ? get().count : null,
          cursorId: keep(get().cursorId),
          ...(quiet ? {} : { selection: NO_SELECTION, anchorId: null }),
        });
        if (page.next !== null) void loadCount(mine);
      } catch (e) {
        if (mine === gen) set({ status: 'failed', error: errorText(e) });
      }
    },

    async loadMore() {
      const s = get();
      if (s.loadingMore || s.status !== 'ready' || !s.next || s.items.length >= MAX_LOADED) return;
      const mine = gen;
      const cursor = s.next;
      set({ loadingMore: true, pageError: null });
      try {
        const page = await getApi().call('roster.list', { filter: filter(), sort: get().sort, cursor, limit: PAGE });
        if (mine !== gen || get().next !== cursor) return set({ loadingMore: false });
        set({ items: appendPage(get().items, page.items), next: page.next, loadingMore: false });
      } catch (e) {
        if (mine === gen) set({ loadingMore: false, pageError: errorText(e) });
      }
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
      set({ selection: toggleSelection(get().selection, id, get().items), anchorId: id, cursorId: id });
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

    async saveSegment(name, definition, id) {
      const segment = await getApi().call('segments.save', { name, definition, ...(id !== undefined ? { id } : {}) });
      await get().loadSegments();
      // The saved segment becomes the filter: the operator sees who it selects at once.
      replaceFilters({ ...get().filters, segmentId: segment.id });
      return segment;
    },

    async deleteSegment(id) {
      await getApi().call('segments.delete', { id });
      await get().loadSegments();
    },

    async countDefinition(definition) {
      return (await getApi().call('segments.count', { definition })).count;
    },

    async exportFiltered(format) {
      const r = await getApi().call('roster.export', { filter: filter(), sort: get().sort, format });
      await getApi().download(r.fileId, r.name);
      return r;
    },

    async exportSelection(format) {
      const s = get();
      if (s.selection.all) return get().exportFiltered(format);
      const t = i18n.t.bind(i18n);
      const csv = selectedRowsCsv(s.items, s.selection.ids, {
        labels: s.labels,
        fields: s.fields,
        header: (key) => t(key),
        tagName: (tag) => t(`roster.tag.${tag}`),
        fieldName: (f) => (f.builtin && isBuiltinField(f.key) ? t(`roster.field.${f.key}`) : f.label || f.key),
        optionName: (f, v) => (f.builtin && f.key === 'motive' && isMotive(v) ? t(`roster.motive.${v}`) : v),
      });
      const name = `${t('roster.title')}-${csv.rows}.csv`;
      saveBlob(new Blob([csv.text], { type: 'text/csv;charset=utf-8' }), name);
      return { rows: csv.rows, name };
    },

    async retag(asOf) {
      set({ retagging: true });
      try {
        const r = await getApi().call('roster.retag', asOf ? { asOf } : {});
        set({ asOf: r.asOf });
        return r;
      } finally {
        set({ retagging: false });
      }
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
      set({ filters: EMPTY_ROSTER_FILTERS, query: '', items: [], next: null, status: 'idle', count: null, selection: NO_SELECTION, anchorId: null, cursorId: null, groups: [], labels: [], segments: [], asOf: undefined });
      if (get().active) get().mount();
    },
  };
});
