/**
 * Choosing handsets on the command line and waiting until they are identified.
 *
 * A handset argument is an IMEI (15 digits), the last digits of one (when only one
 * handset's IMEI ends so), a link (`/dev/ttyACM0`, `tcp:127.0.0.1:6500`), or the
 * registry's id or DevId; `--all` takes every handset that identifies. The wait ends as
 * soon as every argument names exactly one ready handset (or, for `--all`, when every
 * device has finished connecting), and at the timeout with exit 4 naming what was missing
 * and, for devices that failed, the step and what to try. With `onReady`, `--all` also
 * hands over each handset the moment it is ready, so work on it can start while other
 * devices are still connecting (a port that never answers then holds nobody).
 */
import type { HandsetRecord } from '../../services/handsets/handset-record.js';
import type { HandsetRegistry } from '../../services/handsets/registry.js';
import { ConsoleCliError, EXIT } from './exit-codes.js';

const SETTLED = new Set(['ready', 'busy', 'failed', 'detached']);
const USABLE = new Set(['ready', 'busy']);

function settled(r: HandsetRecord): boolean {
  return SETTLED.has(r.connection.state);
}

/** True when `ref` names `r` (see the module comment); IMEI suffixes need 4+ digits. */
export function refMatches(r: HandsetRecord, ref: string): boolean {
  if (r.matches(ref)) return true;
  const imei = r.identity?.imei ?? r.identity?.devId?.replace(/^IMEI:/, '');
  if (/^\d{4,15}$/.test(ref)) return imei?.endsWith(ref) === true;
  if (ref.startsWith('/'))
    return r.id === `serial:${ref}` || r.channel.description.endsWith(` ${ref}`);
  if (ref.startsWith('tcp:')) return r.channel.description === `tcp ${ref.slice(4)}`;
  return false;
}

/** One line about a handset for messages: link, IMEI, state (step and hint when failed). */
export function describeRecord(r: HandsetRecord): string {
  const c = r.connection;
  const who = r.imei === undefined ? r.channel.description : `${r.imei} (${r.channel.description})`;
  return c.state === 'failed'
    ? `${who}: failed at ${c.step}: ${c.message} — ${c.hint}`
    : `${who}: ${c.state}`;
}

type Resolution =
  | { readonly kind: 'ok'; readonly record: HandsetRecord }
  | { readonly kind: 'pending' }
  | { readonly kind: 'ambiguous'; readonly records: readonly HandsetRecord[] }
  | { readonly kind: 'unreachable'; readonly record: HandsetRecord }
  | { readonly kind: 'missing' };

/**
 * How long a unique IMEI-suffix match waits for devices still identifying (one of them
 * could match too), and how long `--all` waits for devices that stopped changing state:
 * a port that never answers must not hold the command until `--wait` runs out.
 */
const SUFFIX_GRACE_MS = 5000;

function resolveRef(all: readonly HandsetRecord[], ref: string, graceOver: boolean): Resolution {
  const hits = all.filter((r) => refMatches(r, ref));
  const everyoneSettled = all.every(settled) || graceOver;
  const isSuffix = /^\d{4,14}$/.test(ref);
  if (hits.length > 1 && (!isSuffix || everyoneSettled))
    return { kind: 'ambiguous', records: hits };
  const hit = hits[0];
  if (hit !== undefined && hits.length === 1) {
    if (USABLE.has(hit.connection.state)) {
      // A suffix is decided only when no other device could still turn out to match.
      return !isSuffix || everyoneSettled ? { kind: 'ok', record: hit } : { kind: 'pending' };
    }
    if (settled(hit)) return { kind: 'unreachable', record: hit };
  }
  return everyoneSettled && hits.length === 0 ? { kind: 'missing' } : { kind: 'pending' };
}

/** Period of connection retries while waiting for named handsets. */
const RETRY_MS = 2000;

/** What to wait for: named handsets, or every handset. */
export type Selection = { readonly all: true } | { readonly refs: readonly string[] };

/** The state of one wait, shared by the pickers. */
interface WaitState {
  readonly all: readonly HandsetRecord[];
  readonly late: boolean;
  readonly timeoutMs: number;
  /** When the registry last changed (any handset's state). */
  readonly lastChange: number;
  /** When each IMEI-suffix argument first had exactly one ready match. */
  readonly uniqueSince: Map<string, number>;
  readonly warn: (line: string) => void;
}

/**
 * `--all`: the ready handsets once every device settled, went quiet, or time ran out,
 * plus those already handed over (`taken`), which count as chosen whatever their state now.
 */
