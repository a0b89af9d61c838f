import { expect, test } from '@playwright/test';
import { startServer, type Server } from './fixtures';
import { callCore } from './pages/groups.page';
import { BroadcastsPage } from './pages/broadcasts.page';
import { ComposerPage } from './pages/composer.page';

let server: Server;
test.beforeEach(async () => {
  server = await startServer({ demo: true });
});
test.afterEach(async () => {
  await server.stop();
});

test('群发规则 in Settings: a lower confirmation threshold makes a broadcast to every group ask for the number of groups', async ({ page }) => {
  await page.goto(server.openUrl);
  await page.getByRole('menuitem', { name: '设置' }).click();
  const rules = page.getByRole('region', { name: '群发规则' });
  await rules.scrollIntoViewIfNeeded();
  await expect(rules.getByRole('spinbutton', { name: '目标超过' })).toHaveValue('50');
  await expect(rules.getByRole('spinbutton', { name: '每个群每天最多收到' })).toHaveValue('2');
  await rules.screenshot({ path: 'test-results/screens/broadcast-rules.png', animations: 'disabled' });
  await rules.getByRole('spinbutton', { name: '目标超过' }).fill('5');
  await rules.getByRole('button', { name: /^保\s?存$/ }).click();
  await expect(page.getByText('群发规则已保存，之后的计划都按新规则生成。')).toBeVisible();
  expect((await callCore<{ confirmOver: number }>(page.request, server.openUrl, 'broadcasts.settings')).confirmOver).toBe(5);

  const groups = (await callCore<unknown[]>(page.request, server.openUrl, 'groups.list')).length;
  const composer = new ComposerPage(page);
  await composer.open();
  await composer.fillContent({ name: '全员通知', body: '{{group.name}} 的朋友们：本周六系统维护。' });
  await composer.next();
  await composer.targetMode('全部群');
  await expect(composer.summary()).toContainText(`共 ${groups} 个目标群`);
  await composer.next();
  await composer.next();
  await expect(composer.drawer()).toContainText(`这次群发的目标有 ${groups} 个群，超过 5 个`);
  await composer.send();

  // The second confirmation: the count must be typed; a wrong one cannot confirm.
  const confirm = page.getByRole('dialog', { name: '再次确认群发' });
  await expect(confirm).toContainText(`将发送到 ${groups} 个群`);
  const ok = confirm.getByRole('button', { name: '确认发送' });
  await expect(ok).toBeDisabled();
  await confirm.getByRole('spinbutton', { name: '群的数量' }).fill(String(groups - 1));
  await expect(ok).toBeDisabled();
  await confirm.getByRole('spinbutton', { name: '群的数量' }).fill(String(groups));
  await ok.click();
  const bc = new BroadcastsPage(page);
  await expect(bc.report().getByTestId('report-name')).toHaveText('全员通知');
  await expect(bc.targetRows()).toHaveCount(groups);
});

test('a dry run shows the whole plan and stores nothing', async ({ page }) => {
  await page.goto(server.openUrl);
  const composer = new ComposerPage(page);
  await composer.open();
  await composer.fillContent({ name: '演练', body: '演练：{{group.name}}' });
  await composer.next();
  await composer.targetMode('全部群');
  await composer.next();
  await composer.next();
  await composer.drawer().getByRole('switch', { name: '演练模式' }).click();
  await expect(composer.drawer()).toContainText('没有发送任何消息');
  await expect(composer.drawer().getByRole('button', { name: /^发\s?送$/ })).toHaveCount(0);
  const [download] = await Promise.all([page.waitForEvent('download'), composer.drawer().getByRole('button', { name: '导出计划（JSON）' }).click()]);
  const plan = JSON.parse(await (await download.createReadStream()).toArray().then((b) => Buffer.concat(b).toString('utf8'))) as { plan: { targets: { text: string }[] } };
  expect(plan.plan.targets.length).toBeGreaterThan(0);
  expect(plan.plan.targets.every((t) => !t.text.includes('{{group.name}}'))).toBe(true);
  // Only the demo's own: last week's broadcast and its calendar's past posts, none of them new.
  const listed = await callCore<{ name: string; createdAt: string }[]>(page.request, server.openUrl, 'broadcasts.list', { limit: 500 });
  expect(listed.some((b) => b.name === '本周直播预告')).toBe(true);
  expect(listed.every((b) => Date.parse(b.createdAt) < Date.now() - 60_000)).toBe(true);
});
