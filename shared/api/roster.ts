import { z } from 'zod';
import { MemberRole, Platform } from '../domain/enums';
import { MessageDto } from '../domain/message';
import { ActivityDto, AutoTag, FieldDefDto, LabelColor, LabelDto, MemberRowDto, MemberTagDto, NoteDto, TagThresholds } from '../domain/roster';
import { MemberCondition } from '../domain/segment';
import type { RetagProgressEvent } from '../events';
import { method } from './define';

const Id = z.number().int().positive();
const IsoDate = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not a date' });
const TagCounts = z.object({ new: z.number().int(), active: z.number().int(), silent: z.number().int(), 'at-risk': z.number().int(), kol: z.number().int() });
const ClassCounts = z.object({ 'high-value': z.number().int(), general: z.number().int(), spam: z.number().int(), dead: z.number().int() });

/** Filters that combine (AND); every one optional. Tags count in `groupIds` when given ("KOLs of this group"). */
export const RosterFilter = z.object({
  query: z.string().trim().max(100).optional(),
  groupIds: z.array(Id).max(5000).optional(),
  tags: z.array(AutoTag).max(5).optional(),
  labelIds: z.array(Id).max(200).optional(),
  platforms: z.array(Platform).max(20).optional(),
  segmentId: Id.optional(),
  condition: MemberCondition.optional(),
  /** Only these members (the rows an operator ticked). */
  ids: z.array(Id).min(1).max(100_000).optional(),
  /** All but these (every match, minus the rows an operator unticked). */
  excludeIds: z.array(Id).max(100_000).optional(),
});
export type RosterFilter = z.input<typeof RosterFilter>;

export const ROSTER_SORTS = ['name', 'lastMessage', 'n30', 'messages', 'firstSeen'] as const;
export const RosterSort = z.object({ by: z.enum(ROSTER_SORTS).default('lastMessage'), dir: z.enum(['asc', 'desc']).default('desc') });

/** Either the listed members, or every member a filter selects (bulk actions on "all 12,408"). */
const Targets = z.union([z.object({ ids: z.array(Id).min(1).max(100_000) }), z.object({ filter: RosterFilter })]);

export const BulkAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('label'), labelId: Id, on: z.boolean() }),
  z.object({ type: z.literal('field'), key: z.string().min(1).max(40), value: z.string().max(500).nullable() }),
]);

export const MemberDetailDto = z.object({
  member: MemberRowDto,
  activity: ActivityDto,
  nicknames: z.array(z.object({ name: z.string(), groupName: z.string().nullable(), firstSeenAt: z.string(), lastSeenAt: z.string() })),
  memberships: z.array(
    z.object({
      groupId: z.number().int(),
      groupName: z.string(),
      platform: Platform,
      role: MemberRole,
      joinedAt: z.string().nullable(),
      leftAt: z.string().nullable(),
      activity: ActivityDto,
    }),
  ),
  tags: z.array(MemberTagDto),
  /** The operator's word per group and tag ("not KOL here"): it always wins over the rules. */
  overrides: z.array(z.object({ groupId: z.number().int(), tag: AutoTag, state: z.enum(['on', 'off']) })),
  /** Messages per local day, oldest first, over the last 90 days (as of now). */
  sparkline: z.array(z.object({ day: z.string(), messages: z.number().int() })),
  recent: z.array(MessageDto),
  notes: z.array(NoteDto),
  /** When the tags and activity windows were last recomputed (null before the first re-tag). */
  asOf: z.string().nullable(),
});
export type MemberDetailDto = z.infer<typeof MemberDetailDto>;

export const ImportFileReq = z.object({ path: z.string().min(1).max(4096), apply: z.boolean().default(false) });
export const RosterImportReport = z.object({
  rows: z.number().int(),
  matched: z.number().int(),
  /** Rows whose platform id names no member: line number and the id as written. */
  unmatched: z.array(z.object({ line: z.number().int(), platformUserId: z.string() })),
  /** The columns understood, by what they set. */
  columns: z.array(z.object({ header: z.string(), target: z.string() })),
  ignoredColumns: z.array(z.string()),
  /** Values a field does not accept (a choice field's unknown option): skipped, the rest of the row imported. */
  invalid: z.array(z.object({ line: z.number().int(), header: z.string(), value: z.string() })),
  fieldsSet: z.number().int(),
  labelsAdded: z.number().int(),
  labelsCreated: z.array(z.string()),
  applied: z.boolean(),
});
export type RosterImportReport = z.infer<typeof RosterImportReport>;

