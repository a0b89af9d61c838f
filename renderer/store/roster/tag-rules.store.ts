import { create } from 'zustand';
import type { Res } from '../../../shared/api';
import { DEFAULT_THRESHOLDS, type TagThresholds } from '../../../shared/domain/roster';
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
let inFlight = false;
let again = false;
let previewTimer: ReturnType<typeof setTimeout> | null = null;

/** Settings → tag rules: the thresholds, a live preview of what they would tag, and saving them. */
export const useTagRulesStore = create<TagRulesState>((set, get) => {
  // The core computes a preview synchronously (every tag of every member): at most one is
  // asked for at a time, and edits made meanwhile make one more when it answers.
  const runPreview = async () => {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    const mine = ++previewSeq;
    set({ previewing: true, previewError: null });
    try {
      const preview = await getApi().call('roster.previewTags', { thresholds: get().draft });
      if (mine === previewSeq) set({ preview, previewing: again });
    } catch (e) {
      if (mine === previewSeq) set({ previewing: again, previewError: errorText(e) });
    } finally {
      inFlight = false;
      if (again) {
        again = false;
        void runPreview();
      }
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
