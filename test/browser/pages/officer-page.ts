import type { Locator, Page } from 'playwright-core';

/** Page object for the officer lookup (`/tra-cuu`, `/tra-cuu/:code`, `/tra-cuu/:code/phieu`). */
export class OfficerLookupPage {
  readonly query: Locator;
  readonly results: Locator;
  readonly procedureName: Locator;
  readonly procedureCode: Locator;

  constructor(private readonly page: Page, private readonly baseUrl: string) {
    this.query = page.getByTestId('officer-q');
    this.results = page.getByTestId('officer-results').locator('li');
    this.procedureName = page.getByTestId('procedure-name');
    this.procedureCode = page.getByTestId('procedure-code');
  }

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/tra-cuu`);
  }

  async search(text: string, filters: { level?: string; scope?: string } = {}): Promise<void> {
    await this.query.fill(text);
    if (filters.level) await this.page.getByLabel('Cấp thực hiện').selectOption(filters.level);
    if (filters.scope) await this.page.getByLabel('Phạm vi').selectOption(filters.scope);
    await Promise.all([this.page.waitForURL(/\/tra-cuu\?/), this.page.getByRole('button', { name: 'Tìm kiếm' }).click()]);
  }

  async resultTitles(): Promise<string[]> {
    return this.results.locator('strong').allInnerTexts();
  }

  async openResult(index: number): Promise<void> {
    await Promise.all([this.page.waitForURL(/\/tra-cuu\/\d\.\d{6}$/), this.results.nth(index).locator('a').first().click()]);
  }

  async openSlip(): Promise<void> {
    await Promise.all([this.page.waitForURL(/\/phieu$/), this.page.getByTestId('slip-link').click()]);
  }
}
