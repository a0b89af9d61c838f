/**
 * Activity features per membership (one person in one group) and per member (across groups):
 * messages in all/7/30/90 days, distinct active days in 30, first and last message, replies
 * received and given, @-mentions received, questions answered, threads started (own messages
 * that drew at least one reply).
 *
 * Two ways they stay true:
 * - live: `bumpActivity` adds each message as it is stored (a few indexed UPDATEs), so the roster
 *   moves while the operator watches;
 * - rebuilt: `rebuildActivity` recomputes them from the messages (all groups, or the groups an
 *   import or undo touched) as of a moment kept in meta `activity_as_of`. Windowed counts are "as
 *   of that moment, plus what arrived since"; the re-tag job rebuilds them, so they also age.
 * Bulk imports skip the live path and rebuild the groups they loaded at the end.
 */
import { MESSAGE_FLAG } from '../../../shared/domain/message';
import type { Db } from '../db/open';
import { getMeta, setMeta } from '../db/meta.repo';
import * as repo from './activity.repo';

const DAY = 86_400_000;
const AS_OF_KEY = 'activity_as_of';

export interface ActivityOptions {
  asOf: number;
  /** Added to UTC milliseconds to find the local day ("distinct days"); defaults to the system zone. */
  dayOffsetMs?: number;
  /** Called after each of the ACTIVITY_STEPS statements of a rebuild, for a progress bar. */
  onStep?: (done: number) => void;
}

/** How many times rebuildActivity calls `onStep`. */
export const ACTIVITY_STEPS = 7;

const offsetAt = (at: number, given?: number) => given ?? -new Date(at).getTimezoneOffset() * 60_000;

/** The moment activity was last rebuilt for the whole workspace; null before the first rebuild. */
export function activityAsOf(db: Db): number | null {
  const v = getMeta(db, AS_OF_KEY);
  return v === undefined ? null : Number(v);
}

/**
 * Recomputes activity from the stored messages. With `groupIds`, only those groups' memberships
 * (and the members in them) are recomputed, as of the workspace's current activity moment — so
 * they agree with every other group; without one (or before any rebuild), everything as of `asOf`.
 */
export function rebuildActivity(db: Db, o: ActivityOptions & { groupIds?: readonly number[] }): { asOf: number; memberships: number } {
  const stored = activityAsOf(db);
  const scoped = o.groupIds !== undefined && stored !== null;
  const asOf = scoped ? stored : o.asOf;
  const p: repo.RebuildParams = { asOf, off: offsetAt(asOf, o.dayOffsetMs), d7: asOf - 7 * DAY, d30: asOf - 30 * DAY, d90: asOf - 90 * DAY, groups: JSON.stringify(o.groupIds ?? []) };
  let steps = 0;
  const step = () => o.onStep?.(++steps);
  return db.transaction(() => {
    repo.createActivityScratch(db);
    repo.collectMessageActivity(db, p, scoped);
    step();
    repo.collectRepliesGiven(db, p, scoped);
    step();
    repo.collectRepliesReceived(db, p, scoped);
    step();
    repo.collectMentions(db, p, scoped);
    step();
    repo.resetIdleMemberships(db, p, scoped);
    step();
    const updated = repo.copyScratchToMemberships(db);
    step();
    repo.recomputeMembers(db, p, scoped);
    step();
    repo.dropActivityScratch(db);
    if (!scoped) setMeta(db, AS_OF_KEY, String(asOf));
    return { asOf, memberships: updated };
  }).immediate();
}

/**
 * One sender's messages of one ingest batch, summed, so their member and membership rows are
 * rewritten once per batch instead of once per message. `days` are the local days (in the 30-day
 * window) that a message-by-message pass would have counted: a day later than every earlier
 * message of the batch; the UPDATE then keeps those later than the row's last message.
 */
export interface ActivityDelta extends repo.DeltaCounts {
  days: number[];
  /** The latest local day among the batch's messages so far (in window or not). */
  maxDay: number;
}

