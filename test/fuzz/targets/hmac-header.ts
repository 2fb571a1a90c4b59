/**
 * Fuzzes `parseHmacHeader` on header values (bytes read as latin-1, as HTTP header octets
 * are). Checks that whatever parses also survives format → parse unchanged.
 */
import { formatHmacHeader, parseHmacHeader } from '../../../protocol/auth/hmac-header.js';
import type { FuzzTarget } from '../target.js';

const SEEDS = [
  'algorithm=MD5, username="Robert Jordan", mac=wfUTueHLqIoIHcgxhgpkSQ==',
  'algorithm=MD5,username="dm\\"srv\\\\1",mac=NTI2OTJhMDAwNjYxODkwYmQ3NWUxN2RhN2ZmYmJlMzk=',
  'mac=AAAAAAAAAAAAAAAAAAAAAA==, username=bare',
  'x-syncml-hmac: Username = "u" , MAC = Zz6EivR3yeaaENcRN6lpAQ== , realm="a,b", algorithm=md5',
];

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

function seeds(): Uint8Array[] {
  return SEEDS.map((s) => Uint8Array.from(s, (c) => c.charCodeAt(0)));
}

function run(input: Uint8Array): void {
  const header = parseHmacHeader(latin1(input));
  // eslint-disable-next-line no-control-regex -- formatHmacHeader refuses these on purpose
  if (/[\u0000-\u001f\u007f]/.test(header.username)) return;
  const again = parseHmacHeader(formatHmacHeader(header));
  if (again.username !== header.username || again.mac !== header.mac) {
    throw new Error('x-syncml-hmac: format → parse changed the header');
  }
}

/** The `x-syncml-hmac` parser target. */
export const target: FuzzTarget = { name: 'hmac-header', seeds, run };
