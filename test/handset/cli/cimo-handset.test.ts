/**
 * The `cimo-handset` CLI as a lab runs it: a child process serving handsets over a pty
 * pair, TCP and HTTP, driven by the console's DM engine (server role) and checked with
 * Debian's obexftp and on disk.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpDmEndpoint } from '../../../native-bridge/dm/http-dm-endpoint.js';
import type { HttpDmEndpoint } from '../../../native-bridge/dm/http-dm-endpoint.js';
import { sendPkg0Udp } from '../../../native-bridge/dm/pkg0-udp.js';
import { SerialLink } from '../../../native-bridge/links/serial-link.js';
import { connectTcp } from '../../../native-bridge/links/tcp-link.js';
import { parseManifest } from '../../../protocol/cimo/manifest.js';
import { encodePkg0 } from '../../../protocol/pkg0/encode.js';
import { decodeMessage, messageToXml } from '../../../protocol/syncml/codec.js';
import { Initiator, UiMode } from '../../../protocol/pkg0/pkg0.js';
import { ServerSession } from '../../../protocol/session/index.js';
import type { ServerSessionEvent } from '../../../protocol/session/index.js';
import {
  getText,
  obexConsoleSession,
  operationResults,
  readHandsetAccount,
  sessionOptions,
} from '../../support/handset-console.js';
import type { HandsetAccount } from '../../support/handset-console.js';
import { killFleets, ptyPath, runCli, startFleet, tcpPort } from './support.js';

let work = '';
let endpoint: HttpDmEndpoint | undefined;
afterEach(async () => {
  await killFleets();
  await endpoint?.close();
  endpoint = undefined;
  if (work !== '') rmSync(work, { recursive: true, force: true });
  work = '';
});

function workDir(): string {
  work = mkdtempSync(join(tmpdir(), 'cimo-hs-cli-'));
  return work;
}

const HAVE_OBEXFTP = existsSync('/usr/bin/obexftp');

/** obexftp in `cwd`; it exits 255 even on success, so callers judge by what it moved. */
function obexftp(
  args: readonly string[],
  cwd: string,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('obexftp', args, { cwd, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ stdout, stderr });
    });
  });
}

