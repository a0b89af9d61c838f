import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type Server } from './fixtures';
import { CasesPage } from './pages/cases.page';
import { ConsolePage } from './pages/console.page';

// Three messages of our own, imported into the demo workspace so the inbox search finds exactly
// them: a question, an answer with a phone number (spaced, as people type it), a thank-you.
const WORD = '蓝莓';
const PHONE = '139 8765 4321';
const TITLE = '蓝莓第一年疏花，第二年增产三成';

function telegramExport(dir: string): string {
  const file = path.join(dir, 'blueberry-chat.json');
  const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const msg = (id: number, time: string, from: string, fromId: string, text: string, replyTo?: number) => ({
    id,
    type: 'message',
    date: `${day}T${time}`,
    from,
    from_id: fromId,
    ...(replyTo ? { reply_to_message_id: replyTo } : {}),
    text,
  });
  const chat = {
    name: '果园种植交流群',
    type: 'private_supergroup',
    id: 777000111,
    messages: [
      msg(1, '19:00:00', '周建国', 'user7001', `请教大家：${WORD}苗第一年要不要疏花？`),
      msg(2, '19:03:00', '林兰', 'user7002', `我们${WORD}园第一年全部疏掉，第二年产量高了三成。细节打我电话 ${PHONE} 聊。`, 1),
      msg(3, '19:06:00', '周建国', 'user7001', `谢谢！今年的${WORD}苗就照这个办法来。`, 2),
    ],
  };
  fs.writeFileSync(file, JSON.stringify(chat));
  return file;
}

/** The console on the demo workspace, with the page models the tests use. */
async function openDemo(page: Page, server: Server): Promise<{ app: ConsolePage; cases: CasesPage }> {
  const app = new ConsolePage(page);
  await app.open(server.openUrl);
  await app.loadDemo();
  return { app, cases: new CasesPage(page) };
}

test('three inbox messages become a case: redacted, consent recorded, exported as safe HTML, found in the archive', async ({ page, server }) => {
  const { app, cases } = await openDemo(page, server);

  // The demo's archive: two curated cases, one with consent, one waiting.
  await cases.open();
  await expect(cases.rows()).toHaveCount(2);
  await expect(cases.rows().getByTestId('consent-badge').filter({ hasText: '已同意' })).toHaveCount(1);
  await expect(cases.rows().getByTestId('consent-badge').filter({ hasText: '待确认' })).toHaveCount(1);

  // Our three messages arrive through an import.
  await app.goto('导入');
  await page.locator('input[type=file]').setInputFiles(telegramExport(server.dir));
  const preview = page.locator('.ant-card').filter({ hasText: '预览：blueberry-chat.json' });
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await preview.getByRole('button', { name: '开始导入' }).click();
  await expect(page.getByText('导入完成')).toBeVisible({ timeout: 30_000 });

  // Inbox: search, then click one and shift-click another: the range between is selected.
  await app.openInbox();
  await app.searchInbox(WORD);
  const rows = app.inbox.rows();
  await expect(rows).toHaveCount(3);
  await rows.nth(0).getByRole('checkbox', { name: '选择这条消息' }).click();
  await rows.nth(2).getByRole('checkbox', { name: '选择这条消息' }).click({ modifiers: ['Shift'] });
  const bar = page.getByRole('toolbar', { name: '已选 3 条' });
  await expect(bar).toBeVisible();
  await expect(rows.and(page.locator('.is-selected'))).toHaveCount(3);
  await page.screenshot({ path: 'test-results/screens/cases-inbox-selection.png', animations: 'disabled' });

  await bar.getByRole('button', { name: '加入案例' }).click();
  const dialog = cases.pickDialog();
  await expect(dialog).toContainText('已选 3 条消息');
  await dialog.getByRole('textbox', { name: '案例标题（可选）' }).fill(TITLE);
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await expect(dialog.getByTestId('case-picked')).toContainText('共 3 条消息');
  await dialog.getByRole('button', { name: '打开案例' }).click();

  // The editor: the three messages in their order, the phone number redacted where it was.
  const editor = cases.editor();
  await expect(editor).toBeVisible();
  await expect(cases.messages()).toHaveCount(3);
  const answer = cases.message(/第二年产量高了三成/);
  await expect(answer).not.toContainText(PHONE);
  const phone = cases.redactions(answer).and(page.locator('[data-kind="phone"]'));
  await expect(phone).toHaveAttribute('data-applied', 'true');
  const label = (await phone.textContent())!.trim();
  expect(label.length).toBeGreaterThan(0);
  expect(label).not.toContain('4321');
  // Every sender is a role label in the messages, never the name.
  await expect(editor.getByTestId('case-message-label').first()).toHaveText(/成员|群主|KOL/);

  // Switch the phone redaction off: the original shows, marked; then back on.
  await phone.click();
  await expect(phone).toHaveAttribute('data-applied', 'false');
  await expect(phone).toHaveText(PHONE);
  await expect(answer.getByTestId('case-message-text')).toContainText(PHONE);
  await page.locator('.qz-case-editor .ant-drawer-body').evaluate((el) => (el.scrollTop = 0));
  await page.screenshot({ path: 'test-results/screens/cases-editor.png', animations: 'disabled' });
  await phone.click();
  await expect(phone).toHaveAttribute('data-applied', 'true');
  await expect(answer).not.toContainText(PHONE);

  // Consent: one speaker agrees; the export warns about the other; then both agree.
  await expect(editor.getByTestId('consent-alert')).toContainText('尚未同意公开');
  await cases.setConsent('林兰', '已同意');
  const warned = await cases.export(/^HTML/, { expectWarning: true });
  expect(warned.suggestedFilename()).toMatch(/\.html$/);
  await cases.setConsent('周建国', '已同意');
  await expect(editor.getByTestId('consent-alert')).toBeHidden();
  await expect(editor.getByTestId('consent-badge')).toHaveText('已同意');
  await page.screenshot({ path: 'test-results/screens/cases-editor-consent.png', animations: 'disabled' });

  const download = await cases.export(/^HTML/);
  expect(download.suggestedFilename()).toBe(`${TITLE}.html`);
  const html = await cases.downloadedText(download);
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toContain(PHONE);
  expect(html).not.toContain(PHONE.replace(/ /g, ''));
  expect(html).not.toContain('林兰');
  expect(html).toContain(label);

  // Opened as a page (saved with its .html name, so Chromium renders it rather than showing its
  // source): the title is there, the number and the names are not, and nothing runs.
  const saved = path.join(server.dir, download.suggestedFilename());
  await download.saveAs(saved);
  await page.goto(`file://${saved}`);
  await expect(page.locator('h1')).toHaveText(TITLE);
  await expect(page.locator('body')).toContainText(TITLE);
  await expect(page.locator('body')).toContainText(label);
  await expect(page.locator('body')).not.toContainText(PHONE);
  await expect(page.locator('body')).not.toContainText('周建国');
  expect(await page.locator('script').count()).toBe(0);
  await page.screenshot({ path: 'test-results/screens/cases-export-html.png', animations: 'disabled', fullPage: true });

  // The archive finds the case by a Chinese word of its messages, and not by a word it lacks.
  await app.open(server.openUrl);
  await cases.open();
  await expect(cases.rows()).toHaveCount(3);
  await cases.search().fill('疏花');
  await expect(cases.rows()).toHaveCount(1);
  await expect(cases.row(TITLE)).toBeVisible();
  await expect(cases.row(TITLE).getByTestId('consent-badge')).toHaveText('已同意');
  await expect(cases.row(TITLE).getByTestId('case-group')).toHaveText('果园种植交流群');
  await cases.search().fill('差评率');
  await expect(cases.rows()).toHaveCount(1);
  await expect(cases.rows().first()).toContainText('差评率');
  await cases.search().fill('没有这个词语');
  await expect(cases.empty()).toContainText('没有符合条件的案例');
  await cases.search().fill('');
  await expect(cases.rows()).toHaveCount(3);
  await page.screenshot({ path: 'test-results/screens/cases-archive.png', animations: 'disabled' });
});

