/**
 * The client's side of Single Response Mode transfers (see `srm.ts`): what to do with
 * answers that arrive while a PUT streams, and Abort while a GET streams.
 */
import { ObexOpcode, ObexResponse } from './codes.js';
import { refusal, sendAbort } from './client-body.js';
import type { BodyChannel } from './client-body.js';
import { isBodyHeader } from './headers.js';
import { encodePacket } from './packet.js';
import type { ObexPacket } from './packet.js';
import { hasSrmWait } from './srm.js';

/** SRM PUT: deals with what the peer sent unasked before our next packet goes out. */
export async function srmUnasked(ch: BodyChannel): Promise<void> {
  while (ch.hasPacket()) await srmAnswer(ch, await ch.receive('put'));
}

/**
 * SRM PUT: an answer before the final one. Continue with "wait" holds our next packet
 * until the peer's next answer; plain Continue is nothing to act on; anything else ends
 * the transfer (after Abort: the peer discards our packets until it sees one).
 */
export async function srmAnswer(ch: BodyChannel, rsp: ObexPacket): Promise<void> {
  if (rsp.code !== ObexResponse.Continue) {
    ch.setStreaming(false);
    await sendAbort(ch);
    throw refusal(rsp, 'put');
  }
  if (hasSrmWait(rsp.headers)) await srmAnswer(ch, await ch.receive('put'));
}

/**
 * SRM GET: sends Abort and reads on until its answer — the first packet that is neither
 * 0x90 nor carries body (the body packets the peer sent before it saw our Abort, the
 * object's last one included, come first). Link failures are left to the caller's error.
 */
export async function abortStream(ch: BodyChannel): Promise<void> {
  try {
    await ch.send([encodePacket({ code: ObexOpcode.Abort, headers: ch.idHeaders() })], 'abort');
    for (;;) {
      const rsp = await ch.receive('abort');
      const body = rsp.headers.some(isBodyHeader);
      if (rsp.code !== ObexResponse.Continue && !body) return;
    }
  } catch {
    // The link may be gone too; the original error says more.
  } finally {
    ch.setStreaming(false);
  }
}