export const rosterApi = {
  /** The workspace's tag thresholds (the documented defaults until edited). */
  'roster.thresholds': method(z.object({}).default({}), TagThresholds),
  'roster.setThresholds': method(z.object({ thresholds: TagThresholds }), TagThresholds),
  /**
   * "With these thresholds, 312 members would be silent": counts without storing anything,
   * computed in a worker thread. The latest request wins: a new preview stops the one still
   * running, whose call fails with CANCELLED.
   */
  'roster.previewTags': method(z.object({ thresholds: TagThresholds, asOf: IsoDate.optional() }), TagCounts),
  /**
   * Recomputes activity, tags (with their evidence) and group classes as of now or a past date,
   * in a background worker; resolves when stored (the CLI and scripts). Its progress arrives as
   * 'roster.retagProgress' events like `roster.startRetag`'s, and `roster.cancelRetag` stops it
   * (the call then fails with CANCELLED). One re-tag at a time: while one runs, CONFLICT.
   */
  'roster.retag': method(z.object({ asOf: IsoDate.optional() }).default({}), z.object({ counts: TagCounts, classes: ClassCounts, asOf: z.string() })),
  /**
   * The same job, answered at once with its id: progress (at least once per phase) and the
   * result arrive as 'roster.retagProgress' events, then 'roster.changed'. While one runs, CONFLICT.
   */
  'roster.startRetag': method(z.object({ asOf: IsoDate.optional() }).default({}), z.object({ jobId: z.string() })),
  /**
   * Stops a running re-tag and answers once its worker has stopped. `cancelled` true: nothing
   * was stored (everything is written in one transaction at the end); false: no such job
   * running, or it was already committing (its 'done' event follows).
   */
  'roster.cancelRetag': method(z.object({ jobId: z.string().min(1).max(100) }), z.object({ cancelled: z.boolean() })),
  /** The running re-tag's latest progress, or null: a page opened mid-job shows it. */
  'roster.retagStatus': method(z.object({}).default({}), z.object({ job: z.custom<RetagProgressEvent>().nullable() })),
  /**
   * Keyset pages of members (one per platform identity) across groups. Without a cursor, `at`
   * starts the page at that row of the sorted list (a jump of the scrollbar); paging on from
   * there is keyset again. `start` is the cursor that loads this page again (null: the head).
   */
  'roster.list': method(
    z.object({
      filter: RosterFilter.default({}),
      sort: RosterSort.default({ by: 'lastMessage', dir: 'desc' }),
      cursor: z.string().max(400).nullable().default(null),
      at: z.number().int().min(0).max(100_000_000).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    z.object({ items: z.array(MemberRowDto), next: z.string().nullable(), start: z.string().nullable() }),
  ),
  'roster.count': method(z.object({ filter: RosterFilter.default({}) }), z.object({ count: z.number().int() })),
  'roster.get': method(z.object({ id: Id }), MemberDetailDto),
  'roster.setOverride': method(z.object({ memberId: Id, groupId: Id, tag: AutoTag, state: z.enum(['on', 'off']).nullable() }), z.object({ ok: z.literal(true) })),
  'roster.bulk': method(z.object({ targets: Targets, action: BulkAction }), z.object({ changed: z.number().int() })),

  'roster.labels': method(z.object({}).default({}), z.array(LabelDto)),
  'roster.saveLabel': method(z.object({ id: Id.optional(), name: z.string().trim().min(1).max(40), color: LabelColor.default('blue') }), LabelDto),
  'roster.deleteLabel': method(z.object({ id: Id }), z.object({ ok: z.literal(true) })),
  /** Moves every member of `from` to `into`, then deletes `from`. */
  'roster.mergeLabels': method(z.object({ from: Id, into: Id }), LabelDto),

  'roster.fields': method(z.object({}).default({}), z.array(FieldDefDto)),
  'roster.saveField': method(
    z.object({ key: z.string().trim().min(1).max(40).regex(/^[\p{L}\p{N}_-]+$/u), label: z.string().trim().min(1).max(40), kind: z.enum(['text', 'choice']).default('text'), options: z.array(z.string().trim().min(1).max(40)).max(50).default([]) }),
    FieldDefDto,
  ),
  'roster.deleteField': method(z.object({ key: z.string().min(1).max(40) }), z.object({ ok: z.literal(true) })),
  /** Sets (or, with null, clears) custom field values of one member. */
  'roster.setFields': method(z.object({ memberId: Id, values: z.record(z.string().max(40), z.string().trim().max(500).nullable()) }), z.object({ ok: z.literal(true) })),
  'roster.addNote': method(z.object({ memberId: Id, text: z.string().trim().min(1).max(5000) }), NoteDto),
  'roster.deleteNote': method(z.object({ id: Id }), z.object({ ok: z.literal(true) })),

  /** Writes the filtered roster (with tags, labels, fields, activity) to a file to download. */
  'roster.export': method(
    z.object({ filter: RosterFilter.default({}), sort: RosterSort.default({ by: 'name', dir: 'asc' }), format: z.enum(['csv', 'xlsx']) }),
    z.object({ fileId: z.string(), name: z.string(), rows: z.number().int(), bytes: z.number().int() }),
  ),
  /** Fields and labels from a CSV/XLSX matched by platform id: a preview (apply=false) or the import. */
  'roster.importFile': method(ImportFileReq, RosterImportReport),
};
