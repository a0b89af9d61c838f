import { expect, type Locator, type Page } from '@playwright/test';

/** Page model of the Roster: toolbar filters, the virtualized table, the bulk bar, the member drawer, segments. */
export class RosterPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('menuitem', { name: '成员' }).click();
    await expect(this.rows().first()).toBeVisible({ timeout: 20_000 });
  }

  table(): Locator {
    return this.page.getByRole('table', { name: '成员列表' });
  }

  search(): Locator {
    return this.page.getByRole('searchbox', { name: '搜索成员' });
  }

  rows(): Locator {
    return this.page.getByTestId('roster-row');
  }

  /** The number after "共 … 人" in the header, once counted. */
  async total(): Promise<number> {
    const el = this.page.getByTestId('roster-total');
    await expect(el).toHaveText(/^共 [\d,]+ 人$/);
    return Number((await el.textContent())!.replace(/[^\d]/g, ''));
  }

  /** Picks options in one of the toolbar's selects (by its label), then closes the dropdown. */
  async pick(select: string, options: string[], scope: Locator = this.page.locator('body')): Promise<void> {
    const box = scope.getByRole('combobox', { name: select, exact: true });
    await box.click();
    for (const o of options) {
      await box.fill(o).catch(() => undefined); // searchable selects narrow the list; others ignore typing
      await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${o}$`) }).first().click();
    }
    // Close the list by clicking a neutral spot (the dialog's title, or the page heading): Escape
    // would close a whole dialog if the list had already closed on its own.
    const title = scope.locator('.ant-modal-title:visible');
    if (await title.count()) await title.first().click();
    else await box.press('Escape');
    await expect(this.page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  }

  async filterGroups(...names: string[]): Promise<void> {
    await this.pick('所在群', names);
  }

  async filterTags(...tags: string[]): Promise<void> {
    await this.pick('自动标签', tags);
  }

  rowTags(row: Locator): Locator {
    return row.getByTestId('roster-tags');
  }

  drawer(): Locator {
    return this.page.locator('.qz-member').getByRole('dialog');
  }

  /** The evidence line of one tag in one group, in the open member's drawer. */
  evidence(group: string, tag: 'kol' | 'active' | 'new' | 'silent' | 'at-risk'): Locator {
    return this.drawer().locator(`[data-testid="group-tags"][data-group="${group}"] [data-testid="tag-evidence"][data-tag="${tag}"] .qz-evidence-text`);
  }

  bulkBar(): Locator {
    return this.page.getByTestId('bulk-bar');
  }

  async select(row: Locator): Promise<void> {
    await row.getByRole('checkbox').check();
  }

  segmentBuilder(): Locator {
    return this.page.getByRole('dialog', { name: /新建分组|编辑分组/ });
  }
}
