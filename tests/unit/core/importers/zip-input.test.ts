import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ZipArchive, listZipEntries, unsafeNameReason, withZip } from '../../../../electron/core/importers/zip-input';
import { ImportError } from '../../../../electron/core/importers/types';
import { tempFolder } from '../../../helpers/importers';
import { buildZip, writeZip, type ZipEntrySpec } from '../../../helpers/zip-writer';

const t = tempFolder();

let n = 0;
const zipOf = (specs: ZipEntrySpec[]) => writeZip(path.join(t.dir, `z${n++}.zip`), specs);

async function openError(file: string, o: Parameters<typeof ZipArchive.open>[2] = {}): Promise<ImportError> {
  try {
    (await ZipArchive.open(file, 'export.zip', o)).close();
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error('expected the archive to be refused');
}

async function readError(file: string, entry: string, o: Parameters<ZipArchive['chunks']>[1] = {}): Promise<ImportError> {
  try {
    await withZip(file, 'export.zip', {}, async (zip) => {
      for await (const _ of zip.chunks(entry, o)) void _;
    });
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error('expected the entry to be refused');
}

const summary = (e: ImportError) => [e.file, e.reason, e.position];

describe('reading zips', () => {
  it('lists files (not folders) in archive order and reads entries, stored or deflated', async () => {
    const file = zipOf([
      { name: 'general/', method: 'store' },
      { name: 'general/2024-03-01.json', data: '[{"text":"大家好"}]' },
      { name: 'users.json', data: '[]', method: 'store' },
    ]);
    expect(await listZipEntries(file, 'export.zip')).toEqual(['general/2024-03-01.json', 'users.json']);
    await withZip(file, 'export.zip', {}, async (zip) => {
      expect(zip.has('general/')).toBe(true);
      expect(zip.size('general/2024-03-01.json')).toBe(Buffer.byteLength('[{"text":"大家好"}]'));
      expect((await zip.readEntry('general/2024-03-01.json', { maxBytes: 1024 })).toString()).toBe('[{"text":"大家好"}]');
      expect((await zip.readEntry('users.json', { maxBytes: 1024 })).toString()).toBe('[]');
    });
  });

  it('reads names written in GBK without the UTF-8 flag (Chinese Windows zip tools)', async () => {
    const file = zipOf([{ name: iconv.encode('聊天记录/群聊.txt', 'gbk'), data: 'x', utf8: false }]);
    expect(await listZipEntries(file, 'export.zip')).toEqual(['聊天记录/群聊.txt']);
  });

  it('decodes text entries like text files: UTF-8 with BOM, UTF-16LE, GBK; lines carry the entry in errors', async () => {
    const text = '第一行\r\n第二行\n';
    const file = zipOf([
      { name: 'bom.txt', data: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]) },
      { name: 'utf16.txt', data: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) },
      { name: 'gbk.txt', data: iconv.encode(text, 'gbk') },
      // still unfinished when its chunk ends, as a runaway line is
      { name: 'long.txt', data: `短\n${'长'.repeat(5000)}` },
    ]);
    await withZip(file, 'export.zip', {}, async (zip) => {
      for (const name of ['bom.txt', 'utf16.txt', 'gbk.txt']) {
        const lines = [];
        for await (const l of zip.lines(name)) lines.push(l);
        expect(lines, name).toEqual([
          { text: '第一行', line: 1 },
          { text: '第二行', line: 2 },
        ]);
      }
      const e = await (async () => {
        try {
          for await (const _ of zip.lines('long.txt', { maxLineBytes: 3000 })) void _;
        } catch (err) {
          return err as ImportError;
        }
        return null;
      })();
      expect(e).toBeInstanceOf(ImportError);
      expect(summary(e!)).toEqual(['export.zip', 'too-large', { entry: 'long.txt', line: 2 }]);
    });
  });

  it('opens an entry as a Node stream whose errors are ImportErrors', async () => {
    const file = zipOf([
      { name: 'a.txt', data: '你好' },
      { name: 'liar.txt', data: 'x'.repeat(10_000), declaredSize: 100 },
    ]);
    await withZip(file, 'export.zip', {}, async (zip) => {
      const parts: Buffer[] = [];
      for await (const chunk of zip.openEntry('a.txt')) parts.push(chunk as Buffer);
      expect(Buffer.concat(parts).toString()).toBe('你好');
      const failure = await new Promise<unknown>((resolve) => {
        const s = zip.openEntry('liar.txt');
        s.on('error', resolve);
        s.resume();
      });
      expect(failure).toBeInstanceOf(ImportError);
      expect((failure as ImportError).reason).toBe('unsafe-archive');
    });
  });

  it('an entry that is not there is an ImportError naming it', async () => {
    const file = zipOf([{ name: 'a.txt', data: 'x' }]);
    expect(summary(await readError(file, 'b.txt'))).toEqual(['export.zip', 'malformed', { entry: 'b.txt' }]);
  });
});

