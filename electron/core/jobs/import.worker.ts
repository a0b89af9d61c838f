/** The worker-thread entry of an import job: heavy parsing and writing stay off the UI's thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { runImportJob, type ImportJobInput } from '../imports';

const controller = new AbortController();
parentPort!.on('message', (m: { type: string }) => {
  if (m.type === 'cancel') controller.abort();
});
void runImportJob(workerData as ImportJobInput, (m) => parentPort!.postMessage(m), controller.signal).then(() => parentPort!.close());
