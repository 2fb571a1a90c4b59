import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  buildManifest,
  checkRetrievedObject,
  parseManifest,
  sha256Hex,
} from '../../../protocol/cimo/manifest.js';
import type { RetrievalManifest } from '../../../protocol/cimo/manifest.js';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';

const vcard = new TextEncoder().encode(
  'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jürgen Ä\r\nEND:VCARD\r\n',
);
const nodeSha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const SAMPLE: RetrievalManifest = {
  correlator: 'op-42 "quoted" & <angled>',
  created: '2026-11-24T02:16:33Z',
  objects: [
    {
      info: 'PhoneBook',
      name: 'Jürgen Ä.vcf',
      type: 'text/vcard',
      size: vcard.length,
      sha256: nodeSha(vcard),
    },
    {
      info: 'Images',
      name: '../../etc/passwd',
      type: 'image/jpeg',
      size: 0,
      sha256: nodeSha(new Uint8Array()),
    },
    {
      info: 'Notes',
      name: 'C:\\Windows\\system32\\a b\tc\nd',
      type: 'text/x-vnote',
      size: 12,
      sha256: 'AB'.repeat(32),
    },
    {
      info: 'Files',
      name: '写真 📷 <script>',
      type: 'application/octet-stream',
      size: 2 ** 40,
      sha256: '0'.repeat(64),
    },
  ],
};

function reasonOf(text: string): string | undefined {
  try {
    parseManifest(text);
    return undefined;
  } catch (e) {
    if (isDecodeError(e)) return e.reason;
    throw e;
  }
}

describe('manifest', () => {
  it('round-trips non-ASCII and hostile names as the same plain strings', () => {
    const back = parseManifest(buildManifest(SAMPLE));
    expect(back.correlator).toBe(SAMPLE.correlator);
    expect(back.created).toBe(SAMPLE.created);
    expect(back.objects.map((o) => o.name)).toEqual(SAMPLE.objects.map((o) => o.name));
    expect(back.objects[1]?.name).toBe('../../etc/passwd');
    expect(back.objects[2]?.sha256).toBe('ab'.repeat(32));
    expect(back.objects[3]?.size).toBe(2 ** 40);
  });

  it('round-trips any XML-representable strings', () => {
    const notXml =
      // eslint-disable-next-line no-control-regex -- XML 1.0 cannot carry these at all
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
    const xmlString = fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !notXml.test(s));
    const object = fc.record({
      info: xmlString,
      name: xmlString,
      type: xmlString,
      size: fc.nat(),
      sha256: fc
        .uint8Array({ minLength: 32, maxLength: 32 })
        .map((b) => Buffer.from(b).toString('hex')),
    });
    fc.assert(
      fc.property(
        xmlString,
        fc.uniqueArray(object, { selector: (o) => JSON.stringify([o.info, o.name]), maxLength: 4 }),
        (correlator, objects) => {
          const m = { correlator, created: '20261124T021633Z', objects };
          expect(parseManifest(buildManifest(m))).toEqual(m);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses manifests with missing or malformed fields with a DecodeError', () => {
    const good = buildManifest(SAMPLE);
    expect(
      reasonOf(good.replace('<Retrieval', '<Retrieve').replace('</Retrieval>', '</Retrieve>')),
    ).toBe('unexpected-element');
    expect(reasonOf(good.replace(' correlator=', ' x='))).toBe('missing-element');
    expect(reasonOf(good.replace('2026-11-24T02:16:33Z', 'yesterday'))).toBe('bad-value');
    expect(reasonOf(good.replace(`size="${vcard.length}"`, 'size="-1"'))).toBe('bad-value');
    expect(reasonOf(good.replace(`size="${vcard.length}"`, 'size="1e3"'))).toBe('bad-value');
    expect(reasonOf(good.replace('0'.repeat(64), '0'.repeat(63)))).toBe('bad-value');
    expect(
      reasonOf(
        good
          .replace('info="Images"', 'info="PhoneBook"')
          .replace('../../etc/passwd', 'Jürgen Ä.vcf'),
      ),
    ).toBe('bad-value');
    expect(reasonOf('<Retrieval correlator="c" created="2026-11-24T02:16:33Z">')).toBe(
      'malformed-xml',
    );
  });

  it('returns a manifest or a DecodeError for mutated and truncated input', () => {
    const bytes = new TextEncoder().encode(buildManifest(SAMPLE));
    fc.assert(
      fc.property(
        fc.nat(bytes.length),
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), {
          maxLength: 4,
        }),
        (cut, edits) => {
          const input = bytes.slice(0, cut);
          for (const [i, v] of edits) if (i < input.length) input[i] = v;
          try {
            parseManifest(input);
          } catch (e) {
            if (!isDecodeError(e)) throw e;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('checks received objects by size and SHA-256', () => {
    const entry = SAMPLE.objects[0];
    if (entry === undefined) throw new Error('no entry');
    expect(sha256Hex(vcard)).toBe(nodeSha(vcard));
    expect(checkRetrievedObject(entry, vcard)).toBe('ok');
    expect(checkRetrievedObject(entry, vcard.slice(1))).toBe('size-mismatch');
    const flipped = vcard.slice();
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(checkRetrievedObject(entry, flipped)).toBe('digest-mismatch');
  });
});
