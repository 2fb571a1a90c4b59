/**
 * Interop with an independent OBEX implementation (OpenOBEX's obexftp 0.24, Debian package
 * obexftp) over TCP on 127.0.0.1: their client against our server and Folder Browsing
 * service (Connect by UUID, listing, get, multi-packet put, delete, setpath, mkdir).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenTcp } from '../../../native-bridge/links/tcp-link.js';
import type { TcpLinkServer } from '../../../native-bridge/links/tcp-link.js';
import { parseFolderListing } from '../../../protocol/obex/folder-listing.js';
import { FolderBrowsingService } from '../../../protocol/obex/folder-service.js';
import { MemoryFileStore } from '../../../protocol/obex/memory-file-store.js';
import { ObexServer } from '../../../protocol/obex/server.js';

const run = promisify(execFile);
const haveTools = existsSync('/usr/bin/obexftp');
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe.skipIf(!haveTools)('obexftp interop', () => {
  describe('obexftp client against our Folder Browsing service', () => {
    let listener: TcpLinkServer;
    const store = new MemoryFileStore(() => new Date(Date.UTC(2024, 4, 6, 7, 8, 9)));
    const work = mkdtempSync(join(tmpdir(), 'obex-interop-'));

    beforeAll(async () => {
      await store.write(['hello.txt'], utf8('hi from the handset\n'));
      await store.mkdir(['Docs']);
      await store.write(['Docs', 'inner.bin'], new Uint8Array(3000).fill(0x5a));
      listener = await listenTcp({ port: 0 });
      void (async () => {
        for await (const link of listener) {
          new ObexServer(link, { services: [new FolderBrowsingService(store)] })
            .serve()
            .catch(() => undefined);
        }
      })();
    });
    afterAll(async () => {
      await listener.close();
      rmSync(work, { recursive: true, force: true });
    });

    /** obexftp 0.24 exits non-zero even on success, so its output is what we check. */
    const obexftp = async (...args: string[]): Promise<string> => {
      try {
        const { stdout } = await run('obexftp', ['-n', `127.0.0.1:${listener.port}`, ...args], {
          cwd: work,
          timeout: 15_000,
        });
        return stdout;
      } catch (e) {
        return (e as { stdout?: string }).stdout ?? '';
      }
    };

    it('lists the root folder as a folder-listing our parser and theirs agree on', async () => {
      const out = await obexftp('-l');
      const listing = parseFolderListing(out.slice(out.indexOf('<?xml')));
      expect(listing.entries.map((e) => [e.kind, e.name, e.size])).toEqual([
        ['folder', 'Docs', undefined],
        ['file', 'hello.txt', 20],
      ]);
    });

    it('gets a file, puts a file and deletes one', async () => {
      await obexftp('-g', 'hello.txt');
      expect(readFileSync(join(work, 'hello.txt'), 'utf8')).toBe('hi from the handset\n');
      const big = new Uint8Array(100_000).map((_, i) => (i * 7) & 0xff);
      writeFileSync(join(work, 'upload.bin'), big);
      await obexftp('-p', 'upload.bin');
      expect(await store.read(['upload.bin'])).toEqual(big);
      await obexftp('-k', 'upload.bin');
      expect(await store.stat(['upload.bin'])).toBeUndefined();
    });

    it('changes into a folder to get from it and creates folders', async () => {
      await obexftp('-c', 'Docs', '-g', 'inner.bin');
      expect(readFileSync(join(work, 'inner.bin'))).toEqual(Buffer.alloc(3000, 0x5a));
      await obexftp('-C', 'New');
      expect((await store.stat(['New']))?.kind).toBe('folder');
    });
  });

  // Our client against obexftpd is not run here: obexftpd 0.24 ignores the port given to -n,
  // binds 650 without SO_REUSEADDR and serves one connection, which made the test flaky.
});
