/**
 * The `session-client` fuzz target, awaited (the fuzz runner is synchronous and cannot
 * see how an async `handle` ends): mutated real server packages give a reply or a typed
 * session error, never another exception.
 */
import { describe, expect, it } from 'vitest';
import { fromBase64 } from '../../../protocol/bytes/base64.js';
import { ClientSession } from '../../../protocol/session/client/client-session.js';
import { decodeMessage, SYNCML_DM_MIME } from '../../../protocol/syncml/codec.js';
import { Mutator } from '../../fuzz/mutator.js';
import { createPrng } from '../../fuzz/prng.js';
import { SESSION_CLIENT_SEEDS } from '../../fuzz/targets/session-client-seeds.js';
import { runSessionClient, target } from '../../fuzz/targets/session-client.js';
import { DEVICE_ID, handsetTree, SERVER_ID } from './fixtures.js';

const RUNS = 1500;

describe('session-client fuzz target', () => {
  it('has seeds a fresh client answers with a Status for every command', async () => {
    const seeds = target.seeds();
    expect(seeds).toHaveLength(SESSION_CLIENT_SEEDS.length);
    for (const seed of seeds) {
      const client = new ClientSession({
        tree: handsetTree(),
        deviceId: DEVICE_ID,
        serverUri: 'http://console.local/dm',
        serverId: SERVER_ID,
      });
      client.start(0x1a2b);
      const { message, encoding } = decodeMessage(seed);
      const reply = await client.handle({
        body: seed,
        contentType: SYNCML_DM_MIME[encoding],
        headers: {},
      });
      const answered = new Set(
        decodeMessage(reply?.body ?? new Uint8Array(0)).message.commands.flatMap((c) =>
          c.kind === 'Status' ? [c.cmdRef] : [],
        ),
      );
      const sent = message.commands.flatMap((c) =>
        c.kind === 'Status' || !('cmdId' in c) ? [] : [c.cmdId],
      );
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.filter((id) => !answered.has(id))).toEqual([]);
    }
  });

  it(`gives a reply or a typed session error for ${RUNS} mutated server packages`, async () => {
    const mutator = new Mutator(
      SESSION_CLIENT_SEEDS.map((s) => fromBase64(s)),
      createPrng(0x5e55),
    );
    const findings: string[] = [];
    for (let i = 0; i < RUNS && findings.length < 5; i++) {
      const input = mutator.next();
      await runSessionClient(input).catch((e: unknown) => {
        findings.push(`#${i} ${Buffer.from(input).toString('hex')}\n${String(e)}`);
      });
    }
    expect(findings).toEqual([]);
  });
});
