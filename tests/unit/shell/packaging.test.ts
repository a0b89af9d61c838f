/** The packaged app carries every bundle the build makes: a worker left out works in browser mode and fails in the installed app. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (f: string) => fs.readFileSync(new URL(`../../../${f}`, import.meta.url), 'utf8');

describe('electron-builder files', () => {
  it('lists every bundle that scripts/build-node.mjs writes, and each worker the core starts', () => {
    const built = [...read('scripts/build-node.mjs').matchAll(/outfile: '(dist\/node\/[^']+\.cjs)'/g)].map((m) => m[1]!);
    const packaged = [...read('electron-builder.yml').matchAll(/^\s+- (dist\/node\/\S+\.cjs)$/gm)].map((m) => m[1]!);
    expect(built.length).toBeGreaterThanOrEqual(7);
    expect(packaged.sort()).toEqual([...built].sort());
    // Every startWorker/startOneShot name in the core is one of those bundles.
    const started = new Set<string>();
    const core = new URL('../../../electron/core/', import.meta.url);
    for (const f of fs.readdirSync(core, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
      for (const m of read(`electron/core/${f}`).matchAll(/start(?:Worker|OneShot)(?:<[^>]*>)?\('([\w-]+\.cjs)'/g)) started.add(`dist/node/${m[1]}`);
    }
    expect(started.size).toBeGreaterThanOrEqual(4);
    for (const w of started) expect(built).toContain(w);
  });
});
