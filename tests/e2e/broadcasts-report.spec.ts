import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect, test } from '@playwright/test';
import { startServer, type Server } from './fixtures';
import { callCore } from './pages/groups.page';
import { BroadcastsPage } from './pages/broadcasts.page';

// The demo's broadcast of last week (electron/core/demo/demo-workspace.ts): two robot groups sent,
// five groups sent by hand, three still to do by hand, two WeCom groups waiting for their owners.
const NAME = '本周直播预告';
const WECHAT_TODO = '深圳跨境电商卖家群';
const textFor = (group: string) => `【${group}】本周四晚 8 点直播：社群拉新的 5 个实战案例，欢迎准时参加！`;

let server: Server;
test.beforeEach(async () => {
  server = await startServer({ demo: true });
});
test.afterEach(async () => {
  await server.stop();
});

test('the demo broadcast’s report: every mode, a manual WeChat group copied and ticked, the audit log, the CSV, the filters', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.goto(server.openUrl);
  const bc = new BroadcastsPage(page);
  await bc.open();

  // The list: done by the robots, 7 of 12 delivered, and what is left to do.
  const row = bc.row(NAME);
  await expect(row.getByTestId('broadcast-status')).toHaveText('已完成');
  await expect(row.getByTestId('broadcast-progress')).toHaveAttribute('data-done', '7');
  await expect(row.getByTestId('broadcast-progress')).toHaveAttribute('data-total', '12');
  await expect(row.getByTestId('status-counts')).toHaveText('待手动发送 3 · 待群主确认 2 · 已发送 2 · 已手动发送 5');
  await expect(row.getByTestId('broadcast-attention')).toHaveText('5 项待处理');
  await page.screenshot({ path: 'test-results/screens/broadcasts-list.png', animations: 'disabled' });

  await bc.openReport(NAME);
  await expect(bc.report().getByTestId('report-body')).toHaveText('【{{group.name}}】本周四晚 8 点直播：社群拉新的 5 个实战案例，欢迎准时参加！');
  await expect(bc.targetRows()).toHaveCount(12);
  // Each mode, in Chinese, with its status.
  const expectRow = async (group: string, mode: string, status: string) => {
    await expect(bc.target(group).getByTestId('target-mode')).toHaveText(mode);
    await expect(bc.target(group).getByTestId('target-status')).toHaveText(status);
  };
  await expectRow('运营中心内部通知群', '自动', '已发送');
  await expectRow('内容组选题会', '自动', '已发送');
  await expectRow('华东区代理商群', '群主确认', '待群主确认');
  await expectRow('北京运营交流群', '手动', '已手动发送');
  await expectRow(WECHAT_TODO, '手动', '待手动发送');
  await expect(bc.target('北京运营交流群').getByTestId('target-done-by')).toHaveText('王芳 标记');
  // A robot's send has nothing to do; a task by hand or by the owner can be copied and ticked.
  await expect(bc.target('运营中心内部通知群').getByRole('button')).toHaveCount(0);
  await expect(bc.target('华东区代理商群').getByRole('button', { name: /^标记已发送/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/broadcast-report.png', animations: 'disabled' });

  // Copy the WeChat group's text (its name filled in), then tick it sent.
  const todo = bc.target(WECHAT_TODO);
  await todo.getByRole('button', { name: `复制文案：${WECHAT_TODO}` }).click();
  await expect(page.getByText(`已复制发给“${WECHAT_TODO}”的文案`)).toBeVisible();
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(textFor(WECHAT_TODO));
  await todo.getByRole('button', { name: `标记已发送：${WECHAT_TODO}` }).click();
  await expect(todo).toHaveAttribute('data-status', 'manual-done');
  await expect(todo.getByTestId('target-status')).toHaveText('已手动发送');
  await expect(todo.getByTestId('target-done-by')).toHaveText('运营者 标记');
  await expect(bc.progress()).toHaveAttribute('data-done', '8');
  await expect(todo.getByRole('button', { name: `撤销：${WECHAT_TODO}` })).toBeVisible();

  // The audit log: the tick on top (newest first), the creation at the bottom.
  await bc.tab('操作记录');
  await expect(bc.logRows()).toHaveCount(9);
  const newest = bc.logRows().first();
  await expect(newest.getByTestId('log-action')).toHaveText('标记为已发送');
  await expect(newest).toContainText('运营者');
  await expect(newest).toContainText(WECHAT_TODO);
  await expect(bc.logRows().last().getByTestId('log-action')).toHaveText('创建群发，共 12 个群');
  await expect(bc.logRows().last()).toContainText('王芳');
  await expect(bc.logRows().filter({ hasText: '运营中心内部通知群' }).getByTestId('log-action')).toHaveText('机器人已发送');
  await page.screenshot({ path: 'test-results/screens/broadcast-log.png', animations: 'disabled' });

  // The CSV: one row per group, with its status in words (the tick included).
  const download = await bc.export('CSV');
  expect(download.suggestedFilename()).toMatch(/^群发报告-\d+-\d{8}-\d{4}\.csv$/);
  const text = fs.readFileSync((await download.path())!, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff); // Excel needs the BOM to read Chinese
  const [header, ...rows] = parse(text, { bom: true }) as string[][];
  const col = (name: string) => header!.indexOf(name);
  expect(col('群')).toBeGreaterThanOrEqual(0);
  expect(col('状态')).toBeGreaterThanOrEqual(0);
  expect(rows).toHaveLength(12);
  const statusOf = new Map(rows.map((r) => [r[col('群')], r[col('状态')]]));
  expect(statusOf.get(WECHAT_TODO)).toBe('已手动发送');
  expect(statusOf.get('成都读书会')).toBe('待手动发送');
  expect(statusOf.get('运营中心内部通知群')).toBe('已发送');
  expect(statusOf.get('北京运营交流群')).toBe('已手动发送');
  expect(statusOf.get('华东区代理商群')).toMatch(/群主确认/);
  expect([...statusOf.keys()].sort()).toEqual((await callCore<{ targets: { groupName: string }[] }>(page.request, server.openUrl, 'broadcasts.report', { id: 1 })).targets.map((t) => t.groupName).sort());
  await expect(page.getByText(/^已导出 12 行：群发报告-/)).toBeVisible();

  // Filters: by status, then by platform on top, then "needs action"; clearing shows all again.
  await bc.tab(/^送达明细/);
  await bc.filter('按状态筛选', '待手动发送');
  expect((await bc.groupsShown()).sort()).toEqual(['AI 绘画创作社区', '成都读书会']);
  await expect(bc.report().getByTestId('targets-shown')).toHaveText('显示 2 / 12 个群');
  await bc.filter('按平台筛选', '微信');
  expect(await bc.groupsShown()).toEqual(['成都读书会']);
  await bc.filter('按平台筛选', '全部平台');
  await bc.filter('按状态筛选', '需要处理');
  expect((await bc.groupsShown()).sort()).toEqual(['AI 绘画创作社区', '华东区代理商群', '成都读书会', '星河科技·VIP客户服务群']);
  await bc.report().getByRole('button', { name: '清除筛选' }).click();
  await expect(bc.targetRows()).toHaveCount(12);

  // Undo the tick: pending again, and logged.
  await todo.getByRole('button', { name: `撤销：${WECHAT_TODO}` }).click();
  await expect(todo).toHaveAttribute('data-status', 'manual-pending');
  await expect(bc.progress()).toHaveAttribute('data-done', '7');
  await bc.tab('操作记录');
  await expect(bc.logRows().first().getByTestId('log-action')).toHaveText('撤销已发送标记');
});

test('取消剩余 says what stops and what stays, then stops only the tasks still open', async ({ page }) => {
  await page.goto(server.openUrl);
  const bc = new BroadcastsPage(page);
  await bc.open();
  await bc.openReport(NAME);

  await bc.report().getByRole('button', { name: '取消剩余' }).click();
  const dialog = page.getByRole('dialog', { name: `取消“${NAME}”剩余的发送？` });
  await expect(dialog.getByTestId('cancel-confirm')).toContainText('将停止：待手动发送的 3 个群、待群主确认的 2 个群。');
  await expect(dialog.getByTestId('cancel-confirm')).toContainText('已经发出的消息不会撤回');
  await page.screenshot({ path: 'test-results/screens/broadcast-cancel.png', animations: 'disabled' });
  // Changing one's mind stops nothing.
  await dialog.getByRole('button', { name: '先不' }).click();
  await expect(dialog).toBeHidden();
  await expect(bc.target(WECHAT_TODO)).toHaveAttribute('data-status', 'manual-pending');

  await bc.report().getByRole('button', { name: '取消剩余' }).click();
  await dialog.getByRole('button', { name: '取消剩余' }).click();
  await expect(page.getByText('已取消剩余的 5 个群')).toBeVisible();
  await expect(bc.report().getByTestId('broadcast-status').first()).toHaveText('已取消');
  await expect(bc.target(WECHAT_TODO)).toHaveAttribute('data-status', 'cancelled');
  await expect(bc.target('华东区代理商群')).toHaveAttribute('data-status', 'cancelled');
  // What went out stays as it was; nothing is left to tick or cancel.
  await expect(bc.target('运营中心内部通知群')).toHaveAttribute('data-status', 'sent');
  await expect(bc.target('北京运营交流群')).toHaveAttribute('data-status', 'manual-done');
  await expect(bc.report().getByRole('button', { name: '取消剩余' })).toHaveCount(0);
  await expect(bc.report().getByRole('button', { name: /^标记已发送/ })).toHaveCount(0);
  await bc.tab('操作记录');
  await expect(bc.logRows().first().getByTestId('log-action')).toHaveText('取消剩余（5 个群）');
});

test('a broadcast to hundreds of groups appears in the list as it is created, and its report keeps only the rows on screen', async ({ page }) => {
  await page.goto(server.openUrl);
  const bc = new BroadcastsPage(page);
  await bc.open();
  // The demo's own: last week's broadcast and its calendar's past posts.
  const before = (await callCore<unknown[]>(page.request, server.openUrl, 'broadcasts.list')).length;
  await expect(bc.row('本周直播预告')).toBeVisible();
  await expect(bc.rows()).toHaveCount(before);

  const ids: number[] = [];
  for (let i = 1; i <= 300; i++) {
    const g = await callCore<{ id: number }>(page.request, server.openUrl, 'groups.create', { input: { platform: 'wechat', name: `E2E 读者群 ${String(i).padStart(3, '0')}`, groupType: 'C' } });
    ids.push(g.id);
  }
  // Over the confirmation threshold: the count is repeated, as the composer's second confirmation does.
  await callCore(page.request, server.openUrl, 'broadcasts.create', { name: 'E2E 大群发', body: '{{group.name}} 的读者你好', targeting: { groupIds: ids }, confirmTargets: 300 });

  // The list follows the core's progress event: no reload.
  await expect(bc.row('E2E 大群发')).toBeVisible();
  await expect(bc.row('E2E 大群发').getByTestId('broadcast-progress')).toHaveAttribute('data-total', '300');
  await bc.openReport('E2E 大群发');
  await expect(bc.report().getByTestId('targets-shown')).toHaveText('显示 300 / 300 个群');
  const inPage = await bc.targetRows().count();
  expect(inPage).toBeGreaterThan(3);
  expect(inPage).toBeLessThan(100);
  // Scrolling to the end brings the last group in.
  await bc.target('E2E 读者群 001').hover();
  for (let i = 0; i < 40 && (await bc.target('E2E 读者群 300').count()) === 0; i++) await page.mouse.wheel(0, 2000);
  await expect(bc.target('E2E 读者群 300')).toBeVisible();
  expect(await bc.targetRows().count()).toBeLessThan(100);
});
