/**
 * Test support: real handset directories in a temp folder, and a console (the DM
 * engine's ServerSession) talking to a handset over the in-memory transport or OBEX.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHandset } from '../../../handset/device/create.js';
import type { CreateHandsetOptions } from '../../../handset/device/create.js';
import { Handset } from '../../../handset/device/handset.js';
import type { HandsetOptions } from '../../../handset/device/handset.js';
import { encodePkg0 } from '../../../protocol/pkg0/encode.js';
import { Initiator, UiMode } from '../../../protocol/pkg0/pkg0.js';
import { clientHandler, memoryTransport, ServerSession } from '../../../protocol/session/index.js';
import type {
  DmPackage,
  DmTransport,
  ServerSessionEvent,
  ServerSessionOptions,
} from '../../../protocol/session/index.js';

const dirs: string[] = [];
const open: Handset[] = [];

/** Closes every handset and removes every temp folder (call in afterEach). */
export async function cleanup(): Promise<void> {
  for (const h of open.splice(0)) await h.close().catch(() => undefined);
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
}

/** A fresh temp folder, removed by {@link cleanup}. */
export async function tempDir(prefix = 'cimo-handset-'): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** Creates a small seeded handset (scaled down) in a temp folder; returns its dir. */
export async function newHandsetDir(create: CreateHandsetOptions = {}): Promise<string> {
  const dir = join(await tempDir(), 'h');
  await createHandset(dir, { profile: 'small', scale: 0.5, seed: 11, ...create });
  return dir;
}

/** Opens (and registers for cleanup) a handset. */
export async function openHandset(options: HandsetOptions): Promise<Handset> {
  const h = await Handset.open(options);
  open.push(h);
  return h;
}

/** Creates and opens a handset. */
export async function newHandset(
  create: CreateHandsetOptions = {},
  options: Omit<HandsetOptions, 'dir'> = {},
): Promise<Handset> {
  return openHandset({ dir: await newHandsetDir(create), ...options });
}

/** A package #0 from the handset's console. */
export function pkg0Package(serverId: string, sessionId = 0x42): DmPackage {
  const body = encodePkg0(
    { uiMode: UiMode.Background, initiator: Initiator.Server, sessionId, serverId },
    { serverId, serverPassword: 'unused', nonce: new Uint8Array(0) },
  );
  return { body, contentType: 'application/vnd.syncml.notification', headers: {} };
}

/** What a console session saw. */
export interface ConsoleRun<T> {
  readonly result: T;
  readonly events: ServerSessionEvent[];
  /** The OperationComplete alerts: correlator, source, data. */
  readonly alerts: { correlator?: string; source?: string; type?: string; data: string }[];
}

/**
 * Runs one console session against `handset`: the console sends a package #0 and
 * `script` queues commands; the session closes after it. Credentials are the handset's
 * current accounts. `transport` defaults to the in-memory one.
 */
export async function consoleSession<T>(
  handset: Handset,
  script: (server: ServerSession) => Promise<T>,
  options: {
    transport?: DmTransport;
    server?: Partial<ServerSessionOptions>;
  } = {},
): Promise<ConsoleRun<T>> {
  const events: ServerSessionEvent[] = [];
  const accounts = handset.consoleAccounts();
  const server = new ServerSession({
    serverId: handset.identity.server.serverId,
    ...(accounts === undefined ? {} : accounts),
    replyTimeoutMs: 60_000,
    ...options.server,
    onEvent: (e) => events.push(e),
  });
  const transport = options.transport ?? memoryTransport(clientHandler(handset.newClientSession()));
  const run = server.run(transport, pkg0Package(handset.identity.server.serverId));
  run.catch(() => undefined); // observed below; a failing script must not leave it unhandled
  let result: T;
  try {
    result = await script(server);
  } finally {
    await server.close().catch(() => undefined);
    await run;
  }
  const alerts = events.flatMap((e) =>
    e.type === 'generic-alert'
      ? e.items.map((i) => ({
          ...(e.correlator === undefined ? {} : { correlator: e.correlator }),
          ...(i.source === undefined ? {} : { source: i.source }),
          ...(i.type === undefined ? {} : { type: i.type }),
          data: i.data,
        }))
      : [],
  );
  return { result, events, alerts };
}

/** Text of a Get's first item. */
export async function getText(server: ServerSession, uri: string): Promise<string> {
  const r = await server.get(uri);
  return new TextDecoder().decode(r.items[0]?.data);
}
