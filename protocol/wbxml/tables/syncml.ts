import { codePage, type CodePage } from '../language.js';

/**
 * SyncML code page 0 tags shared by SyncML 1.1 and 1.2 (tokens 0x05–0x34).
 * Source: SyncML Representation Protocol 1.1 / OMA-TS-SyncML_RepPro-V1_2 WBXML annex, as
 * tabulated in PROTOCOL-FACTS.md §2.3 (libwbxml `src/wbxml_tables.c`
 * `sv_syncml_syncml11_tag_table` / `sv_syncml_syncml12_tag_table`). 0x30 is reserved.
 */
const SYNCML_COMMON: readonly (readonly [number, string])[] = [
  [0x05, 'Add'],
  [0x06, 'Alert'],
  [0x07, 'Archive'],
  [0x08, 'Atomic'],
  [0x09, 'Chal'],
  [0x0a, 'Cmd'],
  [0x0b, 'CmdID'],
  [0x0c, 'CmdRef'],
  [0x0d, 'Copy'],
  [0x0e, 'Cred'],
  [0x0f, 'Data'],
  [0x10, 'Delete'],
  [0x11, 'Exec'],
  [0x12, 'Final'],
  [0x13, 'Get'],
  [0x14, 'Item'],
  [0x15, 'Lang'],
  [0x16, 'LocName'],
  [0x17, 'LocURI'],
  [0x18, 'Map'],
  [0x19, 'MapItem'],
  [0x1a, 'Meta'],
  [0x1b, 'MsgID'],
  [0x1c, 'MsgRef'],
  [0x1d, 'NoResp'],
  [0x1e, 'NoResults'],
  [0x1f, 'Put'],
  [0x20, 'Replace'],
  [0x21, 'RespURI'],
  [0x22, 'Results'],
  [0x23, 'Search'],
  [0x24, 'Sequence'],
  [0x25, 'SessionID'],
  [0x26, 'SftDel'],
  [0x27, 'Source'],
  [0x28, 'SourceRef'],
  [0x29, 'Status'],
  [0x2a, 'Sync'],
  [0x2b, 'SyncBody'],
  [0x2c, 'SyncHdr'],
  [0x2d, 'SyncML'],
  [0x2e, 'Target'],
  [0x2f, 'TargetRef'],
  [0x31, 'VerDTD'],
  [0x32, 'VerProto'],
  [0x33, 'NumberOfChanges'],
  [0x34, 'MoreData'],
];

/**
 * SyncML 1.1 code page 0 (namespace `SYNCML:SYNCML1.1`). Adds `SourceParent` 0x39, which
 * SyncML 1.1 does not define but Nokia handsets send (libwbxml maps it for the same reason).
 */
export const SYNCML11_PAGE: CodePage = codePage(0, 'SYNCML:SYNCML1.1', [
  ...SYNCML_COMMON,
  [0x39, 'SourceParent'],
]);

/**
 * SyncML 1.2 code page 0 (namespace `SYNCML:SYNCML1.2`): the 1.1 tags plus 0x35–0x3C.
 * Source: OMA-TS-SyncML_RepPro-V1_2; PROTOCOL-FACTS.md §2.3.
 */
export const SYNCML12_PAGE: CodePage = codePage(0, 'SYNCML:SYNCML1.2', [
  ...SYNCML_COMMON,
  [0x35, 'Field'],
  [0x36, 'Filter'],
  [0x37, 'Record'],
  [0x38, 'FilterType'],
  [0x39, 'SourceParent'],
  [0x3a, 'TargetParent'],
  [0x3b, 'Move'],
  [0x3c, 'Correlator'],
]);
