/**
 * Builds what the end-to-end tests run: dist/ (the console services, the web shell, the
 * reference handset CLI) and dist/renderer (the UI bundle, `vite build`).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../../support/build.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export default function setup(): void {
  ensureBuilt();
  const r = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      // vitest sets NODE_ENV=test, which vite would take for the bundle: React's
      // development build, left in dist/renderer for the next bench to measure.
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}${r.stderr}`);
}
