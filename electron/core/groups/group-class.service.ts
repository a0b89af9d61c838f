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
import * as repo from './group-class.repo';

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
  const rows = repo.groupClassStats(db, { asOf, d30: asOf - 30 * DAY });
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
  db.transaction(() => repo.updateGroupClasses(db, rows)).immediate();
}

export function countClasses(rows: readonly GroupClassRow[]): Record<GroupClass, number> {
  const out: Record<GroupClass, number> = { 'high-value': 0, general: 0, spam: 0, dead: 0 };
  for (const r of rows) out[r.cls]++;
  return out;
}
