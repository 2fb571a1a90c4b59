/**
 * Builds `dist/` once before tests that run the compiled code (the CLI as a child
 * process). Usable as a vitest `globalSetup` (default export) and callable from a test's
 * `beforeAll` (`ensureBuilt`): it skips the build when every source file is older than the
 * built CLI entry.
 *
 * tsc emits even when some file has type errors (`noEmitOnError` is off); a half-finished
 * file elsewhere in the tree then only warns here, and the type check proper stays the
 * job of `npm run typecheck`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is `test/support/build.ts`, or its compiled copy). */
function repoRoot(): string {
  let dir = fileURLToPath(new URL('.', import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = join(dir, '..');
    if (parent === dir) throw new Error('package.json not found above test/support');
    dir = parent;
  }
  return dir;
}

const SOURCE_DIRS = [
  'protocol',
  'native-bridge',
  'main',
  'handset',
  'test/fuzz',
  'test/bench',
  'test/support',
];

function newestSource(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Runs `tsc -p tsconfig.build.json` unless `dist/main/cli/cimo.js` is newer than all sources. */
export function ensureBuilt(): void {
  const root = repoRoot();
  const entry = join(root, 'dist/main/cli/cimo.js');
  const newest = Math.max(...SOURCE_DIRS.map((d) => newestSource(join(root, d))));
  if (existsSync(entry) && statSync(entry).mtimeMs >= newest) return;
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (!existsSync(entry)) {
    throw new Error(`build failed:\n${result.stdout}${result.stderr}`);
  }
  if (result.status !== 0) {
    process.stderr.write(
      `test/support/build: tsc reported errors (emitted anyway):\n${result.stdout}`,
    );
  }
}

/** vitest globalSetup entry. */
export default function setup(): void {
  ensureBuilt();
}
