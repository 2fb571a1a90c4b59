/**
 * The handset's session driven directly with crafted server messages: the large-object
 * and container rules a well-behaved console never exercises (size mismatch, interrupted
 * chunks, objects over MaxObjSize, nested Atomic).
 */
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, SYNCML_DM_MIME } from '../../../../protocol/syncml/codec.js';
import type { SyncMLEncoding } from '../../../../protocol/syncml/codec.js';
import type { Command, StatusCommand } from '../../../../protocol/syncml/model.js';
import { ClientSession } from '../../../../protocol/session/client/client-session.js';
import type { DmPackage } from '../../../../protocol/session/transport.js';
import { DEVICE_ID, handsetTree, SERVER_ID } from '../fixtures.js';

const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b);

/** A client that started a session (package 1 sent) and a way to send it server messages. */
function started(encoding: SyncMLEncoding, maxObjSize = 1 << 20, serverMaxObjSize?: number) {
  const tree = handsetTree();
  const client = new ClientSession({
    tree,
    deviceId: DEVICE_ID,
    serverUri: 'http://console.local/dm',
    serverId: SERVER_ID,
    encoding,
    maxObjSize,
  });
  client.start();
  let msgId = 0;
  const send = async (commands: Command[], final = true): Promise<Command[]> => {
    const pkg: DmPackage = {
      body: encodeMessage(
        {
          header: {
            verDTD: '1.2',
            verProto: 'DM/1.2',
            sessionId: client.core.sessionId,
            msgId: String(++msgId),
            target: { locURI: DEVICE_ID },
            source: { locURI: SERVER_ID },
            ...(serverMaxObjSize !== undefined
              ? { meta: { maxMsgSize: 64 * 1024, maxObjSize: serverMaxObjSize } }
              : {}),
          },
          commands,
          final,
        },
        encoding,
      ),
      contentType: SYNCML_DM_MIME[encoding],
      headers: {},
    };
    const reply = await client.handle(pkg);
    return reply === undefined ? [] : [...decodeMessage(reply.body).message.commands];
  };
  return { tree, client, send };
}

/** The Status answering CmdID `cmdRef` (not the SyncHdr's). */
function statusOf(reply: Command[], cmdRef: string): StatusCommand | undefined {
  return reply.find((c): c is StatusCommand => c.kind === 'Status' && c.cmdRef === cmdRef);
}

const chunk = (
  cmdId: string,
  uri: string,
  data: string,
  more: boolean,
  size?: number,
): Command => ({
  kind: 'Add',
  cmdId,
  items: [
    {
      target: { locURI: uri },
      ...(size !== undefined ? { meta: { size } } : {}),
      data: { kind: 'text', text: data },
      ...(more ? { moreData: true } : {}),
    },
  ],
});

