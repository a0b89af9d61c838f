/**
 * The roster in and out of spreadsheets. Export: any filtered roster, with tags, labels, fields
 * and activity, as CSV or XLSX (formulas defused, see spreadsheet.ts). Import: fields and labels
 * from a CSV/XLSX matched by platform id — first a preview (what would change, which rows match
 * nobody), then the same pass applied in one transaction. The export's own headers read back.
 */
import path from 'node:path';
import type { ParsedReq } from '../../../shared/api';
import type { RosterImportReport } from '../../../shared/api/roster';
import { LOCALES, type Locale } from '../../../shared/domain/enums';
import type { FieldDefDto } from '../../../shared/domain/roster';
import { cellText, readCsvRows, readXlsxRows } from '../importers/generic-table.importer';
import { appError, t } from '../i18n/messages';
import type { ServiceDeps } from '../service-deps';
import { ensureLabel, memberOrder } from './roster.service';
import { exportRows, listFields, prepareRosterImport } from './roster.repo';
import { restoreCell, writeTable, type Cell } from '../files/spreadsheet';

type Filter = ParsedReq<'roster.list'>['filter'];
type Sort = ParsedReq<'roster.list'>['sort'];


/** A field's column header in the user's language (built-ins are named by the catalog). */
export function fieldHeader(locale: Locale, f: FieldDefDto): string {
  return f.builtin ? t(locale, `field.${f.key}`) : f.label;
}

const localTime = (ms: number | null) => {
  if (ms === null) return '';
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
};

export async function exportRoster(d: ServiceDeps, filter: Filter, sort: Sort, format: 'csv' | 'xlsx', file: string): Promise<{ rows: number; bytes: number }> {
  const L = d.locale;
  const fields = listFields(d.db);
  const headers = [
    t(L, 'col.platformUserId'),
    t(L, 'col.platform'),
    t(L, 'col.name'),
    t(L, 'col.groups'),
    t(L, 'col.tags'),
    t(L, 'col.labels'),
    ...fields.map((f) => fieldHeader(L, f)),
    ...(['messages', 'n7', 'n30', 'n90', 'days30', 'repliesReceived', 'mentionsReceived', 'answersGiven', 'lastMessageAt', 'firstSeenAt'] as const).map((c) => t(L, `col.${c}`)),
  ];
  const order = ['kol', 'active', 'new', 'at-risk', 'silent'];
  function* rows(): Generator<Cell[]> {
    for (const r of exportRows(d.db, memberOrder(d, filter, sort), filter.groupIds)) {
      const values = JSON.parse(r.fields || '{}') as Record<string, string>;
      const tags = (r.tags ?? '').split(',').filter(Boolean).sort((a, b) => order.indexOf(a) - order.indexOf(b));
      yield [
        r.platform_user_id,
        r.platform,
        r.display_name,
        r.group_count,
        tags.map((x) => t(L, `tag.${x}`)).join('、'),
        r.labels ?? '',
        ...fields.map((f) => {
          const v = values[f.key] ?? '';
          return f.key === 'motive' && f.builtin && v ? t(L, `motive.${v}`) : v;
        }),
        r.msg_count,
        r.n7,
        r.n30,
        r.n90,
        r.days30,
        r.replies_received,
        r.mentions_received,
        r.answers_given,
        localTime(r.last_message_at),
        localTime(r.first_seen_at),
      ];
    }
  }
  return writeTable(file, format, headers, rows(), t(L, 'export.rosterFile'));
}

// ---- import ----------------------------------------------------------------------------------

const ID_HEADER = /^(平台\s*id|platform[\s_-]*(user[\s_-]*)?id|id|用户\s*id|成员\s*id|qq号|微信号)$/i;
const PLATFORM_HEADER = /^(平台|platform)$/i;
const LABEL_SPLIT = /[,，、;；|]/;

/** Every name a header may have for a target, in either language: what the export writes reads back. */
function headerTargets(fields: FieldDefDto[]): Map<string, string> {
  const out = new Map<string, string>();
  const add = (name: string, target: string) => out.set(name.trim().toLowerCase(), target);
  for (const L of LOCALES) {
    add(t(L, 'col.labels'), 'labels');
    for (const f of fields) add(fieldHeader(L, f), `field:${f.key}`);
  }
  add('labels', 'labels');
  add('label', 'labels');
  for (const f of fields) add(f.key, `field:${f.key}`);
  return out;
}

