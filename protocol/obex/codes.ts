/**
 * OBEX opcodes, response codes and header identifiers.
 *
 * Numbers from IrDA "Object Exchange Protocol OBEX" (IrOBEX 1.2/1.5) §3.3 (operations),
 * §3.2.1 (response codes) and §2.1/§2.2 (headers); corroborated by Erlang `obex.hrl`,
 * OpenOBEX `obex_const.h` and BlueZ `gobex-defs.h` (see PROTOCOL-FACTS.md §5.3).
 */

/** The final bit: set on the last packet of a request and on every response (IrOBEX §3.1). */
export const FINAL_BIT = 0x80;

/**
 * Request opcodes as they appear on the wire (IrOBEX §3.3). Multi-packet operations (Put,
 * Get) send the non-final form (`Put`, `Get`) for all but the last packet of the request.
 */
export const ObexOpcode = {
  /** IrOBEX §3.3.1 — always final; carries version, flags and max packet length. */
  Connect: 0x80,
  /** IrOBEX §3.3.2 — always final. */
  Disconnect: 0x81,
  /** IrOBEX §3.3.3 — Put, more request packets follow. */
  Put: 0x02,
  /** IrOBEX §3.3.3 — last packet of a Put. */
  PutFinal: 0x82,
  /** IrOBEX §3.3.4 — Get, more request headers follow. */
  Get: 0x03,
  /** IrOBEX §3.3.4 — last request packet of a Get (repeated to pull each response packet). */
  GetFinal: 0x83,
  /** IrOBEX §3.3.6 — always final; carries flags and constants. */
  SetPath: 0x85,
  /** IrOBEX §3.3.5 — always final; cancels the current multi-packet operation. */
  Abort: 0xff,
} as const;
/** One of the opcodes in {@link ObexOpcode}. */
export type ObexOpcode = (typeof ObexOpcode)[keyof typeof ObexOpcode];

/**
 * Response codes (IrOBEX §3.2.1; the HTTP status with the final bit set). Only the codes
 * named in PROTOCOL-FACTS §5.3 plus the rest of the IrOBEX table; other values are passed
 * through as plain numbers.
 */
export const ObexResponse = {
  /** 0x90 (HTTP 100) — send the next packet of this operation. */
  Continue: 0x90,
  /** 0xA0 (HTTP 200) — OK, Success. */
  Success: 0xa0,
  /** 0xA1 (HTTP 201). */
  Created: 0xa1,
  /** 0xA2 (HTTP 202). */
  Accepted: 0xa2,
  /** 0xA3 (HTTP 203). */
  NonAuthoritative: 0xa3,
  /** 0xA4 (HTTP 204). */
  NoContent: 0xa4,
  /** 0xA5 (HTTP 205). */
  ResetContent: 0xa5,
  /** 0xA6 (HTTP 206). */
  PartialContent: 0xa6,
  /** 0xB0 (HTTP 300). */
  MultipleChoices: 0xb0,
  /** 0xB1 (HTTP 301). */
  MovedPermanently: 0xb1,
  /** 0xB2 (HTTP 302). */
  MovedTemporarily: 0xb2,
  /** 0xB3 (HTTP 303). */
  SeeOther: 0xb3,
  /** 0xB4 (HTTP 304). */
  NotModified: 0xb4,
  /** 0xB5 (HTTP 305). */
  UseProxy: 0xb5,
  /** 0xC0 (HTTP 400). */
  BadRequest: 0xc0,
  /** 0xC1 (HTTP 401). */
  Unauthorized: 0xc1,
  /** 0xC2 (HTTP 402). */
  PaymentRequired: 0xc2,
  /** 0xC3 (HTTP 403) — also what Nokia phones answer while a UI warning is showing. */
  Forbidden: 0xc3,
  /** 0xC4 (HTTP 404). */
  NotFound: 0xc4,
  /** 0xC5 (HTTP 405). */
  MethodNotAllowed: 0xc5,
  /** 0xC6 (HTTP 406). */
  NotAcceptable: 0xc6,
  /** 0xC7 (HTTP 407). */
  ProxyAuthRequired: 0xc7,
  /** 0xC8 (HTTP 408). */
  RequestTimeout: 0xc8,
  /** 0xC9 (HTTP 409). */
  Conflict: 0xc9,
  /** 0xCA (HTTP 410). */
  Gone: 0xca,
  /** 0xCB (HTTP 411). */
  LengthRequired: 0xcb,
  /** 0xCC (HTTP 412). */
  PreconditionFailed: 0xcc,
  /** 0xCD (HTTP 413). */
  EntityTooLarge: 0xcd,
  /** 0xCE (HTTP 414). */
  UrlTooLarge: 0xce,
  /** 0xCF (HTTP 415). */
  UnsupportedMediaType: 0xcf,
  /** 0xD0 (HTTP 500). */
  InternalServerError: 0xd0,
  /** 0xD1 (HTTP 501). */
  NotImplemented: 0xd1,
  /** 0xD2 (HTTP 502). */
  BadGateway: 0xd2,
  /** 0xD3 (HTTP 503). */
  ServiceUnavailable: 0xd3,
  /** 0xD4 (HTTP 504). */
  GatewayTimeout: 0xd4,
  /** 0xD5 (HTTP 505). */
  HttpVersionNotSupported: 0xd5,
  /** 0xE0 — OBEX-specific. */
  DatabaseFull: 0xe0,
  /** 0xE1 — OBEX-specific. */
  DatabaseLocked: 0xe1,
} as const;
/** One of the codes in {@link ObexResponse}. */
export type ObexResponse = (typeof ObexResponse)[keyof typeof ObexResponse];

