/**
 * The segment editor's state, one store per target (members, groups) made by createSegmentEditor:
 * the name, the AND/OR, the drafted rules, the live count and the save. The count is asked of the
 * core as the rules change, debounced, and only the newest answer is kept; nothing is stored until
 * save. What differs between targets comes in as `rules` and the two hooks of the options.
 */
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { SegmentDto } from '../../../shared/domain/segment';
import { AppError } from '../../../shared/errors';
import { getApi } from '../../lib/api/client';
import { errorText } from '../../lib/errors';
import {
  canSave,
  editorComplete,
  editorDefinition,
  NO_COUNT,
  patchRule,
  removeRule,
  replaceRule,
  type CountState,
  type MatchOp,
  type NameError,
  type RuleDraftBase,
  type SegmentRules,
} from './selectors';

/** Long enough that typing a number or ticking a few options makes one request, short enough to feel live. */
export const COUNT_DEBOUNCE_MS = 400;

export interface SegmentEditorState<F extends string, D extends RuleDraftBase<F>> {
  rules: SegmentRules<F, D>;
  open: boolean;
  /** The saved segment being edited; null for a new one. */
  editing: SegmentDto | null;
  name: string;
  op: MatchOp;
  drafts: D[];
  /** The segment nests conditions the editor does not draw: shown read-only, with its count. */
  nested: boolean;
  count: CountState;
  saving: boolean;
  nameError: NameError;

  openNew(): void;
  openEdit(segment: SegmentDto): void;
  close(): void;
  setName(name: string): void;
  setOp(op: MatchOp): void;
  addRule(field: F): void;
  /** The rule is on another field now: its inputs start afresh. */
  setField(uid: number, field: F): void;
  updateRule(uid: number, patch: Partial<D>): void;
  removeRule(uid: number): void;
  /**
   * Saves the segment and closes. Resolves with it, or with null when nothing was saved because
   * of the name (missing, or taken: `nameError` says which) or because there is nothing to save.
   * Any other failure rejects, for the caller to show.
   */
  save(): Promise<SegmentDto | null>;
}

export interface SegmentEditorOptions<F extends string, D extends RuleDraftBase<F>> {
  rules: SegmentRules<F, D>;
  /** At every opening: loads what the target's value pickers offer. */
  onOpen?(): void;
  /** After a save: the area shows the saved segment. The segment is saved whatever happens here, so it must not throw. */
  onSaved(segment: SegmentDto): Promise<void> | void;
}

export type SegmentEditorStore<F extends string, D extends RuleDraftBase<F>> = UseBoundStore<StoreApi<SegmentEditorState<F, D>>>;

export function createSegmentEditor<F extends string, D extends RuleDraftBase<F>>(options: SegmentEditorOptions<F, D>): SegmentEditorStore<F, D> {
  const { rules } = options;
  return create<SegmentEditorState<F, D>>((set, get) => {
    // Each count request takes a number; an answer for an older definition (or after closing) is dropped.
    let seq = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    // The definition last counted (or being counted): a change that leaves it as it was (the name,
    // an incomplete rule) asks nothing.
    let countedKey: string | null = null;

    const stopCounting = () => {
      seq++;
      if (timer) clearTimeout(timer);
      timer = null;
      countedKey = null;
    };

    const recount = () => {
      const s = get();
      if (!s.open || !editorComplete(s)) {
        stopCounting();
        if (s.count !== NO_COUNT) set({ count: NO_COUNT });
        return;
      }
      const definition = editorDefinition(s);
      const key = JSON.stringify(definition);
      if (key === countedKey) return;
      stopCounting();
      countedKey = key;
      const mine = seq;
      set({ count: { ...get().count, loading: true, error: null } });
      timer = setTimeout(() => {
        timer = null;
        getApi()
          .call('segments.count', { definition })
          .then(
            ({ count: n }) => mine === seq && set({ count: { n, loading: false, error: null } }),
            (e: unknown) => mine === seq && set({ count: { n: null, loading: false, error: errorText(e) } }),
          );
      }, COUNT_DEBOUNCE_MS);
    };

    const setDrafts = (drafts: D[]) => {
      set({ drafts });
      recount();
    };

    const begin = (state: Pick<SegmentEditorState<F, D>, 'editing' | 'name' | 'op' | 'drafts' | 'nested'>) => {
      stopCounting();
      set({ ...state, open: true, count: NO_COUNT, saving: false, nameError: null });
      options.onOpen?.();
      recount();
    };

    return {
      rules,
      open: false,
      editing: null,
      name: '',
      op: 'and',
      drafts: [],
      nested: false,
      count: NO_COUNT,
      saving: false,
      nameError: null,

      openNew() {
        begin({ editing: null, name: '', op: 'and', drafts: [rules.newRule(rules.first)], nested: false });
      },

      openEdit(segment) {
        const parsed = rules.toDrafts(segment.definition);
        begin({ editing: segment, name: segment.name, op: parsed?.op ?? 'and', drafts: parsed?.drafts ?? [], nested: parsed === null });
      },

      close() {
        stopCounting();
        set({ open: false, saving: false });
      },

      setName(name) {
        set({ name, nameError: null });
      },

      setOp(op) {
        set({ op });
        recount();
      },

      addRule(field) {
        setDrafts([...get().drafts, rules.newRule(field)]);
      },

      setField(uid, field) {
        setDrafts(replaceRule(get().drafts, uid, rules.newRule(field)));
      },

      updateRule(uid, patch) {
        setDrafts(patchRule(get().drafts, uid, patch));
      },

      removeRule(uid) {
        setDrafts(removeRule(get().drafts, uid));
      },

      async save() {
        const s = get();
        // The button is disabled then, but Enter in the name field submits the form too.
        if (!canSave(s)) return null;
        const name = s.name.trim();
        if (!name) {
          set({ nameError: { kind: 'required' } });
          return null;
        }
        set({ saving: true });
        let segment: SegmentDto;
        try {
          segment = await getApi().call('segments.save', { name, definition: editorDefinition(s), ...(s.editing ? { id: s.editing.id } : {}) });
        } catch (e) {
          set({ saving: false });
          // A name already taken is the name field's problem; anything else is the caller's to show.
          if (e instanceof AppError && e.code === 'CONFLICT') {
            set({ nameError: { kind: 'taken', message: e.message } });
            return null;
          }
          throw e;
        }
        // The area catches up (its segment list, the saved one as its filter) before the editor
        // goes, so the picker already names the new segment when the dialog closes.
        await options.onSaved(segment);
        get().close();
        return segment;
      },
    };
  });
}
