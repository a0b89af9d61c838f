/**
 * `npm run bench [-- --small] [--groups N --members N --messages N] [--json FILE]`
 *
 * Generates a synthetic workspace (deterministic seed, Chinese text from a word list) and
 * measures, each figure paired with a baseline measured in the same run on the same machine:
 *   - bulk insert through the ingest service (full schema: indexes, members, nicknames,
 *     memberships, counters, the search index) vs the raw SQLite insert limit (one prepared
 *     INSERT into a bare table with the same columns, same pragmas, one transaction);
 *   - inbox pages (first and deep, keyset) vs OFFSET paging of the same pages;
 *   - search of 2–5 character Chinese queries (p50/p95, top 50 newest first) vs a LIKE scan of
 *     the same queries.
 * Ratios are what we track; the absolute numbers depend on the machine. Later issues add rows.
 */
import fs from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { migrate } from '../../electron/core/db/migrate';
import { openDatabase, type Db } from '../../electron/core/db/open';
import { generateGroupInputs, generateMessages } from '../../electron/core/demo/generator';
import { insertGroup } from '../../electron/core/groups/groups.repo';
import { importFile } from '../../electron/core/imports/imports.service';
import { telegramJsonImporter } from '../../electron/core/importers/telegram-json.importer';
import { TOPICS, VERBS } from '../../electron/core/demo/words';
import { listMessages, searchMessages } from '../../electron/core/inbox/inbox.service';
import { runRosterJobOn } from '../../electron/core/roster/roster-job';
import { activityWindow, bumpActivity } from '../../electron/core/roster/activity.service';
import { countMembers, listMembers, SORT_KEY } from '../../electron/core/roster/roster.service';
import { LiveIngestThread } from '../../electron/core/inbox/live-ingest-thread';
import { LiveIngestQueue } from '../../electron/core/inbox/live-ingest';
import { calendarMonthBench } from './calendar-month.bench';
import { createIngestSession, dropMessageIndexes, ensureMessageIndexes, finishSession, ingestMessages } from '../../electron/core/inbox/ingest.service';

const { values } = parseArgs({
  options: {
    small: { type: 'boolean', default: false },
    groups: { type: 'string' },
    members: { type: 'string' },
    messages: { type: 'string' },
    seed: { type: 'string', default: '42' },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'import-messages': { type: 'string' },
  },
});
const num = (v: string | undefined, d: number) => (v === undefined ? d : Number(v.replace(/_/g, '')));
const size = {
  groups: num(values.groups, values.small ? 50 : 2_000),
  members: num(values.members, values.small ? 5_000 : 200_000),
  messages: num(values.messages, values.small ? 50_000 : 2_000_000),
};
const importMessages = num(values['import-messages'], values.small ? 50_000 : 1_000_000);
const seed = Number(values.seed);
const NOW = Date.parse('2026-11-23T08:00:00Z');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qunzhu-bench-'));

interface Row {
  metric: string;
  value: number;
  unit: string;
  baseline: string;
  baselineValue: number;
  ratio: number;
  target?: string;
}
const rows: Row[] = [];
let importRss: number[] = [];

/** `bulk`: opened as the import job opens its connection (statement journals in a file). */
function fresh(name: string, bulk = false): Db {
  const db = openDatabase(path.join(dir, name), bulk ? { tempStore: 'file' } : {});
  migrate(db);
  return db;
}

function seedGroups(db: Db): { id: number; platform: import('../../shared/domain/enums').Platform }[] {
  return db.transaction(() => generateGroupInputs(size.groups, seed).map((g) => ({ id: insertGroup(db, g, NOW), platform: g.platform })))();
}

const BATCH = 10_000;

/** The raw limit: same data, one bare table, one prepared statement, one transaction per batch. */
function rawInsertRate(groups: { id: number; platform: import('../../shared/domain/enums').Platform }[]): number {
  const db = openDatabase(path.join(dir, 'raw.db'));
  db.exec('CREATE TABLE raw (id INTEGER PRIMARY KEY, group_id INTEGER, sender TEXT, sent_at INTEGER, kind TEXT, text TEXT, reply_to_key TEXT, source_key TEXT) STRICT');
  const ins = db.prepare('INSERT INTO raw (group_id, sender, sent_at, kind, text, reply_to_key, source_key) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const write = db.transaction((batch: ReturnType<typeof generateMessages> extends Generator<infer B> ? B : never) => {
    for (const m of batch) ins.run(m.groupId, m.sender?.platformUserId ?? null, m.sentAt, m.kind, m.text, m.replyToKey ?? null, m.sourceKey);
  });
  let n = 0;
  let ms = 0;
  for (const batch of generateMessages(groups, { seed, members: size.members, messages: size.messages, now: NOW, days: 90 }, BATCH)) {
    const t0 = performance.now();
    write(batch);
    ms += performance.now() - t0;
    n += batch.length;
  }
  db.close();
  return n / (ms / 1000);
}

