/**
 * SyncML DM status codes, alert codes and CIMO result codes in words, for the trace and
 * for operation results (OMA-TS-DM_RepPro 1.2 §10, CIMO-MO.md "Result codes").
 */

const STATUS: Readonly<Record<number, string>> = {
  101: 'In progress',
  200: 'OK',
  202: 'Accepted for processing (result follows later)',
  212: 'Authentication accepted',
  213: 'Chunked item accepted and buffered',
  214: 'Operation cancelled',
  215: 'Not executed (user interaction)',
  216: 'Atomic roll back OK',
  300: 'Multiple choices',
  401: 'Unauthorized: credentials missing or wrong',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Command not allowed on this node',
  406: 'Optional feature not supported',
  407: 'Authentication required',
  412: 'Incomplete command',
  413: 'Request entity too large',
  414: 'URI too long',
  415: 'Unsupported media type or format',
  416: 'Requested size too big',
  418: 'Already exists',
  420: 'Device full',
  424: 'Size mismatch',
  425: 'Permission denied by the node’s ACL',
  500: 'Command failed on the handset',
  506: 'Processing error',
  507: 'Atomic failed',
  510: 'Data store failure',
  516: 'Atomic roll back failed',
};

const ALERTS: Readonly<Record<number, string>> = {
  1100: 'Display (show text on the handset)',
  1101: 'Confirm or reject (asks the owner)',
  1102: 'Text input',
  1103: 'Single choice',
  1104: 'Multiple choice',
  1200: 'Server-initiated management session',
  1201: 'Client-initiated management session',
  1222: 'More messages follow (next message please)',
  1223: 'Session abort',
  1224: 'Client event',
  1225: 'No end of data',
  1226: 'Generic alert (an operation’s result)',
};

const RESULTS: Readonly<Record<number, string>> = {
  1200: 'Operation succeeded',
  1201: 'Wipe succeeded',
  1202: 'Wipe succeeded, list items removed too',
  1210: 'Retrieve succeeded',
  1220: 'Uninstall succeeded',
  1400: 'Client error on the handset',
  1401: 'Cancelled or refused by the owner',
  1402: 'Fully lock failed',
  1403: 'Partially lock failed',
  1404: 'Unlock failed',
  1405: 'Wipe failed',
  1406: 'Wipe not performed: nothing was selected',
  1410: 'Retrieve failed',
  1411: 'Retrieve target unreachable',
  1420: 'Uninstall failed',
  1421: 'Application is not removable',
};

/** A DM status code in words ("425 Permission denied…"), with the class for unknown codes. */
export function statusText(code: number): string {
  const known = STATUS[code];
  if (known !== undefined) return known;
  if (code >= 200 && code < 300) return 'Success';
  if (code >= 400 && code < 500) return 'Request error';
  if (code >= 500 && code < 600) return 'Handset error';
  return 'Unknown status';
}

/** A DM alert code in words. */
export function alertText(code: number): string {
  return ALERTS[code] ?? 'Unknown alert';
}

/** A CIMO/LAWMO operation result code in words. */
export function resultText(code: number): string {
  return RESULTS[code] ?? (code >= 1200 && code < 1300 ? 'Succeeded' : 'Failed');
}

/** Whether a CIMO result code means success. */
export function resultOk(code: number): boolean {
  return code >= 1200 && code < 1300;
}
