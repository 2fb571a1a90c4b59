#!/usr/bin/env node
// Entry point for `npx cimo`. The TypeScript sources are compiled to dist/ by `npm run build`
// (run automatically by `npm install` through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/main/cli/cimo.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('cimo: not built yet; run `npm run build` first.\n');
  process.exit(2);
}
await import(entry.href);
