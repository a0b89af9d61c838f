/**
 * Recurring broadcasts are calendar columns now: the composer's 重复 option and the broadcasts
 * page's schedule list (broadcasts.createSchedule / listSchedules / setSchedulePaused /
 * deleteSchedule, whose contract is unchanged) read and write auto-send columns, so one scheduler
 * runs them and the calendar shows them. Migration 14 moved the old schedules here.
 *
 * A rule maps onto a slot pattern one to one: every day → daily; some weekdays → some-weekdays;
 * a day of the month (31: the last day in shorter months) → month-day, which falls on the month's
 * last day when the month lacks the day.
 */
import type { ScheduleDto, ScheduleRule } from '../../../shared/api/broadcasts';
import { COLUMN_COLORS, type SlotPattern } from '../../../shared/domain/calendar';
import { AppError } from '../../../shared/errors';
import { capsOf, getBroadcastSettings, hasError, listBroadcastRows, planBroadcast, type Targeting } from '../broadcasts';
import { iso } from '../clock';
import { appError, t } from '../i18n/messages';
import * as repo from './calendar.repo';
import { deleteColumn, listColumns, saveColumn, type CalendarDeps } from './calendar.service';
import { ColumnInput } from '../../../shared/api/calendar';

export function patternOfRule(r: ScheduleRule): SlotPattern {
  if (r.every === 'week') return { kind: 'some-weekdays', time: r.time, weekdays: [...new Set(r.weekdays ?? [])].sort((a, b) => a - b) };
  if (r.every === 'month') return { kind: 'month-day', time: r.time, monthDay: (r.monthDay ?? 1) === 31 ? -1 : (r.monthDay ?? 1) };
  return { kind: 'daily', time: r.time };
}

/** The rule a column's pattern is, or null when a rule cannot say it (every N weeks). */
export function ruleOfPattern(p: SlotPattern): ScheduleRule | null {
  switch (p.kind) {
    case 'daily':
      return { every: 'day', time: p.time };
    case 'weekdays':
      return { every: 'week', time: p.time, weekdays: [1, 2, 3, 4, 5] };
    case 'some-weekdays':
      return { every: 'week', time: p.time, weekdays: p.weekdays };
    case 'month-day':
      return { every: 'month', time: p.time, monthDay: p.monthDay === -1 ? 31 : p.monthDay };
    case 'every-n-weeks':
      return p.interval === 1 ? { every: 'week', time: p.time, weekdays: p.weekdays } : null;
  }
}

export interface RecurringDraft {
  name: string;
  format: 'text' | 'markdown';
  title?: string | undefined;
  body: string;
  targeting: Targeting;
}

/** A free column name: the draft's, or with " 2", " 3" … when a column has it. */
function freeName(d: CalendarDeps, name: string): string {
  if (repo.columnIdNamed(d.db, name) === undefined) return name;
  for (let i = 2; ; i++) {
    const n = `${name.slice(0, 36)} ${i}`;
    if (repo.columnIdNamed(d.db, n) === undefined) return n;
  }
}

/** Checked as broadcasts.create would be today (variables, groups, platform caps); the caller asks the second confirmation. */
export function createRecurring(d: CalendarDeps, draft: RecurringDraft, rule: ScheduleRule): ScheduleDto {
  const plan = planBroadcast(d, { name: draft.name, format: draft.format, ...(draft.title ? { title: draft.title } : {}), body: draft.body, targeting: draft.targeting, caps: capsOf(getBroadcastSettings(d.db)) });
  if (plan.targets.length === 0) throw appError(d.locale, 'VALIDATION', {}, [{ path: 'targeting', message: t(d.locale, 'broadcast.noTargets') }]);
  const tooLong = plan.targets.filter((x) => x.decision !== 'skip' && hasError(x.checks)).length;
  if (tooLong) {
    const message = t(d.locale, 'broadcast.tooLong', { count: tooLong });
    throw new AppError('VALIDATION', message, [{ path: 'body', message }]);
  }
  const color = COLUMN_COLORS[repo.listColumnRows(d.db).length % COLUMN_COLORS.length]!;
  const c = saveColumn(
    d,
    ColumnInput.parse({ name: freeName(d, draft.name), color, target: draft.targeting, pattern: patternOfRule(rule), template: { format: draft.format, title: draft.title ?? '', body: draft.body }, autoSend: true }),
  );
  return listRecurring(d).find((s) => s.id === c.id)!;
}

/** Auto-send columns a rule can describe, newest first. */
export function listRecurring(d: CalendarDeps): ScheduleDto[] {
  const out: ScheduleDto[] = [];
  const columns = listColumns(d).filter((c) => c.autoSend);
  const last = new Map(columns.map((c) => [c.id, repo.lastMadeEntryOfColumn(d.db, c.id)]));
  const rows = new Map(listBroadcastRows(d.db, [...last.values()].flatMap((e) => (e?.broadcast_id != null ? [e.broadcast_id] : []))).map((b) => [b.id, b]));
  for (const c of columns.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id)) {
    const rule = ruleOfPattern(c.pattern);
    if (!rule) continue;
    const e = last.get(c.id);
    const missed = repo.lastMissedEntryOfColumn(d.db, c.id);
    const lastError = missed && (!e || missed.at > e.at) ? t(d.locale, `calendar.missed.${missed.missed_reason ?? 'not-approved'}`) : null;
    out.push({
      id: c.id,
      name: c.name,
      draft: { name: c.name, format: c.template.format, ...(c.template.title ? { title: c.template.title } : {}), body: c.template.body, targeting: c.target as Targeting },
      rule,
      paused: c.paused,
      nextAt: c.nextAt,
      lastRunAt: e ? iso(e.at) : null,
      lastBroadcast: (e?.broadcast_id != null ? rows.get(e.broadcast_id) : undefined) ?? null,
      lastError,
      createdAt: c.createdAt,
    });
  }
  return out;
}

function mustGetRecurring(d: CalendarDeps, id: number): repo.ColumnRow {
  const c = repo.getColumnRow(d.db, id);
  if (!c || c.auto_send !== 1) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.schedule'), id });
  return c;
}

/** Paused, nothing is made; resumed, it goes on from the next slot after now (none is made up). */
export function setRecurringPaused(d: CalendarDeps, id: number, paused: boolean): ScheduleDto {
  const c = mustGetRecurring(d, id);
  if ((c.paused === 1) !== paused) {
    d.db.transaction(() => {
      repo.setColumnPaused(d.db, id, paused, d.now());
    }).immediate();
  }
  const s = listRecurring(d).find((x) => x.id === id);
  if (!s) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.schedule'), id });
  return s;
}

export function deleteRecurring(d: CalendarDeps, id: number): number {
  mustGetRecurring(d, id);
  return deleteColumn(d, id).deleted;
}
