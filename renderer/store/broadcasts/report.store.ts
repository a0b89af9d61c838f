import { create } from 'zustand';
import type { ReportDto, TargetDto } from '../../../shared/api/broadcasts';
import type { Unsubscribe } from '../../../shared/events';
import { getApi } from '../../lib/api/client';
import { errorText } from '../../lib/errors';
import { useWorkspaceStore } from '../workspace/workspace.store';
import { EMPTY_TARGET_FILTERS, throttle, withTarget, type TargetAction, type TargetFilters } from './selectors';

export type BroadcastAction = 'retry' | 'cancel' | 'export';

interface ReportState {
  /** The broadcast whose delivery report is open; null shows the list. */
  openId: number | null;
  report: ReportDto | null;
  loading: boolean;
  /** Why the report could not be read, in the user's language. */
  error: string | null;
  filters: TargetFilters;
  /** What each target is having done right now, so its button spins and the others wait. */
  busy: Record<number, TargetAction>;
  /** The broadcast-wide action under way. */
  running: BroadcastAction | null;

  open(id: number): void;
  close(): void;
  reload(opts?: { quiet?: boolean }): Promise<void>;
  setFilters(patch: Partial<TargetFilters>): void;
  clearFilters(): void;

  /** The actions below throw the core's error (in the user's language) for the page to show. */
  markManual(targetId: number, done: boolean): Promise<TargetDto>;
  resolveUncertain(targetId: number, resolution: 'sent' | 'resend'): Promise<TargetDto>;
  /** Failed targets back to the queue; resolves with how many. */
  retryFailed(): Promise<number>;
  /** Stops what has not gone yet; resolves with how many targets stopped. */
  cancel(): Promise<number>;
  /** Writes the report file and hands it to the browser; resolves with its name and rows. */
  exportReport(format: 'csv' | 'xlsx'): Promise<{ name: string; rows: number }>;
  /** The open report's picture as a data: URL (read once per report). */
  imageData(): Promise<string>;

  /**
   * While the report is on screen: progress events for its broadcast reload it (at most about
   * once a second); another workspace closes it. Returns the unsubscribe.
   */
  watch(): Unsubscribe;
}

export const REPORT_RELOAD_MS = 1_000;

// Each load takes a number; only the newest may write, so a slow answer for a report the user
// has since left (or an older state of this one) never replaces the current one.
let seq = 0;
// The open report's picture, read once: a data URL of up to 2.7 MB is not fetched per click.
let imageCache: { key: string; data: Promise<string> } | null = null;

const without = <T>(rec: Record<number, T>, id: number): Record<number, T> => {
  if (!(id in rec)) return rec;
  const next = { ...rec };
  delete next[id];
  return next;
};

/** One broadcast's delivery report: its targets and audit log, filters, and the operator's actions. */
export const useBroadcastReportStore = create<ReportState>((set, get) => {
  /** Runs one target's action with its busy flag, then shows its answer at once. */
  const onTarget = async (targetId: number, action: TargetAction, run: () => Promise<TargetDto>): Promise<TargetDto> => {
    set((s) => ({ busy: { ...s.busy, [targetId]: action } }));
    try {
      const t = await run();
      const r = get().report;
      if (r && r.broadcast.id === get().openId) set({ report: withTarget(r, t) });
      // The audit log has a new line: the progress event reloads it; this makes sure of it.
      void get().reload({ quiet: true });
      return t;
    } finally {
      set((s) => ({ busy: without(s.busy, targetId) }));
    }
  };

  /** Runs a broadcast-wide action, one at a time. */
  const onBroadcast = async <T>(action: BroadcastAction, run: (id: number) => Promise<T>): Promise<T> => {
    const id = get().openId;
    if (id === null) throw new Error('no report is open');
    set({ running: action });
    try {
      return await run(id);
    } finally {
      set({ running: null });
    }
  };

  return {
    openId: null,
    report: null,
    loading: false,
    error: null,
    filters: EMPTY_TARGET_FILTERS,
    busy: {},
    running: null,

    open(id) {
      if (get().openId === id) return;
      seq++;
      set({ openId: id, report: null, error: null, filters: EMPTY_TARGET_FILTERS, busy: {}, running: null });
      void get().reload();
    },

    close() {
      seq++;
      set({ openId: null, report: null, loading: false, error: null, filters: EMPTY_TARGET_FILTERS, busy: {}, running: null });
    },

    async reload({ quiet = false } = {}) {
      const id = get().openId;
      if (id === null) return;
      const mine = ++seq;
      if (!quiet) set({ loading: true });
      try {
        const report = await getApi().call('broadcasts.report', { id });
        if (mine === seq) set({ report, loading: false, error: null });
      } catch (e) {
        // A quiet refresh that fails keeps what is on screen; the next event tries again.
        if (mine === seq) set(quiet && get().report ? { loading: false } : { loading: false, error: errorText(e) });
      }
    },

    setFilters(patch) {
      set((s) => ({ filters: { ...s.filters, ...patch } }));
    },

    clearFilters() {
      set({ filters: EMPTY_TARGET_FILTERS });
    },

    markManual(targetId, done) {
      return onTarget(targetId, done ? 'markSent' : 'undo', () => getApi().call('broadcasts.markManual', { targetId, done }));
    },

    resolveUncertain(targetId, resolution) {
      return onTarget(targetId, resolution === 'sent' ? 'resolveSent' : 'resend', () => getApi().call('broadcasts.resolveUncertain', { targetId, resolution }));
    },

    retryFailed() {
      return onBroadcast('retry', async (id) => {
        const { requeued } = await getApi().call('broadcasts.retryFailed', { id });
        void get().reload({ quiet: true });
        return requeued;
      });
    },

    cancel() {
      return onBroadcast('cancel', async (id) => {
        const { cancelled } = await getApi().call('broadcasts.cancel', { id });
        void get().reload({ quiet: true });
        return cancelled;
      });
    },

    imageData() {
      const r = get().report;
      if (!r?.broadcast.image) return Promise.reject(new Error('this broadcast has no picture'));
      const key = `${useWorkspaceStore.getState().current?.id ?? ''}:${r.broadcast.image.id}`;
      if (imageCache?.key !== key) {
        const data = getApi()
          .call('broadcasts.image', { id: r.broadcast.image.id })
          .then((x) => x.dataUrl);
        imageCache = { key, data };
        // A failed read is not kept: the next click asks again.
        data.catch(() => {
          if (imageCache?.data === data) imageCache = null;
        });
      }
      return imageCache.data;
    },

    exportReport(format) {
      return onBroadcast('export', async (id) => {
        const r = await getApi().call('broadcasts.exportReport', { id, format });
        await getApi().download(r.fileId, r.name);
        return { name: r.name, rows: r.rows };
      });
    },

    watch() {
      const reload = throttle(() => void get().reload({ quiet: true }), REPORT_RELOAD_MS);
      let workspaceId = useWorkspaceStore.getState().current?.id ?? null;
      const offProgress = getApi().on('broadcast.progress', (e) => {
        if (e.broadcastId === get().openId) reload.call();
      });
      const offWorkspace = getApi().on('workspace.changed', (ws) => {
        // Another workspace closes the report: the same id there is a different broadcast.
        if (workspaceId !== null && ws.id !== workspaceId) get().close();
        else if (get().openId !== null) reload.call();
        workspaceId = ws.id;
      });
      return () => {
        offProgress();
        offWorkspace();
        reload.cancel();
      };
    },
  };
});
