import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';
import type { DecodeError } from '../../../protocol/bytes/decode-error.js';
import {
  Initiator,
  UiMode,
  decodePkg0,
  encodePkg0,
  verifyPkg0,
  verifyPkg0WithResync,
} from '../../../protocol/pkg0/index.js';
import type { Pkg0Warning } from '../../../protocol/pkg0/index.js';

const vector = (name: string): Uint8Array =>
  new Uint8Array(
    readFileSync(new URL(`../../../../shared/vectors/buteo-syncml/${name}`, import.meta.url)),
  );
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const EXAMPLE_CREDS = {
  serverId: 'com.example.dms',
  serverPassword: 'srvsecret',
  nonce: new Uint8Array(4),
};
const EXAMPLE_FIELDS = {
  version: 12,
  uiMode: UiMode.Background,
  initiator: Initiator.Server,
  sessionId: 0x1234,
  serverId: 'com.example.dms',
};

/** The digest formula written independently with node:crypto. */
function oracleDigest(id: string, pw: string, nonce: Uint8Array, trigger: Uint8Array): string {
  const h = createHash('md5').update(`${id}:${pw}`).digest('base64');
  const t = createHash('md5').update(trigger).digest('base64');
  return createHash('md5').update(`${h}:`).update(nonce).update(`:${t}`).digest('hex');
}

function decodeErrorOf(bytes: Uint8Array): DecodeError {
  try {
    decodePkg0(bytes);
  } catch (e) {
    if (isDecodeError(e)) return e;
    throw e;
  }
  throw new Error('decoded');
}