function ingestRate(db: Db, groups: { id: number; platform: import('../../shared/domain/enums').Platform }[]): number {
  let n = 0;
  let ms = 0;
  for (const batch of generateMessages(groups, { seed, members: size.members, messages: size.messages, now: NOW, days: 90 }, BATCH)) {
    const t0 = performance.now();
    n += ingestMessages(db, batch, { unread: true }).added;
    ms += performance.now() - t0;
  }
  return n / (ms / 1000);
}

const CONNECTOR_BATCH = 100;

/** Live ingest on top of the full workspace (new source keys, a later day): `batch` messages per commit. */
function ingestOnTop(db: Db, groups: { id: number; platform: import('../../shared/domain/enums').Platform }[], batch: number, messages: number, day: number): { n: number; perSec: number } {
  let n = 0;
  let ms = 0;
  let k = 0;
  for (const b of generateMessages(groups, { seed: seed + day, members: size.members, messages, now: NOW + day * 86_400_000, days: 1 }, batch)) {
    for (const m of b) m.sourceKey = `on-top-${day}-${k++}`;
    const t0 = performance.now();
    n += ingestMessages(db, b, { unread: true }).added;
    ms += performance.now() - t0;
  }
  return { n, perSec: n / (ms / 1000) };
}

/**
 * Connector deliveries of 100, as fast as they come, handed over one by one with a turn of the
 * event loop between them (as a connector's network callbacks would): through the group-commit
 * queue on the calling thread, or through the live-ingest worker. Wall time from the first
 * delivery to the last one committed, and the longest the calling thread was kept from its next
 * turn — the core's thread answers the UI, so that is how long the app would freeze.
 */
