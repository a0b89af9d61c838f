import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: path.resolve(__dirname, '../..') });
const ruleIds = async (file: string, code: string) => (await eslint.lintText(code, { filePath: file }))[0]!.messages.map((m) => m.ruleId);

describe('the electron import ban', () => {
  const code = "import { app } from 'electron';\nexport const x = app;\n";
  it.each(['electron/core/x.ts', 'electron/bridge/x.ts', 'electron/cli/x.ts', 'shared/x.ts', 'renderer/x.tsx'])('fails in %s', async (file) => {
    expect(await ruleIds(file, code)).toContain('no-restricted-imports');
  });
  it.each(['electron/shell/x.ts', 'electron/preload/x.ts'])('allows %s', async (file) => {
    expect(await ruleIds(file, code)).not.toContain('no-restricted-imports');
  });
  it('also catches require()', async () => {
    expect(await ruleIds('electron/core/y.ts', "const e = require('electron');\nexport default e;\n")).toContain('@typescript-eslint/no-require-imports');
  });
});

describe('SQL only in repositories and db/', () => {
  const prepare = "export const n = (db: { prepare(s: string): { get(): unknown } }) => db.prepare('SELECT 1').get();\n";
  const exec = "export const drop = (db: { exec(s: string): void }) => db.exec('DROP TABLE x');\n";
  const execVar = 'export const run = (d: { db: { exec(s: string): void } }, sql: string) => d.db.exec(sql);\n';
  const pragma = "export const v = (db: { pragma(s: string): unknown }) => db.pragma('user_version');\n";
  it.each([
    ['prepare in a service', 'electron/core/groups/groups.service.ts', prepare],
    ['exec of SQL text in a handler', 'electron/core/groups/groups.handlers.ts', exec],
    ['exec on a handle named db', 'electron/core/inbox/ingest-engine.ts', execVar],
    ['pragma outside db/', 'electron/core/workspace/info.ts', pragma],
    ['prepare in the CLI', 'electron/cli/x.ts', prepare],
  ])('fails: %s', async (_what, file, code) => {
    expect(await ruleIds(file, code)).toContain('qunzhu/sql-only-in-repos');
  });
  it.each([
    ['a repository', 'electron/core/groups/groups.repo.ts', prepare],
    ['db/', 'electron/core/db/sql-helper.ts', exec],
  ])('allows %s', async (_what, file, code) => {
    expect(await ruleIds(file, code)).not.toContain('qunzhu/sql-only-in-repos');
  });
  it('leaves RegExp#exec alone', async () => {
    const code = "const HEADER = /^(\\d+)$/;\nexport const m = (line: string) => HEADER.exec(line) ?? /x/.exec(line);\n";
    expect(await ruleIds('electron/core/importers/x.importer.ts', code)).not.toContain('qunzhu/sql-only-in-repos');
  });
});

describe('an area is reached only through its index.ts', () => {
  it('fails on an import of another area’s file', async () => {
    const code = "import { listMembers } from '../roster/roster.service';\nexport const x = listMembers;\n";
    expect(await ruleIds('electron/core/inbox/inbox.service.ts', code)).toContain('qunzhu/area-boundaries');
  });
  it('fails from outside the areas too (the CLI, a job, a type import, a re-export)', async () => {
    expect(await ruleIds('electron/cli/x.ts', "import { importFile } from '../core/imports/imports.service';\nexport const x = importFile;\n")).toContain('qunzhu/area-boundaries');
    expect(await ruleIds('electron/core/jobs/x.worker.ts', "import type { RosterJobInput } from '../roster/roster-job';\nexport type X = RosterJobInput;\n")).toContain('qunzhu/area-boundaries');
    expect(await ruleIds('electron/core/create-core.ts', "export { Outbox } from './broadcasts/outbox';\n")).toContain('qunzhu/area-boundaries');
  });
  it('allows the other area’s index.ts, and any file of one’s own area', async () => {
    expect(await ruleIds('electron/core/inbox/inbox.service.ts', "import { getSegment } from '../segments';\nexport const x = getSegment;\n")).not.toContain('qunzhu/area-boundaries');
    expect(await ruleIds('electron/core/inbox/inbox.service.ts', "import { getSegment } from '../segments/index';\nexport const x = getSegment;\n")).not.toContain('qunzhu/area-boundaries');
    expect(await ruleIds('electron/core/inbox/inbox.service.ts', "import { getMessageRows } from './messages.repo';\nexport const x = getMessageRows;\n")).not.toContain('qunzhu/area-boundaries');
  });
});

