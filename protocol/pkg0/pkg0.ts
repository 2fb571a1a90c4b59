/**
 * Package #0, the server-alerted notification that asks a DM client to open a session
 * (OMA DM Notification 1.2 §6; libdmclient `package0.c`; AOSP `dmNotification.cc`;
 * PROTOCOL-FACTS §4).
 *
 * Layout, big-endian and bit-packed: digest (16 bytes) | version (10 bits) | ui-mode (2) |
 * initiator (1) | future use (27, zero) | session id (16) | server id length (8) |
 * server id (ASCII) | vendor-specific (rest). Everything after the digest is the "trigger".
 */

/** Bytes before the server id: 16 digest + 8 header. */
export const PKG0_FIXED_LENGTH = 24;

/** Byte length of the MD5 digest at the start. */
export const PKG0_DIGEST_LENGTH = 16;

/**
 * Version value (version × 10) this project emits by default: 12, as OMA DM 1.2 names
 * itself and as DS 1.2 SANs in the wild (buteo `SAN01.bin`) carry. The DM 1.2 transcription
 * and libdmclient use 11 instead; pass `version: PKG0_VERSION_11` for such clients.
 */
export const PKG0_DEFAULT_VERSION = 12;

/** The value libdmclient requires (PROTOCOL-FACTS §4, marked uncertain there). */
export const PKG0_VERSION_11 = 11;

/** Version values `decodePkg0` accepts without `lenientVersion`. */
export const PKG0_ACCEPTED_VERSIONS: readonly number[] = [11, 12];

/** The ui-mode field (OMA DM Notification 1.2 §6.2). */
export const UiMode = {
  NotSpecified: 0,
  /** Run the session without telling the user. */
  Background: 1,
  /** Tell the user a session is running. */
  Informative: 2,
  /** Ask the user before starting the session. */
  UserInteraction: 3,
} as const;

/** One of the {@link UiMode} values (the field is 2 bits wide, so all four are defined). */
export type UiMode = (typeof UiMode)[keyof typeof UiMode];

/** The initiator bit: who asked for the session. */
export const Initiator = {
  /** Client or user initiated. */
  Client: 0,
  /** Server initiated — what a console sends. */
  Server: 1,
} as const;

/** One of the {@link Initiator} values. */
export type Initiator = (typeof Initiator)[keyof typeof Initiator];

/** The fields a package #0 carries besides its digest. */
export interface Pkg0Fields {
  /** Version × 10 (0..1023); see {@link PKG0_DEFAULT_VERSION}. */
  readonly version: number;
  readonly uiMode: UiMode;
  readonly initiator: Initiator;
  /** 1..0xFFFF in DM; becomes the SyncHdr SessionID (see `sessionIdToHex`). */
  readonly sessionId: number;
  /** The DMAcc ServerID, ASCII, 1..255 characters. */
  readonly serverId: string;
  /** Opaque bytes after the server id. */
  readonly vendorSpecific: Uint8Array;
}

/** A decoded package #0: its fields plus what digest verification needs. */
export interface DecodedPkg0 extends Pkg0Fields {
  /** The 16 digest bytes as received. */
  readonly digest: Uint8Array;
  /** Everything after the digest, the bytes the digest covers. */
  readonly trigger: Uint8Array;
  /** The 27 reserved bits (should be zero). */
  readonly futureUse: number;
}

/**
 * The server credentials the digest is computed with: the DMAcc AppAuth entry with
 * AAuthLevel `SRVCRED` (AAuthName, AAuthSecret, AAuthData as raw nonce bytes).
 */
export interface Pkg0Credentials {
  readonly serverId: string;
  readonly serverPassword: string;
  readonly nonce: Uint8Array;
}

/** A tolerated deviation found while decoding. */
export interface Pkg0Warning {
  readonly offset: number;
  readonly message: string;
}
