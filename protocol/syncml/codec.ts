import { DecodeError } from '../bytes/decode-error.js';
import { openWbxml } from '../wbxml/decode.js';
import { Ev } from '../xml/cursor.js';
import { openXml } from '../xml/parse-xml.js';
import type { ReadContext, StreamState } from './element-reader.js';
import type { SyncMLMessage } from './model.js';
import { readMessageFrom } from './read-message.js';
import { wbxmlEncoder, xmlEncoder } from './encoders.js';
import type { MessageSink } from './write-message.js';

export { messageToJson } from './message-to-json.js';

/** The two wire forms of a SyncML DM message (PROTOCOL-FACTS §1.1). */
export type SyncMLEncoding = 'xml' | 'wbxml';

/** Options for {@link decodeMessage}. */
export interface DecodeOptions {
  /** Deepest element nesting accepted (XML default 128, WBXML default 64). */
  readonly maxDepth?: number;
  /**
   * Receives each tolerated deviation. `offset` is the byte offset where the lower layer
   * (XML/WBXML) knows it, else 0; SyncML-level messages name the element path.
   */
  readonly onWarning?: (w: { offset: number; message: string }) => void;
}

/** MIME type of each encoding (`application/vnd.syncml.dm+xml` / `+wbxml`). */
export const SYNCML_DM_MIME: Readonly<Record<SyncMLEncoding, string>> = {
  xml: 'application/vnd.syncml.dm+xml',
  wbxml: 'application/vnd.syncml.dm+wbxml',
};

/**
 * Guesses the encoding from the first bytes: `xml` when the first non-whitespace byte
 * (after an optional UTF-8 BOM) is `<`, `wbxml` when the first byte is a WBXML version
 * (0x00–0x03) and a header can follow; otherwise undefined.
 */
export function detectEncoding(bytes: Uint8Array): SyncMLEncoding | undefined {
  const first = bytes[0];
  if (first === undefined) return undefined;
  if (first <= 0x03) return bytes.length >= 4 ? 'wbxml' : undefined;
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[i] ?? 0)) i++;
  return bytes[i] === 0x3c ? 'xml' : undefined;
}

/**
 * Decodes a SyncML message in either encoding (detected from the bytes).
 *
 * Total: returns the message or throws `DecodeError` — from the XML layer (`format`
 * `'xml'`), the WBXML layer (`'wbxml'`) or the SyncML mapping (`'syncml'`). Tolerated
 * deviations are reported through `onWarning` (see `readMessage`).
 */
export function decodeMessage(
  bytes: Uint8Array,
  options: DecodeOptions = {},
): { message: SyncMLMessage; encoding: SyncMLEncoding } {
  const { message, encoding } = decodeWith(bytes, options, undefined);
  return { message, encoding };
}

/**
 * Decodes like {@link decodeMessage} — same result, warnings and errors — while handing
 * the message to `sink` piece by piece as it is read: the items of top-level commands
 * one by one (they are then left out of the returned message, whose commands keep
 * `items: []`), every other top-level command whole.
 *
 * `streamed` is false when what reached the sink is not the message: its shape does not
 * allow writing in document order (a command field after its Items, SyncHdr after
 * SyncBody, …), or the sink threw (e.g. a value XML cannot carry). The caller must then
 * discard the sink's output and write the returned message instead — which, when
 * `streamed` is false, holds every item. Decoding errors are thrown as by `decodeMessage`,
 * possibly after part of the message reached the sink.
 */
export function streamMessage(
  bytes: Uint8Array,
  sink: MessageSink,
  options: DecodeOptions = {},
): { message: SyncMLMessage; encoding: SyncMLEncoding; streamed: boolean } {
  const stream: StreamState = { sink, ok: true, muted: false, wrote: false };
  const { message, encoding } = decodeWith(bytes, options, stream);
  if (!stream.ok) {
    // Items already handed to the sink are missing from the message: read it again, whole
    // (its warnings were reported already).
    const again = decodeMessage(
      bytes,
      options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth },
    );
    return { ...again, streamed: false };
  }
  return { message, encoding, streamed: true };
}

function decodeWith(
  bytes: Uint8Array,
  options: DecodeOptions,
  stream: StreamState | undefined,
): { message: SyncMLMessage; encoding: SyncMLEncoding } {
  const encoding = detectEncoding(bytes);
  if (encoding === undefined) {
    throw new DecodeError(0, 'unsupported', 'neither XML nor WBXML', 'syncml');
  }
  const report = options.onWarning;
  const ctx: ReadContext = {
    binding: encoding,
    maxDepth: options.maxDepth ?? (encoding === 'xml' ? 128 : 64),
    warn: (path, message) => {
      if (stream?.muted !== true) report?.({ offset: 0, message: `${path}: ${message}` });
    },
    ...(stream !== undefined && { stream }),
  };
  const onLower = (offset: number, message: string): void => report?.({ offset, message });
  // The model is read straight from a pull cursor over the wire form: no document tree is
  // built, so the parse events and the small per-Item trees die young (a whole-message tree
  // lived until the model was done, and its promotion made the garbage collector half the
  // decoding time on large messages).
  const cursor =
    encoding === 'xml'
      ? openXml(bytes, { maxDepth: ctx.maxDepth, onWarning: (w) => onLower(w.offset, w.message) })
      : openWbxml(bytes, { maxDepth: ctx.maxDepth, onWarning: onLower }).cursor;
  try {
    return { message: readMessageFrom(cursor, ctx), encoding };
  } catch (e) {
    // An XML/WBXML error anywhere in the document wins over a SyncML one found earlier (as
    // when the whole document was parsed first): read on to the end, which throws it.
    if (e instanceof DecodeError && e.format === 'syncml' && cursor.kind !== Ev.EOF) {
      while (cursor.next() !== Ev.EOF) {
        // throws the lower layer's error, if there is one
      }
    }
    throw e;
  }
}

/**
 * Encodes a message. XML: UTF-8 with an XML declaration (`pretty` indents). WBXML: the
 * SyncML 1.2 language (1.1 when `header.verDTD` is `1.1`), version byte `wbxmlVersion`
 * (default 2, as the SyncML RTK writes), embedded DevInf/TNDS as OPAQUE sub-documents.
 * Throws `RangeError` (XML) or `WbxmlEncodeError` when a value cannot be represented.
 */
export function encodeMessage(
  message: SyncMLMessage,
  encoding: SyncMLEncoding,
  options: { pretty?: boolean; wbxmlVersion?: 1 | 2 | 3 } = {},
): Uint8Array {
  if (encoding === 'xml') {
    return new TextEncoder().encode(messageToXml(message, { pretty: options.pretty ?? false }));
  }
  const enc = wbxmlEncoder(undefined, options);
  enc.writer.message(message);
  return enc.finish();
}

/** The message as XML text with an XML declaration (what `encodeMessage(…, 'xml')` sends). */
export function messageToXml(message: SyncMLMessage, options: { pretty?: boolean } = {}): string {
  const enc = xmlEncoder(undefined, options);
  enc.writer.message(message);
  return enc.finish();
}
