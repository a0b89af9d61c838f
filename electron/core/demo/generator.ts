import type { GroupInputParsed } from '../../../shared/domain/group';
import type { Platform } from '../../../shared/domain/enums';
import type { IncomingMessage, IncomingPerson } from '../inbox';
import { createRng, type Rng } from './random';
import { GIVEN, NICK_SUFFIX, OPENERS, QUESTIONS, STATEMENTS, SURNAMES, TOPICS, VERBS } from './words';

export interface GeneratorOptions {
  seed: number;
  members: number;
  messages: number;
  /** Messages are spread over [now - days, now). */
  now: number;
  days: number;
}

const DAY = 86_400_000;

export function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN) + rng.pick(NICK_SUFFIX);
}

export function sentence(rng: Rng): string {
  const template = rng.chance(0.3) ? rng.pick(QUESTIONS) : rng.pick(STATEMENTS);
  const body = template
    .replace('{t}', rng.pick(TOPICS))
    .replace('{t}', rng.pick(TOPICS))
    .replace('{t2}', rng.pick(TOPICS))
    .replace('{t3}', rng.pick(TOPICS))
    .replace('{v}', rng.pick(VERBS));
  return rng.chance(0.25) ? `${rng.pick(OPENERS)}，${body}` : body;
}

/** A plausible time of day: busiest mornings, after lunch and evenings, quiet at night. */
function timeOfDay(rng: Rng): number {
  const peaks = [8.5, 12.5, 14, 20, 21.5];
  const h = rng.chance(0.85) ? rng.pick(peaks) + (rng.next() - 0.5) * 3 : rng.next() * 24;
  return Math.max(0, Math.min(23.99, h)) * 3_600_000;
}

/**
 * Deterministic synthetic chat history for a set of groups. Members are spread across groups
 * (some in several), speakers follow a heavy-headed curve (a few talk a lot, most are silent),
 * and about a tenth of messages reply to or @-mention someone. Yields batches so millions of
 * messages never sit in memory at once.
 */
export function* generateMessages(
  groups: readonly { id: number; platform: Platform }[],
  o: GeneratorOptions,
  batchSize = 5000,
): Generator<IncomingMessage[]> {
  if (groups.length === 0) return;
  const rng = createRng(o.seed);
  // Each group gets a roster: a slice of the global members, plus a few shared ones.
  const perGroup = Math.max(3, Math.floor(o.members / groups.length));
  const people: IncomingPerson[] = [];
  for (let i = 0; i < o.members; i++) people.push({ platformUserId: `u${o.seed}-${i}`, displayName: personName(rng) });
  const rosters = groups.map((_, gi) => {
    const roster: IncomingPerson[] = [];
    for (let k = 0; k < perGroup; k++) roster.push(people[(gi * perGroup + k) % people.length]!);
    for (let k = 0; k < Math.min(5, perGroup); k++) roster.push(people[rng.int(0, people.length - 1)]!);
    roster[0] = { ...roster[0]!, role: 'owner' };
    return roster;
  });

  const start = o.now - o.days * DAY;
  // Messages are emitted in time order, one day at a time.
  const perDay = o.messages / o.days;
  let emitted = 0;
  let batch: IncomingMessage[] = [];
  const recent: (IncomingMessage & { senderIdx: number })[][] = groups.map(() => []);
  for (let day = 0; day < o.days && emitted < o.messages; day++) {
    const count = day === o.days - 1 ? o.messages - emitted : Math.round(perDay * (day + 1)) - Math.round(perDay * day);
    const times: number[] = [];
    for (let i = 0; i < count; i++) times.push(start + day * DAY + timeOfDay(rng));
    times.sort((a, b) => a - b);
    for (const sentAt of times) {
      if (sentAt >= o.now) continue;
      const gi = rng.skewed(groups.length, 1.6);
      const g = groups[gi]!;
      const roster = rosters[gi]!;
      const senderIdx = rng.skewed(roster.length, 3);
      const sender = roster[senderIdx]!;
      const msg: IncomingMessage & { senderIdx: number } = {
        groupId: g.id,
        sourceKey: `gen-${o.seed}-${emitted}`,
        sentAt: Math.floor(sentAt),
        kind: rng.chance(0.05) ? 'image' : 'text',
        text: '',
        sender,
        senderIdx,
      };
      msg.text = msg.kind === 'image' ? '[图片]' : sentence(rng);
      if (msg.kind === 'image') msg.attachments = [{ kind: 'image', ref: `IMG_${String(emitted).padStart(6, '0')}.jpg` }];
      const prev = recent[gi]!;
      if (prev.length > 0 && rng.chance(0.12)) {
        const target = prev[rng.int(0, prev.length - 1)]!;
        if (target.sender && target.sender.platformUserId !== sender.platformUserId) {
          if (rng.chance(0.5)) msg.replyToKey = target.sourceKey;
          else {
            msg.mentions = [target.sender];
            msg.text = `@${target.sender.displayName} ${msg.text}`;
          }
        }
      }
      prev.push(msg);
      if (prev.length > 20) prev.shift();
      const { senderIdx: _drop, ...plain } = msg;
      batch.push(plain);
      emitted++;
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}

const CITIES = ['北京', '上海', '广州', '深圳', '杭州', '成都', '武汉', '南京', '西安', '苏州'];
const PLATFORM_CYCLE: Platform[] = ['wechat', 'qq', 'wecom', 'telegram', 'wechat', 'dingtalk', 'feishu', 'wechat'];

/** Generated group definitions for benchmarks (the demo uses hand-written ones). */
export function generateGroupInputs(count: number, seed: number): GroupInputParsed[] {
  const rng = createRng(seed ^ 0x9e3779b9);
  const out: GroupInputParsed[] = [];
  for (let i = 0; i < count; i++) {
    const city = rng.pick(CITIES);
    const topic = rng.pick(TOPICS);
    out.push({
      platform: PLATFORM_CYCLE[i % PLATFORM_CYCLE.length]!,
      name: `${city}${topic}交流群${i + 1}`,
      externalId: `bench-${seed}-${i}`,
      positioning: `${city}地区${topic}从业者交流`,
      audience: `${topic}从业者`,
      groupType: rng.chance(0.3) ? 'B' : 'C',
      city,
      owner: personName(rng),
      capacity: rng.chance(0.3) ? 100 : 500,
      rules: '',
      welcomeText: '',
      lifecycleStage: 'healthy',
    });
  }
  return out;
}
