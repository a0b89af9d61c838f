import fs from 'node:fs';

/**
 * Overwrites whole pages of a closed SQLite file with pseudo-random bytes (deterministic by seed),
 * as a bad sector or a torn copy would. Page 1 (the header and the schema's root) is never
 * touched, so the file still looks like SQLite and its tables can still be told apart.
 */
export function overwritePages(file: string, pages: number[], seed = 1): void {
  const head = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r+');
  try {
    fs.readSync(fd, head, 0, 100, 0);
    const raw = head.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    let x = seed >>> 0 || 1;
    for (const p of pages) {
      if (p < 2) throw new Error('overwritePages: page 1 holds the header');
      const buf = Buffer.alloc(pageSize);
      for (let i = 0; i < pageSize; i++) {
        // xorshift32
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        buf[i] = x & 0xff;
      }
      fs.writeSync(fd, buf, 0, pageSize, (p - 1) * pageSize);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The file's number of pages (from its size and page size). */
export function pageCount(file: string): number {
  const head = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  const raw = head.readUInt16BE(16);
  return Math.floor(fs.statSync(file).size / (raw === 1 ? 65536 : raw));
}
