/**
 * The worker-thread entry of the tag-rules preview: computing every tag of every member takes
 * seconds on a large workspace, and the core keeps answering meanwhile. Read-only connection.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runTagPreview, type TagPreviewInput } from '../roster';

try {
  parentPort!.postMessage({ type: 'done', result: runTagPreview(workerData as TagPreviewInput) });
} catch (e) {
  parentPort!.postMessage({ type: 'error', message: (e as Error).message });
}
parentPort!.close();
