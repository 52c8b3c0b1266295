import type { Locator, Page } from 'playwright-core';

/** Page object for the citizen web chat (`/`), over Web Chat's rendered DOM. */
export class CitizenChatPage {
  readonly root: Locator;
  readonly input: Locator;
  readonly botMessages: Locator;
  readonly userMessages: Locator;
  readonly suggestedActions: Locator;

  constructor(private readonly page: Page, private readonly baseUrl: string) {
    this.root = page.getByTestId('webchat');
    this.input = page.locator('[data-id="webchat-sendbox-input"]');
    this.botMessages = page.locator('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content');
    this.userMessages = page.locator('.webchat__bubble--from-user .webchat__bubble__content');
    this.suggestedActions = page.locator('.webchat__suggested-actions__button');
  }

  async open(path = '/'): Promise<void> {
    await this.page.goto(`${this.baseUrl}${path}`);
    await this.page.locator('#webchat[data-ready="true"]').waitFor();
    await this.botMessages.first().waitFor();
  }

  /** Types a question and sends it with Enter, as a citizen would. */
  async ask(text: string): Promise<void> {
    await this.input.click();
    await this.input.fill(text);
    await this.input.press('Enter');
  }

  /** Waits until there are more than `count` bot messages; returns the newest one. */
  async waitForBotMessageAfter(count: number, timeoutMs = 15_000): Promise<Locator> {
    await this.page.waitForFunction(
      (n) => document.querySelectorAll('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content').length > n,
      count,
      { timeout: timeoutMs },
    );
    return this.botMessages.nth(count);
  }

  async botMessageCount(): Promise<number> {
    return this.botMessages.count();
  }

  async suggestedActionTitles(): Promise<string[]> {
    return (await this.suggestedActions.allInnerTexts()).map((t) => t.trim());
  }

  /** Activities whose send failed show a retry button in their status line. */
  async failedSends(): Promise<number> {
    return this.page.locator('.webchat__activity-status button').count();
  }
}
