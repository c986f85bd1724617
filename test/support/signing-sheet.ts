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

/**
 * In 印章's 签发与盖章 tab: approves `pdf` (签发), then seals the approved copy (盖章) at the form's default spot,
 * where the seal covers the approval box, so the user confirms that too. Returns the sealed file's path.
 */
export async function approveAndSeal(page: Page, pdf: string, pin: string): Promise<string> {
  await page.getByRole('button', { name: '印章' }).first().click();
  await page.getByRole('tab', { name: '签发与盖章' }).click();
  await page.getByLabel('PDF 文件路径').fill(pdf);
  await page.getByRole('button', { name: '签发', exact: true }).click();
  await confirmOnSheet(page, '签发', pin);
  const approved = pdf.replace(/\.pdf$/, '-已签发.pdf');
  await page.getByTestId('seal-results').getByText(`已生成 ${approved}`).waitFor();
  await page.getByLabel('PDF 文件路径').fill(approved);
  await page.getByRole('button', { name: '盖章', exact: true }).click();
  await confirmOnSheet(page, '盖章', pin, true);
  const sealed = pdf.replace(/\.pdf$/, '-已盖章.pdf');
  await page.getByTestId('seal-results').getByText(`已生成 ${sealed}`).waitFor();
  return sealed;
}
