import { expect, type Locator, type Page } from '@playwright/test';

/** Page model of Settings → 连接: the robot list, its empty state and the add/edit dialog. */
export class ConnectionsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('menuitem', { name: '设置' }).click();
    await this.region().scrollIntoViewIfNeeded();
    await expect(this.region()).toBeVisible();
  }

  region(): Locator {
    return this.page.getByRole('region', { name: '连接' });
  }

  empty(): Locator {
    return this.region().getByTestId('connections-empty');
  }

  vaultStatus(): Locator {
    return this.region().getByTestId('vault-status');
  }

  list(): Locator {
    return this.region().getByRole('list', { name: '群机器人' });
  }

  row(name: string): Locator {
    return this.list().getByRole('listitem', { name, exact: true });
  }

  /**
   * The row's action button (测试 / 暂停 / 恢复 / 编辑 / 删除), by its text: antd fades a spinner
   * out of a button that stopped loading, and its label ("loading") may linger in the name.
   */
  action(name: string, action: string): Locator {
    return this.row(name).getByRole('button').filter({ hasText: new RegExp(`^${action}$`) });
  }

  dialog(): Locator {
    return this.page.getByRole('dialog', { name: /添加群机器人|编辑“/ });
  }

  async openAdd(): Promise<void> {
    await this.region().getByRole('button', { name: '添加机器人' }).click();
    await expect(this.dialog()).toBeVisible();
  }

  /** Platform buttons are radios drawn over hidden inputs: click what the user sees. */
  async choosePlatform(label: '企业微信' | '钉钉' | '飞书'): Promise<void> {
    await this.dialog().locator('label.ant-radio-button-wrapper').filter({ hasText: new RegExp(`^${label}$`) }).click();
    await expect(this.dialog().getByRole('radio', { name: label, exact: true })).toBeChecked();
  }

  guide(): Locator {
    return this.dialog().getByTestId('robot-guide');
  }

  field(label: string): Locator {
    return this.dialog().getByLabel(label, { exact: true });
  }

  /** The error line under a form field, found by the field's label. */
  fieldError(label: string): Locator {
    return this.dialog()
      .locator('.ant-form-item')
      .filter({ has: this.page.locator(`label:text-is("${label}")`) })
      .locator('.ant-form-item-explain-error');
  }

  async pickGroup(name: string): Promise<void> {
    const box = this.dialog().getByRole('combobox', { name: '发往的群' });
    await box.click();
    await box.fill(name);
    // Typing narrows the list to the one group; Enter picks it (a click can land during the dropdown's opening animation).
    await expect(this.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${name}$`) })).toBeVisible();
    await box.press('Enter');
    await expect(this.dialog().locator('.ant-select-content, .ant-select-selection-item').filter({ hasText: name }).first()).toBeVisible();
  }

  async openAdvanced(): Promise<void> {
    await this.dialog().getByRole('button', { name: /高级：自定义接收地址/ }).click();
    await expect(this.field('接收地址')).toBeVisible();
  }

  async submit(label: '添加' | '保存'): Promise<void> {
    await this.dialog().getByRole('button', { name: label, exact: true }).click();
  }
}
