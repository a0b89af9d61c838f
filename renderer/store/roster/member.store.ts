import { create } from 'zustand';
import type { MemberDetailDto } from '../../../shared/api/roster';
import type { AutoTag, NoteDto } from '../../../shared/domain/roster';
import { getApi } from '../../lib/api/client';
import { errorText } from '../../lib/errors';
import { useRosterStore } from './roster.store';

interface MemberState {
  openId: number | null;
  detail: MemberDetailDto | null;
  loading: boolean;
  error: string | null;
  open(id: number): Promise<void>;
  close(): void;
  /** Re-reads the open member (a push, or after our own change). */
  refresh(): Promise<void>;
  setOverride(groupId: number, tag: AutoTag, state: 'on' | 'off' | null): Promise<void>;
  setLabel(labelId: number, on: boolean): Promise<void>;
  setFields(values: Record<string, string | null>): Promise<void>;
  addNote(text: string): Promise<NoteDto>;
  deleteNote(id: number): Promise<void>;
}

// Answers for a member that is no longer open are dropped.
let seq = 0;

/** The member drawer: one member's detail, and the edits made from it. */
export const useMemberStore = create<MemberState>((set, get) => {
  const load = async (id: number, quiet: boolean) => {
    const mine = ++seq;
    if (!quiet) set({ loading: true, error: null });
    try {
      const detail = await getApi().call('roster.get', { id });
      if (mine === seq && get().openId === id) set({ detail, loading: false, error: null });
    } catch (e) {
      if (mine === seq && get().openId === id) set({ loading: false, error: errorText(e) });
    }
  };
  const openId = () => {
    const id = get().openId;
    if (id === null) throw new Error('no member is open');
    return id;
  };

  return {
    openId: null,
    detail: null,
    loading: false,
    error: null,

    async open(id) {
      if (get().openId === id && get().detail) return;
      set({ openId: id, detail: null });
      await load(id, false);
    },

    close() {
      seq++;
      set({ openId: null, detail: null, loading: false, error: null });
    },

    async refresh() {
      const id = get().openId;
      if (id !== null) await load(id, true);
    },

    async setOverride(groupId, tag, state) {
      await getApi().call('roster.setOverride', { memberId: openId(), groupId, tag, state });
      await get().refresh();
    },

    async setLabel(labelId, on) {
      await getApi().call('roster.bulk', { targets: { ids: [openId()] }, action: { type: 'label', labelId, on } });
      await get().refresh();
    },

    async setFields(values) {
      if (Object.keys(values).length === 0) return;
      await getApi().call('roster.setFields', { memberId: openId(), values });
      // roster.setFields sends no 'roster.changed': the table's field columns are refreshed here.
      if (useRosterStore.getState().active) void useRosterStore.getState().reload({ quiet: true });
      await get().refresh();
    },

    async addNote(text) {
      const note = await getApi().call('roster.addNote', { memberId: openId(), text });
      await get().refresh();
      return note;
    },

    async deleteNote(id) {
      await getApi().call('roster.deleteNote', { id });
      await get().refresh();
    },
  };
});
