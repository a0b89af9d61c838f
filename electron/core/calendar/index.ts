/**
 * The calendar area (#18, being built): columns (栏目) with recurring slots, entries, playbooks and
 * response scores. Landed so far: the recurrence engine (recurrence.ts: slot patterns stored as
 * RRULEs, expanded in the operator's time zone). It owns no tables yet, and the calendar page
 * stays 即将推出 until the columns, entries and their scheduler land.
 */
export { instantOf, isTimeZone, localDay, minuteOfDay, occurrences, toRRule, type SlotPattern } from './recurrence';
