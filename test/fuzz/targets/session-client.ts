/**
 * Fuzzes the handset's session: each input is a server package handed to a fresh
 * `ClientSession` that has started session 0x1a2b (so mutated seeds get past the
 * SessionID and MsgRef checks and reach the commands). The only allowed outcomes are a
 * reply, no reply (the session ended), or a typed session error — `DmProtocolError`,
 * `DmAuthError`, `DmStatusError`, `DmTimeoutError` (checked by their discriminants).
 *
 * `ClientSession.handle` is async, and `FuzzTarget.run` / `exercise` are synchronous:
 * the runner cannot see how an input ends. So `run` only starts the work and records
 * a disallowed outcome in {@link lateFindings}; {@link runSessionClient} is the real
 * check (awaitable), used by `test/protocol/session/session-client-fuzz.test.ts`. Until
 * the runner awaits a promise returned by `run`, `npm run fuzz` gets little from this
 * target beyond the synchronous decode path.
 */
import { fromBase64 } from '../../../protocol/bytes/base64.js';
import { ClientSession } from '../../../protocol/session/client/client-session.js';
import { SYNCML_DM_MIME } from '../../../protocol/syncml/codec.js';
import { DmTree } from '../../../protocol/tree/dm-tree.js';
import type { FuzzTarget } from '../target.js';
import { SESSION_CLIENT_SEEDS } from './session-client-seeds.js';

/** SessionID the seeds were captured with (package #0 of the memory pair). */
const SESSION_ID = 0x1a2b;

function tree(): DmTree {
  const t = new DmTree({
    rootAcl: 'Add=*&Delete=*&Exec=*&Get=*&Replace=*',
    clock: { now: () => 1_700_000_000_000 },
  });
  t.add('./DevInfo', { format: 'node' });
  t.add('./DevInfo/DevId', { value: 'IMEI:493005100592800' });
  t.add('./DevInfo/Mod', { value: 'Ref-1' });
  t.add('./Test', { format: 'node' });
  t.add('./Test/Leaf', { value: 'hello' });
  t.add('./Test/Num', { format: 'int', value: '42' });
  return t;
}

/** True for the typed errors a session may end with. */
export function isSessionError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as Record<string, unknown>;
  return (
    x['dmProtocolError'] === true ||
    x['dmAuthError'] === true ||
    x['dmTimeoutError'] === true ||
    x['name'] === 'DmStatusError'
  );
}

/**
 * Feeds `input` to a fresh started client. Resolves for an allowed outcome; rejects with
 * the offending exception otherwise (and when a reply is not a non-empty package).
 */
export async function runSessionClient(input: Uint8Array): Promise<void> {
  let n = 0;
  const client = new ClientSession({
    tree: tree(),
    deviceId: 'IMEI:493005100592800',
    serverUri: 'http://console.local/dm',
    serverId: 'cimo-console',
    random: (len) => Uint8Array.from({ length: len }, () => (n = (n * 31 + 7) & 0xff)),
    uiTimeoutMs: 1,
  });
  client.start(SESSION_ID);
  try {
    const reply = await client.handle({
      body: input,
      contentType: SYNCML_DM_MIME.xml,
      headers: {},
    });
    if (reply !== undefined && reply.body.length === 0) throw new Error('empty reply package');
  } catch (e) {
    if (!isSessionError(e)) throw e;
  }
}

/** Disallowed outcomes `run` observed after it returned (see the module comment). */
export const lateFindings: { input: Uint8Array; error: unknown }[] = [];

export const target: FuzzTarget = {
  name: 'session-client',
  seeds: () => SESSION_CLIENT_SEEDS.map((s) => fromBase64(s)),
  run: (input) => {
    runSessionClient(input).catch((error: unknown) => {
      if (lateFindings.length < 100) lateFindings.push({ input, error });
    });
  },
};
