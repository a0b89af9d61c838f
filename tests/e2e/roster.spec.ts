import fs from 'node:fs';
import { expect, test } from './fixtures';
import { ConsolePage } from './pages/console.page';
import { RosterPage } from './pages/roster.page';

// The demo re-tags at seed time; this group has KOLs (people others reply to, @ and ask).
const GROUP = '北京运营交流群';
const LABEL = 'E2E重点跟进';
const SEGMENT = 'E2E 重点跟进的人';

test('the roster on the demo: KOLs of one group with their evidence, a bulk label, a segment and its CSV', async ({ page, server }) => {
  const app = new ConsolePage(page);
  const roster = new RosterPage(page);
  await app.open(server.openUrl);
  await app.loadDemo();
  await roster.open();

  // The whole roster: a count, the as-of line, and only the rows on screen in the DOM.
  const everyone = await roster.total();
  expect(everyone).toBeGreaterThan(100);
  expect(await roster.rows().count()).toBeLessThan(60);
  await expect(page.getByTestId('as-of-text')).toContainText('自动标签按');
  await page.screenshot({ path: 'test-results/screens/roster.png', animations: 'disabled' });

  // Recompute the tags now (a worker thread): the counts come back and the list stays.
  await page.getByRole('button', { name: '重新计算标签' }).click();
  await expect(page.getByText(/^标签已重新计算：KOL \d+ · 活跃 \d+/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('as-of-text')).toContainText('自动标签按');
  expect(await roster.total()).toBe(everyone);

  // KOLs of one group: tags count within the chosen group.
  await roster.filterGroups(GROUP);
  await roster.filterTags('KOL');
  await expect.poll(() => roster.total()).toBeLessThan(everyone);
  const kols = await roster.total();
  expect(kols).toBeGreaterThanOrEqual(3);
  await expect(roster.rows()).toHaveCount(kols);
  for (const tags of await roster.rows().getByTestId('roster-tags').allTextContents()) expect(tags).toContain('KOL');

  // The keyboard: j moves the cursor down, Enter opens that member.
  await roster.table().focus();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(roster.rows().nth(1)).toHaveAttribute('aria-current', 'true');
  const second = (await roster.rows().nth(1).locator('[data-testid="roster-name"] strong').textContent())!;
  await page.keyboard.press('Enter');
  await expect(roster.drawer().getByTestId('member-name')).toHaveText(second);

  // Open a KOL with the mouse (on its name: the open drawer covers the right of the table),
  // and the evidence is worded in Chinese from the numbers the rule saw.
  await roster.rows().first().getByTestId('roster-name').click();
  await expect(roster.drawer().getByTestId('member-name')).toHaveText((await roster.rows().first().locator('[data-testid="roster-name"] strong').textContent())!);
  await expect(roster.drawer()).toBeVisible();
  await expect(roster.evidence(GROUP, 'kol')).toHaveText(new RegExp(`^30 天内被 \\d+ 位成员回复/@/解答；在「${GROUP}」排名第 \\d+（共 \\d+ 人）`));
  await expect(roster.drawer().getByTestId('sparkline').locator('rect')).toHaveCount(90);
  await expect(roster.drawer().getByRole('button', { name: '取消 KOL 标签' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/roster-member.png', animations: 'disabled' });
  await roster.drawer().getByRole('button', { name: 'Close' }).or(roster.drawer().getByRole('button', { name: '关闭' })).first().click();
  await expect(roster.drawer()).toBeHidden();

  // Three KOLs get a new label in one bulk action.
  const three = [0, 1, 2].map((i) => roster.rows().nth(i));
  const ids: string[] = [];
  for (const r of three) {
    ids.push((await r.locator('[data-testid="roster-name"] span').textContent())!);
    await roster.select(r);
  }
  await expect(roster.bulkBar().getByTestId('bulk-count')).toHaveText('已选 3 人');
  await roster.bulkBar().getByRole('button', { name: '添加标签' }).click();
  await page.getByRole('menuitem', { name: '新建标签…' }).click();
  const labelDialog = page.getByRole('dialog', { name: '新建标签' });
  await labelDialog.getByLabel('标签名').fill(LABEL);
  await labelDialog.getByRole('button', { name: '新建并添加' }).click();
  await expect(page.getByText(`已为 3 人添加标签“${LABEL}”`)).toBeVisible();
  for (const r of three) await expect(r.getByTestId('roster-labels')).toContainText(LABEL);

  // A segment "label = that label", built from the whole roster: the live count says 3, and so does the list.
  await page.getByRole('button', { name: '清除筛选' }).click();
  await expect.poll(() => roster.total()).toBe(everyone);
  await page.getByRole('button', { name: '新建分组' }).click();
  const builder = roster.segmentBuilder();
  await builder.getByRole('textbox', { name: '分组名称' }).fill(SEGMENT);
  await roster.pick('选择标签', [LABEL], builder);
  await expect(builder.getByTestId('segment-count')).toHaveText('当前符合：3 人');
  await page.screenshot({ path: 'test-results/screens/roster-segment-builder.png', animations: 'disabled' });
  await builder.getByRole('button', { name: '保存分组' }).click();
  await expect(builder).toBeHidden();
  await expect(page.getByRole('combobox', { name: '分组', exact: true }).locator('xpath=ancestor::div[contains(@class,"ant-select")][1]')).toContainText(SEGMENT);
  await expect.poll(() => roster.total()).toBe(3);
  await expect(roster.rows()).toHaveCount(3);

  // Export the segment as CSV: a header row, the three members, the label by name.
  await page.getByRole('button', { name: '导出' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /^CSV/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^成员名单-\d{8}-\d{4}\.csv$/);
  const text = fs.readFileSync((await download.path())!, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff); // Excel needs the BOM to read Chinese
  const lines = text.slice(1).trim().split('\r\n');
  expect(lines).toHaveLength(4);
  const header = lines[0]!.split(',');
  expect(header.slice(0, 6)).toEqual(['平台ID', '平台', '昵称', '所在群数', '自动标签', '标签']);
  for (const line of lines.slice(1)) {
    expect(line).toContain(LABEL);
    expect(line).toContain('KOL');
  }
  expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual([...ids].sort());

  // Two of them ticked: the core exports exactly those two (as XLSX too; CSV read back here).
  const picked = [roster.rows().nth(0), roster.rows().nth(2)];
  const pickedIds: string[] = [];
  for (const r of picked) {
    pickedIds.push((await r.locator('[data-testid="roster-name"] span').textContent())!);
    await roster.select(r);
  }
  await roster.bulkBar().getByRole('button', { name: '导出所选' }).click();
  const [ticked] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /^CSV/ }).click()]);
  const tickedLines = fs.readFileSync((await ticked.path())!, 'utf8').slice(1).trim().split('\r\n');
  expect(tickedLines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual([...pickedIds].sort());
  await roster.bulkBar().getByRole('button', { name: '取消选择' }).click();
});

test('fields and labels from a spreadsheet, the labels manager, and the tag rules in Settings', async ({ page, server }) => {
  const app = new ConsolePage(page);
  const roster = new RosterPage(page);
  await app.open(server.openUrl);
  await app.loadDemo();
  await roster.open();
  const idOf = async (i: number) => (await roster.rows().nth(i).locator('[data-testid="roster-name"] span').textContent())!;
  const [a, b] = [await idOf(0), await idOf(1)];

  // Preview first: matched and unmatched rows with their line numbers, an invalid choice, columns read and ignored.
  await page.getByRole('button', { name: '导入字段和标签' }).click();
  const dialog = page.getByRole('dialog', { name: /从表格导入/ });
  const csv = `\uFEFF平台ID,城市,入群动机,标签,备注\r\n${a},成都,学习提升,导入标签,x\r\nnobody-404,北京,,,\r\n${b},,不存在的动机,,\r\n`;
  await dialog.locator('input[type=file]').setInputFiles({ name: '成员资料.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const report = dialog.getByTestId('import-report');
  await expect(report).toBeVisible();
  await expect(report.getByTestId('import-rows')).toHaveText('3');
  await expect(report.getByTestId('import-matched')).toHaveText('2');
  await expect(report.getByRole('row', { name: /3\s*nobody-404/ })).toBeVisible();
  await expect(report.getByRole('row', { name: /4\s*入群动机\s*不存在的动机/ })).toBeVisible();
  await expect(report).toContainText('城市 → 字段：城市');
  await expect(report).toContainText('备注');
  await expect(report.getByText('导入标签', { exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: '确认导入' }).click();
  await expect(dialog.getByText('导入完成')).toBeVisible();
  await dialog.getByRole('button', { name: '完成' }).click();

  // The member now has the city, the motive and the new label.
  await roster.search().fill(a);
  await expect(roster.rows()).toHaveCount(1);
  await expect(roster.rows().first()).toContainText('成都');
  await expect(roster.rows().first()).toContainText('学习提升');
  await expect(roster.rows().first().getByTestId('roster-labels')).toHaveText('导入标签');

  // The labels manager: rename, then delete with confirmation; the row loses the label.
  await page.getByRole('button', { name: '管理标签' }).click();
  const manager = page.getByRole('dialog', { name: '管理标签' });
  const labelRow = manager.locator('[data-testid="label-row"][data-name="导入标签"]');
  await labelRow.getByRole('textbox', { name: '名称' }).fill('成都学员');
  await labelRow.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已保存“成都学员”')).toBeVisible();
  await expect(roster.rows().first().getByTestId('roster-labels')).toHaveText('成都学员');
  await manager.locator('[data-testid="label-row"][data-name="成都学员"]').getByRole('button', { name: '删除 成都学员' }).click();
  await page.getByRole('tooltip').getByRole('button', { name: '删除' }).click();
  await expect(page.getByText('已删除“成都学员”')).toBeVisible();
  await manager.getByRole('button', { name: '完成' }).click();
  await expect(roster.rows().first().getByTestId('roster-labels')).toHaveText('');

  // Settings: the tag rules, a live preview that follows the thresholds, and saving them.
  await app.goto('设置');
  const rules = page.getByTestId('tag-rules');
  const preview = rules.getByTestId('tag-rules-preview');
  await expect(preview).toContainText(/按这些阈值：KOL [1-9]\d* 人/);
  await expect(rules).toContainText('近 30 天内回复、@ 或请教过他的人数排在群内前 5%，且至少 3 人。');
  await rules.getByRole('spinbutton', { name: 'KOL 至少人数' }).fill('1000');
  await expect(preview).toContainText('按这些阈值：KOL 0 人');
  await expect(rules).toContainText('且至少 1,000 人。');
  await rules.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText(/标签规则已保存/)).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('tag-rules').getByRole('spinbutton', { name: 'KOL 至少人数' })).toHaveValue('1000');
});
