/**
 * The segment editor's pure pieces, whatever the target: the definition and completeness of what
 * is drafted, whether it may be saved, what the live count line says, and edits to the list of
 * drafted rules. No transport, no React.
 */
import type { SegmentDefinition, SegmentDto } from '../../../shared/domain/segment';

export type MatchOp = 'and' | 'or';

/** What every drafted rule has: a key for its row, and the field it is a condition on. */
export interface RuleDraftBase<F extends string = string> {
  uid: number;
  field: F;
}

/**
 * What differs between targets on the store's side: the fields a rule may be on (in the order
 * the editor offers them) and how drafts map onto the contract's condition and back.
 */
export interface SegmentRules<F extends string, D extends RuleDraftBase<F>> {
  fields: readonly F[];
  /** The field of the one rule a new segment starts with. */
  first: F;
  /** An empty rule on `field` (a fresh uid, the field's defaults). */
  newRule(field: F): D;
  /** The complete drafts under one AND/OR; incomplete ones are left out. */
  toDefinition(op: MatchOp, drafts: readonly D[]): SegmentDefinition;
  /** At least one draft is complete (an empty condition would select everything). */
  hasComplete(drafts: readonly D[]): boolean;
  /** A saved segment's rules as drafts; null when it nests conditions the editor does not draw (or is another target's). */
  toDrafts(definition: SegmentDefinition): { op: MatchOp; drafts: D[] } | null;
}

export interface CountState {
  n: number | null;
  loading: boolean;
  error: string | null;
}
export const NO_COUNT: CountState = { n: null, loading: false, error: null };

/** Why the name is refused: missing (said by the UI), or taken (said by the core, in the user's language). */
export type NameError = { kind: 'required' } | { kind: 'taken'; message: string } | null;

/** The part of the editor's state the selectors read. */
export interface EditorDraft<F extends string, D extends RuleDraftBase<F>> {
  rules: SegmentRules<F, D>;
  editing: SegmentDto | null;
  op: MatchOp;
  drafts: D[];
  nested: boolean;
  saving: boolean;
}

/** What is counted and saved: a read-only (nested) segment as it is stored, otherwise the complete drafts. */
export function editorDefinition<F extends string, D extends RuleDraftBase<F>>(s: EditorDraft<F, D>): SegmentDefinition {
  return s.nested && s.editing ? s.editing.definition : s.rules.toDefinition(s.op, s.drafts);
}

/** There is something to count: a read-only segment always, drafts once one rule is complete. */
export function editorComplete<F extends string, D extends RuleDraftBase<F>>(s: EditorDraft<F, D>): boolean {
  return s.nested || s.rules.hasComplete(s.drafts);
}

/** Save is offered for a complete, editable segment not already being saved. */
export function canSave<F extends string, D extends RuleDraftBase<F>>(s: EditorDraft<F, D>): boolean {
  return !s.nested && !s.saving && s.rules.hasComplete(s.drafts);
}

export type CountView = { kind: 'incomplete' } | { kind: 'counting' } | { kind: 'error'; message: string } | { kind: 'count'; n: number } | { kind: 'none' };

/** The live count line under the rules. */
export function countView(count: CountState, complete: boolean): CountView {
  if (!complete) return { kind: 'incomplete' };
  if (count.loading) return { kind: 'counting' };
  if (count.error) return { kind: 'error', message: count.error };
  return count.n !== null ? { kind: 'count', n: count.n } : { kind: 'none' };
}

/** `drafts` with one rule changed; the others keep their identity, so their rows do not re-render. */
export function patchRule<D extends RuleDraftBase>(drafts: readonly D[], uid: number, patch: Partial<D>): D[] {
  return drafts.map((d) => (d.uid === uid ? { ...d, ...patch } : d));
}

/** `drafts` with one rule moved to another field: its inputs start afresh, its row keeps its place and key. */
export function replaceRule<D extends RuleDraftBase>(drafts: readonly D[], uid: number, fresh: D): D[] {
  return drafts.map((d) => (d.uid === uid ? { ...fresh, uid } : d));
}

export function removeRule<D extends RuleDraftBase>(drafts: readonly D[], uid: number): D[] {
  return drafts.filter((d) => d.uid !== uid);
}
