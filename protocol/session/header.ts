/**
 * The SyncHdr both roles send (PROTOCOL-FACTS §1.4): DM 1.2, our id as Source (with our
 * user name as LocName when we have credentials), the peer as Target, our Cred while the
 * peer has not accepted it, and our limits in Meta.
 */
import type { Cred, Meta, SyncHdr } from '../syncml/model.js';

/** A SyncHdr without MsgID (the session core numbers messages). */
export function sessionHeader(h: {
  sessionId: string;
  target: string;
  source: string;
  username: string | undefined;
  cred: Cred | undefined;
  meta: Meta;
}): Omit<SyncHdr, 'msgId'> {
  return {
    verDTD: '1.2',
    verProto: 'DM/1.2',
    sessionId: h.sessionId,
    target: { locURI: h.target },
    source:
      h.username !== undefined ? { locURI: h.source, locName: h.username } : { locURI: h.source },
    ...(h.cred !== undefined ? { cred: h.cred } : {}),
    meta: h.meta,
  };
}