function pickAll(w: WaitState, taken: ReadonlySet<HandsetRecord>): HandsetRecord[] | undefined {
  const { all } = w;
  const chosen = (r: HandsetRecord): boolean => taken.has(r) || USABLE.has(r.connection.state);
  const quiet = all.some(chosen) && Date.now() - w.lastChange >= SUFFIX_GRACE_MS;
  if (all.length > 0 && (all.every((r) => taken.has(r) || settled(r)) || w.late || quiet)) {
    const ready = all.filter(chosen);
    if (ready.length === 0)
      throw new ConsoleCliError(
        `no handset is reachable:\n  ${all.map(describeRecord).join('\n  ')}`,
        EXIT.notFound,
      );
    for (const r of all) if (!chosen(r)) w.warn(`skipped ${describeRecord(r)}`);
    return ready;
  }
  if (w.late)
    throw new ConsoleCliError(
      `no handset found in ${w.timeoutMs / 1000} s: plug one in, or name it with --tcp HOST:PORT / --serial DEV, or add it to the settings (cimo settings add-handset)`,
      EXIT.notFound,
    );
  return undefined;
}

/** One argument, with the grace period for IMEI suffixes. */
function pickOne(w: WaitState, ref: string): Resolution {
  const res = resolveRef(w.all, ref, false);
  const readyHit = w.all.some((r) => refMatches(r, ref) && USABLE.has(r.connection.state));
  if (res.kind !== 'pending' || !readyHit) return res;
  const since = w.uniqueSince.get(ref) ?? Date.now();
  w.uniqueSince.set(ref, since);
  const final = resolveRef(w.all, ref, w.late || Date.now() - since >= SUFFIX_GRACE_MS);
  const waiting = w.all.filter((r) => !settled(r));
  if (final.kind === 'ok' && waiting.length > 0)
    w.warn(
      `${ref}: chose ${final.record.imei ?? final.record.id} without waiting for ${waiting
        .map(describeRecord)
        .join(', ')}`,
    );
  return final;
}

/** Named handsets: all of them once each argument names exactly one ready handset. */
function pickNamed(w: WaitState, refs: readonly string[]): HandsetRecord[] | undefined {
  const out = refs.map((ref) => ({ ref, res: pickOne(w, ref) }));
  for (const { ref, res } of out) {
    if (res.kind === 'ambiguous')
      throw new ConsoleCliError(
        `"${ref}" names ${res.records.length} handsets (${res.records.map((r) => r.imei ?? r.id).join(', ')}): give more digits of the IMEI`,
        EXIT.usage,
      );
    if (res.kind === 'unreachable' && w.late)
      throw new ConsoleCliError(`${ref}: ${describeRecord(res.record)}`, EXIT.notFound);
  }
  const chosen = out.flatMap((o) => (o.res.kind === 'ok' ? [o.res.record] : []));
  if (chosen.length === out.length) return [...new Set(chosen)];
  if (!w.late) return undefined;
  const missing = out.filter((o) => o.res.kind !== 'ok').map((o) => o.ref);
  throw new ConsoleCliError(
    `no handset ${missing.join(', ')} identified in ${w.timeoutMs / 1000} s${
      w.all.length === 0
        ? ' (no devices seen)'
        : `; seen:\n  ${w.all.map(describeRecord).join('\n  ')}`
    }`,
    EXIT.notFound,
  );
}

/** Resolves at the registry's next change, or after `ms`. */
function nextChange(registry: HandsetRegistry, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      registry.off('changed', done);
      resolve();
    }
    registry.on('changed', done);
  });
}

/** Called with each handset of `--all` as soon as it is ready (see the module comment). */
export type OnReady = (record: HandsetRecord) => void;

/** Waits until the selection is identified (see the module comment). */
export async function waitForHandsets(
  registry: HandsetRegistry,
  selection: Selection,
  timeoutMs: number,
  warn: (line: string) => void = (l) => void process.stderr.write(`${l}\n`),
  onReady?: OnReady,
): Promise<HandsetRecord[]> {
  const deadline = Date.now() + timeoutMs;
  const taken = new Set<HandsetRecord>();
  const take = (r: HandsetRecord): void => {
    if (onReady === undefined || taken.has(r)) return;
    taken.add(r);
    onReady(r);
  };
  const uniqueSince = new Map<string, number>();
  let lastChange = Date.now();
  let lastRetry = Date.now();
  const onChange = (): void => void (lastChange = Date.now());
  registry.on('changed', onChange);
  try {
    for (;;) {
      const all = registry.list().flatMap((s) => {
        const r = registry.find(s.id);
        return r === undefined ? [] : [r];
      });
      const w = { all, late: Date.now() >= deadline, timeoutMs, lastChange, uniqueSince, warn };
      if ('all' in selection) for (const r of all) if (USABLE.has(r.connection.state)) take(r);
      const picked = 'all' in selection ? pickAll(w, taken) : pickNamed(w, selection.refs);
      if (picked !== undefined) return picked;
      // A named handset may not be up yet (or was busy): failed devices that never
      // identified are tried again now and then until the wait is over.
      if (!('all' in selection) && Date.now() - lastRetry >= RETRY_MS) {
        lastRetry = Date.now();
        for (const r of all)
          if (r.connection.state === 'failed' && r.identity === undefined && !r.detached)
            void registry.connect(r.id);
      }
      await nextChange(registry, Math.max(10, Math.min(500, deadline - Date.now())));
    }
  } finally {
    registry.off('changed', onChange);
  }
}
