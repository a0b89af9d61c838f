import fs from 'node:fs';
import { expect, type Download, type Locator, type Page } from '@playwright/test';

/** Page model of 案例: the archive (search, filters, rows), the case editor, and the inbox's 加入案例 dialog. */
export class CasesPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('menuitem', { name: '案例' }).click();
    await expect(this.page.getByRole('heading', { name: '案例库', exact: true })).toBeVisible();
  }

  // ---- the archive ---------------------------------------------------------------------------

  search(): Locator {
    return this.page.getByRole('searchbox', { name: '搜索案例' });
  }

  rows(): Locator {
    return this.page.getByTestId('case-row');
  }

  row(title: string | RegExp): Locator {
    return this.rows().filter({ has: this.page.locator('.qz-case-title', { hasText: title }) });
  }

  empty(): Locator {
    return this.page.getByTestId('cases-empty');
  }

  async openCase(title: string | RegExp): Promise<void> {
    await this.row(title).locator('.qz-case-title').click();
    await expect(this.editor()).toBeVisible();
  }

  // ---- the editor ----------------------------------------------------------------------------

  editor(): Locator {
    return this.page.locator('.qz-case-editor').getByRole('dialog');
  }

  messages(): Locator {
    return this.editor().getByTestId('case-message');
  }

  message(text: string | RegExp): Locator {
    return this.messages().filter({ has: this.page.getByTestId('case-message-text').filter({ hasText: text }) });
  }

  redactions(scope: Locator = this.editor()): Locator {
    return scope.getByTestId('redaction');
  }

  participants(): Locator {
    return this.editor().getByTestId('participant');
  }

  /** Picks a consent state for a participant (by their name) in the participants table. */
  async setConsent(name: string, state: '未询问' | '已询问' | '已同意' | '已拒绝'): Promise<void> {
    const row = this.participants().filter({ hasText: name });
    const select = row.getByRole('combobox', { name: `授权：${name}` });
    await expect(async () => {
      if ((await this.page.locator('.ant-select-dropdown:visible').count()) === 0) await select.click();
      await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${state}$`) }).click({ timeout: 2000 });
    }).toPass({ timeout: 15_000 });
    await expect(row).toHaveAttribute('data-consent', { 已同意: 'granted', 已拒绝: 'declined', 已询问: 'asked', 未询问: 'not-asked' }[state]);
  }

  /** Exports from the editor's 导出 menu; `confirm` answers the missing-consent warning if it comes. */
  async export(format: RegExp, o: { expectWarning?: boolean } = {}): Promise<Download> {
    await this.editor().getByRole('button', { name: /导\s*出/ }).click();
    const item = this.page.getByRole('menuitem', { name: format });
    if (o.expectWarning) {
      await item.click();
      const dialog = this.page.getByRole('dialog', { name: '有成员尚未同意公开' });
      await expect(dialog).toBeVisible();
      const [download] = await Promise.all([this.page.waitForEvent('download'), dialog.getByRole('button', { name: '仍要导出' }).click()]);
      return download;
    }
    const [download] = await Promise.all([this.page.waitForEvent('download'), item.click()]);
    return download;
  }

  async downloadedText(d: Download): Promise<string> {
    return fs.readFileSync((await d.path())!, 'utf8');
  }

  // ---- the inbox's 加入案例 dialog ------------------------------------------------------------

  pickDialog(): Locator {
    return this.page.getByRole('dialog', { name: /加入案例|整段对话建案例/ });
  }
}
