import { expect, type Locator, type Page } from '@playwright/test';

/** Page model of the console: navigation, the welcome dialog, the Groups area and the Inbox. */
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
    return this.page.getByRole('dialog', { name: /新建群|编辑群/ });
  }

  async openNewGroupForm(): Promise<void> {
    await this.page.getByRole('button', { name: '新建群' }).first().click();
    await expect(this.groupForm()).toBeVisible();
  }

  /** A choice in the group form: radio buttons where the field has them, a select otherwise. */
  async chooseOption(label: string, option: string): Promise<void> {
    const form = this.groupForm();
    const radio = form.getByRole('radio', { name: option, exact: true });
    if ((await radio.count()) > 0) {
      // antd draws button-style radios over a hidden input: click what the user sees.
      await form.getByText(option, { exact: true }).click();
      await expect(radio).toBeChecked();
      return;
    }
    await form.getByRole('combobox', { name: new RegExp(`^\\*?\\s*${label}$`) }).click();
    await this.page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
  }

  async save(): Promise<void> {
    await this.groupForm().getByRole('button', { name: /保\s*存/ }).click();
  }

  // ---- Inbox ---------------------------------------------------------------------------------

  readonly inbox = {
    search: (): Locator => this.page.getByRole('textbox', { name: '搜索消息' }),
    list: (): Locator => this.page.getByRole('list', { name: '消息列表' }),
    rows: (): Locator => this.page.getByTestId('message-row'),
    sidebar: (): Locator => this.page.getByRole('navigation', { name: '群列表' }),
    /** A group's entry in the sidebar: its name and counter, and its menu. */
    group: (name: string): Locator => this.page.getByTestId('sidebar-group').filter({ has: this.page.locator('.qz-side-name', { hasText: new RegExp(`^${name}$`) }) }),
    /** The button that filters the list to a group (its accessible name starts with the group's name). */
    groupButton: (name: string): Locator => this.inbox.group(name).getByRole('button', { name: new RegExp(`^${name} `) }),
    /** The cursor row (j/k). */
    cursorRow: (): Locator => this.page.locator('[data-testid="message-row"][aria-current="true"]'),
    contextPanel: (): Locator => this.page.locator('.qz-context').getByRole('dialog'),
    searchSummary: (): Locator => this.page.getByTestId('search-summary'),
  };

  async openInbox(): Promise<void> {
    await this.goto('收件箱');
    await expect(this.inbox.rows().first()).toBeVisible({ timeout: 20_000 });
  }

  /** The unread counter a sidebar group shows. */
  async unreadOf(name: string): Promise<number> {
    const n = await this.inbox.group(name).getByTestId('unread-count').getAttribute('data-count');
    return Number(n);
  }

  async searchInbox(query: string): Promise<void> {
    await this.inbox.search().fill(query);
    await this.inbox.search().press('Enter');
    await expect(this.inbox.searchSummary()).toContainText(query);
  }
}
