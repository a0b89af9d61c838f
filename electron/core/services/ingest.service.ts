import type { MessageKind, MemberRole } from '../../../shared/domain/enums';
import type { Db } from '../db/open';

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
}

export interface IncomingPerson {
  platformUserId: string;
  displayName: string;
  role?: MemberRole;
}

export interface IngestResult {
  added: number;
  duplicates: number;
  membersAdded: number;
}

interface Statements {
  groupPlatform: import('better-sqlite3').Statement<[number], { platform: string }>;
  findMember: import('better-sqlite3').Statement<[string, string], { id: number; display_name: string; last_seen_at: number }>;
  insertMember: import('better-sqlite3').Statement<[string, string, string, number, number]>;
  touchMember: import('better-sqlite3').Statement<[{ name: string; first: number; last: number; id: number; nameAt: number }]>;
  upsertName: import('better-sqlite3').Statement<[number, number | null, string, number, number]>;
  upsertMembership: import('better-sqlite3').Statement<[number, number, string, number]>;
  insertMessage: import('better-sqlite3').Statement<[number, number | null, number, string, string, string | null, string]>;
  insertMention: import('better-sqlite3').Statement<[number, number]>;
  updateGroupCounters: import('better-sqlite3').Statement<[{ id: number; added: number; last: number }]>;
}

const cache = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let s = cache.get(db);
  if (s) return s;
  s = {
    groupPlatform: db.prepare('SELECT platform FROM groups WHERE id = ?'),
    findMember: db.prepare('SELECT id, display_name, last_seen_at FROM members WHERE platform = ? AND platform_user_id = ?'),
    insertMember: db.prepare('INSERT INTO members (platform, platform_user_id, display_name, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?)'),
    touchMember: db.prepare(
      `UPDATE members SET
         display_name = CASE WHEN @nameAt >= last_seen_at THEN @name ELSE display_name END,
         first_seen_at = min(first_seen_at, @first),
         last_seen_at = max(last_seen_at, @last)
       WHERE id = @id`,
    ),
    upsertName: db.prepare(
      `INSERT INTO member_names (member_id, group_id, name, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (member_id, ifnull(group_id, 0), name) DO UPDATE SET
         first_seen_at = min(first_seen_at, excluded.first_seen_at),
         last_seen_at = max(last_seen_at, excluded.last_seen_at)`,
    ),
    upsertMembership: db.prepare(
      `INSERT INTO memberships (group_id, member_id, role, joined_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (group_id, member_id) DO UPDATE SET joined_at = min(ifnull(joined_at, excluded.joined_at), excluded.joined_at)`,
    ),
    insertMessage: db.prepare(
      `INSERT INTO messages (group_id, sender_id, sent_at, kind, text, reply_to_key, source_key) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (group_id, source_key) DO NOTHING`,
    ),
    insertMention: db.prepare('INSERT OR IGNORE INTO message_mentions (message_id, member_id) VALUES (?, ?)'),
    updateGroupCounters: db.prepare(
      `UPDATE groups SET
         message_count = message_count + @added,
         last_message_at = CASE WHEN @added > 0 THEN max(ifnull(last_message_at, @last), @last) ELSE last_message_at END,
         member_count = (SELECT count(*) FROM memberships WHERE group_id = @id AND left_at IS NULL)
       WHERE id = @id`,
    ),
  };
  cache.set(db, s);
  return s;
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
export function ingestMessages(db: Db, batch: readonly IncomingMessage[]): IngestResult {
  const s = statements(db);
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

    // Pass 2: members, names, memberships.
    let membersAdded = 0;
    const memberId = new Map<string, number>();
    for (const [key, p] of people) {
      const found = s.findMember.get(p.platform, p.platformUserId);
      if (found) {
        s.touchMember.run({ name: p.name, first: p.first, last: p.last, id: found.id, nameAt: p.lastName });
        memberId.set(key, found.id);
      } else {
        const info = s.insertMember.run(p.platform, p.platformUserId, p.name, p.first, p.last);
        memberId.set(key, Number(info.lastInsertRowid));
        membersAdded++;
      }
    }
    for (const n of names.values()) s.upsertName.run(memberId.get(n.key)!, n.groupId, n.name, n.first, n.last);
    for (const m of memberships.values()) s.upsertMembership.run(m.groupId, memberId.get(m.key)!, m.role, m.joined);

    // Pass 3: messages and mentions.
    let added = 0;
    const perGroup = new Map<number, { added: number; last: number }>();
    for (const msg of batch) {
      const platform = groupPlatform(msg.groupId);
      const senderId = msg.sender ? memberId.get(`${platform}\u0000${msg.sender.platformUserId}`)! : null;
      const info = s.insertMessage.run(msg.groupId, senderId, msg.sentAt, msg.kind, msg.text, msg.replyToKey ?? null, msg.sourceKey);
      if (info.changes === 0) continue;
      added++;
      const id = Number(info.lastInsertRowid);
      for (const m of msg.mentions ?? []) s.insertMention.run(id, memberId.get(`${platform}\u0000${m.platformUserId}`)!);
      const g = perGroup.get(msg.groupId);
      if (!g) perGroup.set(msg.groupId, { added: 1, last: msg.sentAt });
      else {
        g.added++;
        if (msg.sentAt > g.last) g.last = msg.sentAt;
      }
    }
    for (const groupId of platformOf.keys()) {
      const g = perGroup.get(groupId) ?? { added: 0, last: 0 };
      s.updateGroupCounters.run({ id: groupId, added: g.added, last: g.last });
    }
    return { added, duplicates: batch.length - added, membersAdded };
  });
  return run.immediate();
}
