import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../electron/core/db/open';
import { dbAppError } from '../../../../electron/core/db/db-errors';
import { sha256, tmpDir } from '../../../helpers/tmp';

let t: ReturnType<typeof tmpDir>;
beforeEach(() => {
  t = tmpDir();
});
afterEach(() => t.cleanup());

const codeOf = (f: () => unknown): string | null => {
  try {
    (f() as { close?: () => void })?.close?.();
    return null;
  } catch (e) {
    return (e as { code?: string }).code ?? 'thrown';
  }
};

describe('an empty database file', () => {
  it('beside a workspace key file or a backup of it is damage (DB_CORRUPT), and is left as it is', () => {
    for (const beside of ['secrets.key', 'qunzhu.db.v3-2026-11-01T00-00-00-000Z.bak']) {
      const dir = path.join(t.dir, beside.replace(/\W/g, ''));
      fs.mkdirSync(dir);
      const file = path.join(dir, 'qunzhu.db');
      fs.writeFileSync(file, '');
      fs.writeFileSync(path.join(dir, beside), 'x');
      expect(codeOf(() => openDatabase(file)), beside).toBe('DB_CORRUPT');
      expect(fs.statSync(file).size).toBe(0);
      expect(fs.existsSync(`${file}-wal`)).toBe(false);
    }
  });

  it('alone in its folder is a new workspace', () => {
    const file = path.join(t.dir, 'qunzhu.db');
    fs.writeFileSync(file, '');
    expect(codeOf(() => openDatabase(file))).toBeNull();
  });
});

describe('SQLite errors in words', () => {
  it('maps every corruption code to DB_CORRUPT and lock codes to DB_BUSY, in the user language', () => {
    const err = (code: string) => Object.assign(new Error('sqlite says'), { code });
    for (const code of ['SQLITE_CORRUPT', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_NOTADB']) expect(dbAppError('zh-CN', err(code), '/x.db')?.code, code).toBe('DB_CORRUPT');
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED']) expect(dbAppError('zh-CN', err(code), '/x.db')?.code, code).toBe('DB_BUSY');
    expect(dbAppError('zh-CN', err('SQLITE_BUSY'), '/x.db')?.message).toContain('另一个导入');
    expect(dbAppError('en', err('SQLITE_BUSY'), '/x.db')?.message).toContain('Another import');
    expect(dbAppError('zh-CN', err('SQLITE_CONSTRAINT'), '/x.db')).toBeNull();
    expect(dbAppError('zh-CN', new Error('plain'), '/x.db')).toBeNull();
  });

  it('a damaged file SQLite itself refuses (not a database) is DB_CORRUPT, unchanged', () => {
    const file = path.join(t.dir, 'x.db');
    const buf = Buffer.alloc(8192, 0x5a);
    Buffer.from('SQLite format 3\0', 'latin1').copy(buf);
    fs.writeFileSync(file, buf);
    const before = sha256(file);
    expect(codeOf(() => openDatabase(file))).toBe('DB_CORRUPT');
    expect(sha256(file)).toBe(before);
  });
});
