import { expect, type Download, type Locator, type Page } from '@playwright/test';

/** Page model of 群发: the list of broadcasts and one broadcast's delivery report (targets, filters, actions, audit log). */
export class BroadcastsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('menuitem', { name: '群发' }).click();
    await expect(this.page.getByRole('heading', { name: '群发', exact: true })).toBeVisible();
  }

  // ---- the list --------------------------------------------------------------------------------

  rows(): Locator {
    return this.page.getByTestId('broadcast-row');
  }

  row(name: string): Locator {
    return this.rows().filter({ has: this.page.getByTestId('broadcast-name').getByText(name, { exact: true }) });
  }

  /** Opens a broadcast's report the way a keyboard user would: its name is a button. */
  async openReport(name: string): Promise<void> {
    await this.row(name).getByRole('button', { name, exact: true }).click();
    await expect(this.report().getByTestId('report-name')).toHaveText(name);
  }

  // ---- the report ------------------------------------------------------------------------------

  report(): Locator {
    return this.page.getByTestId('broadcast-report');
  }

  progress(): Locator {
    return this.report().getByTestId('report-header').getByTestId('broadcast-progress');
  }

  targetRows(): Locator {
    return this.report().getByTestId('target-row');
  }

  target(group: string): Locator {
    return this.report().locator(`[data-testid="target-row"][data-group="${group}"]`);
  }

  /** The group names of the rows shown, in order. */
  async groupsShown(): Promise<string[]> {
    return this.targetRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-group') ?? ''));
  }

  async statusOf(group: string): Promise<string | null> {
    return this.target(group).getAttribute('data-status');
  }

  /** Picks a choice of a filter select by the start of its label ("待手动发送" matches "待手动发送 (3)"). */
  async filter(select: '按状态筛选' | '按平台筛选', choice: string): Promise<void> {
    const box = this.report().getByRole('combobox', { name: select });
    await box.click();
    const option = this.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${choice} \\(\\d+\\)$`) });
    await option.click();
    await expect(this.page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  }

  async tab(name: RegExp | string): Promise<void> {
    await this.report().getByRole('tab', { name }).click();
  }

  logRows(): Locator {
    return this.report().getByTestId('log-row');
  }

  /** Exports the report (CSV or XLSX) and returns the browser's download. */
  async export(format: 'CSV' | 'Excel'): Promise<Download> {
    await this.report().getByRole('button', { name: '导出报告' }).click();
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByRole('menuitem', { name: new RegExp(`^${format}`) }).click()]);
    return download;
  }
}
