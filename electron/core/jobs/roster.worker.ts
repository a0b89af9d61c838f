/** The worker-thread entry of the roster job: a full re-tag never blocks the core's thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { runRosterJob, type RosterJobInput } from './roster-job';

try {
  parentPort!.postMessage({ type: 'done', result: runRosterJob(workerData as RosterJobInput) });
} catch (e) {
  parentPort!.postMessage({ type: 'error', message: (e as Error).message });
}
parentPort!.close();
