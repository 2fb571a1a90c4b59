/**
 * `cimo-handset` — the reference CIMO handset: start one or many, look after their
 * folders. Exit codes: 0 success, 1 failure, 2 bad usage.
 */
import { Command } from 'commander';
import { registerAdmin } from './admin-commands.js';
import { registerStart } from './start-command.js';

const program = new Command('cimo-handset')
  .description('reference CIMO handsets: real data, real lock/wipe/retrieve, OBEX and HTTP')
  .showHelpAfterError()
  .exitOverride((err) => {
    process.exit(err.exitCode === 0 ? 0 : 2);
  });
registerStart(program);
registerAdmin(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  const usage = typeof e === 'object' && e !== null && (e as { usage?: unknown }).usage === true;
  process.stderr.write(`cimo-handset: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(usage ? 2 : 1);
}
