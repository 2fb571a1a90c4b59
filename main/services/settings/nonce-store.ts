/**
 * The DM authentication nonces of each account (`<data>/nonces.json`): the nonce we gave
 * the handset for its next message and the one it gave us. MD5 digests depend on them,
 * so a console that forgot them would need an extra challenge round on every session.
 * A stale nonce is not fatal (the peer challenges with a fresh one), only slower.
 *
 * Writes therefore happen off the event loop: a change is applied in memory at once (the
 * next session uses it) and the file is rewritten in the background, one write at a time,
 * at most one every {@link NONCE_WRITE_SPACING_MS} (the first at once), the changes made
 * meanwhile coalesced into the next one. Each session changes both nonces of its account:
 * with 16 handsets, writing again as soon as the last write ended was dozens of fsynced
 * rewrites a second. A crash can lose the changes of the last moments — the documented
 * cost is one extra challenge round for the accounts concerned. `flush()` (awaited by the console's close) skips the
 * wait and resolves when the newest state is on disk.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fromBase64, toBase64 } from '../../../protocol/bytes/base64.js';
import { readJsonFile, writeJsonAtomicAsync } from './atomic-json.js';

/** Least time between the starts of two background writes of the file, ms (default). */
export const NONCE_WRITE_SPACING_MS = 250;

/** File name inside the data folder. */
export const NONCES_FILE = 'nonces.json';

/** One account's nonces. */
export interface AccountNonces {
  /** What the handset must use in its next digest (we chose it). */
  readonly client: Uint8Array;
  /** What we must use in our next digest and in package #0 (the handset chose it). */
  readonly server: Uint8Array;
}

type Stored = Record<string, { client: string; server: string }>;

/** Nonces by account key (`<serverId>|<clientUsername>`), persisted (in the background) on every change. */
export class NonceStore {
  readonly #path: string;
  readonly #map: Stored;
  readonly #spacingMs: number;
  /** The write in progress (its promise never rejects), if any. */
  #writing: Promise<void> | undefined;
  /** A change arrived since the running write took its snapshot. */
  #dirty = false;
  /** The last write's failure, reported once by {@link flush}. */
  #error: unknown;
  /** Ends the wait before the next write (set while waiting). */
  #hurry: AbortController | undefined;
  /** Flushes waiting: while there are any, the next write goes at once. */
  #flushing = 0;
  /** When the last write began (`performance.now()`). */
  #lastWrite = -Infinity;

  private constructor(path: string, map: Stored, spacingMs: number) {
    this.#path = path;
    this.#map = map;
    this.#spacingMs = spacingMs;
  }

  /**
   * Opens `<folder>/nonces.json` (missing: empty; unreadable: starts empty). `writeSpacingMs`
   * (default {@link NONCE_WRITE_SPACING_MS}) is the least time between two writes.
   */
  static open(folder: string, options: { readonly writeSpacingMs?: number } = {}): NonceStore {
    const path = join(folder, NONCES_FILE);
    let raw: unknown;
    try {
      raw = readJsonFile(path);
    } catch {
      raw = undefined;
    }
    const map: Stored = {};
    if (typeof raw === 'object' && raw !== null) {
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        const o = v as { client?: unknown; server?: unknown };
        if (typeof o.client === 'string' && typeof o.server === 'string')
          map[k] = { client: o.client, server: o.server };
      }
    }
    return new NonceStore(path, map, options.writeSpacingMs ?? NONCE_WRITE_SPACING_MS);
  }

  /** The key of an account. */
  static key(serverId: string, clientUsername: string): string {
    return `${serverId}|${clientUsername}`;
  }

  /** The stored nonces of `key`, or empty ones (the first session then costs a challenge). */
  get(key: string): AccountNonces {
    const s = this.#map[key];
    if (s === undefined) return { client: new Uint8Array(0), server: new Uint8Array(0) };
    return { client: fromBase64(s.client), server: fromBase64(s.server) };
  }

  /** Stores one side's new nonce and writes the file at once. */
  set(key: string, side: 'client' | 'server', nonce: Uint8Array): void {
    const cur = this.#map[key] ?? { client: '', server: '' };
    this.#map[key] = { ...cur, [side]: toBase64(nonce) };
    this.#persist();
  }

  /** Seeds both nonces (a handset whose account was configured together with them). */
  seed(key: string, nonces: AccountNonces): void {
    this.#map[key] = { client: toBase64(nonces.client), server: toBase64(nonces.server) };
    this.#persist();
  }

  /**
   * Resolves when every change made so far is on disk; rejects (once) with the error of a
   * background write that failed.
   */
  async flush(): Promise<void> {
    this.#flushing++;
    this.#hurry?.abort();
    try {
      while (this.#writing !== undefined) await this.#writing;
    } finally {
      this.#flushing--;
    }
    if (this.#error !== undefined) {
      const e = this.#error;
      this.#error = undefined;
      throw e;
    }
  }

  #persist(): void {
    this.#dirty = true;
    if (this.#writing !== undefined) return;
    this.#writing = (async () => {
      while (this.#dirty) {
        const wait = this.#lastWrite + this.#spacingMs - performance.now();
        if (wait > 0 && this.#flushing === 0) await this.#pause(wait);
        this.#lastWrite = performance.now();
        this.#dirty = false;
        try {
          await writeJsonAtomicAsync(this.#path, { ...this.#map });
          this.#error = undefined;
        } catch (e) {
          this.#error = e;
        }
      }
      this.#writing = undefined;
    })();
  }

  /** Waits `ms` (not keeping the process alive), or less when `flush` hurries it. */
  async #pause(ms: number): Promise<void> {
    this.#hurry = new AbortController();
    await sleep(ms, undefined, { ref: false, signal: this.#hurry.signal }).catch(() => undefined);
    this.#hurry = undefined;
  }
}
