/**
 * `qunzhu roster`: the roster as CSV or JSON on stdout (or --out FILE) — the same filter, tags and
 * columns the UI exports. With --as-of the workspace is first re-tagged as of that date (as
 * `qunzhu retag --as-of` does), so the tags are the ones an operator would have seen then.
 */
import fs from 'node:fs';
import { AppError } from '../../shared/errors';
import type { Res } from '../../shared/api';
import { AUTO_TAGS, type AutoTag } from '../../shared/domain/roster';
import type { Core } from '../core/create-core';
import { downloadFile } from '../core/files/downloads';
import { t } from '../core/i18n/messages';
import { call } from './call';

export interface RosterOptions {
  tag?: string | undefined;
  group?: string | undefined;
  asOf?: string | undefined;
  format: string;
  out?: string | undefined;
}

/** A tag by its code (kol, at-risk …) or its name in either language (潜水, Silent …). */
export function parseTag(raw: string): AutoTag | null {
  const s = raw.trim().toLowerCase();
  for (const tag of AUTO_TAGS) if (tag === s || t('zh-CN', `tag.${tag}`).toLowerCase() === s || t('en', `tag.${tag}`).toLowerCase() === s) return tag;
  return null;
}

export async function runRoster(core: Core, o: RosterOptions, write: (s: string) => void): Promise<{ rows: number }> {
  const filter: { tags?: AutoTag[]; groupIds?: number[] } = {};
  if (o.tag !== undefined) {
    const tag = parseTag(o.tag);
    if (!tag) throw new AppError('BAD_REQUEST', `--tag 应为 / must be one of: ${AUTO_TAGS.join(', ')}`);
    filter.tags = [tag];
  }
  if (o.group !== undefined) {
    const groups = await call(core, 'groups.list', { archived: 'all' });
    const g = /^\d+$/.test(o.group) ? groups.find((x) => x.id === Number(o.group)) : groups.find((x) => x.name === o.group);
    if (!g) throw new AppError('NOT_FOUND', `找不到群 / no such group: ${o.group}`);
    filter.groupIds = [g.id];
  }
  if (o.asOf !== undefined) await call(core, 'roster.retag', { asOf: new Date(Date.parse(o.asOf)).toISOString() });
  if (o.format === 'csv') {
    const file = await call(core, 'roster.export', { filter, format: 'csv', sort: { by: 'name', dir: 'asc' } });
    const found = downloadFile(file.fileId)!;
    if (o.out) fs.copyFileSync(found.path, o.out);
    // On a terminal or a pipe, no byte-order mark (Excel needs it; other tools trip on it).
    else write(fs.readFileSync(found.path, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n$/, ''));
    fs.rmSync(found.path, { force: true });
    return { rows: file.rows };
  }
  const rows: Res<'roster.list'>['items'] = [];
  let cursor: string | null = null;
  do {
    const page: Res<'roster.list'> = await call(core, 'roster.list', { filter, cursor, limit: 500, sort: { by: 'name', dir: 'asc' } });
    rows.push(...page.items);
    cursor = page.next;
  } while (cursor);
  const json = JSON.stringify(rows, null, 2);
  if (o.out) fs.writeFileSync(o.out, `${json}\n`);
  else write(json);
  return { rows: rows.length };
}
