import { create } from 'zustand';
import type { GroupDto, GroupInput } from '../../../shared/domain/group';
import type { SegmentDto } from '../../../shared/domain/segment';
import { getApi } from '../../lib/api/client';
import { EMPTY_FILTERS, pruneSegment, toListRequest, type GroupFilters } from './selectors';

/** A group as the segment editor's "specific groups" picker offers it. */
export interface GroupOption {
  id: number;
  name: string;
  archived: boolean;
}

interface GroupsState {
  items: GroupDto[];
  filters: GroupFilters;
  loading: boolean;
  error: string | null;
  /** Set once the list has been shown; pushes only reload a list someone has looked at. */
  loaded: boolean;
  /** `quiet`: a background refresh, so the table does not flash a spinner at every push. */
  load(opts?: { quiet?: boolean }): Promise<void>;
  /** Reloads soon if the list has been shown; a burst of changes makes one request. */
  scheduleReload(): void;
  /** Typing in the search box: the text shows at once, the request waits for a pause. */
  setQuery(query: string): void;
  setFilters(patch: Partial<Omit<GroupFilters, 'query'>>): void;
  clearFilters(): void;
  create(input: GroupInput): Promise<GroupDto>;
  update(id: number, input: GroupInput): Promise<GroupDto>;
  setArchived(id: number, archived: boolean): Promise<GroupDto>;

  /** Saved group segments, for the toolbar's segment filter. */
  segments: SegmentDto[];
  loadSegments(): Promise<void>;
  /** A group segment just saved (by the segment editor): listed, and made the filter. Never rejects. */
  showSegment(segment: SegmentDto): Promise<void>;
  deleteSegment(id: number): Promise<void>;
  /** Every group, archived ones too, whatever the table's filters: the segment editor's group picker. */
  options: GroupOption[];
  loadOptions(): Promise<void>;
}

const SEARCH_DEBOUNCE_MS = 250;
const RELOAD_DEBOUNCE_MS = 100;

// Each load takes a number; only the newest may write, so a slow answer for an old filter
// never replaces the answer for the current one.
let seq = 0;
let searchTimer: ReturnType<typeof setTimeout> | null = null;
let reloadTimer: ReturnType<typeof setTimeout> | null = null;

export const useGroupsStore = create<GroupsState>((set, get) => ({
  items: [],
  filters: EMPTY_FILTERS,
  loading: false,
  error: null,
  loaded: false,
  segments: [],
  options: [],

  async load({ quiet = false } = {}) {
    const mine = ++seq;
    if (!quiet) set({ loading: true });
    try {
      // A segment filter may name a segment deleted elsewhere or one of another workspace (after a
      // switch): check it against the current list first, so the table does not turn into an error.
      if (get().filters.segmentId !== null) await get().loadSegments();
      if (mine !== seq) return;
      const items = await getApi().call('groups.list', toListRequest(get().filters));
      if (mine === seq) set({ items, loading: false, error: null, loaded: true });
    } catch (e) {
      if (mine === seq) set({ loading: false, error: (e as Error).message, loaded: true });
    }
  },

  scheduleReload() {
    if (!get().loaded) return;
    if (reloadTimer) clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      void get().load({ quiet: true });
      // After a workspace switch the segment picker must offer this workspace's segments.
      get().loadSegments().catch(() => undefined);
    }, RELOAD_DEBOUNCE_MS);
  },

  setQuery(query) {
    set({ filters: { ...get().filters, query } });
    if (searchTimer) clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      searchTimer = null;
      void get().load();
    }, SEARCH_DEBOUNCE_MS);
  },

  setFilters(patch) {
    set({ filters: { ...get().filters, ...patch } });
    void get().load();
  },

  clearFilters() {
    if (searchTimer) clearTimeout(searchTimer);
    set({ filters: EMPTY_FILTERS });
    void get().load();
  },

  async create(input) {
    const group = await getApi().call('groups.create', { input });
    await get().load();
    return group;
  },

  async update(id, input) {
    const group = await getApi().call('groups.update', { id, input });
    await get().load();
    return group;
  },

  async setArchived(id, archived) {
    const group = await getApi().call(archived ? 'groups.archive' : 'groups.unarchive', { id });
    await get().load();
    return group;
  },

  async loadSegments() {
    const segments = await getApi().call('segments.list', { target: 'groups' });
    const filters = pruneSegment(get().filters, segments.map((s) => s.id));
    set(filters === get().filters ? { segments } : { segments, filters });
  },

  async showSegment(segment) {
    await get().loadSegments().catch(() => undefined); // the list catches up on the next load
    // The saved segment becomes the filter: the operator sees at once which groups it selects.
    set({ filters: { ...get().filters, segmentId: segment.id } });
    void get().load();
  },

  async deleteSegment(id) {
    await getApi().call('segments.delete', { id });
    if (get().filters.segmentId === id) set({ filters: { ...get().filters, segmentId: null } });
    await get().loadSegments().catch(() => undefined);
    void get().load();
  },

  async loadOptions() {
    const groups = await getApi().call('groups.list', { archived: 'all' });
    set({ options: groups.map((g) => ({ id: g.id, name: g.name, archived: g.archived })).sort((a, b) => Number(a.archived) - Number(b.archived) || a.name.localeCompare(b.name)) });
  },
}));
