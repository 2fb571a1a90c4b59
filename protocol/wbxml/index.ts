/** WBXML codec (WAP-192-WBXML 1.0–1.3) for SyncML, MetInf, DevInf and DM DDF/TNDS. */
export type { CodePage, WbxmlLanguage } from './language.js';
export {
  ALL_LANGUAGES,
  DEVINF_11,
  DEVINF_12,
  DMDDF_12,
  languageFor,
  METINF_12,
  SYNCML_11,
  SYNCML_12,
} from './languages.js';
export { decodeWbxml } from './decode.js';
export type { WbxmlDecodeOptions, WbxmlDocument } from './decode.js';
export { encodeWbxml, WbxmlEncodeError, WbxmlSink } from './encode.js';
export type { WbxmlEncodeOptions, WbxmlSinkOptions } from './encode.js';
