import type { Clock } from '../../protocol/clock.js';
import { systemClock } from '../../protocol/clock.js';
import type { Link } from '../../protocol/link/link.js';
import { LinkClosedError } from '../../protocol/link/link.js';
import { ChunkQueue } from '../links/chunk-queue.js';
import {
  AtCommandError,
  AtTimeoutError,
  AtUnexpectedResponseError,
  type AtStep,
} from './at-errors.js';
import { finalResult, infoValue, nextLine, type AtFinal } from './at-lines.js';

/** Options of `AtModem`. */
export interface AtModemOptions {
  /** Per-command timeout in ms (default 3000). */
  readonly timeoutMs?: number;
  /** Injected time (tests); default the host clock. */
  readonly clock?: Clock;
}

/** What `identify()` learnt (3GPP TS 27.007 §5.1–5.4). */
export interface AtIdentity {
  /** `AT+CGMI` */
  readonly manufacturer: string;
  /** `AT+CGMM` */
  readonly model: string;
  /** `AT+CGSN` (IMEI on GSM phones) */
  readonly serialNumber: string;
}

/** A command's information lines and its final result. */
export interface AtResponse {
  readonly lines: readonly string[];
  readonly final: AtFinal;
}

interface Pending {
  readonly command: string;
  readonly lines: string[];
  resolve(r: AtResponse): void;
  reject(e: Error): void;
}

/**
 * The AT side of a phone's modem port, over any `Link` (usually a `SerialLink` on
 * ttyACM/rfcomm). Owns the link's `chunks()` iteration: in command mode it splits lines
 * and matches them to the command in flight; after `switchToObex()` got `CONNECT` it
 * hands every later byte (including any that arrived in the same chunk as `CONNECT`) to
 * the returned data link, so the OBEX layer sees exactly the bytes after the result.
 *
 * One command at a time; each step fails with its own typed error: `AtTimeoutError`
 * (silent), `AtCommandError` (ERROR / +CME ERROR), `AtUnexpectedResponseError`.
 */
export class AtModem {
  private readonly timeoutMs: number;
  private readonly clock: Clock;
  private buffer = new Uint8Array(0);
  private pending: Pending | undefined;
  private mode: 'command' | 'data' = 'command';
  private dropLeadingLf = false;
  private readonly data = new ChunkQueue();
  private failure: Error | undefined;
  private dataLink: Link | undefined;

  constructor(
    private readonly link: Link,
    options: AtModemOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.clock = options.clock ?? systemClock;
    void this.pump();
  }

  /** `AT` → `OK`: is there a modem answering on this port? */
  async probe(): Promise<void> {
    await this.expectOk('probe', 'AT');
  }

  /** Manufacturer, model and serial number (IMEI), each with its own command. */
  async identify(): Promise<AtIdentity> {
    const manufacturer = infoValue('AT+CGMI', (await this.expectOk('identity', 'AT+CGMI')).lines);
    const model = infoValue('AT+CGMM', (await this.expectOk('identity', 'AT+CGMM')).lines);
    const serialNumber = infoValue('AT+CGSN', (await this.expectOk('identity', 'AT+CGSN')).lines);
    return { manufacturer, model, serialNumber };
  }

  /**
   * `AT+CPROT=0` ("enter protocol mode", 3GPP TS 27.007 `+CPROT`, protocol 0 = OBEX)
   * expecting `CONNECT`. Resolves with a `Link` carrying OBEX from the first byte after `CONNECT`;
   * closing it closes the underlying link. The modem accepts no commands afterwards.
   */
  async switchToObex(): Promise<Link> {
    const command = 'AT+CPROT=0';
    const r = await this.command(command, 'switch');
    if (r.final.kind === 'error') throw new AtCommandError('switch', command, r.final.line);
    if (r.final.kind !== 'connect') {
      throw new AtUnexpectedResponseError('switch', command, 'CONNECT', r.final.line);
    }
    if (this.dataLink === undefined) throw new Error('unreachable: CONNECT without data link');
    return this.dataLink;
  }

