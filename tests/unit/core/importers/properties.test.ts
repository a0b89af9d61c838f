/**
 * Properties every importer must have, checked with fast-check on mutations of our fixtures:
 *   - any input either imports or fails with an ImportError naming the file;
 *   - a failed import leaves the database exactly as it was;
 *   - importing the same file twice adds nothing the second time.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../electron/core/db/open';
import { migrate } from '../../../../electron/core/db/migrate';
import { IMPORTERS } from '../../../../electron/core/importers/registry';
import { importFile } from '../../../../electron/core/imports/imports.service';
import type { Importer } from '../../../../electron/core/importers/types';
import { FIXTURES, tempFolder } from '../../../helpers/importers';

const TABLES = ['groups', 'members', 'member_names', 'memberships', 'messages', 'message_mentions', 'member_events'];

function snapshot(db: Db): Record<string, number> {
  return Object.fromEntries(TABLES.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));
}

function validFixtures(): { importer: Importer; file: string }[] {
  const out: { importer: Importer; file: string }[] = [];
  if (!fs.existsSync(FIXTURES)) return out;
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(FIXTURES)) {
    if (/expected|truncated|broken|bad|invalid|malformed|evil|bomb/i.test(path.basename(file))) continue;
    if (/\.(md|expected\.json)$/.test(file)) continue;
    const head = fs.readFileSync(file).subarray(0, 65536);
    const text = head.toString('utf8');
    const probe = { name: path.basename(file), head, text };
    const ranked = IMPORTERS.map((i) => ({ i, c: i.detect(probe) })).filter((x) => x.c >= 0.5 && x.i.format !== 'generic-csv' && x.i.format !== 'generic-xlsx').sort((a, b) => b.c - a.c);
    if (ranked[0]) out.push({ importer: ranked[0].i, file });
  }
  return out;
}

const t = tempFolder();

let n = 0;
function freshDb(): Db {
  const db = openDatabase(path.join(t.dir, `p${n++}.db`));
  migrate(db);
  return db;
}

const cases = validFixtures();

describe('importer properties', () => {
  it('has fixtures for the text and JSON formats to mutate', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [`${c.importer.format}: ${path.basename(c.file)}`, c] as const))('%s — any mutation imports or fails cleanly, and changes nothing when it fails', async (_name, c) => {
    const original = fs.readFileSync(c.file);
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat({ max: original.length }) }),
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat({ max: Math.max(0, original.length - 1) }), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat({ max: original.length }), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const bytes =
          m.kind === 'truncate'
            ? original.subarray(0, m.at)
            : m.kind === 'flip'
              ? Buffer.from(original.map((b, i) => (i === m.at ? m.byte : b)))
              : Buffer.concat([original.subarray(0, m.at), Buffer.from(m.bytes), original.subarray(m.at)]);
        const file = path.join(t.dir, `m-${n++}${path.extname(c.file)}`);
        fs.writeFileSync(file, bytes);
        const db = freshDb();
        try {
          const before = snapshot(db);
          const s = await importFile(db, c.importer, file, { now: () => 0, timeZone: 'Asia/Shanghai' });
          if (s.status === 'failed') {
            expect(s.error?.message).toContain(path.basename(file));
            expect(snapshot(db)).toEqual(before);
          } else {
            expect(s.status).toBe('done');
          }
          expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
          expect(db.pragma('foreign_key_check')).toEqual([]);
        } finally {
          db.close();
          fs.rmSync(file, { force: true });
        }
      }),
      { numRuns: 25 },
    );
  });

  it.each(cases.map((c) => [`${c.importer.format}: ${path.basename(c.file)}`, c] as const))('%s — importing twice equals importing once', async (_name, c) => {
    const db = freshDb();
    try {
      const first = await importFile(db, c.importer, c.file, { now: () => 0, timeZone: 'Asia/Shanghai' });
      expect(first.status).toBe('done');
      const once = snapshot(db);
      const second = await importFile(db, c.importer, c.file, { now: () => 0, timeZone: 'Asia/Shanghai' });
      expect(second.status).toBe('done');
      expect(second.messagesAdded).toBe(0);
      expect(second.duplicates).toBe(first.messagesAdded + first.duplicates);
      expect(snapshot(db)).toEqual(once);
    } finally {
      db.close();
    }
  });
});
