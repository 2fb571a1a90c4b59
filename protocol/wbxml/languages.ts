import type { WbxmlLanguage } from './language.js';
import { DEVINF11_PAGE, DEVINF12_PAGE } from './tables/devinf.js';
import { DMDDF12_PAGE } from './tables/dmddf.js';
import { METINF11_PAGE, METINF12_PAGE } from './tables/metinf.js';
import { SYNCML11_PAGE, SYNCML12_PAGE } from './tables/syncml.js';

/*
 * The document types this project speaks. Public identifiers: WBXML public-id registry as
 * listed in PROTOCOL-FACTS.md §2.2 (libwbxml `src/wbxml_tables.h`, SyncML RTK `xltenc.c`).
 */

/** SyncML 1.1 (DM 1.1): public id 0x0FD3; page 0 SyncML, page 1 MetInf 1.1. */
export const SYNCML_11: WbxmlLanguage = {
  name: 'SyncML 1.1',
  publicId: 0x0fd3,
  fpi: '-//SYNCML//DTD SyncML 1.1//EN',
  rootName: 'SyncML',
  pages: [SYNCML11_PAGE, METINF11_PAGE],
};

/**
 * SyncML 1.2 (DM 1.2): public id 0x1201; page 0 SyncML, page 1 MetInf 1.2, page 2 DM DDF
 * (for TNDS trees written inline in `<Data>`; libwbxml instead embeds them as OPAQUE
 * sub-documents, and so should we when sending — see the SyncML layer).
 */
export const SYNCML_12: WbxmlLanguage = {
  name: 'SyncML 1.2',
  publicId: 0x1201,
  fpi: '-//SYNCML//DTD SyncML 1.2//EN',
  rootName: 'SyncML',
  pages: [SYNCML12_PAGE, METINF12_PAGE, DMDDF12_PAGE],
};

/** DevInf 1.1 document: public id 0x0FD4, one page (0). */
export const DEVINF_11: WbxmlLanguage = {
  name: 'DevInf 1.1',
  publicId: 0x0fd4,
  fpi: '-//SYNCML//DTD DevInf 1.1//EN',
  rootName: 'DevInf',
  pages: [DEVINF11_PAGE],
};

/** DevInf 1.2 document: public id 0x1203, one page (0). */
export const DEVINF_12: WbxmlLanguage = {
  name: 'DevInf 1.2',
  publicId: 0x1203,
  fpi: '-//SYNCML//DTD DevInf 1.2//EN',
  rootName: 'DevInf',
  pages: [DEVINF12_PAGE],
};

/** Stand-alone MetInf 1.2 document: public id 0x1202; its tags live on page 1. */
export const METINF_12: WbxmlLanguage = {
  name: 'MetInf 1.2',
  publicId: 0x1202,
  fpi: '-//SYNCML//DTD MetInf 1.2//EN',
  rootName: 'MetInf',
  pages: [METINF12_PAGE],
};

/**
 * DM DDF 1.2 / TNDS document. No public id is registered, so the header carries public id 0
 * and the FPI in the string table (`00 00` + FPI), as the SyncML RTK and libwbxml do. Tags
 * live on page 2, so the body starts with `SWITCH_PAGE 2` (what libwbxml emits).
 */
export const DMDDF_12: WbxmlLanguage = {
  name: 'DM DDF 1.2',
  publicId: 0,
  fpi: '-//OMA//DTD-DM-DDF 1.2//EN',
  rootName: 'MgmtTree',
  pages: [DMDDF12_PAGE],
};

/** Every language above, most used first; `decodeWbxml` tries these by default. */
export const ALL_LANGUAGES: readonly WbxmlLanguage[] = [
  SYNCML_12,
  SYNCML_11,
  DEVINF_12,
  DEVINF_11,
  METINF_12,
  DMDDF_12,
];

function normalizeFpi(s: string): string {
  return s.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Finds the language for a document header. A registered numeric `publicId` (> 1) wins;
 * otherwise (0 = "FPI in string table", 1 = "unknown", or an unregistered id) the FPI is
 * matched ignoring case and surrounding/duplicate whitespace. Returns `undefined` when
 * nothing matches.
 */
export function languageFor(
  publicId: number,
  fpi?: string,
  languages: readonly WbxmlLanguage[] = ALL_LANGUAGES,
): WbxmlLanguage | undefined {
  if (publicId > 1) {
    const byId = languages.find((l) => l.publicId === publicId);
    if (byId) return byId;
  }
  if (fpi !== undefined) {
    const wanted = normalizeFpi(fpi);
    return languages.find((l) => normalizeFpi(l.fpi) === wanted);
  }
  return undefined;
}
