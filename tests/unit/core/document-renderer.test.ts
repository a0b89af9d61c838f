/**
 * The core's PDF/PNG exports go through the injected document renderer (the app passes Electron's),
 * with the case's redacted HTML; the default stays headless Chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDto, CaseExportResult } from '../../../shared/api/cases';
import type { Envelope } from '../../../shared/errors';
import { createCore, type Core } from '../../../electron/core/create-core';
import { fixedClock } from '../../../electron/core/clock';
import { downloadFile } from '../../../electron/core/files/downloads';
import type { DocumentRenderer, RenderOptions } from '../../../electron/core/files/headless-chromium';
import { memorySettings } from '../../../electron/core/settings';
import { tmpDir } from '../../helpers/tmp';

let core: Core | null = null;
let cleanup: (() => void) | null = null;
afterEach(() => {
  core?.close();
  cleanup?.();
  core = null;
  cleanup = null;
});

async function ok<T>(method: string, params: unknown): Promise<T> {
  const env = (await core!.call(method, params)) as Envelope<T>;
  if (!env.ok) throw new Error(`${method}: ${env.error.message}`);
  return env.value;
}

describe('CoreOptions.documentRenderer', () => {
  it('renders PDFs and PNGs of the redacted document with the renderer it is given', async () => {
    const calls: { html: string; format: string; o: RenderOptions }[] = [];
    const renderer: DocumentRenderer = async (html, format, o) => {
      calls.push({ html, format, o });
      return Buffer.from(format === 'pdf' ? '%PDF-stand-in' : 'PNG-stand-in');
    };
    const t = tmpDir();
    cleanup = t.cleanup;
    core = createCore({ dbPath: path.join(t.dir, 'w.db'), clock: fixedClock('2026-01-10T00:00:00Z'), settings: memorySettings(), documentRenderer: renderer });
    core.workspaces.db.exec(`
      INSERT INTO groups (id, platform, name, group_type, created_at, updated_at) VALUES (1, 'wechat', '北京运营交流群', 'C', 0, 0);
      INSERT INTO members (id, platform, platform_user_id, display_name, first_seen_at, last_seen_at) VALUES (1, 'wechat', 'wx-zs', '张三', 0, 0);
      INSERT INTO memberships (group_id, member_id, role) VALUES (1, 1, 'member');
      INSERT INTO messages (id, group_id, sender_id, sent_at, kind, text, source_key) VALUES (10, 1, 1, 1763884800000, 'text', '有问题打我电话 13812345678', 'k10');
    `);
    const c = await ok<CaseDto>('cases.create', { messageIds: [10], title: '电话答疑' });

    const pdf = await ok<CaseExportResult>('cases.export', { id: c.id, format: 'pdf' });
    const png = await ok<CaseExportResult>('cases.export', { id: c.id, format: 'png' });
    expect(calls.map((x) => x.format)).toEqual(['pdf', 'png']);
    expect(calls[0]!.html).toContain('电话答疑');
    expect(calls[0]!.html).not.toContain('13812345678');
    expect(calls[0]!.o.locale).toBe('zh-CN');
    // The PNG's window is sized from the document.
    expect(calls[1]!.o.height).toBeGreaterThan(400);
    expect(fs.readFileSync(downloadFile(pdf.fileId)!.path, 'utf8')).toBe('%PDF-stand-in');
    expect(png.name).toBe('电话答疑.png');
    expect(fs.readFileSync(downloadFile(png.fileId)!.path, 'utf8')).toBe('PNG-stand-in');
  });
});
