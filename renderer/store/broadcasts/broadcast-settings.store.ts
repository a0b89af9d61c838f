import { create } from 'zustand';
import { DEFAULT_BROADCAST_SETTINGS, type BroadcastSettings } from '../../../shared/api/broadcasts';
import { getApi } from '../../lib/api/client';
import { errorText } from '../../lib/errors';

interface BroadcastSettingsState {
  saved: BroadcastSettings | null;
  draft: BroadcastSettings;
  loadError: string | null;
  saving: boolean;
  load(): Promise<void>;
  edit(patch: Partial<BroadcastSettings>): void;
  reset(): void;
  /** Throws the core's error (in the user's language) for the card to show. */
  save(): Promise<BroadcastSettings>;
}

/** Settings → 群发规则: the caps every broadcast plan applies (per group per day, quiet hours, second confirmation). */
export const useBroadcastSettingsStore = create<BroadcastSettingsState>((set, get) => ({
  saved: null,
  draft: DEFAULT_BROADCAST_SETTINGS,
  loadError: null,
  saving: false,
  async load() {
    try {
      const saved = await getApi().call('broadcasts.settings', {});
      set({ saved, draft: saved, loadError: null });
    } catch (e) {
      set({ loadError: errorText(e) });
    }
  },
  edit(patch) {
    set((s) => ({ draft: { ...s.draft, ...patch } }));
  },
  reset() {
    set({ draft: DEFAULT_BROADCAST_SETTINGS });
  },
  async save() {
    set({ saving: true });
    try {
      const saved = await getApi().call('broadcasts.setSettings', { settings: get().draft });
      set({ saved, draft: saved });
      return saved;
    } finally {
      set({ saving: false });
    }
  },
}));

export const settingsChanged = (a: BroadcastSettings | null, b: BroadcastSettings): boolean =>
  !a || a.perGroupPerDay !== b.perGroupPerDay || a.quietStart !== b.quietStart || a.quietEnd !== b.quietEnd || a.confirmOver !== b.confirmOver;
