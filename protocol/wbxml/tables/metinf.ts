import { codePage, type CodePage } from '../language.js';

/**
 * MetInf tags (namespace `syncml:metinf`), 0x05–0x15 for MetInf 1.1.
 * Source: SyncML Meta Information 1.1 / OMA-TS-SyncML_MetaInfo-V1_2 WBXML annex, as
 * tabulated in PROTOCOL-FACTS.md §2.4 (libwbxml `sv_syncml_metinf11_tag_table`,
 * `sv_syncml_metinf12_tag_table`).
 */
const METINF11: readonly (readonly [number, string])[] = [
  [0x05, 'Anchor'],
  [0x06, 'EMI'],
  [0x07, 'Format'],
  [0x08, 'FreeID'],
  [0x09, 'FreeMem'],
  [0x0a, 'Last'],
  [0x0b, 'Mark'],
  [0x0c, 'MaxMsgSize'],
  [0x0d, 'Mem'],
  [0x0e, 'MetInf'],
  [0x0f, 'Next'],
  [0x10, 'NextNonce'],
  [0x11, 'SharedMem'],
  [0x12, 'Size'],
  [0x13, 'Type'],
  [0x14, 'Version'],
  [0x15, 'MaxObjSize'],
];

/** The MetInf namespace URI (same for 1.1 and 1.2). */
export const METINF_NS = 'syncml:metinf';

/** MetInf 1.1 as code page 1 of SyncML 1.1. */
export const METINF11_PAGE: CodePage = codePage(1, METINF_NS, METINF11);

/** MetInf 1.2 as code page 1 of SyncML 1.2 and of a stand-alone MetInf 1.2 document. */
export const METINF12_PAGE: CodePage = codePage(1, METINF_NS, [...METINF11, [0x16, 'FieldLevel']]);
