import { DecodeError } from './decode-error.js';

const HEX = '0123456789abcdef';
const BYTE_HEX: string[] = [];
for (let i = 0; i < 256; i++) BYTE_HEX.push((HEX[i >> 4] as string) + (HEX[i & 15] as string));

/** Lower-case hex of `bytes`, optionally with `separator` between bytes (`'a4 01'`). */
export function toHex(bytes: Uint8Array, separator = ''): string {
  const parts = new Array<string>(bytes.length);
  for (let i = 0; i < bytes.length; i++) parts[i] = BYTE_HEX[bytes[i] as number] as string;
  return parts.join(separator);
}

function nibble(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/**
 * Parses hex (either case). Whitespace, `:` and `-` between bytes are ignored so that
 * `'A4 01'`, `'a4:01'` and `'a401'` all work; anything else, or an odd number of digits,
 * throws `DecodeError(index, 'bad-value', …, 'hex')`.
 */
export function fromHex(s: string): Uint8Array {
  const out = new Uint8Array(s.length >> 1);
  let o = 0;
  let hi = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x3a || c === 0x2d) {
      if (hi >= 0) throw new DecodeError(i, 'bad-value', 'separator inside a byte', 'hex');
      continue;
    }
    const v = nibble(c);
    if (v < 0) throw new DecodeError(i, 'bad-value', `${JSON.stringify(s[i])} is not hex`, 'hex');
    if (hi < 0) hi = v;
    else {
      out[o++] = (hi << 4) | v;
      hi = -1;
    }
  }
  if (hi >= 0) throw new DecodeError(s.length, 'bad-value', 'odd number of hex digits', 'hex');
  return out.slice(0, o);
}

/**
 * Classic hex dump for people: one line per 16 bytes with an 8-digit hex offset, the bytes
 * in hex (extra space after the 8th), and an ASCII column where non-printables are `.`.
 * `baseOffset` is added to the printed offsets. Returns `''` for empty input; lines are
 * joined with `\n` (no trailing newline).
 */
export function hexDump(bytes: Uint8Array, baseOffset = 0): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = bytes.subarray(i, i + 16);
    let hex = '';
    let ascii = '';
    for (let j = 0; j < 16; j++) {
      if (j === 8) hex += ' ';
      const b = row[j];
      if (b === undefined) {
        hex += '   ';
        continue;
      }
      hex += (BYTE_HEX[b] as string) + ' ';
      ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    }
    lines.push(`${(baseOffset + i).toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  return lines.join('\n');
}
