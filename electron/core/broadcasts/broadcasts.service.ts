/**
 * Broadcasts: pick the target groups, render the text for each, plan what each platform allows
 * (broadcast-plan.ts) and write the broadcast with its whole outbox in one transaction. Sending
 * is the outbox's job (outbox.ts); this module only decides and records.
 */
import crypto from 'node:crypto';
import { BroadcastSettings, DEFAULT_BROADCAST_SETTINGS, type BroadcastRowDto, type CheckDto, type ImageDto, type ReportDto, type TargetDto, type VariableDto } from '../../../shared/api/broadcasts';
import type { Locale, Platform } from '../../../shared/domain/enums';
import type { GroupCondition } from '../../../shared/domain/segment';
import type { Db } from '../db/open';
import { getMeta, setMeta } from '../db/meta.repo';
import { parseCustomFields } from '../groups';
import type { Delivery, OutgoingMessage } from '../channels/channel';
import type { RobotPlatform } from '../channels';
import { AppError } from '../../../shared/errors';
import { checksFor, deliveryFor, getsImage, hasError, imageChecks } from './broadcast-delivery';
import { getImage, mustGetImage } from './broadcast-images.service';
import { writeTable } from '../files/spreadsheet';
import { appError, t } from '../i18n/messages';
import { DEFAULT_CAPS, planTargets, summarize, type PlanCaps, type PlannedTarget, type TargetFacts } from './broadcast-plan';
import { getSegment, groupIdsOf } from '../segments';
import { iso } from '../clock';

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
  /** Groups by their tags: an unsaved group condition (the same rules as a group segment). */
  condition?: GroupCondition | undefined;
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
  /** A stored picture (broadcast-images.service.ts). */
  imageId?: number;
}

export interface PlannedWithText extends PlannedTarget {
  /** The same as delivery.content: what the outbox sends or the operator pastes. */
  text: string;
  /** `image`: the picture, when this target receives it. */
  delivery: Delivery & { image?: ImageDto };
  checks: CheckDto[];
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
  } else if (t.condition !== undefined) {
    ids = groupIdsOf(d.db, t.condition);
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
  customFields: Record<string, string>;
}

// A variable's name is anything between {{ and }} without spaces or braces; what it means is decided below.
const VARIABLE = /\{\{\s*([^\s{}]+)\s*\}\}/g;
/** The built-ins; {{group.<key>}} for any other key reads the group's custom field of that name. */
export const VARIABLES = ['group.name', 'group.city', 'group.owner', 'date'] as const;
const GROUP_PREFIX = 'group.';

/** Custom field keys any group has: the names {{group.<key>}} may use. */
export function customFieldKeys(db: Db): string[] {
  return db.prepare("SELECT DISTINCT j.key FROM groups g, json_each(g.custom_fields) j WHERE j.type = 'text' ORDER BY j.key").pluck().all() as string[];
}

/** What the composer may insert: the built-ins, then each custom field key, with how many groups have a value. */
export function listVariables(d: Pick<BroadcastDeps, 'db' | 'locale'>): VariableDto[] {
  const n = d.db.prepare("SELECT sum(name != '') AS name, sum(city != '') AS city, sum(owner != '') AS owner FROM groups WHERE archived_at IS NULL").get() as Record<'name' | 'city' | 'owner', number | null>;
  const builtins = VARIABLES.map((name) => ({
    name,
    token: `{{${name}}}`,
    label: t(d.locale, `variable.${name}`),
    builtin: true,
    groups: name === 'date' ? null : (n[name.slice(GROUP_PREFIX.length) as 'name' | 'city' | 'owner'] ?? 0),
  }));
  const custom = d.db
    .prepare("SELECT j.key, sum(g.archived_at IS NULL AND trim(j.value) != '') AS n FROM groups g, json_each(g.custom_fields) j WHERE j.type = 'text' GROUP BY j.key ORDER BY j.key")
    .all() as { key: string; n: number }[];
  return [...builtins, ...custom.map((c) => ({ name: `${GROUP_PREFIX}${c.key}`, token: `{{${GROUP_PREFIX}${c.key}}}`, label: c.key, builtin: false, groups: c.n }))];
}