const responseNames = new Map<number, string>(
  Object.entries(ObexResponse).map(([name, code]) => [code, name]),
);

/** The name of a response code (`'Forbidden'` for 0xC3), or `'0xNN'` for codes not in the table. */
export function responseName(code: number): string {
  return responseNames.get(code) ?? `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * Header identifiers (IrOBEX §2.2). The top two bits of the identifier select the encoding
 * (see {@link HeaderEncoding}); the decoder relies on that, not on this table, so unknown
 * headers decode and re-encode unchanged.
 */
export const ObexHeaderId = {
  /** 0xC0 — number of objects (4 bytes). */
  Count: 0xc0,
  /** 0x01 — object name (Unicode). */
  Name: 0x01,
  /** 0x42 — MIME type, ASCII with a NUL terminator (byte sequence). */
  Type: 0x42,
  /** 0xC3 — object length in bytes (4 bytes). */
  Length: 0xc3,
  /** 0x44 — ISO 8601 time (byte sequence). */
  Time: 0x44,
  /** 0xC4 — time as seconds since 1970 (4 bytes). */
  Time4: 0xc4,
  /** 0x05 — description (Unicode). */
  Description: 0x05,
  /** 0x46 — service being targeted (byte sequence). */
  Target: 0x46,
  /** 0x47 — an HTTP 1.x header (byte sequence). */
  Http: 0x47,
  /** 0x48 — a chunk of the object body (byte sequence). */
  Body: 0x48,
  /** 0x49 — the final chunk of the object body (byte sequence). */
  EndOfBody: 0x49,
  /** 0x4A — identifies the OBEX application; the answer to Target (byte sequence). */
  Who: 0x4a,
  /** 0xCB — connection identifier (4 bytes). */
  ConnectionId: 0xcb,
  /** 0x4C — application parameters (byte sequence). */
  AppParameters: 0x4c,
  /** 0x4D — authentication challenge (byte sequence). */
  AuthChallenge: 0x4d,
  /** 0x4E — authentication response (byte sequence). */
  AuthResponse: 0x4e,
  /** 0x4F — object class (byte sequence). */
  ObjectClass: 0x4f,
  /** 0x97 — Single Response Mode (OBEX 1.5; one byte, see `srm.ts`). */
  SingleResponseMode: 0x97,
  /** 0x98 — Single Response Mode parameters (OBEX 1.5; one byte, see `srm.ts`). */
  SingleResponseModeParameters: 0x98,
} as const;

/**
 * Header encodings, the top two bits of the header identifier (IrOBEX §2.1):
 * 00 Unicode text (UTF-16BE, NUL-terminated, 2-byte length), 01 byte sequence (2-byte
 * length), 10 one byte, 11 four bytes (big-endian).
 */
export type HeaderEncoding = 'unicode' | 'bytes' | 'byte' | 'u32';

/** The encoding of a header identifier (its top two bits). */
export function headerEncoding(id: number): HeaderEncoding {
  switch (id >> 6) {
    case 0:
      return 'unicode';
    case 1:
      return 'bytes';
    case 2:
      return 'byte';
    default:
      return 'u32';
  }
}

/** OBEX version 1.0 as sent in Connect (IrOBEX §3.3.1.1: major in the high nibble). */
export const OBEX_VERSION_1_0 = 0x10;

/** The smallest maximum packet length a peer may announce (IrOBEX §3.3.1.4). */
export const MIN_MAX_PACKET_LENGTH = 255;

/** The largest packet the 16-bit length field can describe. */
export const MAX_PACKET_LENGTH = 0xffff;

/** SetPath flag bit 0: back up one level before applying the name (IrOBEX §3.3.6). */
export const SETPATH_BACKUP = 0x01;
/** SetPath flag bit 1: don't create the folder if it does not exist (IrOBEX §3.3.6). */
export const SETPATH_DONT_CREATE = 0x02;
