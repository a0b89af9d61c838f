import type { GroupInputParsed } from '../../../shared/domain/group';
import type { Db } from '../db/open';
import { insertGroup } from '../groups';
import { setMeta } from '../db/meta.repo';
import { ingestEvents, ingestMessages, type IncomingEvent } from '../inbox';
import { runRosterJobOn } from '../roster';
import { generateMessages, personName } from './generator';
import { createRng } from './random';
import type { Vault } from '../secrets';
import { addRobot } from '../connections';
import { createBroadcast } from '../broadcasts';
import { saveTemplate, starterTemplates } from '../broadcasts';
import { createRecurring, seedCalendarDemo, setRecurringPaused } from '../calendar';
import { seedCases } from './demo-cases';
import { groupIdByName } from './demo-cases.repo';
import * as repo from './demo.repo';

/** Nothing listens there: the demo's robots can never post anywhere, even when tested. */
export const DEMO_ROBOT_URL = 'http://127.0.0.1:9';

const g = (p: Partial<GroupInputParsed> & Pick<GroupInputParsed, 'platform' | 'name' | 'groupType'>): GroupInputParsed => ({
  positioning: '',
  audience: '',
  city: '',
  owner: '',
  capacity: null,
  rules: '',
  welcomeText: '',
  lifecycleStage: 'healthy',
  ...p,
});

const RULES = '1. 禁止广告与二维码\n2. 讨论与本群主题相关的话题\n3. 改群昵称：城市-公司-姓名';

/** The groups a newcomer sees: a dozen across platforms, B-end and C-end, at different stages. */
export const DEMO_GROUPS: GroupInputParsed[] = [
  g({ platform: 'wechat', name: '北京运营交流群', groupType: 'C', city: '北京', owner: '王芳', capacity: 500, positioning: '北京地区社群运营从业者的经验交流', audience: '社群运营、用户运营从业者', rules: RULES, welcomeText: '欢迎加入！请先做个自我介绍：城市+公司+擅长方向。', customFields: { 讲师: '王芳', 课程: '社群运营实战营' } }),
  g({ platform: 'wecom', name: '星河科技·VIP客户服务群', groupType: 'B', city: '上海', owner: '李强', capacity: 100, positioning: '星河科技付费客户的服务与答疑', audience: '企业客户的对接人', externalId: 'wrOgQhDgAAcwMTB7YmDkbeBsgT_demo1' }),
  g({ platform: 'qq', name: 'Python 学习交流群', groupType: 'C', city: '', owner: '张伟', capacity: 2000, positioning: 'Python 零基础到进阶的学习互助', audience: '在校学生与转行学习者', externalId: '612345678', rules: RULES, customFields: { 讲师: '张伟', 课程: 'Python 零基础 30 天' } }),
  g({ platform: 'telegram', name: 'Qunzhu Growth Lab', groupType: 'C', city: '深圳', owner: '陈晨', capacity: 1000, positioning: '出海增长与社群运营的中英文交流', audience: '出海团队的增长负责人', externalId: '-1001234567890' }),
  g({ platform: 'wechat', name: '上海宝妈好物分享群', groupType: 'C', city: '上海', owner: '刘娜', capacity: 500, positioning: '母婴好物推荐与团购', audience: '上海 0-6 岁孩子的家长', lifecycleStage: 'declining' }),
  g({ platform: 'wecom', name: '华东区代理商群', groupType: 'B', city: '杭州', owner: '赵磊', capacity: 100, positioning: '华东区代理商政策同步与订货答疑', audience: '签约代理商', externalId: 'wrOgQhDgAAcwMTB7YmDkbeBsgT_demo2' }),
  g({ platform: 'dingtalk', name: '运营中心内部通知群', groupType: 'B', city: '北京', owner: '王芳', capacity: 200, positioning: '运营团队内部通知（群机器人推送）', audience: '运营中心员工' }),
  g({ platform: 'feishu', name: '内容组选题会', groupType: 'B', city: '北京', owner: '周杰', capacity: 50, positioning: '内容选题与排期', audience: '内容组成员' }),
  g({ platform: 'qq', name: '独立游戏开发者联盟', groupType: 'C', city: '成都', owner: '黄涛', capacity: 1000, positioning: '独立游戏开发经验与资源交流', audience: '独立游戏开发者', externalId: '723456789' }),
  g({ platform: 'wechat', name: '深圳跨境电商卖家群', groupType: 'C', city: '深圳', owner: '吴敏', capacity: 500, positioning: '跨境电商选品、物流与平台政策', audience: '跨境电商卖家', lifecycleStage: 'activating', customFields: { 讲师: '吴敏', 课程: '跨境选品入门' } }),
  g({ platform: 'wechat', name: '成都读书会', groupType: 'C', city: '成都', owner: '徐静', capacity: 200, positioning: '每月共读一本书，线下见面', audience: '成都的读书爱好者', lifecycleStage: 'dormant' }),
  g({ platform: 'discord', name: 'AI 绘画创作社区', groupType: 'C', city: '', owner: '孙浩然', capacity: 5000, positioning: 'AI 绘画作品与提示词交流', audience: 'AI 绘画爱好者', externalId: '987654321098765432' }),
];

