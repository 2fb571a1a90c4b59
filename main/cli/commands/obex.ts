/**
 * `cimo obex`: a small OBEX Folder Browsing client (`ls`, `get`, `put`, `rm`) over a
 * serial port, TCP or a USB CDC-OBEX function, and `cimo obex serve DIR`, which serves a
 * folder with our OBEX server (labs and the interop tests use it).
 *
 * Remote paths with `/` are walked with SetPath from the root. Errors name the layer
 * that failed — the port (missing, permission, busy), the TCP connect, the OBEX connect
 * (refused, with the response code's name), the request (0xC4 not found, 0xC3 forbidden…)
 * or the link (lost mid-transfer, no answer). Exit status: 0 success, 1 the operation
 * failed, 2 bad usage or input.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { openFileReader, openFileWriter } from '../../../native-bridge/fs-file-io.js';
import { FsFileStore } from '../../../native-bridge/fs-file-store.js';
import { isLinkOpenError } from '../../../native-bridge/links/errors.js';
import { SerialLink } from '../../../native-bridge/links/serial-link.js';
import { OBEX_TCP_PORT, TcpLink } from '../../../native-bridge/links/tcp-link.js';
import { UsbCdcObexLink } from '../../../native-bridge/links/usb-cdc-obex.js';
import {
  hostFolderOverSerial,
  hostFolderOverTcp,
} from '../../../native-bridge/obex-server-host.js';
import type { FolderHost, HostEvent } from '../../../native-bridge/obex-server-host.js';
import { nodeUsbBus } from '../../../native-bridge/usb/node-usb-bus.js';
import { isUsbUnavailable, vidPid } from '../../../native-bridge/usb/usb-device.js';
import type { UsbDeviceHandle } from '../../../native-bridge/usb/usb-device.js';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';
import { isLinkDisconnected } from '../../../protocol/link/link.js';
import type { Link } from '../../../protocol/link/link.js';
import type { BodySink } from '../../../protocol/obex/body.js';
import { ObexClient } from '../../../protocol/obex/client.js';
import { isObexError } from '../../../protocol/obex/errors.js';
import type { ObexError } from '../../../protocol/obex/errors.js';
import {
  connectFolderBrowsing,
  deleteFile,
  listFolder,
  setPath,
} from '../../../protocol/obex/folder-client.js';
import type { FileStoreReader } from '../../../protocol/obex/file-store.js';
import type { FolderListingEntry } from '../../../protocol/obex/folder-listing.js';
import { createProgress } from '../progress.js';

/** A failure the CLI reports in one line with its exit status (1 failed, 2 bad usage). */
export class ObexCliError extends Error {
  override readonly name = 'ObexCliError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/** Transport options shared by the client sub-commands. */
export interface TransportOptions {
  readonly serial?: string | undefined;
  readonly baud?: string | undefined;
  readonly tcp?: string | undefined;
  readonly usb?: string | undefined;
  readonly timeout?: string | undefined;
}

/** Parses `HOST[:PORT]` (`[v6]:port` too); the port defaults to 650. */
export function parseHostPort(
  text: string,
  defaultPort = OBEX_TCP_PORT,
): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d+))?$/.exec(text.trim());
  const host = m?.[1] ?? m?.[2];
  const port = m?.[3] === undefined ? defaultPort : Number(m[3]);
  if (host === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ObexCliError(`--tcp: expected HOST[:PORT], got "${text}"`, 2);
  }
  return { host, port };
}

function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    throw new ObexCliError(`${name}: expected a positive integer, got "${text}"`, 2);
  return n;
}

