import { create } from 'zustand';
import type { Res } from '../../../shared/api';
import { DEFAULT_THRESHOLDS, type TagThresholds } from '../../../shared/domain/roster';
import { AppError } from '../../../shared/errors';
import { getApi } from '../../lib/api/client';
import { errorText } from '../../lib/errors';

export type TagCounts = Res<'roster.previewTags'>;

interface TagRulesState {
  /** What is stored (null until loaded). */
  saved: TagThresholds | null;
  /** What the form shows. */
  draft: TagThresholds;
  preview: TagCounts | null;
  previewing: boolean;
  previewError: string | null;
  loadError: string | null;
  saving: boolean;
  load(): Promise<void>;
  /** An edit: the preview follows after a pause. */
  setDraft(patch: Partial<TagThresholds>): void;
  resetDefaults(): void;
  save(): Promise<TagThresholds>;
}

const PREVIEW_DEBOUNCE_MS = 400;
let previewSeq = 0;
let previewTimer: ReturnType<typeof setTimeout> | null = null;

/** Pure: the core stopped this preview for a newer one (its answer is what counts). */
export function isSuperseded(e: unknown): boolean {
  return e instanceof AppError && e.code === 'CANCELLED';
}

/** Settings → tag rules: the thresholds, a live preview of what they would tag, and saving them. */
export const useTagRulesStore = create<TagRulesState>((set, get) => {
  // The core computes a preview in a worker and the latest request wins: an edit asks (after a
  // pause) even while a preview runs, the core stops the older one, and only the newest answer counts.
  const runPreview = async () => {
    const mine = ++previewSeq;
    set({ previewing: true, previewError: null });
    try {
      const preview = await getApi().call('roster.previewTags', { thresholds: get().draft });
      if (mine === previewSeq) set({ preview, previewing: false });
    } catch (e) {
      if (mine !== previewSeq) return;
      // Stopped for another window's preview, with none newer of ours: ask again.
      if (isSuperseded(e)) return schedulePreview();
      set({ previewing: false, previewError: errorText(e) });
    }
  };
  const schedulePreview = () => {
    if (previewTimer) clearTimeout(previewTimer);
    previewTimer = setTimeout(() => {
      previewTimer = null;
      void runPreview();
    }, PREVIEW_DEBOUNCE_MS);
  };

  return {
    saved: null,
    draft: DEFAULT_THRESHOLDS,
    preview: null,
    previewing: false,
    previewError: null,
    loadError: null,
    saving: false,

    async load() {
      try {
        const saved = await getApi().call('roster.thresholds', {});
        set({ saved, draft: saved, loadError: null });
        void runPreview();
      } catch (e) {
        set({ loadError: errorText(e) });
      }
    },

    setDraft(patch) {
      set({ draft: { ...get().draft, ...patch } });
      schedulePreview();
    },

    resetDefaults() {
      set({ draft: DEFAULT_THRESHOLDS });
      schedulePreview();
    },

    async save() {
      set({ saving: true });
      try {
        const saved = await getApi().call('roster.setThresholds', { thresholds: get().draft });
        set({ saved, draft: saved });
        return saved;
      } finally {
        set({ saving: false });
      }
    },
  };
});
