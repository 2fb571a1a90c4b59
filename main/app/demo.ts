/**
 * `npm run demo`: the console (web shell) with three reference handsets — one on a pty
 * (as a USB/serial cable would be), one on OBEX over TCP, one calling in over HTTP — and
 * where to open it. Everything lives in one demo folder that survives restarts:
 * `handsets/` (the handsets' own folders), `console/` (the console's data) and
 * `vault.key` (the demo's vault key; a real install keeps it elsewhere).
 *
 *   node dist/main/app/demo.js [--data DIR] [--port N]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createKeyFile } from '../services/vault/index.js';
import { configureConsoleFor, startHandsetProcess } from './demo-handsets.js';
import type { DemoHandset } from './demo-handsets.js';
import { defaultDemoFolder } from './paths.js';
import { isDataFolderBusy, lockDataFolder } from '../services/data-folder-lock.js';
import { startWebConsole } from './web-console.js';

const { values } = parseArgs({
  options: { data: { type: 'string' }, port: { type: 'string' } },
  strict: true,
});
const root = resolve(values.data ?? defaultDemoFolder());
const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** A TCP port that was free a moment ago (for the console's HTTP DM endpoint). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const addr = s.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

mkdirSync(root, { recursive: true });
// The demo's folder holds its handsets' data too: a second demo on it would start three
// more handsets on the same files. Held until the process ends.
try {
  lockDataFolder(root, 'the demo');
} catch (e) {
  if (!isDataFolderBusy(e)) throw e;
  log(`CIMO Console demo: ${e.message}`);
  process.exit(1);
}
const keyFile = join(root, 'vault.key');
if (!existsSync(keyFile)) createKeyFile(keyFile);
const dataFolder = join(root, 'console');
mkdirSync(dataFolder, { recursive: true });
const httpPort = await freePort();
const dmUrl = `http://127.0.0.1:${httpPort}/dm`;

const handsets: DemoHandset[] = [];
const stopHandsets = async (): Promise<void> => {
  await Promise.all(
    handsets.map(
      (h) =>
        new Promise<void>((r) => {
          if (h.process.exitCode !== null || h.process.signalCode !== null) return r();
          h.process.once('exit', () => r());
          h.process.kill('SIGTERM');
        }),
    ),
  );
};
// The cable handset needs socat for its pseudo-terminal pair (Debian package socat).
const haveSocat = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
try {
  const common = ['--quiet', '--profile', 'typical'];
  if (haveSocat) {
    handsets.push(
      await startHandsetProcess(
        'pty',
        [...common, '--pty', '--seed', '101', '--data', join(root, 'handsets', 'pty')],
        log,
      ),
    );
  } else {
    log('socat is not installed (Debian package socat): the demo runs without the cable handset.');
  }
  handsets.push(
    await startHandsetProcess(
      'tcp',
      [...common, '--obex-tcp', '0', '--seed', '102', '--data', join(root, 'handsets', 'tcp')],
      log,
    ),
    await startHandsetProcess(
      'http',
      [
        ...common,
        '--http',
        dmUrl,
        '--pkg0-port',
        '0',
        '--seed',
        '103',
        '--data',
        join(root, 'handsets', 'http'),
      ],
      log,
    ),
  );
  configureConsoleFor(dataFolder, handsets);
} catch (e) {
  await stopHandsets();
  throw e;
}

const web = await startWebConsole({
  dataFolder,
  vaultKey: { kind: 'key-file', path: keyFile },
  http: { port: httpPort },
  port: values.port === undefined ? 0 : Number(values.port),
  log,
  holder: 'the demo',
}).catch(async (e: unknown) => {
  await stopHandsets();
  if (!isDataFolderBusy(e)) throw e;
  log(`CIMO Console demo: ${e.message}`);
  process.exit(1);
});
process.stdout.write(
  [
    `CIMO Console demo — folder ${root}`,
    ...handsets.map(
      (h) => `  ${h.kind.padEnd(4)} handset ${h.imei} (${h.model}): ${h.reach.join('; ')}`,
    ),
    `  console DM endpoint for network handsets: ${dmUrl}`,
    '',
    `Open ${web.shell.url}`,
    "(the address carries this run's access token; the console listens on 127.0.0.1 only)",
    'Ctrl-C stops the console and the handsets.',
    '',
  ].join('\n'),
);
const stop = (): void => {
  void web
    .close()
    .then(stopHandsets)
    .then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