for (const encoding of ['xml', 'wbxml'] as const) {
  describe(`ClientSession (${encoding})`, () => {
    it('assembles a chunked Add and answers 213 for each non-final chunk', async () => {
      const { tree, send } = started(encoding);
      expect(
        statusOf(await send([chunk('2', './Test/Big', 'abcde', true, 8)], false), '2')?.code,
      ).toBe(213);
      expect(statusOf(await send([chunk('3', './Test/Big', 'fgh', false)]), '3')?.code).toBe(200);
      expect(text(tree.get('./Test/Big').data)).toBe('abcdefgh');
    });

    it('answers 424 and commits nothing when the chunks do not add up to Meta Size', async () => {
      const { tree, send } = started(encoding);
      expect(
        statusOf(await send([chunk('2', './Test/Big', 'abcde', true, 10)], false), '2')?.code,
      ).toBe(213);
      expect(statusOf(await send([chunk('3', './Test/Big', 'fgh', false)]), '3')?.code).toBe(424);
      expect(tree.has('./Test/Big')).toBe(false);
    });

    it('sends Alert 1225 naming the object when another command interrupts its chunks', async () => {
      const { tree, send } = started(encoding);
      await send([chunk('2', './Test/Big', 'abcde', true, 8)], false);
      const reply = await send([
        {
          kind: 'Replace',
          cmdId: '3',
          items: [{ target: { locURI: './Test/Leaf' }, data: { kind: 'text', text: 'x' } }],
        },
      ]);
      const alert = reply.find((c) => c.kind === 'Alert' && c.code === 1225);
      expect(alert).toMatchObject({ items: [{ target: { locURI: './Test/Big' } }] });
      expect(statusOf(reply, '3')?.code).toBe(200);
      expect(tree.has('./Test/Big')).toBe(false);
      expect(text(tree.get('./Test/Leaf').data)).toBe('x');
    });

    it('sends Alert 1225 when a chunk of another object arrives, and assembles the new one', async () => {
      const { tree, send } = started(encoding);
      await send([chunk('2', './Test/A', 'aaaa', true, 8)], false);
      const reply = await send([chunk('3', './Test/B', 'bb', true, 4)], false);
      expect(reply.find((c) => c.kind === 'Alert' && c.code === 1225)).toMatchObject({
        items: [{ target: { locURI: './Test/A' } }],
      });
      expect(statusOf(reply, '3')?.code).toBe(213);
      expect(statusOf(await send([chunk('4', './Test/B', 'cc', false)]), '4')?.code).toBe(200);
      expect(tree.has('./Test/A')).toBe(false);
      expect(text(tree.get('./Test/B').data)).toBe('bbcc');
    });

    it('answers 413 when a chunked object announces more than MaxObjSize', async () => {
      const { tree, send } = started(encoding, 1000);
      const reply = await send([chunk('2', './Test/Big', 'abcde', true, 5000)], false);
      expect(statusOf(reply, '2')?.code).toBe(413);
      expect(tree.has('./Test/Big')).toBe(false);
    });

    it('answers 413 and applies nothing when a whole object is over MaxObjSize', async () => {
      const { tree, send } = started(encoding, 10);
      const reply = await send([
        chunk('2', './Test/Big', 'x'.repeat(11), false),
        chunk('3', './Test/Fits', 'y'.repeat(10), false),
        {
          kind: 'Replace',
          cmdId: '4',
          items: [
            { target: { locURI: './Test/Leaf' }, data: { kind: 'text', text: 'z'.repeat(11) } },
          ],
        },
      ]);
      expect(statusOf(reply, '2')?.code).toBe(413);
      expect(statusOf(reply, '3')?.code).toBe(200);
      expect(statusOf(reply, '4')?.code).toBe(413);
      expect(tree.has('./Test/Big')).toBe(false);
      expect(text(tree.get('./Test/Fits').data)).toBe('y'.repeat(10));
      expect(text(tree.get('./Test/Leaf').data)).not.toBe('z'.repeat(11));
    });

    it("answers a Get with 413 and no Results when the value is over the server's MaxObjSize", async () => {
      const { send } = started(encoding, 1 << 20, 10);
      await send([
        chunk('2', './Test/Big', 'x'.repeat(11), false),
        chunk('3', './Test/Fits', 'y', false),
      ]);
      const get = (cmdId: string, uri: string): Command => ({
        kind: 'Get',
        cmdId,
        items: [{ target: { locURI: uri } }],
      });
      const reply = await send([get('4', './Test/Big'), get('5', './Test/Fits')]);
      expect(statusOf(reply, '4')?.code).toBe(413);
      expect(statusOf(reply, '5')?.code).toBe(200);
      const res = reply.filter((c) => c.kind === 'Results');
      expect(res.map((c) => (c.kind === 'Results' ? c.cmdRef : ''))).toEqual(['5']);
    });

    it('answers a nested Atomic with 500 and rolls back its parent (507, 216)', async () => {
      const { tree, send } = started(encoding);
      const add = (cmdId: string, uri: string): Command => ({
        kind: 'Add',
        cmdId,
        items: [{ target: { locURI: uri }, data: { kind: 'text', text: 'v' } }],
      });
      const reply = await send([
        {
          kind: 'Atomic',
          cmdId: '2',
          commands: [
            add('3', './Test/A'),
            { kind: 'Atomic', cmdId: '4', commands: [add('5', './Test/B')] },
          ],
        },
      ]);
      expect(statusOf(reply, '2')?.code).toBe(507);
      expect(statusOf(reply, '3')?.code).toBe(216);
      expect(statusOf(reply, '4')?.code).toBe(500);
      expect(tree.has('./Test/A')).toBe(false);
      expect(tree.has('./Test/B')).toBe(false);
    });
  });
}
