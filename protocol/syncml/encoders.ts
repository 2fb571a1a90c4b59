import { SYNCML_11, SYNCML_12, WbxmlSink } from '../wbxml/index.js';
import { XmlTextSink } from '../xml/xml-text-sink.js';
import { MessageWriter } from './write-message.js';

/** A {@link MessageWriter} encoding into a wire form; `finish()` after `end()`. */
export interface MessageEncoder<T> {
  readonly writer: MessageWriter;
  /**
   * Ends the output: without `onChunk`, returns all of it; with `onChunk`, hands out
   * what is left and returns an empty result.
   */
  finish(): T;
}

/**
 * Encodes a message into XML text with an XML declaration (`pretty`: indented, with a
 * final newline), handing it to `onChunk` in pieces of about 64 Ki characters as it is
 * written. The pieces concatenated are `messageToXml(message, { pretty })`.
 */
export function xmlEncoder(
  onChunk: ((text: string) => void) | undefined,
  options: { pretty?: boolean } = {},
): MessageEncoder<string> {
  const pretty = options.pretty ?? false;
  const sink = new XmlTextSink(
    onChunk === undefined ? { pretty, declaration: true } : { pretty, declaration: true, onChunk },
  );
  return {
    writer: new MessageWriter(() => sink, { binding: 'xml' }),
    finish: () => sink.finish(),
  };
}

/**
 * Encodes a message into WBXML (SyncML 1.2, or 1.1 when the header's VerDTD is `1.1`;
 * version byte `wbxmlVersion`, default 2), handing it to `onChunk` in pieces of about
 * 64 KiB — views valid only during the call. The pieces concatenated are
 * `encodeMessage(message, 'wbxml', { wbxmlVersion })`.
 */
export function wbxmlEncoder(
  onChunk: ((bytes: Uint8Array) => void) | undefined,
  options: { wbxmlVersion?: 1 | 2 | 3 } = {},
): MessageEncoder<Uint8Array> {
  const version = options.wbxmlVersion ?? 2;
  let sink: WbxmlSink | undefined;
  const writer = new MessageWriter(
    (verDTD) =>
      (sink = new WbxmlSink(
        verDTD === '1.1' ? SYNCML_11 : SYNCML_12,
        onChunk === undefined ? { version } : { version, onChunk },
      )),
    { binding: 'wbxml', wbxmlVersion: version },
  );
  return {
    writer,
    finish: () => {
      if (sink === undefined) throw new RangeError('wbxmlEncoder: nothing was written');
      return sink.finish();
    },
  };
}
