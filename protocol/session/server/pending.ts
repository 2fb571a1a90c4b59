/**
 * The console's commands in flight: one promise per command (or container), settled when
 * the handset's package that answers it is complete — so Results split over several
 * messages or chunks are all in before a Get resolves.
 */
import { describeStatus } from '../../syncml/status-codes.js';
import type { Command, StatusCommand } from '../../syncml/model.js';
import { DmStatusError } from '../../tree/dm-status-error.js';
import type { Outgoing } from '../message-builder.js';
import type { SessionCore } from '../session-core.js';
import { specToCommand } from './command-queue.js';
import type {
  CommandOutcome,
  ContainerOutcome,
  DmCommandSpec,
  ResultItem,
} from './command-queue.js';
import { dataText } from '../wire-value.js';

interface Entry {
  readonly uri: string;
  status?: StatusCommand;
  /** Set when a Results item for this command was refused (413, 424): the outcome. */
  failed?: number;
  readonly items: ResultItem[];
}

interface Waiter {
  readonly entries: Entry[];
  readonly settle: (entries: Entry[]) => void;
  readonly reject: (e: Error) => void;
}

function outcome(e: Entry): CommandOutcome {
  return {
    status: e.failed ?? e.status?.code ?? 0,
    items: e.items,
    answers: (e.status?.items ?? []).map((i) => dataText(i.data)),
  };
}

function uriOf(spec: DmCommandSpec): string {
  return 'uri' in spec ? spec.uri : '';
}

/** Commands in flight, keyed by the MsgID/CmdID they were sent with. */
export class Pending {
  private readonly byRef = new Map<string, Entry>();
  private waiters: Waiter[] = [];

  constructor(private readonly core: SessionCore) {}

  /** A single command: rejects with `DmStatusError` when its Status is 4xx/5xx. */
  single(
    spec: DmCommandSpec,
    command: Command,
  ): { outgoing: Outgoing; promise: Promise<CommandOutcome> } {
    const entry: Entry = { uri: uriOf(spec), items: [] };
    const promise = this.register<CommandOutcome>([entry], ([e], resolve, reject) => {
      const o = outcome(e as Entry);
      if (o.status >= 400) reject(new DmStatusError(o.status, describeStatus(o.status), entry.uri));
      else resolve(o);
    });
    const outgoing: Outgoing = {
      command,
      onSent: (sent, msgId, last) => this.track(entry, sent, msgId, last),
    };
    return { outgoing, promise };
  }

  /** Atomic/Sequence: resolves with the container's and every inner command's outcome. */
  container(
    kind: 'Atomic' | 'Sequence',
    specs: readonly DmCommandSpec[],
  ): { outgoing: Outgoing; promise: Promise<ContainerOutcome> } {
    const own: Entry = { uri: '', items: [] };
    const inner = specs.map((s): Entry => ({ uri: uriOf(s), items: [] }));
    const promise = this.register<ContainerOutcome>([own, ...inner], ([o, ...rest], resolve) =>
      resolve({ status: (o as Entry).status?.code ?? 0, inner: rest.map(outcome) }),
    );
    const command: Command = { kind, cmdId: '', commands: specs.map(specToCommand) };
    const outgoing: Outgoing = {
      command,
      onSent: (sent, msgId) => {
        this.track(own, sent, msgId, true);
        if (sent.kind !== 'Atomic' && sent.kind !== 'Sequence') return;
        sent.commands.forEach((c, i) => this.track(inner[i] as Entry, c, msgId, true));
      },
    };
    return { outgoing, promise };
  }

  private track(entry: Entry, sent: Command, msgId: string, last: boolean): void {
    if (!('cmdId' in sent)) return;
    const key = `${msgId}/${sent.cmdId}`;
    this.byRef.set(key, entry);
    this.core.track({
      msgId,
      cmdId: sent.cmdId,
      cmd: sent.kind,
      onStatus: (s) => {
        if (!last && s.code === 213) return;
        entry.status = s;
      },
    });
  }

  /** Adds a Results item to the command it answers (unknown refs are ignored). */
  addResult(msgRef: string, cmdRef: string, item: ResultItem): boolean {
    const e = this.byRef.get(`${msgRef}/${cmdRef}`);
    e?.items.push(item);
    return e !== undefined;
  }

  /**
   * Marks the command `msgRef`/`cmdRef` answers as failed with `code` (a Results item we
   * refused: 413 over our MaxObjSize, 424 chunks not matching Meta Size): once its
   * package is complete, a single command rejects with `DmStatusError(code)`. Returns
   * false for unknown refs.
   */
  failResult(msgRef: string, cmdRef: string, code: number): boolean {
    const e = this.byRef.get(`${msgRef}/${cmdRef}`);
    if (e !== undefined) e.failed = code;
    return e !== undefined;
  }

  /** Settles every command whose Status (and those of its inner commands) arrived. */
  settleAnswered(): void {
    const left: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.entries.every((e) => e.status !== undefined)) w.settle(w.entries);
      else left.push(w);
    }
    this.waiters = left;
  }

  /**
   * Adds a waiter for `entries`. When the session itself fails, the promise rejects with
   * the session's error and is marked handled first: that error also ends `run()` and
   * `done`, so a caller that queued commands and awaits only the session must not get an
   * unhandled rejection (which would crash a Node process). A command's own failure
   * (a 4xx/5xx Status) is not marked: the caller is expected to handle it.
   */
  private register<T>(
    entries: Entry[],
    onSettle: (entries: Entry[], resolve: (v: T) => void, reject: (e: Error) => void) => void,
  ): Promise<T> {
    let resolveFn: (v: T) => void = () => undefined;
    let rejectFn: (e: Error) => void = () => undefined;
    const promise = new Promise<T>((resolve, reject) => {
      resolveFn = resolve;
      rejectFn = reject;
    });
    this.waiters.push({
      entries,
      settle: (es) => onSettle(es, resolveFn, rejectFn),
      reject: (e) => {
        promise.catch(() => undefined);
        rejectFn(e);
      },
    });
    return promise;
  }

  /** Rejects everything still waiting (the session ended). */
  rejectAll(error: Error): void {
    for (const w of this.waiters) w.reject(error);
    this.waiters = [];
  }
}