describe('pkg0', () => {
  it('encodes the computed example of PROTOCOL-FACTS §4 byte for byte', () => {
    const bytes = encodePkg0(EXAMPLE_FIELDS, EXAMPLE_CREDS);
    expect(hex(bytes.subarray(16))).toBe('031800000012340f636f6d2e6578616d706c652e646d73');
    expect(hex(bytes.subarray(0, 16))).toBe('f89e39f76c463b321209c8f8b6313410');
  });

  it('defaults the version to 12 and writes 11 when asked', () => {
    const { version: _v, ...rest } = EXAMPLE_FIELDS;
    expect(decodePkg0(encodePkg0(rest, EXAMPLE_CREDS)).version).toBe(12);
    expect(decodePkg0(encodePkg0({ ...rest, version: 11 }, EXAMPLE_CREDS)).version).toBe(11);
  });

  it('decodes the buteo SAN01 and SAN02 headers', () => {
    for (const [name, tail] of [
      ['SAN01.bin', 'Contacts'],
      ['SAN02.bin', 'Calendar'],
    ] as const) {
      const warnings: Pkg0Warning[] = [];
      const p = decodePkg0(vector(name), { onWarning: (w) => warnings.push(w) });
      expect(p).toMatchObject({
        version: 12,
        uiMode: 1,
        initiator: 1,
        futureUse: 0,
        sessionId: 0,
        serverId: 'PC Suite Data Sync',
      });
      expect(Buffer.from(p.vendorSpecific).toString('latin1').endsWith(tail)).toBe(true);
      expect(warnings.map((w) => w.offset)).toEqual([21]); // session id 0
      expect(verifyPkg0(vector(name), EXAMPLE_CREDS)).toBe(false);
    }
  });

  it('round-trips any fields and signs them as node:crypto computes', () => {
    fc.assert(
      fc.property(
        fc.record({
          version: fc.constantFrom(11, 12),
          uiMode: fc.constantFrom(0, 1, 2, 3) as fc.Arbitrary<UiMode>,
          initiator: fc.constantFrom(0, 1) as fc.Arbitrary<Initiator>,
          sessionId: fc.integer({ min: 1, max: 0xffff }),
          serverId: fc.stringMatching(/^[\x20-\x7e]{1,255}$/),
          vendorSpecific: fc.uint8Array({ maxLength: 50 }),
        }),
        fc.string(),
        fc.uint8Array({ maxLength: 20 }),
        (fields, pw, nonce) => {
          const creds = { serverId: fields.serverId, serverPassword: pw, nonce };
          const bytes = encodePkg0(fields, creds);
          const p = decodePkg0(bytes);
          expect(p).toMatchObject({ ...fields, futureUse: 0 });
          expect(hex(p.digest)).toBe(oracleDigest(fields.serverId, pw, nonce, p.trigger));
          expect(verifyPkg0(bytes, creds)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('fails verification when any byte changes', () => {
    const bytes = encodePkg0(EXAMPLE_FIELDS, EXAMPLE_CREDS);
    for (let i = 0; i < bytes.length; i++) {
      const copy = bytes.slice();
      copy[i] = (copy[i] ?? 0) ^ 0x40;
      expect(verifyPkg0(copy, EXAMPLE_CREDS), `byte ${i}`).toBe(false);
    }
    expect(verifyPkg0(bytes.subarray(0, 10), EXAMPLE_CREDS)).toBe(false);
  });

  it('retries with the resync nonce when the stored nonce does not match', () => {
    const stored = { ...EXAMPLE_CREDS, nonce: Uint8Array.of(9, 9, 9) };
    const signedWithStored = encodePkg0(EXAMPLE_FIELDS, stored);
    const signedWithZeros = encodePkg0(EXAMPLE_FIELDS, EXAMPLE_CREDS);
    expect(verifyPkg0WithResync(signedWithStored, stored)).toEqual({ ok: true, nonce: 'stored' });
    expect(verifyPkg0WithResync(signedWithZeros, stored)).toEqual({ ok: true, nonce: 'resync' });
    expect(verifyPkg0WithResync(signedWithZeros, { ...stored, serverPassword: 'x' })).toEqual({
      ok: false,
    });
  });

  it('reports truncation, bad versions, empty and non-ASCII server ids with offsets', () => {
    const good = encodePkg0(EXAMPLE_FIELDS, EXAMPLE_CREDS);
    expect(decodeErrorOf(good.subarray(0, 23))).toMatchObject({ reason: 'truncated', offset: 23 });
    expect(decodeErrorOf(good.subarray(0, 30))).toMatchObject({ reason: 'truncated', offset: 30 });
    const v13 = encodePkg0({ ...EXAMPLE_FIELDS, version: 13 }, EXAMPLE_CREDS);
    expect(decodeErrorOf(v13)).toMatchObject({ reason: 'bad-version', offset: 16 });
    const warnings: Pkg0Warning[] = [];
    expect(
      decodePkg0(v13, { lenientVersion: true, onWarning: (w) => warnings.push(w) }).version,
    ).toBe(13);
    expect(warnings).toHaveLength(1);
    const empty = good.slice(0, 24);
    empty[23] = 0;
    expect(decodeErrorOf(empty)).toMatchObject({ reason: 'bad-length', offset: 23 });
    const nonAscii = good.slice();
    nonAscii[26] = 0xc3;
    expect(decodeErrorOf(nonAscii)).toMatchObject({ reason: 'bad-value', offset: 26 });
  });

  it('warns about reserved bits that are set', () => {
    const bytes = encodePkg0(EXAMPLE_FIELDS, EXAMPLE_CREDS);
    bytes[19] = 0x80;
    const warnings: Pkg0Warning[] = [];
    expect(decodePkg0(bytes, { onWarning: (w) => warnings.push(w) }).futureUse).toBe(0x8000);
    expect(warnings.map((w) => w.offset)).toEqual([17]);
  });

  it('refuses fields that do not fit their bit widths', () => {
    expect(() => encodePkg0({ ...EXAMPLE_FIELDS, sessionId: 0x10000 }, EXAMPLE_CREDS)).toThrow(
      RangeError,
    );
    expect(() => encodePkg0({ ...EXAMPLE_FIELDS, version: 1024 }, EXAMPLE_CREDS)).toThrow(
      RangeError,
    );
    expect(() => encodePkg0({ ...EXAMPLE_FIELDS, serverId: '' }, EXAMPLE_CREDS)).toThrow(TypeError);
    expect(() => encodePkg0({ ...EXAMPLE_FIELDS, serverId: 'é' }, EXAMPLE_CREDS)).toThrow(
      TypeError,
    );
    expect(() =>
      encodePkg0({ ...EXAMPLE_FIELDS, serverId: 'x'.repeat(256) }, EXAMPLE_CREDS),
    ).toThrow(TypeError);
  });

  it('either decodes or throws DecodeError for mutated and truncated packages', () => {
    const base = encodePkg0(EXAMPLE_FIELDS, EXAMPLE_CREDS);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), {
          maxLength: 4,
        }),
        fc.nat(base.length),
        (edits, cut) => {
          const bytes = base.slice(0, cut);
          for (const [i, v] of edits) if (i < bytes.length) bytes[i] = v;
          try {
            decodePkg0(bytes);
          } catch (e) {
            expect(isDecodeError(e)).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