async function deliveredRate(via: 'thread' | 'worker', db: Db, groups: { id: number; platform: import('../../shared/domain/enums').Platform }[], messages: number, day: number): Promise<{ n: number; perSec: number; longestStallMs: number; longestGcMs: number }> {
  const inThread = via === 'thread' ? new LiveIngestQueue(db) : null;
  const worker = via === 'worker' ? new LiveIngestThread({ dbPath: db.name }) : null;
  await worker?.ready();
  // The generator sets up its member pools on the first delivery: done before the clock starts,
  // so the stall measured is the app's, not the benchmark's.
  const source = generateMessages(groups, { seed: seed + day, members: size.members, messages, now: NOW + day * 86_400_000, days: 1 }, CONNECTOR_BATCH);
  let next = source.next();
  let k = 0;
  let n = 0;
  let longest = 0;
  const done: Promise<void>[] = [];
  // Garbage-collection pauses of this thread in the same window: part of any stall, app or not.
  let longestGc = 0;
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longestGc = Math.max(longestGc, e.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  const t0 = performance.now();
  let last = t0;
  for (; !next.done; next = source.next()) {
    const b = next.value;
    for (const m of b) m.sourceKey = `on-top-${day}-${k++}`;
    n += b.length;
    done.push(inThread ? inThread.push(b) : worker!.push(b));
    await new Promise((r) => setImmediate(r));
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }
  // Closing commits what waits: on the calling thread, that too keeps it from its next turn.
  const c0 = performance.now();
  const closed = inThread ? inThread.close() : worker!.close();
  longest = Math.max(longest, performance.now() - c0);
  await closed;
  await Promise.all(done);
  const perSec = n / ((performance.now() - t0) / 1000);
  // Entries are delivered after the fact: let the last ones arrive before stopping.
  await new Promise((r) => setTimeout(r, 50));
  gc.disconnect();
  return { n, perSec, longestStallMs: longest, longestGcMs: longestGc };
}

/**
 * The roster: the background job (activity rebuild + re-tag + group classes), the live upkeep
 * of activity per message, and a segment applied to the roster (count and first page).
 */
function rosterBench(db: Db): void {
  let t0 = performance.now();
  const job = runRosterJobOn(db, NOW);
  const jobMs = performance.now() - t0;
  t0 = performance.now();
  db.prepare('SELECT group_id, sender_id, count(*) AS n, max(sent_at) AS last FROM messages GROUP BY group_id, sender_id').all();
  const naiveMs = performance.now() - t0;
  const tagged = Object.entries(job.counts).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ');
  rows.push({ metric: `full re-tag (${tagged})`, value: job.ms.tags / 1000, unit: 's', baseline: 'one GROUP BY over all messages', baselineValue: naiveMs / 1000, ratio: job.ms.tags / naiveMs, target: '≤ 5 s' });
  rows.push({ metric: 'roster job: activity rebuild + re-tag + group classes (worker)', value: jobMs / 1000, unit: 's', baseline: 'one GROUP BY over all messages', baselineValue: naiveMs / 1000, ratio: jobMs / naiveMs });

  // Live upkeep: the activity UPDATEs of 20,000 stored messages, replayed and rolled back.
  const sample = db.prepare('SELECT m.id, m.group_id, m.sender_id, m.sent_at, m.kind, m.reply_to_key FROM messages m ORDER BY m.id DESC LIMIT 20000').all() as { id: number; group_id: number; sender_id: number | null; sent_at: number; kind: string; reply_to_key: string | null }[];
  const mentions = db.prepare('SELECT member_id FROM message_mentions WHERE message_id = ?').pluck();
  const w = activityWindow(db);
  let upkeepMs = 0;
  try {
    db.transaction(() => {
      const t1 = performance.now();
      for (const m of sample) bumpActivity(db, w, { groupId: m.group_id, senderId: m.sender_id, sentAt: m.sent_at, kind: m.kind, replyToKey: m.reply_to_key, mentionIds: mentions.all(m.id) as number[] });
      upkeepMs = performance.now() - t1;
      throw new Error('rollback');
    })();
  } catch {
    // rolled back on purpose: the replay only measures
  }
  const perMessageUs = (upkeepMs * 1000) / sample.length;
  const liveUs = 1e6 / (rows.find((r) => r.metric.startsWith('live ingest'))?.value ?? 1);
  rows.push({ metric: 'activity upkeep per ingested message', value: perMessageUs, unit: 'µs', baseline: 'whole live ingest per message', baselineValue: liveUs, ratio: perMessageUs / liveUs });

  // A segment: KOL or active in any group, with ≥ 3 messages in 30 days, not labelled.
  const d = { db, locale: 'zh-CN' as const, now: () => NOW };
  const label = Number(db.prepare("INSERT INTO labels (name, color, created_at) VALUES ('bench', 'blue', 0)").run().lastInsertRowid);
  db.prepare('INSERT INTO member_labels (member_id, label_id, set_at) SELECT id, ?, 0 FROM members WHERE id % 10 = 0').run(label);
  const condition = {
    op: 'and' as const,
    rules: [
      { op: 'or' as const, rules: [{ field: 'tag' as const, tags: ['kol' as const] }, { field: 'tag' as const, tags: ['active' as const] }] },
      { field: 'activity' as const, metric: 'n30' as const, op: 'gte' as const, value: 3 },
      { field: 'label' as const, labelIds: [label], negate: true },
    ],
  };
  let matched = 0;
  const countMs = timeMs(() => (matched = countMembers(d, { condition })), 3);
  const pageMs = timeMs(() => listMembers(d, { filter: { condition }, sort: { by: 'n30', dir: 'desc' }, cursor: null, at: 0, limit: 100 }), 5);
  const scanMs = timeMs(() => db.prepare('SELECT count(*) FROM members m JOIN memberships s ON s.member_id = m.id').get(), 3);
  rows.push({ metric: `segment applied: first roster page (100 of ${matched.toLocaleString('en-US')})`, value: pageMs, unit: 'ms', baseline: 'one scan of all memberships', baselineValue: scanMs, ratio: pageMs / scanMs, target: '≤ 100 ms' });
  rows.push({ metric: 'segment applied: live count', value: countMs, unit: 'ms', baseline: 'one scan of all memberships', baselineValue: scanMs, ratio: countMs / scanMs, target: '≤ 100 ms' });

  // The roster table: a page by keyset deep down, and a jump of the scrollbar to 3/4 of the list
  // (`at`: one seek over the sort index, then keyset), each beside the same page by OFFSET.
  const total = countMembers(d, {});
  const sort = { by: 'lastMessage' as const, dir: 'desc' as const };
  const deep = Math.floor((total * 3) / 4);
  const jumped = listMembers(d, { filter: {}, sort, cursor: null, at: deep, limit: 200 });
  const keysetMs = timeMs(() => listMembers(d, { filter: {}, sort, cursor: jumped.start, at: 0, limit: 200 }), 5);
  const jumpMs = timeMs(() => listMembers(d, { filter: {}, sort, cursor: null, at: deep, limit: 200 }), 5);
  const offsetRoster = db.prepare(`SELECT m.* FROM members m ORDER BY ${SORT_KEY.lastMessage} DESC, m.id DESC LIMIT 200 OFFSET ?`);
  const rosterOffsetMs = timeMs(() => offsetRoster.all(deep), 3);
  if ((offsetRoster.all(deep) as { id: number }[]).map((m) => m.id).join() !== jumped.items.map((m) => m.id).join()) throw new Error('bench: roster jump and OFFSET pages differ');
  rows.push({ metric: `roster page of 200 at row ${deep.toLocaleString('en-US')} (keyset)`, value: keysetMs, unit: 'ms', baseline: 'the same page by OFFSET', baselineValue: rosterOffsetMs, ratio: keysetMs / rosterOffsetMs, target: '≤ 100 ms' });
  rows.push({ metric: `roster scrollbar jump to row ${deep.toLocaleString('en-US')} (seek + page)`, value: jumpMs, unit: 'ms', baseline: 'the same page by OFFSET', baselineValue: rosterOffsetMs, ratio: jumpMs / rosterOffsetMs });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** Median of `runs` timings of fn, in ms. */
function timeMs(fn: () => unknown, runs = 7): number {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    xs.push(performance.now() - t0);
  }
  return pct(xs, 50);
}

/** Keyset pages vs OFFSET pages of the same 50 rows, at the top and `deep` rows down. */
function inboxPages(db: Db, deep: number): { first: number; deepKeyset: number; firstOffset: number; deepOffset: number } {
  const d = { db, locale: 'zh-CN' as const, now: () => NOW };
  const req = { filter: {}, cursor: null, direction: 'older' as const, limit: 50 };
  const first = timeMs(() => listMessages(d, req));
  const at = db.prepare('SELECT sent_at, id FROM messages ORDER BY sent_at DESC, id DESC LIMIT 1 OFFSET ?').get(deep - 1) as { sent_at: number; id: number };
  const cursor = `t${at.sent_at}.${at.id}`;
  const deepKeyset = timeMs(() => listMessages(d, { ...req, cursor }));
  const offset = db.prepare('SELECT m.* FROM messages m JOIN groups g ON g.id = m.group_id LEFT JOIN members mb ON mb.id = m.sender_id ORDER BY m.sent_at DESC, m.id DESC LIMIT 50 OFFSET ?');
  const firstOffset = timeMs(() => offset.all(0));
  const deepOffset = timeMs(() => offset.all(deep), 3);
  const check = listMessages(d, { ...req, cursor }).items.map((m) => m.id);
  const viaOffset = (offset.all(deep) as { id: number }[]).map((m) => m.id);
  if (JSON.stringify(check) !== JSON.stringify(viaOffset)) throw new Error('bench: keyset and OFFSET pages differ');
  return { first, deepKeyset, firstOffset, deepOffset };
}

/** 2–5 character queries cut from the vocabulary the generator writes with (deterministic). */
function searchQueries(n: number): string[] {
  const words = [...TOPICS, ...VERBS];
  const out: string[] = [];
  let i = 0;
  while (out.length < n && i < 100_000) {
    const w = words[(i * 7) % words.length]!;
    const len = 2 + (i % 4);
    const chars = Array.from(w + words[(i * 13 + 5) % words.length]!);
    const start = i % Math.max(1, chars.length - len);
    const q = chars.slice(start, start + len).join('');
    if (/^[\p{Script=Han}]{2,5}$/u.test(q) && !out.includes(q)) out.push(q);
    i++;
  }
  return out;
}

function searchBench(db: Db, queries: string[], likeQueries: number): { p50: number; p95: number; likeP50: number; likeP95: number; hits: number } {
  const d = { db, locale: 'zh-CN' as const, now: () => NOW };
  const times: number[] = [];
  let hits = 0;
  for (const q of queries) {
    searchMessages(d, { query: q, filter: {}, cursor: null, limit: 50 }); // warm the pages this query reads
    const t0 = performance.now();
    hits += searchMessages(d, { query: q, filter: {}, cursor: null, limit: 50 }).items.length;
    times.push(performance.now() - t0);
  }
  const like = db.prepare(`SELECT m.id FROM messages m WHERE m.text LIKE ? ORDER BY m.sent_at DESC, m.id DESC LIMIT 50`);
  const likeTimes: number[] = [];
  for (const q of queries.slice(0, likeQueries)) {
    const t0 = performance.now();
    like.all(`%${q}%`);
    likeTimes.push(performance.now() - t0);
  }
  return { p50: pct(times, 50), p95: pct(times, 95), likeP50: pct(likeTimes, 50), likeP95: pct(likeTimes, 95), hits };
}

/** The bulk import path: one ingest session, message indexes dropped while loading and rebuilt after (rebuild included in the time). */
function bulkImportRate(db: Db, groups: { id: number; platform: import('../../shared/domain/enums').Platform }[]): { load: number; total: number } {
  let n = 0;
  let ms = 0;
  const session = createIngestSession();
  let t0 = performance.now();
  dropMessageIndexes(db);
  ms += performance.now() - t0;
  for (const batch of generateMessages(groups, { seed: seed + 1, members: size.members, messages: size.messages, now: NOW, days: 90 }, BATCH)) {
    t0 = performance.now();
    n += ingestMessages(db, batch, { session }).added;
    ms += performance.now() - t0;
  }
  t0 = performance.now();
  finishSession(db, session);
  const loadMs = ms + performance.now() - t0;
  ensureMessageIndexes(db);
  ms = loadMs + (performance.now() - t0);
  return { load: n / (loadMs / 1000), total: n / (ms / 1000) };
}

/** Writes a Telegram Desktop export of `n` generated messages (one chat), streaming to disk. */
function writeTelegramExport(file: string, n: number): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, '{\n "name": "基准测试群",\n "type": "private_supergroup",\n "id": 424242,\n "messages": [\n');
  let first = true;
  let buf = '';
  for (const batch of generateMessages([{ id: 1, platform: 'telegram' }], { seed: seed + 2, members: Math.min(size.members, 20_000), messages: n, now: NOW, days: 90 }, 10_000)) {
    for (const m of batch) {
      const id = m.sourceKey.slice(m.sourceKey.lastIndexOf('-') + 1);
      const msg: Record<string, unknown> = { id: Number(id), type: 'message', date: new Date(m.sentAt).toISOString().slice(0, 19), date_unixtime: String(Math.floor(m.sentAt / 1000)), from: m.sender?.displayName, from_id: `user${m.sender?.platformUserId.replace(/\D/g, '')}`, text: m.text, text_entities: [{ type: 'plain', text: m.text }] };
      if (m.replyToKey) msg.reply_to_message_id = Number(m.replyToKey.slice(m.replyToKey.lastIndexOf('-') + 1));
      buf += `${first ? '' : ',\n'}  ${JSON.stringify(msg)}`;
      first = false;
    }
    fs.writeSync(fd, buf);
    buf = '';
  }
  fs.writeSync(fd, '\n ]\n}\n');
  fs.closeSync(fd);
}

