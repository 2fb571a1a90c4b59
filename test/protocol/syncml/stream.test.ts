/**
 * `streamMessage` with the streaming encoders must give exactly what the model-based path
 * gives — the same text and bytes, warnings and errors — for the benchmark's message
 * shape, every libwbxml vector and arbitrary messages, and must say so (`streamed`) or
 * hand back the whole model when a message's shape cannot be written in document order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  encodeMessage,
  messageToXml,
  streamMessage,
  wbxmlEncoder,
  xmlEncoder,
} from '../../../protocol/syncml/index.js';
import { dmResultsXml } from '../../bench/dm-results.js';
import { message as arbitraryMessage } from './arbitrary.js';

const LIBWBXML = fileURLToPath(new URL('../../../../shared/vectors/libwbxml/', import.meta.url));

interface Streamed {
  readonly xml: string;
  readonly compact: string;
  readonly wbxml: Uint8Array;
  readonly streamed: boolean;
  readonly warnings: string[];
}

/** Streams `bytes` into the three encoders (small chunks, so chunking is exercised). */
function stream(bytes: Uint8Array): Streamed {
  const warnings: string[] = [];
  const parts: string[] = [];
  const pretty = xmlEncoder((t) => parts.push(t), { pretty: true });
  const r = streamMessage(bytes, pretty.writer, {
    onWarning: (w) => warnings.push(`${w.offset} ${w.message}`),
  });
  pretty.finish();
  const compactParts: string[] = [];
  const compact = xmlEncoder((t) => compactParts.push(t));
  expect(streamMessage(bytes, compact.writer).streamed).toBe(r.streamed);
  compact.finish();
  const chunks: Buffer[] = [];
  const wbxml = wbxmlEncoder((b) => chunks.push(Buffer.from(b)));
  expect(streamMessage(bytes, wbxml.writer).streamed).toBe(r.streamed);
  wbxml.finish();
  return {
    xml: parts.join(''),
    compact: compactParts.join(''),
    wbxml: new Uint8Array(Buffer.concat(chunks)),
    streamed: r.streamed,
    warnings,
  };
}

/** Asserts the streamed output equals the model-based output for `bytes`. */
function expectSameAsModel(bytes: Uint8Array): void {
  const warnings: string[] = [];
  const { message } = decodeMessage(bytes, {
    onWarning: (w) => warnings.push(`${w.offset} ${w.message}`),
  });
  const s = stream(bytes);
  expect(s.streamed).toBe(true);
  expect(s.warnings).toEqual(warnings);
  expect(s.xml).toBe(messageToXml(message, { pretty: true }));
  expect(s.compact).toBe(messageToXml(message));
  expect(Buffer.from(s.wbxml).equals(Buffer.from(encodeMessage(message, 'wbxml')))).toBe(true);
}

describe('streamMessage', () => {
  it('streams the benchmark shape (DM Results, XML and WBXML) exactly as the model writes it', () => {
    const xml = new TextEncoder().encode(dmResultsXml(3_000));
    expectSameAsModel(xml);
    expectSameAsModel(encodeMessage(decodeMessage(xml).message, 'wbxml'));
  });

  it('streams every libwbxml SyncML vector (and its WBXML form) as the model writes it', () => {
    let n = 0;
    for (const name of readdirSync(LIBWBXML)) {
      const bytes = new Uint8Array(readFileSync(join(LIBWBXML, name)));
      let wbxml: Uint8Array;
      try {
        wbxml = encodeMessage(decodeMessage(bytes).message, 'wbxml');
      } catch {
        continue; // not a SyncML message (DevInf, DDF, other WBXML languages)
      }
      expectSameAsModel(bytes);
      expectSameAsModel(wbxml);
      n++;
    }
    expect(n).toBeGreaterThan(10);
  });

  it('streams arbitrary messages in both encodings as the model writes them', () => {
    fc.assert(
      fc.property(arbitraryMessage(true), (m) => {
        // FieldLevel and Correlator exist from SyncML 1.2 on; the 1.1 code pages lack them.
        fc.pre(m.header.verDTD === '1.2' || !/fieldLevel|correlator/.test(JSON.stringify(m)));
        expectSameAsModel(encodeMessage(m, 'wbxml'));
        expectSameAsModel(encodeMessage(m, 'xml'));
      }),
      { numRuns: 150 },
    );
  });

  it('leaves a top-level command’s items out of the returned message', () => {
    const xml = new TextEncoder().encode(dmResultsXml(10));
    const parts: string[] = [];
    const enc = xmlEncoder((t) => parts.push(t));
    const r = streamMessage(xml, enc.writer);
    expect(r.streamed).toBe(true);
    const results = r.message.commands.find((c) => c.kind === 'Results');
    expect(results && 'items' in results ? results.items : undefined).toEqual([]);
  });

  it('reports a shape it cannot stream and returns the whole model instead', () => {
    // CmdRef after the Items: the command's start was written before CmdRef was seen.
    const late = dmResultsXml(3)
      .replace('<CmdRef>4</CmdRef><Item>', '<Item>')
      .replace('</Item></Results>', '</Item><CmdRef>4</CmdRef></Results>');
    const bytes = new TextEncoder().encode(late);
    const s = streamMessage(bytes, xmlEncoder(() => undefined).writer);
    expect(s.streamed).toBe(false);
    expect(s.message).toEqual(decodeMessage(bytes).message);
    const results = s.message.commands.find((c) => c.kind === 'Results');
    expect(results && 'items' in results ? results.items.length : 0).toBe(3);
    // A SyncHdr after the SyncBody, likewise.
    const swapped = dmResultsXml(2).replace(
      /(<SyncHdr>.*<\/SyncHdr>)(<SyncBody>.*<\/SyncBody>)/s,
      '$2$1',
    );
    const b2 = new TextEncoder().encode(swapped);
    const s2 = streamMessage(b2, xmlEncoder(() => undefined).writer);
    expect(s2.streamed).toBe(false);
    expect(s2.message).toEqual(decodeMessage(b2).message);
  });

  it('throws the DecodeError decodeMessage throws, also after items were streamed', () => {
    const wbxml = encodeMessage(
      decodeMessage(new TextEncoder().encode(dmResultsXml(200))).message,
      'wbxml',
    );
    for (const cut of [wbxml.length - 3, Math.floor(wbxml.length / 2), 40]) {
      const bytes = wbxml.subarray(0, cut);
      const expected = (() => {
        try {
          decodeMessage(bytes);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(expected).toBeDefined();
      expect(() => streamMessage(bytes, xmlEncoder(() => undefined).writer)).toThrow(
        (expected as Error).message,
      );
    }
  });
});
