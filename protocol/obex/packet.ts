import { DecodeError } from '../bytes/decode-error.js';
import { headerEncoding, MAX_PACKET_LENGTH, ObexOpcode, ObexResponse } from './codes.js';
import { headerSize, readHeaders, writeHeaders } from './headers.js';
import type { HeaderDecodeOptions, ObexHeader } from './headers.js';

/** The fixed fields after the length in a Connect request and its response (IrOBEX §3.3.1). */
export interface ConnectFields {
  /** OBEX version, major in the high nibble: 0x10 for 1.0. */
  readonly version: number;
  /** Connect flags; 0 in practice. */
  readonly flags: number;
  /** The largest packet the sender of these fields can receive (255..65535). */
  readonly maxPacketLength: number;
}

/** The fixed fields after the length in a SetPath request (IrOBEX §3.3.6). */
export interface SetPathFields {
  /** Bit 0 back up a level first, bit 1 don't create (see `SETPATH_*` in codes.ts). */
  readonly flags: number;
  /** Reserved; 0. */
  readonly constants: number;
}

/**
 * One OBEX packet: a request (opcode) or a response (response code), its fixed fields and
 * its headers in wire order. `connect` is present on Connect requests and on responses to
 * Connect; `setPath` on SetPath requests.
 */
export interface ObexPacket {
  /** Opcode of a request (with its final bit) or response code of a response. */
  readonly code: number;
  readonly connect?: ConnectFields | undefined;
  readonly setPath?: SetPathFields | undefined;
  readonly headers: readonly ObexHeader[];
}

/** What the decoder must know that the bytes do not say. */
export interface PacketDecodeOptions extends HeaderDecodeOptions {
  /** True when decoding a response (its code says nothing about fixed fields). */
  readonly isResponse: boolean;
  /**
   * For responses: the request was a Connect, so Connect fields follow the length. A
   * failure response of exactly 3 bytes (as buteo's `D3 00 03`) is accepted without them.
   */
  readonly forConnect?: boolean | undefined;
}

/** True when the opcode or response code has its final bit set. */
export function isFinal(code: number): boolean {
  return (code & 0x80) !== 0;
}

/** Encoded size of `packet` in bytes (may exceed 65535; `encodePacket` rejects that). */
export function packetSize(packet: ObexPacket): number {
  let size = 3 + (packet.connect ? 4 : 0) + (packet.setPath ? 2 : 0);
  for (const h of packet.headers) size += headerSize(h);
  return size;
}

/**
 * Encodes one packet. Strict: throws TypeError for a code that is not a byte, for missing
 * or contradictory fixed fields (Connect and SetPath requests must carry theirs; pass
 * `isResponse` for responses, whose codes say nothing about fields), for field
 * values out of range and for invalid headers; RangeError when the packet exceeds 65535
 * bytes. Byte-sequence header values are copied once, into the result.
 */
export function encodePacket(
  packet: ObexPacket,
  options: { readonly isResponse?: boolean | undefined } = {},
): Uint8Array {
  const { code, connect, setPath } = packet;
  if (!Number.isInteger(code) || code < 0 || code > 0xff)
    throw new TypeError(`code: ${code} is not a byte`);
  if (connect && setPath) throw new TypeError('packet: both connect and setPath fields given');
  if (options.isResponse !== true && code === ObexOpcode.Connect && !connect)
    throw new TypeError('connect: Connect request needs its fields');
  if (options.isResponse !== true && code === ObexOpcode.SetPath && !setPath)
    throw new TypeError('setPath: SetPath request needs its fields');
  if (options.isResponse === true && setPath)
    throw new TypeError('setPath: responses have no SetPath fields');
  const size = packetSize(packet);
  if (size > MAX_PACKET_LENGTH)
    throw new RangeError(`packet: ${size} bytes exceeds ${MAX_PACKET_LENGTH}`);
  const out = new Uint8Array(size);
  out[0] = code;
  out[1] = size >> 8;
  out[2] = size & 0xff;
  let o = 3;
  if (connect) {
    checkByte('connect.version', connect.version);
    checkByte('connect.flags', connect.flags);
    const max = connect.maxPacketLength;
    if (!Number.isInteger(max) || max < 0 || max > 0xffff) {
      throw new TypeError(`connect.maxPacketLength: ${max} is not a u16`);
    }
    out[3] = connect.version;
    out[4] = connect.flags;
    out[5] = max >> 8;
    out[6] = max & 0xff;
    o = 7;
  } else if (setPath) {
    checkByte('setPath.flags', setPath.flags);
    checkByte('setPath.constants', setPath.constants);
    out[3] = setPath.flags;
    out[4] = setPath.constants;
    o = 5;
  }
  writeHeaders(packet.headers, out, o);
  return out;
}

