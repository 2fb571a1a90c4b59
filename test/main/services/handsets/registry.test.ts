/**
 * The handset registry against reference handsets in a child process: over OBEX/TCP and
 * a pty it identifies them and reads their CIMO tree; a handset whose process dies is
 * shown failed naming the step; HTTP handsets are found by the DevId they call in with.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HandsetRegistry } from '../../../../main/services/handsets/registry.js';
import { getText } from '../../../../main/services/handsets/tree-read.js';
import { unpackTree } from '../../../../renderer/src/lib/tree-pack.js';
import { TraceStore } from '../../../../main/services/handsets/trace-store.js';
import { startDmEndpoint } from '../../../../main/services/handsets/http-intake.js';
import { NonceStore, SettingsStore } from '../../../../main/services/settings/index.js';
import { killFleets, ptyPath, startFleet, tcpPort } from '../../../handset/cli/support.js';
import { addTcpHandset, configureHandset, tempDir, waitFor } from '../console-support.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await killFleets();
});

function consoleParts(): {
  settings: SettingsStore;
  nonces: NonceStore;
  trace: TraceStore;
  registry: HandsetRegistry;
} {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const settings = SettingsStore.open(dir);
  const nonces = NonceStore.open(dir);
  const trace = new TraceStore();
  const registry = new HandsetRegistry({ settings, nonces, trace });
  // Run in reverse: close the registry, let the nonce file's last write land, then remove
  // the folder (removing it during that write failed with ENOTEMPTY now and then).
  cleanups.push(() => nonces.flush().catch(() => undefined));
  cleanups.push(() => registry.close());
  return { settings, nonces, trace, registry };
}

/** One reference handset over OBEX/TCP, added to a fresh registry and ready. */
async function oneTcpHandset() {
  const { dir, cleanup } = tempDir('cimo-hs-');
  cleanups.push(cleanup);
  const fleet = await startFleet(['--obex-tcp', '0', '--data', dir]);
  const a = fleet.rows[0];
  if (a === undefined) throw new Error('no handset');
  const parts = consoleParts();
  const rec = parts.registry.get(await addTcpHandset(parts, a, tcpPort(a)));
  return { fleet, a, rec, ...parts };
}

