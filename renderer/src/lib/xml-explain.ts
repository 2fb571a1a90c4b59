/**
 * Pretty-prints a SyncML DM message and notes what each Status and Alert code means,
 * for the protocol trace. Works on text only (no DOM parser), so it also runs in tests.
 */
import { alertText, statusText } from './codes.js';

/** One display line: the XML text and, for code-bearing lines, its explanation. */
export interface XmlLine {
  readonly indent: number;
  readonly text: string;
  readonly note?: string;
}

/** Splits XML into one tag (or text run) per line with indentation depth. */
function tokens(xml: string): { text: string; kind: 'open' | 'close' | 'self' | 'text' }[] {
  const out: { text: string; kind: 'open' | 'close' | 'self' | 'text' }[] = [];
  const re = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<[^>]+>|[^<]+/g;
  for (const m of xml.matchAll(re)) {
    const t = m[0];
    if (t.startsWith('<![CDATA[') || t.startsWith('<!--')) out.push({ text: t, kind: 'text' });
    else if (t.startsWith('</')) out.push({ text: t, kind: 'close' });
    else if (t.startsWith('<?') || t.startsWith('<!') || t.endsWith('/>'))
      out.push({ text: t, kind: 'self' });
    else if (t.startsWith('<')) out.push({ text: t, kind: 'open' });
    else if (t.trim() !== '') out.push({ text: t.trim(), kind: 'text' });
  }
  return out;
}

function tagName(tag: string): string {
  return /^<\/?([A-Za-z0-9_:.-]+)/.exec(tag)?.[1] ?? '';
}

/**
 * Lays `xml` out as lines; `<Data>` directly inside `<Status>` or `<Alert>` gets a note
 * ("200 OK", "1226 Generic alert…"), and a `<Cmd>` inside Status names the command the
 * status answers. Leaf elements stay on one line (`<Data>200</Data>`).
 */
export function explainXml(xml: string): XmlLine[] {
  const toks = tokens(xml);
  const lines: XmlLine[] = [];
  const stack: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t === undefined) continue;
    const depth = stack.length;
    if (t.kind === 'open') {
      const next = toks[i + 1];
      const after = toks[i + 2];
      const name = tagName(t.text);
      if (next?.kind === 'text' && after?.kind === 'close' && tagName(after.text) === name) {
        const text = `${t.text}${next.text}${after.text}`;
        const parent = stack[stack.length - 1];
        const code = Number(next.text);
        let note: string | undefined;
        if (name === 'Data' && Number.isInteger(code)) {
          if (parent === 'Status') note = `${code} ${statusText(code)}`;
          else if (parent === 'Alert') note = `${code} ${alertText(code)}`;
        }
        lines.push(note === undefined ? { indent: depth, text } : { indent: depth, text, note });
        i += 2;
        continue;
      }
      lines.push({ indent: depth, text: t.text });
      stack.push(name);
    } else if (t.kind === 'close') {
      stack.pop();
      lines.push({ indent: stack.length, text: t.text });
    } else {
      lines.push({ indent: depth, text: t.text });
    }
  }
  return lines;
}

/** The explained layout as plain text (copy/save): notes as trailing XML comments. */
export function explainedText(xml: string): string {
  return explainXml(xml)
    .map(
      (l) =>
        `${'  '.repeat(l.indent)}${l.text}${l.note === undefined ? '' : `  <!-- ${l.note} -->`}`,
    )
    .join('\n');
}
