import { create } from 'zustand';
import type { CaseDto, CaseSummaryDto } from '../../../shared/api/cases';
import { getApi } from '../../lib/api/client';
import { errorText } from '../../lib/errors';
import { pickIntoCase } from './editor.store';

export type CasePick = { messageIds: number[] } | { threadOf: number };

interface CasePickState {
  /** What the 加入案例 dialog was opened for; null when it is closed. */
  pick: CasePick | null;
  /** Existing cases to add to, found by the archive's search. */
  choices: CaseSummaryDto[];
  choicesLoading: boolean;
  busy: boolean;
  error: string | null;
  /** The case made or added to: the dialog offers to open it. */
  done: { case: CaseDto; created: boolean } | null;
  open(pick: CasePick): void;
  close(): void;
  searchCases(query: string): Promise<void>;
  submit(target: { caseId: number } | { title?: string }): Promise<CaseDto | null>;
}

let searchSeq = 0;

/** The inbox's 加入案例 dialog: a new case from the picked messages, or the messages added to a case. */
export const useCasePickStore = create<CasePickState>((set, get) => ({
  pick: null,
  choices: [],
  choicesLoading: false,
  busy: false,
  error: null,
  done: null,

  open(pick) {
    set({ pick, error: null, done: null, busy: false });
    void get().searchCases('');
  },

  close() {
    searchSeq++;
    set({ pick: null, error: null, done: null, busy: false, choices: [], choicesLoading: false });
  },

  async searchCases(query) {
    const mine = ++searchSeq;
    set({ choicesLoading: true });
    const q = query.trim().slice(0, 200);
    try {
      const r = await getApi().call('cases.list', { ...(q ? { query: q } : {}), limit: 30 });
      if (mine === searchSeq) set({ choices: r.items, choicesLoading: false });
    } catch {
      if (mine === searchSeq) set({ choicesLoading: false });
    }
  },

  async submit(target) {
    const pick = get().pick;
    if (!pick || get().busy) return null;
    set({ busy: true, error: null });
    try {
      const c = await pickIntoCase(pick, target);
      set({ busy: false, done: { case: c, created: !('caseId' in target) } });
      return c;
    } catch (e) {
      set({ busy: false, error: errorText(e) });
      return null;
    }
  },
}));
