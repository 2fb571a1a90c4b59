/**
 * A `ServerSession` that records every package it receives and every package it builds
 * in the trace. Subclassing (not wrapping a transport) is what works for both paths:
 * over OBEX the run loop and over HTTP the endpoint call `handle` for each package.
 */
import { ServerSession } from '../../../protocol/session/index.js';
import type { DmPackage, ServerSessionOptions } from '../../../protocol/session/index.js';
import type { TraceStore } from './trace-store.js';

/** A server session whose traffic goes to `trace` under `traceId`. */
export class TracedServerSession extends ServerSession {
  constructor(
    options: ServerSessionOptions,
    readonly trace: TraceStore,
    readonly traceId: string,
  ) {
    super(options);
  }

  override async handle(pkg: DmPackage): Promise<DmPackage | undefined> {
    this.trace.record(this.traceId, 'from-handset', pkg.body);
    const out = await super.handle(pkg);
    if (out !== undefined) this.trace.record(this.traceId, 'to-handset', out.body);
    return out;
  }
}
