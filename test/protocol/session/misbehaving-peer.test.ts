import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../../protocol/syncml/codec.js';
import type { SyncMLMessage } from '../../../protocol/syncml/model.js';
import { ServerSession } from '../../../protocol/session/server/server-session.js';
import type { DmPackage } from '../../../protocol/session/transport.js';
import { FakeClock } from '../obex/fake-clock.js';
import { handsetTree, makeMemoryPair, SERVER_ID } from './fixtures.js';

/** Rewrites the first client reply after package 1 (the one answering our commands). */
function rewriteSecondReply(edit: (m: SyncMLMessage) => SyncMLMessage) {
  let replies = 0;
  return (p: DmPackage, d: 'out' | 'in'): DmPackage => {
    if (d !== 'in' || p.body.length === 0 || ++replies !== 2) return p;
    const { message, encoding } = decodeMessage(p.body);
    return { ...p, body: encodeMessage(edit(message), encoding) };
  };
}

describe('misbehaving peer', () => {
  it('ends with malformed-package when a reply does not decode', async () => {
    let replies = 0;
    const pair = makeMemoryPair({
      server: {},
      client: { tree: handsetTree() },
      tap: (p, d) =>
        d === 'in' && ++replies === 2
          ? { ...p, body: new TextEncoder().encode('<SyncML><Syn') }
          : p,
    });
    const get = pair.server.get('./Test/Leaf');
    await expect(pair.start()).rejects.toMatchObject({ violation: 'malformed-package' });
    await expect(get).rejects.toMatchObject({ violation: 'malformed-package' });
  });

  it('ends with wrong-msgref / wrong-cmdref when a Status names nothing we sent', async () => {
    for (const [field, violation] of [
      ['msgRef', 'wrong-msgref'],
      ['cmdRef', 'wrong-cmdref'],
    ] as const) {
      const pair = makeMemoryPair({
        server: {},
        client: { tree: handsetTree() },
        tap: rewriteSecondReply((m) => ({
          ...m,
          commands: m.commands.map((c) =>
            c.kind === 'Status' && c.cmd === 'Get' ? { ...c, [field]: '99' } : c,
          ),
        })),
      });
      const get = pair.server.get('./Test/Leaf');
      await expect(pair.start()).rejects.toMatchObject({ violation });
      await expect(get).rejects.toMatchObject({ violation });
    }
  });

  it('ends with command-not-allowed when the client sends a Delete', async () => {
    const pair = makeMemoryPair({
      server: {},
      client: { tree: handsetTree() },
      tap: rewriteSecondReply((m) => ({
        ...m,
        commands: [
          ...m.commands,
          { kind: 'Delete', cmdId: '50', items: [{ target: { locURI: './X' } }] },
        ],
      })),
    });
    const get = pair.server.get('./Test/Leaf');
    await expect(pair.start()).rejects.toMatchObject({ violation: 'command-not-allowed' });
    await expect(get).rejects.toMatchObject({ name: 'DmProtocolError' });
  });

  it('ends with DmTimeoutError when a reply never comes, leaving no promise pending', async () => {
    const clock = new FakeClock();
    const server = new ServerSession({ serverId: SERVER_ID, clock, replyTimeoutMs: 5000 });
    const get = server.get('./Test/Leaf');
    const run = server.run(
      { exchange: () => new Promise<DmPackage>(() => undefined) },
      { body: new Uint8Array(24), contentType: 'application/vnd.syncml.notification', headers: {} },
    );
    clock.advance(4999);
    let settled = false;
    void get.catch(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    clock.advance(1);
    await expect(run).rejects.toMatchObject({ name: 'DmTimeoutError', ms: 5000 });
    await expect(get).rejects.toMatchObject({ name: 'DmTimeoutError' });
    expect(clock.pending).toBe(0);
  });
});
