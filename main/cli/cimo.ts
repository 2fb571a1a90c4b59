/**
 * `cimo` — the console's command-line interface. Each command lives in its own module under
 * `commands/` and registers itself on the program; this file only wires them together.
 *
 * Exit codes scripts can rely on: 0 success, 1 operation failed, 2 bad input or usage.
 */
import { Command } from 'commander';
import { registerCommands } from './commands/index.js';

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
