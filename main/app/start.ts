/**
 * `npm start`: the desktop app in Electron; where Electron's binary is missing (as on
 * the build machines) it says so and runs the web shell on 127.0.0.1 instead.
 *
 *   node dist/main/app/start.js [--web] [--data DIR] [--port N] [--vault-key-file F]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isDataFolderBusy } from '../services/data-folder-lock.js';
import { findElectron } from './electron-binary.js';
import { defaultDataFolder } from './paths.js';
import { vaultKeyFromEnvironment } from './vault-key.js';
import { startWebConsole } from './web-console.js';

const { values } = parseArgs({
  options: {
    web: { type: 'boolean', default: false },
    data: { type: 'string' },
    port: { type: 'string' },
    'vault-key-file': { type: 'string' },
  },
  strict: true,
});

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const electron = values.web === true ? { missing: '--web given' } : findElectron();

if ('path' in electron) {
  const main = fileURLToPath(new URL('../electron/main.js', import.meta.url));
  const child = spawn(electron.path, [main, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)));
} else {
  if (values.web !== true) {
    log(`Electron cannot start here (${electron.missing}); running the web shell instead.`);
  }
  const dataFolder = values.data ?? defaultDataFolder();
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    log(`--port must be a port number, got ${values.port}`);
    process.exit(2);
  }
  const web = await startWebConsole({
    dataFolder,
    vaultKey: vaultKeyFromEnvironment(values['vault-key-file'], log),
    port,
    log,
    holder: 'the web shell',
  }).catch((e: unknown) => {
    if (!isDataFolderBusy(e)) throw e;
    log(`CIMO Console: ${e.message}`);
    process.exit(1);
  });
  process.stdout.write(
    `CIMO Console (web shell) for ${dataFolder}\nOpen ${web.shell.url}\n` +
      `(the address carries this run's access token; it listens on 127.0.0.1 only)\n`,
  );
  const stop = (): void => {
    void web.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