/**
 * The import, with the process's resident memory sampled at each tenth of the messages: flat
 * memory means the last tenth needs no more than the first (streamed, not held).
 */
async function importRate(): Promise<{ perSec: number; storePerSec: number; indexSec: number; mb: number; rss: number[]; file: string }> {
  const file = path.join(dir, 'result.json');
  writeTelegramExport(file, importMessages);
  const db = fresh('import.db', true);
  const rss: number[] = [];
  const onProgress = (p: { messages: number }) => {
    if (p.messages >= ((rss.length + 1) * importMessages) / 10) rss.push(process.memoryUsage().rss / 1024 / 1024);
  };
  const t0 = performance.now();
  const timing = { storeMs: 0, indexMs: 0 };
  const s = await importFile(db, telegramJsonImporter, file, { now: () => NOW, timeZone: 'UTC', bulkThresholdBytes: 0, onProgress, timing });
  const ms = performance.now() - t0;
  db.close();
  if (s.status !== 'done' || s.messagesAdded !== importMessages) throw new Error(`bench import failed: ${JSON.stringify(s)}`);
  return { perSec: s.messagesAdded / (ms / 1000), storePerSec: s.messagesAdded / (timing.storeMs / 1000), indexSec: timing.indexMs / 1000, mb: fs.statSync(file).size / 1024 / 1024, rss, file };
}