describe('refusing hostile names', () => {
  for (const name of ['../../evil.txt', 'chat/../../evil.txt', '/etc/passwd', 'C:/Windows/evil.txt', 'c:evil.txt', '..\\..\\evil.txt', 'chat\\..\\..\\evil.txt', '\\\\server\\share\\evil.txt', '.. /evil.txt', 'a/.../evil.txt', 'nul\0.txt']) {
    it(`refuses ${JSON.stringify(name)}`, async () => {
      const e = await openError(zipOf([{ name: 'ok.txt', data: 'x' }, { name, data: 'evil' }]));
      expect(summary(e)).toEqual(['export.zip', 'unsafe-archive', { entry: name }]);
    });
  }

  it('accepts ordinary names, dots inside names included', () => {
    for (const name of ['_chat.txt', 'general/2024-03-01.json', '..hidden', 'a..b/c.txt', '运营交流/2024-03-01.json']) expect(unsafeNameReason(name), name).toBeNull();
  });

  it('refuses a name that appears twice', async () => {
    const e = await openError(zipOf([{ name: '_chat.txt', data: 'a' }, { name: '_chat.txt', data: 'b' }]));
    expect(summary(e)).toEqual(['export.zip', 'unsafe-archive', { entry: '_chat.txt' }]);
  });
});

describe('refusing zip bombs', () => {
  it('one entry declared over 2 GB', async () => {
    const e = await openError(zipOf([{ name: 'huge.txt', data: 'x', declaredSize: 3 * 1024 ** 3, declaredCompressedSize: 1024 ** 3 }]));
    expect(summary(e)).toEqual(['export.zip', 'unsafe-archive', { entry: 'huge.txt' }]);
  });

  it('more than 4 GB in total, though each entry is plausible', async () => {
    const big = { data: 'x', declaredSize: 1.9 * 1024 ** 3, declaredCompressedSize: 20 * 1024 ** 2 };
    const e = await openError(zipOf([{ name: 'a.txt', ...big }, { name: 'b.txt', ...big }, { name: 'c.txt', ...big }]));
    expect(summary(e)).toEqual(['export.zip', 'unsafe-archive', { entry: 'c.txt' }]);
    expect(e.detail).toMatch(/4 GB/);
  });

  it('a compression ratio over 200 for an entry over 1 MB, but not for small files', async () => {
    const zeros = Buffer.alloc(5 * 1024 * 1024);
    const e = await openError(zipOf([{ name: 'zeros.bin', data: zeros }]));
    expect(summary(e)).toEqual(['export.zip', 'unsafe-archive', { entry: 'zeros.bin' }]);
    expect(e.detail).toMatch(/200/);
    const small = zipOf([{ name: 'small.txt', data: Buffer.alloc(512 * 1024) }]);
    expect(await listZipEntries(small, 'export.zip')).toEqual(['small.txt']);
  });

  it('more than 20,000 entries', async () => {
    const specs: ZipEntrySpec[] = Array.from({ length: 20_001 }, (_, i) => ({ name: `d/${i}.json`, method: 'store' as const }));
    const e = await openError(zipOf(specs));
    expect([e.reason, e.position]).toEqual(['unsafe-archive', {}]);
    expect(e.detail).toMatch(/20001 entries/);
  });

  it('limits can be tightened per call', async () => {
    const e = await openError(zipOf([{ name: 'a.txt', data: 'x'.repeat(100) }]), { limits: { maxEntryBytes: 50 } });
    expect(summary(e)).toEqual(['export.zip', 'unsafe-archive', { entry: 'a.txt' }]);
  });
});

