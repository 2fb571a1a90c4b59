import { DmStatus, DmStatusError } from './dm-status-error.js';
import { encodeUtf8, utf8ByteLength } from '../bytes/utf8.js';

/**
 * URI limits a device publishes in `./DevDetail/URI/{MaxDepth,MaxTotLen,MaxSegLen}`
 * (PROTOCOL-FACTS §6.1). `0` means "no limit", as in DevDetail.
 *
 * - `maxDepth`: most segments below the root (`./A/B` has depth 2).
 * - `maxTotLen`: most UTF-8 bytes in the path part of the URI as received (query excluded).
 * - `maxSegLen`: most UTF-8 bytes in one segment as received (before %-decoding).
 */
export interface UriLimits {
  readonly maxDepth: number;
  readonly maxTotLen: number;
  readonly maxSegLen: number;
}

/**
 * Limits used when a tree is not given its own: generous for any real MO, small enough
 * that a hostile URI cannot make the tree walk or allocate much.
 */
export const DEFAULT_URI_LIMITS: UriLimits = { maxDepth: 64, maxTotLen: 4096, maxSegLen: 255 };

/** A parsed, validated DM URI. */
export interface DmUri {
  /** Node names below the root, %-decoded; empty for the root `.`. */
  readonly segments: readonly string[];
  /** The value of a `?list=` suffix (%-decoded), e.g. `Struct` or `TNDS+ACL+Value`. */
  readonly list?: string;
  /** The value of a `?prop=` suffix (%-decoded), e.g. `ACL`. */
  readonly prop?: string;
}

/**
 * Parses a DM URI: `./A/B`, `A/B` (relative to the root) or `.`, optionally followed by
 * `?list=<value>` or `?prop=<name>`.
 *
 * Rules: no leading `/`, no empty segment (`A//B`, trailing `/`), no `.`/`..` segment
 * after the root prefix; each segment is %-decoded as UTF-8 and must not then contain `/`
 * or be empty. Throws {@link DmStatusError}: 400 for malformed URIs (including malformed
 * %-escapes and a query that is neither `list=` nor `prop=`), 414 when a limit of `limits`
 * is exceeded. Never throws anything else.
 */
export function parseUri(uri: string, limits: UriLimits = DEFAULT_URI_LIMITS): DmUri {
  const q = uri.indexOf('?');
  const path = q < 0 ? uri : uri.slice(0, q);
  const query = q < 0 ? undefined : uri.slice(q + 1);

  if (exceeds(path, limits.maxTotLen)) {
    throw new DmStatusError(DmStatus.URI_TOO_LONG, `URI longer than ${limits.maxTotLen} bytes`);
  }
  if (path === '') throw new DmStatusError(DmStatus.BAD_REQUEST, 'empty URI');
  if (path.startsWith('/')) throw new DmStatusError(DmStatus.BAD_REQUEST, 'URI starts with /', uri);

  let rest: string;
  if (path === '.') rest = '';
  else if (path.startsWith('./')) rest = path.slice(2);
  else rest = path;
  if (path !== '.' && rest === '') {
    throw new DmStatusError(DmStatus.BAD_REQUEST, 'empty segment', uri);
  }

  const raw = rest === '' ? [] : rest.split('/');
  if (limits.maxDepth > 0 && raw.length > limits.maxDepth) {
    throw new DmStatusError(DmStatus.URI_TOO_LONG, `URI deeper than ${limits.maxDepth}`, uri);
  }
  const segments: string[] = [];
  for (const r of raw) {
    if (r === '') throw new DmStatusError(DmStatus.BAD_REQUEST, 'empty segment', uri);
    if (r === '.' || r === '..') {
      throw new DmStatusError(DmStatus.BAD_REQUEST, `segment "${r}" not allowed`, uri);
    }
    if (exceeds(r, limits.maxSegLen)) {
      throw new DmStatusError(
        DmStatus.URI_TOO_LONG,
        `segment longer than ${limits.maxSegLen} bytes`,
        uri,
      );
    }
    const name = percentDecode(r, uri);
    assertNodeName(name);
    segments.push(name);
  }

  if (query === undefined) return { segments };
  const eq = query.indexOf('=');
  const key = eq < 0 ? query : query.slice(0, eq);
  const value = eq < 0 ? '' : percentDecode(query.slice(eq + 1), uri);
  if (eq < 0 || value === '') {
    throw new DmStatusError(DmStatus.BAD_REQUEST, `malformed query "${query}"`, uri);
  }
  if (key === 'list') return { segments, list: value };
  if (key === 'prop') return { segments, prop: value };
  throw new DmStatusError(DmStatus.BAD_REQUEST, `unknown query attribute "${key}"`, uri);
}

/**
 * Throws a 400 {@link DmStatusError} unless `name` can be a node name: not empty, not `.`
 * or `..`, no `/`, no `?` (it would read as a query), no C0 control characters.
 */
export function assertNodeName(name: string): void {
  // eslint-disable-next-line no-control-regex -- C0 controls are exactly what is refused
  if (name === '' || name === '.' || name === '..' || /[/?\u0000-\u001f]/.test(name)) {
    throw new DmStatusError(DmStatus.BAD_REQUEST, `invalid node name ${JSON.stringify(name)}`);
  }
}

/** True when {@link assertNodeName} would accept `name`. */
export function isValidNodeName(name: string): boolean {
  try {
    assertNodeName(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Formats segments as a canonical absolute URI: `.` for the root, else `./A/B`. `%`, `?`,
 * `#`, space, controls and non-ASCII characters are %-encoded (UTF-8), so that
 * `parseUri(formatUri(s)).segments` equals `s` for any valid names.
 */
export function formatUri(segments: readonly string[]): string {
  if (segments.length === 0) return '.';
  return './' + segments.map(encodeSegment).join('/');
}

/** The URI of child `name` of the node at `parent` (both as segments). */
export function childSegments(parent: readonly string[], name: string): string[] {
  return [...parent, name];
}

function encodeSegment(name: string): string {
  let out = '';
  for (const ch of name) {
    const c = ch.codePointAt(0) ?? 0;
    if (c > 0x20 && c < 0x7f && ch !== '%' && ch !== '?' && ch !== '#') out += ch;
    else for (const b of encodeUtf8(ch)) out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function percentDecode(s: string, uri: string): string {
  if (!s.includes('%')) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length;) {
    const ch = s.charCodeAt(i);
    if (ch === 0x25) {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        throw new DmStatusError(DmStatus.BAD_REQUEST, 'malformed %-escape', uri);
      }
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else {
      const cp = s.codePointAt(i) ?? 0;
      const ch2 = String.fromCodePoint(cp);
      for (const b of encodeUtf8(ch2)) bytes.push(b);
      i += ch2.length;
    }
  }
  try {
    return strictUtf8.decode(Uint8Array.from(bytes));
  } catch {
    throw new DmStatusError(DmStatus.BAD_REQUEST, '%-escapes are not UTF-8', uri);
  }
}

/** UTF-8 length of `s`, counted only when it could exceed `limit` (UTF-16 unit ≤ 3 bytes). */
function exceeds(s: string, limit: number): boolean {
  return limit > 0 && s.length * 3 > limit && utf8ByteLength(s) > limit;
}
