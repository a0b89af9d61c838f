/**
 * A damaged workspace over both transports: reported by workspace.current, writes refused with
 * DB_CORRUPT, and workspace.saveRecoveredCopy saves what can be read as a new workspace (with its
 * key file) that the user can switch to and write in. The damaged file is never written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memorySettings } from '../../electron/core/settings';
import type { RecoveredCopyDto, WorkspaceDto, WorkspaceSummary } from '../../shared/domain/workspace';
import { overwritePages, pageCount } from '../helpers/damage';
import { coreOptions, TRANSPORTS } from '../helpers/transports';
import { sha256, tmpDir } from '../helpers/tmp';

describe.each(TRANSPORTS)('a damaged workspace over %s', (_name, make) => {
  let t: ReturnType<typeof tmpDir>;
  beforeEach(() => {
    t = tmpDir();
  });
  afterEach(() => t.cleanup());

  it('is read-only with DB_CORRUPT, and its recovered copy becomes a workspace to switch to', async () => {
    const settings = memorySettings();
    const setup = await make({ ...coreOptions(t.dir, 'managed'), settings });
    const demo = (await setup.call('workspace.createDemo', {})) as { ok: true; value: WorkspaceDto };
    expect(demo.ok).toBe(true);
    await setup.close();
    const file = demo.value.path;
    const n = pageCount(file);
    overwritePages(file, [Math.floor(n / 2), Math.floor(n / 2) + 1], 3);
    const before = sha256(file);

    const api = await make({ ...coreOptions(t.dir, 'managed'), settings });
    try {
      const ws = await api.call('workspace.current', {});
      expect(ws.ok && (ws.value as WorkspaceDto).damaged?.problems.length).toBeGreaterThan(0);
      const write = await api.call('workspace.dismissWelcome', {});
      expect(!write.ok && write.error.code).toBe('DB_CORRUPT');
      expect(!write.ok && write.error.message).toContain('工作区数据库已损坏，已以只读方式打开');
      const saved = await api.call('workspace.saveRecoveredCopy', {});
      expect(saved.ok, JSON.stringify(saved)).toBe(true);
      const copy = (saved as { value: RecoveredCopyDto }).value;
      expect(copy.workspaceId).toBe('demo-recovered');
      expect(fs.existsSync(path.join(path.dirname(copy.path), 'secrets.key'))).toBe(true);
      const list = await api.call('workspace.list', {});
      expect(list.ok && (list.value as WorkspaceSummary[]).find((w) => w.id === copy.workspaceId)?.name).toBe('示例工作区（恢复副本）');
      const switched = await api.call('workspace.switch', { id: copy.workspaceId! });
      expect(switched.ok && (switched.value as WorkspaceDto).damaged).toBeNull();
      expect(switched.ok && (switched.value as WorkspaceDto).counts.groups).toBeGreaterThan(0);
      expect((await api.call('workspace.dismissWelcome', {})).ok).toBe(true);
    } finally {
      await api.close();
    }
    expect(sha256(file)).toBe(before);
  }, 60_000);
});
