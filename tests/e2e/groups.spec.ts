import { expect, test } from './fixtures';
import { ConsolePage } from './pages/console.page';

test('first launch on an empty workspace: start empty, create a group, see it after a reload', async ({ page, server }) => {
  const app = new ConsolePage(page);
  await app.open(server.openUrl);
  await expect(app.welcome()).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/welcome.png', animations: 'disabled' });
  await app.startEmpty();

  await app.goto('群组');
  await expect(page.getByText('还没有群')).toBeVisible();
  await app.openNewGroupForm();

  // An empty name is refused in the form, before anything is sent.
  await app.save();
  await expect(app.groupForm().getByText('请输入群名称')).toBeVisible();

  await app.groupForm().getByLabel('群名称').fill('北京运营交流群');
  await app.chooseOption('平台', '微信');
  await app.chooseOption('群类型', 'C端');
  await app.groupForm().getByLabel('城市').fill('北京');
  await app.save();
  await expect(app.groupForm()).toBeHidden();
  await expect(app.groupsTable().getByText('北京运营交流群')).toBeVisible();

  // The token was taken from the address and kept for this tab: a reload stays signed in.
  await page.reload();
  await app.goto('群组');
  await expect(app.groupsTable().getByText('北京运营交流群')).toBeVisible();
  expect(page.url()).not.toContain('token=');
  await page.screenshot({ path: 'test-results/screens/groups.png' });
});

test('edit and archive a group; archived groups leave the active list', async ({ page, server }) => {
  const app = new ConsolePage(page);
  await app.open(server.openUrl);
  await app.startEmpty();
  await app.goto('群组');
  await app.openNewGroupForm();
  await app.groupForm().getByLabel('群名称').fill('华东区代理商群');
  await app.chooseOption('平台', '企业微信');
  await app.chooseOption('群类型', 'B端');
  await app.save();
  const row = app.groupsTable().getByRole('row').filter({ hasText: '华东区代理商群' });
  await expect(row).toBeVisible();

  await row.getByRole('button', { name: /编\s*辑/ }).click();
  await app.groupForm().getByLabel('群名称').fill('华东区代理商一群');
  await app.save();
  await expect(app.groupsTable().getByText('华东区代理商一群')).toBeVisible();

  const edited = app.groupsTable().getByRole('row').filter({ hasText: '华东区代理商一群' });
  await edited.getByRole('button', { name: /归\s*档/ }).click();
  await page.locator('.ant-popconfirm, .ant-popover').getByRole('button', { name: /确\s*定|归\s*档|OK/ }).last().click();
  await expect(app.groupsTable().getByText('华东区代理商一群')).toBeHidden();
});

test('a request without the token is refused and the page says how to get in', async ({ page, server }) => {
  const res = await page.request.post(`${server.url}/api/call`, { data: { method: 'groups.list', params: {} } });
  expect(res.status()).toBe(401);
  const body = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
  expect(body.error.code).toBe('UNAUTHORIZED');
});
