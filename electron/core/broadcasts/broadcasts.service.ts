/**
 * Broadcasts: pick the target groups, render the text for each, plan what each platform allows
 * (broadcast-plan.ts) and write the broadcast with its whole outbox in one transaction. Sending
 * is the outbox's job (outbox.ts); this module only decides and records.
 */
import crypto from 'node:crypto';
import { BroadcastSettings, DEFAULT_BROADCAST_SETTINGS, type BroadcastRowDto, type CheckDto, type ImageDto, type PlanDto, type ReportDto, type TargetDto, type VariableDto } from '../../../shared/api/broadcasts';
import type { Locale } from '../../../shared/domain/enums';
import type { GroupCondition } from '../../../shared/domain/segment';
import type { Db } from '../db/open';
import { getMeta, setMeta } from '../db/meta.repo';
import type { Delivery, OutgoingMessage } from '../channels/channel';
import type { RobotPlatform } from '../channels';
import { activeRobotsOfGroups } from '../connections';
import { AppError } from '../../../shared/errors';
import { checksFor, deliveryFor, getsImage, hasError, imageChecks } from './broadcast-delivery';
import { mustGetImage } from './broadcast-images.service';
import { getImage } from './images.repo';
import { writeTable } from '../files/spreadsheet';
import { appError, t } from '../i18n/messages';
import { DEFAULT_CAPS, planTargets, summarize, type PlanCaps, type PlannedTarget, type TargetFacts } from './broadcast-plan';
import { getSegment, groupIdsOf } from '../segments';
import type { ServiceDeps } from '../service-deps';
import * as repo from './broadcasts.repo';
import { iso, isoRequired } from '../clock';

export type BroadcastDeps = ServiceDeps & {
  /** Minutes east of UTC of the operator's zone (quiet hours, local days, {{date}}). */
  utcOffsetMin?: number;
};

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
/** The operator's offset from UTC at that moment (the machine's zone unless the caller fixed one). */
export const offsetOf = (d: BroadcastDeps, at: number): number => d.utcOffsetMin ?? -new Date(at).getTimezoneOffset();

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
    ids = repo.activeGroupIds(d.db);
  } else {
    ids = repo.activeGroupIdsIn(d.db, t.groupIds ?? []);
  }
  const out = new Set(t.excludeGroupIds ?? []);
  return ids.filter((id) => !out.has(id));
}

const tr = (d: BroadcastDeps, key: string) => t(d.locale, key);

// A variable's name is anything between {{ and }} without spaces or braces; what it means is decided below.
const VARIABLE = /\{\{\s*([^\s{}]+)\s*\}\}/g;
/** The built-ins; {{group.<key>}} for any other key reads the group's custom field of that name. */
export const VARIABLES = ['group.name', 'group.city', 'group.owner', 'date'] as const;
const GROUP_PREFIX = 'group.';

/** What the composer may insert: the built-ins, then each custom field key, with how many groups have a value. */
export function listVariables(d: Pick<BroadcastDeps, 'db' | 'locale'>): VariableDto[] {
  const n = repo.builtinVariableCounts(d.db);
  const builtins = VARIABLES.map((name) => ({
    name,
    token: `{{${name}}}`,
    label: t(d.locale, `variable.${name}`),
    builtin: true,
    groups: name === 'date' ? null : (n[name.slice(GROUP_PREFIX.length) as 'name' | 'city' | 'owner'] ?? 0),
  }));
  const custom = repo.customFieldCounts(d.db);
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

type VariableGroup = Pick<repo.PlanGroup, 'name' | 'city' | 'owner'> & { customFields?: Readonly<Record<string, string>> };

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
function facts(d: BroadcastDeps, groupIds: readonly number[], at: number): { groups: Map<number, repo.PlanGroup>; facts: TargetFacts[]; robotPlatforms: Map<number, RobotPlatform> } {
  const groups = new Map(repo.planGroups(d.db, groupIds).map((g) => [g.id, g]));
  const robots = new Map<number, { id: number; lockedUntil: number | null }>();
  const robotPlatforms = new Map<number, RobotPlatform>();
  // Highest id first, so a group with several robots keeps its oldest.
  for (const r of activeRobotsOfGroups(d.db, groupIds)) {
    robots.set(r.group_id, { id: r.id, lockedUntil: r.locked_until });
    robotPlatforms.set(r.id, r.platform);
  }
  const earlier = new Map<number, number[]>();
  const owner = new Map<number, number[]>();
  // Two days around the moment covers its local day in any zone; 32 days back covers its month.
  for (const r of repo.plannedTargetsOf(d.db, groupIds, at - 32 * DAY, at + 2 * DAY)) {
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
  const unknown = unknownVariables(`${input.title ?? ''}\n${input.body}`, repo.customFieldKeys(d.db));
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
    const bid = repo.insertBroadcast(d.db, { name: input.name, format: input.format, title: input.title ?? '', body: input.body, targeting: JSON.stringify(input.targeting), scheduledAt: plan.at, imageId: input.imageId ?? null }, now);
    repo.insertTargets(
      d.db,
      bid,
      plan.targets.map((p): repo.NewTarget => {
        const status = p.decision === 'skip' ? 'skipped' : STATUS_OF[p.mode];
        return {
          groupId: p.groupId,
          mode: p.mode,
          robotId: p.robotId,
          idemKey: `qz-${bid}-${p.groupId}-${crypto.randomBytes(6).toString('hex')}`,
          text: p.delivery.content,
          deliveryFormat: p.delivery.format,
          deliveryTitle: p.delivery.title ?? null,
          plannedAt: p.plannedAt,
          status,
          reasons: JSON.stringify(p.reasons),
          nextAttemptAt: status === 'queued' ? p.plannedAt : null,
          // A skipped target receives nothing, the picture neither.
          imageId: status !== 'skipped' && p.delivery.image ? p.delivery.image.id : null,
        };
      }),
      now,
    );
    repo.insertLog(d.db, { broadcastId: bid, at: now, actor, action: 'created', detail: JSON.stringify(plan.summary) });
    return bid;
  })();
  return { id, plan };
}