/** Variables the text uses that we cannot fill (neither built-in nor any group's custom field): a broadcast with one is refused. */
export function unknownVariables(body: string, customKeys: Iterable<string> = []): string[] {
  const custom = new Set(customKeys);
  const out = new Set<string>();
  for (const m of body.matchAll(VARIABLE)) {
    const name = m[1]!;
    if ((VARIABLES as readonly string[]).includes(name) || (name.startsWith(GROUP_PREFIX) && custom.has(name.slice(GROUP_PREFIX.length)))) continue;
    out.add(name);
  }
  return [...out];
}

type VariableGroup = Pick<GroupRow, 'name' | 'city' | 'owner'> & { customFields?: Readonly<Record<string, string>> };

/** The variable's value for this group; undefined when the name means nothing. */
function valueOf(name: string, g: VariableGroup, at: number, offsetMin: number): string | undefined {
  switch (name) {
    case 'group.name':
      return g.name;
    case 'group.city':
      return g.city;
    case 'group.owner':
      return g.owner;
    case 'date': {
      const local = new Date(at + offsetMin * 60_000);
      return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}-${String(local.getUTCDate()).padStart(2, '0')}`;
    }
  }
  if (!name.startsWith(GROUP_PREFIX)) return undefined;
  const key = name.slice(GROUP_PREFIX.length);
  // A field this group does not have is empty here (another group has it, or the plan refused the name).
  return g.customFields && Object.hasOwn(g.customFields, key) ? g.customFields[key] : '';
}

/** The text as this group receives it. */
export function renderFor(body: string, g: VariableGroup, at: number, offsetMin: number): string {
  return body.replace(VARIABLE, (whole, key: string) => valueOf(key, g, at, offsetMin) ?? whole);
}

/** Variables of the text that have no value for this group. */
export function emptyVariables(text: string, g: VariableGroup, at: number, offsetMin: number): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(VARIABLE)) if (valueOf(m[1]!, g, at, offsetMin)?.trim() === '') out.add(m[1]!);
  return [...out];
}

/** What the plan needs to know of each group, read in a few queries. */
function facts(d: BroadcastDeps, groupIds: readonly number[], at: number): { groups: Map<number, GroupRow>; facts: TargetFacts[]; robotPlatforms: Map<number, RobotPlatform> } {
  const ids = JSON.stringify(groupIds);
  const groups = new Map(
    (d.db.prepare('SELECT id, name, platform, city, owner, custom_fields FROM groups WHERE id IN (SELECT value FROM json_each(?))').all(ids) as (Omit<GroupRow, 'customFields'> & { custom_fields: string })[]).map(
      ({ custom_fields, ...g }) => [g.id, { ...g, customFields: parseCustomFields(custom_fields) }],
    ),
  );
  const robots = new Map<number, { id: number; lockedUntil: number | null }>();
  const robotPlatforms = new Map<number, RobotPlatform>();
  for (const r of d.db
    .prepare('SELECT group_id, id, platform, locked_until FROM robots WHERE paused = 0 AND group_id IN (SELECT value FROM json_each(?)) ORDER BY id DESC')
    .all(ids) as { group_id: number; id: number; platform: RobotPlatform; locked_until: number | null }[]) {
    robots.set(r.group_id, { id: r.id, lockedUntil: r.locked_until });
    robotPlatforms.set(r.id, r.platform);
  }
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
    robotPlatforms,
    facts: groupIds
      .filter((id) => groups.has(id))
      .map((id) => {
        const g = groups.get(id)!;
        return { groupId: id, groupName: g.name, platform: g.platform, robot: robots.get(id) ?? null, earlier: earlier.get(id) ?? [], ownerTasks: owner.get(id) ?? [] };
      }),
  };
}

function checkInput(d: BroadcastDeps, input: BroadcastInput): void {
  const unknown = unknownVariables(`${input.title ?? ''}\n${input.body}`, customFieldKeys(d.db));
  if (unknown.length) throw appError(d.locale, 'VALIDATION', {}, [{ path: 'body', message: t(d.locale, 'broadcast.unknownVariables', { names: unknown.map((x) => `{{${x}}}`).join('、') }) }]);
}

export type Plan = ReturnType<typeof planBroadcast>;

/** The plan's counts, and how many targets that receive something have an error or a warning. */
function summaryOf(targets: readonly PlannedWithText[]) {
  const live = targets.filter((x) => x.decision !== 'skip');
  return {
    ...summarize(targets),
    withErrors: live.filter((x) => hasError(x.checks)).length,
    withWarnings: live.filter((x) => x.checks.some((c) => c.level === 'warning')).length,
  };
}

/** The plan, each target with exactly what it receives and its checks; nothing is stored (the dry run). */
export function planBroadcast(d: BroadcastDeps, input: BroadcastInput): { at: number; targets: PlannedWithText[]; summary: ReturnType<typeof summaryOf> } {
  checkInput(d, input);
  const at = input.at ?? d.now();
  const offset = offsetOf(d, at);
  const ids = resolveTargets(d, input.targeting);
  const f = facts(d, ids, at);
  const planned = planTargets(f.facts, { at, caps: input.caps ?? DEFAULT_CAPS, utcOffsetMin: offset });
  const used = `${input.title ?? ''}\n${input.body}`;
  const image = input.imageId === undefined ? null : mustGetImage(d, input.imageId);
  const targets = planned.map((p): PlannedWithText => {
    const g = f.groups.get(p.groupId)!;
    const when = p.plannedAt ?? at;
    const title = input.title ? renderFor(input.title, g, when, offset).trim() : '';
    const msg: OutgoingMessage = { format: input.format, text: renderFor(input.body, g, when, offset), ...(title ? { title } : {}) };
    const target = { mode: p.mode, platform: p.platform, robotPlatform: p.robotId === null ? null : (f.robotPlatforms.get(p.robotId) ?? null) };
    const delivery = { ...deliveryFor(target, msg), ...(image && getsImage(target) ? { image } : {}) };
    const checks = [...checksFor(target, msg, delivery, emptyVariables(used, g, when, offset)), ...imageChecks(target, image !== null)];
    return { ...p, text: delivery.content, delivery, checks };
  });
  return { at, targets, summary: summaryOf(targets) };
}

const STATUS_OF: Record<PlannedTarget['mode'], string> = { auto: 'queued', 'owner-confirm': 'awaiting-owner', manual: 'manual-pending' };

export interface CreateOptions {
  /**
   * Targets over their platform's length cap: refused (the operator is there to shorten the
   * text), or, for a recurring occurrence nobody is watching, skipped with the reason 'too_long'.
   */
  tooLong?: 'refuse' | 'skip';
}

/** Writes the broadcast and its whole outbox in one transaction. */
export function createBroadcast(d: BroadcastDeps, input: BroadcastInput, actor = 'operator', o: CreateOptions = {}): { id: number; plan: Plan } {
  let plan = planBroadcast(d, input);
  if (plan.targets.length === 0) throw appError(d.locale, 'VALIDATION', {}, [{ path: 'targeting', message: t(d.locale, 'broadcast.noTargets') }]);
  const tooLong = plan.targets.filter((x) => x.decision !== 'skip' && hasError(x.checks));
  if (tooLong.length && o.tooLong !== 'skip') {
    const message = t(d.locale, 'broadcast.tooLong', { count: tooLong.length });
    throw new AppError('VALIDATION', message, [{ path: 'body', message }]);
  }
  if (tooLong.length) {
    const targets = plan.targets.map((x): PlannedWithText => (tooLong.includes(x) ? { ...x, decision: 'skip', reasons: [...x.reasons, 'too_long'], plannedAt: null } : x));
    plan = { ...plan, targets, summary: summaryOf(targets) };
  }
  const now = d.now();
  const id = d.db.transaction(() => {
    const bid = Number(
      d.db
        .prepare("INSERT INTO broadcasts (name, format, title, body, targeting, scheduled_at, status, created_at, updated_at, image_id) VALUES (?, ?, ?, ?, ?, ?, 'scheduled', ?, ?, ?)")
        .run(input.name, input.format, input.title ?? '', input.body, JSON.stringify(input.targeting), plan.at, now, now, input.imageId ?? null).lastInsertRowid,
    );
    const insert = d.db.prepare(
      `INSERT INTO broadcast_targets (broadcast_id, group_id, mode, robot_id, idem_key, text, delivery_format, delivery_title, planned_at, status, reasons, next_attempt_at, updated_at, image_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const p of plan.targets) {
      const status = p.decision === 'skip' ? 'skipped' : STATUS_OF[p.mode];
      insert.run(
        bid,
        p.groupId,
        p.mode,
        p.robotId,
        `qz-${bid}-${p.groupId}-${crypto.randomBytes(6).toString('hex')}`,
        p.delivery.content,
        p.delivery.format,
        p.delivery.title ?? null,
        p.plannedAt,
        status,
        JSON.stringify(p.reasons),
        status === 'queued' ? p.plannedAt : null,
        now,
        // A skipped target receives nothing, the picture neither.
        status !== 'skipped' && p.delivery.image ? p.delivery.image.id : null,
      );
    }
    d.db.prepare("INSERT INTO broadcast_log (broadcast_id, at, actor, action, detail) VALUES (?, ?, ?, 'created', ?)").run(bid, now, actor, JSON.stringify(plan.summary));
    return bid;
  })();
  return { id, plan };
}