/**
 * The same file through the chunked path (what files under 64 MB take: every message index kept
 * current, commits of 5,000, the search index built at the end), into a fresh workspace.
 */
async function chunkedImportRate(file: string): Promise<number> {
  const db = fresh('import-chunked.db', true);
  const t0 = performance.now();
  const s = await importFile(db, telegramJsonImporter, file, { now: () => NOW, timeZone: 'UTC', bulkThresholdBytes: Number.MAX_SAFE_INTEGER });
  const ms = performance.now() - t0;
  db.close();
  if (s.status !== 'done' || s.messagesAdded !== importMessages) throw new Error(`bench chunked import failed: ${JSON.stringify(s)}`);
  return s.messagesAdded / (ms / 1000);
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

async function main(): Promise<void> {
  console.log(`Qunzhu benchmark — ${size.groups.toLocaleString()} groups / ${size.members.toLocaleString()} members / ${size.messages.toLocaleString()} messages (seed ${seed}); ${os.cpus().length} cores, Node ${process.version}`);
  console.log(`workspace: ${dir}`);
  const db = fresh('workspace.db');
  const groups = seedGroups(db);

  const raw = rawInsertRate(groups);
  const ingest = ingestRate(db, groups);
  rows.push({ metric: 'live ingest filling the workspace (full schema, search index current)', value: ingest, unit: 'msg/s', baseline: 'raw SQLite insert limit', baselineValue: raw, ratio: ingest / raw, target: '≥ 5,000 msg/s' });

  const deep = Math.min(1_000_000, Math.floor(size.messages / 2));
  const pages = inboxPages(db, deep);
  rows.push({ metric: 'inbox first page (50, keyset)', value: pages.first, unit: 'ms', baseline: 'OFFSET 0', baselineValue: pages.firstOffset, ratio: pages.first / pages.firstOffset, target: '≤ 10 ms' });
  rows.push({ metric: `inbox deep page (50 at row ${deep.toLocaleString('en-US')}, keyset)`, value: pages.deepKeyset, unit: 'ms', baseline: `OFFSET ${deep.toLocaleString('en-US')}`, baselineValue: pages.deepOffset, ratio: pages.deepKeyset / pages.deepOffset, target: '≤ 10 ms' });
  rosterBench(db);
  rows.push(...calendarMonthBench(db, NOW, timeMs));
  const queries = searchQueries(50);
  const sr = searchBench(db, queries, values.small ? 20 : 8);
  rows.push({ metric: `search p50 (${queries.length} queries of 2–5 chars, top 50)`, value: sr.p50, unit: 'ms', baseline: 'LIKE scan p50', baselineValue: sr.likeP50, ratio: sr.p50 / sr.likeP50 });
  rows.push({ metric: 'search p95', value: sr.p95, unit: 'ms', baseline: 'LIKE scan p95', baselineValue: sr.likeP95, ratio: sr.p95 / sr.likeP95, target: '≤ 20 ms' });
  const bulkDb = fresh('bulk.db', true);
  const bulk = bulkImportRate(bulkDb, seedGroups(bulkDb));
  bulkDb.close();
  rows.push({ metric: 'bulk load (session, indexes deferred)', value: bulk.load, unit: 'msg/s', baseline: 'raw SQLite insert limit', baselineValue: raw, ratio: bulk.load / raw, target: '≥ 100,000 msg/s' });
  rows.push({ metric: 'bulk load + index rebuild (incl. search index)', value: bulk.total, unit: 'msg/s', baseline: 'raw SQLite insert limit', baselineValue: raw, ratio: bulk.total / raw });

  const imp = await importRate();
  importRss = imp.rss;
  rows.push({ metric: `Telegram JSON import end to end (${importMessages.toLocaleString()} msgs, ${imp.mb.toFixed(0)} MB)`, value: imp.perSec, unit: 'msg/s', baseline: 'raw SQLite insert limit', baselineValue: raw, ratio: imp.perSec / raw, target: '≥ 25,000 msg/s' });
  rows.push({ metric: `  of which storing (rows written, indexes deferred; index rebuild ${imp.indexSec.toFixed(1)} s)`, value: imp.storePerSec, unit: 'msg/s', baseline: 'raw SQLite insert limit', baselineValue: raw, ratio: imp.storePerSec / raw, target: '≥ 100,000 msg/s' });
  const chunked = await chunkedImportRate(imp.file);
  // The ratio is the chunked path's time over the bulk path's for the same messages (≤ 1.5×, #17).
  rows.push({ metric: '  the same file through the chunked path (indexes kept, search index at the end)', value: chunked, unit: 'msg/s', baseline: 'bulk path, same file (time ratio)', baselineValue: imp.perSec, ratio: imp.perSec / chunked, target: '≤ 1.5× the bulk time' });

  // The same live path on the full workspace, last, so the figures above saw the generated data
  // only: batches of 10,000, then of 100 (a Telegram getUpdates holds at most 100).
  const onTop = ingestOnTop(db, groups, BATCH, Math.min(60_000, Math.max(5_000, Math.floor(size.messages / 30))), 1);
  rows.push({ metric: `live ingest on the full workspace (batches of ${BATCH.toLocaleString('en-US')}, ${onTop.n.toLocaleString('en-US')} msgs on top)`, value: onTop.perSec, unit: 'msg/s', baseline: 'raw SQLite insert limit', baselineValue: raw, ratio: onTop.perSec / raw, target: '≥ 5,000 msg/s' });
  const small = ingestOnTop(db, groups, CONNECTOR_BATCH, Math.min(20_000, Math.max(2_000, Math.floor(size.messages / 100))), 2);
  rows.push({ metric: `live ingest in connector-sized batches (${CONNECTOR_BATCH}, ${small.n.toLocaleString('en-US')} msgs on top), a commit each`, value: small.perSec, unit: 'msg/s', baseline: 'raw SQLite insert limit', baselineValue: raw, ratio: small.perSec / raw });
  const queuedN = Math.min(60_000, Math.max(5_000, Math.floor(size.messages / 30)));
  const queued = await deliveredRate('thread', db, groups, queuedN, 3);
  rows.push({ metric: `the same deliveries of ${CONNECTOR_BATCH} through the group-commit queue on the calling thread (${queued.n.toLocaleString('en-US')} msgs on top)`, value: queued.perSec, unit: 'msg/s', baseline: 'raw SQLite insert limit', baselineValue: raw, ratio: queued.perSec / raw, target: '≥ 5,000 msg/s' });
  const viaWorker = await deliveredRate('worker', db, groups, queuedN, 4);
  rows.push({ metric: `the same through the live-ingest worker thread (${viaWorker.n.toLocaleString('en-US')} msgs on top)`, value: viaWorker.perSec, unit: 'msg/s', baseline: 'raw SQLite insert limit', baselineValue: raw, ratio: viaWorker.perSec / raw, target: '≥ 5,000 msg/s' });
  rows.push({ metric: `longest stall of the calling (core) thread while the worker writes them (its longest GC pause: ${viaWorker.longestGcMs.toFixed(1)} ms)`, value: viaWorker.longestStallMs, unit: 'ms', baseline: 'the same with the queue on the calling thread', baselineValue: queued.longestStallMs, ratio: viaWorker.longestStallMs / queued.longestStallMs, target: '≤ 16 ms' });

  const counts = db.prepare('SELECT (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM members) AS members').get() as { messages: number; members: number };
  db.close();
  const mem = process.memoryUsage().rss / 1024 / 1024;
  const peak = process.resourceUsage().maxRSS / 1024;

  const header = ['metric', 'value', 'unit', 'baseline', 'baseline value', 'ratio', 'target'];
  const table = rows.map((r) => [r.metric, fmt(r.value), r.unit, r.baseline, fmt(r.baselineValue), r.ratio < 0.01 ? `${r.ratio.toExponential(1)}×` : `${r.ratio.toFixed(2)}×`, r.target ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log('');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of table) console.log(line(r));
  console.log('');
  console.log(`stored: ${counts.messages.toLocaleString()} messages, ${counts.members.toLocaleString()} members; RSS now ${mem.toFixed(0)} MB, peak ${peak.toFixed(0)} MB`);
  console.log(`import RSS at each tenth of the file (MB): ${importRss.map((x) => x.toFixed(0)).join(' ')}`);
  if (values.json) fs.writeFileSync(values.json, JSON.stringify({ size, seed, rows, rssMb: mem, peakRssMb: peak, importRssMb: importRss }, null, 2));
  if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
}

void main();