describe('refusing lying sizes', () => {
  it('a deflated entry that unpacks into more than it declares is stopped while streaming', async () => {
    const data = crypto.randomBytes(200_000);
    const e = await readError(zipOf([{ name: 'liar.bin', data, declaredSize: 1000 }]), 'liar.bin');
    expect(summary(e)).toEqual(['export.zip', 'unsafe-archive', { entry: 'liar.bin' }]);
    expect(e.detail).toMatch(/1000 bytes/);
  });

  it('a stored entry whose two sizes disagree is refused when listed', async () => {
    const e = await openError(zipOf([{ name: 'liar.txt', data: 'x'.repeat(5000), method: 'store', declaredSize: 10 }]));
    expect(summary(e)).toEqual(['export.zip', 'unsafe-archive', { entry: 'liar.txt' }]);
  });

  it('an entry holding fewer bytes than declared is truncated', async () => {
    const e = await readError(zipOf([{ name: 'short.txt', data: 'abc', declaredSize: 1000 }]), 'short.txt');
    expect(summary(e)).toEqual(['export.zip', 'truncated', { entry: 'short.txt' }]);
  });

  it('data that is not valid deflate is a damaged entry, not a crash', async () => {
    const zip = buildZip([{ name: 'bad.txt', data: 'hello hello hello hello', method: 'deflate' }]);
    // Corrupt the deflate stream right after the local header (30 bytes + the name).
    zip.fill(0xff, 30 + 'bad.txt'.length, 30 + 'bad.txt'.length + 4);
    const file = t.write('bad-deflate.zip', zip);
    const e = await readError(file, 'bad.txt');
    expect(summary(e)).toEqual(['export.zip', 'malformed', { entry: 'bad.txt' }]);
  });

  it('a cap on one read ends in too-large, checked against the declared size first', async () => {
    const file = zipOf([{ name: 'a.json', data: 'x'.repeat(2000) }]);
    expect(summary(await readError(file, 'a.json', { maxBytes: 1000 }))).toEqual(['export.zip', 'too-large', { entry: 'a.json' }]);
  });
});

describe('broken archives and cancelling', () => {
  it('a file that is not a zip, or a cut-off one, is malformed', async () => {
    const notZip = path.join(t.dir, 'not.zip');
    fs.writeFileSync(notZip, '这不是压缩包');
    expect(summary(await openError(notZip))).toEqual(['export.zip', 'malformed', {}]);
    const whole = buildZip([{ name: '_chat.txt', data: 'x'.repeat(1000) }]);
    const cut = path.join(t.dir, 'cut.zip');
    fs.writeFileSync(cut, whole.subarray(0, whole.length - 30));
    expect(summary(await openError(cut))).toEqual(['export.zip', 'malformed', {}]);
  });

  it('a missing file is an io error', async () => {
    expect(summary(await openError(path.join(t.dir, 'missing.zip')))).toEqual(['export.zip', 'io', {}]);
  });

  it('an aborted signal cancels opening and reading', async () => {
    const ac = new AbortController();
    ac.abort();
    const file = zipOf([{ name: 'a.txt', data: 'x' }]);
    expect((await openError(file, { signal: ac.signal })).reason).toBe('cancelled');
    expect(summary(await readError(file, 'a.txt', { signal: ac.signal }))).toEqual(['export.zip', 'cancelled', { entry: 'a.txt' }]);
  });
});
