/**
 * Writing tables users open in Excel/WPS/Numbers: CSV (UTF-8 with a BOM, which Excel needs to
 * read Chinese) or XLSX, streamed row by row so a 500,000-row roster never sits in memory.
 * Every text cell is defused: a cell starting with a formula trigger would run as a formula
 * when opened (CSV injection), so it is prefixed with an apostrophe.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';

/** = + - @ tab CR, and their full-width forms (＝ ＋ － ＠), which spreadsheet apps also accept. */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function defuseCell(v: string): string {
  return FORMULA_START.test(v) ? `'${v}` : v;
}

/** Reading a table back: the apostrophe defuseCell added is taken off again (Excel hides it the same way). */
export function restoreCell(v: string): string {
  return v.startsWith("'") && FORMULA_START.test(v.slice(1)) ? v.slice(1) : v;
}

export type Cell = string | number | null;

export async function writeTable(file: string, format: 'csv' | 'xlsx', headers: readonly string[], rows: Iterable<Cell[]>, sheetName = 'Sheet1'): Promise<{ rows: number; bytes: number }> {
  const clean = (c: Cell) => (typeof c === 'string' ? defuseCell(c) : c);
  let n = 0;
  if (format === 'csv') {
    const out = fs.createWriteStream(file, { mode: 0o600 });
    out.write('\uFEFF');
    const csv = stringify({ header: false, quoted_match: /[",\r\n]/, record_delimiter: 'windows' });
    csv.pipe(out);
    const put = async (row: Cell[]) => {
      if (!csv.write(row.map((c) => clean(c) ?? ''))) await once(csv, 'drain');
    };
    await put(headers.map(defuseCell));
    for (const row of rows) {
      await put(row);
      n++;
    }
    csv.end();
    await once(out, 'finish');
  } else {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
    const ws = wb.addWorksheet(sheetName.slice(0, 31));
    ws.addRow(headers.map(defuseCell)).commit();
    for (const row of rows) {
      ws.addRow(row.map(clean)).commit();
      n++;
    }
    ws.commit();
    await wb.commit();
  }
  return { rows: n, bytes: fs.statSync(file).size };
}
