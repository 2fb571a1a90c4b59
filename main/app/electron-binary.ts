import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The Electron executable when the `electron` package has its binary, else the reason
 * it cannot run here (the binary is downloaded by a postinstall script that the build
 * machines do not run).
 */
export function findElectron(): { path: string } | { missing: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { missing: 'the electron package has no binary' };
  } catch (e) {
    return { missing: e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e) };
  }
}
