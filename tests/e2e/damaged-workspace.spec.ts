import fs from 'node:fs';
import path from 'node:path';
import { expect, startServer, test } from './fixtures';
import { ConsolePage } from './pages/console.page';
import { overwritePages, pageCount } from '../helpers/damage';
import { sha256 } from '../helpers/tmp';

test('a damaged workspace opens read-only with a banner on every page, refuses changes in words, and saves a recovered copy; the damaged file is not written', async ({ page }) => {
  let before = '';
  const server = await startServer({
    demo: true,
    prepare: (db) => {
      const n = pageCount(db);
      overwritePages(db, [Math.floor(n / 2), Math.floor((2 * n) / 3)], 11);
      before = sha256(db);
    },
  });
  try {
    const app = new ConsolePage(page);
    await app.open(server.openUrl);
    const banner = page.getByRole('alert').filter({ hasText: '工作区数据库已损坏' });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText(server.db);
    // On another page too, and a change there is refused in the user's words.
    await app.goto('群组');
    await expect(banner).toBeVisible();
    await app.openNewGroupForm();
    await app.groupForm().getByLabel('群名称').fill('新开的群');
    await app.chooseOption('平台', '微信');
    await app.chooseOption('群类型', 'C端');
    await app.save();
    await expect(page.getByText('请在顶部点击“保存恢复副本…”', { exact: false }).first()).toBeVisible();
    await page.keyboard.press('Escape');
    // Save what can still be read.
    await banner.getByRole('button', { name: '保存恢复副本…' }).click();
    const saved = page.getByTestId('recovered-copy');
    await expect(saved).toBeVisible({ timeout: 60_000 });
    const copy = /恢复副本已保存到 (.+\.db)（/.exec((await saved.textContent()) ?? '')?.[1];
    expect(copy, 'the banner names the new file').toBeTruthy();
    expect(path.dirname(copy!)).toBe(path.dirname(server.db));
    expect(fs.existsSync(copy!)).toBe(true);
    expect((fs.statSync(copy!).mode & 0o777).toString(8)).toBe('600');
    await page.screenshot({ path: 'test-results/screens/damaged-workspace.png' });
    expect(sha256(server.db), 'the damaged file is never written').toBe(before);
  } finally {
    await server.stop();
  }
});
