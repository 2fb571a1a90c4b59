/**
 * Turns received Results items into {@link ResultItem}s: values decoded by their Meta
 * Format, TNDS documents parsed (from an embedded element or, after chunking, XML text).
 */
import { isDecodeError } from '../../bytes/decode-error.js';
import type { Item } from '../../syncml/model.js';
import { TNDS_WBXML_TYPE, TNDS_XML_TYPE, decodeTndsXml } from '../../tree/tnds-tree.js';
import { tndsFromElement } from '../../tree/tnds.js';
import { dataToValue } from '../wire-value.js';
import type { ResultItem } from './command-queue.js';

/** One received Results item (whole, after any chunks were joined). */
export function resultItem(item: Item, fallbackUri: string): ResultItem {
  const meta = item.meta;
  const uri = item.source?.locURI ?? fallbackUri;
  const base = {
    uri,
    ...(meta?.format !== undefined ? { format: meta.format } : {}),
    ...(meta?.type !== undefined ? { type: meta.type } : {}),
  };
  if (meta?.type === TNDS_XML_TYPE || meta?.type === TNDS_WBXML_TYPE) {
    try {
      const d = item.data;
      const tnds =
        d?.kind === 'xml'
          ? tndsFromElement(d.element)
          : decodeTndsXml(d?.kind === 'bytes' ? d.bytes : (d?.text ?? ''));
      return { ...base, tnds };
    } catch (e) {
      if (!isDecodeError(e)) throw e;
    }
  }
  if (item.data === undefined) return base;
  try {
    return { ...base, data: dataToValue(item.data, meta?.format) };
  } catch (e) {
    if (!isDecodeError(e)) throw e;
    return { ...base, data: dataToValue(item.data, 'chr') };
  }
}
