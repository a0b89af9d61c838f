/**
 * The content calendar (#18, being built): columns (栏目) with recurring slots (recurrence.ts:
 * RRULEs expanded in the operator's time zone), the entries that fill them and their life up to
 * the broadcast made at the slot, and the month / range / lane views' counts.
 *
 * Owns the tables `calendar_columns` and `calendar_entries` and the meta key `calendar_settings`.
 * Its due entries are run by the one scheduler (broadcasts/broadcast-scheduler.ts) through
 * `calendarSource`. Its event: `calendar.reminder` (a slot's checklist is due); the broadcasts it
 * makes report `broadcast.progress`.
 * Other areas use only what this file exports.
 */
export { calendarHandlers, recurringHandlers } from './calendar.handlers';
export { createRecurring, setRecurringPaused } from './recurring.service';
export { seedCalendarDemo } from './calendar-demo';
export { nextDue as calendarNextDue, reminderFor as calendarReminderFor, runDue as calendarRunDue } from './calendar.service';
export { instantOf, isTimeZone, localDay, minuteOfDay, occurrences, toRRule, type SlotPattern } from './recurrence';
