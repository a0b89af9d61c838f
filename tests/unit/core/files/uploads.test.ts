/** Uploads keep their own name, cleaned by the one file-name rule (#17 item 6). */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { receiveUpload, uploadFileName } from '../../../../electron/core/files/uploads';
import { tmpDir } from '../../../helpers/tmp';

let t: ReturnType<typeof tmpDir>;
beforeEach(() => (t = tmpDir()));
afterEach(() => t.cleanup());

describe('upload names', () => {
  it('keep the last part of what was sent, without folders, bidi overrides or invisible characters', () => {
    expect(uploadFileName('../../聊天记录.txt')).toBe('聊天记录.txt');
    expect(uploadFileName('C:\\Users\\x\\WhatsApp Chat with 家长群.txt')).toBe('WhatsApp Chat with 家长群.txt');
    // %-encoded as the page sends it: U+202E decoded, then removed.
    expect(uploadFileName(encodeURIComponent('家长群\u202etxt.exe\u200b.zip'))).toBe('家长群txt.exe.zip');
    expect(uploadFileName('%E0%A4%A')).toBe('%E0%A4%A');
    expect(uploadFileName('..')).toBe('upload');
    expect(uploadFileName('\u2066\u2069')).toBe('upload');
  });

  it('are what the file is written under', async () => {
    const file = await receiveUpload(Readable.from([Buffer.from('2024-01-01 10:00:00 小王(10001)\n你好\n')]), '群\u202eLMTH.exe.txt', { dir: t.dir });
    expect(path.basename(file)).toBe('群LMTH.exe.txt');
    expect(fs.readFileSync(file, 'utf8')).toContain('你好');
  });
});
