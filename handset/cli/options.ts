import { homedir } from 'node:os';
import { join } from 'node:path';

/** Bad command-line input: the CLI prints the message and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly usage = true;
}

/** Where handsets live by default: `$XDG_DATA_HOME/cimo-handset` (or `~/.local/share/…`). */
export function defaultDataRoot(): string {
  const xdg = process.env['XDG_DATA_HOME'];
  return join(
    xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.local', 'share'),
    'cimo-handset',
  );
}

/** An integer option within [min, max], or a `UsageError` naming the flag. */
export function intOption(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got "${text}")`);
  }
  return n;
}

/** A number option within [min, max], or a `UsageError` naming the flag. */
export function numberOption(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a number from ${min} to ${max} (got "${text}")`);
  }
  return n;
}
