import { encodePkg0 } from '../../../protocol/pkg0/encode.js';
import { Initiator, UiMode } from '../../../protocol/pkg0/pkg0.js';
import { ClientSession } from '../../../protocol/session/client/client-session.js';
import type { ClientSessionOptions } from '../../../protocol/session/client/client-session.js';
import { clientHandler } from '../../../protocol/session/drive.js';
import { ServerSession } from '../../../protocol/session/server/server-session.js';
import type { ServerSessionOptions } from '../../../protocol/session/server/server-session.js';
import { memoryTransport } from '../../../protocol/session/transport.js';
import type { DmPackage } from '../../../protocol/session/transport.js';
import { DmTree } from '../../../protocol/tree/dm-tree.js';

export const SERVER_ID = 'cimo-console';
export const DEVICE_ID = 'IMEI:493005100592800';
export const SERVER_PASSWORD = 'srv-secret';

/** What a pair factory gets: both sessions' options, minus the ids the factory fills in. */
export interface PairOptions {
  readonly server: Omit<ServerSessionOptions, 'serverId'>;
  readonly client: Omit<ClientSessionOptions, 'deviceId' | 'serverUri' | 'serverId'>;
  /** Sees (and may replace) every package: `out` = server → client. */
  readonly tap?: (pkg: DmPackage, direction: 'out' | 'in') => DmPackage;
}

/** A connected server/client pair; `start` runs the session (resolves/rejects with it). */
export interface SessionPair {
  readonly server: ServerSession;
  readonly client: ClientSession;
  start(): Promise<void>;
}

export type MakePair = (options: PairOptions) => SessionPair;

/** The in-memory pair: the console sends a package #0 and drives the session. */
export const makeMemoryPair: MakePair = (options) => {
  const server = new ServerSession({ serverId: SERVER_ID, ...options.server });
  const client = new ClientSession({
    deviceId: DEVICE_ID,
    serverUri: 'http://console.local/dm',
    serverId: SERVER_ID,
    ...options.client,
  });
  const transport = memoryTransport(clientHandler(client), options.tap);
  const pkg0 = encodePkg0(
    {
      uiMode: UiMode.Background,
      initiator: Initiator.Server,
      sessionId: 0x1a2b,
      serverId: SERVER_ID,
    },
    { serverId: SERVER_ID, serverPassword: SERVER_PASSWORD, nonce: new Uint8Array(4) },
  );
  return {
    server,
    client,
    start: () =>
      server.run(transport, {
        body: pkg0,
        contentType: 'application/vnd.syncml.notification',
        headers: {},
      }),
  };
};

/** A handset tree with DevInfo and a small `./Test` subtree; ACL `Add=*&Get=*&Replace=*&Delete=*&Exec=*`. */
export function handsetTree(): DmTree {
  const tree = new DmTree({
    rootAcl: 'Add=*&Delete=*&Exec=*&Get=*&Replace=*',
    clock: { now: () => 1_700_000_000_000 },
  });
  tree.add('./DevInfo', { format: 'node' });
  tree.add('./DevInfo/DevId', { value: DEVICE_ID });
  tree.add('./DevInfo/Man', { value: 'CIMO Labs' });
  tree.add('./DevInfo/Mod', { value: 'Ref-1' });
  tree.add('./DevInfo/DmV', { value: '1.2' });
  tree.add('./DevInfo/Lang', { value: 'en-US' });
  tree.add('./Test', { format: 'node' });
  tree.add('./Test/Leaf', { value: 'hello' });
  tree.add('./Test/Num', { format: 'int', value: '42' });
  return tree;
}

/** Deterministic "random" bytes for nonces. */
export function counterRandom(seed = 1): (n: number) => Uint8Array {
  let x = seed;
  return (n) => Uint8Array.from({ length: n }, () => (x = (x * 1103515245 + 12345) & 0xff));
}
