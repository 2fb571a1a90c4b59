/**
 * One scenario suite for DM sessions, run unchanged over every transport: the factory
 * returns a connected console (server role) and handset (client role).
 */
import * as fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLawmoDdf } from '../../../protocol/cimo/mo-ddf.js';
import { AlertType } from '../../../protocol/cimo/ids.js';
import { decodeMessage } from '../../../protocol/syncml/codec.js';
import type { SyncMLEncoding } from '../../../protocol/syncml/codec.js';
import type { Command } from '../../../protocol/syncml/model.js';
import { GenericAlertQueue, ExecutorRegistry } from '../../../protocol/session/client/executor.js';
import type { GenericAlert } from '../../../protocol/session/client/executor.js';
import type { DmAccount } from '../../../protocol/session/auth-state.js';
import type { DmPackage } from '../../../protocol/session/transport.js';
import type { ServerSessionEvent } from '../../../protocol/session/server/inbox.js';
import { DmTree } from '../../../protocol/tree/dm-tree.js';
import { instantiateTree } from '../../../protocol/tree/ddf-instantiate.js';
import { FakeClock } from '../obex/fake-clock.js';
import { counterRandom, handsetTree, SERVER_ID } from './fixtures.js';
import type { MakePair } from './fixtures.js';

const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b);
const leaf = (tree: DmTree, uri: string): string => text(tree.get(uri).data);

/**
 * Index of the first byte where `a` and `b` differ (their common length when one is a
 * prefix of the other), -1 when equal. `toEqual` on a 1 MB typed array walks it as a
 * generic iterable and takes seconds; this keeps the failure message useful.
 */
