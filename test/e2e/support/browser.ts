/**
 * Debian's Chromium driven by playwright-core for the end-to-end tests: a fresh profile
 * per run, screenshots into artifacts/e2e/, an axe-core scan (serious and critical
 * violations returned), and CSP refusals collected from the console.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('../../../artifacts/e2e/', import.meta.url));

export interface Session {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console lines where the page refused something by its CSP. */
  readonly cspRefusals: string[];
  /** Uncaught page errors. */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

/** Launches Chromium headless with a throw-away profile, 1280×720, and opens `url`. */
export async function openBrowser(
  url: string,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<Session> {
  const profile = mkdtempSync(join(tmpdir(), 'cimo-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
    viewport: { width: 1280, height: 720 },
    colorScheme,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const cspRefusals: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m) => {
    const t = m.text();
    if (/Content Security Policy|Refused to/i.test(t)) cspRefusals.push(t);
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(url);
  return {
    context,
    page,
    cspRefusals,
    pageErrors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-window screenshot as artifacts/e2e/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** One axe violation, reduced to what a failure message needs. */
export interface AxeFinding {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: string[];
}

/**
 * Runs axe-core on the page as it is (DevTools evaluation is not subject to the page's
 * CSP, so the strict policy stays on) and returns the serious and critical violations.
 */
export async function axeSerious(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const w = globalThis as unknown as {
      document: unknown;
      axe: {
        run: (
          ctx: unknown,
          opts: object,
        ) => Promise<{
          violations: {
            id: string;
            impact: string | null;
            help: string;
            nodes: { target: string[] }[];
          }[];
        }>;
      };
    };
    const r = await w.axe.run(w.document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