export interface DemoSize {
  members: number;
  messages: number;
  days: number;
}
export const DEMO_SIZE: DemoSize = { members: 320, messages: 3600, days: 30 };

/** Fills an empty workspace with the demo groups and 30 days of generated history ending now. */
export function seedDemo(db: Db, now: number, vault: Vault, size: DemoSize = DEMO_SIZE): { groups: number; messages: number } {
  // One transaction: a demo is either all there or not at all.
  return db.transaction(() => {
    const groups = DEMO_GROUPS.map((input) => ({ id: insertGroup(db, input, now - size.days * 86_400_000), platform: input.platform }));
    setMeta(db, 'demo', '1');
    let messages = 0;
    // The last day arrives unread, as it would from live connectors: the inbox has something to read.
    const recent = now - 86_400_000;
    for (const batch of generateMessages(groups, { seed: 20261123, now, ...size })) {
      messages += ingestMessages(db, batch.filter((m) => m.sentAt < recent)).added;
      messages += ingestMessages(db, batch.filter((m) => m.sentAt >= recent), { unread: true }).added;
    }
    // Members who joined and never spoke (潜水), some of them in the last week: every group has its
    // silent majority and its newcomers, as real groups do.
    const rng = createRng(20261124);
    const joins: IncomingEvent[] = [];
    groups.forEach((grp, gi) => {
      for (let k = 0; k < 12; k++) {
        const at = now - rng.int(1, size.days * 24 - 1) * 3_600_000;
        joins.push({ groupId: grp.id, sourceKey: `demo-join-${gi}-${k}`, at, kind: 'join', members: [{ platformUserId: `lurker-${gi}-${k}`, displayName: personName(rng) }] });
      }
    });
    ingestEvents(db, joins);
    seedRoster(db, now, rng);
    // Activity, tags with their evidence, and group classes as of now: the roster is ready to read.
    runRosterJobOn(db, now);
    seedBroadcast(db, now, vault);
    seedComposer(db, now);
    seedCases(db, now);
    seedCalendar(db, now, rng);
    return { groups: groups.length, messages };
  }).immediate();
}

/**
 * The operator's own touch on the roster, so a newcomer sees it at work: a few labels on some
 * members, cities and join motives filled in, one note, and a saved segment.
 */
function seedRoster(db: Db, now: number, rng: ReturnType<typeof createRng>): void {
  const paid = repo.insertLabel(db, '付费会员', 'gold', now);
  const speaker = repo.insertLabel(db, '讲师候选', 'purple', now);
  repo.insertLabel(db, '重点跟进', 'red', now);
  const talkers = repo.topTalkers(db);
  const w = repo.prepareRosterWrites(db);
  talkers.slice(0, 5).forEach((id) => w.labelMember(id, speaker, now));
  talkers.filter((_, i) => i % 3 === 0).forEach((id) => w.labelMember(id, paid, now));
  const cities = ['北京', '上海', '深圳', '杭州', '成都', '广州'];
  const motives = ['relationship', 'work', 'social', 'learning', 'promotion', 'life'];
  for (const id of talkers) {
    w.setField(id, 'city', cities[rng.int(0, cities.length - 1)]!);
    w.setField(id, 'motive', motives[rng.int(0, motives.length - 1)]!);
  }
  if (talkers[0] !== undefined) repo.insertNote(db, talkers[0], '线下沙龙分享过两次，可以邀请做下期嘉宾。', now);
  const segment = { target: 'members', condition: { op: 'and', rules: [{ field: 'field', key: 'city', op: 'eq', value: '北京' }, { field: 'activity', metric: 'n30', op: 'gte', value: 1 }] } };
  repo.insertSegment(db, 'members', '北京的活跃成员', segment, now);
  const groupSegment = { target: 'groups', condition: { op: 'and', rules: [{ field: 'type', types: ['C'] }, { field: 'platform', platforms: ['wechat', 'wecom'] }] } };
  repo.insertSegment(db, 'groups', '微信 C 端群', groupSegment, now);
}

