import { expect, test } from './fixtures';
import { ConsolePage } from './pages/console.page';
import { callCore, GroupsPage } from './pages/groups.page';

const SEGMENT = 'C端微信群';

interface Group {
  name: string;
  platform: string;
  groupType: string;
  city: string;
}

test('group segments on the demo: build "C端微信群" with a live count, filter the table, the inbox, edit, a name clash, delete', async ({ page, server }) => {
  const app = new ConsolePage(page);
  const groups = new GroupsPage(page);
  await app.open(server.openUrl);
  await app.loadDemo();
  await groups.open();

  // What the segment must select, from the workspace's own data (live groups only).
  const all = await callCore<Group[]>(page.request, server.openUrl, 'groups.list', {});
  const cEnd = all.filter((g) => g.groupType === 'C');
  const want = cEnd.filter((g) => g.platform === 'wechat').map((g) => g.name).sort();
  expect(want.length).toBeGreaterThan(0);
  expect(want.length).toBeLessThan(cEnd.length); // both rules matter
  await expect(groups.rows()).toHaveCount(all.length);

  // The builder: type C first (the count follows), then AND platform WeChat.
  await page.getByRole('button', { name: '新建群分组' }).click();
  const builder = groups.builder();
  await expect(builder).toBeVisible();
  await expect(groups.count()).toHaveText('添加至少一个完整的条件后显示群数');
  await builder.getByRole('textbox', { name: '分组名称' }).fill(SEGMENT);
  await groups.pick(groups.rule(0), '选择群类型', ['C端']);
  await expect(groups.count()).toHaveText(`符合条件的群：${cEnd.length} 个`);
  await groups.addRule('平台');
  // A new rule is incomplete: it changes nothing until a platform is chosen.
  await expect(groups.count()).toHaveText(`符合条件的群：${cEnd.length} 个`);
  await groups.pick(groups.rule(1), '选择平台', ['微信']);
  await expect(groups.count()).toHaveText(`符合条件的群：${want.length} 个`);
  await page.screenshot({ path: 'test-results/screens/group-segment-builder.png', animations: 'disabled' });
  await builder.getByRole('button', { name: '保存群分组' }).click();
  await expect(builder).toBeHidden();

  // The saved segment is the table's filter now: exactly the expected groups.
  await expect(groups.segmentPickerValue()).toContainText(SEGMENT);
  await expect(groups.rows()).toHaveCount(want.length);
  expect((await groups.names()).sort()).toEqual(want);
  await expect(groups.summary()).toHaveText(`按群分组“${SEGMENT}”筛选：${want.length} 个群`);
  await page.screenshot({ path: 'test-results/screens/groups-segment.png', animations: 'disabled' });

  // The same segment filters the inbox: every message shown comes from one of those groups.
  await app.openInbox();
  await groups.pick(page.locator('body'), '群分组', [SEGMENT]);
  await expect.poll(async () => [...new Set(await app.inbox.rows().getByTestId('row-group').allTextContents())].every((n) => want.includes(n.trim()))).toBe(true);
  expect(await app.inbox.rows().count()).toBeGreaterThan(0);
  await groups.open();

  // A second segment with the same name: the core's message shows at the name.
  await page.getByRole('button', { name: '新建群分组' }).click();
  await builder.getByRole('textbox', { name: '分组名称' }).fill(SEGMENT);
  await groups.pick(groups.rule(0), '选择群类型', ['B端']);
  await expect(groups.count()).toHaveText(`符合条件的群：${all.length - cEnd.length} 个`);
  await builder.getByRole('button', { name: '保存群分组' }).click();
  await expect(builder.getByText(`已有名为“${SEGMENT}”的分组。`)).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/group-segment-clash.png', animations: 'disabled' });
  await builder.getByRole('button', { name: /取\s*消/ }).click();
  await expect(builder).toBeHidden();

  // Edit: the rules come back as saved; OR instead of AND widens the count (not saved).
  await expect(groups.segmentPickerValue()).toContainText(SEGMENT);
  await page.getByRole('button', { name: '编辑群分组' }).click();
  await expect(builder).toHaveAccessibleName(`编辑群分组“${SEGMENT}”`);
  await expect(builder.getByTestId('group-segment-rule')).toHaveCount(2);
  await expect(groups.count()).toHaveText(`符合条件的群：${want.length} 个`);
  await builder.getByText('任一条件（或者）').click();
  await expect(groups.count()).toContainText('正在统计…'); // the spinner while the debounced count runs
  const either = all.filter((g) => g.groupType === 'C' || g.platform === 'wechat').length;
  await expect(groups.count()).toHaveText(`符合条件的群：${either} 个`);
  await builder.getByRole('button', { name: /取\s*消/ }).click();
  await expect(builder).toBeHidden();

  // A segment nesting conditions (saved elsewhere) opens read-only, with its count.
  const nested = { target: 'groups', condition: { op: 'and', rules: [{ field: 'type', types: ['C'] }, { op: 'or', rules: [{ field: 'platform', platforms: ['wechat'] }, { field: 'city', op: 'eq', value: '成都' }] }] } };
  await callCore(page.request, server.openUrl, 'segments.save', { name: '嵌套条件的群分组', definition: nested });
  const nestedCount = all.filter((g) => g.groupType === 'C' && (g.platform === 'wechat' || g.city === '成都')).length;
  await app.goto('成员');
  await groups.open();
  await groups.pick(page.locator('body'), '群分组', ['嵌套条件的群分组']);
  await page.getByRole('button', { name: '编辑群分组' }).click();
  await expect(builder.getByText('这个群分组包含嵌套条件，不能在这里编辑')).toBeVisible();
  await expect(builder.getByRole('button', { name: '保存群分组' })).toBeDisabled();
  await expect(builder.getByRole('textbox', { name: '分组名称' })).toBeDisabled();
  await expect(groups.count()).toHaveText(`符合条件的群：${nestedCount} 个`);
  await builder.getByRole('button', { name: /取\s*消/ }).click();
  await groups.pick(page.locator('body'), '群分组', [SEGMENT]);
  await expect(groups.rows()).toHaveCount(want.length);

  // Delete, after a confirmation: the filter goes and every group is back.
  await page.getByRole('button', { name: '删除群分组' }).click();
  await page.locator('.ant-popconfirm, .ant-popover').getByRole('button', { name: /删\s*除/ }).click();
  await expect(page.getByText(`已删除群分组“${SEGMENT}”`)).toBeVisible();
  await expect(groups.rows()).toHaveCount(all.length);
  await expect(groups.summary()).toBeHidden();
  await groups.segmentPicker().click();
  await expect(page.locator('.ant-select-dropdown:visible')).not.toContainText(SEGMENT);
  await groups.segmentPicker().press('Escape');
});
