import type { Page } from 'playwright-core';

/**
 * 签发 or 盖章 as the user confirms it: the act's button was pressed; `covers` answers the question about
 * covering an earlier signature first; then the sheet takes the PIN and its confirm button.
 */
export async function confirmOnSheet(page: Page, action: '签发' | '盖章', pin: string, covers = false): Promise<void> {
  if (covers) await page.getByRole('alertdialog').getByRole('button', { name: '确认盖在已有签名上' }).click();
  const sheet = page.getByRole('dialog');
  await sheet.getByLabel('PIN').fill(pin);
  await sheet.getByRole('button', { name: `确认${action}` }).click();
}
