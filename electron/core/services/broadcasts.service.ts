/**
 * Broadcasts: pick the target groups, render the text for each, plan what each platform allows
 * (broadcast-plan.ts) and write the broadcast with its whole outbox in one transaction. Sending
 * is the outbox's job (outbox.ts); this module only decides and records.
 */
import crypto from 'node:crypto';
import { BroadcastSettings, DEFAULT_BROADCAST_SETTINGS, type BroadcastRowDto, type ReportDto, type TargetDto } from '../../../shared/api/broadcasts';
import type { Locale, Platform } from '../../../shared/domain/enums';
import type { Db } from '../db/open';
import { getMeta, setMeta } from '../repos/meta.repo';
import { writeTable } from './spreadsheet';
import { appError, t } from '../i18n/messages';
import { DEFAULT_CAPS, planTargets, summarize, type PlanCaps, type PlannedTarget, type TargetFacts } from './broadcast-plan';
import { getSegment, groupIdsOf } from './segments.service';

export interface BroadcastDeps {
  db: Db;
  locale: Locale;
  now(): number;
  /** Minutes east of UTC of the operator's zone (quiet hours, local days, {{date}}). */
  utcOffsetMin?: number;
}

export interface Targeting {
  groupIds?: number[] | undefined;
  segmentId?: number | undefined;
  all?: boolean | undefined;
  excludeGroupIds?: number[] | undefined;
}

export interface BroadcastInput {
  name: string;
  format: 'text' | 'markdown';
  title?: string;
  body: string;
  targeting: Targeting;
  /** When to send (ms); now when absent. */
  at?: number;
  caps?: PlanCaps;
}

export interface PlannedWithText extends PlannedTarget {
  text: string;
}

const DAY = 86_400_000;
const offsetOf = (d: BroadcastDeps, at: number) => d.utcOffsetMin ?? -new Date(at).getTimezoneOffset();

/** The target groups, archived ones left out, exclusions removed, in id order. */
export function resolveTargets(d: BroadcastDeps, t: Targeting): number[] {
  let ids: number[];
  if (t.segmentId !== undefined) {
    const s = getSegment(d.db, t.segmentId);
    if (!s || s.definition.target !== 'groups') throw appError(d.locale, 'NOT_FOUND', { what: tr(d, 'what.segment'), id: t.segmentId });
    ids = groupIdsOf(d.db, s.definition.condition);
  } else if (t.all) {
    ids = d.db.prepare('SELECT id FROM groups WHERE archived_at IS NULL ORDER BY id').pluck().all() as number[];
  } else {
    ids = d.db.prepare('SELECT id FROM groups WHERE archived_at IS NULL AND id IN (SELECT value FROM json_each(?)) ORDER BY id').pluck().all(JSON.stringify(t.groupIds ?? [])) as number[];
  }
  const out = new Set(t.excludeGroupIds ?? []);
  return ids.filter((id) => !out.has(id));
}

const tr = (d: BroadcastDeps, key: string) => t(d.locale, key);

interface GroupRow {
  id: number;
  name: string;
  platform: Platform;
  city: string;
  owner: string;
}

const VARIABLE = /\{\{\s*([a-z.]+)\s*\}\}/gi;
export const VARIABLES = ['group.name', 'group.city', 'group.owner', 'date'] as const;

/** Variables the text uses that we cannot fill: a broadcast with one is refused. */
export function unknownVariables(body: string): string[] {
  const out = new Set<string>();
  for (const m of body.matchAll(VARIABLE)) if (!(VARIABLES as readonly string[]).includes(m[1]!)) out.add(m[1]!);
  return [...out];
}

/** The text as this group receives it. */
export function renderFor(body: string, g: Pick<GroupRow, 'name' | 'city' | 'owner'>, at: number, offsetMin: number): string {
  const local = new Date(at + offsetMin * 60_000);
  const date = `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}-${String(local.getUTCDate()).padStart(2, '0')}`;
  const values: Record<string, string> = { 'group.name': g.name, 'group.city': g.city, 'group.owner': g.owner, date };
  return body.replace(VARIABLE, (whole, key: string) => values[key] ?? whole);
}

