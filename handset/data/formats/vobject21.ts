/**
 * Writer and tolerant reader for the pre-RFC "versit" text formats phones still use for
 * SIM contacts (vCard 2.1), notes (vNote 1.1) and messages (vMessage 1.1).
 *
 * Why our own: the npm vCard/iCalendar libraries (ical.js among them) implement the RFC
 * formats (vCard 3.0/4.0, iCalendar) and reject or mangle 2.1-era syntax: bare parameters
 * (`TEL;CELL:`), `ENCODING=QUOTED-PRINTABLE` with `=` soft line breaks, per-property
 * `CHARSET`. The few 2.1 packages are unmaintained and cover only vCard. The format is
 * small, so a careful writer (quoted-printable + `CHARSET=UTF-8` for anything non-ASCII,
 * lines kept to 76 characters) and a forgiving reader are a few dozen lines.
 */

/** One property line, decoded. */
export interface VProp {
  /** Upper-case name without a group prefix, e.g. `TEL`. */
  readonly name: string;
  /** Parameters, upper-cased; bare ones (`CELL`) appear as `TYPE=CELL`. */
  readonly params: ReadonlyMap<string, readonly string[]>;
  /** Decoded value text (quoted-printable and charset undone; escapes kept). */
  readonly value: string;
}

/** A BEGIN/END block. `raw` holds the undecoded lines of blocks listed as raw. */
export interface VComponent {
  readonly name: string;
  readonly props: VProp[];
  readonly children: VComponent[];
  readonly raw: string[];
}

const CRLF = '\r\n';
const MAX_LINE = 76;

/** True when `s` needs quoted-printable: non-ASCII, controls or line breaks. */
function needsQp(s: string): boolean {
  return /[^\x20-\x7e]/.test(s);
}

/**
 * Quoted-printable (RFC 2045) of the UTF-8 bytes of `value`, folded with `=` soft breaks
 * so that no line, counting the `prefix` the value follows, exceeds 76 characters.
 */
export function encodeQp(value: string, prefixLength: number): string {
  // Tokens are whole characters (all the =XX of one UTF-8 sequence together), so a soft
  // break never splits a character: old phones decode QP line by line.
  const chars = [...value];
  const tokens = chars.map((ch, i) => {
    const last = i === chars.length - 1;
    const c = ch.codePointAt(0) ?? 0;
    const plain = c >= 33 && c <= 126 && c !== 61;
    const space = (c === 32 || c === 9) && !last;
    if (plain || space) return ch;
    return [...Buffer.from(ch, 'utf8')]
      .map((b) => '=' + b.toString(16).toUpperCase().padStart(2, '0'))
      .join('');
  });
  let out = '';
  let col = prefixLength;
  for (const t of tokens) {
    if (col + t.length > MAX_LINE - 1 && col > 0) {
      out += '=' + CRLF;
      col = 0;
    }
    out += t;
    col += t.length;
  }
  return out;
}

/** Undoes quoted-printable into bytes (malformed `=` sequences are kept literally). */
export function decodeQp(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 61) {
      const hex = text.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        out.push(parseInt(hex, 16));
        i += 2;
        continue;
      }
    }
    if (c < 0x80) out.push(c);
    else out.push(...Buffer.from(text[i] ?? '', 'utf8'));
  }
  return Uint8Array.from(out);
}

/** Escapes the separators of one component of a structured value (`N`, `ADR`). */
export function escapeComponent(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;');
}

