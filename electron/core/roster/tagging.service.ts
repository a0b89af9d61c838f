/**
 * Auto-tags per membership, by the documented rules (handbook, domain.md), evaluated as of any
 * moment — now, or a past date for an operator analysing an older export:
 *   new      joined within `newDays`;
 *   active   ≥ `activeMinMessages` messages on ≥ `activeMinDays` distinct days in `activeWindowDays`;
 *   silent   a member for ≥ `silentMinMemberDays` with no message in `silentDays` (or never);
 *   at-risk  among the top `atRiskTopPercent`% of the group's speakers over the `atRiskPriorDays`
 *            before the last `atRiskRecentDays`, and silent for those last days;
 *   kol      influence, not volume: distinct members who replied to them, @-mentioned them, or whose
 *            questions they answered, in `kolWindowDays`; in the top `kolTopPercent`% of the group
 *            (at least one person) and at least `kolMinPeople` people.
 * 活跃, 流失风险 and 潜水 are levels, one per membership (潜水 wins over 流失风险, which wins over
 * 活跃); 新人 and KOL sit beside the level (a KOL can be at risk: the one to call first).
 * Only memberships current at that moment are tagged. An override ("on"/"off") always wins.
 * Each tag keeps the numbers its rule saw, so the UI can say why.
 */
import { DEFAULT_THRESHOLDS, TagThresholds, type AutoTag } from '../../../shared/domain/roster';
import { getMeta, setMeta } from '../db/meta.repo';
import type { Db } from '../db/open';
import * as repo from './tagging.repo';

const DAY = 86_400_000;

export type TagRow = repo.StoredTag;

export interface TagOptions {
  asOf: number;
  thresholds: TagThresholds;
  /** Added to UTC milliseconds to find the local calendar day ("distinct days"); defaults to the system zone at asOf. */
  dayOffsetMs?: number;
  /** Called after each of the TAG_STEPS steps (messages, influence, rules), for a progress bar. */
  onStep?: (done: number) => void;
}

/** How many times computeTags calls `onStep`. */
export const TAG_STEPS = 3;

/** The top `percent`% of `n` ranked items, at least one. */
const topCount = (n: number, percent: number) => Math.max(1, Math.ceil((n * percent) / 100));

/** Competition ranks (1, 1, 3 …) of values, highest first. */
function ranks<T>(items: T[], value: (x: T) => number): Map<T, number> {
  const sorted = [...items].sort((a, b) => value(b) - value(a));
  const out = new Map<T, number>();
  sorted.forEach((x, i) => out.set(x, i > 0 && value(sorted[i - 1]!) === value(x) ? out.get(sorted[i - 1]!)! : i + 1));
  return out;
}

