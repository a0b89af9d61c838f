import { expect, test } from './fixtures';
import { ConsolePage } from './pages/console.page';

test('the demo workspace shows a living console in Chinese', async ({ page, server }) => {
  const app = new ConsolePage(page);
  await app.open(server.openUrl);
  await app.loadDemo();
  await app.goto('群组');
  await expect(app.groupsTable().getByText('北京运营交流群')).toBeVisible();
  await expect(app.groupsTable().getByText('Python 学习交流群')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/demo-groups.png', fullPage: true });

  // Areas not built yet say so honestly.
  await app.goto('内容日历');
  await expect(page.getByText('即将推出').first()).toBeVisible();

  // English is one switch away, and sticks.
  await app.goto('设置');
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('menuitem', { name: 'Groups' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('menuitem', { name: 'Groups' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/settings-en.png' });
});

test('dialogs open without animation when the system asks for reduced motion, and zoom in otherwise', async ({ page, server }) => {
  // Records whether any element was ever in antd's zoom-in animation, from the first paint on.
  await page.addInitScript({
    content: `window.zoomed = false;
      new MutationObserver((records) => {
        if (records.some((r) => r.target instanceof Element && r.target.className.toString().includes('ant-zoom-appear-active'))) window.zoomed = true;
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['class'], childList: true });`,
  });
  const app = new ConsolePage(page);
  const zoomed = () => page.evaluate<boolean>('window.zoomed');

  await page.emulateMedia({ reducedMotion: 'reduce' });
  await app.open(server.openUrl);
  await expect(app.welcome()).toBeVisible();
  await expect(app.welcome().getByRole('button', { name: '从空白开始' })).toBeVisible();
  expect(await zoomed()).toBe(false);

  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await page.reload();
  await expect(app.welcome()).toBeVisible();
  await expect.poll(zoomed).toBe(true);
});
