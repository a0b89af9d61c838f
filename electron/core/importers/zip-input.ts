/**
 * Reading chat exports packed as zips (WhatsApp, Slack) without trusting them: nothing is ever
 * extracted to disk, and an archive whose names try to escape a folder, that would unpack into
 * far more than any chat log, or whose entries hold more bytes than their headers declare, is
 * refused with an 'unsafe-archive' ImportError naming the entry.
 */
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import { decodeLines, isUtf8, type Line } from './text-input';
import { ImportError, type Position } from './types';

export interface ZipLimits {
  maxEntries: number;
  /** Sum of the declared uncompressed sizes. */
  maxTotalBytes: number;
  maxEntryBytes: number;
  /** Uncompressed : compressed, checked only for entries over `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

export const ZIP_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxTotalBytes: 4 * 1024 ** 3,
  maxEntryBytes: 2 * 1024 ** 3,
  maxRatio: 200,
  // Small text files legitimately compress very well; a bomb needs size to do harm.
  ratioFloorBytes: 1024 ** 2,
};

export interface ZipOpenOptions {
  signal?: AbortSignal;
  limits?: Partial<ZipLimits>;
}

export interface EntryReadOptions {
  signal?: AbortSignal;
  /** Refuse the entry ('too-large') when it holds more than this. */
  maxBytes?: number;
  /** Told roughly how far into the zip file the read has got, for progress bars. */
  onBytes?: (bytesRead: number) => void;
}

const UTF8_NAME_FLAG = 0x800;
const INFO_ZIP_UNICODE_PATH = 0x7075;

/**
 * Entry names are decoded here rather than by yauzl: yauzl reads names without the UTF-8 flag as
 * CP437, while zips made by Chinese Windows tools write GBK there, and yauzl's own name check
 * fails the whole listing with an error that does not say which entry.
 */
function decodeEntryName(entry: yauzl.Entry): string {
  const raw = entry.fileNameRaw;
  for (const field of entry.extraFields) {
    if (field.id !== INFO_ZIP_UNICODE_PATH || field.data.length < 6 || field.data[0] !== 1) continue;
    // The Unicode path applies only while the plain name it was written for is unchanged.
    if (field.data.readUInt32LE(1) === zlib.crc32(raw)) return field.data.subarray(5).toString('utf8');
  }
  if (entry.generalPurposeBitFlag & UTF8_NAME_FLAG || isUtf8(raw)) return raw.toString('utf8');
  return iconv.decode(raw, 'gb18030');
}

/** Why a name could point outside the folder it is unpacked into, or null when it cannot. */
export function unsafeNameReason(name: string): string | null {
  if (name.includes('\0')) return 'a NUL character in the name';
  // Windows treats a backslash as a separator, so "..\\x" escapes as well as "../x" does.
  const slashed = name.replace(/\\/g, '/');
  if (slashed.startsWith('/')) return 'an absolute path';
  if (/^[a-zA-Z]:/.test(slashed)) return 'a drive letter';
  // Windows drops trailing dots and spaces, which turns "... " or ".. " into "..".
  if (slashed.split('/').some((seg) => /^\.\.[. ]*$/.test(seg))) return 'a ".." segment';
  return null;
}

