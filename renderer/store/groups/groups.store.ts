import { create } from 'zustand';
import type { GroupDto, GroupInput } from '../../../shared/domain/group';
import { getApi } from '../../lib/api/client';
import { EMPTY_FILTERS, toListRequest, type GroupFilters } from './selectors';

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

  async load({ quiet = false } = {}) {
    const mine = ++seq;
    if (!quiet) set({ loading: true });
    try {
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
}));
