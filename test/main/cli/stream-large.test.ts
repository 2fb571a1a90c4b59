/**
 * `cimo decode` / `cimo encode` on messages large enough to be streamed (≥ 4 MiB): the
 * output must be byte for byte what the model-based path gives, and a broken input must
 * fail before anything is written.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, messageToXml } from '../../../protocol/syncml/index.js';
import { dmResultsXml } from '../../bench/dm-results.js';
import { ensureBuilt } from '../../support/build.js';
import { cimo } from './cli-harness.js';

let tmp: string;
let xmlFile: string;
let wbxmlFile: string;
let xml: Uint8Array;
let wbxml: Uint8Array;

beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'cimo-stream-'));
  // 25,000 items: 5.3 MB of XML and, doubled, 4.5 MB of WBXML — both past STREAM_MIN_BYTES.
  xml = new TextEncoder().encode(dmResultsXml(25_000));
  const { message } = decodeMessage(xml);
  const twice = { ...message, commands: [...message.commands, ...message.commands] };
  wbxml = encodeMessage(twice, 'wbxml');
  expect(xml.length).toBeGreaterThan(4 * 1024 * 1024);
  expect(wbxml.length).toBeGreaterThan(4 * 1024 * 1024);
  xmlFile = join(tmp, 'big.xml');
  wbxmlFile = join(tmp, 'big.wbxml');
  writeFileSync(xmlFile, xml);
  writeFileSync(wbxmlFile, wbxml);
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('streaming large messages', () => {
  it('decode prints exactly the pretty XML of the model', () => {
    const r = cimo(['decode', wbxmlFile]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.out).toBe(messageToXml(decodeMessage(wbxml).message, { pretty: true }));
  }, 60_000);

  it('encode writes exactly the WBXML and XML of the model', () => {
    const out = join(tmp, 'out.wbxml');
    const r = cimo(['encode', '--to', 'wbxml', xmlFile, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const { message } = decodeMessage(xml);
    expect(
      Buffer.from(readFileSync(out)).equals(Buffer.from(encodeMessage(message, 'wbxml'))),
    ).toBe(true);
    const back = cimo(['encode', '--to', 'xml', '--pretty', wbxmlFile]);
    expect(back.status, back.stderr).toBe(0);
    expect(back.out).toBe(
      new TextDecoder().decode(
        encodeMessage(decodeMessage(wbxml).message, 'xml', { pretty: true }),
      ),
    );
  }, 60_000);

  it('fails with the DecodeError and nothing on stdout or in OUT when the input breaks late', () => {
    const cut = tmpFile('cut.wbxml', wbxml.subarray(0, wbxml.length - 100));
    const r = cimo(['decode', cut]);
    expect(r.status).toBe(2);
    expect(r.out).toBe('');
    expect(r.stderr).toMatch(/wbxml: .* \(at offset \d+\) \[truncated\]/);
    const out = join(tmp, 'never.wbxml');
    const e = cimo(['encode', '--to', 'wbxml', cut, '-o', out]);
    expect(e.status).toBe(2);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

function tmpFile(name: string, content: Uint8Array): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}
