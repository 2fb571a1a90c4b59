/**
 * Test and bench support: the console's side of sessions with a reference handset that
 * runs in another process (`cimo-handset start`), from what its folder says — identity
 * (server account) and state (nonces) — as a console configured for it would know.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startObexDmSession } from '../../native-bridge/dm/console-obex-session.js';
import { fromBase64 } from '../../protocol/bytes/base64.js';
import type { Link } from '../../protocol/link/link.js';
import type { DmAccount, ServerSession, ServerSessionEvent } from '../../protocol/session/index.js';
import type { SyncMLEncoding } from '../../protocol/syncml/codec.js';

/** What the console knows of one handset; nonces are updated by every session. */
export interface HandsetAccount {
  readonly dir: string;
  readonly imei: string;
  readonly serverId: string;
  readonly serverPassword: string;
  clientAccount: DmAccount;
  credentials: DmAccount;
}

interface IdentityFile {
  imei: string;
  server: {
    serverId: string;
    authType: 'md5' | 'basic' | 'hmac' | 'none';
    clientUsername: string;
    clientPassword: string;
    serverPassword: string;
  };
}

/** Reads a handset folder's identity and current nonces. */
export function readHandsetAccount(dir: string): HandsetAccount {
  const id = JSON.parse(readFileSync(join(dir, 'identity.json'), 'utf8')) as IdentityFile;
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as {
    nonces: { client: string; server: string };
  };
  const type = id.server.authType === 'none' ? 'basic' : id.server.authType;
  return {
    dir,
    imei: id.imei,
    serverId: id.server.serverId,
    serverPassword: id.server.serverPassword,
    clientAccount: {
      type,
      username: id.server.clientUsername,
      password: id.server.clientPassword,
      nonce: fromBase64(state.nonces.client),
    },
    credentials: {
      type,
      username: id.server.serverId,
      password: id.server.serverPassword,
      nonce: fromBase64(state.nonces.server),
    },
  };
}

/** Server-session options for `account` that keep its nonces current. */
export function sessionOptions(account: HandsetAccount, events: ServerSessionEvent[] = []) {
  return {
    serverId: account.serverId,
    clientAccount: account.clientAccount,
    credentials: account.credentials,
    replyTimeoutMs: 120_000,
    onEvent: (e: ServerSessionEvent) => {
      events.push(e);
      if (e.type === 'client-nonce')
        account.clientAccount = { ...account.clientAccount, nonce: e.nonce };
      if (e.type === 'server-nonce')
        account.credentials = { ...account.credentials, nonce: e.nonce };
    },
  };
}

/**
 * One console-initiated session over an open OBEX `link` (TCP or serial): package #0,
 * then `script`'s commands, then close. Returns the script's result and the session's
 * events (Generic Alerts among them).
 */
export async function obexConsoleSession<T>(
  link: Link,
  account: HandsetAccount,
  script: (s: ServerSession) => Promise<T>,
  options: { encoding?: SyncMLEncoding } = {},
): Promise<{ result: T; events: ServerSessionEvent[] }> {
  const events: ServerSessionEvent[] = [];
  const { session, finished } = startObexDmSession(link, {
    ...sessionOptions(account, events),
    serverPassword: account.serverPassword,
    pkg0Nonce: account.credentials.nonce,
    encoding: options.encoding ?? 'wbxml',
  });
  let result: T;
  try {
    result = await script(session);
  } finally {
    await session.close();
  }
  await finished;
  return { result, events };
}

/** Text of a Get's first result item. */
export async function getText(s: ServerSession, uri: string): Promise<string> {
  const r = await s.get(uri);
  if (r.status !== 200) throw new Error(`Get ${uri}: ${r.status}`);
  return new TextDecoder().decode(r.items[0]?.data ?? new Uint8Array(0));
}

/** OperationComplete alerts among `events`: correlator and result code. */
export function operationResults(
  events: readonly ServerSessionEvent[],
): { correlator?: string; source?: string; code: number }[] {
  return events.flatMap((e) =>
    e.type === 'generic-alert'
      ? e.items.map((i) => ({
          ...(e.correlator === undefined ? {} : { correlator: e.correlator }),
          ...(i.source === undefined ? {} : { source: i.source }),
          code: Number(i.data),
        }))
      : [],
  );
}
