import { z } from 'zod';
import { Color, ColumnTemplate, DayText, ENTRY_STATUSES, MISSED_REASONS, SlotPattern } from '../domain/calendar';
import { PlanDto, PlanSummaryDto, Targeting } from './broadcasts';
import { method } from './define';

const Id = z.number().int().positive();
const IsoDate = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not a date' });

export const ColumnInput = z.object({
  /** Updates this column; creates one when absent. */
  id: Id.optional(),
  name: z.string().trim().min(1).max(40),
  color: Color,
  target: Targeting,
  pattern: SlotPattern,
  /** The first day with slots (in the operator's zone); today when absent. */
  startDay: DayText.optional(),
  template: ColumnTemplate.default({ format: 'text', title: '', body: '' }),
  owner: z.string().trim().max(40).default(''),
  /**
   * Every slot sends the default template by itself, without an entry to approve (what a recurring
   * broadcast did before columns). Off, a slot without an approved entry sends nothing.
   */
  autoSend: z.boolean().default(false),
  paused: z.boolean().default(false),
});
export type ColumnInput = z.input<typeof ColumnInput>;

export const ColumnDto = z.object({
  id: z.number().int(),
  name: z.string(),
  color: z.string(),
  target: Targeting,
  /** The segment's name when the target is a segment (null when it was deleted). */
  segmentName: z.string().nullable(),
  pattern: SlotPattern,
  rrule: z.string(),
  startDay: z.string(),
  template: z.object({ format: z.enum(['text', 'markdown']), title: z.string(), body: z.string() }),
  owner: z.string(),
  autoSend: z.boolean(),
  paused: z.boolean(),
  /** Groups it runs in now (a segment counted now; archived groups left out). */
  groups: z.number().int(),
  /** The next slot after now; null while paused. */
  nextAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ColumnDto = z.infer<typeof ColumnDto>;

/** A starter column (早报 / 话题 / 案例 / 活动) in the user's language: what the column form is filled with. */
export const ColumnStarter = z.object({
  key: z.string(),
  name: z.string(),
  color: z.string(),
  pattern: SlotPattern,
  template: z.object({ format: z.enum(['text', 'markdown']), title: z.string(), body: z.string() }),
});
export type ColumnStarter = z.infer<typeof ColumnStarter>;


export const CalendarSettings = z.object({
  /** The operator's IANA time zone: slots are wall-clock times in it. */
  timeZone: z.string().min(1).max(64),
  /** Hours after a post in which the group's answer is scored. */
  scoreHours: z.number().int().min(1).max(72),
});
export type CalendarSettings = z.infer<typeof CalendarSettings>;

/** What the calendar shows: every filter narrows (groups and a segment select the groups a slot counts). */
export const CalendarFilter = z
  .object({
    groupIds: z.array(Id).max(20_000).optional(),
    segmentId: Id.optional(),
    columnIds: z.array(Id).max(500).optional(),
    statuses: z.array(z.enum(ENTRY_STATUSES)).optional(),
    owner: z.string().trim().max(40).optional(),
  })
  .default({});
export type CalendarFilter = z.input<typeof CalendarFilter>;

const Range = z.object({ from: DayText, to: DayText, filter: CalendarFilter }).refine((r) => r.from <= r.to, { message: 'from is after to', path: ['to'] });

const Counts = z.record(z.string(), z.number().int());

export const EntryDto = z.object({
  id: z.number().int(),
  columnId: z.number().int().nullable(),
  /** The column's name (kept when the column is deleted), or '' for a one-off entry. */
  columnName: z.string(),
  color: z.string(),
  at: z.string(),
  /** Its day in the operator's zone (YYYY-MM-DD). */
  day: z.string(),
  /** Its own groups; null: the column's groups at the slot (minus groups with their own entry in that slot). */
  target: Targeting.nullable(),
  /** One group's own version of a column's slot (a per-group variant); its name. */
  groupName: z.string().nullable(),
  /** Groups it goes to, counted now. */
  groups: z.number().int(),
  status: z.enum(ENTRY_STATUSES),
  missedReason: z.enum(MISSED_REASONS).nullable(),
  format: z.enum(['text', 'markdown']),
  title: z.string(),
  body: z.string(),
  imageId: z.number().int().nullable(),
  owner: z.string(),
  note: z.string(),
  broadcastId: z.number().int().nullable(),
  /** Its broadcast's targets by status (empty before it is made). */
  delivery: Counts,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EntryDto = z.infer<typeof EntryDto>;

export const EntryInput = z.object({
  /** Updates this entry (while it is an idea or a draft); creates one when absent. */
  id: Id.optional(),
  columnId: Id.optional(),
  at: IsoDate,
  /** Required without a column; with a column, one group here makes that group's own version of the slot. */
  target: Targeting.optional(),
  status: z.enum(['idea', 'draft']).default('draft'),
  format: z.enum(['text', 'markdown']).default('text'),
  title: z.string().trim().max(100).default(''),
  body: z.string().max(4000).default(''),
  imageId: Id.optional(),
  owner: z.string().trim().max(40).default(''),
  note: z.string().max(2000).default(''),
});

/** One column slot: when, how many groups it counts, and the entries that fill it (none: a gap). */
export const SlotDto = z.object({
  columnId: z.number().int(),
  at: z.string(),
  day: z.string(),
  groups: z.number().int(),
  entryIds: z.array(z.number().int()),
});
export type SlotDto = z.infer<typeof SlotDto>;

export const MonthDayDto = z.object({
  day: z.string(),
  /** Group-slots: each column's slots that day times the groups it runs in. */
  slots: z.number().int(),
  /** Group-slots an entry fills. */
  filled: z.number().int(),
  entries: z.number().int(),
  byColumn: z.array(z.object({ columnId: z.number().int(), slots: z.number().int(), filled: z.number().int() })),
  /** Entries by status. */
  statuses: Counts,
});
export type MonthDayDto = z.infer<typeof MonthDayDto>;

export const LaneCellDto = z.object({ columnId: z.number().int(), at: z.string(), entryId: z.number().int().nullable(), status: z.enum(ENTRY_STATUSES).nullable() });
export const LaneRowDto = z.object({ groupId: z.number().int(), groupName: z.string(), platform: z.string(), days: z.record(z.string(), z.array(LaneCellDto)) });
export type LaneRowDto = z.infer<typeof LaneRowDto>;

export const CalendarRowDto = z.object({
  kind: z.enum(['entry', 'task']),
  id: z.number().int(),
  date: z.string(),
  time: z.string(),
  at: z.string(),
  column: z.string(),
  group: z.string(),
  groups: z.number().int(),
  /** An entry's status (ENTRY_STATUSES), or a task's state: done, due, overdue, upcoming. */
  status: z.string(),
  title: z.string(),
  owner: z.string(),
  score: z.number().nullable(),
});
export type CalendarRowDto = z.infer<typeof CalendarRowDto>;

export const calendarApi = {
  'calendar.settings': method(z.object({}).default({}), CalendarSettings),
  'calendar.setSettings': method(z.object({ settings: CalendarSettings }), CalendarSettings),
  'calendar.listColumns': method(z.object({}).default({}), z.array(ColumnDto)),
  /** Creates or updates a column; a name another column has is a CONFLICT. */
  'calendar.saveColumn': method(ColumnInput, ColumnDto),
  /** The column goes with its unsent entries; sent, skipped and missed ones stay with its name. */
  'calendar.deleteColumn': method(z.object({ id: Id }), z.object({ deleted: z.number().int(), entriesRemoved: z.number().int() })),
  /** 早报 / 话题 / 案例 / 活动 in the user's language. */
  'calendar.starterColumns': method(z.object({}).default({}), z.array(ColumnStarter)),
  /** Per-day counts for a month view (any range up to 62 days). */
  'calendar.month': method(Range, z.object({ days: z.array(MonthDayDto) })),
  /** Slots (with their gaps) and entries of a range up to 62 days, for the week, day and list views. */
  'calendar.range': method(Range, z.object({ slots: z.array(SlotDto), entries: z.array(EntryDto) })),
  /** The lane view: groups as rows (a window of them), each day's slots and entries for that group. */
  'calendar.lanes': method(
    z.object({ from: DayText, to: DayText, filter: CalendarFilter, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) }),
    z.object({ total: z.number().int(), rows: z.array(LaneRowDto) }),
  ),
  'calendar.getEntry': method(z.object({ id: Id }), EntryDto),
  'calendar.saveEntry': method(EntryInput, EntryDto),
  /** The broadcast plan the entry would make at its slot: per-group preview, checks, caps. Stores nothing. */
  'calendar.planEntry': method(z.object({ id: Id }), PlanDto),
  /**
   * Approved, the entry's broadcast is made at its slot. Checked now as broadcasts.create would be;
   * over `confirmOver` groups, `confirmTargets` must repeat the count (else CONFIRM_NEEDED).
   */
  'calendar.approveEntry': method(z.object({ id: Id, confirmTargets: z.number().int().optional() }), EntryDto),
  /** Back to draft, while its broadcast is not made yet. */
  'calendar.unapproveEntry': method(z.object({ id: Id }), EntryDto),
  /** The slot is skipped on purpose: nothing is sent, and it is no gap. */
  'calendar.skipEntry': method(z.object({ id: Id }), EntryDto),
  /** To another day or time (not after it was sent): re-planned there, caps included; the plan's summary returned. */
  'calendar.moveEntry': method(z.object({ id: Id, at: IsoDate }), z.object({ entry: EntryDto, summary: PlanSummaryDto })),
  'calendar.deleteEntry': method(z.object({ id: Id }), z.object({ deleted: z.number().int() })),
  /** One row per entry of the range, in time order (what `qunzhu calendar list` prints). */
  'calendar.rows': method(Range, z.array(CalendarRowDto)),
  /** The rows as CSV or XLSX, downloaded like the roster's exports. */
  'calendar.exportRows': method(z.object({ from: DayText, to: DayText, filter: CalendarFilter, format: z.enum(['csv', 'xlsx']) }), z.object({ fileId: z.string(), name: z.string(), rows: z.number().int() })),
  /** The entries as an ICS file for phone and desktop calendars. */
  'calendar.exportIcs': method(Range, z.object({ fileId: z.string(), name: z.string(), events: z.number().int() })),
};

// ---------------------------------------------------------------- playbooks

/**
 * A playbook step, dated relative to the start day: a post (becomes an entry for the group) or a
 * task (a checkbox with an owner). `pick` makes the task name members from the roster on its day.
 */
export const PlaybookStep = z.object({
  /** Days after the start day (0 = the start day). */
  day: z.number().int().min(0).max(90),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'HH:MM' }),
  kind: z.enum(['post', 'task']),
  title: z.string().trim().min(1).max(100),
  /** A post's text (variables allowed); a task's instructions. */
  body: z.string().max(4000).default(''),
  owner: z.string().trim().max(40).default(''),
  /** The most active members who joined in the last `withinDays` days, `count` of them, named on the task's day. */
  pick: z.object({ kind: z.literal('active-newcomers'), count: z.number().int().min(1).max(20), withinDays: z.number().int().min(1).max(30).default(7) }).optional(),
});
export type PlaybookStep = z.infer<typeof PlaybookStep>;

export const PlaybookInput = z.object({
  /** Updates this playbook (the operator's own); creates one when absent. */
  id: Id.optional(),
  name: z.string().trim().min(1).max(40),
  description: z.string().trim().max(400).default(''),
  steps: z.array(PlaybookStep).min(1).max(200),
});

export const PlaybookDto = z.object({
  /** 'builtin:<slug>' for the ones Qunzhu ships (read-only, in the user's language), 'own:<id>' for the operator's. */
  key: z.string(),
  id: z.number().int().nullable(),
  builtin: z.boolean(),
  name: z.string(),
  description: z.string(),
  steps: z.array(PlaybookStep),
  /** Groups it has been applied to. */
  runs: z.number().int(),
});
export type PlaybookDto = z.infer<typeof PlaybookDto>;

export const TaskDto = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  groupId: z.number().int(),
  groupName: z.string(),
  playbookName: z.string(),
  at: z.string(),
  day: z.string(),
  title: z.string(),
  body: z.string(),
  owner: z.string(),
  /** done; due: its day is today; overdue: its day has passed; upcoming: later. */
  state: z.enum(['done', 'due', 'overdue', 'upcoming']),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable(),
  /** Members the task names (from the roster once its day has come; empty before, or when nobody fits). */
  members: z.array(z.object({ id: z.number().int(), name: z.string(), messages: z.number().int() })),
});
export type TaskDto = z.infer<typeof TaskDto>;

