/**
 * `cimo retrieve --all` on a bench where one device never answers: two reference
 * handsets over OBEX on TCP, and a TCP peer that accepts the connection and stays silent
 * (a handset hung in its USB stack looks like this). A retrieval can be undone, so each
 * handset's starts the moment it is identified; the silent device holds nobody, is
 * reported as skipped when it fails, and the command's exit status counts only what ran.
 */
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killFleets, startFleet, tcpPort } from '../../handset/cli/support.js';
import type { StartedRow } from '../../handset/cli/support.js';
import { tempDir } from '../services/console-support.js';
import { addCredentials, cimoAsync, newKeyFile } from './console-harness.js';

const dirs: (() => void)[] = [];
let data: string;
let key: string;
let live: { row: StartedRow; at: string }[] = [];

/** How long `--all` waits for a device that stopped changing (select-handsets.ts). */
const QUIET_GRACE_MS = 5000;

beforeAll(async () => {
  const hs = tempDir('cimo-all-hs-');
  const console = tempDir('cimo-all-console-');
  dirs.push(hs.cleanup, console.cleanup);
  data = join(console.dir, 'data');
  const fleet = await startFleet(['--count', '2', '--obex-tcp', '0', '--data', hs.dir]);
  live = fleet.rows.map((row) => ({ row, at: `127.0.0.1:${tcpPort(row)}` }));
  for (const h of live) await addCredentials(data, h.row, `tcp ${h.at}`);
  key = await newKeyFile(console.dir);
}, 120_000);

afterAll(async () => {
  await killFleets();
  for (const d of dirs) d();
});

/** A TCP peer that accepts connections and never answers; notes when the first came. */
async function silentPeer(): Promise<{
  server: Server;
  port: number;
  sockets: Socket[];
  connectedAt: () => number;
}> {
  const sockets: Socket[] = [];
  let first = 0;
  const server = createServer((s) => {
    first ||= Date.now();
    sockets.push(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  return { server, port: addr.port, sockets, connectedAt: () => first };
}

/** `cimo retrieve --all --items ITEMS --json` over the TCP links `at` only (no port scan). */
function retrieveAll(items: string, at: readonly string[]) {
  const links = at.flatMap((a) => ['--tcp', a]);
  const args = ['--json', '--vault-key-file', key, '--data', data, '--no-scan', ...links];
  return cimoAsync(['retrieve', '--all', '--items', items, ...args]);
}

/** Completed retrievals in the audit log, read as SQLite while the command runs. */
function completedRetrievals(): { imei: string; at: string }[] {
  try {
    const db = new Database(join(data, 'audit', 'audit.sqlite'), { readonly: true });
    try {
      return db
        .prepare("SELECT imei, at FROM audit WHERE kind = 'completed' AND operation = 'retrieve'")
        .all() as { imei: string; at: string }[];
    } finally {
      db.close();
    }
  } catch {
    return []; // not created yet
  }
}

describe('cimo retrieve --all with a device that never answers', () => {
  it('retrieves from each handset as soon as it is identified, then skips the silent one', async () => {
    const peer = await silentPeer();
    // With an account configured it gets as far as OBEX connect, and waits there.
    await addCredentials(data, live[0]?.row as StartedRow, `tcp 127.0.0.1:${peer.port}`);
    const run = retrieveAll('Notes', [...live.map((h) => h.at), `127.0.0.1:${peer.port}`]);
    let done: { imei: string; at: string }[] = [];
    const deadline = Date.now() + 60_000;
    while (done.length < live.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      done = completedRetrievals();
    }
    const doneAt = Date.now();
    expect(done.map((d) => d.imei).sort()).toEqual(live.map((h) => h.row.imei).sort());
    expect(peer.connectedAt()).toBeGreaterThan(0);
    // Waiting for the whole selection first, both would start only after the silent
    // device had been quiet for QUIET_GRACE_MS; here they are over well before that.
    expect(doneAt - peer.connectedAt()).toBeLessThan(QUIET_GRACE_MS);

    // The device hangs up: its connection fails, the selection closes, the command ends.
    for (const s of peer.sockets) s.destroy();
    peer.server.close();
    const r = await run;
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      results: { handset: { imei: string }; resultCode: number; retrievalState: string }[];
    };
    expect(out.results.map((x) => [x.handset.imei, x.resultCode, x.retrievalState]).sort()).toEqual(
      live.map((h) => [h.row.imei, 1210, 'verified']).sort(),
    );
    expect(r.stderr).toContain(`skipped tcp 127.0.0.1:${peer.port}: failed at`);
  }, 120_000);

  it("reports a request a handset cannot take as that handset's result, exit 2", async () => {
    const r = await retrieveAll(
      'NoSuchItem',
      live.map((h) => h.at),
    );
    expect(r.status, r.stderr).toBe(2);
    const out = JSON.parse(r.stdout) as {
      exitCode: number;
      results: { handset: { imei: string }; status: string; error: { step: string } }[];
    };
    expect(out.exitCode).toBe(2);
    expect(out.results.map((x) => [x.handset.imei, x.status, x.error.step]).sort()).toEqual(
      live.map((h) => [h.row.imei, 'failed', 'bad-selection']).sort(),
    );
  }, 60_000);
});
