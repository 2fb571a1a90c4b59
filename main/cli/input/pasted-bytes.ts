/**
 * Recognises bytes pasted as text — what lab engineers copy out of Wireshark, xxd,
 * `hexdump -C` or a log — so `cimo decode` can take them directly:
 *
 * - a hex stream, with optional whitespace, `:` or `-` separators, `0x` prefixes and commas
 *   (`02a4016a…`, `02:a4:01`, `0x02, 0xa4`);
 * - a hex dump with an offset column and an optional ASCII column (Wireshark "Hex Dump",
 *   `xxd`, `hexdump -C`);
 * - base64 (whitespace allowed).
 *
 * Returns `undefined` when the text is none of these.
 */
import { fromBase64 } from '../../../protocol/bytes/base64.js';
import { fromHex } from '../../../protocol/bytes/hex.js';

/** Which form the pasted text was in. */
export type PastedForm = 'hex' | 'hex-dump' | 'base64';

/** Decoded pasted bytes and the form they were recognised as. */
export interface PastedBytes {
  readonly bytes: Uint8Array;
  readonly form: PastedForm;
}

/** True for text made only of printable ASCII and ordinary whitespace. */
export function isPlainText(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (b === 0x09 || b === 0x0a || b === 0x0d) continue;
    if (b < 0x20 || b > 0x7e) return false;
  }
  return bytes.length > 0;
}

const HEX_STREAM = /^[\s0-9a-fA-F:,-]+$/;
const DUMP_LINE = /^\s*(?:0x)?([0-9a-fA-F]{4,8}):?\s+(\S.*)$/;

function tryHexStream(text: string): Uint8Array | undefined {
  const cleaned = text.replace(/0x/gi, ' ').replace(/,/g, ' ');
  if (!HEX_STREAM.test(cleaned)) return undefined;
  try {
    const bytes = fromHex(cleaned.replace(/[\s:-]+/g, ''));
    return bytes.length > 0 ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/** Hex byte tokens at the start of `rest`: `01`, or xxd's 2-byte groups `0179`. */
function leadingHexTokens(rest: string): { bytes: number[]; ends: number[] } {
  const bytes: number[] = [];
  const ends: number[] = [];
  const token = /([0-9a-fA-F]{2}(?:[0-9a-fA-F]{2})?)(?=\s|$)/y;
  let at = 0;
  for (;;) {
    while (rest[at] === ' ' || rest[at] === '\t') at++;
    token.lastIndex = at;
    const m = token.exec(rest);
    if (m === null) break;
    const hex = m[1] ?? '';
    for (let i = 0; i < hex.length; i += 2) {
      bytes.push(Number.parseInt(hex.slice(i, i + 2), 16));
      ends.push(at + i + 2);
    }
    at = token.lastIndex;
  }
  return { bytes, ends };
}

function tryHexDump(text: string): Uint8Array | undefined {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const parsed: { offset: number; rest: string }[] = [];
  for (const line of lines) {
    const m = DUMP_LINE.exec(line);
    if (m === null) return undefined;
    parsed.push({ offset: Number.parseInt(m[1] ?? '', 16), rest: m[2] ?? '' });
  }
  if (parsed.length === 0 || parsed[0]?.offset !== 0) return undefined;
  const out: number[] = [];
  let asciiAt: number | undefined;
  for (let i = 0; i < parsed.length; i++) {
    const line = parsed[i]!;
    const next = parsed[i + 1];
    const rest = line.rest.split('|')[0] ?? '';
    const { bytes, ends } = leadingHexTokens(rest);
    // The offsets say how many bytes a line holds; that keeps an ASCII column that happens
    // to look like hex ("cafe") out of the data. The last line has no next offset: the
    // dump tools pad its hex area, so its ASCII column starts where the full lines' does.
    let count: number;
    if (next !== undefined) {
      count = next.offset - line.offset;
      const end = ends[count - 1];
      if (asciiAt === undefined && end !== undefined) {
        const gap = /^\s*/.exec(rest.slice(end))?.[0].length ?? 0;
        asciiAt = end + gap;
      }
    } else {
      count = ends.filter((e) => asciiAt === undefined || e < asciiAt).length;
      count = Math.min(count, 16);
    }
    if (count < 0 || count > bytes.length || line.offset !== out.length) return undefined;
    out.push(...bytes.slice(0, count));
  }
  return out.length > 0 ? Uint8Array.from(out) : undefined;
}

function tryBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact.length < 4 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  try {
    return fromBase64(compact);
  } catch {
    return undefined;
  }
}

/**
 * Interprets `text` as pasted bytes: a hex dump (offsets must match the byte counts), else
 * a hex stream (text of hex digits only is far more likely hex than base64), else base64.
 */
export function parsePastedBytes(text: string): PastedBytes | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('<')) return undefined;
  // A dump first: its offsets must line up, which a plain stream almost never does, while
  // a dump whose ASCII column happens to be hex ("cafe babe") would pass as a stream.
  const dump = tryHexDump(trimmed);
  if (dump !== undefined) return { bytes: dump, form: 'hex-dump' };
  const hex = tryHexStream(trimmed);
  if (hex !== undefined) return { bytes: hex, form: 'hex' };
  const b64 = tryBase64(trimmed);
  if (b64 !== undefined) return { bytes: b64, form: 'base64' };
  return undefined;
}
