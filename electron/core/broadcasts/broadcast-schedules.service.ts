/**
 * Recurring broadcasts: a draft, a rule, and the next occurrence. Each due occurrence becomes an
 * ordinary broadcast (targets resolved at that moment, caps applied) written in ONE transaction
 * with the schedule's move to its next occurrence, so a crash either leaves both undone (the
 * occurrence is made on the next start) or both done — never the same occurrence twice.
 *
 * Occurrences missed while the app was closed are not all sent when it opens again: only the
 * latest one is, and the others are logged as skipped. A week of old 早报 arriving at once is
 * spam in every group, and spam is what kills groups.
 */
import type { ScheduleDto, ScheduleRule } from '../../../shared/api/broadcasts';
import { AppError } from '../../../shared/errors';
import { appError, t } from '../i18n/messages';
import { log } from '../log';
import { dueOccurrences, nextOccurrence, normalizeRule } from './broadcast-schedule';
import { capsOf, createBroadcast, getBroadcastSettings, listBroadcastRows, offsetOf, planBroadcast, type BroadcastDeps, type Targeting } from './broadcasts.service';
import { hasError } from './broadcast-delivery';
import { insertLog } from './broadcasts.repo';
import * as repo from './schedules.repo';
import { iso } from '../clock';

export interface ScheduleDraft {
  name: string;
  format: 'text' | 'markdown';
  title?: string;
  body: string;
  targeting: Targeting;
}

function toDtos(d: BroadcastDeps, rows: readonly repo.ScheduleRow[]): ScheduleDto[] {
  const last = new Map(listBroadcastRows(d.db, rows.map((r) => r.last_broadcast_id).filter((x): x is number => x !== null)).map((b) => [b.id, b]));
  return rows.map((r) => repo.toScheduleDto(r, last));
}

function mustGet(d: BroadcastDeps, id: number): repo.ScheduleRow {
  const r = repo.getScheduleRow(d.db, id);
  if (!r) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.schedule'), id });
  return r;
}

const draftOf = (x: Omit<ScheduleDraft, 'title'> & { title?: string | undefined }): ScheduleDraft => ({ name: x.name, format: x.format, ...(x.title ? { title: x.title } : {}), body: x.body, targeting: x.targeting });

/**
 * Checks the draft as broadcasts.create would today (variables, targets, platform caps; the
 * caller asks the second confirmation) and stores the schedule with its first occurrence.
 */
export function createSchedule(d: BroadcastDeps, draft: Parameters<typeof draftOf>[0], rule: ScheduleRule): ScheduleDto {
  const r = normalizeRule(rule);
  const plan = planBroadcast(d, { ...draftOf(draft), caps: capsOf(getBroadcastSettings(d.db)) });
  if (plan.targets.length === 0) throw appError(d.locale, 'VALIDATION', {}, [{ path: 'targeting', message: t(d.locale, 'broadcast.noTargets') }]);
  const tooLong = plan.targets.filter((x) => x.decision !== 'skip' && hasError(x.checks)).length;
  if (tooLong) {
    const message = t(d.locale, 'broadcast.tooLong', { count: tooLong });
    throw new AppError('VALIDATION', message, [{ path: 'body', message }]);
  }
  const now = d.now();
  const id = repo.insertSchedule(d.db, { name: draft.name, draft: draftOf(draft), rule: r, nextAt: nextOccurrence(r, now, offsetOf(d, now)) }, now);
  return toDtos(d, [mustGet(d, id)])[0]!;
}

export function listSchedules(d: BroadcastDeps): ScheduleDto[] {
  return toDtos(d, repo.listScheduleRows(d.db));
}

/** Paused: nothing is created and there is no next occurrence. Resumed: the next one after now (none is made up). */
export function setSchedulePaused(d: BroadcastDeps, id: number, paused: boolean): ScheduleDto {
  return d.db.transaction(() => {
    const r = mustGet(d, id);
    if ((r.paused === 1) !== paused) {
      const now = d.now();
      const next = paused ? null : nextOccurrence(JSON.parse(r.rule) as ScheduleRule, now, offsetOf(d, now));
      repo.setSchedulePaused(d.db, id, paused, next, now);
    }
    return toDtos(d, [mustGet(d, id)])[0]!;
  }).immediate();
}

export function deleteSchedule(d: BroadcastDeps, id: number): number {
  return d.db.transaction(() => {
    mustGet(d, id);
    return repo.deleteSchedule(d.db, id);
  })();
}

/**
 * Makes the schedule's due occurrence, if it still has one: the broadcast and the move to the
 * next occurrence in one IMMEDIATE transaction (so another process on the same file, such as a
 * CLI send, sees either both or neither). Returns the broadcast created, or null.
 */
export function runSchedule(d: BroadcastDeps, id: number): { broadcastId: number | null; skipped: number } | null {
  return d.db.transaction(() => {
    const now = d.now();
    const r = repo.dueScheduleRow(d.db, id, now);
    if (!r) return null;
    const rule = JSON.parse(r.rule) as ScheduleRule;
    const due = dueOccurrences(rule, r.next_at!, now, offsetOf(d, now));
    let broadcastId: number | null = null;
    let error: string | null = null;
    try {
      // Sent now (the occurrence may be hours old after a restart): quiet hours and caps apply to now.
      broadcastId = createBroadcast(d, { ...(JSON.parse(r.draft) as ScheduleDraft), caps: capsOf(getBroadcastSettings(d.db)) }, t(d.locale, 'actor.scheduler'), { tooLong: 'skip' }).id;
    } catch (e) {
      // The draft no longer fits the workspace (no group left, a segment or a custom field gone):
      // this occurrence creates nothing, the schedule says why and goes on.
      if (!(e instanceof AppError)) throw e;
      error = e.fields?.[0]?.message ?? e.message;
    }
    if (due.skipped) {
      const detail = { skipped: due.count - 1, first: iso(due.skipped.first), last: iso(due.skipped.last), sent: iso(due.latest) };
      log.info(`schedule ${id}: ${detail.skipped} missed occurrence(s) skipped (${detail.first} … ${detail.last}); only the latest is sent`);
      if (broadcastId !== null) insertLog(d.db, { broadcastId, at: now, actor: 'scheduler', action: 'occurrences-skipped', detail: JSON.stringify(detail) });
    }
    repo.recordRun(d.db, id, { nextAt: due.next, broadcastId, error }, now);
    return { broadcastId, skipped: due.count - 1 };
  }).immediate();
}

/** Every schedule that is due now, each in its own transaction; the broadcasts created. */
export function runDueSchedules(d: BroadcastDeps): number[] {
  const ids = repo.dueScheduleIds(d.db, d.now());
  const created: number[] = [];
  for (const id of ids) {
    const r = runSchedule(d, id);
    if (r?.broadcastId != null) created.push(r.broadcastId);
  }
  return created;
}

/** When the next schedule falls due (ms), or null when none is active. */
export function nextDue(d: Pick<BroadcastDeps, 'db'>): number | null {
  return repo.nextScheduleDue(d.db);
}
