/**
 * `qunzhu serve --open` as a user runs it (#17 item 7): the system's opener (xdg-open, here a stand-in
 * on PATH that writes down its arguments) is started with a one-time launch address, never the
 * token, since every local user can read a command line (ps); the address works once and only
 * once. And the start sweeps away the temp folders a `serve` killed with -9 left behind, never a
 * live process's.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tmpDir } from '../../helpers/tmp';

const root = path.resolve(__dirname, '../../..');
const qunzhu = path.join(root, 'bin', 'qunzhu.cjs');

let t: ReturnType<typeof tmpDir>;
let child: ChildProcessWithoutNullStreams | null = null;
beforeEach(() => (t = tmpDir()));
afterEach(() => {
  child?.kill('SIGTERM');
  child = null;
  t.cleanup();
});

async function deadPid(): Promise<number> {
  const c = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise<void>((resolve) => c.on('exit', () => resolve()));
  return c.pid!;
}

const waitFor = async <T>(what: string, f: () => T | null, ms = 20_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== null) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe.skipIf(process.platform !== 'linux')('qunzhu serve --open', () => {
  it('opens a one-time address with no token in the opener’s arguments, and sweeps dead runs’ temp folders on start', async () => {
    const bin = path.join(t.dir, 'bin');
    const tmp = path.join(t.dir, 'tmp');
    fs.mkdirSync(bin);
    fs.mkdirSync(tmp);
    const argvFile = path.join(t.dir, 'opener-argv.txt');
    fs.writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$0" "$@" > '${argvFile}.part' && mv '${argvFile}.part' '${argvFile}'\n`, { mode: 0o755 });

    // What earlier runs left: one killed with -9 (its pid is gone), one still running (this test's).
    const dead = await deadPid();
    const stale = [`qunzhu-downloads-${dead}`, `qunzhu-uploads-${dead}`].map((n) => path.join(tmp, n));
    const live = path.join(tmp, `qunzhu-downloads-${process.pid}`);
    for (const dir of [...stale, live]) {
      fs.mkdirSync(dir, { mode: 0o700 });
      fs.writeFileSync(path.join(dir, 'export.csv'), '张三,13812345678');
    }

    const renderer = path.join(t.dir, 'renderer');
    fs.mkdirSync(renderer);
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>群主</title>');
    const env = { ...process.env, QUNZHU_FROM_SOURCE: '1', QUNZHU_RENDERER_DIR: renderer, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, DISPLAY: ':99', TMPDIR: tmp };
    child = spawn(process.execPath, [qunzhu, 'serve', '--db', path.join(t.dir, 'serve.db'), '--port', '0', '--data-dir', t.dir, '--open'], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const printed = await waitFor('the printed address', () => /(http:\/\/127\.0\.0\.1:\d+\/)\?token=([0-9a-f]+)/.exec(out));
    const [origin, token] = [printed[1]!, printed[2]!];

    const argv = await waitFor('the opener', () => (fs.existsSync(argvFile) ? fs.readFileSync(argvFile, 'utf8').trimEnd().split('\n') : null));
    expect(argv[0]).toBe(path.join(bin, 'xdg-open'));
    expect(argv).toHaveLength(2);
    expect(argv.join(' ')).not.toContain(token);
    expect(argv.join(' ')).not.toContain(token.slice(0, 16));
    const launch = argv[1]!;
    expect(launch.startsWith(`${origin}launch/`)).toBe(true);

    // The address the browser got works once: to the console, with the token, by redirect...
    const first = await fetch(launch, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/?token=${token}`);
    const page = await fetch(new URL(first.headers.get('location')!, origin));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('群主');
    // ...and never again: whoever read it off a command line gets nothing.
    const second = await fetch(launch, { redirect: 'manual' });
    expect(second.status).toBe(410);
    expect(await second.text()).not.toContain(token);

    // The folders of the dead run are gone; the live one is untouched.
    for (const dir of stale) expect(fs.existsSync(dir), dir).toBe(false);
    expect(fs.readdirSync(live)).toEqual(['export.csv']);
    expect(err).not.toMatch(/error/i);
  }, 60_000);
});
