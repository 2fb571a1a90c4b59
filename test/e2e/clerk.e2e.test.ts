/**
 * What a clerk does, end to end: the built UI in Debian's Chromium against the web shell
 * with the real console services and reference handsets (`cimo-handset start`, OBEX over
 * TCP). Handsets appear on the bench; open one; find a tree node by search; retrieve the
 * phone book and photos and see them in the vault; wipe them and read zero back; a wipe
 * without retrieval is stopped; lock and unlock; a handset unplugged mid-operation says
 * what happened. Every view is screenshotted into artifacts/e2e/ and scanned with axe.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killFleets, startFleet, tcpPort } from '../handset/cli/support.js';
import type { RunningFleet } from '../handset/cli/support.js';
import { axeSerious, openBrowser, screenshot } from './support/browser.js';
import type { Session } from './support/browser.js';
import { loadAssembly, startConsoleShell } from './support/console.js';
import type { RunningConsole } from './support/console.js';
import {
  allAttrIn,
  atLeast,
  attrIs,
  contains,
  countIs,
  shows,
  textIs,
  valueIs,
} from './support/ui-expect.js';

const assembly = await loadAssembly();
const missing = typeof assembly === 'string' ? assembly : undefined;
if (missing !== undefined) console.warn(`e2e skipped: ${missing}`);

const LONG = 150_000;

/**
 * Screenshot + axe: no serious or critical violations on this view; and, unless the step
 * is about a failure, no error notice on screen (a request the clerk did not ask to fail
 * must not fail — a stale-nonce race once showed "closed: the session ended before an
 * answer" here).
 */
async function look(page: Page, name: string, errorsExpected = false): Promise<void> {
  if (!errorsExpected)
    expect(await page.locator('.notice-error').allInnerTexts(), `${name}: error notices`).toEqual(
      [],
    );
  await screenshot(page, name);
  const found = await axeSerious(page);
  expect(found, `${name}: ${JSON.stringify(found, null, 1)}`).toEqual([]);
}

/** Count shown in the CIMO table for an item. */
async function itemCount(page: Page, itemId: string): Promise<number> {
  const t = await page.locator(`tr[data-item-id="${itemId}"] .item-count`).textContent();
  return Number(t);
}

async function nav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click();
}

/** Walks an open operation dialog to the end and waits for every result to finish. */
async function runFlow(
  page: Page,
  opts: { consent?: boolean; confirm?: RegExp } = {},
): Promise<void> {
  const dialog = page.getByRole('dialog');
  await shows(dialog.getByText('Nothing is sent until you confirm.'));
  await dialog.locator('[data-step="review"] .button-primary').click();
  if (opts.consent === true) {
    await dialog
      .getByLabel('The handset asks its owner (the owner confirms on the phone).')
      .check();
    await dialog.locator('[data-step="consent"] .button-primary').click();
  }
  if (opts.confirm !== undefined) await dialog.getByRole('button', { name: opts.confirm }).click();
  await dialog.locator('[data-step="progress"]').waitFor();
  await allAttrIn(
    page.locator('[data-step="progress"] .result'),
    'data-status',
    ['done', 'failed', 'interrupted', 'cancelled'],
    LONG,
  );
}

