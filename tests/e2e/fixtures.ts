import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';

export interface Server {
  url: string;
  /** The URL with its token, as printed by `qunzhu serve`. */
  openUrl: string;
  dir: string;
  db: string;
  /** What the core wrote to stderr so far (its log: errors, slow calls). */
  log(): string;
  stop(): Promise<void>;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Starts the built CLI in browser mode on a fresh temporary database. */
export async function startServer(o: { demo?: boolean; settingsText?: string; /** Runs on the closed database file before the server opens it (to damage it). */ prepare?: (db: string) => void } = {}): Promise<Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qunzhu-e2e-'));
  // What a previous run left in settings.json (to test a damaged one).
  if (o.settingsText !== undefined) fs.writeFileSync(path.join(dir, 'settings.json'), o.settingsText);
  const db = path.join(dir, 'e2e.db');
  const cli = path.join(root, 'dist', 'node', 'cli.cjs');
  if (!fs.existsSync(cli)) throw new Error('dist/node/cli.cjs is missing: run `npm run build` first');
  const env = { ...process.env, QUNZHU_DATA_DIR: dir };
  if (o.demo) {
    await new Promise<void>((resolve, reject) => {
      const p = spawn(process.execPath, [cli, 'demo', '--db', db], { env, stdio: 'ignore' });
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`demo exited ${code}`))));
    });
  }
  o.prepare?.(db);
  const child: ChildProcess = spawn(process.execPath, [cli, 'serve', '--db', db, '--port', '0', '--data-dir', dir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const openUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return {
    openUrl,
    url: new URL(openUrl).origin,
    dir,
    db,
    log: () => stderr,
    stop: async () => {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{ server: Server }>({
  // eslint-disable-next-line no-empty-pattern
  server: async ({}, use, testInfo) => {
    const s = await startServer();
    await use(s);
    // A failing test shows the core's log beside Playwright's report: a refused call or a slow one
    // ("… took 12000 ms") tells a stalled machine from a broken feature.
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('core log', { body: s.log() || '(empty)', contentType: 'text/plain' });
    await s.stop();
  },
});
export { expect } from '@playwright/test';
