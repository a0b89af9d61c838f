/**
 * Ingest: the one path by which messages, members, memberships and membership events come in
 * (imports, the demo, live connectors). The rules of a batch — identity by platform id, what a
 * session remembers, which counters move live and which once at the end — are here; the
 * statements in ingest.repo.ts.
 */
import type { MessageKind, MemberRole } from '../../../shared/domain/enums';
import type { Db } from '../db/open';
import { isQuestion } from '../text/search-text';
import { activityWindow, addToDelta, applyMemberDelta, applyMembershipDelta, bumpReplies, recountMemberGroups, type ActivityDelta } from '../roster';
import { MESSAGE_FLAG } from '../../../shared/domain/message';
import * as repo from './ingest.repo';

/** One message in the normalized form every source (demo, importers, connectors) produces. */
export interface IncomingMessage {
  groupId: number;
  /** Unique within the group and stable across re-imports (platform message id, or a hash). */
  sourceKey: string;
  sentAt: number;
  kind: MessageKind;
  text: string;
  sender: IncomingPerson | null;
  replyToKey?: string | null;
  mentions?: IncomingPerson[];
  /** References (file names or URLs) as the source wrote them; files are not copied. */
  attachments?: IncomingAttachment[];
}

export interface IncomingAttachment {
  kind: 'image' | 'file' | 'voice' | 'video' | 'sticker' | 'link' | 'other';
  ref: string;
}

export interface IncomingPerson {
  platformUserId: string;
  displayName: string;
  role?: MemberRole;
}

export interface IngestOptions {
  /** Tags every row this call adds, so an import can be undone exactly. */
  importBatchId?: number;
  /** Carries what one import already wrote across its chunks; see createIngestSession. */
  session?: IngestSession;
  /** New messages arrive unread (live connectors); imported history arrives read. */
  unread?: boolean;
}

/**
 * For a long import: remembers members, nicknames and memberships already written, so each is
 * looked up and written once per import rather than once per chunk. Name-history time spans of
 * later chunks are not widened (the first sighting's span is kept); member spans are, by
 * finishSession. Call finishSession in the import's last transaction.
 */
export interface IngestSession {
  members: Map<string, { id: number; name: string; nameAt: number; first: number; last: number; dirty: boolean }>;
  names: Set<string>;
  memberships: Map<string, number>;
  /** Group counters added up over the import, written once by finishSession. */
  groups: Map<number, { added: number; unread: number; last: number; members: boolean }>;
}

export function createIngestSession(): IngestSession {
  return { members: new Map(), names: new Set(), memberships: new Map(), groups: new Map() };
}

export function finishSession(db: Db, session: IngestSession): void {
  const s = repo.ingestStatements(db);
  db.transaction(() => {
    for (const m of session.members.values()) {
      if (!m.dirty) continue;
      s.touchMember.run({ name: m.name, first: m.first, last: m.last, id: m.id, nameAt: m.nameAt });
      m.dirty = false;
    }
    for (const [id, g] of session.groups) {
      s.updateGroupCounters.run({ id, added: g.added, unread: g.unread, last: g.last });
      if (g.members) s.recountMembers.run({ id });
    }
    session.groups.clear();
  })();
}

export interface IngestResult {
  added: number;
  duplicates: number;
  membersAdded: number;
}

interface PersonSeen {
  platform: string;
  platformUserId: string;
  name: string;
  first: number;
  last: number;
  lastName: number;
}

/**
 * Writes a batch of messages in one transaction: members by platform identity (never by display
 * name), nickname history, memberships, messages (a repeated source key is skipped, so a
 * re-import adds nothing) and the group counters. Synchronous: callers own no transaction of
 * their own around it, and nothing inside awaits.
 */