/** What the plan needs to know of each group, read in a few queries. */
function facts(d: BroadcastDeps, groupIds: readonly number[], at: number): { groups: Map<number, GroupRow>; facts: TargetFacts[] } {
  const ids = JSON.stringify(groupIds);
  const groups = new Map((d.db.prepare('SELECT id, name, platform, city, owner FROM groups WHERE id IN (SELECT value FROM json_each(?))').all(ids) as GroupRow[]).map((g) => [g.id, g]));
  const robots = new Map<number, { id: number; lockedUntil: number | null }>();
  for (const r of d.db
    .prepare('SELECT group_id, id, locked_until FROM robots WHERE paused = 0 AND group_id IN (SELECT value FROM json_each(?)) ORDER BY id DESC')
    .all(ids) as { group_id: number; id: number; locked_until: number | null }[])
    robots.set(r.group_id, { id: r.id, lockedUntil: r.locked_until });
  const earlier = new Map<number, number[]>();
  const owner = new Map<number, number[]>();
  // Two days around the moment covers its local day in any zone; 32 days back covers its month.
  for (const r of d.db
    .prepare(
      `SELECT group_id, planned_at, mode FROM broadcast_targets
       WHERE group_id IN (SELECT value FROM json_each(?)) AND planned_at IS NOT NULL AND status NOT IN ('skipped', 'cancelled')
         AND planned_at BETWEEN ? AND ?`,
    )
    .all(ids, at - 32 * DAY, at + 2 * DAY) as { group_id: number; planned_at: number; mode: string }[]) {
    if (Math.abs(r.planned_at - at) <= 2 * DAY) (earlier.get(r.group_id) ?? earlier.set(r.group_id, []).get(r.group_id)!).push(r.planned_at);
    if (r.mode === 'owner-confirm') (owner.get(r.group_id) ?? owner.set(r.group_id, []).get(r.group_id)!).push(r.planned_at);
  }
  return {
    groups,
    facts: groupIds
      .filter((id) => groups.has(id))
      .map((id) => {
        const g = groups.get(id)!;
        return { groupId: id, groupName: g.name, platform: g.platform, robot: robots.get(id) ?? null, earlier: earlier.get(id) ?? [], ownerTasks: owner.get(id) ?? [] };
      }),
  };
}

function checkInput(d: BroadcastDeps, input: BroadcastInput): void {
  const unknown = unknownVariables(`${input.title ?? ''}\n${input.body}`);
  if (unknown.length) throw appError(d.locale, 'VALIDATION', {}, [{ path: 'body', message: t(d.locale, 'broadcast.unknownVariables', { names: unknown.map((x) => `{{${x}}}`).join('、') }) }]);
}

/** The plan, each target with the text it will receive; nothing is stored (the dry run). */
export function planBroadcast(d: BroadcastDeps, input: BroadcastInput): { at: number; targets: PlannedWithText[]; summary: ReturnType<typeof summarize> } {
  checkInput(d, input);
  const at = input.at ?? d.now();
  const offset = offsetOf(d, at);
  const ids = resolveTargets(d, input.targeting);
  const f = facts(d, ids, at);
  const planned = planTargets(f.facts, { at, caps: input.caps ?? DEFAULT_CAPS, utcOffsetMin: offset });
  const targets = planned.map((p) => ({ ...p, text: renderFor(input.body, f.groups.get(p.groupId)!, p.plannedAt ?? at, offset) }));
  return { at, targets, summary: summarize(planned) };
}

const STATUS_OF: Record<PlannedTarget['mode'], string> = { auto: 'queued', 'owner-confirm': 'awaiting-owner', manual: 'manual-pending' };

