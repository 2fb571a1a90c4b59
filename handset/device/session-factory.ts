/**
 * Building a handset's DM client sessions: its tree, one executor per operation of its
 * MO (all through the shared runner), the shared Generic Alert queue, the credentials
 * with the nonces in force, the persona's limits, and a per-session UI consent.
 */
import { fromBase64 } from '../../protocol/bytes/base64.js';
import { systemClock } from '../../protocol/clock.js';
import type { Clock } from '../../protocol/clock.js';
import { ExecutorRegistry } from '../../protocol/session/index.js';
import type {
  ClientSessionEvent,
  DmAccount,
  GenericAlertQueue,
} from '../../protocol/session/index.js';
import type { SyncMLEncoding } from '../../protocol/syncml/codec.js';
import type { DmTree } from '../../protocol/tree/index.js';
import type { Consent } from './consent.js';
import type { DeviceState } from './device-state.js';
import { HandsetSession } from './handset-session.js';
import type { HandsetIdentity } from './identity.js';
import type { MoBinding } from './mo-binding.js';
import type { ExecOrder } from './operation-runner.js';
import type { Persona } from './persona.js';

/** Options of `Handset.newClientSession`. */
export interface NewSessionOptions {
  /** SyncHdr Target of our messages; default the DMAcc address. */
  readonly serverUri?: string;
  readonly clock?: Clock;
  /** Encoding of a client-initiated package 1; default the persona's first (xml). */
  readonly encoding?: SyncMLEncoding;
  /** UI alert wait without MAXDT; default 60 s. */
  readonly uiTimeoutMs?: number;
  /** Check a package #0's digest against the SRVCRED secret; default false. */
  readonly verifyPkg0?: boolean;
}

/** The handset's side of an account pair; undefined for auth type `none`. */
export function accountsOf(
  identity: HandsetIdentity,
  nonces: DeviceState['nonces'],
): { client: DmAccount; server: DmAccount } | undefined {
  const s = identity.server;
  if (s.authType === 'none') return undefined;
  return {
    client: {
      type: s.authType,
      username: s.clientUsername,
      password: s.clientPassword,
      nonce: fromBase64(nonces.client),
    },
    server: {
      type: s.authType,
      username: s.serverId,
      password: s.serverPassword,
      nonce: fromBase64(nonces.server),
    },
  };
}

/** What a session needs of its handset. */
export interface SessionHost {
  readonly tree: DmTree;
  readonly identity: HandsetIdentity;
  readonly persona: Persona;
  readonly binding: MoBinding;
  readonly alerts: GenericAlertQueue;
  readonly consent: Consent;
  readonly nonces: () => DeviceState['nonces'];
  readonly isClosed: () => boolean;
  exec(order: ExecOrder): Promise<number>;
  show(text: string): void;
  onEvent(e: ClientSessionEvent): void;
  afterPackage(): void;
}

/** A new session of `host` (see `Handset.newClientSession`). */
export function createHandsetSession(
  host: SessionHost,
  options: NewSessionOptions = {},
): HandsetSession {
  const s = host.identity.server;
  // A 1101 the owner confirmed stands for the next destructive Exec of this session.
  let confirmed = false;
  const takeConsent = (): boolean => {
    const c = confirmed;
    confirmed = false;
    return c;
  };
  const executors = new ExecutorRegistry();
  for (const operation of host.persona.operations) {
    const uri = host.binding.operationUri(operation);
    if (uri === undefined) continue;
    executors.register(uri, (req) =>
      host.isClosed()
        ? 500
        : host.exec({
            operation,
            uri: req.uri,
            correlator: req.correlator,
            serverId: req.serverId,
            preConsented: takeConsent,
          }),
    );
  }
  const accounts = accountsOf(host.identity, host.nonces());
  return new HandsetSession(
    {
      tree: host.tree,
      deviceId: host.identity.devId,
      serverUri: options.serverUri ?? s.addrUri,
      serverId: s.serverId,
      clock: options.clock ?? systemClock,
      encoding: options.encoding ?? host.persona.encodings[0] ?? 'xml',
      maxMsgSize: host.persona.maxMsgSize,
      maxObjSize: host.persona.maxObjSize,
      ...(accounts === undefined
        ? {}
        : { credentials: accounts.client, serverAccount: accounts.server }),
      ...(options.verifyPkg0 === true ? { pkg0Password: s.serverPassword } : {}),
      executors,
      alerts: host.alerts,
      ui: host.consent.uiHandler(
        (t) => host.show(t),
        () => (confirmed = true),
      ),
      ...(options.uiTimeoutMs === undefined ? {} : { uiTimeoutMs: options.uiTimeoutMs }),
      onEvent: (e) => host.onEvent(e),
    },
    { encodings: host.persona.encodings, afterPackage: () => host.afterPackage() },
  );
}
