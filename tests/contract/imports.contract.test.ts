/** Imports over both transports: preview and import run in a worker thread and report by events. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportBatchDto, ImportResultDto } from '../../shared/api/imports';
import type { ImportProgressEvent } from '../../shared/events';
import type { WorkspaceDto } from '../../shared/domain/workspace';
import { FIXTURES } from '../helpers/importers';
import { qqGroupExport } from '../fixtures/generators/qq-group';
import { tmpDir } from '../helpers/tmp';
import { callOk, coreOptions, TRANSPORTS, until, type TestTransport } from '../helpers/transports';

const fixture = (n: string) => path.join(FIXTURES, 'telegram', n);

describe.each(TRANSPORTS)('imports over %s', (_name, make) => {
  let t: ReturnType<typeof tmpDir>;
  let api: TestTransport;
  let finished: ImportProgressEvent[];
  beforeEach(async () => {
    t = tmpDir();
    api = await make(coreOptions(t.dir));
    finished = [];
    await api.on((e, p) => {
      if (e === 'import.progress' && (p as ImportProgressEvent).phase === 'finished') finished.push(p as ImportProgressEvent);
    });
  });
  afterEach(async () => {
    await api.close();
    t.cleanup();
  });

  const ok = <T>(method: string, params: unknown = {}) => callOk<T>(api, method, params);
  const run = async (params: unknown): Promise<ImportResultDto> => {
    const { jobId } = await ok<{ jobId: string }>('imports.start', params);
    await until(() => finished.some((f) => f.jobId === jobId), 20_000);
    return finished.find((f) => f.jobId === jobId)!.result!;
  };

  it('previews without writing, imports, lists the batch and undoes it exactly', async () => {
    const file = fixture('full-account-with-left-chats.json');
    const preview = await run({ path: file, mode: 'preview', timeZone: 'Asia/Shanghai' });
    expect(preview.status).toBe('done');
    expect(preview.format).toBe('telegram-json');
    expect(preview.chats?.map((c) => [c.name, c.kind, c.messages, c.senders])).toEqual([
      ['跨境电商卖家群', 'group', 1, 1],
      ['王芳', 'private', 1, 1],
      ['已退出的老群', 'group', 1, 1],
    ]);
    expect(preview.chats?.[0]?.samples[0]?.text).toBe('早报：物流涨价了');
    expect((await ok<WorkspaceDto>('workspace.current')).counts.messages).toBe(0);

    const imported = await run({ path: file, mode: 'import', mapping: { '333': 'skip' } });
    expect(imported.summary).toMatchObject({ chats: 1, chatsSkipped: 2, messagesAdded: 1, groupsCreated: 1 });
    expect((await ok<WorkspaceDto>('workspace.current')).counts.messages).toBe(1);

    const history = await ok<ImportBatchDto[]>('imports.history', {});
    expect(history.map((b) => [b.fileName, b.status, b.messagesAdded])).toEqual([['full-account-with-left-chats.json', 'done', 1]]);
    const undone = await ok<ImportBatchDto>('imports.undo', { batchId: history[0]!.id });
    expect(undone.status).toBe('undone');
    expect((await ok<WorkspaceDto>('workspace.current')).counts).toEqual({ groups: 0, members: 0, messages: 0 });
    const again = await api.call('imports.undo', { batchId: history[0]!.id });
    expect(!again.ok && again.error.code).toBe('CONFLICT');
  });

  it('maps the columns of a generic CSV, imports it, and remembers the mapping for the same header', async () => {
    const csv = path.join(FIXTURES, 'generic', 'mapped-chinese-headers.csv');
    const first = await ok<{ format: string; table?: { headers: string[]; rows: string[][]; map: Record<string, string>; remembered: boolean } }>('imports.inspect', { path: csv });
    expect(first.format).toBe('generic-csv');
    expect(first.table?.headers).toEqual(['时间', '群名', '发送者', '微信号', '内容']);
    expect(first.table?.rows[0]).toEqual(['2024-03-01 20:00:00', '宝妈团购群', '小雨', 'wxid_xiaoyu01', '今晚八点开团']);
    expect(first.table?.remembered).toBe(false);
    const columnMap = { time: '时间', group: '群名', senderName: '发送者', senderId: '微信号', text: '内容' };
    const withoutMap = await run({ path: csv, mode: 'preview' });
    expect(withoutMap).toMatchObject({ status: 'failed', error: { reason: 'unsupported' } });
    const preview = await run({ path: csv, mode: 'preview', columnMap, timeZone: 'Asia/Shanghai' });
    expect(preview.chats?.map((c) => c.name)).toEqual(['宝妈团购群']);
    const imported = await run({ path: csv, mode: 'import', columnMap, timeZone: 'Asia/Shanghai' });
    expect(imported.status).toBe('done');
    expect(imported.summary?.messagesAdded).toBeGreaterThan(0);
    const again = await ok<{ table?: { map: Record<string, string>; remembered: boolean } }>('imports.inspect', { path: csv });
    expect(again.table).toMatchObject({ remembered: true, map: columnMap });
    expect((await ok<{ format: string; table?: unknown }>('imports.inspect', { path: fixture('single-chat-2021-numeric-from-id.json') }))).toEqual({ format: 'telegram-json' });
  });

  it('lists the jobs running now, for a page opened mid-import, and forgets them once they end', async () => {
    const file = path.join(t.dir, 'big_qq_group.txt');
    fs.writeFileSync(file, qqGroupExport({ end: Date.parse('2026-11-20T00:00:00Z'), senders: 300, messages: 30_000 }).text);
    const { jobId } = await ok<{ jobId: string }>('imports.start', { path: file, mode: 'import', timeZone: 'Asia/Shanghai' });
    const running = await ok<{ jobId: string; mode: string; fileName: string; path: string }[]>('imports.running');
    expect(running.map((j) => [j.jobId, j.mode, j.fileName, j.path])).toEqual([[jobId, 'import', 'big_qq_group.txt', file]]);
    await until(() => finished.some((f) => f.jobId === jobId), 60_000);
    expect(await ok('imports.running')).toEqual([]);
  });

  it('reports a broken or unsupported file as a failed job with the file named', async () => {
    const broken = await run({ path: fixture('truncated.json'), mode: 'import' });
    expect(broken).toMatchObject({ status: 'failed', error: { reason: 'truncated' } });
    expect(broken.error?.message).toContain('truncated.json');
    const missing = await run({ path: path.join(t.dir, 'nope.json'), mode: 'preview' });
    expect(missing).toMatchObject({ status: 'failed', error: { reason: 'io' } });
    const unsupported = await run({ path: path.resolve(FIXTURES, '../../../README.md'), mode: 'preview' });
    expect(unsupported).toMatchObject({ status: 'failed', error: { reason: 'unsupported' } });
    // In the user's language, with the formats by the names users know (no internal ids).
    expect(unsupported.error?.message).toMatch(/^“README\.md”：不是可导入的聊天记录。目前支持：QQ 消息管理器 \.txt、/);
    expect(unsupported.error?.message).not.toMatch(/qq-txt|telegram-json/);
    expect(broken.error?.message).toMatch(/^“truncated\.json”（第 1 条）：文件不完整/);
    const inspected = await api.call('imports.inspect', { path: path.resolve(FIXTURES, '../../../README.md') });
    expect(!inspected.ok && inspected.error.message).toMatch(/不是可导入的聊天记录/);
  });
});