/** Writes the broadcast and its whole outbox in one transaction. */
export function createBroadcast(d: BroadcastDeps, input: BroadcastInput, actor = 'operator'): { id: number; plan: ReturnType<typeof planBroadcast> } {
  const plan = planBroadcast(d, input);
  if (plan.targets.length === 0) throw appError(d.locale, 'VALIDATION', {}, [{ path: 'targeting', message: t(d.locale, 'broadcast.noTargets') }]);
  const now = d.now();
  const id = d.db.transaction(() => {
    const bid = Number(
      d.db
        .prepare("INSERT INTO broadcasts (name, format, title, body, targeting, scheduled_at, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'scheduled', ?, ?)")
        .run(input.name, input.format, input.title ?? '', input.body, JSON.stringify(input.targeting), plan.at, now, now).lastInsertRowid,
    );
    const insert = d.db.prepare(
      `INSERT INTO broadcast_targets (broadcast_id, group_id, mode, robot_id, idem_key, text, planned_at, status, reasons, next_attempt_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const p of plan.targets) {
      const status = p.decision === 'skip' ? 'skipped' : STATUS_OF[p.mode];
      insert.run(bid, p.groupId, p.mode, p.robotId, `qz-${bid}-${p.groupId}-${crypto.randomBytes(6).toString('hex')}`, p.text, p.plannedAt, status, JSON.stringify(p.reasons), status === 'queued' ? p.plannedAt : null, now);
    }
    d.db.prepare("INSERT INTO broadcast_log (broadcast_id, at, actor, action, detail) VALUES (?, ?, ?, 'created', ?)").run(bid, now, actor, JSON.stringify(plan.summary));
    return bid;
  })();
  return { id, plan };
}

// ---- settings, reports and the operator's actions ------------------------------------------

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function getBroadcastSettings(db: Db): BroadcastSettings {
  const raw = getMeta(db, 'broadcast_settings');
  if (!raw) return { ...DEFAULT_BROADCAST_SETTINGS };
  const parsed = BroadcastSettings.safeParse({ ...DEFAULT_BROADCAST_SETTINGS, ...(JSON.parse(raw) as object) });
  return parsed.success ? parsed.data : { ...DEFAULT_BROADCAST_SETTINGS };
}

export function setBroadcastSettings(db: Db, s: BroadcastSettings): BroadcastSettings {
  setMeta(db, 'broadcast_settings', JSON.stringify(s));
  return s;
}

export const capsOf = (s: BroadcastSettings): PlanCaps => ({ perGroupPerDay: s.perGroupPerDay, quietStart: s.quietStart, quietEnd: s.quietEnd });

interface BroadcastRow {
  id: number;
  name: string;
  status: BroadcastRowDto['status'];
  format: 'text' | 'markdown';
  title: string;
  body: string;
  scheduled_at: number;
  created_at: number;
}

function counts(db: Db, ids: readonly number[]): Map<number, Record<string, number>> {
  const out = new Map<number, Record<string, number>>();
  for (const r of db
    .prepare('SELECT broadcast_id, status, count(*) AS n FROM broadcast_targets WHERE broadcast_id IN (SELECT value FROM json_each(?)) GROUP BY broadcast_id, status')
    .all(JSON.stringify(ids)) as { broadcast_id: number; status: string; n: number }[]) {
    const c = out.get(r.broadcast_id) ?? out.set(r.broadcast_id, {}).get(r.broadcast_id)!;
    c[r.status] = r.n;
  }
  return out;
}

const rowDto = (b: BroadcastRow, c: Record<string, number>): BroadcastRowDto => ({
  id: b.id,
  name: b.name,
  status: b.status,
  scheduledAt: iso(b.scheduled_at)!,
  createdAt: iso(b.created_at)!,
  targets: Object.values(c).reduce((a, n) => a + n, 0),
  counts: c,
});

export function listBroadcasts(db: Db, limit: number): BroadcastRowDto[] {
  const rows = db.prepare('SELECT * FROM broadcasts ORDER BY created_at DESC, id DESC LIMIT ?').all(limit) as BroadcastRow[];
  const c = counts(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((b) => rowDto(b, c.get(b.id) ?? {}));
}

interface TargetRow {
  id: number;
  broadcast_id: number;
  group_id: number;
  group_name: string;
  platform: Platform;
  mode: TargetDto['mode'];
  status: TargetDto['status'];
  reasons: string;
  planned_at: number | null;
  sent_at: number | null;
  attempts: number;
  error_code: string | null;
  error_text: string | null;
  done_by: string | null;
  done_at: number | null;
  text: string;
}

const TARGET_SELECT = 'SELECT t.*, g.name AS group_name, g.platform FROM broadcast_targets t JOIN groups g ON g.id = t.group_id';

const targetDto = (r: TargetRow): TargetDto => ({
  id: r.id,
  groupId: r.group_id,
  groupName: r.group_name,
  platform: r.platform,
  mode: r.mode,
  status: r.status,
  reasons: JSON.parse(r.reasons) as string[],
  plannedAt: iso(r.planned_at),
  sentAt: iso(r.sent_at),
  attempts: r.attempts,
  error: r.error_code ? { code: r.error_code, text: r.error_text ?? '' } : null,
  doneBy: r.done_by,
  doneAt: iso(r.done_at),
  text: r.text,
});

function broadcastRow(d: BroadcastDeps, id: number): BroadcastRow {
  const b = d.db.prepare('SELECT * FROM broadcasts WHERE id = ?').get(id) as BroadcastRow | undefined;
  if (!b) throw appError(d.locale, 'NOT_FOUND', { what: tr(d, 'what.broadcast'), id });
  return b;
}

function targetRow(d: BroadcastDeps, id: number): TargetRow {
  const r = d.db.prepare(`${TARGET_SELECT} WHERE t.id = ?`).get(id) as TargetRow | undefined;
  if (!r) throw appError(d.locale, 'NOT_FOUND', { what: tr(d, 'what.broadcastTarget'), id });
  return r;
}

export function report(d: BroadcastDeps, id: number): ReportDto {
  const b = broadcastRow(d, id);
  const targets = (d.db.prepare(`${TARGET_SELECT} WHERE t.broadcast_id = ? ORDER BY g.platform, g.name, t.id`).all(id) as TargetRow[]).map(targetDto);
  const log = d.db
    .prepare('SELECT l.at, l.actor, l.action, l.detail, g.name AS group_name FROM broadcast_log l LEFT JOIN broadcast_targets t ON t.id = l.target_id LEFT JOIN groups g ON g.id = t.group_id WHERE l.broadcast_id = ? ORDER BY l.at, l.id')
    .all(id) as { at: number; actor: string; action: string; detail: string; group_name: string | null }[];
  return {
    broadcast: { ...rowDto(b, counts(d.db, [id]).get(id) ?? {}), format: b.format, title: b.title, body: b.body },
    targets,
    log: log.map((l) => ({ at: iso(l.at)!, actor: l.actor, action: l.action, groupName: l.group_name, detail: l.detail })),
  };
}

const logAction = (d: BroadcastDeps, broadcastId: number, targetId: number | null, actor: string, action: string, detail = '') =>
  d.db.prepare('INSERT INTO broadcast_log (broadcast_id, target_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?, ?)').run(broadcastId, targetId, d.now(), actor, action, detail);

function refreshStatus(d: BroadcastDeps, broadcastId: number): void {
  const open = d.db.prepare("SELECT count(*) FROM broadcast_targets WHERE broadcast_id = ? AND status IN ('queued', 'sending')").pluck().get(broadcastId) as number;
  d.db.prepare("UPDATE broadcasts SET status = CASE WHEN status = 'cancelled' THEN status WHEN ? = 0 THEN 'done' ELSE 'sending' END, updated_at = ? WHERE id = ?").run(open, d.now(), broadcastId);
}

export function markManual(d: BroadcastDeps, targetId: number, done: boolean, by: string): TargetDto {
  return d.db.transaction(() => {
    const r = targetRow(d, targetId);
    if (r.mode === 'auto' || !['manual-pending', 'manual-done', 'awaiting-owner'].includes(r.status)) throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'broadcast.notManual') });
    const pending = r.mode === 'owner-confirm' ? 'awaiting-owner' : 'manual-pending';
    d.db.prepare('UPDATE broadcast_targets SET status = ?, done_by = ?, done_at = ?, sent_at = ?, updated_at = ? WHERE id = ?').run(done ? 'manual-done' : pending, done ? by : null, done ? d.now() : null, done ? d.now() : null, d.now(), r.id);
    logAction(d, r.broadcast_id, r.id, by, done ? 'manual-done' : 'manual-undone');
    return targetDto(targetRow(d, targetId));
  })();
}

export function resolveUncertain(d: BroadcastDeps, targetId: number, resolution: 'sent' | 'resend', by: string): TargetDto {
  return d.db.transaction(() => {
    const r = targetRow(d, targetId);
    if (r.status !== 'uncertain') throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'broadcast.notUncertain') });
    if (resolution === 'sent') d.db.prepare("UPDATE broadcast_targets SET status = 'sent', sent_at = ifnull(sent_at, ?), updated_at = ? WHERE id = ?").run(d.now(), d.now(), r.id);
    else d.db.prepare("UPDATE broadcast_targets SET status = 'queued', next_attempt_at = ?, error_code = NULL, error_text = NULL, updated_at = ? WHERE id = ?").run(d.now(), d.now(), r.id);
    logAction(d, r.broadcast_id, r.id, by, resolution === 'sent' ? 'resolved-sent' : 'resolved-resend');
    refreshStatus(d, r.broadcast_id);
    return targetDto(targetRow(d, targetId));
  })();
}

export function retryFailed(d: BroadcastDeps, id: number, by: string): number {
  return d.db.transaction(() => {
    const b = broadcastRow(d, id);
    if (b.status === 'cancelled') throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'broadcast.cancelledAlready') });
    // A fresh round of attempts; the platform's errors stay in the log.
    const n = d.db.prepare("UPDATE broadcast_targets SET status = 'queued', attempts = 0, next_attempt_at = ?, error_code = NULL, error_text = NULL, updated_at = ? WHERE broadcast_id = ? AND status = 'failed'").run(d.now(), d.now(), id).changes;
    if (n) logAction(d, id, null, by, 'retry-failed', String(n));
    refreshStatus(d, id);
    return n;
  })();
}

export function cancelBroadcast(d: BroadcastDeps, id: number, by: string): number {
  return d.db.transaction(() => {
    broadcastRow(d, id);
    // Queued (not yet claimed), manual and owner tasks stop; a send already under way finishes and is reported.
    const n = d.db
      .prepare("UPDATE broadcast_targets SET status = 'cancelled', updated_at = ? WHERE broadcast_id = ? AND status IN ('queued', 'manual-pending', 'awaiting-owner')")
      .run(d.now(), id).changes;
    d.db.prepare("UPDATE broadcasts SET status = 'cancelled', updated_at = ? WHERE id = ?").run(d.now(), id);
    logAction(d, id, null, by, 'cancelled', String(n));
    return n;
  })();
}

/** The delivery report as a table: one row per target group. */
export async function exportReport(d: BroadcastDeps, id: number, format: 'csv' | 'xlsx', file: string): Promise<{ rows: number }> {
  const r = report(d, id);
  const L = d.locale;
  const headers = ['col.group', 'col.platform', 'col.mode', 'col.status', 'col.plannedAt', 'col.sentAt', 'col.attempts', 'col.error', 'col.doneBy', 'col.text'].map((k) => t(L, k));
  const local = (s: string | null) => (s ? new Date(s).toLocaleString(L, { hour12: false }) : '');
  const rows = r.targets.map((x) => [
    x.groupName,
    t(L, `platform.${x.platform}`),
    t(L, `mode.${x.mode}`),
    t(L, `status.${x.status}`),
    local(x.plannedAt),
    local(x.sentAt),
    x.attempts,
    x.error ? `${x.error.code}${x.error.text ? `: ${x.error.text}` : ''}` : x.reasons.map((c) => t(L, `reason.${c}`)).join('、'),
    x.doneBy ?? '',
    x.text,
  ]);
  const out = await writeTable(file, format, headers, rows, r.broadcast.name.slice(0, 31));
  return { rows: out.rows };
}
