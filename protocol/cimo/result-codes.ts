/**
 * CIMO result codes, carried as the Data of the OperationComplete Generic Alert and in
 * `LastOperation/ResultCode` (CIMO-MO.md "Result codes"). 1200–1206 and 1400–1406 mean
 * the same as in LAWMO 1.0, so the table also reads LAWMO handsets' alerts.
 */
export const CimoResult = {
  OK: 1200,
  WIPE_OK: 1201,
  WIPE_OK_LIST_ITEMS_REMOVED: 1202,
  RETRIEVE_OK: 1210,
  UNINSTALL_OK: 1220,
  CLIENT_ERROR: 1400,
  REFUSED: 1401,
  FULLY_LOCK_FAILED: 1402,
  PARTIALLY_LOCK_FAILED: 1403,
  UNLOCK_FAILED: 1404,
  WIPE_FAILED: 1405,
  WIPE_NOT_PERFORMED: 1406,
  RETRIEVE_FAILED: 1410,
  RETRIEVE_TARGET_UNREACHABLE: 1411,
  UNINSTALL_FAILED: 1420,
  NOT_REMOVABLE: 1421,
} as const;

/** One of {@link CimoResult}. */
export type CimoResultCode = (typeof CimoResult)[keyof typeof CimoResult];

/** Meaning of each code, worded as in CIMO-MO.md. */
export const CIMO_RESULT_MEANINGS: Readonly<Record<CimoResultCode, string>> = {
  1200: 'operation succeeded',
  1201: 'wipe succeeded',
  1202: 'wipe succeeded, list items removed too',
  1210: 'retrieve succeeded (manifest available)',
  1220: 'uninstall succeeded',
  1400: 'client error',
  1401: 'cancelled or refused by the owner',
  1402: 'fully lock failed',
  1403: 'partially lock failed',
  1404: 'unlock failed',
  1405: 'wipe failed',
  1406: 'wipe not performed (nothing selected)',
  1410: 'retrieve failed',
  1411: 'retrieve target unreachable',
  1420: 'uninstall failed',
  1421: 'application is not removable',
};

/** True for a 12xx code (success), false for anything else. */
export function isCimoSuccess(code: number): boolean {
  return code >= 1200 && code <= 1299;
}

/**
 * Says what a result code means. Unknown codes are described by range: 1250–1299 and
 * 1450–1499 as vendor-specific (the LAWMO/SCOMO convention), other 12xx as an unlisted
 * success, other 14xx as an unlisted failure, anything else as not a CIMO result.
 */
export function describeCimoResult(code: number): string {
  const known = (CIMO_RESULT_MEANINGS as Readonly<Record<number, string>>)[code];
  if (known !== undefined) return known;
  if (code >= 1250 && code <= 1299) return `vendor-specific success (${code})`;
  if (code >= 1450 && code <= 1499) return `vendor-specific failure (${code})`;
  if (code >= 1200 && code <= 1299) return `unlisted success (${code})`;
  if (code >= 1400 && code <= 1499) return `unlisted failure (${code})`;
  return `not a CIMO result code (${code})`;
}
