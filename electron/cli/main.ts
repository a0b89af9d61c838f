/**
 * The `qunzhu` command. Every command goes through the same core as the UI.
 *   serve [--db PATH] [--port N] [--data-dir DIR] [--open]   browser mode
 *   demo --db PATH                                            create the demo workspace in PATH
 *   stats --db PATH                                           counts as JSON
 *   retag --db PATH [--as-of DATE]                            re-tag members; counts per tag as JSON
 *   roster --db PATH [--tag T] [--group G] [--as-of DATE] --format csv|json [--out FILE]
 *   search --db PATH QUERY [--group G] [--limit N]             matches as JSON, newest first
 *   import FILE… --db PATH [--format F] [--group NAME] [--tz ZONE] [--map FIELD=COL,…]   one JSON summary per file
 *   broadcast send --db PATH (--text T | --template NAME) (--segment NAME | --group G… | --all) [--dry-run] [--confirm N]
 *   broadcast report --db PATH --id N
 *   case list --db PATH [--tag T] [--format json]
 *   case export --db PATH --id N --format md|html|pdf|png|zip --out PATH
 *   case book --db PATH (--tag T | --id N …) --format pdf|png|html|md|zip --out PATH [--name TITLE]
 *   calendar list --db PATH --from DAY --to DAY [--group NAME|ID] --format json|csv
 *   calendar ics --db PATH --from DAY --to DAY [--group NAME|ID] --out FILE
 *   playbook apply --db PATH --playbook NAME --group NAME|ID … --start DAY [--replace]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { RETAG_PHASES, type Events, type RetagPhase } from '../../shared/events';
import type { Res } from '../../shared/api';
import { createCore, type Core } from '../core/create-core';
import { defaultDataDir } from '../core/data-dir';
import { confSettings } from '../core/settings';
import { startBridge } from '../bridge/bridge.server';
import { openInBrowser } from './open-browser';
import { sweepStaleTempFolders } from '../core/files/temp-folders';
import { ImportError } from '../core/importers/types';
import { parseColumnMapOption, runImports } from './import-command';
import { runRoster } from './roster-command';
import { runRosterJobOn } from '../core/roster';
import { runBroadcastSend } from './broadcast-command';
import { runCaseBook, runCaseExport, runCaseList } from './case-command';
import { call } from './call';
import { runCalendarIcs, runCalendarList, runPlaybookApply } from './calendar-command';
import { acquireImportLock } from '../core/db/import-lock';
import { dbAppError } from '../core/db/db-errors';
import { IMPORT_BUSY_TIMEOUT_MS } from '../core/imports';
import { t } from '../core/i18n/messages';

const USAGE = `用法 / usage:
  qunzhu serve [--db PATH] [--port N] [--data-dir DIR] [--open]
  qunzhu demo --db PATH
  qunzhu stats --db PATH
  qunzhu retag --db PATH [--as-of 2026-11-01]
  qunzhu roster --db PATH --format csv|json [--tag kol|active|new|silent|at-risk] [--group NAME|ID]
                [--as-of 2026-11-01] [--out FILE]
      --as-of: re-tags the workspace as of that date first (as retag --as-of does)
  qunzhu search --db PATH "QUERY" [--group NAME|ID] [--limit N]
      QUERY: terms (all must match), "phrases", from:名字, group:群名, after:/before: dates
  qunzhu import FILE… --db PATH [--format F] [--group NAME] [--tz ZONE]
                [--map time=COL,senderName=COL,text=COL[,group=COL][,senderId=COL]]
      --map: generic CSV/Excel columns, COL = header name or 1-based column number
             (without it, the mapping remembered for the file's header is used)
  qunzhu broadcast send --db PATH (--text "…" | --template NAME) (--segment NAME | --group NAME|ID … | --all)
                [--name NAME] [--dry-run] [--confirm N] [--wait SECONDS]
      --template: a saved template's or a starter's name (早报, 话题互动, 案例分享, 活动通知, 新群欢迎+群规):
                  its body, format and title, filled per group
      --dry-run: print the plan as JSON (mode, cap decision, planned time, exactly what each group
                 receives and its checks); nothing is sent
      --confirm N: over the confirmation threshold (Settings, 50 groups by default), repeat the group count
  qunzhu broadcast report --db PATH --id N
  qunzhu case list --db PATH [--tag T] [--format json]
  qunzhu case export --db PATH --id N --format md|html|pdf|png|zip --out PATH
      md: a folder at PATH (case.md + images/); pdf/png need Chromium (QUNZHU_CHROMIUM to choose one)
  qunzhu case book --db PATH (--tag T | --id N …) --format pdf|png|html|md|zip --out PATH [--name TITLE]
      redactions are always applied; words shown without consent are a warning, or a refusal when
      the workspace requires consent (案例设置)
  qunzhu calendar list --db PATH --from 2026-12-01 --to 2026-12-31 [--group NAME|ID] --format json|csv
      one row per entry: date, time, column, group, status, title, owner, score
  qunzhu calendar ics --db PATH --from 2026-12-01 --to 2026-12-31 [--group NAME|ID] --out FILE
      an ICS file for phone and desktop calendars (rewritten in place, so a calendar can subscribe to it)
  qunzhu playbook apply --db PATH --playbook 新群7日激活 --group NAME|ID [--group …] --start 2026-12-08 [--replace]
      playbooks: 新群7日激活, 月度计划, 日常栏目 (or their English names), or one of your own;
      --replace: the group has it already: replace its unsent posts and open tasks`;

export class UsageError extends Error {}

const RETAG_PHASE_NAMES: Record<RetagPhase, string> = { tags: '计算成员标签 / member tags', classes: '计算群分类 / group classes', activity: '重算活跃度并保存 / activity, then saving' };

function rendererDir(): string | undefined {
  // Bundled, the CLI sits in dist/node beside dist/renderer; from source, the repo's dist/renderer.
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const candidates = [process.env.QUNZHU_RENDERER_DIR, path.join(here, '..', 'renderer'), path.resolve('dist', 'renderer')];
  return candidates.find((d): d is string => !!d && fs.existsSync(path.join(d, 'index.html')));
}

export async function run(argv: string[], out: (s: string) => void = (s) => process.stdout.write(`${s}\n`)): Promise<number | 'serving'> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      db: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      open: { type: 'boolean', default: false },
      format: { type: 'string' },
      group: { type: 'string', multiple: true },
      tz: { type: 'string' },
      map: { type: 'string' },
      limit: { type: 'string' },
      'as-of': { type: 'string' },
      tag: { type: 'string' },
      out: { type: 'string' },
      text: { type: 'string' },
      template: { type: 'string' },
      name: { type: 'string' },
      segment: { type: 'string' },
      all: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      confirm: { type: 'string' },
      id: { type: 'string', multiple: true },
      wait: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      playbook: { type: 'string' },
      start: { type: 'string' },
      replace: { type: 'boolean', default: false },
    },
    allowPositionals: command === 'import' || command === 'search' || command === 'broadcast' || command === 'case' || command === 'calendar' || command === 'playbook',
    strict: true,
  });
  const needDb = () => {
    if (!values.db) throw new UsageError(`--db PATH is required for "${command}"\n${USAGE}`);
    return path.resolve(values.db);
  };
  /** Runs `fn` on the core of an existing database (--db), closing it after. */
  const onExisting = async <T>(fn: (core: Core) => Promise<T>, o: { outbox?: boolean } = {}): Promise<T> => {
    const db = needDb();
    if (!fs.existsSync(db)) throw new AppError('NOT_FOUND', `数据库文件不存在 / no such database: ${db}`);
    const core = createCore({ dbPath: db, ...(o.outbox ? { outbox: true } : {}) });
    try {
      await core.workspaces.ready;
      return await fn(core);
    } finally {
      core.close();
    }
  };
  const group = values.group?.[values.group.length - 1];
  const id = values.id?.[values.id.length - 1];
  switch (command) {
    case 'demo': {
      const core = createCore({ dbPath: needDb() });
      try {
        await call(core, 'workspace.createDemo', {});
        const ws = await call(core, 'workspace.current', {});
        out(JSON.stringify({ db: ws.path, ...ws.counts }));
      } finally {
        core.close();
      }
      return 0;
    }
    case 'stats': {
      await onExisting(async (core) => {
        const ws = await call(core, 'workspace.current', {});
        out(JSON.stringify({ db: ws.path, schemaVersion: ws.schemaVersion, ...ws.counts }));
      });
      return 0;
    }
    case 'retag': {
      const asOf = values['as-of'];
      if (asOf !== undefined && Number.isNaN(Date.parse(asOf))) throw new UsageError(`--as-of must be a date such as 2026-11-01\n${USAGE}`);
      await onExisting(async (core) => {
        // The phases on a terminal, so a long re-tag shows it is moving; stdout stays the JSON alone.
        let phase = '';
        const off = core.on((event, payload) => {
          const e = payload as Events['roster.retagProgress'];
          if (event !== 'roster.retagProgress' || e.status !== 'running' || e.phase === phase || !process.stderr.isTTY) return;
          phase = e.phase;
          process.stderr.write(`${RETAG_PHASES.indexOf(e.phase) + 1}/${RETAG_PHASES.length} ${RETAG_PHASE_NAMES[e.phase]}\n`);
        });
        try {
          out(JSON.stringify(await call(core, 'roster.retag', asOf === undefined ? {} : { asOf: new Date(Date.parse(asOf)).toISOString() })));
        } finally {
          off();
        }
      });
      return 0;
    }
    case 'roster': {
      const format = values.format;
      if (format !== 'csv' && format !== 'json') throw new UsageError(`roster needs --format csv or --format json\n${USAGE}`);
      const asOf = values['as-of'];
      if (asOf !== undefined && Number.isNaN(Date.parse(asOf))) throw new UsageError(`--as-of must be a date such as 2026-11-01\n${USAGE}`);
      await onExisting((core) => runRoster(core, { format, tag: values.tag, group, asOf, out: values.out }, out));
      return 0;
    }
    case 'search': {
      // The same search the inbox uses (search.messages), paged until --limit matches.
      if (positionals.length !== 1) throw new UsageError(`search needs exactly one QUERY (quote it)\n${USAGE}`);
      const limit = values.limit === undefined ? 50 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new UsageError(`--limit must be 1-100000\n${USAGE}`);
      await onExisting(async (core) => {
        let query = positionals[0]!;
        const filter: { groupIds?: number[] } = {};
        if (group !== undefined) {
          if (/^\d+$/.test(group)) filter.groupIds = [Number(group)];
          else query += ` group:"${group.replace(/"/g, '')}"`;
        }
        const rows: { id: number; group: string; groupId: number; sender: string | null; time: string; text: string }[] = [];
        let cursor: string | null = null;
        do {
          const page: Res<'search.messages'> = await call(core, 'search.messages', { query, filter, cursor, limit: Math.min(200, limit - rows.length) });
          for (const m of page.items) rows.push({ id: m.id, group: m.groupName, groupId: m.groupId, sender: m.sender?.name ?? null, time: m.sentAt, text: m.text });
          cursor = page.next;
        } while (cursor && rows.length < limit);
        out(JSON.stringify(rows, null, 2));
      });
      return 0;
    }
    case 'serve': {
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535\n${USAGE}`);
      const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
      const settings = confSettings(dataDir);
      const core = values.db ? createCore({ dbPath: path.resolve(values.db), settings, transport: 'bridge', outbox: true }) : createCore({ dataDir, settings, transport: 'bridge', outbox: true });
      // Exports and uploads a `serve` killed with -9 left in its temp folders go first.
      sweepStaleTempFolders();
      const staticDir = rendererDir();
      const bridge = await startBridge({ core, port, locale: () => settings.get().locale, ...(staticDir ? { staticDir } : {}) });
      if (!staticDir) process.stderr.write('界面尚未构建（缺少 dist/renderer）：请先运行 npm run build。API 仍可用。\n');
      out(`群主 Qunzhu 浏览器模式 / browser mode: ${bridge.openUrl}`);
      // The opener's command line is readable by every local user: it gets a one-time address, not the token.
      if (values.open) openInBrowser(bridge.launchUrl());
      const stop = () => {
        void bridge.close().then(() => {
          core.close();
          process.exit(0);
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return 'serving';
    }
    case 'import': {
      if (positionals.length === 0) throw new UsageError(`import needs at least one FILE\n${USAGE}`);
      // A wrong --map is a usage error, found before the database is opened or created.
      if (values.map !== undefined) {
        try {
          parseColumnMapOption(values.map);
        } catch (e) {
          if (e instanceof ImportError) throw new UsageError(`${e.message}\n${USAGE}`);
          throw e;
        }
      }
      const dbPath = needDb();
      // One import at a time per workspace, across processes (the app, browser mode, other `qunzhu
      // import`s): this one waits its turn, saying so on stderr, and holds it through the roster update.
      const lock = await acquireImportLock(dbPath, { onWait: () => process.stderr.write(`${t('zh-CN', 'import.waitingForLock')} / ${t('en', 'import.waitingForLock')}\n`) });
      try {
        const core = createCore({ dbPath, busyTimeoutMs: IMPORT_BUSY_TIMEOUT_MS });
        try {
          await core.workspaces.ready;
          if (core.workspaces.damaged) throw new AppError('DB_CORRUPT', t('zh-CN', 'db.readOnlyDamaged', { path: dbPath }));
          const summaries = await runImports(core.workspaces.db, positionals, {
            ...(values.format ? { format: values.format } : {}),
            ...(group ? { group } : {}),
            ...(values.tz ? { timeZone: values.tz } : {}),
            ...(values.map !== undefined ? { map: values.map } : {}),
          });
          // As in the app, the roster follows the data: activity, tags and classes as of now.
          if (summaries.some((s) => s.status === 'done' && s.messagesAdded + s.membersAdded + s.systemEvents > 0)) runRosterJobOn(core.workspaces.db, Date.now());
          for (const s of summaries) out(JSON.stringify(s));
          return summaries.every((s) => s.status === 'done') ? 0 : 1;
        } finally {
          core.close();
        }
      } finally {
        lock.release();
      }
    }
    case 'broadcast': {
      const sub = positionals[0];
      if (sub === 'report') {
        if (!id || !/^\d+$/.test(id)) throw new UsageError(`broadcast report needs --id N\n${USAGE}`);
        await onExisting(async (core) => out(JSON.stringify(await call(core, 'broadcasts.report', { id: Number(id) }), null, 2)));
        return 0;
      }
      if (sub !== 'send' || positionals.length !== 1) throw new UsageError(`broadcast needs "send" or "report"\n${USAGE}`);
      const hasText = !!values.text?.trim();
      const hasTemplate = !!values.template?.trim();
      if (hasText === hasTemplate) throw new UsageError(`broadcast send needs --text or --template (one of them)\n${USAGE}`);
      const confirm = values.confirm === undefined ? undefined : Number(values.confirm);
      if (confirm !== undefined && !Number.isInteger(confirm)) throw new UsageError(`--confirm must be the number of groups\n${USAGE}`);
      const wait = values.wait === undefined ? 600 : Number(values.wait);
      if (!Number.isFinite(wait) || wait < 0) throw new UsageError(`--wait must be seconds\n${USAGE}`);
      await onExisting(
        (core) =>
          runBroadcastSend(
            core,
            { text: values.text, template: values.template?.trim(), name: values.name, segment: values.segment, groups: values.group ?? [], all: values.all, dryRun: values['dry-run'], confirm, waitSeconds: wait },
            out,
            (line) => process.stderr.write(`${line}\n`),
          ),
        // A dry run sends nothing, so it starts no outbox.
        { outbox: !values['dry-run'] },
      );
      return 0;
    }
    case 'case': {
      const sub = positionals[0];
      const warn = (line: string) => process.stderr.write(`${line}\n`);
      if (positionals.length !== 1) throw new UsageError(`case needs "list", "export" or "book"\n${USAGE}`);
      if (sub === 'list') {
        if (values.format !== undefined && values.format !== 'json') throw new UsageError(`case list prints JSON (--format json)\n${USAGE}`);
        await onExisting((core) => runCaseList(core, { tag: values.tag }, out));
        return 0;
      }
      if (!values.out) throw new UsageError(`case ${sub} needs --out PATH\n${USAGE}`);
      const outPath = values.out;
      if (sub === 'export') {
        const format = values.format;
        if (format !== 'md' && format !== 'html' && format !== 'pdf' && format !== 'png' && format !== 'zip') throw new UsageError(`case export needs --format md|html|pdf|png|zip\n${USAGE}`);
        if (!id || !/^\d+$/.test(id)) throw new UsageError(`case export needs --id N\n${USAGE}`);
        await onExisting((core) => runCaseExport(core, { id: Number(id), format, out: outPath }, out, warn));
        return 0;
      }
      if (sub === 'book') {
        const format = values.format;
        if (format !== 'md' && format !== 'html' && format !== 'pdf' && format !== 'png' && format !== 'zip') throw new UsageError(`case book needs --format pdf|png|html|md|zip\n${USAGE}`);
        const ids = values.id ?? [];
        if ((values.tag === undefined) === (ids.length === 0) || ids.some((x) => !/^\d+$/.test(x))) throw new UsageError(`case book needs --tag T or --id N …\n${USAGE}`);
        await onExisting((core) => runCaseBook(core, { tag: values.tag, ids: ids.length ? ids.map(Number) : undefined, title: values.name, format, out: outPath }, out, warn));
        return 0;
      }
      throw new UsageError(`case needs "list", "export" or "book"\n${USAGE}`);
    }
    case 'calendar': {
      const sub = positionals[0];
      if (positionals.length !== 1 || (sub !== 'list' && sub !== 'ics')) throw new UsageError(`calendar needs "list" or "ics"\n${USAGE}`);
      const day = /^\d{4}-\d{2}-\d{2}$/;
      if (!values.from || !values.to || !day.test(values.from) || !day.test(values.to)) throw new UsageError(`calendar ${sub} needs --from and --to as YYYY-MM-DD\n${USAGE}`);
      const range = { from: values.from, to: values.to, group };
      if (sub === 'list') {
        const format = values.format ?? 'json';
        if (format !== 'json' && format !== 'csv') throw new UsageError(`calendar list needs --format json or --format csv\n${USAGE}`);
        await onExisting((core) => runCalendarList(core, { ...range, format }, out));
        return 0;
      }
      if (!values.out) throw new UsageError(`calendar ics needs --out FILE\n${USAGE}`);
      const file = values.out;
      await onExisting((core) => runCalendarIcs(core, { ...range, out: file }, out));
      return 0;
    }
    case 'playbook': {
      if (positionals.length !== 1 || positionals[0] !== 'apply') throw new UsageError(`playbook needs "apply"\n${USAGE}`);
      if (!values.playbook?.trim()) throw new UsageError(`playbook apply needs --playbook NAME\n${USAGE}`);
      if (!values.group?.length) throw new UsageError(`playbook apply needs --group NAME|ID\n${USAGE}`);
      if (!values.start || !/^\d{4}-\d{2}-\d{2}$/.test(values.start)) throw new UsageError(`playbook apply needs --start YYYY-MM-DD\n${USAGE}`);
      const o = { playbook: values.playbook.trim(), groups: values.group, start: values.start, replace: values.replace };
      await onExisting((core) => runPlaybookApply(core, o, out));
      return 0;
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
  }
}

export async function cliMain(argv = process.argv.slice(2)): Promise<void> {
  try {
    const code = await run(argv);
    if (code !== 'serving') process.exitCode = code;
  } catch (e) {
    // SQLite's damage and lock errors as DB_CORRUPT / DB_BUSY, like the app, never a stack trace.
    const at = argv.indexOf('--db');
    const dbError = e instanceof AppError ? null : dbAppError('zh-CN', e, at >= 0 ? (argv[at + 1] ?? '') : '');
    if (dbError) process.stderr.write(`错误 / error [${dbError.code}]: ${dbError.message}\n`);
    else if (e instanceof AppError) process.stderr.write(`错误 / error [${e.code}]: ${e.message}\n`);
    else if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) process.stderr.write(`${(e as Error).message}\n`);
    else process.stderr.write(`错误 / error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
  }
}

