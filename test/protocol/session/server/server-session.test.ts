/**
 * The console's session driven directly with crafted client messages: Results the
 * console must refuse (over its MaxObjSize: 413; chunks not adding up to Meta Size: 424)
 * and objects it must not send (over the client's MaxObjSize).
 */
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, SYNCML_DM_MIME } from '../../../../protocol/syncml/codec.js';
import type { SyncMLEncoding } from '../../../../protocol/syncml/codec.js';
import type { Command, Item, StatusCommand } from '../../../../protocol/syncml/model.js';
import { ServerSession } from '../../../../protocol/session/server/server-session.js';
import { isDmStatusError } from '../../../../protocol/session/errors.js';
import type { DmPackage } from '../../../../protocol/session/transport.js';
import { DEVICE_ID, SERVER_ID } from '../fixtures.js';

/** A server and a way to send it client messages (with the client's MaxObjSize). */
function server(encoding: SyncMLEncoding, maxObjSize: number, clientMaxObjSize = 1 << 20) {
  const session = new ServerSession({ serverId: SERVER_ID, maxObjSize });
  let msgId = 0;
  const send = async (commands: Command[], final = true): Promise<Command[]> => {
    const pkg: DmPackage = {
      body: encodeMessage(
        {
          header: {
            verDTD: '1.2',
            verProto: 'DM/1.2',
            sessionId: '7',
            msgId: String(++msgId),
            target: { locURI: SERVER_ID },
            source: { locURI: DEVICE_ID },
            meta: { maxMsgSize: 64 * 1024, maxObjSize: clientMaxObjSize },
          },
          commands,
          final,
        },
        encoding,
      ),
      contentType: SYNCML_DM_MIME[encoding],
      headers: {},
    };
    const reply = await session.handle(pkg);
    return reply === undefined ? [] : [...decodeMessage(reply.body).message.commands];
  };
  const pkg1: Command[] = [{ kind: 'Alert', cmdId: '1', code: 1201, items: [] }];
  return { session, send, pkg1 };
}

/** The first Get of a server message and the Statuses a client sends for it. */
function answerGet(reply: Command[], serverMsgId: string): { cmdRef: string; statuses: Command[] } {
  const get = reply.find((c) => c.kind === 'Get');
  if (get === undefined || !('cmdId' in get)) throw new Error('no Get in the reply');
  const st = (cmdRef: string, cmd: string): StatusCommand => ({
    kind: 'Status',
    cmdId: '',
    msgRef: serverMsgId,
    cmdRef,
    cmd,
    targetRefs: [],
    sourceRefs: [],
    code: 200,
    items: [],
  });
  return { cmdRef: get.cmdId, statuses: [st('0', 'SyncHdr'), st(get.cmdId, 'Get')] };
}

/** Numbers `commands` from CmdID 2 (the client's package 1 used 1). */
const numbered = (commands: Command[], from = 2): Command[] =>
  commands.map((c, i) => ({ ...c, cmdId: String(from + i) }) as Command);

const results = (msgRef: string, cmdRef: string, item: Item): Command => ({
  kind: 'Results',
  cmdId: '',
  msgRef,
  cmdRef,
  items: [item],
});

const statusFor = (reply: Command[], kind: string): StatusCommand | undefined =>
  reply.find((c): c is StatusCommand => c.kind === 'Status' && c.cmd === kind);

for (const encoding of ['xml', 'wbxml'] as const) {
  describe(`ServerSession (${encoding})`, () => {
    it('answers 413 to a Results item over its MaxObjSize and rejects the Get with 413', async () => {
      const { session, send, pkg1 } = server(encoding, 100);
      const got = session.get('./Test/Big');
      const { cmdRef, statuses } = answerGet(await send(pkg1), '1');
      const item: Item = {
        source: { locURI: './Test/Big' },
        data: { kind: 'text', text: 'x'.repeat(101) },
      };
      void session.close();
      const reply = await send(numbered([...statuses, results('1', cmdRef, item)]));
      expect(statusFor(reply, 'Results')?.code).toBe(413);
      const err: unknown = await got.catch((e: unknown) => e);
      expect(isDmStatusError(err) && err.status).toBe(413);
    });

    it('accepts a Results item of exactly its MaxObjSize', async () => {
      const { session, send, pkg1 } = server(encoding, 100);
      const got = session.get('./Test/Big');
      const { cmdRef, statuses } = answerGet(await send(pkg1), '1');
      const item: Item = {
        source: { locURI: './Test/Big' },
        data: { kind: 'text', text: 'x'.repeat(100) },
      };
      void session.close();
      await send(numbered([...statuses, results('1', cmdRef, item)]));
      const outcome = await got;
      expect(new TextDecoder().decode(outcome.items[0]?.data)).toBe('x'.repeat(100));
    });

    it('answers 424 when chunked Results do not add up to Meta Size, rejects the Get with 424 and goes on', async () => {
      const { session, send, pkg1 } = server(encoding, 1000);
      const got = session.get('./Test/Big');
      const { cmdRef, statuses } = answerGet(await send(pkg1), '1');
      const first: Item = {
        source: { locURI: './Test/Big' },
        meta: { size: 10 },
        data: { kind: 'text', text: 'abcde' },
        moreData: true,
      };
      const r2 = await send(numbered([...statuses, results('1', cmdRef, first)]), false);
      expect(statusFor(r2, 'Results')?.code).toBe(213);
      const last: Item = { source: { locURI: './Test/Big' }, data: { kind: 'text', text: 'fgh' } };
      const sync: StatusCommand = {
        kind: 'Status',
        cmdId: '',
        msgRef: '2',
        cmdRef: '0',
        cmd: 'SyncHdr',
        targetRefs: [],
        sourceRefs: [],
        code: 200,
        items: [],
      };
      const reply3 = send(numbered([sync, results('1', cmdRef, last)]));
      const err: unknown = await got.catch((e: unknown) => e);
      expect(isDmStatusError(err) && err.status).toBe(424);
      // The session goes on: the next command is sent in the reply.
      const next = session.get('./Test/Other');
      const r3 = await reply3;
      expect(statusFor(r3, 'Results')?.code).toBe(424);
      expect(r3.some((c) => c.kind === 'Get')).toBe(true);
      void next.catch(() => undefined);
      expect(session.isEnded).toBe(false);
    });

    it('rejects replace/add over the client MaxObjSize with 413 at once and sends nothing', async () => {
      const { session, send, pkg1 } = server(encoding, 1 << 20, 50);
      const ok = session.get('./Test/Leaf');
      await send(pkg1);
      const big = 'y'.repeat(51);
      for (const p of [
        session.replace('./Test/Big', big),
        session.add('./Test/Big', new TextEncoder().encode(big)),
        session.atomic([{ kind: 'Replace', uri: './Test/Big', data: big }]),
      ]) {
        const err: unknown = await p.catch((e: unknown) => e);
        expect(isDmStatusError(err) && err.status).toBe(413);
      }
      // Nothing of them is queued: the next message carries none of our commands.
      void session.close();
      void ok.catch(() => undefined);
      const reply = await send(
        numbered([
          {
            kind: 'Status',
            cmdId: '',
            msgRef: '1',
            cmdRef: '0',
            cmd: 'SyncHdr',
            targetRefs: [],
            sourceRefs: [],
            code: 200,
            items: [],
          },
        ]),
      );
      expect(reply.filter((c) => c.kind !== 'Status')).toEqual([]);
    });
  });
}
