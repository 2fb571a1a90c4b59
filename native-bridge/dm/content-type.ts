/**
 * MIME types of DM packages on the wire (PROTOCOL-FACTS §1.1, §4, §5.1) and the lenient
 * parsing the HTTP endpoint needs.
 */
import { detectEncoding, SYNCML_DM_MIME } from '../../protocol/syncml/codec.js';
import type { SyncMLEncoding } from '../../protocol/syncml/codec.js';

/** Package #0 (WSP content type code 0x44; the OBEX Type of a notification PUT). */
export const DM_NOTIFICATION_TYPE = 'application/vnd.syncml.notification';

/** The bare media type, lower case, without parameters (`; charset=…`). */
export function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/** How a received Content-Type was judged. */
export type DmTypeCheck =
  | { readonly ok: true; readonly encoding: SyncMLEncoding; readonly deviation?: string }
  | { readonly ok: false };

/**
 * Accepts the two DM types; tolerates the DS types `application/vnd.syncml+xml|+wbxml`
 * and any parameters, reporting each as a `deviation` for the log.
 */
export function checkDmType(contentType: string | undefined): DmTypeCheck {
  if (contentType === undefined) return { ok: false };
  const media = mediaType(contentType);
  const params = contentType.includes(';');
  const base: Record<string, SyncMLEncoding> = {
    [SYNCML_DM_MIME.xml]: 'xml',
    [SYNCML_DM_MIME.wbxml]: 'wbxml',
  };
  const ds: Record<string, SyncMLEncoding> = {
    'application/vnd.syncml+xml': 'xml',
    'application/vnd.syncml+wbxml': 'wbxml',
  };
  const exact = base[media];
  if (exact !== undefined) {
    return params
      ? { ok: true, encoding: exact, deviation: `parameters in Content-Type "${contentType}"` }
      : { ok: true, encoding: exact };
  }
  const loose = ds[media];
  if (loose !== undefined) {
    return { ok: true, encoding: loose, deviation: `DS type "${contentType}" for a DM package` };
  }
  return { ok: false };
}

/**
 * The DM type of a received body, judged by its bytes (an OBEX GET answer has no Type of
 * its own); XML when the bytes say neither.
 */
export function dmTypeOf(body: Uint8Array): string {
  return SYNCML_DM_MIME[detectEncoding(body) ?? 'xml'];
}
