import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect, test } from '@playwright/test';
import { startServer, type Server } from './fixtures';
import { callCore } from './pages/groups.page';
import { BroadcastsPage } from './pages/broadcasts.page';
import { ComposerPage } from './pages/composer.page';
import { startRobotReceiver, type Receiver } from './robot-receiver';
import { solidPng } from '../helpers/png';

// Demo groups (electron/core/demo/demo-workspace.ts): a WeChat group sent by hand, and the two
// internal groups whose robots post into them (DingTalk and Feishu), here pointed at a local receiver.
const WECHAT = '北京运营交流群';
const DINGTALK = '运营中心内部通知群';
const FEISHU = '内容组选题会';
const SEGMENT = '周四直播的三个群';
const BODY = '【{{group.name}}】周四晚 8 点直播：社群拉新实战，欢迎参加！';
const textFor = (group: string) => BODY.replace('{{group.name}}', group);

let server: Server;
let receiver: Receiver;
test.beforeEach(async ({ page }) => {
  server = await startServer({ demo: true });
  receiver = await startRobotReceiver();
  const call = <T>(method: string, params: unknown = {}) => callCore<T>(page.request, server.openUrl, method, params);
  const groups = await call<{ id: number; name: string }[]>('groups.list');
  const id = (name: string) => groups.find((g) => g.name === name)!.id;
  // Robots that answer (the demo's own are paused and point nowhere), and no quiet hours, so
  // the test does not depend on the hour it runs at.
  await call('connections.addRobot', { name: '通知机器人', platform: 'dingtalk', groupId: id(DINGTALK), credentials: { webhook: 'e2e0dingtalk0token', secret: 'SECe2e0secret0000000000000000000000' }, baseUrl: receiver.baseUrl });
  await call('connections.addRobot', { name: '选题会机器人', platform: 'feishu', groupId: id(FEISHU), credentials: { webhook: 'e2e-feishu-token' }, baseUrl: receiver.baseUrl });
  await call('broadcasts.setSettings', { settings: { perGroupPerDay: 2, quietStart: '00:00', quietEnd: '00:00', confirmOver: 50 } });
  await call('segments.save', { name: SEGMENT, definition: { target: 'groups', condition: { op: 'and', rules: [{ field: 'ids', groupIds: [id(WECHAT), id(DINGTALK), id(FEISHU)] }] } } });
});
test.afterEach(async () => {
  await receiver.close();
  await server.stop();
});

