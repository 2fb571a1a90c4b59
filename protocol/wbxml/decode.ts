import { readDocument } from '../xml/cursor.js';
import type { XmlElement } from '../xml/element.js';
import { WbxmlCursor } from './cursor.js';
import { decodeHeader } from './decode-header.js';
import type { WbxmlHeader } from './decode-header.js';
import type { WbxmlLanguage } from './language.js';
import { ALL_LANGUAGES, languageFor } from './languages.js';
import { fail, TokenReader } from './token-reader.js';

/** Options for `decodeWbxml`. */
export interface WbxmlDecodeOptions {
  /** Deepest element nesting accepted (the root is depth 1). Default 64. */
  readonly maxDepth?: number;
  /** Languages to recognise the document by; default `ALL_LANGUAGES`. */
  readonly languages?: readonly WbxmlLanguage[];
  /** Called for tolerated oddities (extension tokens, PIs, unknown attributes, padding). */
  readonly onWarning?: (offset: number, message: string) => void;
}

/** A decoded WBXML document. */
export interface WbxmlDocument {
  /** Header version byte: 0x00–0x03 for WBXML 1.0–1.3. */
  readonly version: number;
  /** Header public id (0 when the FPI is in the string table). */
  readonly publicId: number;
  /** The FPI from the string table, when `publicId` is 0. */
  readonly fpi?: string;
  /** IANA MIBenum from the header (0 for WBXML 1.0 or "unknown"). */
  readonly charset: number;
  readonly language: WbxmlLanguage;
  readonly root: XmlElement;
}

const NONE = (): void => {};

/**
 * Decodes a WBXML 1.0–1.3 document into the shared element tree.
 *
 * Total: any input returns a document or throws `DecodeError` (format `'wbxml'`) with the
 * byte offset of the problem. Lengths are checked against the remaining input before use,
 * nesting is limited by `maxDepth` (`too-deep`), and decoded text is limited to 16
 * characters per input byte plus 1 Mi (`too-large`), which only string-table abuse reaches.
 *
 * Mapping: a tag becomes an `XmlElement` whose `ns` is its code page's namespace; STR_I,
 * STR_T and ENTITY become text, adjacent text merging into one `XmlText`; OPAQUE becomes
 * an `XmlOpaque` holding a copy of the bytes (embedded DevInf/TNDS documents arrive this
 * way — decode them with another `decodeWbxml` call). Some Nokia handsets send all PCDATA
 * as OPAQUE (`71 C3 03 "1.1" 01` for `<VerDTD>1.1</VerDTD>`, per libwbxml's parser notes),
 * so typed readers should accept an `XmlOpaque` where they expect text. LITERAL tags take
 * their name from the string table and the current page's namespace.
 *
 * Tolerated with `onWarning`: EXT_* tokens and PIs (skipped); attribute lists (SyncML has
 * no attribute tokens — `LITERAL` + string attributes are kept, `xmlns` is dropped, and
 * unknown attribute tokens are skipped up to the list's END, covering the Nokia
 * `ED 04 00 03 "SYNCML:SYNCML1.2" 00 01` root quirk); SWITCH_PAGE anywhere in content
 * (Nokia 6600 switches just before END); tags of a one-page language sent without the
 * SWITCH_PAGE (DDF tags on page 0); charset 0; trailing zero bytes after the root (link
 * padding) and trailing PIs. Any other byte after the root's END is `trailing-data`.
 *
 * Errors: `truncated`, `bad-version`, `bad-charset`, `unknown-public-id` (no language for
 * the public id, nor for the string-table FPI), `unknown-page` (a tag on a page the language
 * lacks), `unknown-token` (a tag the page lacks), `bad-string-ref` (STR_T/LITERAL index
 * outside the string table; a last entry missing its NUL is accepted with a warning, as
 * the SyncML RTK writes its FPI that way), `entity` (ENTITY that is not
 * an XML character), `bad-utf8`, `bad-length` (mb_u_int32 over 5 bytes / 32 bits),
 * `unexpected-element` (content before the root), `bad-value` (empty LITERAL tag name),
 * `too-deep`, `too-large`, `trailing-data`.
 */
export function decodeWbxml(bytes: Uint8Array, options: WbxmlDecodeOptions = {}): WbxmlDocument {
  const { cursor, header, fpi, language } = openWbxml(bytes, options);
  const root = readDocument(cursor);
  const doc: WbxmlDocument = {
    version: header.version,
    publicId: header.publicId,
    charset: header.charset,
    language,
    root,
  };
  return fpi === undefined ? doc : { ...doc, fpi };
}

/**
 * Reads the header, finds the language and returns a cursor over the body (see
 * `WbxmlCursor`); `decodeWbxml` is this plus building the tree. Throws `DecodeError` for a
 * bad header or an unknown document type, like `decodeWbxml`.
 */
export function openWbxml(
  bytes: Uint8Array,
  options: WbxmlDecodeOptions = {},
): { cursor: WbxmlCursor; header: WbxmlHeader; fpi: string | undefined; language: WbxmlLanguage } {
  const warn = options.onWarning ?? NONE;
  const header = decodeHeader(bytes, warn);
  const strings = new TokenReader(bytes, header, warn);
  let fpi: string | undefined;
  if (header.fpiIndex !== undefined) fpi = strings.tableString(header.fpiIndex, 1);
  const language = languageFor(header.publicId, fpi, options.languages ?? ALL_LANGUAGES);
  if (!language) {
    fail(
      1,
      'unknown-public-id',
      fpi !== undefined
        ? `unknown document type ${JSON.stringify(fpi)}`
        : `unknown public id 0x${header.publicId.toString(16)}`,
    );
  }
  const cursor = new WbxmlCursor(bytes, header, warn, language, options.maxDepth ?? 64);
  return { cursor, header, fpi, language };
}
