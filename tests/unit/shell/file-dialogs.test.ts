/** Save and open dialogs start in the folders last used, and a completed choice moves them. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memorySettings } from '../../../electron/core/settings';
import { IMPORT_EXTENSIONS, pickImportFile, rememberExportFolder, type DownloadLike } from '../../../electron/shell/file-dialogs';

function download(name: string) {
  let done: ((e: unknown, state: 'completed' | 'cancelled' | 'interrupted') => void) | null = null;
  const item = {
    options: null as { defaultPath?: string } | null,
    savePath: '',
    getFilename: () => name,
    getSavePath: () => item.savePath,
    setSaveDialogOptions: (o: { defaultPath?: string }) => void (item.options = o),
    once: (_ev: 'done', fn: typeof done) => void (done = fn),
    finish(state: 'completed' | 'cancelled' | 'interrupted', savedTo = '') {
      item.savePath = savedTo;
      done?.({}, state);
    },
  };
  return item satisfies DownloadLike;
}

describe('exports are saved where the last one went', () => {
  it('first in the fallback (Downloads), then in the folder the user chose', () => {
    const settings = memorySettings();
    const first = download('成员名单-20261207-1030.csv');
    rememberExportFolder(first, settings, '/home/u/Downloads');
    expect(first.options).toEqual({ defaultPath: path.join('/home/u/Downloads', '成员名单-20261207-1030.csv') });
    first.finish('completed', '/home/u/报表/成员名单-20261207-1030.csv');
    expect(settings.get().lastExportDir).toBe('/home/u/报表');
    const second = download('群发报告.xlsx');
    rememberExportFolder(second, settings, '/home/u/Downloads');
    expect(second.options).toEqual({ defaultPath: path.join('/home/u/报表', '群发报告.xlsx') });
  });
  it('a cancelled or interrupted save leaves the folder as it was', () => {
    const settings = memorySettings({ lastExportDir: '/home/u/报表' });
    const a = download('a.csv');
    rememberExportFolder(a, settings, '/d');
    a.finish('cancelled');
    const b = download('b.csv');
    rememberExportFolder(b, settings, '/d');
    b.finish('interrupted', '/elsewhere/b.csv');
    expect(settings.get().lastExportDir).toBe('/home/u/报表');
  });
});

describe('the import picker opens where the last import came from', () => {
  const words = { title: '选择聊天导出文件', exports: '聊天导出', all: '所有文件' };
  it('offers the export formats, remembers the folder of the file picked, and returns its path', async () => {
    const settings = memorySettings();
    const asked: unknown[] = [];
    const dialog = { showOpenDialog: async (o: unknown) => (asked.push(o), { canceled: false, filePaths: ['/home/u/导出/result.json'] }) };
    expect(await pickImportFile(dialog, settings, words, '/home/u/Documents')).toBe('/home/u/导出/result.json');
    expect(asked[0]).toMatchObject({ title: '选择聊天导出文件', defaultPath: '/home/u/Documents', properties: ['openFile'], filters: [{ name: '聊天导出', extensions: IMPORT_EXTENSIONS }, { name: '所有文件', extensions: ['*'] }] });
    expect(settings.get().lastImportDir).toBe('/home/u/导出');
    await pickImportFile(dialog, settings, words, '/home/u/Documents');
    expect(asked[1]).toMatchObject({ defaultPath: '/home/u/导出' });
  });
  it('a cancelled pick returns null and changes nothing', async () => {
    const settings = memorySettings({ lastImportDir: '/home/u/导出' });
    const dialog = { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) };
    expect(await pickImportFile(dialog, settings, words, '/d')).toBeNull();
    expect(settings.get().lastImportDir).toBe('/home/u/导出');
  });
});
