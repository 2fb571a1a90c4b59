/**
 * Where the CLI's vault key comes from: `--vault-key-file`, else the passphrase in
 * `$CIMO_VAULT_PASSPHRASE`, else a passphrase typed on the terminal (not echoed). With
 * none of them (a script without a terminal) the command stops with exit 2 saying so.
 */
import { resolve } from 'node:path';
import type { VaultKeySource } from '../../services/vault/index.js';
import { ConsoleCliError, EXIT } from './exit-codes.js';

/** Reads one line from the terminal without echoing it. */
async function askHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  let line = '';
  try {
    return await new Promise<string>((done, fail) => {
      const onData = (chunk: Buffer): void => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') {
            stdin.off('data', onData);
            return done(line);
          }
          if (ch === '\u0003') {
            stdin.off('data', onData);
            return fail(new ConsoleCliError('cancelled', EXIT.usage));
          }
          if (ch === '\u007f' || ch === '\b') line = line.slice(0, -1);
          else line += ch;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}

/** The vault key source for this run (see the module comment). */
export async function vaultKeySource(
  flags: { readonly vaultKeyFile?: string },
  env = process.env,
): Promise<VaultKeySource> {
  if (flags.vaultKeyFile !== undefined)
    return { kind: 'key-file', path: resolve(flags.vaultKeyFile) };
  const pass = env['CIMO_VAULT_PASSPHRASE'];
  if (pass !== undefined && pass !== '') return { kind: 'passphrase', passphrase: pass };
  if (process.stdin.isTTY === true && process.stderr.isTTY === true) {
    const typed = await askHidden('vault passphrase: ');
    if (typed !== '') return { kind: 'passphrase', passphrase: typed };
  }
  throw new ConsoleCliError(
    'the vault key is needed: give --vault-key-file FILE, or set CIMO_VAULT_PASSPHRASE, or run on a terminal to type it',
    EXIT.usage,
  );
}
