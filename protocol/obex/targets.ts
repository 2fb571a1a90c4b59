/**
 * Well-known OBEX Target values.
 *
 * - SyncML DM: ASCII `SYNCML-DM`, 9 bytes, no NUL (OMA SyncML OBEX Binding; PROTOCOL-FACTS §5.1).
 * - SyncML DS: ASCII `SYNCML-SYNC`, 11 bytes (same source).
 * - Folder Browsing: UUID F9EC7BC4-953C-11D2-984E-525400DC9E09 as 16 bytes (IrOBEX §9.1.2,
 *   the target `obexftp` and BlueZ obexd use for FTP).
 */
export const SYNCML_DM_TARGET: Uint8Array = asciiBytes('SYNCML-DM');
/** ASCII `SYNCML-SYNC` (SyncML DS). */
export const SYNCML_DS_TARGET: Uint8Array = asciiBytes('SYNCML-SYNC');
/** The Folder Browsing service UUID, F9EC7BC4-953C-11D2-984E-525400DC9E09. */
export const FOLDER_BROWSING_TARGET: Uint8Array = uuidBytes('F9EC7BC4-953C-11D2-984E-525400DC9E09');

/** MIME type of a SyncML DM message in WBXML (sent as a Type header). */
export const SYNCML_DM_WBXML_TYPE = 'application/vnd.syncml.dm+wbxml';
/** MIME type of a SyncML DM message in XML. */
export const SYNCML_DM_XML_TYPE = 'application/vnd.syncml.dm+xml';

function asciiBytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** The 16 bytes of a textual UUID (hyphens ignored); throws TypeError for anything else. */
export function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new TypeError(`uuid: ${uuid} is not a UUID`);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
