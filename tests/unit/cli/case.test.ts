/** qunzhu case list / export / book (#7), on the demo workspace's two curated cases. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { run, UsageError } from '../../../electron/cli/main';
import { findChromium } from '../../../electron/core/files/headless-chromium';
import { openDatabase } from '../../../electron/core/db/open';
import { cliOutput, demoDbPerFile } from '../../helpers/cli';

const demo = demoDbPerFile();

const cli = (...args: string[]) => cliOutput(args);

interface Listed {
  id: number;
  title: string;
  consent: string;
  tags: { product: string[] };
}

const chromium = findChromium();
const pdftotext = spawnSync('pdftotext', ['-v']).error ? null : 'pdftotext';
const noChromium = chromium ? '' : 'no Chromium found (QUNZHU_CHROMIUM, /usr/bin/chromium, chromium-browser, google-chrome)';
if (noChromium) console.warn(`skipped: case PDF/PNG exports: ${noChromium}`);
if (!pdftotext) console.warn('skipped: the PDF text check: pdftotext (poppler-utils) is not installed');

/** The names of the people in the demo's cases: redaction keeps them out of every document. */
function participantNames(): string[] {
  const conn = openDatabase(demo.db);
  try {
    return conn.prepare('SELECT DISTINCT name FROM case_participants').pluck().all() as string[];
  } finally {
    conn.close();
  }
}

describe('qunzhu case', () => {
  it('lists the demo cases newest first as JSON, one granted and one pending', async () => {
    const list = JSON.parse(await cli('case', 'list', '--db', demo.db, '--format', 'json')) as Listed[];
    expect(list.map((c) => c.consent)).toEqual(['pending', 'granted']);
    expect(list[1]!.title).toContain('发言率');
    const tagged = JSON.parse(await cli('case', 'list', '--db', demo.db, '--tag', '新群冷启动')) as Listed[];
    expect(tagged.map((c) => c.id)).toEqual([list[1]!.id]);
  });

  it('exports html, zip and the Markdown folder with redactions applied, and warns about consent', async () => {
    const list = JSON.parse(await cli('case', 'list', '--db', demo.db)) as Listed[];
    const pending = list[0]!.id;
    const html = path.join(demo.dir, 'out', 'case.html');
    const res = JSON.parse(await cli('case', 'export', '--db', demo.db, '--id', String(pending), '--format', 'html', '--out', html)) as { files: string[]; missingConsent: { label: string }[] };
    expect(res.files).toEqual([html]);
    expect(res.missingConsent).toHaveLength(1);
    const text = fs.readFileSync(html, 'utf8');
    expect(text).toContain('[手机号]');
    expect(text).not.toContain('138 1234 5678');
    expect(text).not.toMatch(/<script/i);
    const folder = path.join(demo.dir, 'md');
    await cli('case', 'export', '--db', demo.db, '--id', String(pending), '--format', 'md', '--out', folder);
    expect(fs.readdirSync(folder)).toEqual(['case.md']);
    const zip = path.join(demo.dir, 'case.zip');
    await cli('case', 'export', '--db', demo.db, '--id', String(list[1]!.id), '--format', 'zip', '--out', zip);
    expect(Object.keys(unzipSync(fs.readFileSync(zip))).sort()).toEqual(['case.html', 'case.md']);
    expect(fs.readFileSync(zip).toString('latin1')).not.toContain('growth_lin2024');
  });

  it('explains usage errors', async () => {
    await expect(run(['case', 'export', '--db', demo.db, '--id', '1', '--format', 'docx', '--out', 'x'], () => {})).rejects.toBeInstanceOf(UsageError);
    await expect(run(['case', 'book', '--db', demo.db, '--format', 'pdf', '--out', 'x'], () => {})).rejects.toBeInstanceOf(UsageError);
    await expect(run(['case', 'shred', '--db', demo.db], () => {})).rejects.toBeInstanceOf(UsageError);
  });

  it.skipIf(!chromium)('renders a PDF whose text has the title and the labels, not the names or numbers; and a long PNG', async () => {
    const list = JSON.parse(await cli('case', 'list', '--db', demo.db)) as Listed[];
    const pdf = path.join(demo.dir, 'case.pdf');
    await cli('case', 'export', '--db', demo.db, '--id', String(list[0]!.id), '--format', 'pdf', '--out', pdf);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const png = path.join(demo.dir, 'case.png');
    await cli('case', 'export', '--db', demo.db, '--id', String(list[1]!.id), '--format', 'png', '--out', png);
    const image = fs.readFileSync(png);
    expect(image.subarray(1, 4).toString('latin1')).toBe('PNG');
    // A long image, cropped to the document: taller than wide, shorter than the window it was shot in.
    const [w, h] = [image.readUInt32BE(16), image.readUInt32BE(20)];
    expect(h).toBeGreaterThan(w);
    expect(h).toBeLessThan(16_000);
    const book = path.join(demo.dir, 'book.pdf');
    await cli('case', 'book', '--db', demo.db, '--tag', '社群运营实战营', '--format', 'pdf', '--out', book);
    // The book as one long image too: both demo cases, taller than the longer single case.
    const bookPng = path.join(demo.dir, 'book.png');
    await cli('case', 'book', '--db', demo.db, '--id', String(list[0]!.id), '--id', String(list[1]!.id), '--format', 'png', '--out', bookPng);
    const bookImage = fs.readFileSync(bookPng);
    expect(bookImage.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bookImage.readUInt32BE(20)).toBeGreaterThan(h);
    if (!pdftotext) return;
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('物流延误后主动联系客户');
    expect(text).toContain('KOLA');
    expect(text).toContain('[手机号]');
    expect(text).not.toMatch(/13812345678|1381234/);
    const names = participantNames();
    expect(names.length).toBeGreaterThanOrEqual(4);
    for (const n of names) expect(text).not.toContain(n.replace(/\s+/g, ''));
    const bookText = execFileSync('pdftotext', [book, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(bookText).toContain('社群案例集·社群运营实战营');
    expect(bookText).toContain('[微信号]');
    expect(bookText).not.toContain('growth_lin2024');
    for (const n of names) expect(bookText).not.toContain(n.replace(/\s+/g, ''));
  }, 120_000);
});
