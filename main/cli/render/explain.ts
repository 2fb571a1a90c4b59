/**
 * `--explain`: the meaning of Status and Alert codes next to the numbers, as an XML comment
 * in pretty XML and as a `codeText` field in JSON.
 */
import { describeAlert } from '../../../protocol/syncml/alert-codes.js';
import { describeStatus } from '../../../protocol/syncml/status-codes.js';

function meaning(parent: string | undefined, code: number): string | undefined {
  if (parent === 'Status') return describeStatus(code);
  if (parent === 'Alert') return describeAlert(code);
  return undefined;
}

/**
 * Appends `<!-- 200 OK -->` after each `<Data>` of a Status or Alert in pretty-printed XML
 * (one element per line, as `messageToXml(…, { pretty: true })` writes). Lines it does not
 * recognise pass through unchanged.
 */
export function explainXml(xml: string): string {
  const open: string[] = [];
  return xml
    .split('\n')
    .map((line) => {
      const t = line.trim();
      const leaf = /^<([\w.:-]+)(?:\s[^>]*)?>([^<]*)<\/\1>$/.exec(t);
      if (leaf) {
        const code = /^\s*(\d{1,5})\s*$/.exec(leaf[2] ?? '');
        const text = code && leaf[1] === 'Data' ? meaning(open.at(-1), Number(code[1])) : undefined;
        return text === undefined ? line : `${line} <!-- ${text.replace(/^\d+ /, '')} -->`;
      }
      if (t.startsWith('</')) {
        open.pop();
      } else if (!t.endsWith('/>') && !t.includes('</')) {
        const name = /^<([\w.:-]+)[\s>]/.exec(t)?.[1];
        if (name !== undefined) open.push(name);
      }
      return line;
    })
    .join('\n');
}

/** Adds `codeText` beside every Status/Alert `code` in the JSON form of a message. */
export function explainJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(explainJson);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = explainJson(v);
  const kind = out['kind'];
  const code = out['code'];
  if (typeof code === 'number' && (kind === 'Status' || kind === 'Alert')) {
    out['codeText'] = meaning(kind, code);
  }
  return out;
}
