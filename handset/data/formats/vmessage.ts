/**
 * SMS as vMessage 1.1 (the IrMC `VMSG` format Nokia / Sony Ericsson phones export):
 * status and box, the other party as an embedded vCard 2.1, and the text in
 * `VENV/VBODY` after a `Date:` line. The text is written as is (UTF-8, CRLF line ends),
 * which is what phones do; a text line that reads exactly `END:VBODY` cannot be carried
 * (the format has no escape for it) and is written with a leading space.
 */
import type { Message } from '../records.js';
import { firstValue, parseVObjects, prop21 } from './vobject21.js';
import type { VComponent } from './vobject21.js';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `DD.MM.YYYY HH:MM:SS` (UTC), the date line of a vMessage body. */
function bodyDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function parseBodyDate(s: string): number {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4}) (\d{1,2}):(\d{2}):(\d{2})$/.exec(s.trim());
  if (m === null) return NaN;
  const [, d, mo, y, h, mi, se] = m;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
}

/** One message as a vMessage 1.1 object. */
export function writeVMessage(m: Message): string {
  const lines = m.body.split(/\r\n|\n|\r/).map((l) => (/^END:VBODY$/i.test(l) ? ' ' + l : l));
  return (
    'BEGIN:VMSG\r\n' +
    'VERSION:1.1\r\n' +
    `X-IRMC-STATUS:${m.read ? 'READ' : 'UNREAD'}\r\n` +
    `X-IRMC-BOX:${m.box}\r\n` +
    'BEGIN:VCARD\r\n' +
    'VERSION:2.1\r\n' +
    (m.peerName !== undefined ? prop21('N', [], m.peerName) : 'N:\r\n') +
    prop21('TEL', [], m.peerNumber) +
    'END:VCARD\r\n' +
    'BEGIN:VENV\r\n' +
    'BEGIN:VBODY\r\n' +
    `Date:${bodyDate(m.date)}\r\n` +
    lines.map((l) => l + '\r\n').join('') +
    'END:VBODY\r\n' +
    'END:VENV\r\n' +
    'END:VMSG\r\n'
  );
}

function find(c: VComponent, name: string): VComponent | undefined {
  for (const child of c.children) {
    if (child.name === name) return child;
    const deeper = find(child, name);
    if (deeper !== undefined) return deeper;
  }
  return undefined;
}

/** Reads every vMessage in `text`. */
export function readVMessages(text: string): Message[] {
  return parseVObjects(text, ['VBODY'])
    .filter((c) => c.name === 'VMSG')
    .map((c) => {
      const card = find(c, 'VCARD');
      const raw = [...(find(c, 'VBODY')?.raw ?? [])];
      let date = NaN;
      if (raw[0] !== undefined && /^Date:/i.test(raw[0]))
        date = parseBodyDate(raw.shift()?.slice(5) ?? '');
      while (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
      const peerName = card === undefined ? undefined : firstValue(card, 'N');
      return {
        box: (firstValue(c, 'X-IRMC-BOX') ?? '').toUpperCase() === 'SENT' ? 'SENT' : 'INBOX',
        read: (firstValue(c, 'X-IRMC-STATUS') ?? '').toUpperCase() !== 'UNREAD',
        peerNumber: (card === undefined ? undefined : firstValue(card, 'TEL')) ?? '',
        ...(peerName !== undefined && peerName !== '' ? { peerName } : {}),
        date,
        body: raw.map((l) => (/^ END:VBODY$/i.test(l) ? l.slice(1) : l)).join('\n'),
      };
    });
}