/**
 * Two robots on the internal groups (posting to a local address, so nothing leaves the machine)
 * and last Monday's broadcast to every group, as it went: the robots' messages sent, WeChat and QQ
 * groups sent by hand (the rest still to do), WeCom customer groups waiting for their owners.
 */
function seedBroadcast(db: Db, now: number, vault: Vault): void {
  const id = (name: string) => groupIdByName(db, name)!;
  const d = { db, locale: 'zh-CN' as const, now: () => now, vault };
  addRobot(d, { name: '示例机器人·运营通知', platform: 'dingtalk', groupId: id('运营中心内部通知群'), credentials: { webhook: 'demo0dingtalk0token0not0real', secret: 'SECdemo0secret0not0real0000000000' }, baseUrl: DEMO_ROBOT_URL });
  addRobot(d, { name: '示例机器人·选题会', platform: 'feishu', groupId: id('内容组选题会'), credentials: { webhook: 'demo-feishu-token-not-real' }, baseUrl: DEMO_ROBOT_URL });
  // Three days ago at 10:00 Beijing time, inside the working day.
  const day = Math.floor((now + 8 * 3_600_000) / 86_400_000) - 3;
  const at = day * 86_400_000 + 2 * 3_600_000;
  const { id: bid } = createBroadcast(
    { db, locale: 'zh-CN', now: () => at, utcOffsetMin: 480 },
    { name: '本周直播预告', format: 'text', body: '【{{group.name}}】本周四晚 8 点直播：社群拉新的 5 个实战案例，欢迎准时参加！', targeting: { all: true } },
    '王芳',
  );
  const history = repo.prepareBroadcastHistory(db);
  let manual = 0;
  for (const t of repo.broadcastTargets(db, bid)) {
    if (t.mode === 'auto') history.sent(bid, t.id, at + 2_000);
    else if (t.mode === 'manual' && manual++ < 5) history.manualDone(bid, t.id, at + manual * 240_000, '王芳');
  }
  repo.markBroadcastDone(db, bid);
  // Paused from now on: a new broadcast in the demo must not keep knocking on an address where
  // nobody listens. Their groups fall back to the manual checklist until a real robot is added.
  repo.pauseAllRobots(db);
}

/**
 * The composer's own material: two saved templates that use the demo's custom group fields
 * (讲师, 课程), and a daily 早报 to the WeChat C-end groups at 08:30 — paused, so the demo never
 * sends anything on its own; resuming it is one click.
 */
function seedComposer(db: Db, now: number): void {
  const d = { db, locale: 'zh-CN' as const, now: () => now, utcOffsetMin: 480 };
  saveTemplate(d, { name: '今晚开课提醒', format: 'markdown', title: '今晚 8 点开课', body: '- **课程**：{{group.课程}}\n- **讲师**：{{group.讲师}}\n\n请提前 5 分钟进直播间，{{group.name}} 的同学不见不散！' });
  saveTemplate(d, { name: '每周复盘', format: 'text', body: '【{{group.name}} 每周复盘 · {{date}}】本周最有价值的一条讨论是什么？欢迎在群里说说，{{group.owner}} 周五整理成精华帖。' });
  const brief = starterTemplates('zh-CN').find((x) => x.key === 'builtin:morning-brief')!;
  const segmentId = repo.groupSegmentId(db, '微信 C 端群')!;
  const { id } = createRecurring(d, { name: '每日早报', format: brief.format, title: brief.title, body: brief.body, targeting: { segmentId } }, { every: 'day', time: brief.time ?? '08:30' });
  setRecurringPaused(d, id, true);
}

/**
 * The calendar alive on first launch (see calendar/calendar-demo.ts): its past posts delivered as
 * broadcasts are in the demo — robots' messages sent, most hand-sent groups ticked, a few WeCom
 * owners still to confirm.
 */
function seedCalendar(db: Db, now: number, rng: ReturnType<typeof createRng>): void {
  const history = repo.prepareBroadcastHistory(db);
  seedCalendarDemo(
    { db, locale: 'zh-CN', now: () => now },
    {
      groupId: (name) => groupIdByName(db, name)!,
      newGroup: '深圳跨境电商卖家群',
      deliver: (bid, at) => {
        for (const t of repo.broadcastTargets(db, bid)) {
          if (t.mode === 'auto') history.sent(bid, t.id, at + 2_000);
          else if (t.mode === 'manual' && rng.int(0, 9) < 8) history.manualDone(bid, t.id, at + rng.int(2, 40) * 60_000, '王芳');
        }
        repo.markBroadcastDone(db, bid);
      },
    },
  );
}
