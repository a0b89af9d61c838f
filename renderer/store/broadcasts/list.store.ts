import { create } from 'zustand';
import type { BroadcastRowDto } from '../../../shared/api/broadcasts';
import type { Unsubscribe } from '../../../shared/events';
import { getApi } from '../../lib/api/client';
import { errorText } from '../../lib/errors';
import { throttle } from './selectors';

interface BroadcastListState {
  items: BroadcastRowDto[];
  loading: boolean;
  /** Set once the list has been read: the empty state waits for it. */
  loaded: boolean;
  /** Why the list could not be read, in the user's language. */
  error: string | null;
  load(opts?: { quiet?: boolean }): Promise<void>;
  /**
   * While the page is open: progress events (a robot sent, a tick, a cancel) and workspace
   * changes reload the list quietly, at most about once a second. Returns the unsubscribe.
   */
  watch(): Unsubscribe;
}

/** How often a stream of progress events may reload the list. */
export const LIST_RELOAD_MS = 1_000;

// Each load takes a number; only the newest may write (a slow answer from before a workspace
// switch must not put the other workspace's broadcasts back).
let seq = 0;

/** The broadcasts page's list: newest first, with each broadcast's counts per target status. */
export const useBroadcastListStore = create<BroadcastListState>((set, get) => ({
  items: [],
  loading: false,
  loaded: false,
  error: null,

  async load({ quiet = false } = {}) {
    const mine = ++seq;
    if (!quiet) set({ loading: true });
    try {
      const items = await getApi().call('broadcasts.list', { limit: 100 });
      if (mine === seq) set({ items, loading: false, loaded: true, error: null });
    } catch (e) {
      if (mine === seq) set({ loading: false, loaded: true, error: errorText(e) });
    }
  },

  watch() {
    const reload = throttle(() => void get().load({ quiet: true }), LIST_RELOAD_MS);
    const offProgress = getApi().on('broadcast.progress', () => reload.call());
    const offWorkspace = getApi().on('workspace.changed', () => reload.call());
    return () => {
      offProgress();
      offWorkspace();
      reload.cancel();
    };
  },
}));
