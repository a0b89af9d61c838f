/**
 * Each group's value class by the documented rules (handbook, domain.md), as of a moment:
 *   dead        no message in 14 days, or fewer than 2% of its members spoke in 30 days;
 *   spam        ≥ 30% of its messages in 30 days flagged as ads/spam;
 *   high-value  its speaker share (30 days) at or above its platform's norm, and at least half of
 *               its questions answered (by a reply from someone else, or a staff message within an hour);
 *   general     the rest.
 * The reasons (the numbers each rule saw) are stored beside the class; an operator's override wins
 * wherever a class is read (`ifnull(class_override, class)`).
 */
import type { GroupClass, Platform } from '../../../shared/domain/enums';
import type { Db } from '../db/open';

const DAY = 86_400_000;

/** Share of members who speak in a healthy group, in percent: WeChat C-end ~20%, QQ 5–10%. */
export const SPEAKER_NORM: Record<Platform, number> = {
  wechat: 20,
  wecom: 20,
  qq: 5,
  telegram: 10,
  whatsapp: 20,
  discord: 5,
  slack: 10,
  dingtalk: 20,
  feishu: 20,
  other: 10,
};

export interface ClassReasons {
  lastMessageAt: number | null;
  speakers: number;
  members: number;
  speakerShare: number;
  norm: number;
  messages: number;
  spamShare: number;
  questions: number;
  answered: number;
  rule: 'no-recent-message' | 'few-speakers' | 'spam-share' | 'norm-met' | 'rest';
}

export interface GroupClassRow {
  groupId: number;
  cls: GroupClass;
  reasons: ClassReasons;
}

export function computeGroupClasses(db: Db, asOf: number): GroupClassRow[] {
  const p = { asOf, d30: asOf - 30 * DAY };
  const rows = db
    .prepare(
      `SELECT g.id, g.platform, g.member_count,
         (SELECT max(sent_at) FROM messages WHERE group_id = g.id AND sent_at <= @asOf) AS last_at,
         ifnull(st.speakers, 0) AS speakers, ifnull(st.msgs, 0) AS msgs, ifnull(st.spam, 0) AS spam, ifnull(st.questions, 0) AS questions,
         ifnull(an.answered, 0) AS answered
       FROM groups g
       LEFT JOIN (
         SELECT group_id, count(DISTINCT sender_id) AS speakers, count(*) AS msgs, sum((flags & 4) != 0) AS spam, sum((flags & 8) != 0) AS questions
         FROM messages WHERE sent_at > @d30 AND sent_at <= @asOf AND kind != 'system' GROUP BY group_id
       ) st ON st.group_id = g.id
       LEFT JOIN (
         SELECT q.group_id, count(*) AS answered FROM messages q
         WHERE q.sent_at > @d30 AND q.sent_at <= @asOf AND (q.flags & 8) != 0 AND (
           EXISTS (SELECT 1 FROM messages r WHERE r.group_id = q.group_id AND r.reply_to_key = q.source_key AND r.sender_id IS NOT q.sender_id)
           OR EXISTS (SELECT 1 FROM messages a JOIN memberships sm ON sm.group_id = a.group_id AND sm.member_id = a.sender_id AND sm.role IN ('owner', 'admin')
                      WHERE a.group_id = q.group_id AND a.sent_at > q.sent_at AND a.sent_at <= q.sent_at + 3600000 AND a.sender_id IS NOT q.sender_id))
         GROUP BY q.group_id
       ) an ON an.group_id = g.id
       WHERE g.archived_at IS NULL`,
    )
    .all(p) as { id: number; platform: Platform; member_count: number; last_at: number | null; speakers: number; msgs: number; spam: number; questions: number; answered: number }[];
  return rows.map((r) => {
    const members = Math.max(r.member_count, r.speakers);
    const speakerShare = members ? (100 * r.speakers) / members : 0;
    const spamShare = r.msgs ? (100 * r.spam) / r.msgs : 0;
    const norm = SPEAKER_NORM[r.platform] ?? 10;
    const reasons: ClassReasons = {
      lastMessageAt: r.last_at,
      speakers: r.speakers,
      members,
      speakerShare: Math.round(speakerShare * 10) / 10,
      norm,
      messages: r.msgs,
      spamShare: Math.round(spamShare * 10) / 10,
      questions: r.questions,
      answered: r.answered,
      rule: 'rest',
    };
    let cls: GroupClass = 'general';
    if (r.last_at === null || r.last_at <= asOf - 14 * DAY) [cls, reasons.rule] = ['dead', 'no-recent-message'];
    else if (speakerShare < 2) [cls, reasons.rule] = ['dead', 'few-speakers'];
    else if (spamShare >= 30) [cls, reasons.rule] = ['spam', 'spam-share'];
    else if (speakerShare >= norm && r.answered * 2 >= r.questions) [cls, reasons.rule] = ['high-value', 'norm-met'];
    return { groupId: r.id, cls, reasons };
  });
}

export function storeGroupClasses(db: Db, rows: readonly GroupClassRow[]): void {
  const up = db.prepare('UPDATE groups SET class = ?, class_reasons = ? WHERE id = ?');
  db.transaction(() => {
    for (const r of rows) up.run(r.cls, JSON.stringify(r.reasons), r.groupId);
  }).immediate();
}

export function countClasses(rows: readonly GroupClassRow[]): Record<GroupClass, number> {
  const out: Record<GroupClass, number> = { 'high-value': 0, general: 0, spam: 0, dead: 0 };
  for (const r of rows) out[r.cls]++;
  return out;
}
