/**
 * Small, real PNG files written by the tests (no fixture binaries): a solid colour of any size,
 * optionally padded with an ancillary chunk to reach an exact byte length (for size limits).
 */
import zlib from 'node:zlib';
import { pngChunk } from '../../electron/core/files/headless-chromium';


/** A width × height PNG of one RGB colour; `totalBytes` pads it (with a tEXt-like private chunk) to exactly that size. */
export function solidPng(width: number, height: number, rgb: [number, number, number] = [0x1f, 0x7a, 0xe0], totalBytes?: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  const head = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', zlib.deflateSync(raw))]);
  const end = pngChunk('IEND', Buffer.alloc(0));
  if (totalBytes === undefined) return Buffer.concat([head, end]);
  // An ancillary private chunk ("qzPd") that viewers skip: 12 bytes of framing plus the padding.
  const pad = totalBytes - head.length - end.length - 12;
  if (pad < 0) throw new Error(`a ${width}x${height} PNG is already larger than ${totalBytes} bytes`);
  return Buffer.concat([head, pngChunk('qzPd', Buffer.alloc(pad)), end]);
}

/** The smallest JPEG header a sniffer sees (SOI + APP0 JFIF): enough for magic-byte checks, not a viewable picture. */
export const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