// ---- settings, the composer's requests, reports and the operator's actions -------------------

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

/** A draft as the contract carries it (the moment as an ISO string). */
export interface DraftRequest {
  name: string;
  format: 'text' | 'markdown';
  title?: string | undefined;
  body: string;
  targeting: Targeting;
  at?: string | undefined;
  imageId?: number | undefined;
}

/** The draft as the planner takes it, under the workspace's caps. */
function inputOf(db: Db, req: DraftRequest): BroadcastInput {
  return {
    name: req.name,
    format: req.format,
    ...(req.title ? { title: req.title } : {}),
    body: req.body,
    targeting: req.targeting,
    ...(req.at ? { at: Date.parse(req.at) } : {}),
    ...(req.imageId !== undefined ? { imageId: req.imageId } : {}),
    caps: capsOf(getBroadcastSettings(db)),
  };
}

/** The dry run as the composer shows it, with the threshold of the second confirmation. */
export function previewBroadcast(d: BroadcastDeps, req: DraftRequest): PlanDto {
  const plan = planBroadcast(d, inputOf(d.db, req));
  return { at: isoRequired(plan.at), targets: plan.targets.map((p) => ({ ...p, plannedAt: iso(p.plannedAt) })), summary: plan.summary, confirmOver: getBroadcastSettings(d.db).confirmOver };
}

/** The second confirmation: over the threshold, the caller must have seen and repeated the number of groups. */
export function checkConfirmed(d: BroadcastDeps, targeting: Targeting, confirmTargets: number | undefined): void {
  const settings = getBroadcastSettings(d.db);
  const count = resolveTargets(d, targeting).length;
  if (count > settings.confirmOver && confirmTargets !== count) throw appError(d.locale, 'CONFIRM_NEEDED', { count, limit: settings.confirmOver });
}

/** broadcasts.create: the second confirmation, then the broadcast with its outbox. */
export function createFromDraft(d: BroadcastDeps, req: DraftRequest & { confirmTargets?: number | undefined }): { id: number; summary: Plan['summary'] } {
  checkConfirmed(d, req.targeting, req.confirmTargets);
  const r = createBroadcast(d, inputOf(d.db, req));
  return { id: r.id, summary: r.plan.summary };
}

/** These broadcasts' rows (for schedules showing their last one), in no particular order. */
export function listBroadcastRows(db: Db, ids: readonly number[]): BroadcastRowDto[] {
  return repo.withCounts(db, repo.broadcastRowsIn(db, ids));
}

export function listBroadcasts(db: Db, limit: number): BroadcastRowDto[] {
  return repo.withCounts(db, repo.latestBroadcastRows(db, limit));
}

function broadcastRow(d: BroadcastDeps, id: number): repo.BroadcastRow {
  const b = repo.getBroadcastRow(d.db, id);
  if (!b) throw appError(d.locale, 'NOT_FOUND', { what: tr(d, 'what.broadcast'), id });
  return b;
}

