/**
 * Waiting assertions on playwright-core locators (the core package has no `expect`):
 * each polls until the page shows what is expected or the time is up, then fails with
 * what it last saw.
 */
import type { Locator } from 'playwright-core';

const DEFAULT = 30_000;

async function eventually<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeout: number,
): Promise<T> {
  const end = Date.now() + timeout;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch {
      // Not there yet (detached, navigating): keep polling.
    }
    if (Date.now() > end)
      throw new Error(
        `timed out after ${timeout} ms waiting for ${what}; last saw ${JSON.stringify(last)}`,
      );
    await new Promise((r) => setTimeout(r, 150));
  }
}

const matches = (v: string | null, want: string | RegExp, exact: boolean): boolean =>
  v !== null &&
  (typeof want === 'string' ? (exact ? v.trim() === want : v.includes(want)) : want.test(v));

/** Waits until the (first) element is visible. */
export async function shows(loc: Locator, timeout = DEFAULT): Promise<void> {
  await loc.first().waitFor({ state: 'visible', timeout });
}

/** Waits until the first element's text is exactly `want` (trimmed) or matches it. */
export async function textIs(
  loc: Locator,
  want: string | RegExp,
  timeout = DEFAULT,
): Promise<string> {
  return (
    (await eventually(
      () => loc.first().textContent({ timeout: 1000 }),
      (v) => matches(v, want, true),
      `text ${String(want)}`,
      timeout,
    )) ?? ''
  );
}

/** Waits until the first element's text contains `want` or matches it. */
export async function contains(
  loc: Locator,
  want: string | RegExp,
  timeout = DEFAULT,
): Promise<string> {
  return (
    (await eventually(
      () => loc.first().textContent({ timeout: 1000 }),
      (v) => matches(v, want, false),
      `text containing ${String(want)}`,
      timeout,
    )) ?? ''
  );
}

/** Waits until the first element's attribute `name` is `value`. */
export async function attrIs(
  loc: Locator,
  name: string,
  value: string,
  timeout = DEFAULT,
): Promise<void> {
  await eventually(
    () => loc.first().getAttribute(name, { timeout: 1000 }),
    (v) => v === value,
    `${name}=${value}`,
    timeout,
  );
}

/** Waits until the locator matches exactly `n` elements. */
export async function countIs(loc: Locator, n: number, timeout = DEFAULT): Promise<void> {
  await eventually(
    () => loc.count(),
    (v) => v === n,
    `${n} elements`,
    timeout,
  );
}

/** Waits until the input's value is `value`. */
export async function valueIs(loc: Locator, value: string, timeout = DEFAULT): Promise<void> {
  await eventually(
    () => loc.first().inputValue({ timeout: 1000 }),
    (v) => v === value,
    `value ${value}`,
    timeout,
  );
}

/** Waits until the locator matches at least `n` elements. */
export async function atLeast(loc: Locator, n: number, timeout = DEFAULT): Promise<void> {
  await eventually(
    () => loc.count(),
    (v) => v >= n,
    `at least ${n} elements`,
    timeout,
  );
}

/** Waits until every element of `loc` (one at least) has attribute `name` in `values`. */
export async function allAttrIn(
  loc: Locator,
  name: string,
  values: readonly string[],
  timeout = DEFAULT,
): Promise<void> {
  await eventually(
    async () => {
      const n = await loc.count();
      const seen: (string | null)[] = [];
      for (let i = 0; i < n; i++) seen.push(await loc.nth(i).getAttribute(name, { timeout: 1000 }));
      return seen;
    },
    (seen) => seen.length > 0 && seen.every((v) => v !== null && values.includes(v)),
    `every ${name} in ${values.join('|')}`,
    timeout,
  );
}
