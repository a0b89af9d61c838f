import { create } from 'zustand';
import type { RosterImportReport } from '../../../shared/api/roster';
import { getApi } from '../../lib/api/client';
import { errorText } from '../../lib/errors';

export type RosterImportStage = 'idle' | 'uploading' | 'previewing' | 'preview' | 'applying' | 'done' | 'failed';

interface RosterImportState {
  stage: RosterImportStage;
  fileName: string | null;
  path: string | null;
  report: RosterImportReport | null;
  error: string | null;
  /** A spreadsheet chosen: upload it, then preview what it would change (nothing is written). */
  pick(file: File): Promise<void>;
  /** Writes what the preview showed, in one transaction. */
  apply(): Promise<RosterImportReport | null>;
  reset(): void;
}

// Answers for a file the user has since replaced are dropped.
let seq = 0;

/** The roster's import of fields and labels from a CSV/XLSX: upload → preview → apply. */
export const useRosterImportStore = create<RosterImportState>((set, get) => ({
  stage: 'idle',
  fileName: null,
  path: null,
  report: null,
  error: null,

  async pick(file) {
    const mine = ++seq;
    set({ stage: 'uploading', fileName: file.name, path: null, report: null, error: null });
    try {
      const path = await getApi().upload(file, file.name);
      if (mine !== seq) return;
      set({ stage: 'previewing', path });
      const report = await getApi().call('roster.importFile', { path, apply: false });
      if (mine === seq) set({ stage: 'preview', report });
    } catch (e) {
      if (mine === seq) set({ stage: 'failed', error: errorText(e) });
    }
  },

  async apply() {
    const { path, stage } = get();
    if (!path || stage !== 'preview') return null;
    const mine = ++seq;
    set({ stage: 'applying', error: null });
    try {
      const report = await getApi().call('roster.importFile', { path, apply: true });
      if (mine === seq) set({ stage: 'done', report });
      return report;
    } catch (e) {
      if (mine === seq) set({ stage: 'failed', error: errorText(e) });
      return null;
    }
  },

  reset() {
    seq++;
    set({ stage: 'idle', fileName: null, path: null, report: null, error: null });
  },
}));
