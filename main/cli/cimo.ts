/**
 * `cimo` — the console's command-line interface. Each command lives in its own module under
 * `commands/` and registers itself on the program; this file only wires them together.
 *
 * Exit codes scripts can rely on: 0 success, 1 operation failed, 2 bad input or usage.
 */
import { setFlagsFromString } from 'node:v8';
import { Command } from 'commander';
import { registerCommands } from './commands/index.js';

if (process.argv[2] === 'decode' || process.argv[2] === 'encode') {
  // The codecs stream large messages through short-lived objects: keep V8's young
  // generation at its initial size (by default it grows to 16 MiB per semi-space under that
  // allocation rate, which is most of a 100k-item decode's memory above Node's own
  // baseline, for no gain in speed). This flag is read whenever the heap considers growing.
  setFlagsFromString('--semi-space-growth-factor=1');
}

const program = new Command('cimo')
  .description('CIMO Console: OMA DM / OBEX tools for handsets on the bench')
  .showHelpAfterError()
  .exitOverride((err) => {
    // commander's own usage errors exit 2, like our bad-input errors.
    process.exit(err.exitCode === 0 ? 0 : 2);
  });

// The first argument names the command; only its module is loaded (see registerCommands).
await registerCommands(program, process.argv[2]);

await program.parseAsync(process.argv);