test('compose a broadcast to a segment, preview each group, see the plan (one WeChat group by hand, two robots), send, watch it go, tick the manual one, export the report', async ({ page }) => {
  fs.mkdirSync('test-results/screens', { recursive: true });
  await page.goto(server.openUrl);
  const composer = new ComposerPage(page);
  const bc = new BroadcastsPage(page);
  await composer.open();

  // Content: a variable from the menu lands at the caret.
  await composer.fillContent({ name: '周四直播提醒', body: BODY.replace('{{group.name}}', '') });
  const body = composer.field('正文');
  await body.focus();
  await body.press('Control+Home');
  await body.press('ArrowRight'); // after 【
  await composer.drawer().getByRole('button', { name: '插入变量' }).hover();
  await page.getByRole('menuitem', { name: /群名称/ }).click();
  await expect(body).toHaveValue(BODY);
  await page.screenshot({ path: 'test-results/screens/composer-content.png', animations: 'disabled' });
  await composer.next();

  // Targets by tags (not saved): the DingTalk and Feishu groups.
  await composer.targetMode('按标签');
  const platforms = composer.drawer().getByTestId('tag-picker').getByRole('combobox', { name: '平台' });
  await platforms.click();
  for (const p of ['钉钉', '飞书']) await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${p}$`) }).click();
  await platforms.press('Escape');
  await expect(composer.summary()).toContainText('共 2 个目标群');
  await expect(composer.summary()).toContainText('自动发送 2 · 群主确认 0 · 手动发送 0');

  // Targets: the segment, counted per platform and per way of sending.
  await composer.targetMode('按群分组');
  await composer.pickSegment(SEGMENT);
  await expect(composer.summary()).toContainText('共 3 个目标群');
  await expect(composer.summary()).toContainText('自动发送 2 · 群主确认 0 · 手动发送 1');
  await expect(composer.summary()).toContainText('微信 1');
  await expect(composer.summary()).toContainText('钉钉 1');
  await expect(composer.summary()).toContainText('飞书 1');
  await composer.next();

  // The plan: how each group is reached, and the text exactly as it will arrive there.
  await expect(composer.drawer().locator('.ant-table-row')).toHaveCount(3);
  await expect(composer.planRow(WECHAT)).toContainText('手动');
  await expect(composer.planRow(DINGTALK)).toContainText('自动');
  await expect(composer.planRow(FEISHU)).toContainText('自动');
  for (const row of [WECHAT, DINGTALK, FEISHU]) await expect(composer.planRow(row)).toContainText('发送');
  await composer.planRow(WECHAT).click();
  await expect(composer.preview()).toHaveText(textFor(WECHAT));
  await composer.planRow(DINGTALK).click();
  await expect(composer.preview()).toHaveText(textFor(DINGTALK));
  // At a 1,440 px screen the plan fits its pane: no sideways scrolling, every column whole (检查 last).
  await page.setViewportSize({ width: 1440, height: 900 });
  const planTable = composer.drawer().locator('.qz-plan-split .ant-table-container');
  await expect.poll(() => planTable.evaluate((el) => [...el.querySelectorAll('.ant-table-content, .ant-table-body, .ant-table-tbody-virtual-holder')].map((x) => x.scrollWidth - x.clientWidth).reduce((a, b) => Math.max(a, b), 0))).toBeLessThanOrEqual(0);
  const box = (await planTable.boundingBox())!;
  const checksHeader = (await planTable.getByRole('columnheader', { name: '检查' }).boundingBox())!;
  expect(checksHeader.x + checksHeader.width).toBeLessThanOrEqual(box.x + box.width + 1);
  // Long group names end in … with the whole name on hover; every other cell shows all it holds (时间 as 12-08 14:30).
  await expect(composer.planRow(DINGTALK).locator('td').first()).toHaveAttribute('title', DINGTALK);
  const cut = await composer.drawer().locator('.qz-plan-split .ant-table-row td:not(:first-child)').evaluateAll((tds) => tds.filter((td) => td.scrollWidth > td.clientWidth).map((td) => `${td.textContent} ${td.scrollWidth}>${td.clientWidth}`));
  expect(cut).toEqual([]);
  await page.screenshot({ path: 'test-results/screens/composer-plan.png', animations: 'disabled' });
  expect(receiver.received).toHaveLength(0); // planning sends nothing
  await composer.next();

  // Send: the report opens and the robots' sends arrive.
  await composer.send();
  await expect(bc.report().getByTestId('report-name')).toHaveText('周四直播提醒');
  await expect(bc.target(DINGTALK)).toHaveAttribute('data-status', 'sent', { timeout: 20_000 });
  await expect(bc.target(FEISHU)).toHaveAttribute('data-status', 'sent', { timeout: 20_000 });
  await expect(bc.target(WECHAT)).toHaveAttribute('data-status', 'manual-pending');
  await expect(bc.progress()).toHaveAttribute('data-done', '2');
  expect(receiver.received).toHaveLength(2);
  const arrived = receiver.received.map((r) => r.body).join('\n');
  expect(arrived).toContain(textFor(DINGTALK));
  expect(arrived).toContain(textFor(FEISHU));
  expect(arrived).not.toContain('{{group.name}}');

  // The WeChat group by hand: ticked sent, the progress complete.
  await bc.target(WECHAT).getByRole('button', { name: `标记已发送：${WECHAT}` }).click();
  await expect(bc.target(WECHAT)).toHaveAttribute('data-status', 'manual-done');
  await expect(bc.progress()).toHaveAttribute('data-done', '3');
  await page.screenshot({ path: 'test-results/screens/composer-sent-report.png', animations: 'disabled' });

  // The report as CSV: three groups, each with its outcome and its own text.
  const download = await bc.export('CSV');
  const [header, ...rows] = parse(fs.readFileSync((await download.path())!, 'utf8'), { bom: true }) as string[][];
  const col = (name: string) => header!.indexOf(name);
  expect(rows).toHaveLength(3);
  const byGroup = new Map(rows.map((r) => [r[col('群')], r]));
  expect(byGroup.get(DINGTALK)![col('状态')]).toBe('已发送');
  expect(byGroup.get(FEISHU)![col('状态')]).toBe('已发送');
  expect(byGroup.get(WECHAT)![col('状态')]).toBe('已手动发送');
  expect(byGroup.get(WECHAT)![col('内容')]).toBe(textFor(WECHAT));
});

test('start from a built-in template, save it as my own, and make it a weekly recurring broadcast that the list can pause', async ({ page }) => {
  await page.goto(server.openUrl);
  const composer = new ComposerPage(page);
  await composer.open();

  // The built-in 活动通知 fills format, title and text; it is then saved under our own name.
  await composer.drawer().getByRole('combobox', { name: '从模板开始' }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^活动通知/ }).click();
  await expect(composer.field('正文')).toHaveValue(/\{\{group\.name\}\}/);
  await expect(composer.drawer().getByRole('radio', { name: 'Markdown' })).toBeChecked();
  await composer.field('名称').fill('每周四直播提醒');
  await composer.drawer().getByRole('button', { name: '存为模板' }).click();
  const save = page.getByRole('dialog', { name: '把当前内容存为模板' });
  await save.getByLabel('模板名称').fill('直播提醒');
  await save.getByRole('button', { name: /^确\s?定$|^OK$/ }).click();
  await expect(page.getByText('已存为模板“直播提醒”')).toBeVisible();
  const templates = await callCore<{ name: string; builtin: boolean; format: string }[]>(page.request, server.openUrl, 'broadcasts.listTemplates');
  expect(templates.filter((t) => !t.builtin).map((t) => t.name)).toContain('直播提醒');
  await composer.next();

  await composer.targetMode('按群分组');
  await composer.pickSegment(SEGMENT);
  await expect(composer.summary()).toContainText('共 3 个目标群');
  await composer.next();

  // Markdown reaches the robots as markdown and the WeChat group as plain text, said per group.
  await composer.planRow(WECHAT).click();
  await expect(composer.drawer().getByText('此群只显示纯文字：Markdown 标记已去掉')).toBeVisible();
  await expect(composer.preview()).not.toContainText('**');

  // Every Monday and Thursday at 19:30.
  await composer.drawer().getByRole('radio', { name: '循环发送' }).check();
  const rule = composer.drawer().getByTestId('rule-editor');
  await rule.getByRole('combobox', { name: '循环发送' }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^每周$/ }).click();
  await rule.getByRole('checkbox', { name: '周四' }).check();
  // Typed into the time picker; Enter commits it (retried: a keystroke can land while the panel opens).
  const time = rule.getByRole('textbox', { name: '时间' });
  await expect(async () => {
    await time.click();
    await time.fill('19:30');
    await time.press('Enter');
    await expect(rule.getByTestId('rule-summary')).toHaveText('发送时间：每周 周一、周四 19:30', { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await composer.next();
  await expect(composer.drawer()).toContainText('每周 周一、周四 19:30');
  await composer.drawer().getByRole('button', { name: '创建循环群发' }).click();
  await expect(page.getByText(/^已创建循环群发“每周四直播提醒”，下次发送：/)).toBeVisible();

  // Listed with its rule and next time; pausing clears the next time, resuming brings it back.
  const row = page.getByTestId('schedule-row').filter({ hasText: '每周四直播提醒' });
  await expect(row).toContainText('每周 周一、周四 19:30');
  await expect(row).not.toContainText('下次：—');
  // By its text: antd fades a spinner out of a button that stopped loading, and its label ("loading") may linger in the name.
  await row.getByRole('button').filter({ hasText: /^暂\s?停$/ }).click();
  await expect(row).toContainText('已暂停');
  await expect(row).toContainText('下次：—');
  await row.getByRole('button').filter({ hasText: /^恢\s?复$/ }).click();
  await expect(row).not.toContainText('已暂停');
  const schedules = await callCore<{ name: string; rule: { every: string; weekdays: number[]; time: string } }[]>(page.request, server.openUrl, 'broadcasts.listSchedules');
  expect(schedules.find((s) => s.name === '每周四直播提醒')!.rule).toEqual({ every: 'week', weekdays: [1, 4], time: '19:30' });
  expect(receiver.received).toHaveLength(0);
  await page.screenshot({ path: 'test-results/screens/broadcast-schedules.png', animations: 'disabled' });
});

test('a picture: thumbnail in the WeChat preview, a warning for the DingTalk and Feishu robots (text only), the WeCom robot posts text then picture, 复制图片 on the manual group', async ({ page }) => {
  const WECOM = '华东区代理商群';
  const call = <T>(method: string, params: unknown = {}) => callCore<T>(page.request, server.openUrl, method, params);
  const groups = await call<{ id: number; name: string }[]>('groups.list');
  const id = (name: string) => groups.find((g) => g.name === name)!.id;
  await call('connections.addRobot', { name: '代理商群机器人', platform: 'wecom', groupId: id(WECOM), credentials: { webhook: 'e2e0wecom0key' }, baseUrl: receiver.baseUrl });
  await call('segments.save', { name: '海报四群', definition: { target: 'groups', condition: { op: 'and', rules: [{ field: 'ids', groupIds: [id(WECHAT), id(DINGTALK), id(FEISHU), id(WECOM)] }] } } });
  const png = solidPng(160, 90, [22, 119, 255]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qz-e2e-'));
  const file = path.join(dir, '海报.png');
  fs.writeFileSync(file, png);

  await page.goto(server.openUrl);
  const composer = new ComposerPage(page);
  const bc = new BroadcastsPage(page);
  await composer.open();
  await composer.fillContent({ name: '海报通知', body: BODY });
  const chooser = page.waitForEvent('filechooser');
  await composer.drawer().getByRole('button', { name: '图片' }).click();
  await (await chooser).setFiles(file);
  await expect(composer.drawer().getByTestId('composer-image')).toContainText('PNG 图片');
  await page.screenshot({ path: 'test-results/screens/composer-image-content.png', animations: 'disabled' });
  await composer.next();
  await composer.targetMode('按群分组');
  await composer.pickSegment('海报四群');
  await expect(composer.summary()).toContainText('自动发送 3 · 群主确认 0 · 手动发送 1');
  await composer.next();

  // WeChat (by hand) and WeCom (robot) show the picture under the text; DingTalk and Feishu warn instead.
  const picture = composer.drawer().getByTestId('message-preview-image');
  await composer.planRow(WECHAT).click();
  await expect(composer.preview()).toHaveText(textFor(WECHAT));
  await expect(picture.locator('img')).toHaveJSProperty('naturalWidth', 160);
  await page.screenshot({ path: 'test-results/screens/composer-image-preview.png', animations: 'disabled' });
  for (const robot of [DINGTALK, FEISHU]) {
    await composer.planRow(robot).click();
    await expect(composer.drawer().getByText('此机器人不能发送本地图片：只发文字，图片请手动补发')).toBeVisible();
    await expect(picture).toHaveCount(0);
  }
  await page.screenshot({ path: 'test-results/screens/composer-image-robot-warning.png', animations: 'disabled' });
  await composer.planRow(WECOM).click();
  await expect(picture).toBeVisible();
  await composer.next();
  await composer.send();

  for (const g of [DINGTALK, FEISHU, WECOM]) await expect(bc.target(g)).toHaveAttribute('data-status', 'sent', { timeout: 20_000 });
  const to = (p: string) => receiver.received.filter((r) => r.url.startsWith(p));
  // DingTalk and Feishu got the text only; WeCom the text, then the picture with the file's md5.
  for (const p of ['/robot/send', '/open-apis/bot/v2/hook/']) expect(to(p).map((r) => [r.body.includes(textFor(p === '/robot/send' ? DINGTALK : FEISHU)), r.body.includes('base64'), r.image])).toEqual([[true, false, undefined]]);
  const wecom = to('/cgi-bin/webhook/send');
  expect(wecom.map((r) => JSON.parse(r.body).msgtype)).toEqual(['text', 'image']);
  expect(wecom[1]!.image).toEqual({ md5: crypto.createHash('md5').update(png).digest('hex'), size: png.length });
  await expect(bc.target(WECHAT).getByRole('button', { name: `复制图片：${WECHAT}` })).toBeVisible();
  await expect(bc.target(DINGTALK).getByTestId('image-note')).toHaveText('此机器人不能发送本地图片：图片需手动补发');
  await expect(bc.report().getByTestId('report-image')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/report-image.png', animations: 'disabled' });
  fs.rmSync(dir, { recursive: true, force: true });
});
