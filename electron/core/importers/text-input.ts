/**
 * Reading export text safely: encoding detection (BOM, UTF-16 without BOM, UTF-8, else GBK),
 * and a streaming line reader that counts lines, accepts CRLF/LF/CR mixed, and refuses a line
 * longer than a limit instead of growing without bound.
 */
import fs from 'node:fs';
import iconv from 'iconv-lite';
import { ImportError, type Position } from './types';

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'gb18030';

export const MAX_LINE_BYTES = 8 * 1024 * 1024;

export function readHead(file: string, bytes = 64 * 1024): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** Guesses the encoding of a text file from its first bytes. */
export function detectEncoding(head: Buffer): { encoding: TextEncoding; bom: number } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8', bom: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', bom: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', bom: 2 };
  // UTF-16 without a BOM: many zero bytes, on one side of each pair.
  const n = Math.min(head.length, 4096) & ~1;
  if (n >= 8) {
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenZero++;
      if (head[i + 1] === 0) oddZero++;
    }
    if (oddZero > n / 8 && evenZero < n / 64) return { encoding: 'utf16le', bom: 0 };
    if (evenZero > n / 8 && oddZero < n / 64) return { encoding: 'utf16be', bom: 0 };
  }
  return { encoding: isUtf8(head) ? 'utf8' : 'gb18030', bom: 0 };
}

/** True when the bytes are valid UTF-8, allowing a sequence cut off at the very end. */
export function isUtf8(buf: Buffer): boolean {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0) return false;
    if (i + len > buf.length) return buf.length - i < 4 && i > 0;
    for (let k = 1; k < len; k++) if ((buf[i + k]! & 0xc0) !== 0x80) return false;
    i += len;
  }
  return true;
}

export function decodeHead(head: Buffer): string {
  const { encoding, bom } = detectEncoding(head);
  const body = head.subarray(bom);
  if (encoding === 'utf8') return body.toString('utf8');
  if (encoding === 'utf16le') return body.subarray(0, body.length & ~1).toString('utf16le');
  return iconv.decode(body, encoding === 'utf16be' ? 'utf16-be' : 'gb18030');
}

export interface Line {
  text: string;
  /** 1-based. */
  line: number;
}

/**
 * Yields the lines of a text file, decoded. Memory stays flat: one chunk and one line at a time.
 * A line over `maxLineBytes` ends the read with an ImportError naming the line.
 */
export async function* readLines(file: string, name: string, o: { signal?: AbortSignal; maxLineBytes?: number; onBytes?: (bytesRead: number) => void } = {}): AsyncGenerator<Line> {
  const head = readHead(file, 4096);
  const { encoding, bom } = detectEncoding(head);
  const stream = fs.createReadStream(file, { start: bom, highWaterMark: 256 * 1024 });
  try {
    yield* splitLines(stream as AsyncIterable<Buffer>, encoding, name, {
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.maxLineBytes !== undefined ? { maxLineBytes: o.maxLineBytes } : {}),
      onChunk: () => o.onBytes?.(stream.bytesRead),
    });
  } finally {
    stream.destroy();
  }
}

export interface DecodeLinesOptions {
  signal?: AbortSignal;
  maxLineBytes?: number;
  /** Where line `n` is, for errors; `{ line: n }` unless told (a zip entry adds its name). */
  at?: (line: number) => Position;
}

/**
 * The lines of text arriving as chunks (a zip entry, a pipe): like readLines, but the encoding is
 * sniffed from the first 4 KB of the stream itself, since there is no file to peek into.
 */
export async function* decodeLines(chunks: AsyncIterable<Buffer>, name: string, o: DecodeLinesOptions = {}): AsyncGenerator<Line> {
  const it = chunks[Symbol.asyncIterator]();
  const held: Buffer[] = [];
  let heldBytes = 0;
  let ended = false;
  while (heldBytes < 4096) {
    const next = await it.next();
    if (next.done) {
      ended = true;
      break;
    }
    held.push(next.value);
    heldBytes += next.value.length;
  }
  const head = Buffer.concat(held);
  const { encoding, bom } = detectEncoding(head);
  async function* rest(): AsyncGenerator<Buffer> {
    if (head.length > bom) yield head.subarray(bom);
    if (ended) return;
    for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
  }
  try {
    yield* splitLines(rest(), encoding, name, o);
  } finally {
    if (!ended) await it.return?.();
  }
}

const ICONV_NAMES: Record<TextEncoding, string> = { utf8: 'utf8', utf16le: 'utf16le', utf16be: 'utf16-be', gb18030: 'gb18030' };

/** Splits decoded chunks into lines: CRLF, LF and CR alike, even when a CRLF straddles two chunks. */
async function* splitLines(
  chunks: AsyncIterable<Buffer>,
  encoding: TextEncoding,
  name: string,
  o: DecodeLinesOptions & { onChunk?: () => void },
): AsyncGenerator<Line> {
  const max = o.maxLineBytes ?? MAX_LINE_BYTES;
  const at = o.at ?? ((line: number): Position => ({ line }));
  const decoder = iconv.getDecoder(ICONV_NAMES[encoding]);
  let pending = '';
  let lineNo = 0;
  let lastWasCR = false;
  for await (const chunk of chunks) {
    if (o.signal?.aborted) throw new ImportError(name, at(lineNo + 1), 'cancelled', 'import cancelled');
    o.onChunk?.();
    pending += decoder.write(chunk);
    let start = 0;
    for (let i = 0; i < pending.length; i++) {
      const c = pending.charCodeAt(i);
      if (c === 10 || c === 13) {
        if (c === 10 && lastWasCR && i === start) {
          // the LF of a CRLF whose CR ended the previous piece
          start = i + 1;
          lastWasCR = false;
          continue;
        }
        lineNo++;
        yield { text: pending.slice(start, i), line: lineNo };
        if (c === 13 && pending.charCodeAt(i + 1) === 10) i++;
        lastWasCR = c === 13 && i === pending.length - 1;
        start = i + 1;
      }
    }
    pending = pending.slice(start);
    if (pending.length * 3 > max) throw new ImportError(name, at(lineNo + 1), 'too-large', `line longer than ${Math.round(max / 1024 / 1024)} MB`);
  }
  pending += decoder.end() ?? '';
  if (pending.length > 0) {
    lineNo++;
    yield { text: pending, line: lineNo };
  }
}
