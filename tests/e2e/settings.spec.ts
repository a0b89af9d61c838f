import fs from 'node:fs';
import path from 'node:path';
import { expect, startServer, test } from './fixtures';
import { ConsolePage } from './pages/console.page';

test('a damaged settings file is moved aside, kept as it was, and the console says so and carries on', async ({ page }) => {
  const damaged = '{"locale": "en", "window": {"width": ';
  const server = await startServer({ settingsText: damaged });
  try {
    const app = new ConsolePage(page);
    await app.open(server.openUrl);
    // The defaults are in use: Chinese, and a first-run welcome.
    await app.startEmpty();
    const banner = page.getByRole('alert').filter({ hasText: '设置文件已损坏' });
    await expect(banner).toBeVisible();
    const aside = fs.readdirSync(server.dir).find((f) => f.startsWith('settings.json.damaged-'));
    expect(aside).toBeTruthy();
    await expect(banner).toContainText(path.join(server.dir, aside!));
    expect(fs.readFileSync(path.join(server.dir, aside!), 'utf8')).toBe(damaged);
    await page.screenshot({ path: 'test-results/screens/settings-damaged.png' });
    // Settings work again at once: the language is stored in a fresh, valid file.
    await app.goto('设置');
    await page.getByText('English', { exact: true }).click();
    await expect(page.getByRole('menuitem', { name: 'Groups' })).toBeVisible();
    expect(JSON.parse(fs.readFileSync(path.join(server.dir, 'settings.json'), 'utf8'))).toMatchObject({ locale: 'en' });
  } finally {
    await server.stop();
  }
});
