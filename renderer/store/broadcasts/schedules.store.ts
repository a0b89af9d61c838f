import { create } from 'zustand';
import type { ScheduleDto } from '../../../shared/api/broadcasts';
import { getApi } from '../../lib/api/client';
import { errorText } from '../../lib/errors';

interface SchedulesState {
  items: ScheduleDto[];
  error: string | null;
  /** The schedule whose pause/delete is under way. */
  busy: number | null;
  load(): Promise<void>;
  setPaused(id: number, paused: boolean): Promise<void>;
  remove(id: number): Promise<void>;
}

let seq = 0;

/** Recurring broadcasts: each occurrence becomes an ordinary broadcast (with its report) when due. */
export const useSchedulesStore = create<SchedulesState>((set, get) => {
  const act = async (id: number, run: () => Promise<unknown>) => {
    set({ busy: id, error: null });
    try {
      await run();
      await get().load();
    } catch (e) {
      set({ error: errorText(e) });
    } finally {
      set({ busy: null });
    }
  };
  return {
    items: [],
    error: null,
    busy: null,
    async load() {
      const mine = ++seq;
      try {
        const items = await getApi().call('broadcasts.listSchedules', {});
        if (mine === seq) set({ items, error: null });
      } catch (e) {
        if (mine === seq) set({ error: errorText(e) });
      }
    },
    setPaused: (id, paused) => act(id, () => getApi().call('broadcasts.setSchedulePaused', { id, paused })),
    remove: (id) => act(id, () => getApi().call('broadcasts.deleteSchedule', { id })),
  };
});
