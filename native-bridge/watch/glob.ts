import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve, sep } from 'node:path';

/** True when the pattern has glob characters. */
export function hasGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/** Compiles one path component pattern (`*`, `?`, `[abc]`, `[!a-z]`) to a RegExp. */
export function componentRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let body = pattern.slice(i + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * Expands a path pattern with wildcards in any component (no `**`) to the existing
 * paths it matches, sorted. A pattern without wildcards yields itself if it exists.
 * Hidden entries match only patterns that start with a dot. Never throws for missing
 * directories: they match nothing.
 */
export async function expandGlob(pattern: string): Promise<string[]> {
  const abs = isAbsolute(pattern) ? pattern : resolve(pattern);
  const parts = abs.split(sep).filter((p) => p !== '');
  let current: string[] = [sep];
  for (const part of parts) {
    const next: string[] = [];
    for (const dir of current) {
      if (!hasGlob(part)) {
        next.push(join(dir, part));
        continue;
      }
      const re = componentRegExp(part);
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const n of names)
        if (re.test(n) && (!n.startsWith('.') || part.startsWith('.'))) next.push(join(dir, n));
    }
    current = next;
  }
  const existing: string[] = [];
  for (const p of current)
    if (
      await stat(p).then(
        () => true,
        () => false,
      )
    )
      existing.push(p);
  return existing.sort();
}