/**
 * Encodes a packet without fixed fields whose last header is one body header (`bodyId`:
 * Body or End-of-Body) made of `pieces`, for a gather write (`writeParts` on a `Link`):
 * the packet's code, length and headers up to the body header's length field (a few
 * bytes, fresh) followed by the non-empty `pieces` themselves — nothing of the body is
 * copied or joined. The pieces must stay unchanged until the packet is written. Throws as
 * {@link encodePacket} does.
 */
export function encodeBodyPacketParts(
  code: number,
  headers: readonly ObexHeader[],
  bodyId: number,
  pieces: readonly Uint8Array[],
): Uint8Array[] {
  if (!Number.isInteger(code) || code < 0 || code > 0xff)
    throw new TypeError(`code: ${code} is not a byte`);
  if (headerEncoding(bodyId) !== 'bytes')
    throw new TypeError(`header 0x${bodyId.toString(16)}: not a byte-sequence header`);
  let bodySize = 3;
  for (const p of pieces) bodySize += p.length;
  let headSize = 3 + 3;
  for (const h of headers) headSize += headerSize(h);
  const size = headSize + bodySize - 3;
  if (size > MAX_PACKET_LENGTH)
    throw new RangeError(`packet: ${size} bytes exceeds ${MAX_PACKET_LENGTH}`);
  const head = new Uint8Array(headSize);
  head[0] = code;
  head[1] = size >> 8;
  head[2] = size & 0xff;
  const o = writeHeaders(headers, head, 3);
  head[o] = bodyId;
  head[o + 1] = bodySize >> 8;
  head[o + 2] = bodySize & 0xff;
  const out: Uint8Array[] = [head];
  for (const p of pieces) if (p.length > 0) out.push(p);
  return out;
}

function checkByte(field: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xff)
    throw new TypeError(`${field}: ${v} is not a byte`);
}

/**
 * Decodes exactly one packet (`bytes` must hold it and nothing else). Total: throws
 * DecodeError (format `obex`) with reason `bad-length` (declared length < 3), `truncated`
 * (declared length beyond the input, fixed fields or a header cut short), `trailing-data`
 * (bytes after the declared length) or `bad-length` for a malformed header length.
 * Header byte values are views into `bytes`.
 */
export function decodePacket(bytes: Uint8Array, options: PacketDecodeOptions): ObexPacket {
  if (bytes.length < 3)
    throw new DecodeError(0, 'truncated', `packet of ${bytes.length} bytes`, 'obex');
  const code = bytes[0] as number;
  const declared = ((bytes[1] as number) << 8) | (bytes[2] as number);
  if (declared < 3)
    throw new DecodeError(1, 'bad-length', `declared length ${declared} < 3`, 'obex');
  if (declared > bytes.length) {
    throw new DecodeError(
      bytes.length,
      'truncated',
      `declared length ${declared}, have ${bytes.length}`,
      'obex',
    );
  }
  if (declared < bytes.length) {
    throw new DecodeError(
      declared,
      'trailing-data',
      `${bytes.length - declared} bytes after the packet`,
      'obex',
    );
  }
  let o = 3;
  let connect: ConnectFields | undefined;
  let setPath: SetPathFields | undefined;
  const hasConnect = options.isResponse
    ? options.forConnect === true && !(declared === 3 && code !== ObexResponse.Success)
    : code === ObexOpcode.Connect;
  if (hasConnect) {
    if (declared < 7)
      throw new DecodeError(declared, 'truncated', 'Connect fields cut short', 'obex');
    connect = {
      version: bytes[3] as number,
      flags: bytes[4] as number,
      maxPacketLength: ((bytes[5] as number) << 8) | (bytes[6] as number),
    };
    o = 7;
  } else if (!options.isResponse && code === ObexOpcode.SetPath) {
    if (declared < 5)
      throw new DecodeError(declared, 'truncated', 'SetPath fields cut short', 'obex');
    setPath = { flags: bytes[3] as number, constants: bytes[4] as number };
    o = 5;
  }
  const headers = readHeaders(bytes, o, declared, options);
  const packet: {
    code: number;
    headers: ObexHeader[];
    connect?: ConnectFields;
    setPath?: SetPathFields;
  } = {
    code,
    headers,
  };
  if (connect) packet.connect = connect;
  if (setPath) packet.setPath = setPath;
  return packet;
}