// ---- settings, reports and the operator's actions ------------------------------------------


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
  image_id: number | null;
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

/** These broadcasts' rows (for schedules showing their last one), in no particular order. */
export function listBroadcastRows(db: Db, ids: readonly number[]): BroadcastRowDto[] {
  const rows = db.prepare('SELECT * FROM broadcasts WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as BroadcastRow[];
  const c = counts(db, ids);
  return rows.map((b) => rowDto(b, c.get(b.id) ?? {}));
}

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
  image_id: number | null;
  parts_done: number;
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
  image: r.image_id !== null,
  partsDone: r.parts_done,
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
    broadcast: { ...rowDto(b, counts(d.db, [id]).get(id) ?? {}), format: b.format, title: b.title, body: b.body, image: b.image_id === null ? null : getImage(d.db, b.image_id) },
    targets,
    log: log.map((l) => ({ at: iso(l.at)!, actor: l.actor, action: l.action, groupName: l.group_name, detail: l.detail })),
  };
}

const logAction = (d: BroadcastDeps, broadcastId: number, targetId: number | null, actor: string, action: string, detail = '') =>
  d.db.prepare('INSERT INTO broadcast_log (broadcast_id, target_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?, ?)').run(broadcastId, targetId, d.now(), actor, action, detail);

/** Requests a target takes: the text, and for a robot that posts the picture, the picture. */
export const partsOf = (r: { mode: string; image_id: number | null }): number => (r.mode === 'auto' && r.image_id !== null ? 2 : 1);