export function ingestMessages(db: Db, batch: readonly IncomingMessage[], opts: IngestOptions = {}): IngestResult {
  const batchId = opts.importBatchId ?? null;
  const s = repo.ingestStatements(db);
  const run = db.transaction((): IngestResult => {
    const platformOf = new Map<number, string>();
    const groupPlatform = (groupId: number): string => {
      let p = platformOf.get(groupId);
      if (p === undefined) {
        const row = s.groupPlatform.get(groupId);
        if (!row) throw new Error(`ingest: group ${groupId} does not exist`);
        p = row.platform;
        platformOf.set(groupId, p);
      }
      return p;
    };

    // Pass 1: every person seen, with the span of time and their latest name.
    const people = new Map<string, PersonSeen>();
    const names = new Map<string, { key: string; groupId: number; name: string; first: number; last: number }>();
    const memberships = new Map<string, { groupId: number; key: string; role: string; joined: number }>();
    const see = (groupId: number, p: IncomingPerson, at: number, spoke: boolean) => {
      const platform = groupPlatform(groupId);
      const key = `${platform}\u0000${p.platformUserId}`;
      const cur = people.get(key);
      if (!cur) people.set(key, { platform, platformUserId: p.platformUserId, name: p.displayName, first: at, last: at, lastName: at });
      else {
        if (at < cur.first) cur.first = at;
        if (at > cur.last) cur.last = at;
        if (at >= cur.lastName && spoke) {
          cur.lastName = at;
          cur.name = p.displayName;
        }
      }
      if (!spoke) return;
      const nk = `${key}\u0000${groupId}\u0000${p.displayName}`;
      const n = names.get(nk);
      if (!n) names.set(nk, { key, groupId, name: p.displayName, first: at, last: at });
      else {
        n.first = Math.min(n.first, at);
        n.last = Math.max(n.last, at);
      }
      const mk = `${groupId}\u0000${key}`;
      const m = memberships.get(mk);
      if (!m) memberships.set(mk, { groupId, key, role: p.role ?? 'member', joined: at });
      else m.joined = Math.min(m.joined, at);
    };
    for (const msg of batch) {
      if (msg.sender) see(msg.groupId, msg.sender, msg.sentAt, true);
      for (const m of msg.mentions ?? []) see(msg.groupId, m, msg.sentAt, false);
    }

    // Pass 2: members, names, memberships. With a session, what is already known is not
    // written again: member time spans are kept in memory and written once by finishSession.
    let membersAdded = 0;
    const memberId = new Map<string, number>();
    // Live: a known member's last-seen time, written with the batch's activity (one rewrite of the row).
    const seenLast = new Map<number, number>();
    const session = opts.session;
    for (const [key, p] of people) {
      const known = session?.members.get(key);
      if (known) {
        if (p.first < known.first) known.first = p.first;
        if (p.last > known.last) known.last = p.last;
        if (p.lastName >= known.nameAt) {
          known.nameAt = p.lastName;
          known.name = p.name;
        }
        known.dirty = true;
        memberId.set(key, known.id);
        continue;
      }
      const found = s.findMember.get(p.platform, p.platformUserId);
      let id: number;
      if (found) {
        // A new name or an earlier first sighting is rare live: only then are the indexed name and
        // first-seen columns written (an UPDATE that sets a column rewrites its index entries even
        // when the value is the same). The last-seen time waits for the batch's activity.
        const renamed = p.lastName >= found.last_seen_at && p.name !== found.display_name;
        if (session || renamed || p.first < found.first_seen_at) s.touchMember.run({ name: p.name, first: p.first, last: p.last, id: found.id, nameAt: p.lastName });
        if (!session) seenLast.set(found.id, p.last);
        id = found.id;
      } else {
        id = Number(s.insertMember.run(p.platform, p.platformUserId, p.name, p.first, p.last, batchId).lastInsertRowid);
        membersAdded++;
      }
      memberId.set(key, id);
      session?.members.set(key, { id, name: p.name, nameAt: p.lastName, first: p.first, last: p.last, dirty: false });
    }
    for (const [nk, n] of names) {
      if (session?.names.has(nk)) continue;
      s.upsertName.run(memberId.get(n.key)!, n.groupId, n.name, n.first, n.last, batchId);
      session?.names.add(nk);
    }
    const membersTouched = new Set<number>();
    const peopleJoined = new Set<number>();
    for (const [mk, m] of memberships) {
      const joined = session?.memberships.get(mk);
      if (joined !== undefined && joined <= m.joined) continue;
      const id = memberId.get(m.key)!;
      // An existing membership only moves its join date back (the upsert never reopens one that
      // ended), so only a new one changes the member's and the group's counts. A session recounts
      // every group it touched once, at its end.
      const had = session ? undefined : s.membershipJoined.get(m.groupId, id);
      const isNew = had === undefined;
      // Live, a membership that began before this batch (the usual case) needs no write here.
      if (isNew || had.joined_at === null || had.joined_at > m.joined) s.upsertMembership.run(m.groupId, id, m.role, m.joined, batchId);
      // Mentions of them in this group before they first spoke (or joined) count from the start.
      if (isNew && !session) s.initMentions.run({ g: m.groupId, m: id });
      session?.memberships.set(mk, m.joined);
      if (isNew) {
        membersTouched.add(m.groupId);
        peopleJoined.add(id);
      }
    }
    // Live path: activity moves with each message. A session (bulk import) rebuilds it once at the end.
    const liveWindow = session ? null : activityWindow(db);
    if (liveWindow) recountMemberGroups(db, peopleJoined);

    // Pass 3: messages and mentions (live: each sender's activity summed for pass 4).
    const membershipDelta = new Map<string, ActivityDelta>();
    const memberDelta = new Map<number, ActivityDelta>();
    let added = 0;
    const unread = opts.unread ? MESSAGE_FLAG.unread : 0;
    const perGroup = new Map<number, { added: number; last: number }>();
    for (const msg of batch) {
      const platform = groupPlatform(msg.groupId);
      const senderId = msg.sender ? memberId.get(`${platform}\u0000${msg.sender.platformUserId}`)! : null;
      const flags = unread | (isQuestion(msg.text) ? MESSAGE_FLAG.question : 0) | (msg.attachments?.length ? MESSAGE_FLAG.attachments : 0);
      const info = s.insertMessage.run(msg.groupId, senderId, msg.sentAt, msg.kind, msg.text, msg.replyToKey ?? null, msg.sourceKey, batchId, flags);
      if (info.changes === 0) continue;
      added++;
      const id = Number(info.lastInsertRowid);
      const mentionIds = (msg.mentions ?? []).map((m) => memberId.get(`${platform}\u0000${m.platformUserId}`)!);
      for (const m of mentionIds) s.insertMention.run(id, m);
      if (liveWindow) {
        if (senderId !== null && msg.kind !== 'system') {
          const mk = `${msg.groupId}\u0000${senderId}`;
          membershipDelta.set(mk, addToDelta(liveWindow, membershipDelta.get(mk), msg.sentAt));
          memberDelta.set(senderId, addToDelta(liveWindow, memberDelta.get(senderId), msg.sentAt));
        }
        bumpReplies(db, { groupId: msg.groupId, senderId, replyToKey: msg.replyToKey ?? null, mentionIds });
      }
      msg.attachments?.forEach((a, i) => s.insertAttachment.run(id, i, a.kind, a.ref.slice(0, 2000)));
      const g = perGroup.get(msg.groupId);
      if (!g) perGroup.set(msg.groupId, { added: 1, last: msg.sentAt });
      else {
        g.added++;
        if (msg.sentAt > g.last) g.last = msg.sentAt;
      }
    }
    // Pass 4 (live): each membership's and member's row rewritten once with the batch's activity.
    if (liveWindow) {
      for (const [mk, d] of membershipDelta) {
        const [g, m] = mk.split('\u0000');
        applyMembershipDelta(db, liveWindow, Number(g), Number(m), d);
      }
      for (const id of new Set([...seenLast.keys(), ...memberDelta.keys()])) applyMemberDelta(db, liveWindow, id, memberDelta.get(id), seenLast.get(id));
    }
    for (const groupId of platformOf.keys()) {
      const g = perGroup.get(groupId) ?? { added: 0, last: 0 };
      const u = unread ? g.added : 0;
      const members = membersTouched.has(groupId);
      if (session) {
        // Written once, by finishSession in the import's last transaction.
        const acc = session.groups.get(groupId);
        if (!acc) session.groups.set(groupId, { added: g.added, unread: u, last: g.last, members });
        else {
          acc.added += g.added;
          acc.unread += u;
          acc.last = Math.max(acc.last, g.last);
          acc.members ||= members;
        }
        continue;
      }
      if (g.added > 0) s.updateGroupCounters.run({ id: groupId, added: g.added, unread: u, last: g.last });
      if (members) s.recountMembers.run({ id: groupId });
    }
    return { added, duplicates: batch.length - added, membersAdded };
  });
  return run.immediate();
}

