/**
 * A broadcast's picture: accepted by its bytes (a real JPG or PNG, at most 2 MB), stored once in
 * the workspace, and planned per platform: a WeCom robot posts it, DingTalk and Feishu robots
 * cannot (a warning, text only), a person pastes it with the text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../electron/core/db/open';
import { migrate } from '../../../../electron/core/db/migrate';
import { insertGroup } from '../../../../electron/core/groups/groups.repo';
import { Vault } from '../../../../electron/core/secrets';
import { addImageFile, imageDataUrl, MAX_IMAGE_BYTES, sniffImage, storeImage } from '../../../../electron/core/broadcasts/broadcast-images.service';
import { getImage } from '../../../../electron/core/broadcasts/images.repo';
import { createBroadcast, exportReport, planBroadcast, report } from '../../../../electron/core/broadcasts/broadcasts.service';
import { addRobot } from '../../../../electron/core/connections/robots.service';
import { tmpDir } from '../../../helpers/tmp';
import { JPEG_HEAD, solidPng } from '../../../helpers/png';
import { thrownAppError } from '../../../helpers/errors';

const NOW = Date.parse('2026-11-23T04:00:00Z'); // 12:00 Beijing
const DAY = 86_400_000;
let t: ReturnType<typeof tmpDir>;
let db: Db;
let now = NOW;
const d = () => ({ db, locale: 'zh-CN' as const, now: () => now, utcOffsetMin: 480 });
const base = { positioning: '', audience: '', owner: '', capacity: null, rules: '', welcomeText: '', lifecycleStage: 'healthy' as const, city: '北京' };

beforeEach(() => {
  t = tmpDir();
  db = openDatabase(path.join(t.dir, 'ws.db'));
  migrate(db);
  now = NOW;
});
afterEach(() => {
  db.close();
  t.cleanup();
});

const fail = thrownAppError;

describe('a broadcast picture is checked by its bytes', () => {
  it('knows PNG and JPEG by their magic numbers, whatever the file is called', () => {
    expect(sniffImage(solidPng(4, 3))).toBe('image/png');
    expect(sniffImage(JPEG_HEAD)).toBe('image/jpeg');
    expect(sniffImage(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))).toBeNull();
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    // The PNG signature alone, without its IHDR chunk, is not a picture.
    expect(sniffImage(solidPng(2, 2).subarray(0, 8))).toBeNull();

    // A PNG saved as .jpg is a PNG; a text file saved as .png is refused with its name.
    const disguised = path.join(t.dir, 'poster.jpg');
    fs.writeFileSync(disguised, solidPng(8, 8));
    expect(addImageFile(d(), disguised)).toMatchObject({ mime: 'image/png', size: solidPng(8, 8).length });
    const fake = path.join(t.dir, '海报.png');
    fs.writeFileSync(fake, '这不是图片');
    const e = fail(() => addImageFile(d(), fake));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe('“海报.png”不是 JPG 或 PNG 图片：群机器人只能发送这两种格式。请另存为 JPG/PNG 后再添加。');
    expect(e.fields).toEqual([{ path: 'image', message: e.message }]);
    expect(fail(() => storeImage({ ...d(), locale: 'en' }, Buffer.from('GIF89a'), 'anim.gif')).message).toBe('"anim.gif" is not a JPG or PNG picture: group robots send only these two formats. Save it as JPG/PNG and add it again.');
    expect(fail(() => addImageFile(d(), path.join(t.dir, 'missing.png'))).message).toBe('无法读取图片文件“missing.png”，请重新选择。');
    expect(fail(() => storeImage(d(), Buffer.alloc(0), 'empty.png')).message).toBe('“empty.png”是空文件，不是图片。');
  });

  it('takes at most 2 MB (before base64): exactly 2 MB goes in, one byte more is refused with the size', () => {
    const exact = solidPng(16, 16, [200, 10, 10], MAX_IMAGE_BYTES);
    expect(exact.length).toBe(2 * 1024 * 1024);
    expect(storeImage(d(), exact, 'big.png').size).toBe(MAX_IMAGE_BYTES);
    const over = path.join(t.dir, 'huge.png');
    fs.writeFileSync(over, solidPng(16, 16, [200, 10, 10], MAX_IMAGE_BYTES + 1));
    const e = fail(() => addImageFile(d(), over));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe('图片“huge.png”有 2.1 MB，超过 2 MB 的上限（企业微信群机器人的限制）。请压缩后再添加。');
    // The store itself refuses what the service would never write.
    expect(() => db.prepare("INSERT INTO broadcast_images (mime, size, md5, bytes, created_at) VALUES ('image/png', 3, 'x', x'0102', 0)").run()).toThrow(/CHECK/);
  });

  it('stores a picture once, serves it as a data URL, and forgets unused ones after a week', () => {
    const png = solidPng(5, 5);
    const a = storeImage(d(), png, 'a.png');
    expect(storeImage(d(), Buffer.from(png), 'again.png').id).toBe(a.id);
    expect(a.md5).toMatch(/^[0-9a-f]{32}$/);
    const url = imageDataUrl(d(), a.id);
    expect(url.dataUrl).toBe(`data:image/png;base64,${png.toString('base64')}`);
    expect(fail(() => imageDataUrl(d(), 999)).code).toBe('NOT_FOUND');

    // One picture a broadcast uses, one nobody does: a week later only the used one is kept.
    const g = insertGroup(db, { ...base, platform: 'wechat', name: '微信群', groupType: 'C' }, NOW);
    const used = storeImage(d(), solidPng(6, 6), 'used.png');
    createBroadcast(d(), { name: '通知', format: 'text', body: '今晚直播', targeting: { groupIds: [g] }, imageId: used.id });
    now = NOW + 8 * DAY;
    storeImage(d(), solidPng(7, 7), 'new.png');
    expect(getImage(db, a.id)).toBeNull();
    expect(getImage(db, used.id)).not.toBeNull();
  });
});

describe('the plan and the broadcast with a picture', () => {
  function groupsWithRobots() {
    const vault = Vault.beside(path.join(t.dir, 'ws.db'));
    const dd = { db, locale: 'zh-CN' as const, now: () => now, vault };
    const wechat = insertGroup(db, { ...base, platform: 'wechat', name: '微信群', groupType: 'C' }, NOW);
    const customer = insertGroup(db, { ...base, platform: 'wecom', name: '客户群', groupType: 'C' }, NOW);
    const internal = insertGroup(db, { ...base, platform: 'wecom', name: '企微内部群', groupType: 'B' }, NOW);
    const ding = insertGroup(db, { ...base, platform: 'dingtalk', name: '钉钉群', groupType: 'B' }, NOW);
    const lark = insertGroup(db, { ...base, platform: 'feishu', name: '飞书群', groupType: 'B' }, NOW);
    addRobot(dd, { name: 'wc', platform: 'wecom', groupId: internal, credentials: { webhook: 'a1b2c3d4-0000-4000-8000-00000000000a' }, baseUrl: 'http://127.0.0.1:9' });
    addRobot(dd, { name: 'dt', platform: 'dingtalk', groupId: ding, credentials: { webhook: 'dingtoken0001', secret: 'SEC0000000000000000000000000000000000000000' }, baseUrl: 'http://127.0.0.1:9' });
    addRobot(dd, { name: 'fs', platform: 'feishu', groupId: lark, credentials: { webhook: 'feishu-token-0001' }, baseUrl: 'http://127.0.0.1:9' });
    return { wechat, customer, internal, ding, lark };
  }

  it('gives the picture to the WeCom robot and to the groups sent by hand, and warns for DingTalk and Feishu robots (text only)', () => {
    const g = groupsWithRobots();
    const img = storeImage(d(), solidPng(3, 3), 'p.png');
    const plan = planBroadcast(d(), { name: '海报', format: 'text', body: '{{group.name}}：今晚 8 点直播', targeting: { all: true }, imageId: img.id });
    const of = (id: number) => plan.targets.find((x) => x.groupId === id)!;
    expect([g.wechat, g.customer, g.internal].map((id) => [of(id).mode, of(id).delivery.image?.id, of(id).checks])).toEqual([
      ['manual', img.id, []],
      ['owner-confirm', img.id, []],
      ['auto', img.id, []],
    ]);
    for (const id of [g.ding, g.lark]) {
      expect(of(id).mode).toBe('auto');
      expect(of(id).delivery.image).toBeUndefined();
      expect(of(id).checks).toEqual([{ code: 'image_unsupported', level: 'warning' }]);
    }
    expect(plan.summary).toMatchObject({ withErrors: 0, withWarnings: 2 });
    // Without a picture nobody is warned.
    expect(planBroadcast(d(), { name: '文字', format: 'text', body: '今晚 8 点直播', targeting: { all: true } }).summary.withWarnings).toBe(0);
    // A picture that does not exist is refused.
    expect(fail(() => planBroadcast(d(), { name: 'x', format: 'text', body: 'x', targeting: { all: true }, imageId: 4242 })).code).toBe('NOT_FOUND');
  });

  it('stores the picture with the broadcast and with each target that receives it; the report and the export say what became of it', async () => {
    const g = groupsWithRobots();
    const img = storeImage(d(), solidPng(3, 3), 'p.png');
    const { id } = createBroadcast(d(), { name: '海报', format: 'text', body: '今晚 8 点直播', targeting: { all: true }, imageId: img.id });
    const rows = db.prepare('SELECT group_id, image_id, parts_done FROM broadcast_targets WHERE broadcast_id = ? ORDER BY group_id').all(id) as { group_id: number; image_id: number | null; parts_done: number }[];
    expect(new Map(rows.map((r) => [r.group_id, r.image_id]))).toEqual(
      new Map([
        [g.wechat, img.id],
        [g.customer, img.id],
        [g.internal, img.id],
        [g.ding, null],
        [g.lark, null],
      ]),
    );
    const r = report(d(), id);
    expect(r.broadcast.image).toEqual(img);
    expect(r.targets.filter((x) => x.image).map((x) => x.groupName).sort()).toEqual(['企微内部群', '客户群', '微信群'].sort());

    // The WeCom robot's text went out and its picture failed: the export says so.
    db.prepare("UPDATE broadcast_targets SET status = 'failed', parts_done = 1, error_code = 'rejected' WHERE group_id = ?").run(g.internal);
    const file = path.join(t.dir, 'r.csv');
    await exportReport(d(), id, 'csv', file);
    const csv = fs.readFileSync(file, 'utf8');
    expect(csv.split('\n')[0]).toContain('图片');
    expect(csv).toContain('文字已发出，图片未发出');
    expect(csv).toContain('此机器人不能发送本地图片，需手动补发');
    expect(csv).toContain('随文案手动发送');
  });
});
