// Copies the data files that tsc does not emit (the MO definitions) next to the compiled
// modules in dist/, so that Node callers find them at the same relative path.
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const assets = [{ from: 'protocol/cimo', ext: '.ddf' }];
for (const { from, ext } of assets) {
  mkdirSync(join('dist', from), { recursive: true });
  for (const name of readdirSync(from).filter((f) => f.endsWith(ext))) {
    cpSync(join(from, name), join('dist', from, name));
  }
}
