/**
 * File names for exports, made from names a handset supplied. A handset name is never a
 * path: separators, `..`, control characters, characters Windows forbids, trailing dots
 * and spaces, and reserved Windows device names (CON, NUL, COM1…) are all removed or
 * defused, and the result is made unique (case-insensitively, as on Windows and macOS).
 */

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a file name
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f<>:"/\\|?*\u202a-\u202e\u2066-\u2069]/g;
const MAX_BYTES = 200;

function truncateUtf8(s: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > max) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/**
 * One safe path segment from `name`: path segments `.`/`..` dropped and the rest joined
 * with `_`, forbidden characters become `_`, leading dots and
 * trailing dots/spaces go, reserved device names get a `_` prefix, length is capped at
 * 200 UTF-8 bytes (keeping the extension), and an empty result becomes `fallback`.
 */
export function sanitizeFileName(name: string, fallback = 'object'): string {
  // Path segments: `.`, `..` and empty ones go; the rest are joined into one name.
  const segments = name
    .normalize('NFC')
    .split(/[/\\]+/)
    .filter((x) => x !== '' && x !== '.' && x !== '..');
  let s = segments
    .join('_')
    .replace(FORBIDDEN, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (s === '' || /^_+$/.test(s)) s = fallback;
  if (RESERVED.test(s)) s = `_${s}`;
  if (Buffer.byteLength(s, 'utf8') > MAX_BYTES) {
    const dot = s.lastIndexOf('.');
    const ext = dot > 0 && s.length - dot <= 10 ? s.slice(dot) : '';
    s =
      truncateUtf8(s.slice(0, s.length - ext.length), MAX_BYTES - Buffer.byteLength(ext, 'utf8')) +
      ext;
  }
  return s;
}

/** Hands out names unique within one folder: `a.jpg`, `a (2).jpg`, … (case-insensitive). */
export class UniqueNames {
  readonly #taken = new Set<string>();

  /** Marks `name` as taken (e.g. a file already in the folder). */
  reserve(name: string): void {
    this.#taken.add(name.toLowerCase());
  }

  /** A sanitized, not yet taken name for `name`; marks it taken. */
  take(name: string, fallback?: string): string {
    const safe = sanitizeFileName(name, fallback);
    const dot = safe.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [safe.slice(0, dot), safe.slice(dot)] : [safe, ''];
    let candidate = safe;
    for (let n = 2; this.#taken.has(candidate.toLowerCase()); n += 1)
      candidate = `${stem} (${n})${ext}`;
    this.#taken.add(candidate.toLowerCase());
    return candidate;
  }
}
