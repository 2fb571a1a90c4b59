/**
 * How node values travel in `Data` (PROTOCOL-FACTS §1.7, §6.1): `b64` leaves as base64
 * text (the tree holds the decoded bytes), `bin` as bytes (WBXML OPAQUE; base64 text in
 * XML, which reads back as text), everything else as UTF-8 text.
 */
import { fromBase64, toBase64 } from '../bytes/base64.js';
import { encodeUtf8 } from '../bytes/utf8.js';
import type { Data } from '../syncml/model.js';
import { serializeXml } from '../xml/serialize-xml.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The `Data` that carries a node value of `format`. Bytes that are not UTF-8 travel as bytes. */
export function valueToData(value: Uint8Array, format: string | undefined): Data {
  if (format === 'b64') return { kind: 'text', text: toBase64(value) };
  if (format === 'bin') return { kind: 'bytes', bytes: value.slice() };
  try {
    return { kind: 'text', text: strictUtf8.decode(value) };
  } catch {
    return { kind: 'bytes', bytes: value.slice() };
  }
}

/**
 * The node value a received `Data` stands for, read by the Meta Format in force. Throws
 * `DecodeError` for a `b64`/`bin` text that is not base64 (the caller answers 400).
 */
export function dataToValue(data: Data | undefined, format: string | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  if (data.kind === 'bytes') return data.bytes.slice();
  if (data.kind === 'xml') return encodeUtf8(serializeXml(data.element, { declaration: false }));
  if (format === 'b64' || format === 'bin') return fromBase64(data.text);
  return encodeUtf8(data.text);
}

/** The text of a `Data` (bytes read as UTF-8), for codes, property values and UI text. */
export function dataText(data: Data | undefined): string {
  if (data === undefined) return '';
  if (data.kind === 'text') return data.text;
  if (data.kind === 'bytes') return new TextDecoder().decode(data.bytes);
  return serializeXml(data.element, { declaration: false });
}