test('the archive: filter by consent, duplicate and delete with confirmation, refuse exports without consent', async ({ page, server }) => {
  const { cases } = await openDemo(page, server);
  await cases.open();
  await expect(cases.rows()).toHaveCount(2);

  // Consent filter: the pending case only.
  await page.getByRole('combobox', { name: '授权状态' }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^待确认$/ }).click();
  await expect(cases.rows()).toHaveCount(1);
  const pending = cases.rows().first();
  await expect(pending.getByTestId('consent-badge')).toHaveText('待确认');
  const title = (await pending.locator('.qz-case-title').textContent())!;

  // The workspace refuses exports without consent: the editor says so and the export is refused.
  await page.getByRole('switch', { name: '未同意时禁止导出' }).click();
  await expect(page.getByRole('switch', { name: '未同意时禁止导出' })).toBeChecked();
  await cases.openCase(title);
  await expect(cases.editor().getByTestId('consent-alert')).toContainText('导出会被拒绝');
  await cases.editor().getByRole('button', { name: /导\s*出/ }).click();
  await page.getByRole('menuitem', { name: /^Markdown/ }).click();
  await expect(page.getByRole('dialog', { name: '无法导出' })).toContainText('尚未同意');
  await page.getByRole('dialog', { name: '无法导出' }).getByRole('button').last().click();
  await expect(page.getByRole('dialog', { name: '无法导出' })).toBeHidden();
  await page.locator('.qz-case-editor .ant-drawer-close').click();
  await expect(cases.editor()).toBeHidden();

  // Duplicate, then delete the copy (with a confirmation). The open menu only: antd keeps a closed
  // row menu in the page while it fades, and each row has its own.
  const openMenu = page.locator('.ant-dropdown:not(.ant-dropdown-hidden)');
  await pending.getByRole('button', { name: '更多操作' }).click();
  await openMenu.getByRole('menuitem', { name: '复制' }).click();
  await expect(cases.rows()).toHaveCount(2);
  await expect(openMenu).toHaveCount(0);
  const copy = cases.rows().first();
  await copy.getByRole('button', { name: '更多操作' }).click();
  await openMenu.getByRole('menuitem', { name: '删除' }).click();
  const confirm = page.getByRole('dialog', { name: /删除案例/ });
  await expect(confirm).toContainText('原始消息不受影响');
  await confirm.getByRole('button', { name: /删\s*除/ }).click();
  await expect(cases.rows()).toHaveCount(1);
  await expect(cases.rows().first().locator('.qz-case-title')).toHaveText(title);
});

