/**
 * `qunzhu case list|export|book`: the archive's list (the same cases.list as the archive browser)
 * and its documents, written to --out. Exports go through the same service as cases.export,
 * so the consent rule (warn, or refuse with cases.requireConsent) and the redactions are the
 * same; `--format md` writes the Markdown folder (case.md + images/) at --out.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Res } from '../../shared/api';
import type { Core } from '../core/create-core';
import { exportBook, exportCase, writeMarkdownFolder, type ExportedFile, type ExportFormat } from '../core/cases';
import { call } from './call';
import type { ServiceDeps } from '../core/service-deps';

export async function runCaseList(core: Core, o: { tag?: string | undefined; query?: string | undefined }, write: (s: string) => void): Promise<void> {
  const items: Res<'cases.list'>['items'] = [];
  let cursor: string | null = null;
  do {
    const page: Res<'cases.list'> = await call(core, 'cases.list', { cursor, limit: 500, ...(o.tag ? { tag: o.tag } : {}), ...(o.query ? { query: o.query } : {}) });
    items.push(...page.items);
    cursor = page.next;
  } while (cursor);
  write(JSON.stringify(items, null, 2));
}

/** The CLI's core runs with the default settings: documents in Chinese, like the app by default. */
function deps(core: Core): ServiceDeps {
  return { db: core.workspaces.db, locale: 'zh-CN' as const, now: () => Date.now() };
}

function writeOut(file: ExportedFile, format: ExportFormat, out: string): string[] {
  const target = path.resolve(out);
  if (format === 'md') return writeMarkdownFolder(file.docs, target, file.docName);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, file.data);
  return [target];
}

function report(file: ExportedFile, written: string[], write: (s: string) => void, warn: (s: string) => void): void {
  if (file.missingConsent.length) {
    warn(`注意 / warning: 未获同意的参与者 / shown without consent: ${file.missingConsent.map((m) => `${m.label}（${m.name}，${m.consent}）`).join('、')}`);
  }
  write(JSON.stringify({ files: written, missingConsent: file.missingConsent, missingImages: file.missingImages }, null, 2));
}

export async function runCaseExport(core: Core, o: { id: number; format: ExportFormat; out: string }, write: (s: string) => void, warn: (s: string) => void): Promise<void> {
  const file = await exportCase(deps(core), o.id, o.format);
  report(file, writeOut(file, o.format, o.out), write, warn);
}

export async function runCaseBook(core: Core, o: { tag?: string | undefined; ids?: number[] | undefined; title?: string | undefined; format: ExportFormat; out: string }, write: (s: string) => void, warn: (s: string) => void): Promise<void> {
  const file = await exportBook(deps(core), { tag: o.tag, ids: o.ids, title: o.title }, o.format);
  report(file, writeOut(file, o.format, o.out), write, warn);
}