  /**
   * Sends `command` + CR and resolves with its response once a final result code
   * arrives; rejects with `AtTimeoutError` after the timeout. Does not judge the result.
   */
  command(command: string, step: AtStep = 'command'): Promise<AtResponse> {
    if (this.mode === 'data')
      return Promise.reject(new LinkClosedError(`${this.link.description} (AT)`));
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending)
      return Promise.reject(new Error(`AT command ${this.pending.command} still in flight`));
    return new Promise<AtResponse>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        if (this.pending === entry) this.pending = undefined;
        reject(new AtTimeoutError(step, command, this.timeoutMs));
      }, this.timeoutMs);
      const entry: Pending = {
        command,
        lines: [],
        resolve: (r) => {
          this.clock.clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          this.clock.clearTimeout(timer);
          reject(e);
        },
      };
      // Lines left from an earlier, timed-out command are stale.
      this.buffer = new Uint8Array(0);
      this.pending = entry;
      this.link.write(new TextEncoder().encode(`${command}\r`)).catch((e: unknown) => {
        if (this.pending === entry) this.pending = undefined;
        entry.reject(e instanceof Error ? e : new Error(String(e)));
      });
    });
  }

  /** Closes the underlying link (and the data link, if any). */
  async close(): Promise<void> {
    this.data.end();
    await this.link.close();
  }

  private async expectOk(step: AtStep, command: string): Promise<AtResponse> {
    const r = await this.command(command, step);
    if (r.final.kind === 'ok') return r;
    if (r.final.kind === 'error') throw new AtCommandError(step, command, r.final.line);
    throw new AtUnexpectedResponseError(step, command, 'OK', r.final.line);
  }

  private async pump(): Promise<void> {
    try {
      for await (const chunk of this.link.chunks()) {
        if (this.mode === 'data') this.pushData(chunk);
        else this.onCommandBytes(chunk);
      }
      this.data.end();
      this.failAll(new LinkClosedError(this.link.description));
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      this.data.fail(err);
      this.failAll(err);
    }
  }

  private failAll(e: Error): void {
    this.failure ??= e;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(e);
  }

  private pushData(chunk: Uint8Array): void {
    let c = chunk;
    if (this.dropLeadingLf && c.length > 0) {
      this.dropLeadingLf = false;
      if (c[0] === 0x0a) c = c.subarray(1);
    }
    this.data.push(c);
  }

  private onCommandBytes(chunk: Uint8Array): void {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    let rest = joined;
    for (;;) {
      const next = nextLine(rest);
      if (next === undefined) break;
      const terminator = rest[next.used - 1];
      rest = rest.subarray(next.used);
      if (next.line.trim() === '') continue;
      const p = this.pending;
      if (p === undefined) continue; // unsolicited (RING, +CREG…) or late: ignore
      if (next.line.trim().toUpperCase() === p.command.toUpperCase()) continue; // echo
      const final = finalResult(next.line);
      if (final === undefined) {
        p.lines.push(next.line.trim());
        continue;
      }
      this.pending = undefined;
      if (final.kind === 'connect') {
        this.enterDataMode(rest, terminator === 0x0d);
        p.resolve({ lines: p.lines, final });
        return;
      }
      p.resolve({ lines: p.lines, final });
    }
    this.buffer = rest.slice();
  }

  private enterDataMode(rest: Uint8Array, afterCr: boolean): void {
    this.mode = 'data';
    this.buffer = new Uint8Array(0);
    this.dropLeadingLf = afterCr;
    this.dataLink = new AtDataLink(this.link, this.data);
    if (rest.length > 0) this.pushData(rest.slice());
  }
}

/** The link after `CONNECT`: same wire, bytes from the modem's data queue. */
class AtDataLink implements Link {
  readonly description: string;
  constructor(
    private readonly inner: Link,
    private readonly queue: ChunkQueue,
  ) {
    this.description = `${inner.description} (OBEX after AT+CPROT=0)`;
  }
  get isOpen(): boolean {
    return this.inner.isOpen;
  }
  async open(): Promise<void> {
    if (!this.inner.isOpen) throw new LinkClosedError(this.description);
  }
  write(data: Uint8Array): Promise<void> {
    return this.inner.write(data);
  }
  chunks(): AsyncIterable<Uint8Array> {
    return this.queue.iterate();
  }
  async close(): Promise<void> {
    this.queue.end();
    await this.inner.close();
  }
}
