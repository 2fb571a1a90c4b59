/**
 * What a handset may send the console (PROTOCOL-FACTS §1.3: Alert, Replace of DevInfo,
 * Results, Status) and what the console does with it; anything else is a protocol
 * violation. Generic Alerts (1226) and client events (1224) become typed events.
 */
import type { Command, Item, SyncMLMessage } from '../../syncml/model.js';
import { DmProtocolError } from '../errors.js';
import { exceedsTransmitted } from '../chunker.js';
import type { SessionCore } from '../session-core.js';
import { dataText } from '../wire-value.js';
import type { Pending } from './pending.js';
import { resultItem } from './results-assembler.js';

/** One item of a Generic Alert or client event. */
export interface AlertItem {
  readonly source?: string;
  readonly type?: string;
  readonly format?: string;
  readonly mark?: string;
  readonly data: string;
}

/** Events a console acts on or persists. */
export type ServerSessionEvent =
  | {
      readonly type: 'generic-alert';
      readonly correlator?: string;
      readonly items: readonly AlertItem[];
    }
  | { readonly type: 'client-event'; readonly items: readonly AlertItem[] }
  /** The nonce the client must use next time (persist it for the account). */
  | { readonly type: 'client-nonce'; readonly nonce: Uint8Array }
  /** The nonce the client told us to use next time (persist it). */
  | { readonly type: 'server-nonce'; readonly nonce: Uint8Array };

function alertItem(i: Item): AlertItem {
  return {
    ...(i.source !== undefined ? { source: i.source.locURI } : {}),
    ...(i.meta?.type !== undefined ? { type: i.meta.type } : {}),
    ...(i.meta?.format !== undefined ? { format: i.meta.format } : {}),
    ...(i.meta?.mark !== undefined ? { mark: i.meta.mark } : {}),
    data: dataText(i.data),
  };
}

/** Handles the non-Status commands of client messages. */
export class Inbox {
  /** False while the client's current package has more messages to come. */
  peerPackageComplete = true;

  constructor(
    private readonly core: SessionCore,
    private readonly pending: Pending,
    private readonly devInfo: Map<string, string>,
    private readonly emit: (e: ServerSessionEvent) => void,
  ) {}

  /**
   * Answers the commands of `msg` (into the outbox). With `refuse` set (authentication
   * failed), every command gets that code and nothing runs. Throws `DmProtocolError` for
   * a command a client may not send, and for 1223.
   */
  receive(msg: SyncMLMessage, refuse: number | undefined): { wantsMore: boolean } {
    const core = this.core;
    const msgRef = msg.header.msgId;
    let wantsMore = false;
    for (const c of msg.commands) {
      if (c.kind === 'Status') continue;
      if (refuse !== undefined) {
        if (c.kind !== 'Results' && c.kind !== 'Unknown')
          core.outbox.push({ command: core.statusFor(msgRef, c as never, refuse) });
        continue;
      }
      const status = (code: number): void => {
        core.outbox.push({ command: core.statusFor(msgRef, c as never, code) });
      };
      switch (c.kind) {
        case 'Alert':
          if (c.code === 1223)
            throw new DmProtocolError('session-aborted', 'the client aborted the session (1223)');
          if (c.code === 1222) wantsMore = true;
          if (c.code === 1226) {
            this.emit({
              type: 'generic-alert',
              ...(c.correlator !== undefined ? { correlator: c.correlator } : {}),
              items: c.items.map(alertItem),
            });
          }
          if (c.code === 1224) this.emit({ type: 'client-event', items: c.items.map(alertItem) });
          status(
            c.code !== undefined && [1200, 1201, 1222, 1224, 1225, 1226].includes(c.code)
              ? 200
              : 406,
          );
          break;
        case 'Replace': {
          const uris = c.items.map((i) => i.source?.locURI ?? i.target?.locURI ?? '');
          if (!uris.every((u) => /^(\.\/)?DevInfo(\/|$)/.test(u))) {
            throw new DmProtocolError(
              'command-not-allowed',
              `Replace of ${uris.join(', ')} from a client`,
            );
          }
          c.items.forEach((i, k) => this.devInfo.set(uris[k] as string, dataText(i.data)));
          status(200);
          break;
        }
        case 'Results':
          this.results(c, msgRef);
          break;
        default:
          throw new DmProtocolError(
            'command-not-allowed',
            `${kindOf(c)} is not allowed from a client`,
          );
      }
    }
    return { wantsMore };
  }

  /**
   * A Results command: chunks are buffered (213) and joined. An item over our MaxObjSize
   * (a chunked one announcing it in Meta Size, or a whole one) gets 413, chunks that do
   * not add up to Meta Size get 424; either way nothing is recorded and the Get it answers
   * rejects with `DmStatusError` of that code when the client's package is complete.
   */
  private results(c: Extract<Command, { kind: 'Results' }>, msgRef: string): void {
    const core = this.core;
    const ref = c.msgRef ?? msgRef;
    const status = (code: number): void => {
      core.outbox.push({ command: core.statusFor(msgRef, c, code) });
    };
    const refuse = (code: number): void => {
      this.pending.failResult(ref, c.cmdRef, code);
      status(code);
    };
    const max = core.limits.maxObjSize;
    const over = (i: Item): boolean =>
      i.moreData === true
        ? (i.meta?.size ?? 0) > max
        : i.data !== undefined && exceedsTransmitted(i.data, core.encoding, max);
    if (c.items.length === 1 || core.assembler.openKey !== undefined) {
      const item = c.items[0] as Item;
      if (core.assembler.openKey === undefined && over(item)) return refuse(413);
      const r = core.assembler.add(`Results ${ref}/${c.cmdRef}`, item, core.encoding);
      if (r.kind === 'more') return status(213);
      if (r.kind === 'mismatch') return refuse(424);
      const whole: Item = { ...r.item, data: r.data };
      this.pending.addResult(ref, c.cmdRef, resultItem(whole, ''));
      return;
    }
    if (c.items.some(over)) return refuse(413);
    for (const item of c.items) this.pending.addResult(ref, c.cmdRef, resultItem(item, ''));
  }
}

function kindOf(c: Command): string {
  return c.kind === 'Unknown' ? c.element.name : c.kind;
}