/** Adds a message sent at `at` to a sender's delta (a new one when `d` is undefined). */
export function addToDelta(w: ActivityWindow, d: ActivityDelta | undefined, at: number): ActivityDelta {
  const win = { d7: finite(w.d7), d30: finite(w.d30), d90: finite(w.d90) };
  const day = Math.floor((at + w.off) / DAY);
  const out = d ?? { k: 0, k7: 0, k30: 0, k90: 0, first: at, last: at, days: [], maxDay: Number.NEGATIVE_INFINITY };
  out.k++;
  if (at > win.d7) out.k7++;
  if (at > win.d30) out.k30++;
  if (at > win.d90) out.k90++;
  out.first = Math.min(out.first, at);
  out.last = Math.max(out.last, at);
  if (at > win.d30 && day > out.maxDay) out.days.push(day);
  out.maxDay = Math.max(out.maxDay, day);
  return out;
}

const NO_DELTA: ActivityDelta = { k: 0, k7: 0, k30: 0, k90: 0, first: 0, last: 0, days: [], maxDay: 0 };

export function applyMembershipDelta(db: Db, w: ActivityWindow, groupId: number, memberId: number, d: ActivityDelta): void {
  repo.liveActivity(db).membershipDelta(groupId, memberId, d, w.off);
}

/** The member's summed activity of a batch and, when given, the batch's latest sighting of them. */
export function applyMemberDelta(db: Db, w: ActivityWindow, memberId: number, d: ActivityDelta | undefined, seenLast: number | undefined): void {
  repo.liveActivity(db).memberDelta(memberId, d ?? NO_DELTA, w.off, seenLast ?? 0);
}

/** The windows the live path counts against, read once per ingest call. */
export interface ActivityWindow {
  d7: number;
  d30: number;
  d90: number;
  off: number;
}

export function activityWindow(db: Db): ActivityWindow {
  // Before any rebuild, every message counts (the first rebuild sets the moment).
  const asOf = activityAsOf(db) ?? Number.NEGATIVE_INFINITY;
  const at = Number.isFinite(asOf) ? asOf : Date.now();
  return { d7: asOf - 7 * DAY, d30: asOf - 30 * DAY, d90: asOf - 90 * DAY, off: offsetAt(at) };
}

/** Adds one stored message to its sender's (and the people it replies to or mentions) activity. Runs inside the caller's transaction. */
export function bumpActivity(db: Db, w: ActivityWindow, m: { groupId: number; senderId: number | null; sentAt: number; kind: string; replyToKey: string | null; mentionIds: readonly number[] }): void {
  if (m.senderId !== null && m.kind !== 'system') {
    const d = addToDelta(w, undefined, m.sentAt);
    applyMembershipDelta(db, w, m.groupId, m.senderId, d);
    applyMemberDelta(db, w, m.senderId, d, undefined);
  }
  bumpReplies(db, m);
}

/** What a message does to others: the person it replies to (and the replier), the people it @-mentions. */
export function bumpReplies(db: Db, m: { groupId: number; senderId: number | null; replyToKey: string | null; mentionIds: readonly number[] }): void {
  const s = repo.liveActivity(db);
  if (m.replyToKey && m.senderId !== null) {
    const t = s.replyTarget(m.groupId, m.replyToKey);
    if (t && t.sender_id !== null && t.sender_id !== m.senderId) {
      s.replyGiven(m.groupId, m.senderId, (t.flags & MESSAGE_FLAG.question) !== 0 ? 1 : 0);
      // Only this reply (just stored) of another person points at the target: the author's first thread.
      s.replyReceived(m.groupId, t.sender_id, t.replies === 1 ? 1 : 0);
    }
  }
  for (const id of m.mentionIds) {
    if (id === m.senderId) continue;
    s.mentionReceived(m.groupId, id);
  }
}

/** After memberships were opened or closed: the members' current group counts. */
export function recountMemberGroups(db: Db, memberIds: Iterable<number>): void {
  const s = repo.liveActivity(db);
  for (const m of memberIds) s.recountGroups(m);
}

// SQLite binds no infinities: before any rebuild, a window that starts "before everything".
const finite = (x: number) => (Number.isFinite(x) ? x : -8.64e15);