export const RunDto = z.object({
  id: z.number().int(),
  playbookKey: z.string(),
  playbookName: z.string(),
  groupId: z.number().int(),
  groupName: z.string(),
  startDay: z.string(),
  tasks: z.object({ done: z.number().int(), due: z.number().int(), overdue: z.number().int(), upcoming: z.number().int() }),
  /** Its posts by entry status. */
  posts: z.record(z.string(), z.number().int()),
  createdAt: z.string(),
});
export type RunDto = z.infer<typeof RunDto>;

export const playbooksApi = {
  'calendar.listPlaybooks': method(z.object({}).default({}), z.array(PlaybookDto)),
  /** Creates or updates one of the operator's playbooks; a name another has is a CONFLICT. */
  'calendar.savePlaybook': method(PlaybookInput, PlaybookDto),
  /** A copy the operator can change (of a built-in or their own), named "… 副本". */
  'calendar.duplicatePlaybook': method(z.object({ key: z.string().min(1).max(60) }), PlaybookDto),
  /** The operator's playbook goes; what it created stays. */
  'calendar.deletePlaybook': method(z.object({ id: Id }), z.object({ deleted: z.number().int() })),
  /**
   * Dated entries and tasks for each group from `start` (YYYY-MM-DD in the operator's zone). A group
   * it was applied to already is a CONFLICT saying so, unless `replace`: then that run's unsent
   * posts and open tasks are replaced (nothing doubles; what was sent or ticked stays).
   */
  'calendar.applyPlaybook': method(
    z.object({ key: z.string().min(1).max(60), target: Targeting, start: DayText, replace: z.boolean().default(false) }),
    z.object({ runs: z.number().int(), entries: z.number().int(), tasks: z.number().int(), replaced: z.number().int() }),
  ),
  /** Progress per group the playbooks were applied to: tasks done / due / overdue, posts by status. */
  'calendar.listRuns': method(z.object({ groupId: Id.optional() }).default({}), z.array(RunDto)),
  /** Tasks of a run, or of a range of days (the calendar shows them beside the entries). */
  'calendar.listTasks': method(z.object({ runId: Id.optional(), from: DayText.optional(), to: DayText.optional() }).default({}), z.array(TaskDto)),
  'calendar.setTaskDone': method(z.object({ id: Id, done: z.boolean(), by: z.string().trim().max(40).optional() }), TaskDto),
};
