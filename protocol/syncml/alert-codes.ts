/**
 * Alert codes valid in OMA DM 1.2 (OMA-TS-DM_Protocol-V1_2 §10 / DM RepPro "Alert
 * Codes" — PROTOCOL-FACTS §1.8). An Alert element's `Data` carries the code.
 */
export const AlertCode = {
  /** 1100 DISPLAY: UI alert with two Items (options, text). */
  Display: 1100,
  /** 1101 CONFIRM OR REJECT: yes → 200, no → 304, cancel → 214. */
  ConfirmOrReject: 1101,
  /** 1102 TEXT INPUT: the answer returns in Status/Item/Data. */
  TextInput: 1102,
  /** 1103 SINGLE CHOICE: Items from the third on are the choices (numbered from 1). */
  SingleChoice: 1103,
  /** 1104 MULTIPLE CHOICE: one answer Item per selected index. */
  MultipleChoice: 1104,
  /** 1200 SERVER-INITIATED MGMT: in package 1 after a package 0. */
  ServerInitiatedMgmt: 1200,
  /** 1201 CLIENT-INITIATED MGMT. */
  ClientInitiatedMgmt: 1201,
  /** 1222 NEXT MESSAGE: send the next message of the package. */
  NextMessage: 1222,
  /** 1223 SESSION ABORT: the sender ends the session (with Final). */
  SessionAbort: 1223,
  /** 1224 CLIENT EVENT. */
  ClientEvent: 1224,
  /** 1225 NO END OF DATA: a chunked object was interrupted. */
  NoEndOfData: 1225,
  /** 1226 GENERIC ALERT: client → server, typed items (e.g. async Exec results). */
  GenericAlert: 1226,
} as const;

/** One of the known alert codes. */
export type AlertCode = (typeof AlertCode)[keyof typeof AlertCode];

const DESCRIPTIONS: ReadonlyMap<number, string> = new Map([
  [1100, 'Display'],
  [1101, 'Confirm or reject'],
  [1102, 'Text input'],
  [1103, 'Single choice'],
  [1104, 'Multiple choice'],
  [1200, 'Server-initiated management'],
  [1201, 'Client-initiated management'],
  [1222, 'Next message'],
  [1223, 'Session abort'],
  [1224, 'Client event'],
  [1225, 'No end of data'],
  [1226, 'Generic alert'],
]);

/** True for the UI alerts 1100–1104 (server → client only). */
export function isUserInteractionAlert(code: number): boolean {
  return code >= 1100 && code <= 1104;
}

/**
 * A one-line English meaning for `code`, e.g. `1226 Generic alert`. Codes in the DM
 * ranges 1105–1199, 1202–1221 and 1227–1299 are reported as reserved; anything else as
 * not a DM alert (SyncML DS uses 200–299 and others).
 */
export function describeAlert(code: number): string {
  const known = DESCRIPTIONS.get(code);
  if (known !== undefined) return `${code} ${known}`;
  if (code >= 1100 && code <= 1299) return `${code} reserved`;
  return `${code} not a DM alert code`;
}
