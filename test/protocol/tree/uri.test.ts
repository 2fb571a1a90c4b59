import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatUri, isValidNodeName, parseUri } from '../../../protocol/tree/uri.js';
import { isDmStatusError } from '../../../protocol/tree/dm-status-error.js';

function statusOf(fn: () => unknown): number | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (isDmStatusError(e)) return e.status;
    throw e;
  }
}

describe('uri', () => {
  it('accepts ./A/B, A/B and . with the same segments', () => {
    expect(parseUri('./DevInfo/DevId').segments).toEqual(['DevInfo', 'DevId']);
    expect(parseUri('DevInfo/DevId').segments).toEqual(['DevInfo', 'DevId']);
    expect(parseUri('.').segments).toEqual([]);
  });

  it('splits ?list= and ?prop= suffixes off the path', () => {
    expect(parseUri('./A?list=Struct')).toEqual({ segments: ['A'], list: 'Struct' });
    expect(parseUri('./A/B?prop=ACL')).toEqual({ segments: ['A', 'B'], prop: 'ACL' });
    expect(parseUri('./A?list=TNDS+ACL+Value').list).toBe('TNDS+ACL+Value');
  });

  it('answers 400 for empty segments, a leading slash, dot segments and bad queries', () => {
    for (const bad of [
      '',
      '/A',
      './A//B',
      './A/',
      'A/',
      './',
      './A/../B',
      './A/./B',
      './A?foo=1',
      './A?list=',
      './A?list',
    ]) {
      expect(
        statusOf(() => parseUri(bad)),
        bad,
      ).toBe(400);
    }
  });

  it('%-decodes segments and refuses an encoded slash or malformed escapes', () => {
    expect(parseUri('./A%20B/%C3%A9').segments).toEqual(['A B', 'é']);
    expect(statusOf(() => parseUri('./A%2FB'))).toBe(400);
    expect(statusOf(() => parseUri('./A%2'))).toBe(400);
    expect(statusOf(() => parseUri('./A%C3'))).toBe(400);
  });

  it('answers 414 when MaxDepth, MaxTotLen or MaxSegLen is exceeded, and accepts the limit itself', () => {
    const limits = { maxDepth: 3, maxTotLen: 20, maxSegLen: 5 };
    expect(parseUri('./a/b/c', limits).segments).toHaveLength(3);
    expect(statusOf(() => parseUri('./a/b/c/d', limits))).toBe(414);
    expect(parseUri('./abcde', limits).segments).toEqual(['abcde']);
    expect(statusOf(() => parseUri('./abcdef', limits))).toBe(414);
    expect(statusOf(() => parseUri('./abcd/abcd/abcd/abcd', { ...limits, maxDepth: 0 }))).toBe(414);
    expect(parseUri('./abcd/abcd/abcd/abc', { ...limits, maxDepth: 0 }).segments).toHaveLength(4);
    expect(
      parseUri('./a/b/c/d/e/f', { maxDepth: 0, maxTotLen: 0, maxSegLen: 0 }).segments,
    ).toHaveLength(6);
  });

  it('formats segments so that parsing gives them back', () => {
    const name = fc
      .string({ minLength: 1, maxLength: 8, unit: 'grapheme' })
      .filter(isValidNodeName);
    fc.assert(
      fc.property(fc.array(name, { maxLength: 5 }), (segs) => {
        const limits = { maxDepth: 0, maxTotLen: 0, maxSegLen: 0 };
        expect(parseUri(formatUri(segs), limits).segments).toEqual(segs);
      }),
    );
    expect(formatUri([])).toBe('.');
    expect(formatUri(['a b', '50%'])).toBe('./a%20b/50%25');
  });
});
