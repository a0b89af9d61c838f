/** Runs import jobs in worker threads and relays their progress as `import.progress` events. */
import crypto from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import type { ImportProgressEvent } from '../../../shared/events';
import type { ImportJobInput, ImportJobMessage } from './import-job';
import { startWorker } from '../jobs/worker-entry';

/** A job still running, as a page opened meanwhile needs it to show its progress and its cancel. */
export interface RunningImport {
  jobId: string;
  mode: 'preview' | 'import';
  path: string;
  progress: ImportProgressEvent;
}

export class ImportJobs {
  private readonly jobs = new Map<string, Worker>();
  private readonly running = new Map<string, RunningImport>();
  constructor(private readonly emit: (e: ImportProgressEvent) => void) {}

  /** The jobs running now, oldest first. */
  list(): RunningImport[] {
    return [...this.running.values()];
  }

  start(input: ImportJobInput): string {
    const jobId = crypto.randomUUID();
    const worker: Worker = startWorker('import-worker.cjs', 'import.worker.ts', input);
    this.jobs.set(jobId, worker);
    let last: ImportProgressEvent = { jobId, phase: 'running', messages: 0, events: 0, bytesRead: 0, totalBytes: 0 };
    const entry: RunningImport = { jobId, mode: input.mode, path: input.file, progress: last };
    this.running.set(jobId, entry);
    let finished = false;
    worker.on('message', (m: ImportJobMessage) => {
      if (m.type === 'waiting') {
        last = { ...last, phase: 'waiting' };
        entry.progress = last;
        this.emit(last);
      } else if (m.type === 'progress') {
        last = { jobId, phase: 'running', messages: m.messages, events: m.events, bytesRead: m.bytesRead, totalBytes: m.totalBytes };
        entry.progress = last;
        this.emit(last);
      } else {
        finished = true;
        this.running.delete(jobId);
        this.emit({ ...last, phase: 'finished', result: m.result });
      }
    });
    const fail = (message: string) => {
      if (finished) return;
      finished = true;
      this.running.delete(jobId);
      this.emit({ ...last, phase: 'finished', result: { file: input.file, format: input.format ?? '', status: 'failed', error: { reason: 'io', message } } });
    };
    worker.on('error', (e) => fail(e.message));
    worker.on('exit', (code) => {
      this.jobs.delete(jobId);
      if (code !== 0) fail(`import worker stopped (exit ${code})`);
    });
    return jobId;
  }

  cancel(jobId: string): boolean {
    const w = this.jobs.get(jobId);
    if (!w) return false;
    w.postMessage({ type: 'cancel' });
    return true;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((w) => w.terminate()));
    this.jobs.clear();
    this.running.clear();
  }
}
