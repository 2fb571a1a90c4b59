// Bundles the compiled CLI (dist/main/cli/cimo.js, from `tsc -p tsconfig.build.json`) into
// dist/cli/: one file for the entry and the commands it always needs, one chunk per
// command module loaded on demand. Node's start-up of `cimo decode` is dominated by
// resolving and loading ~60 small ES modules; one bundled file loads several times faster.
// Native and optional packages (serialport, usb) stay external. bin/cimo.js uses the
// bundle only when it is newer than the compiled entry, so a plain `tsc` build is never
// shadowed by a stale bundle. Uses rolldown, which vitest's vite already installs.
import { rmSync } from 'node:fs';
import { rolldown } from 'rolldown';

// Pure-JS packages go into the bundle; every other package (native bindings) stays external.
// zod is one of them: loaded as a package (~100 ES modules) it took ~90 ms of every command
// that reads the settings (`cimo settings show`: 260–270 ms → 170–180 ms bundled).
const BUNDLED = /^(commander|saxes|xmlchars|@noble\/hashes|ical\.js|jpeg-js|zod)(\/|$)/;
const external = (id) => !id.startsWith('.') && !id.startsWith('/') && !BUNDLED.test(id);

rmSync('dist/cli', { recursive: true, force: true });
const bundle = await rolldown({
  input: 'dist/main/cli/cimo.js',
  platform: 'node',
  external,
  logLevel: 'warn',
});
await bundle.write({
  dir: 'dist/cli',
  format: 'esm',
  entryFileNames: 'cimo.js',
  chunkFileNames: '[name]-[hash].js',
  sourcemap: false,
});
await bundle.close();
