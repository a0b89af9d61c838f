import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { run } from '../../electron/cli/main';
import { tmpDir } from './tmp';

/**
 * A demo workspace made by `qunzhu demo` once for the calling test file (removed after it): what
 * the CLI tests run their commands against. Read `.db` inside a test or a later beforeAll.
 */
export function demoDbPerFile(): { readonly db: string; readonly dir: string } {
  let t: ReturnType<typeof tmpDir> | null = null;
  beforeAll(async () => {
    t = tmpDir();
    expect(await run(['demo', '--db', path.join(t.dir, 'demo.db')], () => {})).toBe(0);
  });
  afterAll(() => t?.cleanup());
  const dir = () => {
    if (!t) throw new Error('demoDbPerFile: only inside a test');
    return t.dir;
  };
  return {
    get db() {
      return path.join(dir(), 'demo.db');
    },
    get dir() {
      return dir();
    },
  };
}

/** Runs a `qunzhu` command that must succeed (exit 0) and returns what it printed. */
export async function cliOutput(args: string[]): Promise<string> {
  const out: string[] = [];
  expect(await run(args, (s) => out.push(s))).toBe(0);
  return out.join('\n');
}