describe('folder walls', () => {
  it('the renderer imports nothing from electron/', async () => {
    expect(await ruleIds('renderer/features/x/X.tsx', "import { iso } from '../../../electron/core/clock';\nexport const x = iso;\n")).toContain('qunzhu/import-walls');
    expect(await ruleIds('renderer/features/x/X.tsx', "import type { Core } from '../../../electron/core/create-core';\nexport type X = Core;\n")).toContain('qunzhu/import-walls');
    expect(await ruleIds('renderer/features/x/X.tsx', "import { contract } from '../../../shared/api';\nexport const x = contract;\n")).not.toContain('qunzhu/import-walls');
  });
  it('shared/ imports no Node built-in and nothing from electron/ or renderer/', async () => {
    expect(await ruleIds('shared/domain/x.ts', "import fs from 'node:fs';\nexport const x = fs;\n")).toContain('qunzhu/import-walls');
    expect(await ruleIds('shared/domain/x.ts', "import path from 'path';\nexport const x = path;\n")).toContain('qunzhu/import-walls');
    expect(await ruleIds('shared/domain/x.ts', "import { log } from '../../electron/core/log';\nexport const x = log;\n")).toContain('qunzhu/import-walls');
    expect(await ruleIds('shared/api/x.ts', "import { useT } from '../../renderer/i18n';\nexport const x = useT;\n")).toContain('qunzhu/import-walls');
    expect(await ruleIds('shared/api/x.ts', "import { z } from 'zod';\nexport const x = z;\n")).not.toContain('qunzhu/import-walls');
  });
});

describe('the rules of hooks on the renderer', () => {
  // A hook behind a condition runs on some renders only: React then pairs state with the wrong hook.
  const conditional = "import { useState } from 'react';\nexport function C({ on }: { on: boolean }) {\n  if (on) {\n    const [n] = useState(0);\n    return n;\n  }\n  return null;\n}\n";
  // An effect that reads `id` without listing it keeps the first render's value forever.
  const staleEffect = "import { useEffect } from 'react';\nexport function C({ id, load }: { id: number; load(id: number): void }) {\n  useEffect(() => load(id), [load]);\n  return null;\n}\n";
  const honest = "import { useEffect, useState } from 'react';\nexport function C({ id, load }: { id: number; load(id: number): void }) {\n  const [n] = useState(0);\n  useEffect(() => load(id + n), [load, id, n]);\n  return null;\n}\n";
  it.each(['renderer/features/x/X.tsx', 'renderer/lib/useX.ts'])('a conditional hook fails in %s', async (file) => {
    expect(await ruleIds(file, conditional)).toContain('react-hooks/rules-of-hooks');
  });
  it.each(['renderer/features/x/X.tsx', 'renderer/lib/useX.ts'])('an effect missing a dependency fails in %s', async (file) => {
    expect(await ruleIds(file, staleEffect)).toContain('react-hooks/exhaustive-deps');
  });
  it('passes hooks called unconditionally with every dependency listed', async () => {
    const ids = await ruleIds('renderer/features/x/X.tsx', honest);
    expect(ids).not.toContain('react-hooks/rules-of-hooks');
    expect(ids).not.toContain('react-hooks/exhaustive-deps');
  });
});
