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
 * Only memberships current at that moment are tagged. An override ("on"/"off") always wins.
 * Each tag keeps the numbers its rule saw, so the UI can say why.
 */
import { DEFAULT_THRESHOLDS, TagThresholds, type AutoTag } from '../../../shared/domain/roster';
import { getMeta, setMeta } from '../db/meta.repo';
import type { Db } from '../db/open';

const DAY = 86_400_000;

export interface TagRow {
  groupId: number;
  memberId: number;
  tag: AutoTag;
  source: 'auto' | 'manual';
  evidence: Record<string, number | string | null>;
}

interface StatsRow {
  group_id: number;
  member_id: number;
  joined_at: number | null;
  n_active: number;
  days_active: number;
  n_silent: number;
  n_recent: number;
  n_prior: number;
  last_at: number | null;
}

interface InfluenceRow {
  group_id: number;
  member_id: number;
  replied_by: number;
  mentioned_by: number;
  answered: number;
  people: number;
}

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
  const p = {
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
  const present = '(s.joined_at IS NULL OR s.joined_at <= @asOf) AND (s.left_at IS NULL OR s.left_at > @asOf)';
  const stats = db
    .prepare(
      `SELECT s.group_id, s.member_id, s.joined_at,
         ifnull(st.n_active, 0) AS n_active, ifnull(st.days_active, 0) AS days_active, ifnull(st.n_silent, 0) AS n_silent,
         ifnull(st.n_recent, 0) AS n_recent, ifnull(st.n_prior, 0) AS n_prior, st.last_at
       FROM memberships s LEFT JOIN (
         SELECT group_id, sender_id,
           sum(sent_at >= @activeFrom) AS n_active,
           count(DISTINCT CASE WHEN sent_at >= @activeFrom THEN CAST((sent_at + @off) / ${DAY} AS INTEGER) END) AS days_active,
           sum(sent_at > @silentFrom) AS n_silent,
           sum(sent_at > @recentFrom) AS n_recent,
           sum(sent_at > @priorFrom AND sent_at <= @recentFrom) AS n_prior,
           max(sent_at) AS last_at
         FROM messages
         WHERE sent_at > @from AND sent_at <= @asOf AND sender_id IS NOT NULL AND kind != 'system'
         GROUP BY group_id, sender_id
       ) st ON st.group_id = s.group_id AND st.sender_id = s.member_id
       WHERE ${present}`,
    )
    .all({ ...p, from }) as StatsRow[];
  o.onStep?.(1);

  // Influence in the KOL window: who replied to them, who @-mentioned them, whose questions they answered.
  const influence = db
    .prepare(
      `SELECT group_id, member_id,
         count(DISTINCT CASE WHEN how = 'r' THEN other END) AS replied_by,
         count(DISTINCT CASE WHEN how = 'm' THEN other END) AS mentioned_by,
         count(DISTINCT CASE WHEN how = 'a' THEN other END) AS answered,
         count(DISTINCT other) AS people
       FROM (
         SELECT t.group_id, t.sender_id AS member_id, r.sender_id AS other, 'r' AS how
           FROM messages r JOIN messages t ON t.group_id = r.group_id AND t.source_key = r.reply_to_key
           WHERE r.reply_to_key IS NOT NULL AND r.sent_at > @kolFrom AND r.sent_at <= @asOf AND r.sender_id != t.sender_id
         UNION ALL
         SELECT m.group_id, x.member_id, m.sender_id, 'm'
           FROM message_mentions x JOIN messages m ON m.id = x.message_id
           WHERE m.sent_at > @kolFrom AND m.sent_at <= @asOf AND m.sender_id != x.member_id
         UNION ALL
         SELECT r.group_id, r.sender_id, t.sender_id, 'a'
           FROM messages r JOIN messages t ON t.group_id = r.group_id AND t.source_key = r.reply_to_key
           WHERE r.reply_to_key IS NOT NULL AND r.sent_at > @kolFrom AND r.sent_at <= @asOf AND (t.flags & 8) != 0 AND r.sender_id != t.sender_id
       )
       WHERE member_id IS NOT NULL AND other IS NOT NULL
       GROUP BY group_id, member_id`,
    )
    .all(p) as InfluenceRow[];
  o.onStep?.(2);
  const influenceOf = new Map(influence.map((r) => [`${r.group_id}:${r.member_id}`, r]));

  const byGroup = new Map<number, StatsRow[]>();
  for (const r of stats) {
    const list = byGroup.get(r.group_id);
    if (list) list.push(r);
    else byGroup.set(r.group_id, [r]);
  }

  // The rule's window may be shorter than the member's silence: their real last message, for the evidence.
  const lastEver = db.prepare('SELECT max(sent_at) AS at FROM messages WHERE sender_id = ? AND group_id = ? AND sent_at <= ?').pluck();
  const out: TagRow[] = [];
  const add = (r: StatsRow, tag: AutoTag, evidence: TagRow['evidence']) => out.push({ groupId: r.group_id, memberId: r.member_id, tag, source: 'auto', evidence });
  for (const [, members] of byGroup) {
    const speakers = members.filter((r) => r.n_prior > 0);
    const speakerRank = ranks(speakers, (r) => r.n_prior);
    const riskCut = topCount(speakers.length, th.atRiskTopPercent);
    const scored = members.map((r) => ({ r, inf: influenceOf.get(`${r.group_id}:${r.member_id}`) })).filter((x) => x.inf && x.inf.people > 0);
    const kolRank = ranks(scored, (x) => x.inf!.people);
    const kolCut = topCount(members.length, th.kolTopPercent);
    for (const r of members) {
      if (r.joined_at !== null && r.joined_at > asOf - th.newDays * DAY) add(r, 'new', { joinedAt: r.joined_at, days: th.newDays });
      if (r.n_active >= th.activeMinMessages && r.days_active >= th.activeMinDays) add(r, 'active', { messages: r.n_active, days: r.days_active, windowDays: th.activeWindowDays });
      if ((r.joined_at === null || r.joined_at <= asOf - th.silentMinMemberDays * DAY) && r.n_silent === 0)
        add(r, 'silent', { lastMessageAt: r.last_at ?? ((lastEver.get(r.member_id, r.group_id, asOf) as number | null) ?? null), windowDays: th.silentDays });
      const rank = speakerRank.get(r);
      if (rank !== undefined && rank <= riskCut && r.n_recent === 0)
        add(r, 'at-risk', { priorMessages: r.n_prior, rank, speakers: speakers.length, priorDays: th.atRiskPriorDays, recentDays: th.atRiskRecentDays });
    }
    for (const x of scored) {
      const rank = kolRank.get(x)!;
      if (x.inf!.people >= th.kolMinPeople && rank <= kolCut)
        add(x.r, 'kol', { people: x.inf!.people, repliedBy: x.inf!.replied_by, mentionedBy: x.inf!.mentioned_by, answered: x.inf!.answered, rank, members: members.length, windowDays: th.kolWindowDays });
    }
  }

  // The operator's word wins: "off" removes a rule's tag, "on" adds a manual one.
  const overrides = db.prepare('SELECT group_id, member_id, tag, state FROM member_tag_overrides').all() as { group_id: number; member_id: number; tag: AutoTag; state: 'on' | 'off' }[];
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
    db.prepare('DELETE FROM member_tags').run();
    const ins = db.prepare('INSERT INTO member_tags (group_id, member_id, tag, source, evidence) VALUES (?, ?, ?, ?, ?)');
    for (const t of tags) {
      ins.run(t.groupId, t.memberId, t.tag, t.source, JSON.stringify(t.evidence));
    }
  }).immediate();
}

