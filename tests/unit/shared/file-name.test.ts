/**
 * The one file-name rule (#17 item 6): whatever text a name is made from, the result shows what it
 * is. No control, format, bidi or line-separator character survives (U+202E would let a group
 * called `…\u202Elmth.exe` pass an export off as an .exe), no folder separator, never empty.
 */
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeFileName } from '../../../shared/file-name';

/** Listed by code point, independently of the implementation's Unicode classes. */
const BIDI_AND_INVISIBLE = [
  0x061c, 0x00ad, 0x180e, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2061, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff, 0xfff9, 0xfffb,
  0x2028, 0x2029, 0x0085,
];
const hasForbidden = (s: string): string | null => {
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return `control U+${cp.toString(16)}`;
    if (BIDI_AND_INVISIBLE.includes(cp)) return `invisible U+${cp.toString(16)}`;
    if (cp >= 0xd800 && cp <= 0xdfff) return `lone surrogate U+${cp.toString(16)}`;
    if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(ch)) return `category of U+${cp.toString(16)}`;
    if ('/\\<>:"|?*'.includes(ch)) return `reserved ${ch}`;
  }
  return null;
};

/** Text as hostile as names get: the listed characters, any code point (lone surrogates too), CJK, dots, separators, spaces. */
const unit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...BIDI_AND_INVISIBLE.map((cp) => String.fromCodePoint(cp))) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)) },
  { weight: 2, arbitrary: fc.constantFrom('.', '..', '/', '\\', ' ', '\t', '\n', '\u3000', ':', '*', '?', '"', '<', '>', '|', '\u0000', '\u007f', 'CON', 'nul', '.exe', '.html') },
  { weight: 3, arbitrary: fc.constantFrom('家', '长', '群', '案', '例', 'a', 'Z', '7', '-', '·', '😀', '👍🏻', 'é', 'e\u0301') },
);
const hostile = fc.string({ unit, maxLength: 120 });
const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

describe('safeFileName', () => {
  it('never leaves a control, format, bidi or separator character, nor an empty, dot or over-long name', () => {
    fc.assert(
      fc.property(hostile, fc.option(fc.integer({ min: 16, max: 255 }), { nil: undefined }), (raw, maxBytes) => {
        const out = safeFileName(raw, maxBytes === undefined ? {} : { maxBytes });
        expect(hasForbidden(out)).toBeNull();
        expect(out.length).toBeGreaterThan(0);
        expect(out.startsWith('.')).toBe(false);
        expect(out.endsWith('.') || out.endsWith(' ')).toBe(false);
        expect(utf8(out)).toBeLessThanOrEqual(maxBytes ?? 200);
        // Well-formed UTF-16: it survives a round trip through UTF-8 unchanged.
        expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out);
        // One name inside its folder, nothing more.
        expect(path.basename(out)).toBe(out);
        expect(path.dirname(path.join('/exports', out))).toBe('/exports');
        expect(/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(out)).toBe(false);
        // Safe names come back as they are.
        expect(safeFileName(out, maxBytes === undefined ? {} : { maxBytes })).toBe(out);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps what the name says: ordinary names unchanged, the extension kept when a long one is cut', () => {
    for (const name of ['成员名单-20261123.csv', '案例 7.html', '群发报告-7-202611230800.xlsx', 'Alice Chen · 2024-01-01.pdf', '家长交流群-图片.png']) expect(safeFileName(name)).toBe(name);
    const long = `${'北京运营交流群'.repeat(20)}.html`;
    const cut = safeFileName(long, { maxBytes: 100 });
    expect(cut.endsWith('.html')).toBe(true);
    expect(cut.startsWith('北京运营交流群')).toBe(true);
    expect(utf8(cut)).toBeLessThanOrEqual(100);
  });

  it('defeats the extension spoof of a right-to-left override in a group name', () => {
    const spoof = '家长群\u202elmth.exe · 2024-01-01.html';
    expect(safeFileName(spoof)).toBe('家长群lmth.exe · 2024-01-01.html');
    // Isolates, embeddings, marks and zero-width characters alike.
    expect(safeFileName('\u2067abc\u2069\u202b\u200f\u061c\u200b\ufeffgpj.exe\u2028.png')).toBe('abcgpj.exe .png');
  });

  it('turns what cannot be a name into one', () => {
    expect(safeFileName('')).toBe('file');
    expect(safeFileName('..')).toBe('file');
    expect(safeFileName('\u202e\u200b\n', { fallback: 'case' })).toBe('case');
    expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFileName('.bashrc')).toBe('bashrc');
    expect(safeFileName('CON.txt')).toBe('_CON.txt');
    expect(safeFileName('a\r\nb\tc')).toBe('a b c');
  });
});
