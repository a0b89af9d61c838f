/** Files handed to the user keep a name cleaned by the one file-name rule (#17 item 6). */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadFile, newDownload } from '../../../../electron/core/files/downloads';
import { tmpDir } from '../../../helpers/tmp';

let t: ReturnType<typeof tmpDir>;
beforeEach(() => (t = tmpDir()));
afterEach(() => t.cleanup());

describe('newDownload', () => {
  it('names the file without bidi overrides, invisible characters or folders, and finds it again by its id', () => {
    const dl = newDownload('家长群\u202elmth.exe\u2069 · 2024-01-01.html', t.dir);
    expect(dl.name).toBe('家长群lmth.exe · 2024-01-01.html');
    fs.writeFileSync(dl.path, 'x');
    expect(path.dirname(dl.path)).toBe(t.dir);
    expect(downloadFile(dl.fileId, t.dir)).toEqual({ path: dl.path, name: dl.name });
    const sneaky = newDownload('../../\u200b\u202d', t.dir);
    expect(path.dirname(sneaky.path)).toBe(t.dir);
    expect(sneaky.name).toBe('_.._');
  });

  it('keeps a long name within what a file system allows, extension included', () => {
    const dl = newDownload(`${'群'.repeat(300)}.xlsx`, t.dir);
    fs.writeFileSync(dl.path, 'x');
    expect(Buffer.byteLength(path.basename(dl.path))).toBeLessThanOrEqual(255);
    expect(dl.name.endsWith('.xlsx')).toBe(true);
  });
});
