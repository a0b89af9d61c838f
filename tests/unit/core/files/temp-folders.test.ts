/**
 * A `serve` killed with -9 leaves its `qunzhu-downloads-<pid>` folder (exports with members' names)
 * behind (#17 item 7): the next start removes the folders of processes that are gone, and never
 * one of a process that still runs.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processExists, sweepStaleTempFolders } from '../../../../electron/core/files/temp-folders';
import { tmpDir } from '../../../helpers/tmp';

/** The pid of a process that ran and has exited (and been reaped): a real dead pid. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  const pid = child.pid!;
  await new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return pid;
}

let t: ReturnType<typeof tmpDir>;
beforeEach(() => (t = tmpDir()));
afterEach(() => t.cleanup());

const folder = (name: string) => {
  const dir = path.join(t.dir, name);
  fs.mkdirSync(dir, { mode: 0o700 });
  fs.writeFileSync(path.join(dir, 'f1c0ffee-0000-4000-8000-000000000000-成员名单.csv'), '张三,13812345678');
  return dir;
};

describe('sweepStaleTempFolders', () => {
  it('removes the download and upload folders of a dead process, keeps a live one’s and anything else', async () => {
    const dead = await deadPid();
    expect(processExists(dead)).toBe(false);
    expect(processExists(process.pid)).toBe(true);
    const staleDownloads = folder(`qunzhu-downloads-${dead}`);
    const staleUploads = folder(`qunzhu-uploads-${dead}`);
    const live = folder(`qunzhu-downloads-${process.pid}`);
    const liveUploads = folder(`qunzhu-uploads-${process.pid}`);
    // A parent process that runs (the test runner's) is alive too.
    const parent = folder(`qunzhu-downloads-${process.ppid}`);
    const others = [folder(`qunzhu-test-${dead}`), folder(`qunzhu-downloads-${dead}-x`), folder(`qunzhu-downloads-`), folder('something-else')];

    const removed = sweepStaleTempFolders(t.dir);
    expect(removed.sort()).toEqual([staleDownloads, staleUploads].sort());
    expect(fs.existsSync(staleDownloads)).toBe(false);
    expect(fs.existsSync(staleUploads)).toBe(false);
    for (const keep of [live, liveUploads, parent, ...others]) expect(fs.existsSync(keep), keep).toBe(true);
    expect(fs.readdirSync(live)).toHaveLength(1);
    // Nothing more to do the second time.
    expect(sweepStaleTempFolders(t.dir)).toEqual([]);
  });

  it('never follows a symbolic link named like a folder, nor removes a plain file', async () => {
    const dead = await deadPid();
    const precious = folder('precious');
    fs.symlinkSync(precious, path.join(t.dir, `qunzhu-downloads-${dead}`));
    fs.writeFileSync(path.join(t.dir, `qunzhu-uploads-${dead}`), 'not a folder');
    expect(sweepStaleTempFolders(t.dir)).toEqual([]);
    expect(fs.readdirSync(precious)).toHaveLength(1);
    expect(fs.existsSync(path.join(t.dir, `qunzhu-uploads-${dead}`))).toBe(true);
  });

  it('is quiet about a temp folder that cannot be read', () => {
    expect(sweepStaleTempFolders(path.join(t.dir, 'missing'))).toEqual([]);
  });
});
