/**
 * A page opened while an import runs (a reload mid-import): the store takes the job up — its
 * progress, its cancel, its end and the history after it — instead of a row stuck at 进行中.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeApi } from '../../helpers/fake-api';

const fake = createFakeApi();
vi.mock('../../../renderer/lib/api/client', () => ({ getApi: () => fake }));
const { useImportsStore } = await import('../../../renderer/store/imports/imports.store');

const settle = () => new Promise((r) => setTimeout(r, 0));
const running = { jobId: 'j1', mode: 'import', path: '/tmp/up/1/qq_group.txt', fileName: 'qq_group.txt', messages: 1200, events: 3, bytesRead: 500, totalBytes: 1000 };

beforeEach(() => {
  fake.pending.length = 0;
  fake.listeners.clear();
  useImportsStore.setState({ stage: 'idle', error: null, path: null, fileName: null, jobId: null, progress: null, result: null });
});

describe('attaching to a running import', () => {
  it('shows its progress, can cancel it, and lands its end with a fresh history', async () => {
    const done = useImportsStore.getState().attach();
    fake.take('imports.running').resolve([running]);
    await settle();
    expect(useImportsStore.getState()).toMatchObject({ stage: 'importing', jobId: 'j1', fileName: 'qq_group.txt', progress: { messages: 1200, bytesRead: 500, totalBytes: 1000 } });
    fake.take('imports.history').resolve([]);
    await done;

    fake.emit('import.progress', { jobId: 'j1', phase: 'running', messages: 1500, events: 3, bytesRead: 800, totalBytes: 1000 });
    expect(useImportsStore.getState().progress?.messages).toBe(1500);
    void useImportsStore.getState().cancel();
    expect(fake.take('imports.cancel').req).toEqual({ jobId: 'j1' });

    fake.emit('import.progress', { jobId: 'j1', phase: 'finished', messages: 1500, events: 3, bytesRead: 1000, totalBytes: 1000, result: { file: running.path, format: 'qq-txt', status: 'done', summary: { batchId: 1, chats: 1, chatsSkipped: 0, messagesAdded: 1500, duplicates: 0, membersAdded: 30, events: 3, groupsCreated: 1 } } });
    expect(useImportsStore.getState()).toMatchObject({ stage: 'finished', jobId: null, result: { status: 'done' } });
    expect(fake.count('imports.history')).toBe(1);
    // The job is over: nothing listens any more.
    expect(fake.listeners.get('import.progress') ?? []).toHaveLength(0);
  });

  it('an end that arrives while the page asks is not lost', async () => {
    const done = useImportsStore.getState().attach();
    fake.emit('import.progress', { jobId: 'j1', phase: 'finished', messages: 10, events: 0, bytesRead: 1000, totalBytes: 1000, result: { file: running.path, format: 'qq-txt', status: 'done' } });
    fake.take('imports.running').resolve([running]);
    await settle();
    expect(useImportsStore.getState()).toMatchObject({ stage: 'finished', jobId: null });
    while (fake.count('imports.history')) fake.take('imports.history').resolve([]);
    await done;
  });

  it('with nothing running, only the history loads and nothing listens', async () => {
    const done = useImportsStore.getState().attach();
    fake.take('imports.running').resolve([]);
    await settle();
    expect(useImportsStore.getState().stage).toBe('idle');
    fake.take('imports.history').resolve([]);
    await done;
    expect(fake.listeners.get('import.progress') ?? []).toHaveLength(0);
  });
});
