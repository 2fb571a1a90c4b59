/** A data folder held by another process, for the data-folder lock tests. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = new URL('../../../', import.meta.url).pathname;

/**
 * A child process that takes `dir` as `what` (the built `data-folder-lock.js`), and
 * resolves once it holds it; it waits to be killed.
 */
export async function holdInChild(dir: string, what: string): Promise<ChildProcess> {
  const lockModule = join(ROOT, 'dist/main/services/data-folder-lock.js');
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { lockDataFolder } = await import(${JSON.stringify(lockModule)});
       lockDataFolder(${JSON.stringify(dir)}, ${JSON.stringify(what)});
       process.stdout.write('held\\n');
       setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return child;
}
