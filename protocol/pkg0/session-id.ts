/**
 * How the package #0 session id becomes the SyncHdr `SessionID`: uppercase hexadecimal
 * without leading zeros (OMA DM Notification 1.2 §6.2; libdmclient `package0.c` uses
 * `%X`). `0x00AB` → `"AB"`, `0x1234` → `"1234"`.
 */

/** Renders a 16-bit session id; throws `RangeError` outside 0..0xFFFF. */
export function sessionIdToHex(sessionId: number): string {
  if (!Number.isInteger(sessionId) || sessionId < 0 || sessionId > 0xffff) {
    throw new RangeError(`sessionId: must be an integer in 0..0xFFFF, got ${sessionId}`);
  }
  return sessionId.toString(16).toUpperCase();
}

/**
 * Reads a SyncHdr SessionID as a package #0 session id: 1 to 4 hex digits, any case,
 * leading zeros allowed. Returns `undefined` for anything else (DM SessionIDs need not be
 * hex when the session was not started by a package #0).
 */
export function sessionIdFromHex(text: string): number | undefined {
  if (!/^[0-9A-Fa-f]{1,4}$/.test(text)) return undefined;
  return Number.parseInt(text, 16);
}
