#!/usr/bin/env node
// Entry point for `npx cimo-handset`: the reference handset, compiled to dist/ by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/handset/cli/cimo-handset.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('cimo-handset: not built yet; run `npm run build` first.\n');
  process.exit(2);
}
await import(entry.href);
