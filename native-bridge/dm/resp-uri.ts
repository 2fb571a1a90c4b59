/**
 * Puts a RespURI in every SyncHdr a `ServerSession` sends.
 *
 * Workaround: `ServerSession` has no RespURI option (protocol/session is not ours to
 * change). Its `core.send` takes the header it encodes, so wrapping that one method adds
 * `respURI` before the message is built — and therefore before its size is measured
 * against the client's MaxMsgSize, which rewriting the encoded bytes afterwards would
 * break. The session still works unchanged otherwise.
 */
import type { ServerSession } from '../../protocol/session/server/server-session.js';

/** Makes every message of `server` carry `<RespURI>respUri</RespURI>`. */
export function addRespUri(server: ServerSession, respUri: string): void {
  const core = server.core;
  const send = core.send.bind(core);
  core.send = (header, fixed, final, sign) =>
    send({ ...header, respURI: respUri }, fixed, final, sign);
}