/** The export's 图片 column: what became of the picture for this group. */
function imageCell(L: Locale, x: TargetDto): string {
  if (x.status === 'skipped' || x.status === 'cancelled') return '';
  if (!x.image) return t(L, 'image.unsupported');
  if (x.mode !== 'auto') return t(L, 'image.byHand');
  if (x.partsDone >= 2) return t(L, 'image.sent');
  if (x.partsDone === 1 && x.status === 'failed') return t(L, 'image.textOnly');
  if (x.partsDone === 1 && x.status === 'uncertain') return t(L, 'image.uncertain');
  return t(L, 'image.pending');
}

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
    // The uncertain request is part `parts_done` (outbox.ts). 'sent': it arrived, so a picture that
    // was still to follow is queued now; 'resend': that part goes again, then whatever follows it.
    const left = partsOf(r) - r.parts_done - (resolution === 'sent' ? 1 : 0);
    if (resolution === 'sent' && left <= 0) d.db.prepare("UPDATE broadcast_targets SET status = 'sent', parts_done = ?, sent_at = ifnull(sent_at, ?), updated_at = ? WHERE id = ?").run(partsOf(r), d.now(), d.now(), r.id);
    else
      d.db
        .prepare("UPDATE broadcast_targets SET status = 'queued', parts_done = ?, part_attempts = CASE WHEN ? THEN 0 ELSE part_attempts END, next_attempt_at = ?, error_code = NULL, error_text = NULL, updated_at = ? WHERE id = ?")
        .run(resolution === 'sent' ? r.parts_done + 1 : r.parts_done, resolution === 'sent' ? 1 : 0, d.now(), d.now(), r.id);
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
    // A target whose text went out before its picture failed sends the picture only (parts_done stays).
    const n = d.db
      .prepare("UPDATE broadcast_targets SET status = 'queued', attempts = 0, part_attempts = 0, next_attempt_at = ?, error_code = NULL, error_text = NULL, updated_at = ? WHERE broadcast_id = ? AND status = 'failed'")
      .run(d.now(), d.now(), id).changes;
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
  const withImage = r.broadcast.image !== null;
  const headers = ['col.group', 'col.platform', 'col.mode', 'col.status', 'col.plannedAt', 'col.sentAt', 'col.attempts', 'col.error', 'col.doneBy', 'col.text', ...(withImage ? ['col.image'] : [])].map((k) => t(L, k));
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
    ...(withImage ? [imageCell(L, x)] : []),
  ]);
  const out = await writeTable(file, format, headers, rows, r.broadcast.name.slice(0, 31));
  return { rows: out.rows };
}
