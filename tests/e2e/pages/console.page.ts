import { expect, type Locator, type Page } from '@playwright/test';

/** Page model of the console: navigation, the welcome dialog and the Groups area. */
export class ConsolePage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
  }

  welcome(): Locator {
    return this.page.getByRole('dialog', { name: '欢迎使用群主' });
  }

  async startEmpty(): Promise<void> {
    await this.welcome().getByRole('button', { name: '从空白开始' }).click();
    await expect(this.welcome()).toBeHidden();
  }

  async loadDemo(): Promise<void> {
    await this.welcome().getByRole('button', { name: /载入示例工作区/ }).click();
    await expect(this.welcome()).toBeHidden({ timeout: 30_000 });
  }

  async goto(area: string): Promise<void> {
    await this.page.getByRole('menuitem', { name: area }).click();
  }

  groupsTable(): Locator {
    return this.page.locator('.ant-table');
  }

  groupForm(): Locator {
    return this.page.locator('.ant-drawer-content, .ant-modal-content').filter({ has: this.page.getByLabel('群名称') });
  }

  async openNewGroupForm(): Promise<void> {
    await this.page.getByRole('button', { name: '新建群' }).first().click();
    await expect(this.groupForm()).toBeVisible();
  }

  async chooseOption(label: string, option: string): Promise<void> {
    const form = this.groupForm();
    const field = form.getByLabel(label, { exact: true });
    const role = await field.getAttribute('type');
    if (role === 'radio') {
      await form.getByText(option, { exact: true }).click();
      return;
    }
    await field.click();
    await this.page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
  }

  async save(): Promise<void> {
    await this.groupForm().getByRole('button', { name: /保\s*存/ }).click();
  }
}
