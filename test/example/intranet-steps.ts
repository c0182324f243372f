import type { Page } from 'playwright-core';

/** What a person does in the example, through its accessible names (as a screen-reader user would find them). */
export class IntranetSteps {
  constructor(private readonly page: Page) {}

  /** On the development IdP's login page: choose a person, land on the home page. */
  async signInAs(displayName: string): Promise<void> {
    await this.page.getByRole('button', { name: `Sign in as ${displayName}` }).click();
    await this.page.getByRole('heading', { name: `Hello, ${displayName}` }).waitFor();
  }

  /** Sign out (POST, then single logout at the IdP) and wait for the signed-out home page. */
  async signOut(): Promise<void> {
    await this.page.getByRole('button', { name: 'Sign out' }).click();
    await this.page.getByRole('link', { name: 'Sign in with SSO' }).waitFor();
  }

  /** From the signed-out home page, through the IdP, as `displayName`. */
  async signInFromHome(displayName: string): Promise<void> {
    await this.page.getByRole('link', { name: 'Sign in with SSO' }).click();
    await this.signInAs(displayName);
  }

  async openEnergyAccount(): Promise<void> {
    await this.page.getByRole('link', { name: 'Open my energy account' }).click();
    await this.page.waitForLoadState();
  }

  /** The customer the loaded emulated portal page says is signed in (`null` when none). */
  async portalCustomer(): Promise<string | null> {
    const marker = this.page.locator('[data-customer-id]');
    return (await marker.count()) === 0 ? null : marker.first().getAttribute('data-customer-id');
  }

  /** The audit table's cells, row by row. */
  auditRows(): Promise<string[][]> {
    return this.page
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent.trim())),
      );
  }
}
