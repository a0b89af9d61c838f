/**
 * Roster: members across groups — auto tags (KOL / active / silent / new / at-risk) with their
 * evidence and manual overrides, labels, custom fields, notes, activity counters, exports and
 * imports of fields — and the roster job that recomputes activity, tags and group classes.
 *
 * Owns the tables `member_tags`, `member_tag_overrides`, `labels`, `member_labels`, `field_defs`,
 * `member_fields`, `member_notes` and the activity columns of `members` and `memberships` (whose
 * rows inbox ingest creates); the events `roster.changed` and `roster.retagProgress`; the roster
 * and tag-preview workers (jobs/roster.worker.ts, jobs/tag-preview.worker.ts).
 * Other areas use only what this file exports.
 */
export { rosterHandlers } from './roster.handlers';
export { RetagJobs } from './retag-jobs';
export { TagPreviews, runTagPreview, type TagPreviewInput } from './tag-preview';
export { RosterJobCancelled, runRosterJob, runRosterJobOn, type RosterJobInput, type RosterJobMessage } from './roster-job';
export { activityWindow, addToDelta, applyMemberDelta, applyMembershipDelta, bumpReplies, rebuildActivity, recountMemberGroups, type ActivityDelta } from './activity.service';
export { activeNewcomers } from './newcomers.repo';