/** Polls LastOperation over fresh TCP sessions until the operation is over. */
async function waitForOperation(
  port: number,
  account: HandsetAccount,
): Promise<{ status: string; code: string; events: ServerSessionEvent[] }> {
  const deadline = Date.now() + 60_000;
  const events: ServerSessionEvent[] = [];
  for (;;) {
    const link = await connectTcp('127.0.0.1', port);
    try {
      const run = await obexConsoleSession(link, account, async (s) => ({
        status: await getText(s, './CIMO/LastOperation/Status'),
        code: await getText(s, './CIMO/LastOperation/ResultCode'),
      }));
      events.push(...run.events);
      if (run.result.status === 'done' || run.result.status === 'failed') {
        return { ...run.result, events };
      }
    } finally {
      await link.close();
    }
    if (Date.now() > deadline) throw new Error('operation did not finish in 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('cimo-handset start', () => {
  it.skipIf(!HAVE_OBEXFTP)(
    'retrieves over its pty, and obexftp lists the memory card and the retrieval over TCP and gets a file',
    async () => {
      const dir = workDir();
      const fleet = await startFleet(['--obex-tcp', '0', '--pty', '--data', join(dir, 'hs')]);
      const row = fleet.rows[0];
      if (row === undefined) throw new Error('no handset');
      const account = readHandsetAccount(row.dir);
      expect(row.imei).toMatch(/^\d{15}$/);

      // The console on the pty: select phone book and photos, Retrieve.
      const serial = new SerialLink({ path: ptyPath(row) });
      await serial.open();
      try {
        const run = await obexConsoleSession(serial, account, async (s) => {
          for (const id of ['PhoneBook', 'Photos']) {
            const r = await s.command({
              kind: 'Replace',
              uri: `./CIMO/InfoList/${id}/ToBeRetrieved`,
              data: 'true',
              format: 'bool',
            });
            expect(r.status).toBe(200);
          }
          return (await s.exec('./CIMO/Operations/Retrieve', { correlator: 'r1' })).status;
        });
        expect(run.result).toBe(202);
      } finally {
        await serial.close();
      }
      const port = tcpPort(row);
      const done = await waitForOperation(port, account);
      expect(done).toMatchObject({ status: 'done', code: '1210' });
      const link = await connectTcp('127.0.0.1', port);
      const manifestXml = await obexConsoleSession(link, account, (s) =>
        getText(s, './CIMO/LastOperation/Manifest'),
      ).finally(() => link.close());
      const manifest = parseManifest(new TextEncoder().encode(manifestXml.result));
      expect(manifest.correlator).toBe('r1');
      expect(new Set(manifest.objects.map((o) => o.info))).toEqual(
        new Set(['PhoneBook', 'Photos']),
      );

      // Debian obexftp over TCP: the memory card, the retrieval folder, one object.
      const local = join(dir, 'local');
      rmSync(local, { recursive: true, force: true });
      mkdirSync(local);
      const card = await obexftp(['-n', `127.0.0.1:${port}`, '-l', 'MemoryCard'], local);
      expect(card.stdout).toMatch(/<folder-listing/);
      expect(card.stdout).toMatch(/<folder name="[^"]+"/);
      const listing = await obexftp(
        ['-n', `127.0.0.1:${port}`, '-c', 'cimo-retrieve', '-l', 'r1'],
        local,
      );
      const photo = manifest.objects.find((o) => o.info === 'Photos');
      if (photo === undefined) throw new Error('no photo retrieved');
      const names = [...listing.stdout.matchAll(/<file name="([^"]+)"/g)].map((m) => m[1]);
      expect(names.length).toBeGreaterThanOrEqual(manifest.objects.length);
      const fileName = names.find((n) => n !== undefined && n.endsWith('.jpg'));
      if (fileName === undefined) throw new Error(`no .jpg in ${names.join(', ')}`);
      await obexftp(
        ['-n', `127.0.0.1:${port}`, '-c', 'cimo-retrieve', '-c', 'r1', '-g', fileName],
        local,
      );
      const got = readFileSync(join(local, fileName));
      const entry = manifest.objects.find((o) => o.sha256 === sha256(got));
      expect(entry, 'the fetched file is one of the manifest objects, byte for byte').toBeDefined();
      expect(entry?.size).toBe(got.length);
      await fleet.stop();
    },
    120_000,
  );

  it('a partial lock makes that folder answer Forbidden over TCP while others stay readable', async () => {
    const dir = workDir();
    const fleet = await startFleet(['--obex-tcp', '0', '--data', join(dir, 'hs')]);
    const row = fleet.rows[0];
    if (row === undefined) throw new Error('no handset');
    const account = readHandsetAccount(row.dir);
    const port = tcpPort(row);
    const link = await connectTcp('127.0.0.1', port);
    await obexConsoleSession(link, account, async (s) => {
      await s.command({
        kind: 'Replace',
        uri: './CIMO/InfoList/Photos/ToBeLocked',
        data: 'true',
        format: 'bool',
      });
      await s.command({
        kind: 'Replace',
        uri: './CIMO/Config/LockMessage',
        data: 'Call Fone Shop: +49 30 1234567',
      });
      expect((await s.exec('./CIMO/Operations/PartiallyLock')).status).toBe(200);
      expect(await getText(s, './CIMO/State')).toBe('20');
      expect(await getText(s, './CIMO/InfoList/Photos/Locked')).toBe('true');
    }).finally(() => link.close());
    const { ObexClient } = await import('../../../protocol/obex/client.js');
    const { connectFolderBrowsing, listFolder } =
      await import('../../../protocol/obex/folder-client.js');
    const l2 = await connectTcp('127.0.0.1', port);
    try {
      const client = new ObexClient(l2, { timeoutMs: 10_000 });
      await connectFolderBrowsing(client);
      await expect(listFolder(client, 'Photos')).rejects.toMatchObject({ code: 0xc3 });
      expect((await listFolder(client, 'MemoryCard')).entries.length).toBeGreaterThan(0);
    } finally {
      await l2.close();
    }
    const status = await runCli(['status', '--json', row.dir]);
    expect(JSON.parse(status.stdout)).toMatchObject({
      handsets: [{ state: 20, locked: ['Photos'], lockMessage: 'Call Fone Shop: +49 30 1234567' }],
    });
    await fleet.stop();
  }, 90_000);

  it('calls the console over HTTP at start, on package #0, and to deliver a Generic Alert', async () => {
    const dir = workDir();
    const sessions: { first: string; events: ServerSessionEvent[]; server: ServerSession }[] = [];
    let account: HandsetAccount | undefined;
    const scripts: ((s: ServerSession) => Promise<void>)[] = [];
    endpoint = await startHttpDmEndpoint({
      onSession: (n) => {
        // The handset made its folder before calling: read its account as a console would.
        account ??= readHandsetAccount(join(dir, 'hs', 'handset-01'));
        const events: ServerSessionEvent[] = [];
        const server = new ServerSession(sessionOptions(account, events));
        // Package 1 as XML whichever encoding the handset chose (a smartphone sends WBXML).
        const first = messageToXml(decodeMessage(n.firstPackage.body).message);
        sessions.push({ first, events, server });
        const script = scripts.shift();
        void (async () => {
          try {
            await script?.(server);
          } finally {
            await server.close();
          }
        })();
        return server;
      },
    });
    const root = join(dir, 'hs');
    let wipeStatus = 0;
    scripts.push(async (s) => {
      await s.command({
        kind: 'Replace',
        uri: './CIMO/InfoList/Notes/ToBeWiped',
        data: 'true',
        format: 'bool',
      });
      wipeStatus = (await s.exec('./CIMO/Operations/Wipe', { correlator: 'w-http' })).status;
    });
    const fleetP = startFleet(['--http', endpoint.url, '--pkg0-port', '0', '--data', root]);
    const fleet = await fleetP;
    const row = fleet.rows[0];
    if (row === undefined) throw new Error('no handset');
    const waitFor = async (what: () => boolean, label: string): Promise<void> => {
      const until = Date.now() + 60_000;
      while (!what()) {
        if (Date.now() > until) throw new Error(`timed out: ${label}\n${fleet.stderr()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    // Session 1: at start (Alert 1201); the wipe is accepted asynchronously.
    await waitFor(() => wipeStatus !== 0, 'the first session');
    expect(wipeStatus).toBe(202);
    expect(sessions[0]?.first).toContain('1201');
    // Session 2: the handset calls back on its own to deliver the Generic Alert.
    let itemCount = '';
    scripts.push(async (s) => {
      itemCount = await getText(s, './CIMO/InfoList/Notes/ItemCount');
    });
    await waitFor(() => sessions.some((x) => operationResults(x.events).length > 0), 'the alert');
    const alert = sessions.flatMap((x) => operationResults(x.events))[0];
    expect(alert).toMatchObject({
      correlator: 'w-http',
      code: 1201,
      source: './CIMO/Operations/Wipe',
    });
    await waitFor(() => itemCount !== '', 'the read-back');
    expect(itemCount).toBe('0');
    // Session 3: a package #0 over UDP makes it call in with Alert 1200 and that session id.
    if (account === undefined) throw new Error('no session yet');
    const udp = /package #0 on udp 127\.0\.0\.1:(\d+)/.exec(row.reach.join(' '))?.[1];
    const before = sessions.length;
    await sendPkg0Udp(
      encodePkg0(
        {
          uiMode: UiMode.Background,
          initiator: Initiator.Server,
          sessionId: 0x4d2,
          serverId: account.serverId,
        },
        {
          serverId: account.serverId,
          serverPassword: account.serverPassword,
          nonce: account.credentials.nonce,
        },
      ),
      { host: '127.0.0.1', port: Number(udp) },
    );
    await waitFor(() => sessions.length > before, 'the notified session');
    const notified = sessions[before]?.first ?? '';
    expect(notified).toContain('1200');
    expect(notified).toContain('<SessionID>4D2</SessionID>');
    await fleet.stop();
  }, 120_000);

  it('--crash-during Wipe dies mid-wipe; after a restart LastOperation says so and the alert comes', async () => {
    const dir = workDir();
    const root = join(dir, 'hs');
    const fleet = await startFleet(['--obex-tcp', '0', '--crash-during', 'Wipe', '--data', root]);
    const row = fleet.rows[0];
    if (row === undefined) throw new Error('no handset');
    const account = readHandsetAccount(row.dir);
    const link = await connectTcp('127.0.0.1', tcpPort(row));
    const run = await obexConsoleSession(link, account, async (s) => {
      await s.command({
        kind: 'Replace',
        uri: './CIMO/InfoList/Photos/ToBeWiped',
        data: 'true',
        format: 'bool',
      });
      return (await s.exec('./CIMO/Operations/Wipe', { correlator: 'w-crash' })).status;
    }).catch((e: unknown) => ({ result: e, events: [] }));
    await link.close();
    const exit = await fleet.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect([202, undefined]).toContain(typeof run.result === 'number' ? run.result : undefined);

    const again = await startFleet(['--obex-tcp', '0', '--data', root]);
    const row2 = again.rows[0];
    if (row2 === undefined) throw new Error('no handset');
    expect(row2.imei).toBe(row.imei);
    const acc2 = readHandsetAccount(row2.dir);
    const l2 = await connectTcp('127.0.0.1', tcpPort(row2));
    const after = await obexConsoleSession(l2, acc2, async (s) => ({
      name: await getText(s, './CIMO/LastOperation/Name'),
      status: await getText(s, './CIMO/LastOperation/Status'),
      code: await getText(s, './CIMO/LastOperation/ResultCode'),
      correlator: await getText(s, './CIMO/LastOperation/Correlator'),
    })).finally(() => l2.close());
    expect(after.result).toEqual({
      name: 'Wipe',
      status: 'failed',
      code: '1405',
      correlator: 'w-crash',
    });
    expect(operationResults(after.events)).toContainEqual(
      expect.objectContaining({ correlator: 'w-crash', code: 1405 }),
    );
    await again.stop();

    // reset makes it as new: same IMEI, photos back; wipe-data destroys them for real.
    const reset = await runCli(['reset', root]);
    expect(reset.code).toBe(0);
    const status = JSON.parse((await runCli(['status', '--json', root])).stdout) as {
      handsets: { imei: string; lastOperation: { name: string } }[];
    };
    expect(status.handsets[0]?.imei).toBe(row.imei);
    expect(status.handsets[0]?.lastOperation.name).toBe('');
    const wiped = await runCli(['wipe-data', root]);
    expect(wiped.code).toBe(0);
  }, 150_000);

  it('--threads spreads a fleet over worker threads: every handset answers, state is saved at stop', async () => {
    const dir = workDir();
    const root = join(dir, 'hs');
    const fleet = await startFleet([
      '--count',
      '3',
      '--threads',
      '2',
      '--obex-tcp',
      '0',
      '--quiet',
      '--data',
      root,
    ]);
    expect(fleet.rows.map((r) => r.index)).toEqual([1, 2, 3]);
    expect(new Set(fleet.rows.map((r) => r.imei)).size).toBe(3);
    // Members 1 and 3 run on one thread, 2 on the other: lock photos on 2 and 3, read all three.
    for (const row of fleet.rows) {
      const account = readHandsetAccount(row.dir);
      const link = await connectTcp('127.0.0.1', tcpPort(row));
      const run = await obexConsoleSession(link, account, async (s) => {
        if (row.index > 1) {
          await s.command({
            kind: 'Replace',
            uri: './CIMO/InfoList/Photos/ToBeLocked',
            data: 'true',
            format: 'bool',
          });
          expect((await s.exec('./CIMO/Operations/PartiallyLock')).status).toBe(200);
        }
        return {
          imei: await getText(s, './DevInfo/DevId'),
          state: await getText(s, './CIMO/State'),
        };
      }).finally(() => link.close());
      expect(run.result.imei).toContain(row.imei);
      expect(run.result.state).toBe(row.index > 1 ? '20' : '30'); // 20 partially locked, 30 unlocked
    }
    await fleet.stop();
    expect(await fleet.exited).toEqual({ code: 0, signal: null });
    const status = JSON.parse((await runCli(['status', '--json', root])).stdout) as {
      handsets: { imei: string; state: number }[];
    };
    expect(status.handsets.map((h) => h.state)).toEqual([30, 20, 20]);

    // A member that cannot start (its port is taken) stops the whole fleet with a message.
    const taken = await startFleet([
      '--count',
      '1',
      '--obex-tcp',
      '0',
      '--data',
      join(dir, 'other'),
    ]);
    const first = taken.rows[0];
    if (first === undefined) throw new Error('no handset');
    const port = tcpPort(first);
    const r = await runCli([
      'start',
      '--count',
      '2',
      '--threads',
      '2',
      '--quiet',
      '--obex-tcp',
      String(port - 1),
      '--data',
      join(dir, 'third'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/EADDRINUSE|in use/);
    await taken.stop();
  }, 120_000);

  it('refuses bad usage with exit status 2 and a message naming the flag', async () => {
    const r = await runCli(['start', '--profile', 'enormous']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--profile/);
    const s = await runCli(['status', join(tmpdir(), 'no-such-cimo-dir')]);
    expect(s.code).toBe(2);
  });
});