export function setOverride(db: Db, groupId: number, memberId: number, tag: AutoTag, state: 'on' | 'off' | null, now: number): void {
  if (state === null) db.prepare('DELETE FROM member_tag_overrides WHERE group_id = ? AND member_id = ? AND tag = ?').run(groupId, memberId, tag);
  else
    db.prepare(
      `INSERT INTO member_tag_overrides (group_id, member_id, tag, state, set_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (group_id, member_id, tag) DO UPDATE SET state = excluded.state, set_at = excluded.set_at`,
    ).run(groupId, memberId, tag, state, now);
}

/**
 * Shows an override at once in the stored tags (no re-tag needed): "on" makes the tag manual,
 * "off" removes it; clearing a manual tag removes it until the next re-tag decides by the rules.
 */
export function applyOverride(db: Db, groupId: number, memberId: number, tag: AutoTag, state: 'on' | 'off' | null): void {
  if (state === 'on')
    db.prepare(
      `INSERT INTO member_tags (group_id, member_id, tag, source, evidence) VALUES (?, ?, ?, 'manual', '{}')
       ON CONFLICT (group_id, member_id, tag) DO UPDATE SET source = 'manual'`,
    ).run(groupId, memberId, tag);
  else if (state === 'off') db.prepare('DELETE FROM member_tags WHERE group_id = ? AND member_id = ? AND tag = ?').run(groupId, memberId, tag);
  else db.prepare("DELETE FROM member_tags WHERE group_id = ? AND member_id = ? AND tag = ? AND source = 'manual' AND evidence = '{}'").run(groupId, memberId, tag);
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
