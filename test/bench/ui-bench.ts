/**
 * The operator UI in Debian's Chromium (playwright-core), served by the real web shell
 * over a bench gateway with generated data (the renderer is what is measured):
 * - DM tree browser with 50,000 nodes: time from clicking "DM tree" to the rows shown
 *   (target ≤ 200 ms) and from a search to the filtered list (target ≤ 100 ms). The
 *   overview reads the tree ahead as it shows; the click comes as soon as the overview's
 *   tab button appears, so the read-ahead is usually still under way and partly timed;
 * - bench grid with 32 handsets each sent `operations:progress` 10 times a second: time
 *   from the emit in node to the card's DOM showing it (p50/p95), dropped frames, long tasks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { CDPSession, Page } from 'playwright-core';
import { fmt, median } from './measure.js';
import {
  lastTreeFetchMs,
  pageEpoch,
  startGridWatch,
  stopGridWatch,
  timeAction,
} from './ui-page.js';
import { startUiServer } from './ui-server.js';
import type { UiServer } from './ui-server.js';

const NODES = 50_000;
const RUNS = 7;
const GRID = 32;
const RATE_HZ = 10;
const GRID_SECONDS = 4;

const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const met = (x: number, target: number): string => (x <= target ? 'met' : '**not met**');
const wallEpoch = (): number => performance.timeOrigin + performance.now();

/** Chromium's renderer main-thread task time so far, seconds (`Performance.getMetrics`). */
async function mainThreadBusy(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

/** Tree open and search timings: medians over {@link RUNS} runs. */
async function treeBench(page: Page): Promise<void> {
  await page.locator('.handset-card').first().click();
  await page.getByRole('button', { name: 'Overview' }).waitFor();
  const open: number[] = [];
  const openDom: number[] = [];
  const fetch: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = await timeAction(page, { click: 'DM tree' }, '.tree-row', '^50,000 nodes$');
    open.push(t.painted);
    openDom.push(t.dom);
    fetch.push(await lastTreeFetchMs(page));
    if (i < RUNS - 1) await page.getByRole('button', { name: 'Overview' }).click();
  }
  const queries = [
    [
      'one contact by path',
      'Contact1234/Tel',
      '[data-path="./CIMO/InfoList/PhoneBook/Items/Contact1234/Tel"]',
    ],
    ['one file by value', 'IMG_12345.jpg', '[data-path="./Vendor/Media/File2345/Name"]'],
    ['broad (every Meta/K3)', 'Meta/K3', '[data-path$="/Meta/K3"]'],
  ] as const;
  const rows: string[] = [];
  const row = (
    what: string,
    painted: number[],
    dom: number[],
    target: number,
    note: string,
  ): void => {
    const m = median(painted);
    rows.push(
      `| ${what} | ${fmt(median(dom), 1)} ms | ${fmt(m, 1)} ms | ${fmt(Math.min(...painted), 0)}–${fmt(Math.max(...painted), 0)} ms | ≤ ${target} ms | ${met(m, target)} | ${note} |`,
    );
  };
  // The first open is the cold one (the page's code not yet optimized, nothing of the
  // tree in memory): shown on its own so a warm median cannot hide it.
  row(
    'open the DM tree, first (cold) open',
    open.slice(0, 1),
    openDom.slice(0, 1),
    200,
    `tree read ahead when the overview showed (request ${fmt(fetch[0] ?? NaN, 1)} ms, clicked as the overview appeared)`,
  );
  row(
    'open the DM tree (50,000 nodes)',
    open,
    openDom,
    200,
    `read ahead likewise, request median ${fmt(median(fetch), 1)} ms`,
  );
  const clearP: number[] = [];
  const clearD: number[] = [];
  for (const [what, q, sel] of queries) {
    const p: number[] = [];
    const d: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = await timeAction(page, { search: q }, sel, 'shown$');
      p.push(t.painted);
      d.push(t.dom);
      const c = await timeAction(page, { search: '' }, '.tree-row', '^50,000 nodes$');
      clearP.push(c.painted);
      clearD.push(c.dom);
    }
    row(`search: ${what}, \`${q}\``, p, d, 100, 'whole query in one input event');
  }
  row('clear the search (back to the tree)', clearP, clearD, 100, `${clearP.length} runs`);
  console.log(`\n## UI: DM tree browser, ${NODES.toLocaleString('en')} nodes`);
  console.log(
    `Median of ${RUNS} runs, timed inside the page (performance.now) from the click / input event to the ` +
      'MutationObserver seeing the expected rows and status line ("DOM"), and to the next frame after it ("painted"; the target applies to this).',
  );
  console.log(
    `\n| action | DOM | painted | painted range | target | | note |\n|---|---:|---:|---:|---:|---|---|\n${rows.join('\n')}`,
  );
}

