/**
 * `qunzhu calendar list|ics`: the calendar's entries as JSON or CSV on stdout (the same rows as
 * calendar.rows and its CSV export), and an ICS file at --out (the same as calendar.exportIcs),
 * which a phone or desktop calendar can subscribe to when a scheduled task rewrites it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { Core } from '../core/create-core';
import { downloadFile } from '../core/files/downloads';
import { call } from './call';

export interface CalendarRangeOptions {
  from: string;
  to: string;
  group?: string | undefined;
}

/** A group by its id or its exact name. */
export async function groupIdOf(core: Core, raw: string): Promise<number> {
  const groups = await call(core, 'groups.list', { archived: 'all' });
  const g = /^\d+$/.test(raw) ? groups.find((x) => x.id === Number(raw)) : groups.find((x) => x.name === raw);
  if (!g) throw new AppError('NOT_FOUND', `找不到群 / no such group: ${raw}`);
  return g.id;
}

async function rangeReq(core: Core, o: CalendarRangeOptions) {
  return { from: o.from, to: o.to, filter: o.group !== undefined ? { groupIds: [await groupIdOf(core, o.group)] } : {} };
}

export async function runCalendarList(core: Core, o: CalendarRangeOptions & { format: 'json' | 'csv' }, write: (s: string) => void): Promise<{ rows: number }> {
  const req = await rangeReq(core, o);
  if (o.format === 'csv') {
    const file = await call(core, 'calendar.exportRows', { ...req, format: 'csv' });
    const found = downloadFile(file.fileId)!;
    // On a terminal or a pipe, no byte-order mark (Excel needs it; other tools trip on it).
    write(fs.readFileSync(found.path, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n$/, ''));
    fs.rmSync(found.path, { force: true });
    return { rows: file.rows };
  }
  const rows = await call(core, 'calendar.rows', req);
  write(JSON.stringify(rows, null, 2));
  return { rows: rows.length };
}

export async function runCalendarIcs(core: Core, o: CalendarRangeOptions & { out: string }, write: (s: string) => void): Promise<void> {
  const file = await call(core, 'calendar.exportIcs', await rangeReq(core, o));
  const found = downloadFile(file.fileId)!;
  const target = path.resolve(o.out);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // Written beside, then renamed: a calendar app polling the file never reads half of it.
  const tmp = `${target}.${process.pid}.tmp`;
  fs.copyFileSync(found.path, tmp);
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, target);
  fs.rmSync(found.path, { force: true });
  write(JSON.stringify({ out: target, events: file.events }));
}

/** `qunzhu playbook apply`: the same as calendar.applyPlaybook for one group (or several --group). */
export async function runPlaybookApply(core: Core, o: { playbook: string; groups: string[]; start: string; replace: boolean }, write: (s: string) => void): Promise<void> {
  const ids: number[] = [];
  for (const g of o.groups) ids.push(await groupIdOf(core, g));
  const playbooks = await call(core, 'calendar.listPlaybooks', {});
  const p = playbooks.find((x) => x.key === o.playbook || x.name === o.playbook);
  // Built-ins are known by their names in both languages; the core resolves those too.
  const r = await call(core, 'calendar.applyPlaybook', { key: p?.key ?? o.playbook, target: { groupIds: ids }, start: o.start, replace: o.replace });
  write(JSON.stringify({ playbook: p?.name ?? o.playbook, ...r }));
}
