import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildBasicCredential, parseBasicCredential } from '../../../protocol/auth/basic.js';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';

describe('basic', () => {
  it('matches the spec example when given Bruce2/OhBehave', () => {
    expect(buildBasicCredential('Bruce2', 'OhBehave')).toBe('QnJ1Y2UyOk9oQmVoYXZl');
  });

  it('agrees with Node Buffer base64 for any user name and password', () => {
    fc.assert(
      fc.property(
        fc.string().filter((u) => !u.includes(':')),
        fc.string(),
        (u, p) => {
          expect(buildBasicCredential(u, p)).toBe(
            Buffer.from(`${u}:${p}`, 'utf8').toString('base64'),
          );
        },
      ),
    );
  });

  it('round-trips when the password contains colons and non-ASCII', () => {
    const data = buildBasicCredential('ünï', 'a:b:c€');
    expect(parseBasicCredential(data)).toEqual({ username: 'ünï', password: 'a:b:c€' });
  });

  it('rejects a user name containing a colon', () => {
    expect(() => buildBasicCredential('a:b', 'x')).toThrow(TypeError);
  });

  it('throws DecodeError when the data has no colon, is not base64 or not UTF-8', () => {
    for (const bad of ['Zm9v', 'not base64!', Buffer.from([0xff, 0x3a]).toString('base64')]) {
      let caught: unknown;
      try {
        parseBasicCredential(bad);
      } catch (e) {
        caught = e;
      }
      expect(isDecodeError(caught), bad).toBe(true);
    }
  });
});
