/**
 * Runs import jobs in worker threads and relays their progress as `import.progress` events.
 * The worker is the bundled dist/node/import-worker.cjs in the app and browser mode; from the
 * TypeScript sources (tests, `npm run cli`) the .ts entry runs through tsx.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportProgressEvent } from '../../../shared/events';
import type { ImportJobInput, ImportJobMessage } from './import-job';

function workerEntry(): { file: string; eval: boolean } {
  const here = typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
  const bundled = path.join(here, 'import-worker.cjs');
  if (fs.existsSync(bundled)) return { file: bundled, eval: false };
  const source = path.join(here, 'import.worker.ts');
  // From source, a tiny bootstrap registers tsx inside the worker, then loads the .ts entry.
  if (fs.existsSync(source)) return { file: `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(source).href)}); });`, eval: true };
  throw new Error('import worker not found (run npm run build)');
}

export class ImportJobs {
  private readonly jobs = new Map<string, Worker>();
  constructor(private readonly emit: (e: ImportProgressEvent) => void) {}

  start(input: ImportJobInput): string {
    const jobId = crypto.randomUUID();
    const entry = workerEntry();
    const worker = new Worker(entry.file, { workerData: input, eval: entry.eval });
    this.jobs.set(jobId, worker);
    let last: ImportProgressEvent = { jobId, phase: 'running', messages: 0, events: 0, bytesRead: 0, totalBytes: 0 };
    let finished = false;
    worker.on('message', (m: ImportJobMessage) => {
      if (m.type === 'progress') {
        last = { jobId, phase: 'running', messages: m.messages, events: m.events, bytesRead: m.bytesRead, totalBytes: m.totalBytes };
        this.emit(last);
      } else {
        finished = true;
        this.emit({ ...last, phase: 'finished', result: m.result });
      }
    });
    const fail = (message: string) => {
      if (finished) return;
      finished = true;
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
  }
}
