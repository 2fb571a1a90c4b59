import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatHmacHeader, parseHmacHeader } from '../../../protocol/auth/hmac-header.js';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';
import type { DecodeError } from '../../../protocol/bytes/decode-error.js';

const MAC = 'wfUTueHLqIoIHcgxhgpkSQ==';

function decodeErrorOf(value: string): DecodeError {
  try {
    parseHmacHeader(value);
  } catch (e) {
    if (isDecodeError(e)) return e;
    throw e;
  }
  throw new Error(`no error for ${value}`);
}

describe('hmac-header', () => {
  it('formats the spec shape with spaces and a quoted user name', () => {
    expect(formatHmacHeader({ algorithm: 'MD5', username: 'Robert Jordan', mac: MAC })).toBe(
      `algorithm=MD5, username="Robert Jordan", mac=${MAC}`,
    );
  });

  it('escapes quotes and backslashes in the user name', () => {
    expect(formatHmacHeader({ algorithm: 'MD5', username: 'a"b\\c', mac: MAC })).toBe(
      `algorithm=MD5, username="a\\"b\\\\c", mac=${MAC}`,
    );
  });

  it('refuses control characters that would split the header', () => {
    expect(() => formatHmacHeader({ algorithm: 'MD5', username: 'a\r\nX: y', mac: MAC })).toThrow(
      TypeError,
    );
  });

  it('parses the AOSP form (no spaces), any order, unquoted names, no algorithm', () => {
    const expected = { algorithm: 'MD5', username: 'Robert Jordan', mac: MAC };
    for (const v of [
      `algorithm=MD5,username="Robert Jordan",mac=${MAC}`,
      `mac=${MAC}, username="Robert Jordan"`,
      `username = Robert Jordan , mac = ${MAC} , algorithm = md5`,
      `X-SyncML-HMAC: Algorithm=MD5, UserName="Robert Jordan", MAC=${MAC}`,
      `algorithm=MD5, realm="x, y", username="Robert Jordan", foo=bar, mac=${MAC},`,
    ]) {
      expect(parseHmacHeader(v), v).toEqual(expected);
    }
  });

  it('round-trips any user name without control characters', () => {
    fc.assert(
      fc.property(
        // eslint-disable-next-line no-control-regex -- excluding what formatHmacHeader refuses
        fc.string().filter((s) => !/[\u0000-\u001f\u007f]/.test(s)),
        (username) => {
          const header = { algorithm: 'MD5' as const, username, mac: MAC };
          expect(parseHmacHeader(formatHmacHeader(header))).toEqual(header);
        },
      ),
    );
  });

  it('names the reason and offset for malformed values', () => {
    expect(decodeErrorOf(`username="abc, mac=${MAC}`).reason).toBe('truncated');
    expect(decodeErrorOf(`mac=${MAC}`).reason).toBe('missing-element');
    expect(decodeErrorOf('username="u"').reason).toBe('missing-element');
    expect(decodeErrorOf(`username="u", mac=`).reason).toBe('missing-element');
    expect(decodeErrorOf(`algorithm=SHA1, username="u", mac=${MAC}`).reason).toBe('unsupported');
    const noEquals = decodeErrorOf(`username "u", mac=${MAC}`);
    expect(noEquals.reason).toBe('bad-value');
    expect(noEquals.offset).toBe(9);
    const badMac = decodeErrorOf('username=u, mac=ab$d');
    expect(badMac.offset).toBe('username=u, mac=ab'.length);
    expect(decodeErrorOf(`username="u"x, mac=${MAC}`).reason).toBe('bad-value');
    expect(decodeErrorOf(`username=a, username=b, mac=${MAC}`).reason).toBe('bad-value');
  });

  it('either parses or throws DecodeError for any string', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', '"', '\\', ',', '=', ' ', 'm', 'A') }),
        (s) => {
          try {
            parseHmacHeader(s);
          } catch (e) {
            expect(isDecodeError(e)).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