function firstDifference(a: Uint8Array | undefined, b: Uint8Array): number {
  if (a === undefined) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

function md5Accounts(nonceC: Uint8Array, nonceS: Uint8Array, clientPassword = 'cli-pass') {
  const client: DmAccount = {
    type: 'md5',
    username: 'handset-1',
    password: 'cli-pass',
    nonce: nonceC,
  };
  const server: DmAccount = {
    type: 'md5',
    username: SERVER_ID,
    password: 'srv-pass',
    nonce: nonceS,
  };
  return {
    serverSide: { clientAccount: client, credentials: server },
    clientSide: { credentials: { ...client, password: clientPassword }, serverAccount: server },
  };
}

/** A tap that keeps the body of every non-empty package the console receives. */
function keepIncoming(seen: Uint8Array[]) {
  return (p: DmPackage, d: 'out' | 'in'): DmPackage => {
    if (d === 'in' && p.body.length > 0) seen.push(p.body);
    return p;
  };
}

/** Header status codes the console sent (decoded from the tapped packages). */
function headerCodes(packages: Uint8Array[]): number[] {
  return packages.flatMap((b) =>
    decodeMessage(b).message.commands.flatMap((c) =>
      c.kind === 'Status' && c.cmdRef === '0' ? [c.code] : [],
    ),
  );
}

/** What a transport can carry besides the package itself. */
export interface TransportCapabilities {
  /**
   * Transport headers (`x-syncml-hmac`) travel with each package. True for HTTP and memory.
   * Our OBEX binding carries none yet (it would need the OBEX HTTP header 0x47 on PUT and
   * GET), so HMAC — defined on the transport, never in `Cred` — is checked where it can be.
   */
  readonly transportHeaders: boolean;
}

export function runSessionSuite(
  label: string,
  makePair: MakePair,
  capabilities: TransportCapabilities = { transportHeaders: true },
): void {
  for (const encoding of ['xml', 'wbxml'] as SyncMLEncoding[]) {
    describe(`${label} (${encoding})`, () => {
      const server = { encoding };

      it('runs Get, Replace, Add, Delete and Exec with their statuses and results', async () => {
        const tree = handsetTree();
        const executors = new ExecutorRegistry().register('./Test/Leaf', () => 200);
        const pair = makePair({ server, client: { tree, executors } });
        const run = pair.start();
        const [g, kids, fmt] = await Promise.all([
          pair.server.get('./Test/Leaf'),
          pair.server.get('./Test'),
          pair.server.get('./Test/Num?prop=Format'),
        ]);
        expect(text(g.items[0]?.data)).toBe('hello');
        expect(text(kids.items[0]?.data)).toBe('Leaf/Num');
        expect(kids.items[0]?.format).toBe('node');
        expect(text(fmt.items[0]?.data)).toBe('int');
        expect((await pair.server.replace('./Test/Leaf', 'world')).status).toBe(200);
        expect((await pair.server.add('./Test/New/Deep', 'x')).status).toBe(200);
        expect((await pair.server.delete('./Test/Num')).status).toBe(200);
        expect((await pair.server.exec('./Test/Leaf')).status).toBe(200);
        await expect(pair.server.get('./Nope')).rejects.toMatchObject({ status: 404 });
        await expect(pair.server.add('./Test/Leaf', 'y')).rejects.toMatchObject({ status: 418 });
        await pair.server.close();
        await run;
        await pair.client.done;
        expect(leaf(tree, './Test/Leaf')).toBe('world');
        expect(leaf(tree, './Test/New/Deep')).toBe('x');
        expect(tree.has('./Test/Num')).toBe(false);
        expect(pair.server.devInfo.get('./DevInfo/Mod')).toBe('Ref-1');
      });

      it('authenticates both ways with MD5 and carries the nonces to the next session', async () => {
        const a = md5Accounts(Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5, 6));
        const events: (ServerSessionEvent | { type: string; nonce: Uint8Array })[] = [];
        const clientEvents: { type: string; nonce: Uint8Array }[] = [];
        const pair = makePair({
          server: {
            ...server,
            ...a.serverSide,
            random: counterRandom(3),
            onEvent: (e) => events.push(e),
          },
          client: {
            tree: handsetTree(),
            ...a.clientSide,
            random: counterRandom(9),
            onEvent: (e) => clientEvents.push(e),
          },
        });
        const run = pair.start();
        await pair.server.get('./Test/Leaf');
        await pair.server.close();
        await run;
        const cn = events.find((e) => e.type === 'client-nonce') as { nonce: Uint8Array };
        const sn = clientEvents.find((e) => e.type === 'server-nonce') as { nonce: Uint8Array };
        expect(clientEvents.find((e) => e.type === 'client-nonce')?.nonce).toEqual(cn.nonce);
        expect(events.find((e) => e.type === 'server-nonce')).toMatchObject({ nonce: sn.nonce });
        // Next session with the persisted nonces: accepted at once (212), no challenge.
        const b = md5Accounts(cn.nonce, sn.nonce);
        const seen: Uint8Array[] = [];
        const pair2 = makePair({
          server: { ...server, ...b.serverSide, random: counterRandom(5) },
          client: { tree: handsetTree(), ...b.clientSide, random: counterRandom(7) },
          tap: (p, d) => {
            if (p.body.length > 0 && p.contentType.includes('syncml.dm')) seen.push(p.body);
            void d;
            return p;
          },
        });
        const run2 = pair2.start();
        await pair2.server.get('./Test/Leaf');
        await pair2.server.close();
        await run2;
        const codes = headerCodes(seen);
        expect(codes).toContain(212);
        expect(codes.some((c) => c === 401 || c === 407)).toBe(false);
      });

      it('challenges a stale nonce, then accepts the retry', async () => {
        const a = md5Accounts(Uint8Array.of(9, 9), Uint8Array.of(4));
        const pair = makePair({
          server: {
            ...server,
            clientAccount: a.serverSide.clientAccount,
            random: counterRandom(2),
          },
          client: {
            tree: handsetTree(),
            credentials: { ...a.clientSide.credentials, nonce: Uint8Array.of(1) },
          },
        });
        const run = pair.start();
        expect((await pair.server.get('./Test/Leaf')).status).toBe(200);
        await pair.server.close();
        await run;
      });

      it('fails with DmAuthError after a challenge when the password is wrong', async () => {
        const a = md5Accounts(Uint8Array.of(1), Uint8Array.of(2), 'wrong');
        const pair = makePair({
          server: {
            ...server,
            clientAccount: a.serverSide.clientAccount,
            random: counterRandom(2),
          },
          client: { tree: handsetTree(), credentials: a.clientSide.credentials },
        });
        const get = pair.server.get('./Test/Leaf');
        await expect(pair.start()).rejects.toMatchObject({
          name: 'DmAuthError',
          status: 401,
          retried: true,
        });
        await expect(get).rejects.toMatchObject({ name: 'DmAuthError' });
        await expect(pair.client.done).rejects.toMatchObject({ name: 'DmAuthError', status: 401 });
      });

      it('authenticates with basic credentials both ways', async () => {
        const c: DmAccount = {
          type: 'basic',
          username: 'handset-1',
          password: 'p1',
          nonce: new Uint8Array(0),
        };
        const s: DmAccount = {
          type: 'basic',
          username: SERVER_ID,
          password: 'p2',
          nonce: new Uint8Array(0),
        };
        const pair = makePair({
          server: { ...server, clientAccount: c, credentials: s },
          client: { tree: handsetTree(), credentials: c, serverAccount: s },
        });
        const run = pair.start();
        expect((await pair.server.get('./Test/Leaf')).status).toBe(200);
        await pair.server.close();
        await run;
      });

      it.runIf(capabilities.transportHeaders)(
        'checks HMAC on every client message and rejects a tampered body',
        async () => {
          const acct: DmAccount = {
            type: 'hmac',
            username: 'handset-1',
            password: 'mac-pass',
            nonce: Uint8Array.of(7, 7),
          };
          const ok = makePair({
            server: { ...server, clientAccount: acct, random: counterRandom(4) },
            client: { tree: handsetTree(), credentials: acct },
          });
          const run = ok.start();
          await ok.server.get('./Test/Leaf');
          await ok.server.replace('./Test/Leaf', 'again');
          await ok.server.close();
          await run;
          const bad = makePair({
            server: { ...server, clientAccount: acct, random: counterRandom(4) },
            client: { tree: handsetTree(), credentials: acct },
            tap: (p, d) => {
              if (d !== 'in' || p.body.length === 0) return p;
              const body = p.body.slice();
              const at = text(body).indexOf('Ref-1');
              if (at >= 0) body[at + 4] = 0x32; // Ref-1 → Ref-2, after signing
              return { ...p, body };
            },
          });
          await expect(bad.start()).rejects.toMatchObject({ name: 'DmAuthError', status: 401 });
        },
      );

      it('resends its credentials with the fresh nonce after the client refuses them', async () => {
        const a = md5Accounts(Uint8Array.of(1), Uint8Array.of(4));
        const serverEvents: ServerSessionEvent[] = [];
        const clientEvents: { type: string; nonce: Uint8Array }[] = [];
        const seen: Uint8Array[] = [];
        const pair = makePair({
          server: {
            ...server,
            // A stale nonce: the client expects 4, so it refuses with 401 + NextNonce.
            credentials: { ...a.serverSide.credentials, nonce: Uint8Array.of(9) },
            onEvent: (e) => serverEvents.push(e),
          },
          client: {
            tree: handsetTree(),
            serverAccount: a.clientSide.serverAccount,
            random: counterRandom(6),
            onEvent: (e) => clientEvents.push(e),
          },
          tap: keepIncoming(seen),
        });
        const run = pair.start();
        expect(text((await pair.server.get('./Test/Leaf')).items[0]?.data)).toBe('hello');
        await pair.server.close();
        await run;
        const codes = headerCodes(seen);
        expect(codes.indexOf(401)).toBeGreaterThanOrEqual(0);
        expect(codes.indexOf(212)).toBeGreaterThan(codes.indexOf(401));
        const sn = clientEvents.find((e) => e.type === 'server-nonce');
        expect(serverEvents).toContainEqual({ type: 'server-nonce', nonce: sn?.nonce });
      });

      it('resynchronises both nonces at once (each side refuses the other first)', async () => {
        // A handset that crashed before storing the nonces of its last session: the
        // console moved on to nonces it does not have, in both directions.
        const a = md5Accounts(Uint8Array.of(1), Uint8Array.of(4));
        const seen: Uint8Array[] = [];
        const pair = makePair({
          server: {
            ...server,
            clientAccount: { ...a.serverSide.clientAccount, nonce: Uint8Array.of(7) },
            credentials: { ...a.serverSide.credentials, nonce: Uint8Array.of(9) },
            random: counterRandom(2),
          },
          client: {
            tree: handsetTree(),
            credentials: a.clientSide.credentials,
            serverAccount: a.clientSide.serverAccount,
            random: counterRandom(6),
          },
          tap: keepIncoming(seen),
        });
        const run = pair.start();
        expect(text((await pair.server.get('./Test/Leaf')).items[0]?.data)).toBe('hello');
        await pair.server.close();
        await run;
        await pair.client.done;
        // The client's refusal of the console came in, and the console then accepted it.
        const codes = headerCodes(seen);
        expect(codes).toContain(401);
        expect(codes.at(-1)).toBe(212);
      });

      it('fails with DmAuthError when the client refuses the resent credentials too', async () => {
        const a = md5Accounts(Uint8Array.of(1), Uint8Array.of(4));
        const pair = makePair({
          server: { ...server, credentials: { ...a.serverSide.credentials, password: 'bad' } },
          client: { tree: handsetTree(), serverAccount: a.clientSide.serverAccount },
        });
        const get = pair.server.get('./Test/Leaf');
        await expect(pair.start()).rejects.toMatchObject({ name: 'DmAuthError', retried: true });
        await expect(get).rejects.toMatchObject({ name: 'DmAuthError' });
        await expect(pair.client.done).rejects.toMatchObject({ name: 'DmAuthError' });
      });

      it('copies a node with Copy and answers 404 for a missing source', async () => {
        const tree = handsetTree();
        const pair = makePair({ server, client: { tree } });
        const run = pair.start();
        expect(
          (await pair.server.command({ kind: 'Copy', uri: './Test/Dup', source: './Test/Leaf' }))
            .status,
        ).toBe(200);
        await expect(
          pair.server.command({ kind: 'Copy', uri: './Test/Dup2', source: './Test/Nope' }),
        ).rejects.toMatchObject({ status: 404 });
        await pair.server.close();
        await run;
        expect(leaf(tree, './Test/Dup')).toBe('hello');
        expect(leaf(tree, './Test/Leaf')).toBe('hello');
        expect(tree.has('./Test/Dup2')).toBe(false);
      });

      it('answers display, text input and single/multiple choice UI alerts', async () => {
        const seen: { code: number; text: string; choices: readonly string[]; it?: string }[] = [];
        const pair = makePair({
          server,
          client: {
            tree: handsetTree(),
            ui: (req) => {
              seen.push({
                code: req.code,
                text: req.text,
                choices: req.choices,
                ...(req.options['IT'] !== undefined ? { it: req.options['IT'] } : {}),
              });
              if (req.code === 1100) return Promise.resolve({ kind: 'ok' });
              if (req.code === 1102) return Promise.resolve({ kind: 'text', text: 'Ana & Bo' });
              if (req.code === 1103) return Promise.resolve({ kind: 'choice', selected: [2] });
              return Promise.resolve({ kind: 'choice', selected: [1, 3] });
            },
          },
        });
        const run = pair.start();
        const display = await pair.server.alert({ code: 1100, text: 'Update done' });
        const input = await pair.server.alert({
          code: 1102,
          text: 'Your name?',
          options: { IT: 'A', MAXLEN: 20 },
        });
        const one = await pair.server.alert({
          code: 1103,
          text: 'Pick one',
          choices: ['red', 'green', 'blue'],
        });
        const many = await pair.server.alert({
          code: 1104,
          text: 'Pick some',
          choices: ['red', 'green', 'blue'],
        });
        await pair.server.close();
        await run;
        expect([display, input, one, many].map((o) => o.status)).toEqual([200, 200, 200, 200]);
        expect(display.answers).toEqual([]);
        expect(input.answers).toEqual(['Ana & Bo']);
        expect(one.answers).toEqual(['2']);
        expect(many.answers).toEqual(['1', '3']);
        expect(seen).toEqual([
          { code: 1100, text: 'Update done', choices: [] },
          { code: 1102, text: 'Your name?', choices: [], it: 'A' },
          { code: 1103, text: 'Pick one', choices: ['red', 'green', 'blue'] },
          { code: 1104, text: 'Pick some', choices: ['red', 'green', 'blue'] },
        ]);
      });

      it('finishes when both packages span messages (both sides at 1 KB)', async () => {
        let exchanges = 0;
        const pair = makePair({
          server: { ...server, maxMsgSize: 1024 },
          client: { tree: handsetTree(), maxMsgSize: 1024 },
          tap: (p) => {
            // Each side answering the other's 1222 with its own 1222 never ends.
            if (++exchanges > 1000) throw new Error('more than 1,000 packages: livelock');
            return p;
          },
        });
        const run = pair.start();
        const uris = Array.from({ length: 40 }, (_, i) =>
          i % 2 === 0 ? './Test/Leaf' : './Test/Num',
        );
        const got = await Promise.all(uris.map((u) => pair.server.get(u)));
        expect(got.map((o) => text(o.items[0]?.data))).toEqual(
          uris.map((u) => (u.endsWith('Leaf') ? 'hello' : '42')),
        );
        await pair.server.close();
        await run;
      });

      it('numbers commands without gaps when messages fill up', async () => {
        const ids: Record<'out' | 'in', number[]> = { out: [], in: [] };
        // The handset's 1 KB limit makes the console measure a Get that does not fit in
        // nearly every message.
        const pair = makePair({
          server,
          client: { tree: handsetTree(), maxMsgSize: 1024 },
          tap: (p, d) => {
            if (p.body.length > 0 && p.contentType.includes('syncml.dm')) {
              const flat = (cs: readonly Command[]): number[] =>
                cs.flatMap((c) => [
                  ...('cmdId' in c ? [Number(c.cmdId)] : []),
                  ...(c.kind === 'Atomic' || c.kind === 'Sequence' ? flat(c.commands) : []),
                ]);
              ids[d].push(...flat(decodeMessage(p.body).message.commands));
            }
            return p;
          },
        });
        const run = pair.start();
        const uris = Array.from({ length: 40 }, (_, i) =>
          i % 2 === 0 ? './Test/Leaf' : './Test/Num',
        );
        const all = await Promise.all(uris.map((u) => pair.server.get(u)));
        expect(all.every((o) => o.status === 200)).toBe(true);
        await pair.server.close();
        await run;
        for (const seq of [ids.out, ids.in]) {
          expect(seq.length).toBeGreaterThan(40);
          expect(seq).toEqual(seq.map((_, i) => i + 1));
        }
      });

      it('lists a 5,000-node tree with Struct, StructData and TNDS', async () => {
        const tree = handsetTree();
        tree.add('./Big', { format: 'node' });
        for (let i = 0; i < 2499; i++) {
          tree.add(`./Big/N${i}`, { format: 'node' });
          tree.add(`./Big/N${i}/V`, { value: `value-${i}` });
        }
        expect(tree.walk('./Big')).toHaveLength(4999);
        tree.add('./Big/Last', { value: 'end' });
        const pair = makePair({ server, client: { tree } });
        const run = pair.start();
        const struct = await pair.server.get('./Big?list=Struct');
        expect(struct.items).toHaveLength(5000);
        expect(struct.items[2]).toMatchObject({ uri: './Big/N0/V' });
        expect(struct.items[2]?.data).toBeUndefined();
        const data = await pair.server.get('./Big?list=StructData');
        expect(data.items).toHaveLength(5000);
        expect(text(data.items[4]?.data)).toBe('value-1');
        const tnds = await pair.server.get('./Big?list=TNDS+Value');
        const top = tnds.items[0]?.tnds?.nodes[0];
        expect(top?.children).toHaveLength(2500);
        expect(text(top?.children[7]?.children[0]?.value)).toBe('value-7');
        await pair.server.close();
        await run;
      });

      it('moves a 1 MB value each way under 8 KB messages', async () => {
        const tree = handsetTree();
        const sizes: number[] = [];
        const big = 'abcdefghijklmnopqrstuvwxyz'.repeat(40330).slice(0, 1 << 20);
        const bytes = new Uint8Array(1 << 20);
        for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
        const pair = makePair({
          server: { ...server, maxMsgSize: 8192, maxObjSize: 2 << 20 },
          client: { tree, maxMsgSize: 8192, maxObjSize: 2 << 20 },
          tap: (p) => {
            sizes.push(p.body.length);
            return p;
          },
        });
        const run = pair.start();
        await pair.server.add('./Test/Big', big);
        await pair.server.add('./Test/Bin', bytes, { format: 'bin' });
        expect(leaf(tree, './Test/Big')).toBe(big);
        expect(firstDifference(tree.get('./Test/Bin').data, bytes)).toBe(-1);
        tree.replace('./Test/Big', big.toUpperCase());
        const back = await pair.server.get('./Test/Big');
        expect(text(back.items[0]?.data)).toBe(big.toUpperCase());
        const backBin = await pair.server.get('./Test/Bin');
        const got = backBin.items[0]?.data;
        expect(got).toBeInstanceOf(Uint8Array);
        expect(firstDifference(got, bytes)).toBe(-1);
        await pair.server.close();
        await run;
        expect(Math.max(...sizes)).toBeLessThanOrEqual(8192);
        expect(sizes.length).toBeGreaterThan(4 * 128);
      }, 60_000);

      it('rolls back an Atomic whose last command fails', async () => {
        const tree = handsetTree();
        const pair = makePair({ server, client: { tree } });
        const run = pair.start();
        const r = await pair.server.atomic([
          { kind: 'Add', uri: './Test/A', data: 'a' },
          { kind: 'Replace', uri: './Test/Leaf', data: 'changed' },
          { kind: 'Delete', uri: './Test/Num' },
          { kind: 'Add', uri: './Test/Leaf', data: 'dup' },
        ]);
        expect(r.status).toBe(507);
        expect(r.inner.map((o) => o.status)).toEqual([216, 216, 216, 418]);
        await pair.server.close();
        await run;
        expect(tree.has('./Test/A')).toBe(false);
        expect(leaf(tree, './Test/Leaf')).toBe('hello');
        expect(leaf(tree, './Test/Num')).toBe('42');
      });

      it('refuses a command the ACL does not grant (425)', async () => {
        const tree = handsetTree();
        tree.replaceProperty('./Test/Leaf', 'ACL', 'Get=someone-else');
        const pair = makePair({ server, client: { tree } });
        const run = pair.start();
        await expect(pair.server.get('./Test/Leaf')).rejects.toMatchObject({ status: 425 });
        await expect(pair.server.replace('./Test/Leaf', 'x')).rejects.toMatchObject({
          status: 425,
        });
        await pair.server.close();
        await run;
        expect(leaf(tree, './Test/Leaf')).toBe('hello');
      });

      it('answers a confirm alert yes (200), no (304) and not at all (408)', async () => {
        const clock = new FakeClock();
        const answers = [true, false];
        let asked = 0;
        let waiting: (() => void) | undefined;
        const pair = makePair({
          server,
          client: {
            tree: handsetTree(),
            clock,
            ui: (req) => {
              asked++;
              expect(req.text).toBe('Wipe the phone book?');
              const a = answers.shift();
              if (a !== undefined) return Promise.resolve({ kind: 'confirm', yes: a });
              waiting?.();
              return new Promise(() => undefined);
            },
          },
        });
        const run = pair.start();
        const ask = () =>
          pair.server.alert({ code: 1101, text: 'Wipe the phone book?', options: { MAXDT: 30 } });
        expect((await ask()).status).toBe(200);
        expect((await ask()).status).toBe(304);
        const asking = new Promise<void>((r) => (waiting = r));
        const third = ask();
        await asking;
        clock.advance(30_000);
        await expect(third).rejects.toMatchObject({ status: 408 });
        const asking2 = new Promise<void>((r) => (waiting = r));
        const seqP = pair.server.sequence([
          { kind: 'Alert', code: 1101, text: 'Wipe the phone book?', options: { MAXDT: 10 } },
          { kind: 'Replace', uri: './Test/Leaf', data: 'skipped' },
        ]);
        await asking2;
        clock.advance(10_000);
        const seq = await seqP;
        expect(asked).toBe(4);
        expect(seq.inner.map((o) => o.status)).toEqual([408, 215]);
        await pair.server.close();
        await run;
      });

      it('sends an async Exec result as a Generic Alert in the next session', async () => {
        const tree = handsetTree();
        const queue = new GenericAlertQueue();
        let complete: ((a: GenericAlert) => void) | undefined;
        const executors = new ExecutorRegistry().register('./Test/Leaf', (req, done) => {
          complete = (a) =>
            done({ ...a, ...(req.correlator !== undefined ? { correlator: req.correlator } : {}) });
          return 202;
        });
        const pair = makePair({ server, client: { tree, executors, alerts: queue } });
        const run = pair.start();
        expect((await pair.server.exec('./Test/Leaf', { correlator: 'op-77' })).status).toBe(202);
        await pair.server.close();
        await run;
        complete?.({
          source: './Test/Leaf',
          type: AlertType.CIMO_OPERATION_COMPLETE,
          format: 'int',
          data: '1200',
        });
        expect(queue.items).toHaveLength(1);
        const events: ServerSessionEvent[] = [];
        const next = makePair({
          server: { ...server, onEvent: (e) => events.push(e) },
          client: { tree, alerts: queue },
        });
        const run2 = next.start();
        await next.server.close();
        await run2;
        expect(events).toContainEqual({
          type: 'generic-alert',
          correlator: 'op-77',
          items: [
            {
              source: './Test/Leaf',
              type: AlertType.CIMO_OPERATION_COMPLETE,
              format: 'int',
              data: '1200',
            },
          ],
        });
        expect(queue.items).toHaveLength(0);
      });

      it('runs the same operations on a LAWMO-only tree', async () => {
        const ddf = parseLawmoDdf(
          readFileSync(new URL('../../../protocol/cimo/lawmo.ddf', import.meta.url)),
        );
        const tree = new DmTree({ rootAcl: 'Add=*&Get=*' });
        instantiateTree(ddf, {
          tree,
          at: './LAWMO',
          serverId: SERVER_ID,
          instances: { 'AvailableWipeList/<x>': ['Contacts'] },
        });
        let ran = '';
        const executors = new ExecutorRegistry().register('./LAWMO/Operations/FullyLock', (req) => {
          ran = req.uri;
          return 200;
        });
        const pair = makePair({ server, client: { tree, executors } });
        const run = pair.start();
        const struct = await pair.server.get('./LAWMO?list=Struct');
        expect(struct.items.map((i) => i.uri)).toContain('./LAWMO/Operations/FullyLock');
        const type = await pair.server.get('./LAWMO?prop=Type');
        expect(text(type.items[0]?.data)).toBe('urn:oma:mo:oma-lawmo:1.0');
        await pair.server.replace('./LAWMO/AvailableWipeList/Contacts/ToBeWiped', 'true', {
          format: 'bool',
        });
        await expect(
          pair.server.replace('./LAWMO/State', '10', { format: 'int' }),
        ).rejects.toMatchObject({ status: 425 });
        expect((await pair.server.exec('./LAWMO/Operations/FullyLock')).status).toBe(200);
        const tnds = await pair.server.get('./LAWMO?list=TNDS');
        expect(tnds.items[0]?.tnds?.nodes[0]?.name).toBe('LAWMO');
        await pair.server.close();
        await run;
        expect(ran).toBe('./LAWMO/Operations/FullyLock');
        expect(leaf(tree, './LAWMO/AvailableWipeList/Contacts/ToBeWiped')).toBe('true');
      });

      it('gives the same tree as applying the commands directly', async () => {
        const op = fc.oneof(
          fc.record({
            kind: fc.constant('Get' as const),
            uri: fc.constantFrom('./T/a', './T/b', './T', './T/c/d'),
          }),
          fc.record({
            kind: fc.constantFrom('Add' as const, 'Replace' as const),
            uri: fc.constantFrom('./T/a', './T/b', './T/c/d', './T/e'),
            data: fc.string({ maxLength: 8 }).map((s) => s.trim()),
          }),
          fc.record({
            kind: fc.constant('Delete' as const),
            uri: fc.constantFrom('./T/a', './T/c', './T/b'),
          }),
        );
        await fc.assert(
          fc.asyncProperty(fc.array(op, { maxLength: 8 }), fc.boolean(), async (ops, seedB) => {
            const mk = (): DmTree => {
              const t = new DmTree({
                rootAcl: 'Add=*&Delete=*&Get=*&Replace=*',
                clock: { now: () => 0 },
              });
              t.add('./T', { format: 'node' });
              t.add('./T/a', { value: 'A' });
              if (seedB) t.add('./T/b', { value: 'B' });
              return t;
            };
            const remote = mk();
            const direct = mk();
            const pair = makePair({ server, client: { tree: remote } });
            const run = pair.start();
            for (const o of ops) {
              const viaSession = pair.server
                .command(o.kind === 'Get' || o.kind === 'Delete' ? { kind: o.kind, uri: o.uri } : o)
                .then(
                  (r) => r.status,
                  (e: { status?: number }) => e.status ?? -1,
                );
              let want = 200;
              try {
                if (o.kind === 'Add') direct.add(o.uri, { value: o.data });
                else if (o.kind === 'Replace') direct.replace(o.uri, o.data);
                else if (o.kind === 'Delete') direct.delete(o.uri);
                else direct.get(o.uri);
              } catch (e) {
                want = (e as { status: number }).status;
              }
              expect(await viaSession).toBe(want);
            }
            await pair.server.close();
            await run;
            const dump = (t: DmTree) => t.walk('.').map((n) => [n.uri, n.format, text(n.value)]);
            expect(dump(remote)).toEqual(dump(direct));
          }),
          { numRuns: 12 },
        );
      });
    });
  }
}
