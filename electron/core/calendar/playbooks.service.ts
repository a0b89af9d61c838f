/**
 * Playbooks: dated steps relative to a start day, applied to one group or a segment of new groups.
 * Posts become the group's own calendar entries (drafts, to be checked and approved like any
 * other); tasks become checkboxes with an owner. One run per playbook and group: applying again
 * asks (CONFLICT naming the groups) and, told to replace, swaps that run's unsent posts and open
 * tasks for new ones — what was sent or ticked stays, and nothing doubles.
 */
import type { ParsedReq } from '../../../shared/api';
import type { PlaybookDto, PlaybookStep, RunDto, TaskDto } from '../../../shared/api/calendar';
import { groupBasics, resolveTargets, targetCountsOf, type Targeting } from '../broadcasts';
import { iso, isoRequired } from '../clock';
import { appError, t } from '../i18n/messages';
import { activeNewcomers } from '../roster';
import * as entries from './calendar.repo';
import { getCalendarSettings, statusOf, type CalendarDeps } from './calendar.service';
import * as repo from './playbooks.repo';
import { instantOf, localDay } from './recurrence';
import { STARTER_PLAYBOOKS } from './starter-playbooks';

const PLAYBOOK_COLOR = '#722ed1';
const DAY = 86_400_000;

interface Resolved {
  key: string;
  name: string;
  steps: PlaybookStep[];
}

function ownDto(r: repo.PlaybookRow, runs: Map<string, number>): PlaybookDto {
  const key = `own:${r.id}`;
  return { key, id: r.id, builtin: false, name: r.name, description: r.description, steps: JSON.parse(r.steps) as PlaybookStep[], runs: runs.get(key) ?? 0 };
}

export function listPlaybooks(d: CalendarDeps): PlaybookDto[] {
  const runs = repo.runCounts(d.db);
  const builtins = STARTER_PLAYBOOKS.map((p): PlaybookDto => {
    const key = `builtin:${p.slug}`;
    return { key, id: null, builtin: true, name: p.name[d.locale], description: p.description[d.locale], steps: p.steps(d.locale), runs: runs.get(key) ?? 0 };
  });
  return [...repo.listPlaybookRows(d.db).map((r) => ownDto(r, runs)), ...builtins];
}

/** A playbook by its key, or by its name (a built-in's in either language). */
export function resolvePlaybook(d: CalendarDeps, keyOrName: string): Resolved {
  const s = keyOrName.trim();
  const builtin = STARTER_PLAYBOOKS.find((p) => `builtin:${p.slug}` === s || p.slug === s || p.name['zh-CN'] === s || p.name.en.toLowerCase() === s.toLowerCase());
  if (builtin) return { key: `builtin:${builtin.slug}`, name: builtin.name[d.locale], steps: builtin.steps(d.locale) };
  const own = /^own:(\d+)$/.exec(s);
  const row = own ? repo.getPlaybookRow(d.db, Number(own[1])) : (() => {
    const id = repo.playbookIdNamed(d.db, s);
    return id === undefined ? undefined : repo.getPlaybookRow(d.db, id);
  })();
  if (!row) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.playbook'), id: s });
  return { key: `own:${row.id}`, name: row.name, steps: JSON.parse(row.steps) as PlaybookStep[] };
}

function checkName(d: CalendarDeps, name: string, id?: number): void {
  const clash = repo.playbookIdNamed(d.db, name);
  const builtin = STARTER_PLAYBOOKS.some((p) => p.name['zh-CN'] === name || p.name.en === name);
  if ((clash !== undefined && clash !== id) || builtin) throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'calendar.playbookExists', { name }) });
}

export function savePlaybook(d: CalendarDeps, req: ParsedReq<'calendar.savePlaybook'>): PlaybookDto {
  const id = d.db.transaction(() => {
    checkName(d, req.name, req.id);
    const row = { name: req.name, description: req.description, steps: JSON.stringify([...req.steps].sort((a, b) => a.day - b.day || a.time.localeCompare(b.time))) };
    if (req.id === undefined) return repo.insertPlaybook(d.db, row, d.now());
    if (!repo.getPlaybookRow(d.db, req.id)) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.playbook'), id: req.id });
    repo.updatePlaybook(d.db, req.id, row, d.now());
    return req.id;
  }).immediate();
  return ownDto(repo.getPlaybookRow(d.db, id)!, repo.runCounts(d.db));
}

