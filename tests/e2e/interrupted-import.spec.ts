import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect, startServer, test } from './fixtures';
import { qqGroupExport } from '../fixtures/generators/qq-group';

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/node/cli.cjs');

test('an import the app was killed in is rolled back on the next start with its progress at the top, while the console works; then it is gone', async ({ page }) => {
  test.setTimeout(120_000);
  const server = await startServer({
    prepare: (db) => {
      // A small group imported for good, then a big one whose import a kill -9 cut off (its batch still 'running', its process gone).
      const dir = path.dirname(db);
      const write = (name: string, o: Parameters<typeof qqGroupExport>[0]) => {
        const f = path.join(dir, name);
        fs.writeFileSync(f, qqGroupExport(o).text);
        return f;
      };
      const end = Date.now();
      const small = write('small.txt', { seed: 4, group: '家长交流群', senders: 40, messages: 800, end, days: 30 });
      const big = write('big.txt', { seed: 3, group: '被中断的导入', senders: 200, messages: 150_000, end, days: 90 });
      const r = spawnSync(process.execPath, [cli, 'import', '--db', db, small, big], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const raw = new Database(db);
      raw.prepare("UPDATE import_batches SET status = 'running', finished_at = NULL, owner_pid = ?, heartbeat_at = ? WHERE id = 2").run(2 ** 22 + 777, Date.now());
      raw.close();
    },
  });
  try {
    await page.goto(server.openUrl);
    const banner = page.getByTestId('rollback-banner');
    await expect(banner).toBeVisible({ timeout: 30_000 });
    await expect(banner).toContainText('正在撤回一次未完成的导入');
    await expect(banner).toContainText(/已撤回 [\d,]+ \/ 150,000 条/);
    await page.screenshot({ path: 'test-results/screens/rollback-banner.png' });
    // The console works meanwhile: the groups page lists what is there.
    await expect(page.getByRole('cell', { name: '家长交流群' })).toBeVisible();
    await expect(banner).toBeHidden({ timeout: 90_000 });
    await page.reload();
    await expect(page.getByRole('cell', { name: '家长交流群' })).toBeVisible();
    await expect(page.getByRole('cell', { name: '被中断的导入' })).toHaveCount(0);
    await expect(page.getByText('1 个群 · 40 名成员 · 800 条消息')).toBeVisible();
  } finally {
    await server.stop();
  }
});