function toImportError(e: unknown, file: string, position: Position): ImportError {
  if (e instanceof ImportError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new ImportError(file, position, 'malformed', `damaged zip archive: ${message}`);
}

/** A zip opened for reading. Close it when done; entries are read through their names. */
export class ZipArchive {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    /** What to call the archive in errors (usually its base name). */
    readonly file: string,
    private readonly entries: Map<string, yauzl.Entry>,
  ) {}

  static async open(path: string, file: string, o: ZipOpenOptions = {}): Promise<ZipArchive> {
    const limits = { ...ZIP_LIMITS, ...o.limits };
    if (o.signal?.aborted) throw new ImportError(file, {}, 'cancelled', 'import cancelled');
    let zip: yauzl.ZipFile;
    try {
      // Sizes are checked below and while streaming, where the failing entry can be named.
      zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if ((e as NodeJS.ErrnoException | null)?.code) throw new ImportError(file, {}, 'io', `cannot read the file: ${message}`);
      // The directory sits at the very end of a zip, so a cut-off copy has none.
      throw new ImportError(file, {}, 'malformed', `not a zip archive, or a damaged one: ${message}`);
    }
    try {
      if (zip.entryCount > limits.maxEntries) {
        throw new ImportError(file, {}, 'unsafe-archive', `the archive has ${zip.entryCount} entries, more than the ${limits.maxEntries} allowed`);
      }
      const entries = new Map<string, yauzl.Entry>();
      let total = 0;
      let lastName = '';
      try {
        for await (const entry of zip.eachEntry()) {
          if (o.signal?.aborted) throw new ImportError(file, {}, 'cancelled', 'import cancelled');
          const name = decodeEntryName(entry);
          lastName = name;
          checkEntry(entry, name, file, limits);
          if (entries.has(name)) throw new ImportError(file, { entry: name }, 'unsafe-archive', 'the name appears twice: which copy is read would depend on the tool');
          total += entry.uncompressedSize;
          if (total > limits.maxTotalBytes) throw new ImportError(file, { entry: name }, 'unsafe-archive', `the archive would unpack into more than ${formatBytes(limits.maxTotalBytes)}`);
          entries.set(name, entry);
        }
      } catch (e) {
        throw toImportError(e, file, lastName ? { entry: lastName } : {});
      }
      return new ZipArchive(zip, file, entries);
    } catch (e) {
      zip.close();
      throw e;
    }
  }

  /** Names of the files in the archive (folders left out), in the archive's order. */
  get names(): string[] {
    return [...this.entries.keys()].filter((n) => !n.endsWith('/'));
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Declared uncompressed size of an entry. */
  size(name: string): number {
    return this.entry(name).uncompressedSize;
  }

  /**
   * The bytes of one entry. The real byte count is checked against the declared size as the
   * bytes arrive: a header that understates its entry is how a bomb slips past the checks above.
   */
  async *chunks(name: string, o: EntryReadOptions = {}): AsyncGenerator<Buffer> {
    const entry = this.entry(name);
    const where: Position = { entry: name };
    if (o.signal?.aborted) throw new ImportError(this.file, where, 'cancelled', 'import cancelled');
    if (o.maxBytes !== undefined && entry.uncompressedSize > o.maxBytes) throw tooLarge(this.file, name, o.maxBytes);
    if (entry.isEncrypted()) throw new ImportError(this.file, where, 'unsupported', 'the entry is password-protected');
    let stream: Readable;
    try {
      stream = await this.zip.openReadStreamPromise(entry);
    } catch (e) {
      throw toImportError(e, this.file, where);
    }
    const declared = entry.uncompressedSize;
    // Progress as a position in the zip file, so it can be compared with the file's size.
    const scale = declared > 0 ? entry.compressedSize / declared : 0;
    let seen = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (o.signal?.aborted) throw new ImportError(this.file, where, 'cancelled', 'import cancelled');
        seen += chunk.length;
        if (seen > declared) throw new ImportError(this.file, where, 'unsafe-archive', `the entry unpacks into more than the ${declared} bytes its header declares`);
        if (o.maxBytes !== undefined && seen > o.maxBytes) throw tooLarge(this.file, name, o.maxBytes);
        o.onBytes?.(entry.relativeOffsetOfLocalHeader + Math.round(seen * scale));
        yield chunk;
      }
    } catch (e) {
      throw toImportError(e, this.file, where);
    } finally {
      stream.destroy();
    }
    if (seen < declared) throw new ImportError(this.file, where, 'truncated', `the entry ends after ${seen} of its ${declared} bytes`);
  }

  /** One entry as a Node stream; errors arrive as ImportErrors on the stream. */
  openEntry(name: string, o: EntryReadOptions = {}): Readable {
    return Readable.from(this.chunks(name, o), { objectMode: false });
  }

  /** A whole entry in memory: only for entries known to be small, hence the required cap. */
  async readEntry(name: string, o: EntryReadOptions & { maxBytes: number }): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of this.chunks(name, o)) parts.push(chunk);
    return Buffer.concat(parts);
  }

  /** The lines of a text entry, decoded like a text file (BOM, UTF-16, GBK). */
  lines(name: string, o: EntryReadOptions & { maxLineBytes?: number } = {}): AsyncGenerator<Line> {
    return decodeLines(this.chunks(name, o), this.file, {
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.maxLineBytes !== undefined ? { maxLineBytes: o.maxLineBytes } : {}),
      at: (line) => ({ entry: name, line }),
    });
  }

  close(): void {
    this.zip.close();
  }

  private entry(name: string): yauzl.Entry {
    const entry = this.entries.get(name);
    if (!entry) throw new ImportError(this.file, { entry: name }, 'malformed', 'no such entry in the archive');
    return entry;
  }
}

function checkEntry(entry: yauzl.Entry, name: string, file: string, limits: ZipLimits): void {
  const refuse = (why: string) => new ImportError(file, { entry: name }, 'unsafe-archive', why);
  const unsafe = unsafeNameReason(name);
  if (unsafe) throw refuse(`the name could escape its folder (${unsafe})`);
  const size = entry.uncompressedSize;
  if (size > limits.maxEntryBytes) throw refuse(`the entry would unpack into ${formatBytes(size)}, more than the ${formatBytes(limits.maxEntryBytes)} allowed`);
  if (size > limits.ratioFloorBytes && size > entry.compressedSize * limits.maxRatio) {
    throw refuse(`the entry is compressed more than ${limits.maxRatio}:1, as zip bombs are`);
  }
  // Stored bytes are read as they are, so both sizes must agree or the header is lying.
  if (entry.compressionMethod === 0 && !entry.isEncrypted() && entry.compressedSize !== size) {
    throw refuse(`stored entry declares ${size} bytes but holds ${entry.compressedSize}`);
  }
}

function tooLarge(file: string, name: string, max: number): ImportError {
  return new ImportError(file, { entry: name }, 'too-large', `the entry is larger than ${formatBytes(max)}`);
}

function formatBytes(n: number): string {
  return n >= 1024 ** 3 ? `${+(n / 1024 ** 3).toFixed(1)} GB` : `${+(n / 1024 ** 2).toFixed(1)} MB`;
}

/** Runs `use` with an open archive and closes it afterwards, whatever happens. */
export async function withZip<T>(path: string, file: string, o: ZipOpenOptions, use: (zip: ZipArchive) => Promise<T>): Promise<T> {
  const zip = await ZipArchive.open(path, file, o);
  try {
    return await use(zip);
  } finally {
    zip.close();
  }
}

/** The file names in a zip, for format detection (`Probe.zipEntries`). */
export function listZipEntries(path: string, file: string, o: ZipOpenOptions = {}): Promise<string[]> {
  return withZip(path, file, o, async (zip) => zip.names);
}
