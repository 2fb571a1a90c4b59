/** How `cimo decode` shows a package #0: aligned text for people, or a JSON object. */
import { toHex } from '../../../protocol/bytes/hex.js';
import type { DecodedPkg0 } from '../../../protocol/pkg0/pkg0.js';
import { sessionIdToHex } from '../../../protocol/pkg0/session-id.js';

/** Outcome of the digest check. */
export type DigestCheck =
  | 'unchecked'
  | 'ok'
  /** Matched only with the resync nonce (4 zero bytes). */
  | 'ok-resync'
  | 'failed';

const UI_MODES = ['not specified', 'background', 'informative', 'user interaction'];
const CHECK_TEXT: Record<DigestCheck, string> = {
  unchecked: 'not checked (give --server-password, and --nonce unless it is the resync nonce)',
  ok: 'OK',
  'ok-resync': 'OK with the resync nonce 0x00000000 (the stored nonce did not match)',
  failed: 'FAILED (wrong server id, password or nonce, or a tampered message)',
};

/** Human-readable report, one field per line. */
export function pkg0Text(p: DecodedPkg0, size: number, check: DigestCheck): string {
  const vendor =
    p.vendorSpecific.length === 0
      ? '(none)'
      : `${toHex(p.vendorSpecific.subarray(0, 32), ' ')}${p.vendorSpecific.length > 32 ? ' …' : ''} (${p.vendorSpecific.length} bytes)`;
  const rows: [string, string][] = [
    ['digest', toHex(p.digest)],
    ['version', `${p.version} (${(p.version / 10).toFixed(1)})`],
    ['ui-mode', `${p.uiMode} ${UI_MODES[p.uiMode] ?? ''}`],
    ['initiator', `${p.initiator} ${p.initiator === 1 ? 'server' : 'client/user'}`],
    [
      'session id',
      `${p.sessionId} (0x${sessionIdToHex(p.sessionId)}) → SessionID ${sessionIdToHex(p.sessionId)}`,
    ],
    ['server id', JSON.stringify(p.serverId)],
    ['vendor', vendor],
    ['digest check', CHECK_TEXT[check]],
  ];
  if (p.futureUse !== 0) rows.splice(4, 0, ['future use', `0x${p.futureUse.toString(16)}`]);
  return [
    `Package #0 (server-alerted notification), ${size} bytes`,
    ...rows.map(([k, v]) => `  ${k.padEnd(14)}${v}`),
  ].join('\n');
}

/** JSON form; bytes as lower-case hex. */
export function pkg0Json(p: DecodedPkg0, check: DigestCheck): unknown {
  return {
    kind: 'pkg0',
    digest: toHex(p.digest),
    version: p.version,
    uiMode: p.uiMode,
    initiator: p.initiator,
    futureUse: p.futureUse,
    sessionId: p.sessionId,
    sessionIdHex: sessionIdToHex(p.sessionId),
    serverId: p.serverId,
    vendorSpecific: toHex(p.vendorSpecific),
    digestCheck: check,
  };
}
