/**
 * Tolerant AT response parsing (ITU-T V.250 §5.7 result codes, 3GPP TS 27.007 §9.2 for
 * `+CME ERROR`). Modems differ in echo (ATE0/ATE1), line ends (`\r\n`, `\n\r`, a bare
 * `\r` or `\n`) and prefixes (`+CGMI: "Nokia"` vs `Nokia`); these helpers accept them all.
 */

/** Final result codes that end a command's response (V.250 verbose forms). */
export type AtFinal =
  | { readonly kind: 'ok'; readonly line: string }
  | { readonly kind: 'connect'; readonly line: string }
  | { readonly kind: 'error'; readonly line: string }
  | { readonly kind: 'other'; readonly line: string };

/** Classifies `line` as a final result code, or returns undefined for an information line. */
export function finalResult(line: string): AtFinal | undefined {
  const t = line.trim().toUpperCase();
  if (t === 'OK') return { kind: 'ok', line: t };
  if (t === 'CONNECT' || t.startsWith('CONNECT ')) return { kind: 'connect', line: line.trim() };
  if (t === 'ERROR' || t.startsWith('+CME ERROR') || t.startsWith('+CMS ERROR')) {
    return { kind: 'error', line: line.trim() };
  }
  if (t === 'NO CARRIER' || t === 'BUSY' || t === 'NO ANSWER' || t === 'NO DIALTONE') {
    return { kind: 'other', line: t };
  }
  return undefined;
}

/**
 * Extracts the value of an identity answer: strips an echoed `+CMD:` prefix and
 * surrounding quotes, joins multi-line answers with a space.
 */
export function infoValue(command: string, lines: readonly string[]): string {
  const name = command
    .replace(/^AT/i, '')
    .replace(/[=?].*$/, '')
    .toUpperCase();
  const parts = lines.map((raw) => {
    let v = raw.trim();
    const prefix = `${name}:`;
    if (v.toUpperCase().startsWith(prefix)) v = v.slice(prefix.length).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    return v;
  });
  return parts.filter((p) => p !== '').join(' ');
}

/**
 * Takes the first complete line off the front of `buffer`: a line ends at `\r` or `\n`.
 * Returns the line text (possibly empty, for the second byte of `\r\n`) and the bytes it
 * used including its terminator, or undefined while the line is still incomplete.
 */
export function nextLine(buffer: Uint8Array): { line: string; used: number } | undefined {
  for (let i = 0; i < buffer.length; i++) {
    const b = buffer[i];
    if (b === 0x0d || b === 0x0a) return { line: latin1(buffer.subarray(0, i)), used: i + 1 };
  }
  return undefined;
}

/** AT responses are ASCII; latin1 maps every byte so garbage cannot throw. */
export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}
