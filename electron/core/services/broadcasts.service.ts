/**
 * Broadcasts: pick the target groups, render the text for each, plan what each platform allows
 * (broadcast-plan.ts) and write the broadcast with its whole outbox in one transaction. Sending
 * is the outbox's job (outbox.ts); this module only decides and records.
 */
import crypto from 'node:crypto';
import type { Locale, Platform } from '../../../shared/domain/enums';
import type { Db } from '../db/open';
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
  groupIds?: number[];
  segmentId?: number;
  all?: boolean;
  excludeGroupIds?: number[];
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
