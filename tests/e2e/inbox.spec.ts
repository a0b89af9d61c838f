import { expect, test } from './fixtures';
import { ConsolePage } from './pages/console.page';

// The demo's messages are drawn from an operator's vocabulary; 选品 (product selection) is one of its topics.
const WORD = '选品';
const GROUP = '北京运营交流群';

test('the inbox on the demo: search with highlights, one group, mark read, keyboard and context', async ({ page, server }) => {
  const app = new ConsolePage(page);
  await app.open(server.openUrl);
  await app.loadDemo();
  await app.openInbox();
  const rows = app.inbox.rows();

  // Search: newest first, the matched word inside <mark>, a count, and only the rows on screen in the DOM.
  await app.searchInbox(WORD);
  await expect(app.inbox.searchSummary()).toContainText(/约 \d+ 条/);
  await expect(rows.first().locator('mark').first()).toHaveText(WORD);
  const shown = await rows.count();
  expect(shown).toBeGreaterThan(3);
  expect(shown).toBeLessThan(50); // a page of search results is 50; the rest is not rendered
  for (let i = 0; i < Math.min(shown, 8); i++) {
    await expect(rows.nth(i).locator('mark').first()).toHaveText(WORD);
  }
  const times = await rows.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
  expect([...times].sort().reverse()).toEqual(times);
  await page.screenshot({ path: 'test-results/screens/inbox-search.png', animations: 'disabled' });

  // Back to the whole inbox, then one group from the sidebar: every row names that group.
  await app.inbox.search().clear();
  await expect(app.inbox.searchSummary()).toBeHidden();
  await app.inbox.groupButton(GROUP).click();
  await expect(app.inbox.groupButton(GROUP)).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => [...new Set(await rows.getByTestId('row-group').allTextContents())]).toEqual([GROUP]);
  expect(await rows.count()).toBeGreaterThan(5);

  // Mark one unread message read: it stops looking unread and the group's counter drops by one.
  const before = await app.unreadOf(GROUP);
  expect(before).toBeGreaterThan(0);
  const unread = rows.and(page.locator('[data-unread="true"]')).first();
  const id = await unread.getAttribute('data-id');
  await unread.hover();
  await unread.getByRole('button', { name: '更多操作' }).click();
  await page.getByRole('menuitem', { name: '标为已读' }).click();
  await expect(page.locator(`[data-testid="message-row"][data-id="${id}"]`)).toHaveAttribute('data-unread', 'false');
  await expect.poll(() => app.unreadOf(GROUP)).toBe(before - 1);
  await expect.poll(async () => Number(await page.getByTestId('sidebar-all').getByTestId('unread-count').getAttribute('data-count'))).toBeGreaterThan(0);

  // Keyboard: j/k move the cursor, o opens the context panel on that message, Esc closes it.
  await page.getByRole('tab', { name: '全部消息' }).focus();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  const second = await rows.nth(1).getAttribute('data-id');
  await expect(app.inbox.cursorRow()).toHaveAttribute('data-id', second!);
  await page.keyboard.press('o');
  const panel = app.inbox.contextPanel();
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('context-opened')).toHaveAttribute('data-id', second!);
  await expect(panel.getByText('群内前后消息')).toBeVisible();
  await expect(panel.getByRole('tab', { name: /发送者/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/inbox.png', animations: 'disabled' });

  // The sender card.
  await panel.getByRole('tab', { name: /发送者/ }).click();
  await expect(panel.getByTestId('sender-card')).toContainText('所在的群');
  await expect(panel.getByTestId('sender-card')).toContainText(GROUP);

  // Reply: a copy-ready text, because no connector can send.
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await page.keyboard.press('r');
  const dialog = page.getByRole('dialog', { name: /^回复/ });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('textbox').fill('收到，我们今晚整理后发群里。');
  await dialog.getByRole('button', { name: '生成回复文本' }).click();
  await expect(dialog.getByTestId('reply-copy-text')).toContainText('收到，我们今晚整理后发群里。');
  await expect(dialog).toContainText('还没有能直接发送的连接器');
  await dialog.getByRole('button', { name: '完成' }).click();
  await expect(dialog).toBeHidden();
});

test('unanswered questions open in their context with one click', async ({ page, server }) => {
  const app = new ConsolePage(page);
  await app.open(server.openUrl);
  await app.loadDemo();
  await app.openInbox();
  await page.getByRole('tab', { name: /待回复问题/ }).click();
  const first = page.getByTestId('unanswered-row').first();
  await expect(first).toBeVisible();
  await expect(first).toContainText(/已等/);
  // By priority: high-value groups first, dead ones last (each row names its group's class).
  const rank: Record<string, number> = { 高价值: 0, 一般: 1, 广告群: 3, 死群: 4 };
  const classes = await page.getByTestId('unanswered-row').evaluateAll((rows) => rows.map((r) => r.querySelector('[data-testid="unanswered-class"]')?.textContent ?? ''));
  expect(classes.length).toBeGreaterThan(1);
  const ranks = classes.map((c) => rank[c] ?? 2);
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  // Newest first: the times go down.
  const order = page.getByRole('radiogroup', { name: '排序' });
  await order.getByText('最新在前').click();
  await expect.poll(async () => {
    const times = await page.getByTestId('unanswered-row').evaluateAll((rows) => rows.map((r) => r.querySelector('time')?.getAttribute('datetime') ?? ''));
    return times.length > 1 && times.every((t, i) => i === 0 || t <= times[i - 1]!);
  }).toBe(true);
  await order.getByText('按优先级').click();
  await first.click();
  await expect(app.inbox.contextPanel().getByTestId('context-opened')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/inbox-unanswered.png', animations: 'disabled' });
});