/** A choice value as written (its key, or its name in either language) → the key; null when it is none of them. */
function choiceValue(f: FieldDefDto, raw: string): string | null {
  if (f.options.includes(raw)) return raw;
  if (f.key === 'motive' && f.builtin) {
    for (const o of f.options) for (const L of LOCALES) if (t(L, `motive.${o}`) === raw) return o;
  }
  return null;
}

async function* tableRows(file: string): AsyncGenerator<{ cells: string[]; line: number }> {
  const source = { path: file, name: path.basename(file) };
  if (/\.xlsx$/i.test(file)) {
    for await (const r of readXlsxRows(source, undefined)) yield { cells: r.cells.map(cellText), line: r.line };
  } else {
    for await (const r of readCsvRows(source)) yield { cells: r.cells, line: r.line };
  }
}

const MAX_LISTED = 1000;

export async function importRosterFile(d: ServiceDeps, file: string, apply: boolean): Promise<RosterImportReport> {
  const fields = listFields(d.db);
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const targets = headerTargets(fields);
  const report: RosterImportReport = { rows: 0, matched: 0, unmatched: [], columns: [], ignoredColumns: [], invalid: [], fieldsSet: 0, labelsAdded: 0, labelsCreated: [], applied: false };
  let idCol = -1;
  let platformCol = -1;
  let cols: { index: number; header: string; target: string }[] = [];
  const q = prepareRosterImport(d.db);
  const created = new Set<string>();
  const now = d.now();

  // One pass; applied, it runs inside one transaction (the rows are read first: the file reader is async).
  const work: (() => void)[] = [];
  let header = true;
  for await (const { cells, line } of tableRows(file)) {
    if (header) {
      header = false;
      cells.forEach((raw, index) => {
        const h = raw.trim();
        if (ID_HEADER.test(h) && idCol < 0) idCol = index;
        else if (PLATFORM_HEADER.test(h) && platformCol < 0) platformCol = index;
        else {
          const target = targets.get(h.toLowerCase());
          if (target) cols.push({ index, header: h, target });
          else if (h) report.ignoredColumns.push(h);
        }
      });
      if (idCol < 0) throw appError(d.locale, 'BAD_REQUEST', { detail: t(d.locale, 'roster.importNoId') });
      report.columns = [{ header: cells[idCol]!.trim(), target: 'platformUserId' }, ...(platformCol >= 0 ? [{ header: cells[platformCol]!.trim(), target: 'platform' }] : []), ...cols.map((c) => ({ header: c.header, target: c.target }))];
      cols = cols.filter((c) => c.index !== idCol);
      continue;
    }
    const puid = (cells[idCol] ?? '').trim();
    if (!puid) continue;
    report.rows++;
    const platform = platformCol >= 0 ? (cells[platformCol] ?? '').trim() : '';
    const ids = q.membersByPlatformId(puid, platform);
    if (ids.length !== 1) {
      if (report.unmatched.length < MAX_LISTED) report.unmatched.push({ line, platformUserId: puid });
      continue;
    }
    report.matched++;
    const memberId = ids[0]!;
    for (const c of cols) {
      const raw = restoreCell((cells[c.index] ?? '').trim());
      if (!raw) continue;
      if (c.target === 'labels') {
        for (const name of raw.split(LABEL_SPLIT).map((x) => x.trim().slice(0, 40)).filter(Boolean)) {
          const labelId = q.labelIdByName(name);
          if (labelId === undefined) {
            if (!created.has(name.toLowerCase())) report.labelsCreated.push(name);
            created.add(name.toLowerCase());
            report.labelsAdded++;
            work.push(() => q.addLabel(memberId, ensureLabel(d.db, name, now).id, now));
          } else if (!q.hasLabel(memberId, labelId)) {
            report.labelsAdded++;
            work.push(() => q.addLabel(memberId, labelId, now));
          }
        }
        continue;
      }
      const f = byKey.get(c.target.slice('field:'.length))!;
      const value = f.kind === 'choice' ? choiceValue(f, raw) : raw.slice(0, 500);
      if (value === null) {
        if (report.invalid.length < MAX_LISTED) report.invalid.push({ line, header: c.header, value: raw.slice(0, 100) });
        continue;
      }
      if (q.fieldValue(memberId, f.key) === value) continue;
      report.fieldsSet++;
      work.push(() => q.setField(memberId, f.key, value));
    }
  }
  if (header) throw appError(d.locale, 'BAD_REQUEST', { detail: t(d.locale, 'roster.importNoId') });
  if (apply) {
    d.db.transaction(() => {
      for (const w of work) w();
    }).immediate();
    report.applied = true;
  }
  return report;
}
