/**
 * OBEX Single Response Mode (OBEX 1.5, GOEP 2.0 §4.6): once both ends agreed on it for one
 * PUT or GET, the side sending the object sends packet after packet without waiting for
 * an answer to each — the PUT client hears nothing until its final packet, the GET
 * server goes on sending Body packets without further GET requests. Over a link whose
 * round trip costs as much as a packet (a pty, USB, a loaded machine) that wait is most
 * of the time a transfer takes.
 *
 * Agreement, per operation: the request that starts it carries SRM `0x01` (enable); the
 * answer to it carries SRM `0x01` too, or SRM stays off and the transfer goes on packet by
 * packet — a peer that does not know the header ignores it (IrOBEX: unknown headers are
 * ignored), so offering it costs nothing. The SRM parameters header `0x01` ("wait") asks
 * the other end to wait for the sender's next packet before it sends more.
 */
import { ObexHeaderId } from './codes.js';
import { byteHeader, headerNumber } from './headers.js';
import type { ObexHeader } from './headers.js';

/** SRM header value: enable Single Response Mode for this operation. */
export const SRM_ENABLE = 0x01;
/** SRM parameters header value: wait for my next packet before sending more. */
export const SRMP_WAIT = 0x01;

/** The SRM header that offers (request) or accepts (response) Single Response Mode. */
export function srmEnableHeader(): ObexHeader {
  return byteHeader(ObexHeaderId.SingleResponseMode, SRM_ENABLE);
}

/** True when `headers` carry SRM enable. */
export function hasSrmEnable(headers: readonly ObexHeader[]): boolean {
  return headerNumber(headers, ObexHeaderId.SingleResponseMode) === SRM_ENABLE;
}

/** True when `headers` carry the SRM parameter "wait". */
export function hasSrmWait(headers: readonly ObexHeader[]): boolean {
  return headerNumber(headers, ObexHeaderId.SingleResponseModeParameters) === SRMP_WAIT;
}