describe('HandsetRegistry', () => {
  it('identifies a handset over OBEX/TCP and one over a pty, reads CIMO, traces the sessions', async () => {
    const { dir, cleanup } = tempDir('cimo-hs-');
    cleanups.push(cleanup);
    const fleet = await startFleet(['--count', '2', '--obex-tcp', '0', '--pty', '--data', dir]);
    const [a, b] = fleet.rows;
    if (a === undefined || b === undefined) throw new Error('no handsets');
    const { settings, nonces, trace, registry } = consoleParts();
    const port = tcpPort(a);
    configureHandset(settings, nonces, a, `tcp 127.0.0.1:${port}`);
    configureHandset(settings, nonces, b, `serial ${ptyPath(b)}`);
    const tcp = await registry.addDevice({
      key: `tcp:127.0.0.1:${port}`,
      kind: 'tcp',
      reason: 'configured',
      tcp: { host: '127.0.0.1', port },
      label: `127.0.0.1:${port}`,
    });
    const pty = await registry.addDevice({
      key: `serial:${ptyPath(b)}`,
      kind: 'serial',
      reason: 'configured',
      path: ptyPath(b),
      label: ptyPath(b),
    });
    expect(tcp.connection).toEqual({ state: 'ready' });
    expect(pty.connection).toEqual({ state: 'ready' });
    expect(registry.detail(a.imei)).toMatchObject({ imei: a.imei, mo: 'cimo', lockState: 30 });
    const items = registry.detail(b.imei).items;
    expect(items.map((i) => i.id)).toContain('PhoneBook');
    expect(items.find((i) => i.id === 'PhoneBook')?.itemCount).toBeGreaterThan(0);
    const sessions = trace.list(tcp.id);
    expect(sessions.length).toBeGreaterThan(0);
    const msgs = trace.get(sessions[0]?.id ?? '') ?? [];
    expect(msgs[0]?.direction).toBe('to-handset');
    expect(msgs.some((m) => m.direction === 'from-handset' && m.xml.includes('DevId'))).toBe(true);
    expect(msgs.every((m) => /^[0-9a-f]+$/.test(m.hex))).toBe(true);

    // A second session on the same kept link still works (refresh).
    const view = await registry.refresh(pty.id);
    expect(view.items.length).toBe(items.length);
    await fleet.stop();
  }, 120_000);

  it('answers the tree from the MO subtree it read until another session starts, or on refresh', async () => {
    const { fleet, rec, trace, registry } = await oneTcpHandset();
    const sessions = (): number => trace.list(rec.id).length;
    const identified = sessions();
    // Identification read the MO subtree: the tree browser's first request needs no session.
    const first = await registry.tree(rec.id);
    expect(sessions()).toBe(identified);
    const nodes = unpackTree(first);
    expect(nodes[0]?.path).toBe(rec.view?.root);
    expect(nodes.some((n) => n.path.endsWith('/PhoneBook/ItemCount'))).toBe(true);
    expect(await registry.tree(rec.id)).toBe(first);
    expect(await registry.tree(rec.id, { kept: true })).toBe(first);
    // Any later session may have changed the tree: the next request reads it again, and a
    // read-ahead (`kept`) is refused rather than opening a session.
    await registry.session(rec.id, (s) => getText(s, './DevInfo/Mod'));
    const afterGet = sessions();
    await expect(registry.tree(rec.id, { kept: true })).rejects.toMatchObject({ code: 'not-kept' });
    expect(sessions()).toBe(afterGet);
    const again = await registry.tree(rec.id);
    expect(sessions()).toBe(identified + 2);
    expect(again).not.toBe(first);
    expect(unpackTree(again)).toEqual(nodes);
    expect(await registry.tree(rec.id)).toBe(again);
    // Asked to re-read, it does; another subtree is read, not answered from the MO's.
    const reread = await registry.tree(rec.id, { refresh: true });
    expect(reread).not.toBe(again);
    const devInfo = unpackTree(await registry.tree(rec.id, { path: './DevInfo' }));
    expect(devInfo.map((n) => n.path)).toContain('./DevInfo/DevId');
    expect(sessions()).toBe(identified + 4);
    // A refresh of the MO view (after every operation) keeps the subtree it read.
    await registry.refresh(rec.id);
    const refreshed = sessions();
    expect(unpackTree(await registry.tree(rec.id))).toEqual(nodes);
    expect(sessions()).toBe(refreshed);
    await fleet.stop();
  }, 120_000);

  it('runs sessions asked for at once one after another, each with the nonces then in force', async () => {
    const { a, rec, trace, registry } = await oneTcpHandset();
    // As the UI does when a handset view opens: several reads in the same moment. Every
    // session changes the nonces; one built before its turn came was challenged and lost.
    const uris = ['./DevInfo/Mod', './DevInfo/Man', './DevInfo/DevId', './DevInfo/Lang'];
    const before = trace.list(rec.id).length;
    const got = await Promise.all(uris.map((u) => registry.session(rec.id, (s) => getText(s, u))));
    expect(got[2]).toBe(`IMEI:${a.imei}`);
    expect(got.every((v) => v !== undefined && v !== '')).toBe(true);
    // One session each, none of them challenged (no 401 in any answer).
    const sessions = trace.list(rec.id).slice(before);
    expect(sessions).toHaveLength(uris.length);
    for (const t of sessions) {
      const texts = (trace.get(t.id) ?? []).map((m) => m.xml).join('\n');
      expect(texts).not.toMatch(/<Data>401<\/Data>/);
    }
  }, 120_000);

  it('shows a handset whose process died as failed, naming the step and a hint', async () => {
    const { fleet, rec, registry } = await oneTcpHandset();
    expect(rec.connection.state).toBe('ready');
    fleet.child.kill('SIGKILL');
    await fleet.exited;
    await expect(registry.refresh(rec.id)).rejects.toThrow();
    const c = registry.get(rec.id).connection;
    expect(c.state).toBe('failed');
    if (c.state !== 'failed') return;
    expect(['link', 'port']).toContain(c.step);
    expect(c.hint.length).toBeGreaterThan(10);
  }, 120_000);

  it('names the handset that calls in over HTTP by its DevId and reads its CIMO', async () => {
    const { dir, cleanup } = tempDir('cimo-hs-');
    cleanups.push(cleanup);
    const { settings, nonces, trace, registry } = consoleParts();
    const endpoint = await startDmEndpoint(registry, trace);
    cleanups.push(() => endpoint.close());
    // The handset's folder (and account) exists once `start` printed its table; its first
    // call may come before that and fail authentication, so configure and wait for a call.
    const fleet = await startFleet(['--http', endpoint.url, '--pkg0-port', '0', '--data', dir]);
    const [a] = fleet.rows;
    if (a === undefined) throw new Error('no handset');
    configureHandset(settings, nonces, a);
    const udp = /package #0 on udp 127\.0\.0\.1:(\d+)/.exec(a.reach.join(' '))?.[1];
    settings.update((s) => ({
      ...s,
      network: { ...s.network, wake: { [`IMEI:${a.imei}`]: `127.0.0.1:${udp}` } },
    }));
    registry.addNetworkHandset(`IMEI:${a.imei}`);
    const view = await registry.session(`IMEI:${a.imei}`, async (s) => {
      const r = await s.get('./DevInfo/DevId');
      return new TextDecoder().decode(r.items[0]?.data);
    });
    expect(view).toBe(`IMEI:${a.imei}`);
    await waitFor(() => registry.find(a.imei)?.connection.state === 'ready', 'ready');
    expect(registry.detail(a.imei)).toMatchObject({ link: 'network', mo: 'cimo' });
    await fleet.stop();
  }, 120_000);
});