export function computeTags(db: Db, o: TagOptions): TagRow[] {
  const th = o.thresholds;
  const asOf = o.asOf;
  const off = o.dayOffsetMs ?? -new Date(asOf).getTimezoneOffset() * 60_000;
  const p: repo.TagWindows = {
    asOf,
    off,
    // "Active in the last 14 days" counts days: today and the 13 local days before it, so the
    // distinct days can never outnumber the window (a 14×24 h window touches 15 dates).
    activeFrom: Math.floor((asOf + off) / DAY) * DAY - off - (th.activeWindowDays - 1) * DAY,
    silentFrom: asOf - th.silentDays * DAY,
    recentFrom: asOf - th.atRiskRecentDays * DAY,
    priorFrom: asOf - (th.atRiskRecentDays + th.atRiskPriorDays) * DAY,
    kolFrom: asOf - th.kolWindowDays * DAY,
  };
  const from = Math.min(p.activeFrom, p.silentFrom, p.priorFrom, p.kolFrom);
  const stats = repo.tagStats(db, { ...p, from });
  o.onStep?.(1);

  // Influence in the KOL window: who replied to them, who @-mentioned them, whose questions they answered.
  const influence = repo.tagInfluence(db, p);
  o.onStep?.(2);
  const influenceOf = new Map(influence.map((r) => [`${r.group_id}:${r.member_id}`, r]));

  const byGroup = new Map<number, repo.StatsRow[]>();
  for (const r of stats) {
    const list = byGroup.get(r.group_id);
    if (list) list.push(r);
    else byGroup.set(r.group_id, [r]);
  }

  // The rule's window may be shorter than the member's silence: their real last message, for the evidence.
  const lastEver = repo.prepareLastMessageAt(db);
  const out: TagRow[] = [];
  const add = (r: repo.StatsRow, tag: AutoTag, evidence: TagRow['evidence']) => out.push({ groupId: r.group_id, memberId: r.member_id, tag, source: 'auto', evidence });
  for (const [, members] of byGroup) {
    const speakers = members.filter((r) => r.n_prior > 0);
    const speakerRank = ranks(speakers, (r) => r.n_prior);
    const riskCut = topCount(speakers.length, th.atRiskTopPercent);
    const scored = members.map((r) => ({ r, inf: influenceOf.get(`${r.group_id}:${r.member_id}`) })).filter((x) => x.inf && x.inf.people > 0);
    const kolRank = ranks(scored, (x) => x.inf!.people);
    const kolCut = topCount(members.length, th.kolTopPercent);
    for (const r of members) {
      if (r.joined_at !== null && r.joined_at > asOf - th.newDays * DAY) add(r, 'new', { joinedAt: r.joined_at, days: th.newDays });
      // One level per membership — 潜水 over 流失风险 over 活跃 — because the rules' windows overlap:
      // silent for a month is past drifting away, and a member quiet all week is not "active"
      // however much they said the week before (the at-risk evidence keeps those numbers).
      const active = r.n_active >= th.activeMinMessages && r.days_active >= th.activeMinDays;
      const silent = (r.joined_at === null || r.joined_at <= asOf - th.silentMinMemberDays * DAY) && r.n_silent === 0;
      const rank = speakerRank.get(r);
      const atRisk = !silent && rank !== undefined && rank <= riskCut && r.n_recent === 0;
      if (silent) add(r, 'silent', { lastMessageAt: r.last_at ?? lastEver(r.member_id, r.group_id, asOf), windowDays: th.silentDays });
      else if (atRisk) {
        const was = active ? { activeMessages: r.n_active, activeDays: r.days_active, activeWindowDays: th.activeWindowDays } : {};
        add(r, 'at-risk', { priorMessages: r.n_prior, rank: rank!, speakers: speakers.length, priorDays: th.atRiskPriorDays, recentDays: th.atRiskRecentDays, ...was });
      } else if (active) add(r, 'active', { messages: r.n_active, days: r.days_active, windowDays: th.activeWindowDays });
    }
    for (const x of scored) {
      const rank = kolRank.get(x)!;
      if (x.inf!.people >= th.kolMinPeople && rank <= kolCut)
        add(x.r, 'kol', { people: x.inf!.people, repliedBy: x.inf!.replied_by, mentionedBy: x.inf!.mentioned_by, answered: x.inf!.answered, rank, members: members.length, windowDays: th.kolWindowDays });
    }
  }

  // The operator's word wins: "off" removes a rule's tag, "on" adds a manual one.
  const overrides = repo.listOverrides(db);
  o.onStep?.(3);
  if (overrides.length === 0) return out;
  const key = (g: number, m: number, t: string) => `${g}:${m}:${t}`;
  const turnedOff = new Set(overrides.filter((x) => x.state === 'off').map((x) => key(x.group_id, x.member_id, x.tag)));
  const kept = out.filter((t) => !turnedOff.has(key(t.groupId, t.memberId, t.tag)));
  const byKey = new Map(kept.map((t) => [key(t.groupId, t.memberId, t.tag), t]));
  for (const x of overrides) {
    if (x.state !== 'on') continue;
    const found = byKey.get(key(x.group_id, x.member_id, x.tag));
    if (found) found.source = 'manual';
    else kept.push({ groupId: x.group_id, memberId: x.member_id, tag: x.tag, source: 'manual', evidence: {} });
  }
  return kept;
}

/** Re-tags the whole workspace in one transaction; returns how many memberships carry each tag. */
export function retag(db: Db, o: TagOptions): Record<AutoTag, number> {
  const tags = computeTags(db, o);
  storeTags(db, tags);
  return countTags(tags);
}

/** Replaces every stored tag with `tags`, in one transaction (a savepoint inside the caller's). */
export function storeTags(db: Db, tags: readonly TagRow[]): void {
  db.transaction(() => {
    repo.deleteAllTags(db);
    repo.insertTags(db, tags);
  }).immediate();
}

export function setOverride(db: Db, groupId: number, memberId: number, tag: AutoTag, state: 'on' | 'off' | null, now: number): void {
  if (state === null) repo.deleteOverride(db, groupId, memberId, tag);
  else repo.upsertOverride(db, groupId, memberId, tag, state, now);
}

/**
 * Shows an override at once in the stored tags (no re-tag needed): "on" makes the tag manual,
 * "off" removes it; clearing a manual tag removes it until the next re-tag decides by the rules.
 */
export function applyOverride(db: Db, groupId: number, memberId: number, tag: AutoTag, state: 'on' | 'off' | null): void {
  if (state === 'on') repo.upsertManualTag(db, groupId, memberId, tag);
  else if (state === 'off') repo.deleteTag(db, groupId, memberId, tag);
  else repo.deleteManualTag(db, groupId, memberId, tag);
}

/** An operator's override, stored and shown at once in the stored tags (both or neither). */
export function overrideTag(db: Db, groupId: number, memberId: number, tag: AutoTag, state: 'on' | 'off' | null, now: number): void {
  db.transaction(() => {
    setOverride(db, groupId, memberId, tag, state, now);
    applyOverride(db, groupId, memberId, tag, state);
  }).immediate();
}

export function countTags(tags: readonly TagRow[]): Record<AutoTag, number> {
  const counts: Record<AutoTag, number> = { new: 0, active: 0, silent: 0, 'at-risk': 0, kol: 0 };
  for (const t of tags) counts[t.tag]++;
  return counts;
}

/** The workspace's thresholds; a stored value that no longer parses falls back to the defaults. */
export function getThresholds(db: Db): TagThresholds {
  const raw = getMeta(db, 'tag_thresholds');
  if (!raw) return DEFAULT_THRESHOLDS;
  try {
    const parsed = TagThresholds.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : DEFAULT_THRESHOLDS;
  } catch {
    return DEFAULT_THRESHOLDS;
  }
}

export function setThresholds(db: Db, th: TagThresholds): TagThresholds {
  setMeta(db, 'tag_thresholds', JSON.stringify(th));
  return th;
}