/** Builds the (unopened) link the options name; exactly one transport must be given. */
export async function linkFromOptions(o: TransportOptions): Promise<Link> {
  const given = [o.serial, o.tcp, o.usb].filter((x) => x !== undefined).length;
  if (given !== 1)
    throw new ObexCliError('give exactly one of --serial DEV, --tcp HOST[:PORT], --usb VID:PID', 2);
  if (o.serial !== undefined) {
    return new SerialLink({ path: o.serial, baudRate: positiveInt('--baud', o.baud, 115200) });
  }
  if (o.tcp !== undefined) {
    const { host, port } = parseHostPort(o.tcp);
    if (port === 0) throw new ObexCliError('--tcp: port 0 is not a peer port', 2);
    return new TcpLink({ host, port });
  }
  const want = (o.usb ?? '').toLowerCase();
  if (!/^[0-9a-f]{4}:[0-9a-f]{4}$/.test(want)) {
    throw new ObexCliError(
      `--usb: expected VID:PID in hex (e.g. 0421:0428), got "${o.usb ?? ''}"`,
      2,
    );
  }
  let devices: UsbDeviceHandle[];
  try {
    devices = await nodeUsbBus().list();
  } catch (e) {
    if (isUsbUnavailable(e)) throw new ObexCliError(`usb: ${e.message}`, 1);
    throw e;
  }
  const device = devices.find((d) => vidPid(d.info) === want);
  if (!device) throw new ObexCliError(`usb: no device ${want} is plugged in`, 1);
  return new UsbCdcObexLink(device);
}

/** The one-line message for a failure, naming the layer. */
export function describeFailure(e: unknown, what: string): ObexCliError {
  if (e instanceof ObexCliError) return e;
  if (isLinkOpenError(e)) {
    const layer = e.code.startsWith('usb')
      ? 'usb'
      : ['connection-refused', 'connect-timeout', 'host-not-found', 'connect-failed'].includes(
            e.code,
          )
        ? 'tcp connect'
        : 'port';
    return new ObexCliError(`${layer}: ${e.message}`, 1);
  }
  if (isObexError(e)) return new ObexCliError(obexMessage(e, what), 1);
  if (isLinkDisconnected(e)) return new ObexCliError(`link lost: ${e.message}`, 1);
  if (isDecodeError(e)) return new ObexCliError(`garbled answer from the peer: ${e.message}`, 1);
  if (e instanceof Error && (e as { timeout?: unknown }).timeout === true) {
    return new ObexCliError(`no answer: ${e.message}`, 1);
  }
  return new ObexCliError(e instanceof Error ? e.message : String(e), 1);
}

function obexMessage(e: ObexError, what: string): string {
  const code = `0x${e.code.toString(16).toUpperCase()} ${e.codeName}`;
  const why = e.description ? ` (${e.description})` : '';
  if (e.operation === 'connect') return `OBEX connect refused: ${code}${why}`;
  if (e.code === 0xc4) return `not found: ${what} (${code})${why}`;
  if (e.code === 0xc3) return `forbidden: ${what} (${code})${why}`;
  return `${e.operation} ${what} failed: ${code}${why}`;
}

/** Splits a remote path into folders to walk and the last name (`''` for the root). */
export function splitRemote(path: string): { folders: string[]; name: string } {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  const name = parts.pop() ?? '';
  return { folders: parts, name };
}

/** Opens the link, connects Folder Browsing, runs `fn`, disconnects and closes. */
async function withClient<T>(
  o: TransportOptions,
  fn: (client: ObexClient) => Promise<T>,
): Promise<T> {
  const link = await linkFromOptions(o);
  await link.open();
  try {
    const client = new ObexClient(link, { timeoutMs: positiveInt('--timeout', o.timeout, 30_000) });
    await connectFolderBrowsing(client);
    const result = await fn(client);
    await client.disconnect().catch(() => undefined);
    return result;
  } finally {
    await link.close().catch(() => undefined);
  }
}

async function walk(client: ObexClient, folders: readonly string[]): Promise<void> {
  for (const f of folders) await setPath(client, f);
}

/** `ls`: the listing as aligned text, or JSON. */
export function formatListing(entries: readonly FolderListingEntry[], json: boolean): string {
  if (json) {
    const rows = entries.map((e) => ({
      kind: e.kind,
      name: e.name,
      ...(e.size === undefined ? {} : { size: e.size }),
      ...(e.modified === undefined ? {} : { modified: e.modified.toISOString() }),
    }));
    return `${JSON.stringify(rows, null, 2)}\n`;
  }
  const rows = entries.map((e) => [
    e.kind === 'folder' ? `${e.name}/` : e.name,
    e.size === undefined ? (e.kind === 'folder' ? '-' : '?') : String(e.size),
    e.modified === undefined ? '-' : e.modified.toISOString().replace('.000Z', 'Z'),
  ]);
  const w0 = Math.max(4, ...rows.map((r) => r[0]?.length ?? 0));
  const w1 = Math.max(4, ...rows.map((r) => r[1]?.length ?? 0));
  const lines = [`${'NAME'.padEnd(w0)}  ${'SIZE'.padStart(w1)}  MODIFIED`];
  for (const [n, s, m] of rows)
    lines.push(`${(n ?? '').padEnd(w0)}  ${(s ?? '').padStart(w1)}  ${m ?? ''}`);
  return `${lines.join('\n')}\n`;
}