describe.skipIf(missing !== undefined)(
  'the clerk’s walk-through (real console, reference handsets, Chromium)',
  () => {
    let fleet: RunningFleet;
    let slow: RunningFleet;
    let con: RunningConsole;
    let s: Session;
    let fleetDir: string | undefined;

    beforeAll(async () => {
      fleetDir = mkdtempSync(join(tmpdir(), 'cimo-e2e-handsets-'));
      fleet = await startFleet([
        '--count',
        '2',
        '--obex-tcp',
        '0',
        '--profile',
        'small',
        '--consent',
        'always',
        '--data',
        join(fleetDir, 'a'),
        '--quiet',
      ]);
      // The handset to unplug: paced so its retrieval is still running when it goes.
      slow = await startFleet([
        '--count',
        '1',
        '--obex-tcp',
        '0',
        '--profile',
        'typical',
        '--seed',
        '7',
        '--pace-baud',
        '19200',
        '--data',
        join(fleetDir, 'b'),
        '--quiet',
      ]);
      if (typeof assembly === 'string') throw new Error(assembly);
      con = await startConsoleShell(assembly);
      s = await openBrowser(con.shell.url);
      for (const row of [...fleet.rows, ...slow.rows]) void con.addTcpHandset(row, tcpPort(row));
    });
    afterEach(async (ctx) => {
      // What the page showed when a step failed, for whoever reads the failure.
      if (ctx.task.result?.state === 'fail' && s !== undefined) {
        await screenshot(s.page, `failed-${ctx.task.name.replace(/[^a-z0-9]+/gi, '-')}`);
      }
    });
    afterAll(async () => {
      await s?.close();
      await con?.close();
      await killFleets();
      if (fleetDir !== undefined) rmSync(fleetDir, { recursive: true, force: true });
    });

    it('asks for the operator on first run, then shows every handset on the bench', async () => {
      const { page } = s;
      const name = page.getByLabel('Your name');
      await name.waitFor();
      await look(page, 'first-run');
      await name.fill('Sam Clerk');
      await page.getByRole('button', { name: /Start|Next/ }).click();
      const pass = page.getByLabel('Passphrase (at least 8 characters)');
      if (await pass.isVisible().catch(() => false)) {
        await pass.fill('e2e passphrase 1');
        await page.getByRole('button', { name: /Open vault|Create vault key/ }).click();
      }
      for (const row of [...fleet.rows, ...slow.rows]) {
        await shows(
          page.locator('.handset-card .imei-tail', { hasText: row.imei.slice(-4) }),
          LONG,
        );
      }
      await atLeast(page.locator('.handset-card.state-ready'), 3, LONG);
      await look(page, 'bench');
    });

    it('opens a handset with the keyboard and finds a node in its tree by search', async () => {
      const { page } = s;
      const row = fleet.rows[0];
      if (row === undefined) throw new Error('no handset');
      const card = page.locator('.handset-card', {
        has: page.locator('.imei-tail', { hasText: row.imei.slice(-4) }),
      });
      // The overview reads the tree ahead from what the console holds (it read the MO
      // subtree at identification), so opening the DM tree sends no request of its own.
      const treeBodies: unknown[] = [];
      const onRequest = (r: Request): void => {
        if (r.url().endsWith('/api/invoke/handset:get-tree')) treeBodies.push(r.postDataJSON());
      };
      page.on('request', onRequest);
      const ahead = page.waitForResponse(
        (r) => r.url().endsWith('/api/invoke/handset:get-tree') && r.ok(),
      );
      await card.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Information on the handset' }).waitFor();
      const phoneBook = await itemCount(page, 'PhoneBook');
      expect(phoneBook).toBeGreaterThan(0);
      expect(await (await ahead).json()).toMatchObject({ ok: true });
      await look(page, 'handset');

      await page.getByRole('button', { name: 'DM tree' }).click();
      await page.locator('.tree-row').first().waitFor();
      page.off('request', onRequest);
      expect(treeBodies).toEqual([expect.objectContaining({ kept: true })]);
      await page.getByPlaceholder(/Search path/).fill('InfoList/PhoneBook/ItemCount');
      const node = page.locator('.tree-row[data-path$="/InfoList/PhoneBook/ItemCount"]');
      await node.click();
      await textIs(page.locator('.node-path'), /\/InfoList\/PhoneBook\/ItemCount$/);
      await textIs(page.locator('.node-value-text'), String(phoneBook));
      await look(page, 'tree');
      await page.getByRole('button', { name: 'Overview' }).click();
    });

    it('retrieves the phone book and photos, verified, and shows them in the vault', async () => {
      const { page } = s;
      const photos = await itemCount(page, 'Photos');
      await page.getByLabel('Choose Phone book').check();
      await page.getByLabel('Choose Photos').check();
      await page
        .getByRole('group', { name: 'Item actions' })
        .getByRole('button', { name: 'Retrieve' })
        .click();
      await runFlow(page, { consent: true });
      await attrIs(
        page.locator('[data-step="progress"] .result').first(),
        'data-status',
        'done',
        LONG,
      );
      await shows(page.locator('[data-step="progress"] .verification').first());
      await look(page, 'retrieve-result');
      await page.getByRole('button', { name: 'Open in vault' }).click();

      await page.locator('.pick-list button').first().waitFor({ timeout: LONG });
      await page.locator('.pick-list button').last().click();
      await shows(page.getByText('✓ verified').first());
      await shows(page.locator('.contacts-table tbody tr').first(), LONG);
      await countIs(page.locator('.thumbs img'), photos, LONG);
      await look(page, 'vault');
    });

    it('wipes them and reads zero items back', async () => {
      const { page } = s;
      await nav(page, 'Handset');
      await page.getByLabel('Choose Phone book').check();
      await page.getByLabel('Choose Photos').check();
      await page.getByRole('button', { name: 'Wipe…' }).click();
      await runFlow(page, { consent: true, confirm: /^Wipe …\d{4} now$/ });
      await attrIs(
        page.locator('[data-step="progress"] .result').first(),
        'data-status',
        'done',
        LONG,
      );
      await contains(page.locator('[data-step="progress"]'), 'all zero ✓', LONG);
      await look(page, 'wipe-result');
      await page.getByRole('button', { name: 'Done' }).click();
      await textIs(page.locator('tr[data-item-id="PhoneBook"] .item-count'), '0');
      await textIs(page.locator('tr[data-item-id="Photos"] .item-count'), '0');
    });

    it('stops a wipe of an item that was never retrieved', async () => {
      const { page } = s;
      const notes = await itemCount(page, 'Notes');
      expect(notes).toBeGreaterThan(0);
      await page.getByLabel('Choose Notes').check();
      await page.getByRole('button', { name: 'Wipe…' }).click();
      await page.locator('[data-step="review"] .button-primary').click();
      await contains(page.locator('[data-step="interlock"]'), 'Stopped');
      expect(await page.locator('[data-step="interlock"] .button-danger').isDisabled()).toBe(true);
      await look(page, 'wipe-interlock');
      await page.keyboard.press('Escape');
      await countIs(page.getByRole('dialog'), 0);
      await page.getByRole('button', { name: 'Refresh' }).click();
      await textIs(page.locator('tr[data-item-id="Notes"] .item-count'), String(notes));
      await page.getByLabel('Choose Notes').uncheck();
    });

    it('locks and unlocks the handset', async () => {
      const { page } = s;
      await page.getByRole('button', { name: 'Lock handset' }).click();
      await runFlow(page);
      await page.getByRole('button', { name: 'Done' }).click();
      await textIs(page.locator('.view-head .lock'), 'Fully locked', LONG);
      await look(page, 'handset-locked');
      await page
        .getByRole('group', { name: 'Handset actions' })
        .getByRole('button', { name: 'Unlock' })
        .click();
      await runFlow(page);
      await page.getByRole('button', { name: 'Done' }).click();
      await textIs(page.locator('.view-head .lock'), 'Unlocked', LONG);
    });

    it('shows what happened to a handset unplugged mid-operation', async () => {
      const { page } = s;
      const row = slow.rows[0];
      if (row === undefined) throw new Error('no slow handset');
      await nav(page, 'Bench');
      const card = page.locator('.handset-card', {
        has: page.locator('.imei-tail', { hasText: row.imei.slice(-4) }),
      });
      await card.focus();
      await page.keyboard.press(' ');
      await page
        .getByRole('toolbar', { name: 'Batch actions' })
        .getByRole('button', { name: 'Retrieve everything' })
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('[data-step="review"] .button-primary').click();
      await dialog.locator('[data-step="consent"] .button-primary').click();
      await dialog.locator('[data-step="progress"]').waitFor();
      await page.getByRole('button', { name: /Close \(keeps running\)|Done/ }).click();
      await shows(card.locator('progress'), LONG);
      slow.child.kill('SIGKILL');
      await slow.exited;
      // The card says what happened (the operation's end or the link's failure) and what to do.
      const gone = page.locator('.handset-card', { hasText: row.imei.slice(-4) });
      await contains(gone, /interrupted|Unplugged|failed|refused/i, LONG);
      await contains(gone, /LastOperation|plug|try again|Reconnect|is the handset on/i);
      await look(page, 'bench-unplugged', true);
    });

    it('shows the audit log with a verified chain, the protocol trace and the settings', async () => {
      const { page } = s;
      await nav(page, 'Audit');
      await contains(page.locator('.chain-status'), 'Chain verified', LONG);
      await shows(page.locator('.table tbody tr').first());
      await look(page, 'audit');

      await nav(page, 'Protocol trace');
      await page.locator('.pick-list button').first().click({ timeout: LONG });
      await shows(page.locator('.message').first(), LONG);
      await contains(page.locator('.code-note').first(), /\d{3,4} /);
      await look(page, 'trace');

      await nav(page, 'Settings');
      await valueIs(page.getByLabel('Name recorded on every operation'), 'Sam Clerk');
      await look(page, 'settings');

      await page.emulateMedia({ colorScheme: 'dark' });
      await nav(page, 'Bench');
      await look(page, 'bench-dark');
      expect(s.cspRefusals).toEqual([]);
      expect(s.pageErrors).toEqual([]);
    });
  },
);
