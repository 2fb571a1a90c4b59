/**
 * `runClient`: a client-initiated session (Alert 1201) against the console's `handle`,
 * and how it ends when the link fails, times out or answers nothing.
 */
import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../../protocol/syncml/codec.js';
import { ClientSession } from '../../../protocol/session/client/client-session.js';
import { runClient } from '../../../protocol/session/drive.js';
import { ServerSession } from '../../../protocol/session/server/server-session.js';
import type { ServerSessionEvent } from '../../../protocol/session/server/inbox.js';
import { memoryTransport } from '../../../protocol/session/transport.js';
import type { DmPackage, DmTransport } from '../../../protocol/session/transport.js';
import { FakeClock } from '../obex/fake-clock.js';
import { DEVICE_ID, handsetTree, SERVER_ID } from './fixtures.js';

function client(clock: FakeClock): ClientSession {
  return new ClientSession({
    tree: handsetTree(),
    deviceId: DEVICE_ID,
    serverUri: 'http://console.local/dm',
    serverId: SERVER_ID,
    clock,
  });
}

describe('runClient', () => {
  it('opens a session with Alert 1201 and runs the console queue to the end', async () => {
    const clock = new FakeClock();
    const events: ServerSessionEvent[] = [];
    const server = new ServerSession({ serverId: SERVER_ID, onEvent: (e) => events.push(e) });
    const c = client(clock);
    const first: Uint8Array[] = [];
    const transport = memoryTransport(
      (p) => server.handle(p),
      (p, d) => {
        if (d === 'out' && first.length === 0) first.push(p.body);
        return p;
      },
    );
    const get = server.get('./Test/Leaf');
    const replace = server.replace('./Test/Leaf', 'from-console');
    void server.close();
    await runClient(c, transport, clock, 5000);
    expect(new TextDecoder().decode((await get).items[0]?.data)).toBe('hello');
    expect((await replace).status).toBe(200);
    await expect(server.done).resolves.toBeUndefined();
    expect(c.isEnded).toBe(true);
    expect(server.isEnded).toBe(true);
    const pkg1 = decodeMessage(first[0] as Uint8Array).message;
    expect(pkg1.commands.find((x) => x.kind === 'Alert')).toMatchObject({ code: 1201 });
    expect(server.devInfo.get('./DevInfo/DevId')).toBe(DEVICE_ID);
    expect(clock.pending).toBe(0);
  });

  it('ends the client with the transport error when the link fails', async () => {
    const clock = new FakeClock();
    const c = client(clock);
    const broken: DmTransport = { exchange: () => Promise.reject(new Error('link down')) };
    await expect(runClient(c, broken, clock, 5000)).rejects.toThrow('link down');
    expect(c.isEnded).toBe(true);
    await expect(c.done).rejects.toThrow('link down');
    await expect(
      c.handle({ body: new Uint8Array(1), contentType: '', headers: {} }),
    ).rejects.toMatchObject({
      violation: 'closed',
    });
    expect(clock.pending).toBe(0);
  });

  it('ends the client with DmTimeoutError when no reply comes in time', async () => {
    const clock = new FakeClock();
    const c = client(clock);
    const silent: DmTransport = { exchange: () => new Promise<DmPackage>(() => undefined) };
    const run = runClient(c, silent, clock, 5000);
    clock.advance(5000);
    await expect(run).rejects.toMatchObject({ name: 'DmTimeoutError', ms: 5000 });
    expect(c.isEnded).toBe(true);
    await expect(c.done).rejects.toMatchObject({ name: 'DmTimeoutError' });
    expect(clock.pending).toBe(0);
  });

  it('ends the client with unexpected-package when the server answers nothing', async () => {
    const clock = new FakeClock();
    const c = client(clock);
    const mute = memoryTransport(() => Promise.resolve(undefined));
    await expect(runClient(c, mute, clock, 5000)).rejects.toMatchObject({
      violation: 'unexpected-package',
    });
    expect(c.isEnded).toBe(true);
  });
});

describe('ClientSession.fail', () => {
  it('ends the session once: isEnded, done rejects, the first error wins', async () => {
    const c = client(new FakeClock());
    c.start();
    c.fail(new Error('first'));
    c.fail(new Error('second'));
    expect(c.isEnded).toBe(true);
    await expect(c.done).rejects.toThrow('first');
  });
});
