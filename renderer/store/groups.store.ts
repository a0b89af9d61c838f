import { create } from 'zustand';
import type { ListGroupsReq } from '../../shared/api/groups';
import type { GroupType, LifecycleStage, Platform } from '../../shared/domain/enums';
import type { GroupDto, GroupInput } from '../../shared/domain/group';
import { getApi } from '../lib/api/client';

export interface GroupFilters {
  query: string;
  platforms: Platform[];
  groupTypes: GroupType[];
  stages: LifecycleStage[];
  archived: 'active' | 'archived' | 'all';
}

export const EMPTY_FILTERS: GroupFilters = { query: '', platforms: [], groupTypes: [], stages: [], archived: 'active' };

interface GroupsState {
  items: GroupDto[];
  filters: GroupFilters;
  loading: boolean;
  error: string | null;
  /** Bumps on every load so a slow answer never overwrites a newer one. */
  seq: number;
  load(): Promise<void>;
  setFilters(patch: Partial<GroupFilters>): void;
  create(input: GroupInput): Promise<GroupDto>;
  update(id: number, input: GroupInput): Promise<GroupDto>;
  setArchived(id: number, archived: boolean): Promise<GroupDto>;
}

/** Pure: the request for the current filters (empty filters are left out). */
export function toListRequest(f: GroupFilters): ListGroupsReq {
  const req: ListGroupsReq = { archived: f.archived };
  if (f.query.trim()) req.query = f.query.trim();
  if (f.platforms.length) req.platforms = f.platforms;
  if (f.groupTypes.length) req.groupTypes = f.groupTypes;
  if (f.stages.length) req.stages = f.stages;
  return req;
}

export function hasFilters(f: GroupFilters): boolean {
  return !!f.query.trim() || f.platforms.length > 0 || f.groupTypes.length > 0 || f.stages.length > 0 || f.archived !== 'active';
}

export const useGroupsStore = create<GroupsState>((set, get) => ({
  items: [],
  filters: EMPTY_FILTERS,
  loading: false,
  error: null,
  seq: 0,

  async load() {
    const seq = get().seq + 1;
    set({ seq, loading: true });
    try {
      const items = await getApi().call('groups.list', toListRequest(get().filters));
      if (get().seq === seq) set({ items, loading: false, error: null });
    } catch (e) {
      if (get().seq === seq) set({ loading: false, error: (e as Error).message });
    }
  },

  setFilters(patch) {
    set({ filters: { ...get().filters, ...patch } });
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
