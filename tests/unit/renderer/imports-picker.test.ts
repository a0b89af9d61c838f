/** The desktop app's own import picker: the file is read where it is (no upload), a cancel changes nothing. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeApi } from '../../helpers/fake-api';

const fake = createFakeApi();
const uploads: string[] = [];
vi.mock('../../../renderer/lib/api/client', () => ({ getApi: () => ({ ...fake, upload: async (_f: unknown, name: string) => (uploads.push(name), `/tmp/uploads/${name}`) }) }));
const { useImportsStore } = await import('../../../renderer/store/imports/imports.store');

const settle = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  fake.pending.length = 0;
  uploads.length = 0;
  useImportsStore.setState({ stage: 'idle', error: null, path: null, fileName: null });
});

describe('imports through the app’s file picker', () => {
  it('inspects the picked file at its own path, without uploading it', async () => {
    const done = useImportsStore.getState().pickWithDialog();
    fake.take('imports.pickFile').resolve({ path: '/home/u/导出/result.json' });
    await settle();
    expect(useImportsStore.getState()).toMatchObject({ stage: 'uploading', fileName: 'result.json', path: '/home/u/导出/result.json' });
    expect(fake.take('imports.inspect').req).toEqual({ path: '/home/u/导出/result.json' });
    expect(uploads).toEqual([]);
    void done;
  });

  it('a cancelled pick leaves the page as it was', async () => {
    const done = useImportsStore.getState().pickWithDialog();
    fake.take('imports.pickFile').resolve({ path: null });
    await done;
    expect(useImportsStore.getState()).toMatchObject({ stage: 'idle', error: null, path: null });
    expect(fake.pending).toEqual([]);
  });

  it('a refused pick (no picker) shows the reason and stays idle', async () => {
    const done = useImportsStore.getState().pickWithDialog();
    fake.take('imports.pickFile').reject(new Error('浏览器模式没有文件选择窗口'));
    await done;
    expect(useImportsStore.getState()).toMatchObject({ stage: 'idle', error: '浏览器模式没有文件选择窗口' });
  });

  it('a dropped file is still uploaded first', async () => {
    const done = useImportsStore.getState().pickFile(new File(['{}'], 'result.json'));
    await settle();
    expect(uploads).toEqual(['result.json']);
    expect(fake.take('imports.inspect').req).toEqual({ path: '/tmp/uploads/result.json' });
    void done;
  });
});
