/**
 * A new operator's first hour, from an EMPTY workspace (not the demo, which is tagged and scored
 * already and hid the empty roster): a realistic QQ group export made by the generator in
 * tests/fixtures → import → roster → inbox search → a broadcast sent by hand → a case.
 */
import fs from 'node:fs';
import { expect, test } from './fixtures';
import { ConsolePage } from './pages/console.page';
import { RosterPage } from './pages/roster.page';
import { ComposerPage } from './pages/composer.page';
import { BroadcastsPage } from './pages/broadcasts.page';
import { CasesPage } from './pages/cases.page';
import { qqGroupExport } from '../fixtures/generators/qq-group';

const GROUP = '家长交流群';

test('first run: import a QQ group export, and the roster, inbox, broadcast and case work on it', async ({ page, server }) => {
  test.setTimeout(120_000);
  fs.mkdirSync('test-results/screens', { recursive: true });
  // The export ends two hours ago, so its people are recent; more than one page of members.
  const qq = qqGroupExport({ end: Date.now() - 2 * 3_600_000, senders: 260, messages: 1200, group: GROUP });
  const file = test.info().outputPath('qq_group_real.txt');
  fs.writeFileSync(file, qq.text);

  const app = new ConsolePage(page);
  await app.open(server.openUrl);
  await app.startEmpty();

  // Import: the preview names the format as users know it; the history keeps the file's own name.
  await app.goto('导入');
  await page.locator('input[type=file]').setInputFiles(file);
  const preview = page.locator('.ant-card').filter({ hasText: '预览：qq_group_real.txt' });
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await expect(preview.getByText('QQ 消息管理器 .txt')).toBeVisible();
  await preview.getByRole('button', { name: '开始导入' }).click();
  await expect(page.getByText('导入完成')).toBeVisible({ timeout: 30_000 });
  // What people said are messages; joins, recalls and file notices are system events. Numbers as everywhere: 1,200.
  const n = (x: number) => x.toLocaleString('en-US');
  await expect(page.getByText(`新增 ${n(qq.memberMessages)} 条消息`, { exact: false })).toBeVisible();
  await expect(page.getByText(`系统事件 ${n(qq.joins + qq.recalls + qq.fileNotices)} 条`, { exact: false })).toBeVisible();
  const history = page.locator('.ant-card').filter({ hasText: '导入记录' });
  await expect(history.getByRole('cell', { name: 'qq_group_real.txt', exact: true })).toBeVisible();

  // Roster: everyone, tagged without pressing 重新计算标签, and the banner says as of when.
  const roster = new RosterPage(page);
  await roster.open();
  await expect(page.getByTestId('as-of-text')).toHaveText(/^自动标签按 .+ 的数据计算/, { timeout: 30_000 });
  expect(await roster.total()).toBe(qq.memberIds.size);
  await expect(roster.rows().filter({ hasText: '活跃' }).first()).toBeVisible();
  // The status bar counts what the header counts (not the rows the table has room for).
  await expect(page.locator('.qz-roster-table')).toContainText(new RegExp(`第 1–\\d+ 人，共 ${qq.memberIds.size} 人`));
  // A member opens with the 90-day chart, dated to the moment the tags were computed.
  await roster.rows().first().getByTestId('roster-name').click();
  await expect(roster.drawer().getByRole('heading', { name: /^90 天发言（截至 \d{4}-\d{2}-\d{2}）$/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/first-run-roster.png', animations: 'disabled' });
  await page.keyboard.press('Escape');

  // Inbox: a search finds every message with the word, each with the word itself highlighted.
  await app.openInbox();
  await app.searchInbox('学校');
  const rows = app.inbox.rows();
  await expect(rows.first()).toBeVisible();
  const shown = Math.min(await rows.count(), 10);
  for (let i = 0; i < shown; i++) for (const mark of await rows.nth(i).locator('mark').allTextContents()) expect(mark).toBe('学校');
  await page.screenshot({ path: 'test-results/screens/first-run-inbox.png', animations: 'disabled' });

  // A case from two of them.
  await rows.nth(0).getByRole('checkbox', { name: '选择这条消息' }).click();
  await rows.nth(1).getByRole('checkbox', { name: '选择这条消息' }).click({ modifiers: ['Shift'] });
  const bar = page.getByRole('toolbar', { name: '已选 2 条' });
  await bar.getByRole('button', { name: '加入案例' }).click();
  const cases = new CasesPage(page);
  const dialog = cases.pickDialog();
  await dialog.getByRole('textbox', { name: '案例标题（可选）' }).fill('家长群的经验');
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await expect(dialog.getByTestId('case-picked')).toContainText('共 2 条消息');
  await dialog.getByRole('button', { name: '打开案例' }).click();
  await expect(cases.messages()).toHaveCount(2);
  await page.keyboard.press('Escape');
  await app.goto('收件箱');
  await app.inbox.search().clear();

  // 有附件: the pictures and stickers of the text export, each saying what it was, never blank.
  await page.getByRole('checkbox', { name: '有附件' }).check();
  await expect(rows.first()).toBeVisible();
  const bodies = await rows.locator('.qz-row-text').allTextContents();
  expect(bodies.length).toBeGreaterThan(3);
  for (const b of bodies) expect(b).toMatch(/\[图片\]|\[表情\]/);
  await page.screenshot({ path: 'test-results/screens/first-run-attachments.png', animations: 'disabled' });
  await page.getByRole('checkbox', { name: '有附件' }).uncheck();

  // A broadcast to the group: QQ has no connector yet, so it is sent by hand and ticked; then it is done.
  const composer = new ComposerPage(page);
  const bc = new BroadcastsPage(page);
  await composer.open();
  await composer.fillContent({ name: '周末活动通知', body: '周六上午十点线上分享，欢迎参加。' });
  await composer.next();
  await composer.targetMode('全部群');
  await expect(composer.summary()).toContainText('共 1 个目标群');
  await expect(composer.summary()).toContainText('手动发送 1');
  await composer.next();
  await expect(composer.planRow(GROUP)).toContainText('手动');
  await composer.next();
  await composer.send();
  await expect(bc.report().getByTestId('report-name')).toHaveText('周末活动通知');
  await bc.target(GROUP).getByRole('button', { name: `标记已发送：${GROUP}` }).click();
  await expect(bc.target(GROUP)).toHaveAttribute('data-status', 'manual-done');
  // The report says it is complete, and so does the list.
  await expect(bc.report()).toContainText('已完成');
  await page.getByRole('button', { name: '返回群发列表' }).click();
  await expect(bc.row('周末活动通知')).toContainText('已完成');
  await page.screenshot({ path: 'test-results/screens/first-run-broadcasts.png', animations: 'disabled' });
});
