import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
  lstatSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsFileStore } from '../../native-bridge/fs-file-store.js';
import { createLinkPair } from '../../protocol/link/memory-link.js';
import { ObexClient } from '../../protocol/obex/client.js';
import { ObexResponse } from '../../protocol/obex/codes.js';
import { isObexError } from '../../protocol/obex/errors.js';
import {
  connectFolderBrowsing,
  getFile,
  listFolder,
  putFile,
  setPath,
} from '../../protocol/obex/folder-client.js';
import { FolderBrowsingService } from '../../protocol/obex/folder-service.js';
import { ObexServer } from '../../protocol/obex/server.js';

let base = '';
let root = '';
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'cimo-fsstore-'));
  root = join(base, 'share');
  mkdirSync(root);
  mkdirSync(join(base, 'secret'));
  writeFileSync(join(base, 'secret', 'key.txt'), 'top secret');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

/** The code of an ObexRefusal (or undefined for anything else). */
async function refusalCode(p: Promise<unknown>): Promise<number | string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    const code = (e as { refusal?: unknown; code?: unknown }).code;
    return typeof code === 'number' || typeof code === 'string' ? code : 'other';
  }
}

describe('FsFileStore', () => {
  it('writes, lists, stats, reads and removes files and folders on disk', async () => {
    const store = new FsFileStore(root);
    await store.mkdir(['Photos']);
    await store.write(['Photos', 'a.jpg'], enc('jpeg!'));
    await store.write(['notes.txt'], enc('hello'));
    expect(readFileSync(join(root, 'Photos', 'a.jpg'), 'utf8')).toBe('jpeg!');
    const listing = await store.list([]);
    expect(listing.map((e) => [e.kind, e.name, e.size])).toEqual([
      ['folder', 'Photos', undefined],
      ['file', 'notes.txt', 5],
    ]);
    expect((await store.stat(['notes.txt']))?.modified).toBeInstanceOf(Date);
    expect(await store.stat(['missing'])).toBeUndefined();
    expect((await store.stat([]))?.kind).toBe('folder');
    expect(dec(await store.read(['Photos', 'a.jpg']))).toBe('jpeg!');
    await expect(store.remove(['Photos'])).rejects.toMatchObject({ code: 'not-empty' });
    await store.remove(['Photos', 'a.jpg']);
    await store.remove(['Photos']);
    expect(existsSync(join(root, 'Photos'))).toBe(false);
  });

  it('reports store errors with the codes the Folder Browsing service maps', async () => {
    const store = new FsFileStore(root);
    await store.mkdir(['dir']);
    await expect(store.read(['nope'])).rejects.toMatchObject({ code: 'not-found' });
    await expect(store.read(['dir'])).rejects.toMatchObject({ code: 'is-a-folder' });
    await expect(store.write(['dir'], enc('x'))).rejects.toMatchObject({ code: 'is-a-folder' });
    await expect(store.write(['nope', 'x'], enc('x'))).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(store.remove(['nope'])).rejects.toMatchObject({ code: 'not-found' });
    await store.write(['f'], enc('x'));
    await expect(store.mkdir(['f'])).rejects.toMatchObject({ code: 'exists' });
    await expect(store.list(['f'])).rejects.toMatchObject({ code: 'not-a-folder' });
    await expect(store.write(['f', 'x'], enc('x'))).rejects.toMatchObject({ code: 'not-found' });
    // The refused writes opened their temporary file alongside the check: none is left.
    expect(readdirSync(root).sort()).toEqual(['dir', 'f']);
    expect(readdirSync(join(root, 'dir'))).toEqual([]);
  });

  it('refuses to write when the root is not a folder', async () => {
    writeFileSync(join(base, 'plain'), 'x');
    const store = new FsFileStore(join(base, 'plain'));
    await expect(store.write(['a'], enc('x'))).rejects.toMatchObject({ code: 'not-found' });
  });

  it('refuses traversal and malformed segments whatever the caller checked', async () => {
    const store = new FsFileStore(root);
    expect(await refusalCode(store.read(['..', 'secret', 'key.txt']))).toBe(ObexResponse.Forbidden);
    expect(await refusalCode(store.list(['..']))).toBe(ObexResponse.Forbidden);
    expect(await refusalCode(store.write(['..', 'evil.txt'], enc('x')))).toBe(
      ObexResponse.Forbidden,
    );
    expect(await refusalCode(store.write(['../evil.txt'], enc('x')))).toBe(ObexResponse.BadRequest);
    expect(await refusalCode(store.mkdir(['a\\b']))).toBe(ObexResponse.BadRequest);
    expect(await refusalCode(store.read(['a\0b']))).toBe(ObexResponse.BadRequest);
    expect(existsSync(join(base, 'evil.txt'))).toBe(false);
  });

  it('refuses symlinks that escape the root, at any depth, and hides them from listings', async () => {
    symlinkSync(join(base, 'secret'), join(root, 'out'));
    symlinkSync(join(base, 'secret', 'key.txt'), join(root, 'key-link'));
    symlinkSync(join(base, 'nowhere.txt'), join(root, 'dangling'));
    const store = new FsFileStore(root);
    expect(await refusalCode(store.read(['out', 'key.txt']))).toBe(ObexResponse.Forbidden);
    expect(await refusalCode(store.read(['key-link']))).toBe(ObexResponse.Forbidden);
    expect(await refusalCode(store.list(['out']))).toBe(ObexResponse.Forbidden);
    expect(await refusalCode(store.write(['out', 'planted.txt'], enc('x')))).toBe(
      ObexResponse.Forbidden,
    );
    expect(await refusalCode(store.write(['key-link'], enc('overwritten')))).toBe(
      ObexResponse.Forbidden,
    );
    expect(await refusalCode(store.write(['dangling'], enc('x')))).toBe(ObexResponse.Forbidden);
    expect(await refusalCode(store.stat(['out']))).toBe(ObexResponse.Forbidden);
    expect(readFileSync(join(base, 'secret', 'key.txt'), 'utf8')).toBe('top secret');
    expect(readdirSync(join(base, 'secret'))).toEqual(['key.txt']);
    expect(existsSync(join(base, 'nowhere.txt'))).toBe(false);
    expect((await store.list([])).map((e) => e.name)).toEqual([]);
  });

  it('follows symlinks that stay inside the root, and removes a link, not its target', async () => {
    mkdirSync(join(root, 'real'));
    writeFileSync(join(root, 'real', 'f.txt'), 'inside');
    symlinkSync(join(root, 'real'), join(root, 'alias'));
    symlinkSync(join(base, 'secret'), join(root, 'out'));
    const store = new FsFileStore(root);
    expect(dec(await store.read(['alias', 'f.txt']))).toBe('inside');
    expect((await store.list([])).map((e) => [e.kind, e.name])).toEqual([
      ['folder', 'alias'],
      ['folder', 'real'],
    ]);
    await store.remove(['out']);
    expect(lstatSync(join(base, 'secret')).isDirectory()).toBe(true);
    expect(existsSync(join(root, 'out'))).toBe(false);
  });

  it('leaves no partial file behind and lists no temporary names', async () => {
    const store = new FsFileStore(root);
    await store.write(['big.bin'], new Uint8Array(200_000).fill(7));
    await store.write(['big.bin'], enc('replaced'));
    expect(readdirSync(root)).toEqual(['big.bin']);
    expect(readFileSync(join(root, 'big.bin'), 'utf8')).toBe('replaced');
  });

  it('serves a folder through the Folder Browsing service with 0xC3 for an escaping symlink', async () => {
    writeFileSync(join(root, 'hello.txt'), 'hi');
    mkdirSync(join(root, 'Docs'));
    symlinkSync(join(base, 'secret'), join(root, 'Docs', 'up'));
    const [a, b] = createLinkPair();
    await a.open();
    await b.open();
    const server = new ObexServer(b, {
      services: [new FolderBrowsingService(new FsFileStore(root))],
    });
    const served = server.serve().catch(() => undefined);
    const client = new ObexClient(a, { timeoutMs: 5000 });
    await connectFolderBrowsing(client);
    expect((await listFolder(client)).entries.map((e) => e.name)).toEqual(['Docs', 'hello.txt']);
    expect(dec(await getFile(client, 'hello.txt'))).toBe('hi');
    await putFile(client, 'up.txt', enc('uploaded'));
    expect(readFileSync(join(root, 'up.txt'), 'utf8')).toBe('uploaded');
    await setPath(client, 'Docs');
    const err = await setPath(client, 'up').catch((e: unknown) => e);
    expect(isObexError(err) && err.code).toBe(ObexResponse.Forbidden);
    const err2 = await getFile(client, '..').catch((e: unknown) => e);
    expect(isObexError(err2) && err2.code).toBe(ObexResponse.Forbidden);
    await client.disconnect();
    await a.close();
    await b.close();
    await served;
  });

  it('writes a file piece by piece, visible only once closed, and aborts without a trace', async () => {
    const store = new FsFileStore(root);
    writeFileSync(join(root, 'keep.bin'), 'old');
    const w = await store.openWrite(['new.bin']);
    await w.write(enc('abc'));
    await w.write(enc('def'));
    expect(existsSync(join(root, 'new.bin'))).toBe(false);
    expect((await store.list([])).map((e) => e.name)).toEqual(['keep.bin']);
    await w.close();
    expect(readFileSync(join(root, 'new.bin'), 'utf8')).toBe('abcdef');
    const cut = await store.openWrite(['keep.bin']);
    await cut.write(enc('half of the new content'));
    await cut.abort();
    await cut.abort();
    expect(readFileSync(join(root, 'keep.bin'), 'utf8')).toBe('old');
    expect(readdirSync(root).sort()).toEqual(['keep.bin', 'new.bin']);
    expect(await refusalCode(store.openWrite(['Nope', 'x.bin']))).toBe('not-found');
    mkdirSync(join(root, 'Dir'));
    expect(await refusalCode(store.openWrite(['Dir']))).toBe('is-a-folder');
  });

  it('writes several pieces with one writev, in order, empty pieces included', async () => {
    const store = new FsFileStore(root);
    const w = await store.openWrite(['v.bin']);
    expect(typeof w.writev).toBe('function');
    const big = new Uint8Array(300_000).map((_, i) => i & 0xff);
    await w.write(enc('<'));
    await w.writev?.([enc('ab'), new Uint8Array(0), big, enc('cd')]);
    await w.writev?.([enc('>')]);
    await w.close();
    const got = new Uint8Array(readFileSync(join(root, 'v.bin')));
    expect(got.length).toBe(1 + 2 + big.length + 2 + 1);
    expect(dec(got.subarray(0, 3))).toBe('<ab');
    expect(got.subarray(3, 3 + big.length)).toEqual(big);
    expect(dec(got.subarray(3 + big.length))).toBe('cd>');
  });

  it('reads a file in pieces, and refuses folders and missing files', async () => {
    const store = new FsFileStore(root);
    const data = new Uint8Array(200_000).map((_, i) => (i * 7) & 0xff);
    writeFileSync(join(root, 'big.bin'), data);
    const file = await store.openRead(['big.bin']);
    expect(file.size).toBe(data.length);
    const pieces: Uint8Array[] = [];
    for await (const p of file.body) pieces.push(p);
    expect(pieces.length).toBeGreaterThan(1);
    expect(Buffer.concat(pieces).equals(Buffer.from(data))).toBe(true);
    // Each piece is sized to what is left (no 64 KiB array for the tail of a file).
    expect(pieces.map((p) => p.buffer.byteLength)).toEqual([65536, 65536, 65536, 3392]);
    // The body is the size announced at open: bytes appended later are not sent, and a
    // file cut short ends early.
    writeFileSync(join(root, 'grows.txt'), 'hello');
    const grows = await store.openRead(['grows.txt']);
    appendFileSync(join(root, 'grows.txt'), ' world');
    const got: Uint8Array[] = [];
    for await (const p of grows.body) got.push(p);
    expect(dec(Buffer.concat(got))).toBe('hello');
    const shrinks = await store.openRead(['big.bin']);
    truncateSync(join(root, 'big.bin'), 1000);
    let n = 0;
    for await (const p of shrinks.body) n += p.length;
    expect(n).toBe(1000);
    writeFileSync(join(root, 'big.bin'), data);
    mkdirSync(join(root, 'Dir'));
    expect(await refusalCode(store.openRead(['Dir']))).toBe('is-a-folder');
    expect(await refusalCode(store.openRead(['none.bin']))).toBe('not-found');
    expect(await refusalCode(store.openRead(['..']))).toBe(ObexResponse.Forbidden);
    // Symlinks in the root are opened only when they stay inside it.
    symlinkSync(join(base, 'secret', 'key.txt'), join(root, 'escape.txt'));
    symlinkSync(join(root, 'big.bin'), join(root, 'alias.bin'));
    symlinkSync(join(root, 'gone.bin'), join(root, 'dangling.bin'));
    expect(await refusalCode(store.openRead(['escape.txt']))).toBe(ObexResponse.Forbidden);
    expect(await refusalCode(store.openRead(['dangling.bin']))).toBe(ObexResponse.Forbidden);
    const alias = await store.openRead(['alias.bin']);
    expect(alias.size).toBe(data.length);
    await alias.body[Symbol.asyncIterator]().return?.();
    // Breaking off early, even before the first piece, releases the file.
    const early = await store.openRead(['big.bin']);
    const it = early.body[Symbol.asyncIterator]();
    await it.return?.();
    expect((await it.next()).done).toBe(true);
  });

  it('streams a large PUT and GET over OBEX to and from disk; an aborted PUT leaves nothing', async () => {
    const [a, b] = createLinkPair();
    await a.open();
    await b.open();
    const served = new ObexServer(b, {
      services: [new FolderBrowsingService(new FsFileStore(root))],
    })
      .serve()
      .catch(() => undefined);
    const client = new ObexClient(a, { timeoutMs: 5000 });
    await connectFolderBrowsing(client);
    const data = new Uint8Array(1_000_000).map((_, i) => (i * 13 + (i >> 9)) & 0xff);
    const pieces = Array.from({ length: 10 }, (_, i) =>
      data.subarray(i * 100_000, (i + 1) * 100_000),
    );
    await client.putFrom('big.bin', undefined, pieces, { length: data.length });
    expect(readFileSync(join(root, 'big.bin')).equals(Buffer.from(data))).toBe(true);
    const got: Uint8Array[] = [];
    const result = await client.getTo('big.bin', undefined, {
      write: (p) => void got.push(p.slice()),
    });
    expect(result).toMatchObject({ size: data.length, length: data.length });
    expect(Buffer.concat(got).equals(Buffer.from(data))).toBe(true);
    let aborting: Promise<void> | undefined;
    const cut = client.putFrom('cut.bin', undefined, pieces, {
      onProgress: (d) => {
        if (d > 200_000) aborting ??= client.abort();
      },
    });
    await expect(cut).rejects.toMatchObject({ name: 'ObexAbortedError' });
    await aborting;
    expect(readdirSync(root)).toEqual(['big.bin']);
    await client.disconnect();
    await a.close();
    await b.close();
    await served;
  });
});
