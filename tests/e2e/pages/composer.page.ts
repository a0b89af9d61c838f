import { expect, type Locator, type Page } from '@playwright/test';

/** Page model of the broadcast composer (群发 → 新建群发): content, targets, plan and previews, confirm. */
export class ComposerPage {
  constructor(readonly page: Page) {}

  drawer(): Locator {
    return this.page.getByRole('dialog', { name: '新建群发' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('menuitem', { name: '群发' }).click();
    await this.page.getByRole('button', { name: '新建群发' }).click();
    await expect(this.drawer()).toBeVisible();
  }

  field(label: string): Locator {
    return this.drawer().getByLabel(label, { exact: true });
  }

  async fillContent(o: { name: string; body: string }): Promise<void> {
    await this.field('名称').fill(o.name);
    await this.field('正文').fill(o.body);
  }

  async next(): Promise<void> {
    await this.drawer().getByRole('button', { name: '下一步' }).click();
  }

  /** Radio buttons are drawn over hidden inputs: click what the user sees. */
  async targetMode(label: '选择群' | '按群分组' | '按标签' | '全部群'): Promise<void> {
    await this.drawer().locator('label.ant-radio-button-wrapper').filter({ hasText: new RegExp(`^${label}$`) }).click();
    await expect(this.drawer().getByRole('radio', { name: label, exact: true })).toBeChecked();
  }

  async pickSegment(name: string): Promise<void> {
    const box = this.drawer().getByRole('combobox').first();
    await box.click();
    const option = this.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${name}$`) });
    // A click can land during the dropdown's opening animation: retry until the select shows it.
    await expect(async () => {
      if (!(await option.isVisible())) await box.click();
      await option.click({ timeout: 1000 });
      await expect(this.drawer().locator('.ant-select').first()).toContainText(name, { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
  }

  summary(): Locator {
    return this.drawer().getByTestId('target-summary');
  }

  planRow(group: string): Locator {
    return this.drawer().locator('.ant-table-row').filter({ hasText: group });
  }

  preview(): Locator {
    return this.drawer().getByTestId('message-preview');
  }

  async send(): Promise<void> {
    await this.drawer().getByRole('button', { name: /^发\s?送$/ }).click();
  }
}