export function duplicatePlaybook(d: CalendarDeps, key: string): PlaybookDto {
  const p = resolvePlaybook(d, key);
  const description = listPlaybooks(d).find((x) => x.key === p.key)?.description ?? '';
  let name = t(d.locale, 'calendar.playbookCopy', { name: p.name }).slice(0, 40);
  for (let i = 2; repo.playbookIdNamed(d.db, name) !== undefined; i++) name = `${t(d.locale, 'calendar.playbookCopy', { name: p.name }).slice(0, 36)} ${i}`;
  return savePlaybook(d, { name, description, steps: p.steps });
}

export function deletePlaybook(d: CalendarDeps, id: number): number {
  const n = repo.deletePlaybook(d.db, id);
  if (!n) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.playbook'), id });
  return n;
}

/** The instant of a step: `day` days after the start day, at its wall-clock time in the zone. */
export function stepAt(start: string, step: Pick<PlaybookStep, 'day' | 'time'>, zone: string): number {
  const [h, m] = step.time.split(':').map(Number) as [number, number];
  return instantOf(Date.parse(`${start}T00:00:00Z`) + step.day * DAY + (h * 60 + m) * 60_000, zone);
}

export function applyPlaybook(d: CalendarDeps, req: ParsedReq<'calendar.applyPlaybook'>): { runs: number; entries: number; tasks: number; replaced: number } {
  const p = resolvePlaybook(d, req.key);
  const zone = getCalendarSettings(d).timeZone;
  return d.db.transaction(() => {
    const groups = resolveTargets(d, req.target as Targeting);
    if (!groups.length) throw appError(d.locale, 'VALIDATION', {}, [{ path: 'target', message: t(d.locale, 'broadcast.noTargets') }]);
    const applied = groups.filter((g) => repo.runOf(d.db, p.key, g) !== undefined);
    if (applied.length && !req.replace) {
      const names = groupBasics(d.db, applied).map((g) => g.name);
      throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'calendar.playbookApplied', { name: p.name, count: applied.length, groups: names.slice(0, 5).join('、') }) });
    }
    const now = d.now();
    let made = 0;
    let tasks = 0;
    let replaced = 0;
    for (const g of groups) {
      const before = repo.runOf(d.db, p.key, g);
      let runId: number;
      const kept = new Set<string>();
      if (before) {
        replaced += repo.clearOpenOfRun(d.db, before.id);
        repo.restartRun(d.db, before.id, p.name, req.start, now);
        runId = before.id;
        // What went out or was ticked stays, and is not made again.
        for (const x of repo.postsOfRuns(d.db, [runId])) {
          const e = entries.getEntryRow(d.db, x.id)!;
          kept.add(`post@${e.at}@${e.title}`);
        }
        for (const x of repo.tasksOfRun(d.db, runId)) kept.add(`task@${x.at}@${x.title}`);
      } else runId = repo.insertRun(d.db, { playbook_key: p.key, playbook_name: p.name, group_id: g, start_day: req.start }, now);
      for (const s of p.steps) {
        const at = stepAt(req.start, s, zone);
        if (kept.has(`${s.kind}@${at}@${s.title}`)) continue;
        if (s.kind === 'post') {
          const id = entries.insertEntry(d.db, { column_id: null, column_name: p.name, color: PLAYBOOK_COLOR, at, targeting: JSON.stringify({ groupIds: [g] }), solo_group_id: null, status: 'draft', format: 'markdown', title: s.title, body: s.body, image_id: null, owner: s.owner, note: '' }, now);
          repo.setEntryRun(d.db, id, runId);
          made++;
        } else {
          repo.insertTask(d.db, { run_id: runId, group_id: g, at, title: s.title, body: s.body, owner: s.owner, pick: s.pick ? JSON.stringify(s.pick) : null }, now);
          tasks++;
        }
      }
    }
    return { runs: groups.length, entries: made, tasks, replaced };
  }).immediate();
}

function taskState(r: repo.TaskRow, today: string, zone: string): TaskDto['state'] {
  if (r.done_at !== null) return 'done';
  const day = localDay(r.at, zone);
  return day === today ? 'due' : day < today ? 'overdue' : 'upcoming';
}

