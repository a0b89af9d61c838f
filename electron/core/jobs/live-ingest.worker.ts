/**
 * The worker-thread entry of live ingest: the group-commit queue and its own connection to the
 * workspace. A commit of a full batch (10,000 messages) takes over a second on a large workspace;
 * here it holds this thread, not the core's, which keeps answering the UI (WAL: its reads see
 * each commit as it lands).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { openDatabase } from '../db/open';
import { LiveIngestQueue } from '../inbox';
import type { LiveIngestFromWorker, LiveIngestToWorker, LiveIngestWorkerData } from '../inbox';

const port = parentPort!;
const data = workerData as LiveIngestWorkerData;
const post = (m: LiveIngestFromWorker) => port.postMessage(m);

try {
  // Never creates a workspace: the core opened (and migrated) this file before starting us.
  const db = openDatabase(data.dbPath, { mustExist: true, ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}) });
  const queue = new LiveIngestQueue(db, {
    ...(data.maxBatch ? { maxBatch: data.maxBatch } : {}),
    ...(data.maxDelayMs !== undefined ? { maxDelayMs: data.maxDelayMs } : {}),
    onCommitted: (c) => post({ type: 'committed', ...c }),
  });
  port.on('message', (m: LiveIngestToWorker) => {
    if (m.type === 'push') {
      queue.push(m.messages).then(
        () => post({ type: 'done', id: m.id }),
        (e: unknown) => post({ type: 'failed', id: m.id, message: (e as Error).message, ...(e instanceof AppError ? { code: e.code } : {}) }),
      );
    } else {
      queue.close();
      // After the settled deliveries have answered (their callbacks run as microtasks).
      setImmediate(() => {
        db.close();
        port.close();
      });
    }
  });
  post({ type: 'ready' });
} catch (e) {
  post({ type: 'fatal', message: (e as Error).message });
  port.close();
}
