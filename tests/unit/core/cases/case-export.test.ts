/** Case documents (#7): what the Markdown, HTML, ZIP and book hold, and what they never hold. */
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../electron/core/db/open';
import { migrate } from '../../../../electron/core/db/migrate';
import { createCase, editMessage, getCase, setRedaction, updateCase } from '../../../../electron/core/cases/cases.service';
import type { ServiceDeps } from '../../../../electron/core/service-deps';
import { caseDocuments, escapeMarkdown } from '../../../../electron/core/cases/case-export';
import { exportBook, exportCase, findImages, sniffImage, zipEntries } from '../../../../electron/core/cases/case-export-io';
import { newDownload } from '../../../../electron/core/files/downloads';
import { solidPng } from '../../../helpers/png';
import { tmpDir } from '../../../helpers/tmp';

const T = Date.parse('2026-11-23T08:00:00Z');
let t: ReturnType<typeof tmpDir>;
let db: Db;
let d: ServiceDeps;
let image: string;

const HOSTILE = '<img src=x onerror=alert(1)> <script>alert(2)</script> [click](javascript:alert(3)) javascript:alert(4)';

beforeEach(() => {
  t = tmpDir();
  db = openDatabase(path.join(t.dir, 'ws.db'));
  migrate(db);
  d = { db, locale: 'zh-CN', now: () => T };
  image = path.join(t.dir, 'photo 张三.png');
  fs.writeFileSync(image, solidPng(4, 3));
  fs.writeFileSync(path.join(t.dir, 'fake.png'), 'not a png at all');
  const q = (s: string) => s.replace(/'/g, "''");
  db.exec(`
    INSERT INTO groups (id, platform, name, group_type, created_at, updated_at) VALUES (1, 'wechat', '北京运营交流群', 'C', 0, 0);
    INSERT INTO members (id, platform, platform_user_id, display_name, first_seen_at, last_seen_at) VALUES
      (1, 'wechat', 'a', '王芳', 0, 0), (2, 'wechat', 'b', '张三', 0, 0), (3, 'wechat', 'c', 'Alice Chen', 0, 0);
    INSERT INTO memberships (group_id, member_id, role) VALUES (1, 1, 'owner'), (1, 2, 'member'), (1, 3, 'member');
    INSERT INTO messages (id, group_id, sender_id, sent_at, kind, text, source_key, flags) VALUES
      (1, 1, 2, ${T}, 'text', '我是张三，手机 13812345678，邮箱 zhangsan@example.com，微信：zs_2024', 'k1', 0),
      (2, 1, 1, ${T + 60_000}, 'text', '${q(HOSTILE)} 详见 https://example.com/a?token=SECRETTOKEN123&x=1', 'k2', 0),
      (3, 1, 3, ${T + 120_000}, 'image', '截图如下', 'k3', 16),
      (4, 1, 3, ${T + 180_000}, 'text', '隐藏的消息，QQ：87654321', 'k4', 0);
    INSERT INTO message_attachments (message_id, seq, kind, ref) VALUES
      (3, 0, 'image', '${q(image)}'), (3, 1, 'image', 'IMG_0001_张三.jpg'), (3, 2, 'image', '${q(path.join(t.dir, 'fake.png'))}'), (3, 3, 'file', '张三的报价.pdf');
  `);
});
afterEach(() => {
  db.close();
  t.cleanup();
});

function makeCase(): number {
  const c = createCase(d, { messageIds: [1, 2, 3, 4], title: '张三的经验 <b>bold</b>' });
  updateCase(d, { id: c.id, summary: '张三说可以打 13812345678', tags: { product: ['实战营'], pain: ['<script>'], outcome: [] } });
  editMessage(d, { id: c.id, messageId: 4, hidden: true });
  editMessage(d, { id: c.id, messageId: 2, annotation: 'Alice Chen 补充了截图' });
  return c.id;
}

const RAW = ['张三', '王芳', 'Alice Chen', '13812345678', 'zhangsan@example.com', 'zs_2024', 'SECRETTOKEN123', '87654321', '隐藏的消息'];

describe('case documents', () => {
  it('HTML: no script, every text escaped, links http(s) only with rel=noopener, no raw redacted value', () => {
    const c = getCase(d, makeCase());
    const docs = caseDocuments([c], { locale: 'zh-CN', timeZone: 'Asia/Shanghai', images: findImages([c]) });
    const html = docs.html;
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<[^>]*\son\w+=/i);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('成员A的经验 &lt;b&gt;bold&lt;/b&gt;');
    // Only http(s) becomes a link; its token is redacted in text and href alike.
    const hrefs = [...html.matchAll(/<a ([^>]*)>/g)].map((m) => m[1]);
    expect(hrefs).toEqual(['href="https://example.com/a?token=***&amp;x=1" rel="noopener noreferrer"']);
    expect(html).not.toMatch(/href="javascript/i);
    for (const raw of RAW) expect(html).not.toContain(raw);
    expect(html).toContain('[手机号]');
    expect(html).toContain('[微信号]');
    // The real PNG is embedded; the missing one and the fake one are named as unavailable.
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(1);
    expect(html.match(/图片（原文件不可用，未收录）/g)).toHaveLength(2);
    expect(docs.missingImages).toEqual(['IMG_0001_张三.jpg', path.join(t.dir, 'fake.png')]);
    expect(html).toContain("default-src 'none'");
  });

  it('an "off" redaction keeps that one value; every redaction that is on stays out of every format', async () => {
    const id = makeCase();
    const email = getCase(d, id).messages[0]!.redactions.find((r) => r.kind === 'email')!;
    setRedaction(d, { id, findingId: email.id, applied: false });
    for (const format of ['md', 'html', 'zip'] as const) {
      const out = await exportCase(d, id, format, { timeZone: 'Asia/Shanghai' });
      // md with images is the folder, zipped; the ZIP's entries are stored (images) or deflated (texts).
      const zipped = out.data.subarray(0, 2).toString('latin1') === 'PK';
      expect(zipped).toBe(format !== 'html');
      const texts = zipped ? Object.values(unzipSync(out.data)).map((b) => strFromU8(b)) : [out.data.toString('utf8')];
      const all = texts.join('\n');
      expect(all).toContain('zhangsan@example.com');
      for (const raw of RAW.filter((r) => r !== 'zhangsan@example.com')) expect(all).not.toContain(raw);
    }
  });

  it('Markdown escapes what Markdown would interpret; the ZIP holds exactly what it references', async () => {
    expect(escapeMarkdown('<img onerror=x> *b* [a](javascript:x)\n- item\n1. one')).toBe('\\<img onerror=x\\> \\*b\\* \\[a\\](javascript:x)  \n\\- item  \n1\\. one');
    const id = makeCase();
    const out = await exportCase(d, id, 'zip', { timeZone: 'Asia/Shanghai' });
    const files = unzipSync(out.data);
    const md = strFromU8(files['case.md']!);
    // Only backslash-escaped: no tag a Markdown renderer would pass through.
    expect(md).not.toMatch(/(^|[^\\])<(img|script)/);
    expect(md).toContain('\\<img src=x onerror=alert(1)\\>');
    const referenced = [...md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(referenced).toEqual(['images/001.png']);
    expect(Object.keys(files).sort()).toEqual(['case.html', 'case.md', ...referenced].sort());
    expect(sniffImage(files['images/001.png']!)).toBe('image/png');
    expect(Buffer.from(files['images/001.png']!).equals(fs.readFileSync(image))).toBe(true);
    // With images, the Markdown export is the folder, zipped, without the HTML.
    const mdOut = await exportCase(d, id, 'md', { timeZone: 'Asia/Shanghai' });
    expect(Object.keys(unzipSync(mdOut.data)).sort()).toEqual(['case.md', 'images/001.png']);
    expect(Object.keys(zipEntries(out.docs, 'case', false))).toEqual(['case.md', 'images/001.png']);
  });

  it('a book has a cover, a table of contents listing every case, and one part per case', async () => {
    const a = makeCase();
    const b = createCase(d, { messageIds: [1], title: '第二个案例' }).id;
    updateCase(d, { id: b, tags: { product: ['实战营'], pain: [], outcome: [] } });
    const out = await exportBook(d, { tag: '实战营' }, 'zip', { timeZone: 'Asia/Shanghai' });
    const files = unzipSync(out.data);
    const html = strFromU8(files['book.html']!);
    const md = strFromU8(files['book.md']!);
    expect(html).toContain('<section class="cover"><h1>社群案例集 · 实战营</h1><p>2 个案例</p>');
    const toc = html.slice(html.indexOf('<nav class="toc">'), html.indexOf('</nav>'));
    expect([...toc.matchAll(/<a href="#(case-\d+)">([^<]*)<\/a>/g)].map((m) => [m[1], m[2]])).toEqual([
      ['case-1', '成员A的经验 &lt;b&gt;bold&lt;/b&gt;'],
      ['case-2', '第二个案例'],
    ]);
    expect(html).toContain('<section class="case" id="case-1">');
    expect(html).toContain('<section class="case" id="case-2">');
    expect(md).toContain('1\\. [成员A的经验 \\<b\\>bold\\</b\\>](#case-1)');
    expect(md).toContain('2\\. [第二个案例](#case-2)');
    expect(html).not.toMatch(/<script/i);
    for (const raw of RAW) expect(html + md).not.toContain(raw);
    expect(out.missingConsent.map((m) => m.caseId).sort()).toEqual([a, a, a, b].sort());
  });

  it('a group name with a right-to-left override or invisible characters cannot spoof the file’s extension (#17 item 6)', async () => {
    db.prepare('UPDATE groups SET name = ? WHERE id = 1').run('家长群\u202elmth.exe\u2066\u200b\ufeff');
    // The default title is the group's name and the day: "家长群\u202elmth.exe · 2026-11-23".
    const c = createCase(d, { messageIds: [1, 2] });
    expect(c.title).toContain('\u202e');
    const dl = path.join(t.dir, 'downloads');
    for (const format of ['html', 'md', 'zip'] as const) {
      const out = await exportCase(d, c.id, format, { timeZone: 'Asia/Shanghai' });
      const saved = newDownload(out.name, dl);
      for (const name of [out.name, saved.name, path.basename(saved.path)]) {
        expect(name).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
        expect(name).toMatch(/^[^/\\]*\.(html|md|zip)$/);
      }
    }
    const html = await exportCase(d, c.id, 'html', { timeZone: 'Asia/Shanghai' });
    expect(html.name).toBe('家长群lmth.exe · 2026-11-23.html');
    const book = await exportBook(d, { ids: [c.id], title: '\u202e\u200b' }, 'html', { timeZone: 'Asia/Shanghai' });
    expect(book.name).toBe('case.html');
  });
});
