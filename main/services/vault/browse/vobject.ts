/**
 * A tolerant reader of the vObject family (vCard 2.1/3.0, vCalendar 1.0, vNote 1.1) for
 * what ical.js refuses: 2.1 bare parameters (`TEL;CELL:`), `ENCODING=QUOTED-PRINTABLE`
 * with `=` soft line breaks and a `CHARSET`, `BASE64`, LF-only line ends. Never throws:
 * lines it cannot read are skipped, unclosed blocks are closed at the end.
 */

/** One property: upper-cased name, parameters (upper-cased keys; bare 2.1 values under `TYPE`), decoded text value. */
export interface VProperty {
  readonly name: string;
  readonly params: ReadonlyMap<string, readonly string[]>;
  readonly value: string;
}

/** A BEGIN/END block. */
export interface VComponent {
  readonly name: string;
  readonly properties: VProperty[];
  readonly children: VComponent[];
}

const CONTENT_LINE = /^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$/s;

function decodeQp(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) out.push(c);
    else out.push(...new TextEncoder().encode(text[i] ?? ''));
  }
  return Uint8Array.from(out);
}

function decodeCharset(bytes: Uint8Array, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function unescapeText(v: string): string {
  return v.replace(/\\([nN,;\\])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

function parseParams(text: string): Map<string, string[]> {
  const params = new Map<string, string[]>();
  for (const part of text.split(';')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? 'TYPE' : part.slice(0, eq).toUpperCase();
    const raw = eq < 0 ? part : part.slice(eq + 1);
    const values = raw.split(',').map((v) => v.replace(/^"|"$/g, ''));
    params.set(key, [...(params.get(key) ?? []), ...values]);
  }
  // 2.1 writes `;QUOTED-PRINTABLE` and `;BASE64` bare.
  for (const t of params.get('TYPE') ?? []) {
    const u = t.toUpperCase();
    if (u === 'QUOTED-PRINTABLE' || u === 'BASE64') params.set('ENCODING', [u]);
  }
  return params;
}

/** Joins folded lines: QP soft breaks (`=` at the end) and lines starting with a space or tab. */
function logicalLines(text: string): string[] {
  const physical = text.split(/\r\n|\n|\r/);
  const lines: string[] = [];
  for (let i = 0; i < physical.length; i += 1) {
    let line = physical[i] ?? '';
    if (/ENCODING=QUOTED-PRINTABLE|;QUOTED-PRINTABLE/i.test(line.split(':')[0] ?? '')) {
      while (line.endsWith('=') && i + 1 < physical.length) {
        i += 1;
        line = line.slice(0, -1) + (physical[i] ?? '');
      }
    }
    const last = lines.length - 1;
    if ((line.startsWith(' ') || line.startsWith('\t')) && last >= 0) lines[last] += line.slice(1);
    else lines.push(line);
  }
  return lines;
}

function decodeValue(raw: string, params: ReadonlyMap<string, readonly string[]>): string {
  const enc = params.get('ENCODING')?.[0]?.toUpperCase();
  const charset = params.get('CHARSET')?.[0];
  if (enc === 'QUOTED-PRINTABLE') return decodeCharset(decodeQp(raw), charset);
  if (enc === 'BASE64' || enc === 'B') return raw.replace(/\s+/g, '');
  return unescapeText(raw);
}

/** Parses `text` into its top-level components (nested blocks become children). */
export function parseVObjects(text: string): VComponent[] {
  const roots: VComponent[] = [];
  const stack: VComponent[] = [];
  for (const line of logicalLines(text)) {
    const m = CONTENT_LINE.exec(line);
    if (m === null) continue;
    const name = (m[1] ?? '').toUpperCase();
    const value = m[3] ?? '';
    if (name === 'BEGIN') {
      const c: VComponent = { name: value.trim().toUpperCase(), properties: [], children: [] };
      const parent = stack[stack.length - 1];
      if (parent === undefined) roots.push(c);
      else parent.children.push(c);
      stack.push(c);
    } else if (name === 'END') {
      const at = stack.map((c) => c.name).lastIndexOf(value.trim().toUpperCase());
      if (at >= 0) stack.length = at;
    } else {
      const params = parseParams((m[2] ?? '').slice(1));
      stack[stack.length - 1]?.properties.push({ name, params, value: decodeValue(value, params) });
    }
  }
  return roots;
}

/** The first value of property `name` in `c`, or undefined. */
export function firstValue(c: VComponent, name: string): string | undefined {
  return c.properties.find((p) => p.name === name)?.value;
}

/** Splits a structured value (`N`, `ADR`) on unescaped `;`. */
export function splitStructured(v: string): string[] {
  return v.split(/(?<!\\);/).map((s) => s.replace(/\\;/g, ';'));
}
