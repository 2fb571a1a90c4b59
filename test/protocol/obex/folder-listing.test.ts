import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';
import {
  buildFolderListing,
  encodeFolderListing,
  escapeAttribute,
  formatObexTime,
  parseFolderListing,
  parseObexTime,
} from '../../../protocol/obex/folder-listing.js';

/** A listing as Nokia/Sony Ericsson phones send it (DOCTYPE, extra attributes, odd elements). */
const phoneListing = `<?xml version="1.0"?>
<!DOCTYPE folder-listing SYSTEM "obex-folder-listing.dtd">
<!-- XML Coder, Jan 01 2004 -->
<folder-listing version="1.0">
  <parent-folder />
  <folder name="Images" modified="20040101T101010Z" user-perm="RW" />
  <file name="caf&#233; &amp; bar.jpg" size="12345" modified="20240229T235959Z" type="image/jpeg" />
  <file name="no-size.txt" size="lots" modified="yesterday"/>
  <file size="3"/>
  <vendor-extension><file name="nested-ignored"/></vendor-extension>
</folder-listing>`;

describe('folder-listing', () => {
  it('parses a phone listing tolerantly', () => {
    const l = parseFolderListing(new TextEncoder().encode(phoneListing));
    expect(l.hasParent).toBe(true);
    expect(l.entries.map((e) => [e.kind, e.name, e.size])).toEqual([
      ['folder', 'Images', undefined],
      ['file', 'café & bar.jpg', 12345],
      ['file', 'no-size.txt', undefined],
    ]);
    expect(l.entries[1]?.modified?.toISOString()).toBe('2024-02-29T23:59:59.000Z');
    expect(l.entries[1]?.attributes['type']).toBe('image/jpeg');
    expect(l.entries[2]?.modified).toBeUndefined();
  });

  it('builds a listing that parses back, with escaping and non-ASCII names', () => {
    const entries = [
      { kind: 'folder' as const, name: 'Ünïcødé 日本' },
      {
        kind: 'file' as const,
        name: `a<b>&"c'.txt`,
        size: 0,
        modified: new Date(Date.UTC(2001, 8, 9, 1, 46, 40)),
      },
      { kind: 'file' as const, name: '😀\ttab', size: 9007199254740991 },
    ];
    const xml = buildFolderListing({ hasParent: false, entries });
    expect(xml).toContain('modified="20010909T014640Z"');
    expect(xml).toContain('name="a&lt;b&gt;&amp;&quot;c&apos;.txt"');
    const back = parseFolderListing(encodeFolderListing({ hasParent: false, entries }));
    expect(back.hasParent).toBe(false);
    expect(
      back.entries.map(({ kind, name, size, modified }) => ({ kind, name, size, modified })),
    ).toEqual(entries.map((e) => ({ size: undefined, modified: undefined, ...e })));
  });

  it('refuses to build names XML cannot carry', () => {
    expect(() => escapeAttribute('a\u0001b')).toThrow(TypeError);
    expect(() => escapeAttribute('\ud800')).toThrow(TypeError);
  });

  it('formats and parses OBEX times', () => {
    expect(formatObexTime(new Date(Date.UTC(1999, 11, 31, 23, 59, 58)))).toBe('19991231T235958Z');
    expect(parseObexTime('20240101T000000')?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(parseObexTime('20230230T000000Z')).toBeUndefined();
    expect(parseObexTime('2023-01-01')).toBeUndefined();
  });

  it('throws DecodeError for malformed XML, a wrong root and bad UTF-8', () => {
    const reason = (input: Uint8Array | string): string => {
      try {
        parseFolderListing(input);
        return 'ok';
      } catch (e) {
        if (isDecodeError(e)) return e.reason;
        throw e;
      }
    };
    expect(reason('<folder-listing><file name="x"></folder-listing>')).toBe('malformed-xml');
    expect(reason('')).toBe('malformed-xml');
    expect(reason('<html/>')).toBe('unexpected-element');
    expect(reason('<folder-listing><file name="&bogus;"/></folder-listing>')).toBe('malformed-xml');
    expect(reason(Uint8Array.of(0x3c, 0xff, 0x3e))).toBe('bad-utf8');
  });

  it('round-trips random names and returns a value or DecodeError for mutated documents', () => {
    const xmlChar = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => {
      try {
        escapeAttribute(s);
        return !/[\t\n\r]/.test(s);
      } catch {
        return false;
      }
    });
    fc.assert(
      fc.property(
        fc.array(xmlChar, { maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 3 }),
        (names, edits) => {
          const listing = {
            hasParent: true,
            entries: names.map((name) => ({ kind: 'file' as const, name })),
          };
          const bytes = encodeFolderListing(listing);
          expect(parseFolderListing(bytes).entries.map((e) => e.name)).toEqual(names);
          for (const [pos, val] of edits) bytes[pos % bytes.length] = val;
          try {
            parseFolderListing(
              bytes.subarray(0, bytes.length - (edits.length > 0 ? (edits[0]?.[0] ?? 0) % 8 : 0)),
            );
          } catch (e) {
            if (!isDecodeError(e)) throw e;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
