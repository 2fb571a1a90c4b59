/**
 * Visual development only (CIMO_PREVIEW=1): the views over fixed data, screenshots into
 * artifacts/e2e/preview-*.png and an axe scan printed. Not the end-to-end proof.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebShell } from '../../../main/web/web-shell.js';
import type { WebShell } from '../../../main/web/web-shell.js';
import { axeSerious, openBrowser, screenshot } from '../support/browser.js';
import type { Session } from '../support/browser.js';
import { devGateway } from './dev-gateway.js';

const STATIC = fileURLToPath(new URL('../../../dist/renderer', import.meta.url));

describe('preview (fixed data)', () => {
  let shell: WebShell;
  let s: Session;
  beforeAll(async () => {
    shell = await startWebShell({ gateway: devGateway(), staticDir: STATIC });
    s = await openBrowser(shell.url);
  });
  afterAll(async () => {
    await s.close();
    await shell.close();
  });

  it('renders every view', async () => {
    const { page } = s;
    const report: string[] = [];
    const scan = async (name: string): Promise<void> => {
      await screenshot(page, `preview-${name}`);
      const v = await axeSerious(page);
      if (v.length > 0) report.push(`${name}: ${JSON.stringify(v, null, 1)}`);
    };
    await page.getByRole('dialog').waitFor();
    await scan('first-run');
    await page.getByLabel('Your name').fill('Sam Clerk');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Passphrase (at least 8 characters)').fill('correct horse battery');
    await page.getByLabel('Passphrase again').fill('correct horse battery');
    await scan('first-run-vault');
    await page.getByRole('button', { name: 'Create vault key' }).click();
    await page.locator('.handset-card').first().waitFor();
    await scan('bench');
    await page.locator('.handset-card').first().focus();
    await page.keyboard.press('Enter');
    await page.getByText('Information on the handset').waitFor();
    await scan('handset');
    await page.getByRole('button', { name: 'DM tree' }).click();
    await page.getByPlaceholder(/Search path/).fill('PhoneBook/ItemCount');
    await page.locator('.tree-row[data-path="./CIMO/InfoList/PhoneBook/ItemCount"]').click();
    await scan('tree');
    await page.getByRole('button', { name: 'Overview' }).click();
    await page.getByLabel('Choose Messages').check();
    await page.getByRole('button', { name: 'Wipe…' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await scan('flow-interlock');
    await page.keyboard.press('Escape');
    for (const [nav, name] of [
      ['Vault', 'vault'],
      ['Audit', 'audit'],
      ['Protocol trace', 'trace'],
      ['Settings', 'settings'],
    ] as const) {
      await page.getByRole('navigation').getByRole('button', { name: nav }).click();
      if (name === 'trace') await page.locator('.pick-list button').first().click();
      await page.waitForTimeout(300);
      await scan(name);
    }
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('navigation').getByRole('button', { name: 'Bench' }).click();
    await scan('bench-dark');
    console.log(report.join('\n') || 'axe: no serious/critical violations');
    console.log('CSP refusals:', s.cspRefusals, 'page errors:', s.pageErrors);
    expect(s.pageErrors).toEqual([]);
  });
});
