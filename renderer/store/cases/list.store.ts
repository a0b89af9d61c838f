import { create } from 'zustand';
import type { CaseExportResult, CaseSummaryDto, CaseTagKind } from '../../../shared/api/cases';
import type { InboxGroupDto } from '../../../shared/domain/message';
import type { Unsubscribe } from '../../../shared/events';
import { getApi } from '../../lib/api/client';
import { errorText } from '../../lib/errors';
import { bookRequest, checkedInOrder, EMPTY_CASE_FILTERS, toListRequest, type BookFormat, type CaseFilters } from './selectors';

export type CaseTagCount = { kind: CaseTagKind; tag: string; count: number };

interface CaseListState {
  filters: CaseFilters;
  items: CaseSummaryDto[];
  next: string | null;
  loading: boolean;
  loadingMore: boolean;
  /** Set once the list has been read: the empty state waits for it. */
  loaded: boolean;
  error: string | null;
  tags: CaseTagCount[];
  /** Groups for the group filter and the editor's source group. */
  groups: InboxGroupDto[];
  /** Cases ticked for an archive book. */
  checked: ReadonlySet<number>;
  /** Archive-wide: refuse exports that show words without consent. */
  requireConsent: boolean;

  load(opts?: { quiet?: boolean }): Promise<void>;
  loadMore(): Promise<void>;
  loadTags(): Promise<void>;
  loadGroups(): Promise<void>;
  loadSettings(): Promise<void>;
  setRequireConsent(on: boolean): Promise<void>;
  setFilters(patch: Partial<CaseFilters>): void;
  /** Typing in the search box: the list follows after a short pause. */
  setQuery(query: string): void;
  clearFilters(): void;
  toggleChecked(id: number): void;
  setChecked(ids: readonly number[]): void;
  duplicate(id: number): Promise<number>;
  remove(id: number): Promise<void>;
  exportBook(pick: { ids: readonly number[] } | { tag: string }, format: BookFormat, title?: string): Promise<CaseExportResult>;
  /** Workspace switches and case edits elsewhere reload the list quietly. Returns the unsubscribe. */
  watch(): Unsubscribe;
}

const PAGE = 100;
const QUERY_DEBOUNCE_MS = 300;

// Each replacement of the list takes a number; answers for an older one are dropped.
let seq = 0;
let queryTimer: ReturnType<typeof setTimeout> | null = null;

/** 案例: the archive, newest first, with the filters, the ticked cases and the consent setting. */
export const useCaseListStore = create<CaseListState>((set, get) => ({
  filters: EMPTY_CASE_FILTERS,
  items: [],
  next: null,
  loading: false,
  loadingMore: false,
  loaded: false,
  error: null,
  tags: [],
  groups: [],
  checked: new Set(),
  requireConsent: false,

  async load({ quiet = false } = {}) {
    const mine = ++seq;
    if (!quiet) set({ loading: true });
    try {
      const r = await getApi().call('cases.list', toListRequest(get().filters, null, PAGE));
      if (mine !== seq) return;
      // Ticks stay on cases still listed.
      const listed = new Set(r.items.map((c) => c.id));
      const checked = new Set([...get().checked].filter((id) => listed.has(id)));
      set({ items: r.items, next: r.next, loading: false, loadingMore: false, loaded: true, error: null, checked });
    } catch (e) {
      if (mine === seq) set({ loading: false, loaded: true, error: errorText(e) });
    }
  },

  async loadMore() {
    const { next, loadingMore, loading } = get();
    if (!next || loadingMore || loading) return;
    const mine = seq;
    set({ loadingMore: true });
    try {
      const r = await getApi().call('cases.list', toListRequest(get().filters, next, PAGE));
      if (mine !== seq) return;
      const have = new Set(get().items.map((c) => c.id));
      set({ items: [...get().items, ...r.items.filter((c) => !have.has(c.id))], next: r.next, loadingMore: false });
    } catch (e) {
      if (mine === seq) set({ loadingMore: false, error: errorText(e) });
    }
  },

  async loadTags() {
    try {
      const r = await getApi().call('cases.tags', {});
      set({ tags: r.tags });
    } catch {
      // The tag filter offers nothing; the list itself is unaffected.
    }
  },

  async loadGroups() {
    try {
      const r = await getApi().call('inbox.groups', {});
      set({ groups: r.groups });
    } catch {
      // The group filter offers nothing; the list itself is unaffected.
    }
  },

  async loadSettings() {
    try {
      const s = await getApi().call('cases.settings', {});
      set({ requireConsent: s.requireConsent });
    } catch {
      // Keeps the default (warn); the core checks again at export time.
    }
  },

  async setRequireConsent(on) {
    const s = await getApi().call('cases.setSettings', { requireConsent: on });
    set({ requireConsent: s.requireConsent });
  },

  setFilters(patch) {
    set({ filters: { ...get().filters, ...patch } });
    void get().load();
  },

  setQuery(query) {
    set({ filters: { ...get().filters, query } });
    if (queryTimer) clearTimeout(queryTimer);
    queryTimer = setTimeout(() => {
      queryTimer = null;
      void get().load();
    }, QUERY_DEBOUNCE_MS);
  },

  clearFilters() {
    if (queryTimer) clearTimeout(queryTimer);
    queryTimer = null;
    set({ filters: EMPTY_CASE_FILTERS });
    void get().load();
  },

  toggleChecked(id) {
    const checked = new Set(get().checked);
    if (checked.has(id)) checked.delete(id);
    else checked.add(id);
    set({ checked });
  },

  setChecked(ids) {
    set({ checked: new Set(ids) });
  },

  async duplicate(id) {
    const c = await getApi().call('cases.duplicate', { id });
    await get().load({ quiet: true });
    void get().loadTags();
    return c.id;
  },

  async remove(id) {
    await getApi().call('cases.delete', { id });
    const checked = new Set(get().checked);
    checked.delete(id);
    set({ items: get().items.filter((c) => c.id !== id), checked });
    void get().load({ quiet: true });
    void get().loadTags();
  },

  async exportBook(pick, format, title) {
    const req = bookRequest('ids' in pick ? { ids: checkedInOrder(get().items, new Set(pick.ids)) } : pick, format, title);
    const r = await getApi().call('cases.exportBook', req);
    await getApi().download(r.fileId, r.name);
    return r;
  },

  watch() {
    const off = getApi().on('workspace.changed', () => {
      set({ checked: new Set() });
      void get().load({ quiet: true });
      void get().loadTags();
      void get().loadGroups();
      void get().loadSettings();
    });
    return () => {
      off();
      if (queryTimer) clearTimeout(queryTimer);
      queryTimer = null;
    };
  },
}));
