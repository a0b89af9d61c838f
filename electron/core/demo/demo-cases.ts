/**
 * The demo's case archive (#7): two short discussions written into two of the demo groups by
 * members of those groups, each curated into a case. One has every speaker's consent recorded,
 * the other is still waiting for one; one message carries a WeChat id and another a phone number,
 * so a newcomer sees the redactions at work.
 */
import type { Db } from '../db/open';
import { ingestMessages, type IncomingMessage, type IncomingPerson } from '../inbox';
import { addMessages, createCase, setConsent, updateCase } from '../cases';
import type { ServiceDeps } from '../service-deps';
import { groupIdByName, groupOwner, messageIdsBySourceKey, twoBusiestMembers, type CastRow } from './demo-cases.repo';

const DAY = 86_400_000;

interface Line {
  who: number;
  text: string;
  replyTo?: number;
  mentions?: number[];
}

const ACTIVATION: Line[] = [
  { who: 1, text: '请教大家：新群建好第一周，怎么让新人愿意开口？我们群进了 120 人，只有 5 个人说过话。' },
  { who: 0, text: '@{1} 第一天先发群规和自我介绍模板，我们一般会准备 3 个暖场问题，第二天发一份干货资料。', replyTo: 0, mentions: [1] },
  { who: 2, text: '我们的做法是第三天办一次 20 分钟的语音分享，分享完让大家按模板做自我介绍，发言率从 6% 涨到了 31%。', replyTo: 0 },
  { who: 1, text: '这个数据很有说服力！分享用的资料可以发我一份吗？', replyTo: 2 },
  { who: 2, text: '可以，加我微信 growth_lin2024，备注“社群运营”，我把模板和复盘表发你。', replyTo: 3 },
  { who: 1, text: '已加，谢谢！下周用在我们的新群里，结果回来在群里同步。' },
];

const AFTER_SALES: Line[] = [
  { who: 1, text: '上周物流延误了一批货，客户要退款，大家一般怎么处理比较好？' },
  { who: 2, text: '我们是先主动联系客户，补一张优惠券。售后专线 138 1234 5678，有问题可以直接打过来交流。', replyTo: 0 },
  { who: 1, text: '主动联系这招好，差评会少很多吗？', replyTo: 1 },
  { who: 2, text: '差评率从 4.2% 降到了 1.1%，关键是 24 小时内回复。', replyTo: 2 },
];

/** The owner and the two busiest speakers of a group, as the ingest knows them. */
function castOf(db: Db, groupId: number): IncomingPerson[] {
  const owner = groupOwner(db, groupId);
  const talkers = twoBusiestMembers(db, groupId);
  return [owner, ...talkers].filter((p): p is CastRow => !!p).map((p) => ({ platformUserId: p.platform_user_id, displayName: p.display_name }));
}

function writeDiscussion(db: Db, groupId: number, key: string, at: number, lines: readonly Line[]): number[] {
  const cast = castOf(db, groupId);
  if (cast.length < 3) return [];
  const msgs: IncomingMessage[] = lines.map((l, i) => ({
    groupId,
    sourceKey: `demo-case-${key}-${i}`,
    sentAt: at + i * 4 * 60_000,
    kind: 'text',
    // `{n}`: the name of cast member n, as people write it in an @-mention.
    text: l.text.replace(/\{(\d)\}/g, (_, n: string) => cast[Number(n)]!.displayName),
    sender: cast[l.who]!,
    ...(l.replyTo !== undefined ? { replyToKey: `demo-case-${key}-${l.replyTo}` } : {}),
    ...(l.mentions ? { mentions: l.mentions.map((w) => cast[w]!) } : {}),
  }));
  ingestMessages(db, msgs);
  return messageIdsBySourceKey(db, groupId, msgs.map((m) => m.sourceKey));
}

export function seedCases(db: Db, now: number): void {
  const d: ServiceDeps = { db, locale: 'zh-CN', now: () => now };
  // 20:00 Beijing time, five and three days ago: the evening case-share slot.
  const evening = (daysAgo: number) => (Math.floor((now + 8 * 3_600_000) / DAY) - daysAgo) * DAY + 12 * 3_600_000;

  const beijing = groupIdByName(db, '北京运营交流群');
  const first = beijing === undefined ? [] : writeDiscussion(db, beijing, 'activation', evening(5), ACTIVATION);
  if (first.length) {
    const c = createCase(d, { messageIds: first, title: '新群第一周：用一次语音分享把发言率从 6% 提到 31%' });
    updateCase(d, {
      id: c.id,
      summary: '新群进了 120 人却只有 5 人发言。群友分享了“群规 + 暖场问题 + 第三天语音分享 + 自我介绍模板”的做法，发言率从 6% 提高到 31%，提问的群友随后在自己的新群里照做。',
      tags: { product: ['社群运营实战营'], pain: ['新群冷启动', '新人不开口'], outcome: ['发言率 6%→31%'] },
    });
    for (const p of c.participants) if (p.shownMessages > 0) setConsent(d, { id: c.id, memberId: p.memberId, consent: 'granted', at: new Date(now - 2 * DAY).toISOString(), note: '微信私聊确认：同意以角色标签匿名公开' });
  }

  const shenzhen = groupIdByName(db, '深圳跨境电商卖家群');
  const second = shenzhen === undefined ? [] : writeDiscussion(db, shenzhen, 'after-sales', evening(3), AFTER_SALES);
  if (second.length) {
    const c = createCase(d, { threadOf: second[0]!, title: '物流延误后主动联系客户，差评率从 4.2% 降到 1.1%' });
    // The thread gives the question and its direct replies; the follow-up answer is added by hand.
    const rest = second.filter((id) => !c.messages.some((m) => m.messageId === id));
    const full = rest.length ? addMessages(d, { id: c.id, messageIds: rest }) : c;
    updateCase(d, { id: full.id, summary: '物流延误引发退款和差评时，卖家分享了“主动联系 + 补偿优惠券 + 24 小时内回复”的售后做法。', tags: { product: ['跨境选品入门'], pain: ['物流延误', '差评'], outcome: ['差评率 4.2%→1.1%'] } });
    const [asker, answerer] = [full.messages[0]!.sender.memberId, full.messages[1]!.sender.memberId];
    if (answerer !== null) setConsent(d, { id: full.id, memberId: answerer, consent: 'granted', at: new Date(now - DAY).toISOString(), note: '群内私聊同意' });
    if (asker !== null) setConsent(d, { id: full.id, memberId: asker, consent: 'asked', at: new Date(now - DAY).toISOString(), note: '已发私信询问，等待回复' });
  }
}
