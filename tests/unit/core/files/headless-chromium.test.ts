import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cropBottom, findChromium, renderHtml } from '../../../../electron/core/files/headless-chromium';
import { AppError } from '../../../../shared/errors';

/** An RGB PNG whose first `ink` rows are black and the rest white, rows written with the Sub filter. */
function png(width: number, height: number, ink: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const v = y < ink ? 0 : 255;
    // Sub filter: the first pixel carries the value, the rest differ by 0.
    const line = Buffer.alloc(1 + width * 3);
    line[0] = 1;
    line[1] = line[2] = line[3] = v;
    rows.push(line);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

describe('headless Chromium', () => {
  it('honours QUNZHU_CHROMIUM, and says clearly (in the user’s language) when there is no Chromium', async () => {
    expect(findChromium({ QUNZHU_CHROMIUM: '/nonexistent/chromium', PATH: '' })).toBeNull();
    expect(findChromium({ QUNZHU_CHROMIUM: process.execPath })).toBe(process.execPath);
    const zh = await renderHtml('<p>x</p>', 'pdf', { locale: 'zh-CN', env: { QUNZHU_CHROMIUM: '/nonexistent/chromium' } }).catch((e: unknown) => e);
    expect(zh).toBeInstanceOf(AppError);
    expect((zh as AppError).message).toContain('需要 Chromium');
    expect((zh as AppError).message).toContain('QUNZHU_CHROMIUM');
    const en = await renderHtml('<p>x</p>', 'png', { locale: 'en', env: { QUNZHU_CHROMIUM: '/nonexistent/chromium' } }).catch((e: unknown) => e);
    expect((en as AppError).message).toContain('need the Chromium browser');
  });

  it('crops the blank window below a long image, keeping a margin', () => {
    const cropped = cropBottom(png(10, 400, 100), 24);
    expect(cropped.readUInt32BE(16)).toBe(10);
    expect(cropped.readUInt32BE(20)).toBe(124);
    // Nothing to crop: the same bytes back.
    const full = png(10, 50, 50);
    expect(cropBottom(full)).toBe(full);
  });
});
