/**
 * The two segment editors, one per target. Each is the shared editor store with its target's
 * rules, wired to the area that shows segments of that target: what its value pickers need on
 * opening, and what happens to the list once a segment is saved.
 */
import { useGroupsStore } from '../groups/groups.store';
import { GROUP_SEGMENT_RULES } from '../groups/selectors';
import { useRosterStore } from '../roster/roster.store';
import { MEMBER_SEGMENT_RULES } from '../roster/selectors';
import { createSegmentEditor } from './segment-editor.store';

/** Group segments, on the Groups page. */
export const useGroupSegmentEditor = createSegmentEditor({
  rules: GROUP_SEGMENT_RULES,
  // Every group, archived ones too, for the "specific groups" rule. Without it that picker offers
  // nothing; the other rules still work, so a failure is not shown.
  onOpen: () => void useGroupsStore.getState().loadOptions().catch(() => undefined),
  onSaved: (segment) => useGroupsStore.getState().showSegment(segment),
});

/** Member segments, on the Roster page. Its pickers read the groups, labels and fields the roster already loaded. */
export const useMemberSegmentEditor = createSegmentEditor({
  rules: MEMBER_SEGMENT_RULES,
  onSaved: (segment) => useRosterStore.getState().showSegment(segment),
});