function targetRow(d: BroadcastDeps, id: number): repo.TargetRow {
  const r = repo.getTargetRow(d.db, id);
  if (!r) throw appError(d.locale, 'NOT_FOUND', { what: tr(d, 'what.broadcastTarget'), id });
  return r;
}

/** The broadcast a target belongs to (for the progress event after an action on the target). */
export function broadcastOfTarget(d: BroadcastDeps, targetId: number): number {
  const id = repo.broadcastOfTarget(d.db, targetId);
  if (id === undefined) throw appError(d.locale, 'NOT_FOUND', { what: tr(d, 'what.broadcastTarget'), id: targetId });
  return id;
}

export function report(d: BroadcastDeps, id: number): ReportDto {
  const b = broadcastRow(d, id);
  return {
    broadcast: { ...repo.toBroadcastRowDto(b, repo.countsByStatus(d.db, [id]).get(id) ?? {}), format: b.format, title: b.title, body: b.body, image: b.image_id === null ? null : getImage(d.db, b.image_id) },
    targets: repo.targetRowsOf(d.db, id).map(repo.toTargetDto),
    log: repo.logOf(d.db, id),
  };
}

const logAction = (d: BroadcastDeps, broadcastId: number, targetId: number | null, actor: string, action: string, detail = '') => repo.insertLog(d.db, { broadcastId, targetId, at: d.now(), actor, action, detail });

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

export function markManual(d: BroadcastDeps, targetId: number, done: boolean, by: string): TargetDto {
  return d.db.transaction(() => {
    const r = targetRow(d, targetId);
    if (r.mode === 'auto' || !['manual-pending', 'manual-done', 'awaiting-owner'].includes(r.status)) throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'broadcast.notManual') });
    const pending = r.mode === 'owner-confirm' ? 'awaiting-owner' : 'manual-pending';
    repo.setManualStatus(d.db, r.id, { status: done ? 'manual-done' : pending, doneBy: done ? by : null, doneAt: done ? d.now() : null, sentAt: done ? d.now() : null }, d.now());
    logAction(d, r.broadcast_id, r.id, by, done ? 'manual-done' : 'manual-undone');
    // A broadcast with no robot targets never passes through the outbox: the tick is what moves it
    // on from 待发送 (done once nothing is queued or sending, as for any other broadcast).
    repo.refreshBroadcastStatus(d.db, r.broadcast_id, d.now());
    return repo.toTargetDto(targetRow(d, targetId));
  })();
}

export function resolveUncertain(d: BroadcastDeps, targetId: number, resolution: 'sent' | 'resend', by: string): TargetDto {
  return d.db.transaction(() => {
    const r = targetRow(d, targetId);
    if (r.status !== 'uncertain') throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'broadcast.notUncertain') });
    // The uncertain request is part `parts_done` (outbox.ts). 'sent': it arrived, so a picture that
    // was still to follow is queued now; 'resend': that part goes again, then whatever follows it.
    const left = partsOf(r) - r.parts_done - (resolution === 'sent' ? 1 : 0);
    if (resolution === 'sent' && left <= 0) repo.markTargetSent(d.db, r.id, partsOf(r), d.now());
    else repo.requeueTarget(d.db, r.id, resolution === 'sent' ? r.parts_done + 1 : r.parts_done, resolution === 'sent', d.now());
    logAction(d, r.broadcast_id, r.id, by, resolution === 'sent' ? 'resolved-sent' : 'resolved-resend');
    repo.refreshBroadcastStatus(d.db, r.broadcast_id, d.now());
    return repo.toTargetDto(targetRow(d, targetId));
  })();
}

export function retryFailed(d: BroadcastDeps, id: number, by: string): number {
  return d.db.transaction(() => {
    const b = broadcastRow(d, id);
    if (b.status === 'cancelled') throw appError(d.locale, 'CONFLICT', { detail: t(d.locale, 'broadcast.cancelledAlready') });
    // A fresh round of attempts; the platform's errors stay in the log.
    // A target whose text went out before its picture failed sends the picture only (parts_done stays).
    const n = repo.requeueFailed(d.db, id, d.now());
    if (n) logAction(d, id, null, by, 'retry-failed', String(n));
    repo.refreshBroadcastStatus(d.db, id, d.now());
    return n;
  })();
}

export function cancelBroadcast(d: BroadcastDeps, id: number, by: string): number {
  return d.db.transaction(() => {
    broadcastRow(d, id);
    // Queued (not yet claimed), manual and owner tasks stop; a send already under way finishes and is reported.
    const n = repo.cancelOpenTargets(d.db, id, d.now());
    repo.setBroadcastCancelled(d.db, id, d.now());
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
