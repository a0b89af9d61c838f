import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

/** Page model of the Groups page's segments: the toolbar picker, the group segment builder, the table's rows. */
export class GroupsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('menuitem', { name: '群组' }).click();
    await expect(this.rows().first()).toBeVisible({ timeout: 20_000 });
  }

  /** The table's data rows (antd draws a hidden measuring row too). */
  rows(): Locator {
    return this.page.locator('.ant-table-tbody tr.ant-table-row');
  }

  /** The group names in the table, in its order. */
  async names(): Promise<string[]> {
    return this.rows().locator('td:first-child strong').allTextContents();
  }

  /** The toolbar's segment picker (its selected value is the text of the select around it). */
  segmentPicker(): Locator {
    return this.page.getByRole('combobox', { name: '群分组', exact: true });
  }

  segmentPickerValue(): Locator {
    return this.segmentPicker().locator('xpath=ancestor::div[contains(@class,"ant-select")][1]');
  }

  summary(): Locator {
    return this.page.getByTestId('group-segment-summary');
  }

  builder(): Locator {
    return this.page.getByRole('dialog', { name: /新建群分组|编辑群分组/ });
  }

  count(): Locator {
    return this.builder().getByTestId('group-segment-count');
  }

  rule(i: number): Locator {
    return this.builder().getByTestId('group-segment-rule').nth(i);
  }

  /** Picks options in a select (by its label) inside `scope`, then closes the dropdown. */
  async pick(scope: Locator, select: string, options: string[]): Promise<void> {
    const box = scope.getByRole('combobox', { name: select, exact: true });
    // The select's own box: what it shows once an option is chosen (typed search text is not text content).
    const field = box.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " ant-select ")][1]');
    for (const o of options) {
      // A click on an option while the list is still opening can be lost: retry until the select shows it.
      await expect(async () => {
        if ((await field.textContent())?.includes(o)) return;
        if ((await this.page.locator('.ant-select-dropdown:visible').count()) === 0) await box.click();
        if (await box.isEditable()) await box.fill(o); // searchable selects narrow the list
        await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${o}$`) }).first().click({ timeout: 2000 });
        await expect(field).toContainText(o, { timeout: 1000 });
      }).toPass({ timeout: 20_000 });
    }
    // Close the list by clicking a neutral spot: Escape would close the whole dialog if the list
    // had already closed on its own.
    const title = this.page.locator('.ant-modal-title:visible');
    if (await title.count()) await title.first().click();
    else await box.press('Escape');
    await expect(this.page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  }

  async addRule(field: string): Promise<void> {
    // A click on a menu item while the menu is still opening can be lost: retry until the rule is there
    // (and never add a second one if a late click did land).
    const rules = this.builder().getByTestId('group-segment-rule');
    const before = await rules.count();
    const item = this.page.getByRole('menuitem', { name: field, exact: true });
    await expect(async () => {
      if ((await rules.count()) > before) return;
      if (!(await item.isVisible())) await this.builder().getByRole('button', { name: '添加条件' }).click();
      await item.click({ timeout: 2000 });
      await expect(rules).toHaveCount(before + 1, { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(rules).toHaveCount(before + 1);
  }
}

/**
 * Calls the core the way the page does (the bridge, with the token the page was opened with), so
 * a test can compute what to expect from the workspace's own data rather than guess it.
 */
export async function callCore<T>(request: APIRequestContext, openUrl: string, method: string, params: unknown = {}): Promise<T> {
  const url = new URL(openUrl);
  const res = await request.post(`${url.origin}/api/call`, { headers: { 'x-qunzhu-token': url.searchParams.get('token')! }, data: { method, params } });
  const env = (await res.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  if (!env.ok) throw new Error(`${method}: ${env.error.code} ${env.error.message}`);
  return env.value;
}