export interface IncomingEvent {
  groupId: number;
  sourceKey: string;
  at: number;
  kind: 'join' | 'leave' | 'rename' | 'recall' | 'notice';
  members: IncomingPerson[];
  actor?: IncomingPerson;
  detail?: string;
}

/**
 * Membership events: one row per member affected (a join of three people is three rows, keyed
 * `<sourceKey>#<n>`), and the membership itself: a join opens it, a leave closes it.
 * Callers run it inside their transaction (it opens a savepoint of its own).
 */
export function ingestEvents(db: Db, events: readonly IncomingEvent[], opts: IngestOptions = {}): { added: number; membersAdded: number } {
  const batchId = opts.importBatchId ?? null;
  const s = repo.ingestStatements(db);
  const { insertEvent, join, leave, counters } = repo.prepareEventStatements(db);
  return db.transaction(() => {
    let added = 0;
    let membersAdded = 0;
    const touched = new Set<number>();
    const peopleTouched = new Set<number>();
    const ensure = (groupId: number, p: IncomingPerson, at: number): number => {
      const platform = s.groupPlatform.get(groupId)?.platform;
      if (!platform) throw new Error(`ingest: group ${groupId} does not exist`);
      const found = s.findMember.get(platform, p.platformUserId);
      if (found) return found.id;
      membersAdded++;
      return Number(s.insertMember.run(platform, p.platformUserId, p.displayName, at, at, batchId).lastInsertRowid);
    };
    for (const e of events) {
      const actorId = e.actor ? ensure(e.groupId, e.actor, e.at) : null;
      const people = e.members.length ? e.members : [null];
      people.forEach((p, i) => {
        const memberId = p ? ensure(e.groupId, p, e.at) : null;
        const info = insertEvent.run(e.groupId, memberId, e.kind, e.at, actorId, e.detail ?? '', `${e.sourceKey}#${i}`, batchId);
        if (info.changes === 0) return;
        added++;
        if (memberId !== null && e.kind === 'join') join.run(e.groupId, memberId, e.at, batchId);
        if (memberId !== null && e.kind === 'leave') leave.run(e.at, e.groupId, memberId, e.at);
        if (memberId !== null && (e.kind === 'join' || e.kind === 'leave')) peopleTouched.add(memberId);
        touched.add(e.groupId);
      });
    }
    for (const id of touched) counters.run({ id });
    recountMemberGroups(db, peopleTouched);
    return { added, membersAdded };
  })();
}

/**
 * A large import drops the secondary indexes on messages while loading and rebuilds them after:
 * building an index once over sorted data is far cheaper than updating it row by row
 * (ingest.repo.ts DEFERRABLE_INDEXES). ensureMessageIndexes puts back any that a crash
 * mid-import left missing.
 *
 * Also drops the search trigger, remembering (in meta) the highest message id at that moment:
 * every message above it is indexed for search in one statement by ensureMessageIndexes — the
 * import's own rows and any a live connector wrote meanwhile. A crash in between leaves the
 * mark, and the next open finishes the job.
 */
export function dropMessageIndexes(db: Db): void {
  db.transaction(() => repo.dropDeferrableIndexes(db))();
}

/** A chunked import keeps the message indexes but defers the search index to its end (ensureMessageIndexes). */
export function deferSearchIndex(db: Db): void {
  db.transaction(() => repo.dropSearchTrigger(db))();
}

/** The message indexes a bulk import dropped, without the search index (rolling a batch back needs them to find its rows). */
export function createMessageIndexes(db: Db): void {
  db.transaction(() => repo.createDeferrableIndexes(db))();
}

export function ensureMessageIndexes(db: Db): void {
  db.transaction(() => repo.restoreDeferrableIndexes(db))();
}
