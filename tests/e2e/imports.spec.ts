import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { ConsolePage } from './pages/console.page';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'imports');

test('drop a Telegram export, preview it, import it, see the group, then undo it', async ({ page, server }) => {
  const app = new ConsolePage(page);
  await app.open(server.openUrl);
  await app.startEmpty();
  await app.goto('导入');
  await expect(page.getByText('还没有导入记录')).toBeVisible();

  await page.locator('input[type=file]').setInputFiles(path.join(fixtures, 'telegram', 'full-account-with-left-chats.json'));
  const preview = page.locator('.ant-card').filter({ hasText: '预览：full-account-with-left-chats.json' });
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await expect(preview.getByText('Telegram Desktop JSON')).toBeVisible();
  await expect(preview.getByText('telegram-json')).toBeHidden();
  await expect(preview.getByRole('row').filter({ hasText: '跨境电商卖家群' })).toBeVisible();
  await expect(preview.getByRole('row').filter({ hasText: '王芳' })).toContainText('私聊');
  // Nothing is written by a preview.
  await expect(page.getByTestId('workspace-badge')).toContainText('0 条消息');
  await page.screenshot({ path: 'test-results/screens/import-preview.png', animations: 'disabled' });

  await preview.getByRole('button', { name: '开始导入' }).click();
  await expect(page.getByText('导入完成')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/新增 2 条消息/)).toBeVisible();
  const history = page.locator('.ant-card').filter({ hasText: '导入记录' });
  await expect(history.getByRole('row').filter({ hasText: 'full-account-with-left-chats.json' })).toContainText('完成');
  // The file's own name, not the upload's temporary one.
  await expect(history.getByRole('cell', { name: 'full-account-with-left-chats.json', exact: true })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/import-done.png', animations: 'disabled' });

  await app.goto('群组');
  const row = app.groupsTable().getByRole('row').filter({ hasText: '跨境电商卖家群' });
  await expect(row).toContainText('Telegram');
  await expect(app.groupsTable().getByText('王芳')).toBeHidden();

  await app.goto('导入');
  await history.getByRole('button', { name: '撤销' }).click();
  await page.locator('.ant-popconfirm, .ant-popover').getByRole('button', { name: '撤销' }).click();
  await expect(history.getByRole('row').filter({ hasText: 'full-account-with-left-chats.json' })).toContainText('已撤销');
  await expect(page.getByTestId('workspace-badge')).toContainText('0 条消息');
});

test('a broken export is refused with the file and position named, and nothing is written', async ({ page, server }) => {
  const app = new ConsolePage(page);
  await app.open(server.openUrl);
  await app.startEmpty();
  await app.goto('导入');
  await page.locator('input[type=file]').setInputFiles(path.join(fixtures, 'telegram', 'truncated.json'));
  await expect(page.getByText('无法导入')).toBeVisible({ timeout: 30_000 });
  // In Chinese, with the position in words; the importer's detail stays in brackets for support.
  await expect(page.getByText(/“truncated\.json”（第 1 条）：文件不完整/)).toBeVisible();
  await expect(page.getByTestId('workspace-badge')).toContainText('0 条消息');

  // A file that is no chat export at all: said in Chinese, with the formats by the names users know.
  const notes = test.info().outputPath('会议纪要.txt');
  fs.writeFileSync(notes, '周一开会，讨论下季度的社群计划。\n');
  await page.locator('input[type=file]').setInputFiles(notes);
  await expect(page.getByText(/“会议纪要\.txt”：不是可导入的聊天记录。目前支持：QQ 消息管理器 \.txt、/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/qq-txt|telegram-json|not a supported/)).toHaveCount(0);
});

test('a file dropped anywhere in the window opens its preview on the Imports page', async ({ page, server }) => {
  const app = new ConsolePage(page);
  await app.open(server.openUrl);
  await app.startEmpty();
  await app.goto('群组');
  const content = fs.readFileSync(path.join(fixtures, 'telegram', 'single-chat-2021-numeric-from-id.json'), 'utf8');
  // Runs in the page, where DataTransfer and File exist (this file is type-checked as Node code).
  const dataTransfer = await page.evaluateHandle((text) => {
    const g = globalThis as unknown as { DataTransfer: new () => { items: { add(f: unknown): void } }; File: new (parts: string[], name: string, o: { type: string }) => unknown };
    const dt = new g.DataTransfer();
    dt.items.add(new g.File([text], 'result.json', { type: 'application/json' }));
    return dt;
  }, content);
  await page.dispatchEvent('main', 'dragover', { dataTransfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  await expect(page).toHaveURL(/#\/imports/);
  await expect(page.locator('.ant-card').filter({ hasText: '预览：result.json' }).getByText('Python 学习交流群')).toBeVisible({ timeout: 30_000 });
});

test('a generic CSV asks which column is what, then previews and imports with that mapping', async ({ page, server }) => {
  const app = new ConsolePage(page);
  await app.open(server.openUrl);
  await app.startEmpty();
  await app.goto('导入');
  await page.locator('input[type=file]').setInputFiles(path.join(fixtures, 'generic', 'mapped-chinese-headers.csv'));
  const mapping = page.locator('.ant-card').filter({ hasText: '列映射：mapped-chinese-headers.csv' });
  await expect(mapping).toBeVisible({ timeout: 30_000 });
  // The first rows are shown, and the guessed mapping is filled in.
  await expect(mapping.getByRole('cell', { name: '今晚八点开团' })).toBeVisible();
  await expect(mapping.getByRole('button', { name: '预览' })).toBeEnabled();
  await page.screenshot({ path: 'test-results/screens/import-mapping.png', animations: 'disabled' });
  await mapping.getByRole('button', { name: '预览' }).click();
  const preview = page.locator('.ant-card').filter({ hasText: '预览：mapped-chinese-headers.csv' });
  await expect(preview.getByRole('row').filter({ hasText: '宝妈团购群' })).toBeVisible({ timeout: 30_000 });
  await preview.getByRole('button', { name: '开始导入' }).click();
  await expect(page.getByText('导入完成')).toBeVisible({ timeout: 30_000 });
});