const out = (text: string): void => void process.stdout.write(text);

/** Where `get` writes: pieces in order, then `close` (keep) or `abort` (discard). */
interface GetSink extends BodySink {
  close(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * A local file written piece by piece through a temporary file next to it, renamed onto
 * `dest` once the whole object arrived: a transfer cut short leaves no partial file.
 */
async function fileSink(dest: string): Promise<GetSink> {
  try {
    return await openFileWriter(dest);
  } catch (e) {
    throw new ObexCliError(
      `get: cannot write ${dest}: ${e instanceof Error ? e.message : String(e)}`,
      1,
    );
  }
}

/** Standard output, honouring its backpressure (a slow pipe holds the transfer back). */
function stdoutSink(): GetSink {
  return {
    write: (piece) =>
      new Promise<void>((resolve, reject) => {
        process.stdout.write(piece, (e) => (e ? reject(e) : resolve()));
      }),
    close: async () => undefined,
    abort: async () => undefined,
  };
}

async function run(what: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    const failure = describeFailure(e, what);
    process.stderr.write(`cimo obex: ${failure.message}\n`);
    process.exitCode = failure.exitCode;
  }
}

function progressFor(label: string): ReturnType<typeof createProgress> {
  return createProgress({ label, stream: process.stderr });
}

function transportOptions(cmd: Command): Command {
  return cmd
    .option('--serial <dev>', 'serial device: /dev/ttyACM0, /dev/rfcomm0, a pty')
    .option('--baud <n>', 'line speed for --serial (default 115200)')
    .option('--tcp <host[:port]>', `OBEX over TCP (default port ${OBEX_TCP_PORT})`)
    .option('--usb <vid:pid>', 'USB CDC-OBEX function of this device')
    .option('--timeout <ms>', 'per-request timeout (default 30000)');
}

/** `serve`: runs until SIGINT/SIGTERM. */
async function serve(
  dir: string,
  o: { tcp?: string; serial?: string; baud?: string; maxPacket?: string },
): Promise<void> {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new ObexCliError(`serve: ${dir} is not a folder`, 2);
  if ((o.tcp === undefined) === (o.serial === undefined)) {
    throw new ObexCliError('serve: give exactly one of --tcp [HOST:]PORT, --serial DEV', 2);
  }
  const maxPacketLength = positiveInt('--max-packet', o.maxPacket, 0xffff);
  if (maxPacketLength < 255 || maxPacketLength > 0xffff) {
    throw new ObexCliError('--max-packet: must be 255..65535', 2);
  }
  const store = new FsFileStore(dir);
  const onEvent = (e: HostEvent): void => {
    const detail = e.kind === 'session-start' ? '' : e.error ? `: ${e.error.message}` : '';
    process.stderr.write(`cimo obex serve: ${e.kind} ${e.link}${detail}\n`);
  };
  let host: FolderHost;
  if (o.tcp !== undefined) {
    const text = /^\d+$/.test(o.tcp) ? `127.0.0.1:${o.tcp}` : o.tcp;
    const { host: h, port } = parseHostPort(text);
    host = await hostFolderOverTcp(store, { host: h, port, onEvent, maxPacketLength });
  } else {
    host = await hostFolderOverSerial(store, {
      path: o.serial ?? '',
      baudRate: positiveInt('--baud', o.baud, 115200),
      onEvent,
      maxPacketLength,
    });
  }
  out(`serving ${store.root} over ${host.description}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await host.close();
}

/** Adds `cimo obex` and its sub-commands to the program. */
export function register(program: Command): void {
  const obex = program
    .command('obex')
    .description('OBEX Folder Browsing client and server (ls, get, put, rm, serve)');

  transportOptions(obex.command('ls').argument('[dir]', 'remote folder (default: root)'))
    .description('list a remote folder: name, size, modified')
    .option('--json', 'print JSON for scripts')
    .action(async (dir: string | undefined, o: TransportOptions & { json?: boolean }) => {
      await run(dir ?? '/', () =>
        withClient(o, async (client) => {
          const parts = splitRemote(dir ?? '');
          await walk(client, [...parts.folders, ...(parts.name === '' ? [] : [parts.name])]);
          const listing = await listFolder(client);
          out(formatListing(listing.entries, o.json === true));
        }),
      );
    });

  transportOptions(
    obex.command('get').argument('<remote>').argument('[local]', 'file or folder; - for stdout'),
  )
    .description('fetch a remote file')
    .action(async (remote: string, local: string | undefined, o: TransportOptions) => {
      await run(remote, async () => {
        const { folders, name } = splitRemote(remote);
        if (name === '') throw new ObexCliError('get: REMOTE must name a file', 2);
        let dest = local ?? name;
        if (dest !== '-' && existsSync(dest) && statSync(dest).isDirectory())
          dest = join(dest, name);
        const size = await withClient(o, async (client) => {
          await walk(client, folders);
          const bar = progressFor(`get ${name}`);
          const sink = dest === '-' ? stdoutSink() : await fileSink(dest);
          try {
            const got = await client.getTo(name, undefined, sink, {
              onProgress: (d, t) => bar.update(d, t),
            });
            await sink.close();
            bar.finish();
            return got.size;
          } catch (e) {
            await sink.abort();
            throw e;
          }
        });
        if (dest !== '-') out(`${remote} -> ${dest} (${size} bytes)\n`);
      });
    });

  transportOptions(
    obex
      .command('put')
      .argument('<local>')
      .argument('[remote]', 'remote path (default: same name at the root)'),
  )
    .description('send a local file')
    .action(async (local: string, remote: string | undefined, o: TransportOptions) => {
      await run(remote ?? basename(local), async () => {
        let file: FileStoreReader;
        try {
          file = await openFileReader(local);
        } catch (e) {
          throw new ObexCliError(
            `put: cannot read ${local}: ${e instanceof Error ? e.message : String(e)}`,
            2,
          );
        }
        // `put a.jpg Photos/` (or `/`) keeps the local name inside that folder.
        const intoFolder = remote === undefined || remote.endsWith('/');
        const parts = splitRemote(remote ?? '');
        const walkTo = intoFolder
          ? [...parts.folders, ...(parts.name === '' ? [] : [parts.name])]
          : parts.folders;
        const target = intoFolder ? basename(local) : parts.name;
        let sent = 0;
        let reading = false;
        try {
          await withClient(o, async (client) => {
            await walk(client, walkTo);
            const bar = progressFor(`put ${target}`);
            // Read piece by piece as packets go out: a file of any size, never held whole.
            // putFrom closes the file however it ends.
            reading = true;
            await client.putFrom(target, undefined, file.body, {
              length: file.size,
              onProgress: (d, t) => {
                sent = d;
                bar.update(d, t);
              },
            });
            bar.finish();
          });
        } finally {
          if (!reading) await file.body[Symbol.asyncIterator]().return?.();
        }
        out(`${local} -> ${[...walkTo, target].join('/')} (${sent} bytes)\n`);
      });
    });

  transportOptions(obex.command('rm').argument('<remote>'))
    .description('delete a remote file or empty folder')
    .action(async (remote: string, o: TransportOptions) => {
      await run(remote, async () => {
        const { folders, name } = splitRemote(remote);
        if (name === '') throw new ObexCliError('rm: REMOTE must name a file or folder', 2);
        await withClient(o, async (client) => {
          await walk(client, folders);
          await deleteFile(client, name);
        });
      });
    });

  obex
    .command('serve')
    .argument('<dir>', 'folder to share')
    .description('serve a folder with our OBEX Folder Browsing server until interrupted')
    .option('--tcp <[host:]port>', 'listen on TCP (host default 127.0.0.1; port 0 picks one)')
    .option('--serial <dev>', 'serve on a serial device or pty end (reopened after each session)')
    .option('--baud <n>', 'line speed for --serial (default 115200)')
    .option(
      '--max-packet <n>',
      'largest OBEX packet to accept and send (255..65535, default 65535); some peers need less',
    )
    .action(
      async (
        dir: string,
        o: { tcp?: string; serial?: string; baud?: string; maxPacket?: string },
      ) => {
        await run(dir, () => serve(dir, o));
      },
    );
}
