/**
 * What the UI bench runs inside the page. Every function handed to `page.evaluate` is
 * serialized on its own (it can reach nothing of this module), so each names the little
 * of the DOM it uses through {@link PageGlobals} — the build has no DOM lib. DevTools
 * evaluation is not subject to the page's CSP, which therefore stays strict.
 */
import type { Page } from 'playwright-core';

interface El {
  readonly textContent: string | null;
  readonly parentElement: El | null;
  readonly value?: number | string;
  querySelector(s: string): El | null;
  querySelectorAll(s: string): Iterable<El>;
  closest(s: string): El | null;
  getAttribute(n: string): string | null;
  click(): void;
  dispatchEvent(e: unknown): boolean;
}
interface Mutation {
  /** An element, or a text node (no `closest`) whose parent is one. */
  readonly target: Pick<El, 'parentElement'> & Partial<Pick<El, 'closest'>>;
}
interface PageGlobals {
  readonly document: {
    readonly body: El;
    querySelector(s: string): El | null;
    querySelectorAll(s: string): Iterable<El>;
  };
  readonly performance: {
    now(): number;
    readonly timeOrigin: number;
    getEntriesByType(t: string): { name: string; duration: number }[];
  };
  readonly MutationObserver: new (cb: (m: Mutation[]) => void) => {
    observe(t: El, o: object): void;
    disconnect(): void;
  };
  readonly PerformanceObserver: new (cb: (l: { getEntries(): { duration: number }[] }) => void) => {
    observe(o: object): void;
    disconnect(): void;
  };
  readonly Event: new (type: string, init: object) => unknown;
  readonly HTMLInputElement: { readonly prototype: object };
  requestAnimationFrame(cb: (t: number) => void): number;
  setTimeout(cb: () => void, ms: number): number;
  __uiBench?: GridWatch;
}
interface GridWatch {
  shown: [string, number, number][];
  frames: number[];
  longTasks: number[];
  stop(): void;
}

/** One action on the page and when its result showed. */
export interface ActionTiming {
  /** From the action to the DOM mutation that showed the result, ms. */
  readonly dom: number;
  /** From the action to the next frame after it (painted), ms. */
  readonly painted: number;
}

/** The action: click the button with this exact text, or type this into the tree search. */
export type Action = { readonly click: string } | { readonly search: string };

/**
 * Runs `action` in the page and waits for `until` to match an element while the tree's
 * status line (`N nodes · M shown`) matches `status` (a RegExp source).
 */
export function timeAction(
  page: Page,
  action: Action,
  until: string,
  status: string,
): Promise<ActionTiming> {
  return page.evaluate(
    async ({ action, until, status }) => {
      const w = globalThis as unknown as PageGlobals;
      const d = w.document;
      const re = new RegExp(status);
      const done = (): boolean =>
        d.querySelector(until) !== null &&
        re.test(d.querySelector('.tree-panel .panel-head .muted')?.textContent ?? '');
      let shown = (_t: number): void => undefined;
      const seen = new Promise<number>((resolve, reject) => {
        shown = resolve;
        w.setTimeout(() => reject(new Error(`timed out waiting for ${until} /${status}/`)), 60_000);
      });
      const mo = new w.MutationObserver(() => {
        if (done()) shown(w.performance.now());
      });
      mo.observe(d.body, { childList: true, subtree: true, characterData: true });
      const t0 = w.performance.now();
      if ('click' in action) {
        for (const b of d.querySelectorAll('button')) if (b.textContent === action.click) b.click();
      } else {
        const input = d.querySelector('.tree-panel input[type=search]');
        const setter = Object.getOwnPropertyDescriptor(w.HTMLInputElement.prototype, 'value')?.set;
        if (input === null || setter === undefined) throw new Error('no tree search field');
        setter.call(input, action.search);
        input.dispatchEvent(new w.Event('input', { bubbles: true }));
      }
      const t1 = await seen.finally(() => mo.disconnect());
      const t2 = await new Promise<number>((r) =>
        w.requestAnimationFrame(() => w.setTimeout(() => r(w.performance.now()), 0)),
      );
      return { dom: t1 - t0, painted: t2 - t0 };
    },
    { action, until, status },
  );
}

/** Duration of the last `handset:get-tree` request the page made (resource timing), ms. */
export function lastTreeFetchMs(page: Page): Promise<number> {
  return page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    const e = w.performance
      .getEntriesByType('resource')
      .filter((x) => x.name.endsWith('handset:get-tree'));
    return e[e.length - 1]?.duration ?? NaN;
  });
}

/** The page's clock as Unix epoch ms (timeOrigin + now), for matching with node's. */
export function pageEpoch(page: Page): Promise<number> {
  return page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    return w.performance.timeOrigin + w.performance.now();
  });
}

/**
 * Starts watching the handset cards: every time a card's `<progress>` changes, records
 * (handset id, value, epoch ms); also every animation frame's time and every long task.
 */
export function startGridWatch(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    const now = (): number => w.performance.timeOrigin + w.performance.now();
    const watch: GridWatch = { shown: [], frames: [], longTasks: [], stop: () => undefined };
    // One entry per change of a card's value (React touches several nodes per update).
    const last = new Map<string, number>();
    const mo = new w.MutationObserver((ms) => {
      const t = now();
      for (const m of ms) {
        const el = m.target.closest === undefined ? m.target.parentElement : (m.target as El);
        const card = el?.closest('[data-handset-id]') ?? null;
        const value = card?.querySelector('progress')?.value;
        const id = card?.getAttribute('data-handset-id') ?? null;
        if (id === null || value === undefined || last.get(id) === Number(value)) continue;
        last.set(id, Number(value));
        watch.shown.push([id, Number(value), t]);
      }
    });
    mo.observe(w.document.body, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
    });
    const po = new w.PerformanceObserver((l) => {
      for (const e of l.getEntries()) watch.longTasks.push(e.duration);
    });
    po.observe({ type: 'longtask' });
    let running = true;
    const frame = (t: number): void => {
      watch.frames.push(t);
      if (running) w.requestAnimationFrame(frame);
    };
    w.requestAnimationFrame(frame);
    watch.stop = () => {
      running = false;
      mo.disconnect();
      po.disconnect();
    };
    w.__uiBench = watch;
  });
}

/** Stops the watch and returns what it saw. */
export function stopGridWatch(page: Page): Promise<Omit<GridWatch, 'stop'>> {
  return page.evaluate(() => {
    const w = (globalThis as unknown as PageGlobals).__uiBench;
    if (w === undefined) throw new Error('grid watch not started');
    w.stop();
    return { shown: w.shown, frames: w.frames, longTasks: w.longTasks };
  });
}