/** Splits a structured value at unescaped `;` and unescapes the parts. */
export function splitStructured(value: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && i + 1 < value.length) {
      cur += value[++i];
    } else if (ch === ';') {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/**
 * One property line (possibly several physical lines when folded). `value` is written as
 * is when printable ASCII, else as UTF-8 quoted-printable with `CHARSET=UTF-8`.
 */
export function prop21(name: string, params: readonly string[], value: string): string {
  if (!needsQp(value)) return [name, ...params].join(';') + ':' + value + CRLF;
  const head = [name, ...params, 'CHARSET=UTF-8', 'ENCODING=QUOTED-PRINTABLE'].join(';') + ':';
  return head + encodeQp(value, head.length) + CRLF;
}

function parseParams(parts: readonly string[]): Map<string, string[]> {
  const params = new Map<string, string[]>();
  for (const p of parts) {
    if (p === '') continue;
    const eq = p.indexOf('=');
    const key = eq < 0 ? 'TYPE' : p.slice(0, eq).trim().toUpperCase();
    const raw = eq < 0 ? p : p.slice(eq + 1);
    const vals = raw.split(',').map((v) => v.trim().replace(/^"|"$/g, ''));
    // A bare QUOTED-PRINTABLE / BASE64 is an encoding, not a type (vCard 2.1 allows both).
    const isEnc = eq < 0 && /^(QUOTED-PRINTABLE|BASE64|8BIT|7BIT)$/i.test(p.trim());
    const k = isEnc ? 'ENCODING' : key;
    params.set(k, [
      ...(params.get(k) ?? []),
      ...vals.map((v) => (k === 'TYPE' || isEnc ? v.toUpperCase() : v)),
    ]);
  }
  return params;
}

function decodeValue(params: ReadonlyMap<string, readonly string[]>, raw: string): string {
  const enc = (params.get('ENCODING')?.[0] ?? '').toUpperCase();
  const charset = (params.get('CHARSET')?.[0] ?? 'UTF-8').toLowerCase();
  let bytes: Uint8Array | undefined;
  if (enc === 'QUOTED-PRINTABLE') bytes = decodeQp(raw);
  else if (enc === 'BASE64' || enc === 'B') bytes = Buffer.from(raw.replace(/\s+/g, ''), 'base64');
  if (bytes === undefined) return raw;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes);
}

/** Parses one unfolded content line; undefined for a line that is not `name:value`. */
function parseLine(line: string): VProp | undefined {
  const colon = line.indexOf(':');
  if (colon <= 0) return undefined;
  const [nameWithGroup = '', ...paramParts] = line.slice(0, colon).split(';');
  const name = nameWithGroup
    .slice(nameWithGroup.lastIndexOf('.') + 1)
    .trim()
    .toUpperCase();
  const params = parseParams(paramParts);
  return { name, params, value: decodeValue(params, line.slice(colon + 1)) };
}

function isQpLine(line: string): boolean {
  const colon = line.indexOf(':');
  return colon > 0 && /QUOTED-PRINTABLE/i.test(line.slice(0, colon));
}

/**
 * Reads every top-level component of a versit document. Tolerant: LF or CRLF, folded
 * (leading space) or QP soft-broken lines, group prefixes, bare parameters, unknown
 * properties; lines that are not properties are skipped. Components named in `rawBlocks`
 * (e.g. `VBODY`) keep their inner lines verbatim in `raw` instead.
 */
export function parseVObjects(text: string, rawBlocks: readonly string[] = []): VComponent[] {
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const roots: VComponent[] = [];
  const stack: VComponent[] = [];
  let i = 0;
  while (i < physical.length) {
    let line = physical[i++] ?? '';
    const top = stack[stack.length - 1];
    if (
      top !== undefined &&
      rawBlocks.includes(top.name) &&
      line.trimEnd().toUpperCase() !== `END:${top.name}`
    ) {
      top.raw.push(line);
      continue;
    }
    if (isQpLine(line)) {
      while (line.endsWith('=') && i < physical.length)
        line = line.slice(0, -1) + (physical[i++] ?? '');
    } else {
      // vCard 2.1 folds at whitespace and unfolding keeps it (RFC 2425 drops one
      // character): phones write 2.1, so 2.1's rule wins.
      while (i < physical.length && /^[ \t]/.test(physical[i] ?? '')) line += physical[i++] ?? '';
    }
    if (line.trim() === '') continue;
    const p = parseLine(line);
    if (p === undefined) continue;
    if (p.name === 'BEGIN') {
      const c: VComponent = {
        name: p.value.trim().toUpperCase(),
        props: [],
        children: [],
        raw: [],
      };
      (top?.children ?? roots).push(c);
      stack.push(c);
    } else if (p.name === 'END') {
      const want = p.value.trim().toUpperCase();
      const at = stack.map((c) => c.name).lastIndexOf(want);
      if (at >= 0) stack.length = at;
    } else top?.props.push(p);
  }
  return roots;
}

/** The first value of property `name` in `c`, or undefined. */
export function firstValue(c: VComponent, name: string): string | undefined {
  return c.props.find((p) => p.name === name)?.value;
}