/** 32 handsets, progress at {@link RATE_HZ}/s each for {@link GRID_SECONDS} s. */
async function gridBench(page: Page, server: UiServer): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Bench' }).click();
  await server.request({ type: 'handsets', count: GRID });
  await page
    .locator('.handset-card')
    .nth(GRID - 1)
    .waitFor();
  // The page's clock against node's: the offset from the round trip with the least delay.
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 20; i++) {
    const a = wallEpoch();
    const p = await pageEpoch(page);
    const b = wallEpoch();
    if (b - a < best.rtt) best = { rtt: b - a, offset: p - (a + b) / 2 };
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await startGridWatch(page);
  const busy0 = await mainThreadBusy(cdp);
  const watchStart = wallEpoch();
  const grid = await server.request({
    type: 'grid',
    count: GRID,
    rateHz: RATE_HZ,
    seconds: GRID_SECONDS,
  });
  if (grid.type !== 'grid') throw new Error(`UI bench server: ${grid.type}`);
  const { emitted, seconds } = grid;
  await page.waitForTimeout(500);
  const busy = (await mainThreadBusy(cdp)) - busy0;
  const watched = (wallEpoch() - watchStart) / 1000;
  const seen = await stopGridWatch(page);
  const byId = new Map<string, [number, number][]>();
  for (const [id, v, t] of seen.shown)
    byId.set(id, [...(byId.get(id) ?? []), [v, t - best.offset]]);
  const lat: number[] = [];
  let missing = 0;
  for (const [id, v, t] of emitted) {
    const shown = byId.get(id)?.find(([sv, st]) => sv >= v && st >= t - best.rtt);
    if (shown === undefined) missing++;
    else lat.push(Math.max(0, shown[1] - t));
  }
  const gaps = seen.frames.slice(1).map((t, i) => t - (seen.frames[i] ?? t));
  const dropped = gaps.reduce((a, g) => a + Math.max(0, Math.round(g / (1000 / 60)) - 1), 0);
  const longSum = seen.longTasks.reduce((a, x) => a + x, 0);
  const p50 = pct(lat, 50);
  const p95 = pct(lat, 95);
  console.log(`\n## UI: bench grid, ${GRID} handsets reporting progress`);
  console.log(
    `\`handsets:changed\` with ${GRID} handsets, then \`operations:progress\` for each at ${RATE_HZ}/s for ${GRID_SECONDS} s ` +
      `(${emitted.length} events in ${fmt(seconds, 2)} s) through the web shell's WebSocket. Latency: node's clock at the emit to the page's ` +
      `MutationObserver seeing the card's <progress> at that value or later (clocks matched by the fastest of 20 round trips, ±${fmt(best.rtt / 2, 2)} ms). ` +
      'Frames from requestAnimationFrame (60 Hz); long tasks from PerformanceObserver; main-thread busy time from ' +
      "Chromium's TaskDuration metric (DevTools protocol). The issue names no target for the grid: 100 ms, the usual bound for an update to feel immediate, is shown for reference.",
  );
  console.log(
    '\n| measure | value | reference | |\n|---|---:|---:|---|' +
      `\n| emit → DOM, p50 | ${fmt(p50, 1)} ms | ≤ 100 ms | ${met(p50, 100)} |` +
      `\n| emit → DOM, p95 | ${fmt(p95, 1)} ms | ≤ 100 ms | ${met(p95, 100)} |` +
      `\n| emit → DOM, max | ${fmt(Math.max(...lat), 1)} ms | | |` +
      `\n| updates never shown | ${missing} of ${emitted.length} | 0 | ${met(missing, 0)} |` +
      `\n| frames / dropped | ${seen.frames.length} / ${dropped} (longest ${fmt(Math.max(...gaps), 1)} ms) | | |` +
      `\n| renderer main thread busy | ${fmt(busy, 2)} s of ${fmt(watched, 2)} s (${fmt((100 * busy) / watched, 0)} %) | | |` +
      `\n| long tasks (> 50 ms) | ${seen.longTasks.length}, ${fmt(longSum, 0)} ms in all (longest ${fmt(Math.max(0, ...seen.longTasks), 0)} ms) | | |`,
  );
}

export async function runUiBench(): Promise<void> {
  const server = await startUiServer(NODES);
  const profile = mkdtempSync(join(tmpdir(), 'cimo-ui-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
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
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url);
    await page.locator('.handset-card').first().waitFor();
    console.log(
      `\nThe renderer (dist/renderer) in ${context.browser()?.version() ?? 'Chromium'} headless, 1280×720, served by the real web shell ` +
        'in a process of its own (as the console is), whose gateway serves generated data (not the console services): the renderer is what is measured. ' +
        'The tree is packed when the handset is attached, as the console (its UI shells) packs the MO subtree it reads at identification, off the session path. The page CSP stays on.',
    );
    await treeBench(page);
    await gridBench(page, server);
    if (errors.length > 0) console.log(`\nPage errors: ${errors.join('; ')}`);
    // Browser, web shell and emitter share the CPUs with whatever else runs: say how loaded.
    console.log(
      `\nLoad average at the end (1/5 min): ${loadavg()
        .slice(0, 2)
        .map((x) => fmt(x, 2))
        .join(' / ')} on ${availableParallelism()} CPUs.`,
    );
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await server.close();
  }
}
