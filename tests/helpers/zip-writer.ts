/**
 * A small zip writer for tests: yauzl only reads, and the hostile archives the importers must
 * refuse (escaping names, lying sizes, bombs) cannot be made with ordinary tools anyway. Every
 * header field that an attacker controls can be overridden per entry.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';

export interface ZipEntrySpec {
  /** Written as given; a Buffer for names in a legacy encoding (GBK without the UTF-8 flag). */
  name: string | Buffer;
  data?: string | Buffer;
  method?: 'store' | 'deflate';
  /** Overrides for what the headers claim; the real bytes stay as they are. */
  declaredSize?: number;
  declaredCompressedSize?: number;
  /** Sets the UTF-8 name flag; default true for string names. */
  utf8?: boolean;
}

const DOS_DATE = ((2024 - 1980) << 9) | (3 << 5) | 1;
const DOS_TIME = 12 << 11;

export function buildZip(specs: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const spec of specs) {
    const name = typeof spec.name === 'string' ? Buffer.from(spec.name, 'utf8') : spec.name;
    const data = typeof spec.data === 'string' ? Buffer.from(spec.data, 'utf8') : (spec.data ?? Buffer.alloc(0));
    const deflate = (spec.method ?? 'deflate') === 'deflate';
    const body = deflate ? zlib.deflateRawSync(data) : data;
    const flags = (spec.utf8 ?? typeof spec.name === 'string') ? 0x800 : 0;
    const crc = zlib.crc32(data);
    const size = spec.declaredSize ?? data.length;
    const compressed = spec.declaredCompressedSize ?? body.length;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);

    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(specs.length, 8);
  end.writeUInt16LE(specs.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export function writeZip(file: string, specs: ZipEntrySpec[]): string {
  fs.writeFileSync(file, buildZip(specs));
  return file;
}

/** Every file under `dir` as entries named by their path relative to it (with `/`), optionally under a prefix. */
export function entriesFromFolder(dir: string, prefix = ''): ZipEntrySpec[] {
  const out: ZipEntrySpec[] = [];
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(rel ? `${dir}/${rel}` : dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const child = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) walk(child);
      else out.push({ name: prefix + child, data: fs.readFileSync(`${dir}/${child}`) });
    }
  };
  walk('');
  return out;
}
