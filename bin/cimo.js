#!/usr/bin/env node
// Entry point for `npx cimo`. The TypeScript sources are compiled to dist/ by `npm run build`
// (run automatically by `npm install` through the `prepare` script). When
// scripts/bundle-cli.js has bundled that build into dist/cli/ (a few files instead of ~60
// modules: start-up is most of the time of `cimo decode` on a typical message), the bundle
// is used — unless the compiled entry is newer, i.e. tsc ran after the bundle was made.
import { statSync } from 'node:fs';

const compiled = new URL('../dist/main/cli/cimo.js', import.meta.url);
const bundled = new URL('../dist/cli/cimo.js', import.meta.url);
const mtime = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs;

const compiledAt = mtime(compiled);
if (compiledAt === undefined) {
  process.stderr.write('cimo: not built yet; run `npm run build` first.\n');
  process.exit(2);
}
const bundledAt = mtime(bundled);
await import((bundledAt !== undefined && bundledAt >= compiledAt ? bundled : compiled).href);
