/**
 * The console's OMA DM endpoint for network handsets: each session a handset opens is
 * matched to its registry record by the DevId its package 1 carries (SyncHdr Source),
 * and run with that handset's account and the trace.
 */
import { startHttpDmEndpoint } from '../../../native-bridge/dm/http-dm-endpoint.js';
import type { HttpDmEndpoint } from '../../../native-bridge/dm/http-dm-endpoint.js';
import { decodeMessage } from '../../../protocol/syncml/codec.js';
import type { HandsetRegistry } from './registry.js';
import type { TraceStore } from './trace-store.js';
import { TracedServerSession } from './traced-session.js';

/** Options of {@link startDmEndpoint}. */
export interface DmEndpointOptions {
  readonly host?: string;
  readonly port?: number;
  readonly log?: (line: string) => void;
}

/**
 * Starts the endpoint (default 127.0.0.1, an ephemeral port, path `/dm`). A package 1
 * that does not decode gets a session without an account, which the handset's
 * authentication then fails — the console cannot tell whose account to use.
 */
export function startDmEndpoint(
  registry: HandsetRegistry,
  trace: TraceStore,
  options: DmEndpointOptions = {},
): Promise<HttpDmEndpoint> {
  return startHttpDmEndpoint({
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.log === undefined ? {} : { log: options.log }),
    onSession: (n) => {
      let devId: string;
      try {
        devId = decodeMessage(n.firstPackage.body).message.header.source.locURI;
      } catch {
        devId = '';
      }
      if (devId === '') devId = `unknown-${n.id}`;
      return registry.acceptHttp(
        devId,
        (auth) => new TracedServerSession(auth.options, trace, auth.traceId),
      );
    },
  });
}