function toTaskDtos(d: CalendarDeps, rows: readonly repo.TaskRow[]): TaskDto[] {
  const zone = getCalendarSettings(d).timeZone;
  const now = d.now();
  const today = localDay(now, zone);
  const names = new Map(groupBasics(d.db, [...new Set(rows.map((r) => r.group_id))]).map((g) => [g.id, g.name]));
  const runs = new Map(repo.runRowsIn(d.db, [...new Set(rows.map((r) => r.run_id))]).map((r) => [r.id, r]));
  return rows.map((r) => {
    const pick = r.pick ? (JSON.parse(r.pick) as NonNullable<PlaybookStep['pick']>) : null;
    // Named from the roster once the task's day has come, as of the task's time (or now, if earlier).
    const members = pick && localDay(r.at, zone) <= today ? activeNewcomers(d.db, r.group_id, Math.min(r.at, now), pick.withinDays, pick.count) : [];
    return {
      id: r.id,
      runId: r.run_id,
      groupId: r.group_id,
      groupName: names.get(r.group_id) ?? '',
      playbookName: runs.get(r.run_id)?.playbook_name ?? '',
      at: isoRequired(r.at),
      day: localDay(r.at, zone),
      title: r.title,
      body: r.body,
      owner: r.owner,
      state: taskState(r, today, zone),
      doneAt: iso(r.done_at),
      doneBy: r.done_by,
      members,
    };
  });
}

export function listTasks(d: CalendarDeps, req: ParsedReq<'calendar.listTasks'>): TaskDto[] {
  if (req.runId !== undefined) return toTaskDtos(d, repo.tasksOfRun(d.db, req.runId));
  const zone = getCalendarSettings(d).timeZone;
  const from = req.from ? instantOf(Date.parse(`${req.from}T00:00:00Z`), zone) : 0;
  const to = req.to ? instantOf(Date.parse(`${req.to}T00:00:00Z`) + DAY, zone) : Number.MAX_SAFE_INTEGER;
  return toTaskDtos(d, repo.tasksBetween(d.db, from, to));
}

export function setTaskDone(d: CalendarDeps, id: number, done: boolean, by: string | undefined): TaskDto {
  d.db.transaction(() => {
    if (!repo.getTaskRow(d.db, id)) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.task'), id });
    repo.setTaskDone(d.db, id, done ? d.now() : null, done ? (by ?? t(d.locale, 'actor.operator')) : null);
  }).immediate();
  return toTaskDtos(d, [repo.getTaskRow(d.db, id)!])[0]!;
}

export function listRuns(d: CalendarDeps, groupId?: number): RunDto[] {
  const runs = repo.listRunRows(d.db, groupId);
  if (!runs.length) return [];
  const ids = runs.map((r) => r.id);
  const tasks = toTaskDtos(d, repo.tasksOfRuns(d.db, ids));
  const posts = repo.postsOfRuns(d.db, ids);
  const counts = targetCountsOf(d.db, posts.flatMap((p) => (p.broadcast_id !== null ? [p.broadcast_id] : [])));
  const names = new Map(groupBasics(d.db, [...new Set(runs.map((r) => r.group_id))]).map((g) => [g.id, g.name]));
  return runs.map((r) => {
    const mine = tasks.filter((x) => x.runId === r.id);
    const byStatus: Record<string, number> = {};
    for (const p of posts) {
      if (p.run_id !== r.id) continue;
      const s = statusOf({ status: p.status as entries.EntryRow['status'], broadcast_id: p.broadcast_id }, p.broadcast_id !== null ? counts.get(p.broadcast_id) : undefined);
      byStatus[s] = (byStatus[s] ?? 0) + 1;
    }
    const n = (state: TaskDto['state']) => mine.filter((x) => x.state === state).length;
    return { id: r.id, playbookKey: r.playbook_key, playbookName: r.playbook_name, groupId: r.group_id, groupName: names.get(r.group_id) ?? '', startDay: r.start_day, tasks: { done: n('done'), due: n('due'), overdue: n('overdue'), upcoming: n('upcoming') }, posts: byStatus, createdAt: isoRequired(r.created_at) };
  });
}
