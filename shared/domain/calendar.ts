/**
 * The content calendar's domain types: columns (栏目) with recurring slots, and the entries that
 * fill them. A column runs in some groups or in a group segment (re-read at every slot, so a group
 * that joins the segment mid-month gets the rest of the month).
 */
import { z } from 'zod';

export const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'HH:MM' });
export const DayText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'YYYY-MM-DD' }).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s, { message: 'not a day' });
const Weekdays = z.array(z.number().int().min(1).max(7)).min(1).max(7);

/** How a column recurs, as the operator picks it (stored as an RRULE). ISO weekdays: 1 = Monday … 7 = Sunday. */
export const SlotPattern = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('daily'), time: HHMM }),
  z.object({ kind: z.literal('weekdays'), time: HHMM }),
  z.object({ kind: z.literal('some-weekdays'), time: HHMM, weekdays: Weekdays }),
  /** 1–31, or -1 for the month's last day; a day a month lacks (31 in April) is that month's last day. */
  z.object({ kind: z.literal('month-day'), time: HHMM, monthDay: z.number().int().min(-1).max(31).refine((n) => n !== 0, { message: '1–31 or -1' }) }),
  /** Every `interval` weeks on these weekdays, counted from the column's start day. */
  z.object({ kind: z.literal('every-n-weeks'), time: HHMM, weekdays: Weekdays, interval: z.number().int().min(1).max(52) }),
]);
export type SlotPattern = z.infer<typeof SlotPattern>;

export const COLUMN_COLORS = ['#1677ff', '#52c41a', '#fa8c16', '#eb2f96', '#722ed1', '#13c2c2', '#faad14', '#f5222d'] as const;
export const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: '#RRGGBB' });

export const ColumnTemplate = z.object({
  format: z.enum(['text', 'markdown']).default('text'),
  title: z.string().trim().max(100).default(''),
  /** May be empty: a column need not have a default text. */
  body: z.string().max(4000).default(''),
});
export type ColumnTemplate = z.infer<typeof ColumnTemplate>;

/**
 * idea, draft: being written; approved: will send at its slot; sending: its broadcast is going
 * (or waits for owners and hands); sent: every target got it; partly-sent: some did not;
 * skipped: the operator skipped the slot; missed: the slot came while it was not approved (or the
 * app was closed well past it), and nothing was sent.
 */
export const ENTRY_STATUSES = ['idea', 'draft', 'approved', 'sending', 'sent', 'partly-sent', 'skipped', 'missed'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];
export const EDITABLE_STATUSES = ['idea', 'draft'] as const;

export const MISSED_REASONS = ['not-approved', 'app-closed', 'no-targets'] as const;