test('a reply thread becomes a case from the context panel; the editor reorders, hides, trims and annotates; a book of two cases', async ({ page, server }) => {
  const { app, cases } = await openDemo(page, server);

  // The demo's after-sales question: its thread is the question and the replies to it.
  await app.openInbox();
  await app.searchInbox('物流延误了一批货');
  await app.inbox.rows().first().click();
  const panel = app.inbox.contextPanel();
  await expect(panel.getByTestId('context-opened')).toContainText('物流延误了一批货');
  await page.screenshot({ path: 'test-results/screens/cases-inbox-thread.png', animations: 'disabled' });
  await panel.getByRole('button', { name: '整段对话建案例' }).click();
  const dialog = cases.pickDialog();
  await expect(dialog).toContainText('它所回复的消息链');
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await expect(dialog.getByTestId('case-picked')).toContainText('已创建案例');
  await dialog.getByRole('button', { name: '打开案例' }).click();

  const editor = cases.editor();
  await expect(editor).toBeVisible();
  const count = await cases.messages().count();
  expect(count).toBeGreaterThanOrEqual(2);
  await expect(cases.messages().first()).toContainText('物流延误了一批货');

  // Down one place: the question is second.
  const firstId = await cases.messages().first().getAttribute('data-id');
  await cases.messages().first().getByRole('button', { name: '下移' }).click();
  await expect(cases.messages().nth(1)).toHaveAttribute('data-id', firstId!);
  // Hide it, then show it again.
  const question = cases.messages().nth(1);
  await question.getByRole('button', { name: '隐藏' }).click();
  await expect(question).toHaveAttribute('data-hidden', 'true');
  await expect(question).toContainText('已隐藏，不导出');
  await question.getByRole('button', { name: '显示' }).click();
  await expect(question).toHaveAttribute('data-hidden', 'false');
  // Trim it to its first clause, then restore the original.
  await question.getByRole('button', { name: '修剪' }).click();
  await question.getByRole('textbox', { name: '修剪' }).fill('上周物流延误了一批货。');
  await question.getByRole('button', { name: /保\s*存/ }).click();
  await expect(question.getByTestId('case-message-text')).toHaveText('上周物流延误了一批货。');
  await expect(question).toContainText('已修剪');
  await question.getByRole('button', { name: '修剪' }).click();
  await question.getByRole('button', { name: '恢复原文' }).click();
  await expect(question.getByTestId('case-message-text')).toContainText('客户要退款');
  // Annotate it.
  await question.getByRole('button', { name: '批注' }).click();
  await question.getByRole('textbox', { name: '批注' }).fill('提问时客户已经申请退款。');
  await question.getByRole('button', { name: /保\s*存/ }).click();
  await expect(question.getByTestId('case-message-note')).toContainText('提问时客户已经申请退款。');
  // A participant's label of the operator's own.
  const label = cases.participants().first().getByRole('textbox', { name: /^导出时的称呼/ });
  await label.fill('店主');
  await label.press('Enter');
  await expect(cases.messages().getByTestId('case-message-label').filter({ hasText: '店主' }).first()).toBeVisible();
  await page.locator('.qz-case-editor .ant-drawer-close').click();
  await expect(editor).toBeHidden();

  // The archive book: tick two cases, export them as one HTML document.
  await expect(cases.rows()).toHaveCount(3);
  await cases.rows().nth(0).getByRole('checkbox').check();
  await cases.rows().nth(1).getByRole('checkbox').check();
  await page.getByRole('button', { name: '导出案例集' }).click();
  const book = page.getByRole('dialog', { name: '导出案例集' });
  await expect(book).toContainText('勾选的 2 个案例');
  await book.getByText('HTML（单文件）').click();
  const [download] = await Promise.all([page.waitForEvent('download'), book.getByRole('button', { name: /导\s*出/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.html$/);
  const html = await cases.downloadedText(download);
  expect(html).not.toMatch(/<script/i);
  expect(html).toContain('提问时客户已经申请退款。');
  expect(html).not.toContain('138 1234 5678');
});

test('an empty archive says how to make a case, and leads to the inbox', async ({ page, server }) => {
  const app = new ConsolePage(page);
  const cases = new CasesPage(page);
  await app.open(server.openUrl);
  await app.startEmpty();
  await cases.open();
  await expect(cases.empty()).toContainText('还没有案例');
  await expect(cases.empty()).toContainText('加入案例');
  await expect(page.getByRole('button', { name: '导出案例集' })).toBeDisabled();
  await cases.empty().getByRole('button', { name: '去收件箱' }).click();
  await expect(page.getByRole('menuitem', { name: '收件箱' })).toHaveClass(/ant-menu-item-selected/);
});
